//! Undo and redo of every kind of edit, and the notices that offer Undo.

use crate::common::*;

#[test]
fn undo_and_redo_every_kind_of_edit() {
    let mut h = harness();
    let settle = |h: &mut Harness<'_, App>| h.run_steps(90); // the history keeps a state once it is still
    let before = h.state().state.session().clone();
    h.get_by_label("Plot").click();
    settle(&mut h);
    h.get_by_label("Place commitment 1").click();
    settle(&mut h);
    let placed = h.state().state.session().clone();
    h.get_by_label("Select commitment 1").click();
    settle(&mut h);
    assert!(h.state().state.workshop().is_selected("1"));

    ctrl(&mut h, Key::Z);
    assert_eq!(*h.state().state.session(), placed, "undo the selection");
    ctrl(&mut h, Key::Z);
    assert_eq!(*h.state().state.session(), before, "undo the placement");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run_steps(3);
    assert_eq!(*h.state().state.session(), placed, "redo");

    // A group and a form field are edits too.
    h.get_by_label("Workshop").click();
    settle(&mut h);
    h.get_by_label("Add group").click();
    settle(&mut h);
    assert_eq!(h.state().state.workshop().groups.len(), 4);
    ctrl(&mut h, Key::Z);
    assert_eq!(h.state().state.workshop().groups.len(), 3);
    type_into(&mut h, "Location", "Sudbury");
    settle(&mut h);
    assert_eq!(h.state().state.workshop().details.location, "Sudbury");
    ctrl(&mut h, Key::Z);
    assert_eq!(
        h.state().state.workshop().details.location,
        "",
        "typing is undone as one step"
    );
}

#[test]
fn undoing_back_to_the_saved_state_clears_the_unsaved_mark() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("room.ron");
    let session = AppState::bundled().session().clone();
    cocreate::file::save(&session, &path).unwrap();
    let mut h = harness_with(
        AppState::new(session, Some(path)),
        FakePicker::answering(vec![]),
    );
    h.run_steps(90);
    make_an_edit(&mut h);
    h.run_steps(90);
    assert!(h.state().state.is_unsaved());
    ctrl(&mut h, Key::Z);
    assert!(
        !h.state().state.is_unsaved(),
        "back at the saved state: {}",
        h.state().state.title()
    );
    assert!(!h.state().state.title().contains('●'));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run_steps(3);
    assert!(
        h.state().state.is_unsaved(),
        "redo leaves the saved state again"
    );
}

/// Two placements in a row: only the latest notice offers Undo, and it takes back that one.
#[test]
fn only_the_latest_change_offers_undo_and_undo_takes_back_that_one() {
    let mut h = harness();
    let settle = |h: &mut Harness<'_, App>| h.run_steps(90); // the history keeps a state once it is still
    h.get_by_label("Plot").click();
    settle(&mut h);
    h.get_by_label("Place commitment 1").click();
    settle(&mut h);
    let after_first = h.state().state.session().clone();
    h.get_by_label("Place commitment 2").click();
    h.run_steps(4);
    assert_eq!(
        h.query_all_by_label("Undo").count(),
        1,
        "one Undo, on the latest notice"
    );
    h.get_by_label("Undo").click();
    h.run_steps(3);
    assert_eq!(
        *h.state().state.session(),
        after_first,
        "the latest placement is undone, the first one stays"
    );
}
