//! The action plan's choices in the Workshop view: the ambition scale (the grid, its axis
//! and its keys follow it) and the commitment template (the Refine form follows it).

use cocreate::model::{AmbitionScale, Template};

use crate::common::*;

const RESULTS: &str = "potential for results (IRM, current)";
const IMPACT: &str = "potential impact (IRM, 2016)";

/// The level names on the grid: the axis's tick labels and the bands' names.
fn level_names(h: &Harness<'_, App>) -> Vec<String> {
    let levels = [
        "none",
        "minor",
        "moderate",
        "transformative",
        "unclear",
        "modest",
        "substantial",
    ];
    let mut shown: Vec<String> = painted_texts(h)
        .into_iter()
        .map(|t| t.to_lowercase())
        .filter(|t| levels.contains(&t.as_str()))
        .collect();
    shown.sort();
    shown.dedup();
    shown
}

#[test]
fn switching_the_scale_relabels_the_grid_and_undo_switches_back() {
    let mut h = harness_on(central_on_results_range(), "Compare");
    assert_eq!(
        level_names(&h),
        ["minor", "moderate", "none", "transformative"]
    );
    assert!(painted_texts(&h).contains(&"Ambition (potential impact)".to_owned()));

    h.get_by_label("Workshop").click();
    h.run_steps(2);
    h.get_by_label(RESULTS).click();
    h.run_steps(3);
    let state = &h.state().state;
    assert_eq!(
        state.session().ambition_scale,
        AmbitionScale::PotentialForResults
    );
    assert!(state.is_unsaved());
    h.get_by_label(&format!("Ambition scale: {RESULTS}"));
    h.get_by_label("Undo"); // announced, with Undo at hand

    h.get_by_label("Compare").click();
    h.run_steps(3);
    assert_eq!(
        level_names(&h),
        ["modest", "substantial", "unclear"],
        "the new scale's levels, and none of the old"
    );
    assert!(painted_texts(&h).contains(&"Ambition (potential for results)".to_owned()));
    // The table names each median's level on the new scale too.
    let a = h.state().state.doc.aggregates(0)[0].clone();
    let level = AmbitionScale::PotentialForResults.nearest(a.ambition);
    let row = h.state().state.session().commitments[0].clone();
    h.get_by_label_contains(&format!(
        "{}. {}: desirability {:.1}, ambition {}, spread",
        row.id,
        row.title,
        a.desirability,
        level.name()
    ));

    ctrl(&mut h, Key::Z);
    assert_eq!(
        h.state().state.session().ambition_scale,
        AmbitionScale::PotentialImpact
    );
    h.run_steps(2);
    assert_eq!(
        level_names(&h),
        ["minor", "moderate", "none", "transformative"]
    );
}

/// The Central workshop with every ambition scaled into the current scale's range (0–2),
/// so that the switch is allowed.
fn central_on_results_range() -> cocreate::model::Session {
    let mut session = central();
    for p in &mut session.workshops[0].placements {
        p.ambition = (p.ambition * 2.0 / 3.0 * 20.0).round() / 20.0;
    }
    session
}

#[test]
fn a_refused_switch_says_why_and_changes_nothing() {
    let session = central();
    assert!(
        session.workshops[0]
            .placements
            .iter()
            .any(|p| p.ambition > 2.0),
        "points above the current scale's top"
    );
    let mut h = harness_on(session.clone(), "Workshop");
    h.get_by_label(RESULTS).click();
    h.run_steps(3);
    h.get_by_label("The ambition scale was not changed");
    let message = h.get_by_label_contains("The ambition scale stays:");
    let text = text_of(&message.accesskit_node());
    assert!(
        text.contains("placements lie above the top of “potential for results (IRM, current)”"),
        "{text}"
    );
    let state = &h.state().state;
    assert_eq!(*state.session(), session, "nothing changed");
    assert!(!state.is_unsaved());
    assert!(!state.doc.can_undo());
    h.get_by_label("OK").click();
    h.run_steps(2);
    assert!(h.state().state.window.error.is_none());
    h.get_by_label(IMPACT);
}

