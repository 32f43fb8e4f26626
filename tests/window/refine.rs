//! The Refine view: the form and the sign-ups.

use crate::common::*;

#[test]
fn sign_up_fields_are_labelled_and_show_24_characters() {
    let mut session = cocreate::demo::generate(cocreate::demo::bundled_commitments(), 3, 8);
    let w = &mut session.workshops[0];
    let id = w.placements[0].commitment.clone();
    w.set_selected(&id, true);
    let mut h = harness_on(session, "Refine");
    h.get_by_label("Add sign-up").scroll_to_me();
    h.run();
    h.get_by_label("Add sign-up").click();
    h.run_steps(3);
    for field in ["Sign-up name", "Sign-up organization", "Sign-up e-mail"] {
        let node = h.get_by_label(field);
        let width = node.rect().width();
        // 24 characters of the body font (about 7 points each at the default size).
        assert!(width >= 24.0 * 7.0, "{field}: {width} points wide");
    }
    h.get_by_label("Name");
    h.get_by_label("Organization");
    h.get_by_label("E-mail");
    type_into(&mut h, "Sign-up name", "Jordan Sample");
    type_into(&mut h, "Sign-up e-mail", "jordan at example");
    let s = &h.state().state.workshop().sign_ups[0];
    assert_eq!(
        (s.name.as_str(), s.email.as_str()),
        ("Jordan Sample", "jordan at example"),
        "a doubtful e-mail is a hint, never a block"
    );
}

/// Fixing what the check finds must not move the fields under the pointer: scrolled to the
/// bottom, the Implements field stays where it was while the milestone is filled in.
#[test]
fn the_refine_form_does_not_move_while_the_note_taker_fixes_it() {
    let mut session = cocreate::demo::generate(cocreate::demo::bundled_commitments(), 3, 8);
    let w = &mut session.workshops[0];
    let id = w.placements[0].commitment.clone();
    w.set_selected(&id, true);
    let mut h = harness_on(session, "Refine");
    h.get_by_label("Add milestone").scroll_to_me();
    h.run();
    h.get_by_label("Add milestone").click();
    h.run_steps(3);
    h.get_by_label("Add sign-up").scroll_to_me();
    h.run_steps(3);
    let top = |h: &Harness<'_, App>| h.get_by_label("Milestone 1 implementer").rect().top();
    let before = top(&h);
    for (field, text) in [
        ("Milestone 1 deliverable", "Publish 4 quarterly datasets"),
        ("Milestone 1 end", "2017-06"),
        ("Milestone 1 start", "2016-09"),
        ("Milestone 1 implementer", "Treasury Board Secretariat"),
    ] {
        type_into(&mut h, field, text);
        assert_eq!(top(&h), before, "after typing into {field}");
    }
    let implementer = h.get_by_label("Milestone 1 implementer").rect().width();
    let deliverable = h.get_by_label("Milestone 1 deliverable").rect().width();
    assert!(
        implementer >= deliverable - 1.0,
        "Implements is as wide as Deliverable: {implementer} < {deliverable}"
    );
}
