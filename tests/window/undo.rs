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

/// A drag, or typing into one field, is one step until the user has been still for a
/// second (`STILL`): edits less than a second apart are one step, a second's pause starts
/// the next.
#[test]
fn edits_less_than_a_second_apart_are_one_step_and_a_seconds_pause_starts_the_next() {
    use cocreate::app::state::STILL;
    use cocreate::document::{Edit, Op};
    assert_eq!(STILL, 1.0);
    let mut state = AppState::bundled();
    let w = state.workshop().id.clone();
    let g = state.workshop().groups[0].id;
    let place = |x: f64| {
        Edit::window(Op::Place {
            workshop: w.clone(),
            group: g,
            commitment: "1".into(),
            desirability: x,
            ambition: 1.0,
        })
    };
    let start = state.session().clone();
    state.apply_edit(place(1.0), 10.0);
    state.apply_edit(place(2.0), 10.5);
    state.apply_edit(place(3.0), 11.4); // 0.9 s after the last: the same drag
    let first = state.session().clone();
    state.apply_edit(place(4.0), 12.4); // a second's pause: a new step
    state.apply_edit(place(5.0), 12.6);
    assert!(state.doc.undo());
    assert_eq!(*state.session(), first, "the second drag in one step");
    assert!(state.doc.undo());
    assert_eq!(*state.session(), start, "the first drag in one step");
    assert!(!state.doc.undo());
}
