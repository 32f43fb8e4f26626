//! The Workshop view: details and groups.

use crate::common::*;

#[test]
fn add_a_group_place_select_and_refine() {
    let mut h = harness();
    h.get_by_label("Workshop").click();
    h.run_steps(2);
    h.get_by_label("Add group").click();
    h.run_steps(2);
    assert_eq!(h.state().state.workshop().groups.len(), 4);
    type_into(&mut h, "Name of group 4", " (north table)");
    assert_eq!(
        h.state().state.workshop().groups[3].name,
        "Group 4 (north table)"
    );

    h.get_by_label("Plot").click();
    h.run_steps(2);
    let first = h.state().state.workshop().groups[0].id;
    assert_eq!(
        h.state().state.window.group,
        Some(first),
        "adding a group does not change the group plotting"
    );
    h.get_by_label("Group 4 (north table)").click();
    h.run_steps(2);
    let group = h
        .state()
        .state
        .window
        .group
        .expect("the group picked is plotting");
    assert_eq!(group, h.state().state.workshop().groups[3].id);
    h.get_by_label("Place commitment 7").click();
    h.run_steps(2);
    let p = h
        .state()
        .state
        .workshop()
        .placement(group, "7")
        .cloned()
        .expect("placed");
    assert_eq!(
        (p.desirability, p.ambition),
        (5.0, 1.0),
        "in the middle of a level, not on a boundary"
    );

    h.get_by_label("Select commitment 7").click();
    h.run_steps(2);
    assert!(h.state().state.workshop().is_selected("7"));

    h.get_by_label("Refine").click();
    h.run_steps(2);
    assert!(
        h.state().state.workshop().refinement("7").is_none(),
        "looking at the form writes nothing"
    );
    type_into(&mut h, "Specific (note)", "Every ministry, by 2018");
    h.get_by_label("Add milestone").scroll_to_me();
    h.run();
    h.get_by_label("Add milestone").click();
    h.run();
    assert!(
        h.get_by_label("Milestone 1 deliverable").is_focused(),
        "ready to type"
    );
    type_into(
        &mut h,
        "Milestone 1 deliverable",
        "Publish 4 quarterly datasets",
    );
    let state = &h.state().state;
    let r = state
        .workshop()
        .refinement("7")
        .expect("refinement started");
    assert_eq!(r.smart.specific, "Every ministry, by 2018");
    assert_eq!(r.milestones[0].deliverable, "Publish 4 quarterly datasets");
    assert!(state.is_unsaved());
    assert!(state.title().contains('●'), "{}", state.title());
    // The checklist beside the form says what is still missing.
    assert_eq!(
        h.query_all_by_label_contains("Milestone 1: no end month")
            .count(),
        1,
        "in the SMART checklist (under the milestone it is a tooltip: lines coming and going there would move the form)"
    );
    // A deliverable, no month yet: nothing to judge on time, and the score did not drop.
    h.get_by_label("Time-bound: not yet");
}

#[test]
fn send_back_and_remove_a_group() {
    let mut h = harness();
    h.get_by_label("Plot").click();
    h.run_steps(2);
    h.get_by_label("Place commitment 3").click();
    h.run_steps(2);
    h.get_by_label("Send back commitment 3").click();
    h.run_steps(2);
    let state = &h.state().state;
    assert!(state.workshop().placements.is_empty());

    h.get_by_label("Place commitment 3").click();
    h.run_steps(2);
    h.get_by_label("Workshop").click();
    h.run_steps(2);
    h.get_by_label("Remove Group 1").click();
    h.run();
    h.get_by_label("Its 1 placement will be removed with it.");
    h.get_by_label("Keep it").click();
    h.run_steps(2);
    assert_eq!(h.state().state.workshop().groups.len(), 3);
    h.get_by_label("Remove Group 1").click();
    h.run();
    h.get_by_label("Remove group").click();
    h.run_steps(2);
    let w = h.state().state.workshop();
    assert_eq!(w.groups.len(), 2);
    assert!(w.placements.is_empty(), "its placements went with it");
}