#[test]
fn the_keys_stop_at_the_top_of_the_scale() {
    let mut session = central_on_results_range();
    session.ambition_scale = AmbitionScale::PotentialForResults;
    let mut h = harness_on(session, "Plot");
    let group = h.state().state.window.group.unwrap();
    // Commitment 4 back in the tray, then placed by Enter: ambition 1 (modest).
    let workshop = h.state().state.workshop().id.clone();
    h.state_mut()
        .state
        .edit(
            cocreate::document::Op::Unplace {
                workshop,
                group,
                commitment: "4".into(),
            },
            0.0,
        )
        .unwrap();
    h.run_steps(2);
    h.get_by_label("Place commitment 4").focus();
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(3);
    for _ in 0..8 {
        h.key_press(Key::ArrowRight);
        h.run_steps(1);
    }
    h.run_steps(2);
    let p = h
        .state()
        .state
        .workshop()
        .placement(group, "4")
        .cloned()
        .unwrap();
    assert_eq!(
        p.ambition, 2.0,
        "at the top of the current scale, not past it"
    );
    let generation = h.state().state.doc.generation();
    h.key_press(Key::ArrowRight);
    h.run_steps(3);
    assert_eq!(
        h.state().state.doc.generation(),
        generation,
        "a key past the top asks for nothing"
    );
}

#[test]
fn the_current_template_shows_its_headings_in_refine() {
    let mut h = harness_on(central(), "Refine");
    h.get_by_label("OGP commitment template");
    assert!(
        h.query_by_label("Problem definition").is_none(),
        "the 2016 form until the template changes"
    );

    h.get_by_label("Workshop").click();
    h.run_steps(2);
    h.get_by_label("current OGP template (National Handbook)")
        .click();
    h.run_steps(3);
    assert_eq!(h.state().state.session().template, Template::Current);
    h.get_by_label("Commitment template: current OGP template (National Handbook)");

    h.get_by_label("Refine").click();
    h.run_steps(3);
    for heading in [
        "Problem definition",
        "Commitment description",
        "Commitment analysis",
        "Lead and other actors",
    ] {
        h.get_by_label(heading);
    }
    h.get_by_label_contains("Commitment planning (");
    for question in [
        "1. What problem does the commitment aim to address?",
        "2. What are the causes of the problem?",
        "What has been done so far to solve the problem?",
        "What solution are you proposing?",
        "What results do we want to achieve by implementing this commitment?",
        "How will the commitment promote transparency?",
        "How will the commitment help foster accountability?",
        "How will the commitment improve citizen participation in defining, implementing and monitoring solutions?",
    ] {
        h.get_by_label(question);
    }
    assert!(h.query_by_label("OGP commitment template").is_none());
    assert!(
        h.query_by_label("Status quo or problem to be addressed")
            .is_none()
    );

    type_into(
        &mut h,
        "2. What are the causes of the problem?",
        "Data kept in silos",
    );
    type_into(
        &mut h,
        "How will the commitment promote transparency?",
        "Datasets published",
    );
    let focus = h.state().state.window.focus.clone().unwrap();
    let before = h
        .state()
        .state
        .workshop()
        .refinement(&focus)
        .map_or(0, |r| r.milestones.len());
    h.get_by_label("Add milestone").scroll_to_me();
    h.run();
    h.get_by_label("Add milestone").click();
    h.run_steps(3);
    let n = before + 1;
    type_into(
        &mut h,
        &format!("Milestone {n} expected outputs"),
        "A public inventory",
    );
    type_into(
        &mut h,
        &format!("Milestone {n} stakeholders"),
        "Open Data Ontario",
    );
    let state = &h.state().state;
    let r = state.workshop().refinement(&focus).unwrap();
    assert!(r.causes.ends_with("Data kept in silos"), "{:?}", r.causes);
    assert!(r.analysis.transparency.ends_with("Datasets published"));
    assert_eq!(r.milestones[n - 1].output, "A public inventory");
    assert_eq!(r.milestones[n - 1].stakeholders, "Open Data Ontario");
}
