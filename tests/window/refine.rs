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
    // The hint: a mark beside the field, its words on hover; gone once it looks right.
    let hint = "This does not look like an e-mail address (name@example.org). It is kept as typed.";
    // The mark: a "!" painted on the e-mail field's row, right of it.
    let mark = |h: &Harness<'_, App>| {
        let field = h.get_by_label("Sign-up e-mail").rect();
        h.output().shapes.iter().find_map(|c| match &c.shape {
            egui::Shape::Text(t) if t.galley.text() == "!" => {
                let at = t.pos + t.galley.rect.center().to_vec2();
                (at.x > field.right() && (at.y - field.center().y).abs() < field.height())
                    .then_some(at)
            }
            _ => None,
        })
    };
    h.get_by_label("Sign-up e-mail").scroll_to_me();
    h.run_steps(4);
    let beside = mark(&h).expect("the mark beside the e-mail");
    let hover_hint = |h: &mut Harness<'_, App>| {
        h.get_by_label("Sign-up e-mail").scroll_to_me();
        h.run_steps(4);
        let beside = mark(h).unwrap_or(beside);
        h.hover_at(beside);
        h.run_steps(60);
        let shown = painted_texts(h).iter().any(|t| t == hint);
        h.remove_cursor();
        h.run_steps(2);
        shown
    };
    assert!(hover_hint(&mut h), "its words on hover");
    // Corrected (all selected, typed over), the mark goes.
    h.get_by_label("Sign-up e-mail").focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.get_by_label("Sign-up e-mail")
        .type_text("jordan@example.org");
    h.run_steps(3);
    assert_eq!(
        h.state().state.workshop().sign_ups[0].email,
        "jordan@example.org"
    );
    assert_eq!(mark(&h), None, "no mark");
    assert!(!hover_hint(&mut h), "no words");
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

/// The stated ambition is a level of the session's scale (or none), and the IRM pre-check
/// beside the form sets it beside the room's median and warns on technology alone.
#[test]
fn stated_ambition_and_the_irm_pre_check() {
    let mut session = central();
    let w = &mut session.workshops[0];
    // A commitment selected without a refinement yet: the form starts empty.
    let id = session.commitments[14].id.clone();
    let w = {
        w.refinements.retain(|r| r.commitment != id);
        w.selection.clear();
        w.set_selected(&id, true);
        w.clone()
    };
    let (level, median, groups) =
        cocreate::irm::room_ambition(&session, &w, &id).expect("the groups placed it");
    let mut h = harness_on(session, "Refine");
    h.get_by_label("IRM pre-check");
    h.get_by_label("Open-government lens: warning");
    h.get_by_label_contains("No open-government value is ticked");
    h.get_by_label_contains("No stated ambition: rate it on the session's scale");
    h.get_by_label_contains(&format!(
        "Stated: not rated · room's median: {} ({median:.1}, {groups} groups)",
        level.name()
    ));

    // Technology alone: the lens warns, in words as well as colour.
    h.get_by_label("Technology and innovation").click();
    h.run_steps(3);
    h.get_by_label("Open-government lens: warning");
    h.get_by_label_contains("Technology and innovation alone: today's IRM counts it only");
    h.get_by_label("Access to information").click();
    h.run_steps(3);
    h.get_by_label("Open-government lens: holds");

    // The combo lists the session's scale (2016: four levels) and "not rated".
    h.get_by_label("Stated ambition").click();
    h.run_steps(2);
    for name in ["not rated", "none", "minor", "moderate"] {
        h.get_by_label(name);
    }
    assert!(h.query_by_label("modest").is_none(), "not the other scale");
    h.get_by_label("transformative").click();
    h.run_steps(3);
    let r = h.state().state.workshop().refinement(&id).cloned().unwrap();
    assert_eq!(
        r.stated_ambition,
        Some(cocreate::model::AmbitionLevel::Transformative)
    );
    h.get_by_label_contains("Stated: transformative · room's median: ");
    let apart = 3.0 - level.value();
    if apart > 1.0 {
        h.get_by_label("Ambition: warning");
        h.get_by_label_contains("They are more than one level apart");
    } else {
        h.get_by_label("Ambition: holds");
    }
}
