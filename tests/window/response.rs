//! The reasoned response, a tab of All workshops: every idea with its outcome, the form of
//! one, and its evidence beside it.

use cocreate::model::Outcome;

use crate::common::*;

/// The Central workshop with two groups' notes on commitment 2.
fn central_with_notes() -> cocreate::model::Session {
    let mut session = central();
    let w = &mut session.workshops[0];
    let groups: Vec<u32> = w.groups.iter().map(|g| g.id).collect();
    assert!(w.set_note(groups[0], "2", "Youth councils asked for it"));
    assert!(w.set_note(groups[2], "2", "Needs a budget line"));
    session
}

fn response_tab(session: cocreate::model::Session) -> Harness<'static, App> {
    let mut h = harness_on(session, "All workshops");
    h.get_by_label("Response").click();
    h.run_steps(4);
    h
}

fn settle(h: &mut Harness<'_, App>) {
    h.run_steps(90); // the history closes an undo step once the user is still
}

#[test]
fn an_outcome_and_a_reason_edit_the_session_and_undo_takes_them_back() {
    let mut h = response_tab(central_with_notes());
    h.get_by_label_contains("2. Work with youth on a digital engagement tool")
        .click();
    h.run_steps(3);
    assert_eq!(h.state().state.window.focus.as_deref(), Some("2"));
    // The evidence: the groups that placed it, and what they said.
    let groups = h.state().state.workshop().groups.len();
    h.get_by_label(&format!("Groups that placed it: {groups} of {groups}"));
    let g0 = h.state().state.workshop().groups[0].name.clone();
    let said = h.get_by_label("Youth councils asked for it").rect();
    let who = h
        .query_all_by_label(&g0)
        .find(|n| n.rect().bottom() <= said.top() + 1.0 && n.rect().bottom() > said.top() - 30.0)
        .is_some();
    assert!(who, "the group's name over its note");
    h.get_by_label("Needs a budget line");
    h.get_by_label_contains("Median desirability ");
    assert!(
        h.state().state.session().response("2").is_none(),
        "looking writes nothing"
    );
    assert!(!h.state().state.is_unsaved());

    h.get_by_label("Outcome").click();
    h.run_steps(2);
    h.get_by_label("not selected").click();
    h.run_steps(3);
    let r = h.state().state.session().response("2").cloned().unwrap();
    assert_eq!(r.outcome, Outcome::NotSelected);
    h.get_by_label("Response to idea 2: not selected"); // announced, with Undo at hand
    h.get_by_label("Undo");
    settle(&mut h);
    // Selected at the workshop and not adopted: the list marks it.
    assert!(h.state().state.workshop().is_selected("2"));
    h.get_by_label_contains("2. Work with youth on a digital engagement tool\nnot selected · ! selected at a workshop, not adopted");

    // Typed in two goes, less than a second apart: one burst.
    type_into(&mut h, "Reason", "Covered by");
    h.get_by_label("Reason").type_text(" the youth strategy");
    h.run_steps(2);
    h.get_by_label("has a tangible impact on Ontarians").click();
    h.run_steps(2);
    let r = h.state().state.session().response("2").cloned().unwrap();
    assert_eq!(r.reason, "Covered by the youth strategy");
    assert_eq!(r.criteria, ["has a tangible impact on Ontarians"]);

    ctrl(&mut h, Key::Z);
    let reason = |h: &Harness<'_, App>| {
        let r = h.state().state.session().response("2").cloned().unwrap();
        (r.outcome, r.reason, r.criteria.len())
    };
    assert_eq!(
        reason(&h),
        (
            Outcome::NotSelected,
            "Covered by the youth strategy".to_owned(),
            0
        ),
        "the criterion ticked is undone first"
    );
    ctrl(&mut h, Key::Z);
    assert_eq!(
        reason(&h),
        (Outcome::NotSelected, String::new(), 0),
        "the reason typed is one step"
    );
    ctrl(&mut h, Key::Z);
    assert!(h.state().state.session().response("2").is_none());
}

#[test]
fn merged_into_waits_for_the_idea_it_goes_into() {
    let mut h = response_tab(central());
    h.get_by_label("Outcome").click();
    h.run_steps(2);
    h.get_by_label("merged into another idea").click();
    h.run_steps(3);
    assert!(
        h.state().state.session().response("1").is_none(),
        "no outcome without its target"
    );
    assert!(!h.state().state.is_unsaved());
    h.get_by_label_contains("Choose the idea it is merged into.");
    h.get_by_label("Merged into").click();
    h.run_steps(2);
    assert_eq!(
        h.query_all_by_label("1. Adopt the International Open Data Charter")
            .count(),
        1,
        "the form's heading, and no choice to merge it into itself"
    );
    h.get_by_label("5. Public tracker for consultation outcomes")
        .click();
    h.run_steps(3);
    let r = h.state().state.session().response("1").cloned().unwrap();
    assert_eq!(r.outcome, Outcome::MergedInto("5".into()));
    h.get_by_label("Response to idea 1: merged into idea 5");
    assert!(
        h.query_by_label_contains("Choose the idea it is merged into.")
            .is_none()
    );
}

#[test]
fn the_organizers_criteria_are_added_cited_and_removed_with_their_citations() {
    let mut h = response_tab(central());
    type_into(
        &mut h,
        "New selection criterion",
        "feasible within the plan period",
    );
    h.get_by_label("Add criterion").click();
    h.run_steps(3);
    assert_eq!(
        h.state().state.session().criteria,
        ["feasible within the plan period"]
    );
    h.get_by_label("Criterion added: feasible within the plan period");
    // A second time is refused before it is sent.
    type_into(
        &mut h,
        "New selection criterion",
        "feasible within the plan period",
    );
    h.get_by_label("already a criterion");
    assert!(
        h.get_by_label("Add criterion")
            .accesskit_node()
            .is_disabled()
    );

    h.get_by_label("feasible within the plan period").click();
    h.run_steps(3);
    assert_eq!(
        h.state().state.session().response("1").unwrap().criteria,
        ["feasible within the plan period"]
    );
    h.get_by_label("Remove criterion feasible within the plan period")
        .click();
    h.run_steps(3);
    assert_eq!(
        h.state().state.session().criteria.len(),
        1,
        "cited: it asks first"
    );
    h.get_by_label_contains("1 responses cite “feasible within the plan period”");
    h.get_by_label("Remove it from them too").click();
    h.run_steps(3);
    let session = h.state().state.session();
    assert!(session.criteria.is_empty());
    assert!(
        session.response("1").is_none_or(|r| r.criteria.is_empty()),
        "its citation went with it"
    );
    h.get_by_label("Criterion removed: feasible within the plan period, and from the 1 responses that cited it");
}

#[test]
fn the_evidence_counts_groups_per_workshop_of_a_merged_session() {
    let session = merged_ontario();
    let expected: Vec<String> = session
        .workshops
        .iter()
        .map(|w| {
            let placed = w.placements.iter().filter(|p| p.commitment == "3").count();
            format!("Groups that placed it: {placed} of {}", w.groups.len())
        })
        .collect();
    let mut h = response_tab(session);
    h.get_by_label_contains("3. Open government guide and training")
        .click();
    h.run_steps(3);
    for line in &expected {
        assert!(h.query_all_by_label(line).count() >= 1, "{line} is shown");
    }
    h.get_by_label_contains("Selected at: ");
    h.get_by_label("Ambition is on the IRM's scale of potential impact (IRM, 2016).");
}
