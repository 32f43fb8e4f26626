//! The All workshops view: merging, layers, the table, conflicts.

use crate::common::*;

/// Two copies of the central workshop, edited apart by two note-takers, and the northern one.
fn copies_edited_apart(dir: &std::path::Path) -> Vec<PathBuf> {
    let sessions = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions");
    let central = cocreate::file::load(&sessions.join("ontario-2016-central.ron")).unwrap();
    let mut a = central.clone();
    let mut b = central;
    let g = a.workshops[0].groups[0].id;
    a.workshops[0].place(g, "5", 9.0, 2.5);
    b.workshops[0].place(g, "5", 2.0, 0.5);
    let (pa, pb) = (dir.join("central-alice.ron"), dir.join("central-bob.ron"));
    cocreate::file::save(&a, &pa).unwrap();
    cocreate::file::save(&b, &pb).unwrap();
    vec![pa, pb, sessions.join("ontario-2016-northern.ron")]
}

#[test]
fn merge_browse_switch_a_layer_resolve_a_conflict_and_save() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = copies_edited_apart(dir.path());
    let out = dir.path().join("merged.ron");
    let picker = FakePicker::answering(vec![Picked::Paths(inputs), Picked::Path(out.clone())]);
    let mut h = harness_with(AppState::bundled(), picker);
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label_contains("Merge sessions").click();
    h.run_steps(3);
    let state = &h.state().state;
    assert_eq!(state.window.view, View::Event);
    assert_eq!(
        state.session().workshops.len(),
        2,
        "two copies of one workshop merge into one"
    );
    assert_eq!(state.session().conflicts.len(), 1);
    assert!(
        state.is_unsaved() && state.doc.path().is_none(),
        "a new, unsaved session"
    );

    let central_id = state
        .session()
        .workshops
        .iter()
        .find(|w| w.details.name == "Central workshop")
        .unwrap()
        .id
        .clone();
    h.get_by_label("Show Central workshop").click();
    h.run_steps(2);
    assert!(h.state().state.window.hidden_layers.contains(&central_id));
    assert_eq!(
        h.state()
            .state
            .doc
            .event_rows(&h.state().state.window.hidden_layers)[0]
            .aggregate
            .groups,
        3,
        "only the northern groups"
    );
    h.get_by_label("Show Central workshop").click();
    h.run_steps(2);
    assert!(h.state().state.window.hidden_layers.is_empty());

    // The table's rows, by their commitment's line: every commitment, then only the one
    // selected at two or more workshops.
    let row_of = |c: &cocreate::model::Commitment| format!("{}. {}", c.id, c.title);
    let commitments = h.state().state.session().commitments.clone();
    let shown = |h: &Harness<'_, App>| -> Vec<String> {
        commitments
            .iter()
            .filter(|c| h.query_by_label(&row_of(c)).is_some())
            .map(|c| c.id.clone())
            .collect()
    };
    let before = shown(&h);
    assert!(before.len() >= 10, "{before:?}");
    h.get_by_label("Only selected at two or more workshops (1)")
        .click();
    h.run_steps(2);
    assert!(h.state().state.window.only_repeated);
    let repeated: Vec<String> = {
        let state = &h.state().state;
        state
            .doc
            .event_rows(&state.window.hidden_layers)
            .iter()
            .filter(|r| r.selected_by.len() >= 2)
            .map(|r| r.aggregate.commitment.clone())
            .collect()
    };
    assert_eq!(repeated.len(), 1);
    assert_eq!(shown(&h), repeated, "the other rows are filtered out");

    h.get_by_label_contains("Conflicts (1 open of 1)").click();
    h.run_steps(2);
    h.get_by_label_contains("placed commitment 5 in 2 different ways");
    h.get_by_label("Use version 2 of conflict 1").click();
    h.run_steps(2);
    let state = &h.state().state;
    let chosen = state.session().conflicts[0]
        .resolution()
        .cloned()
        .expect("resolved");
    assert_eq!(chosen, state.session().conflicts[0].versions[1]);

    ctrl(&mut h, Key::S);
    let saved = cocreate::file::load(&out).unwrap();
    assert_eq!(
        saved.conflicts[0].resolution(),
        Some(&chosen),
        "the choice is in the file"
    );
    let central = saved.workshops.iter().find(|w| w.id == central_id).unwrap();
    let g = central.groups[0].id;
    let cocreate::model::Version::Placement(p) = chosen else {
        panic!("a placement conflict")
    };
    assert_eq!(central.placement(g, "5"), Some(&p), "and applied");
}

#[test]
fn tab_down_the_all_workshops_table_brings_each_row_into_view() {
    let mut h = harness_on(
        cocreate::demo::generate(cocreate::demo::synthetic_commitments(60), 3, 1),
        "All workshops",
    );
    let rows = |h: &Harness<'_, App>| -> Vec<(String, egui::Rect)> {
        h.query_all_by_label_contains(". Synthetic idea")
            .map(|n| (text_of(&n.accesskit_node()), n.rect()))
            .collect()
    };
    let at_first: Vec<String> = rows(&h).into_iter().map(|(name, _)| name).collect();
    assert!(at_first.len() < 40, "the table shows part of the 60 rows");
    let (first, _) = rows(&h)
        .into_iter()
        .min_by(|a, b| a.1.top().total_cmp(&b.1.top()))
        .unwrap();
    h.get_by_label(&first).focus();
    h.run_steps(2);
    let bottom = h.ctx.content_rect().bottom();
    let mut reached = Vec::new();
    for _ in 0..at_first.len() + 5 {
        h.key_press(Key::Tab);
        h.run_steps(3);
        let focused = h
            .query_by(|n: &AccessKitNode<'_>| n.is_focused())
            .expect("something has the focus");
        let name = text_of(&focused.accesskit_node());
        assert!(
            name.contains(". Synthetic idea"),
            "Tab stays in the table, it went to {name:?}"
        );
        let rect = focused.rect();
        assert!(
            rect.bottom() <= bottom + 0.5,
            "{name} is in view: its bottom {} against the window's {bottom}",
            rect.bottom()
        );
        reached.push(name);
    }
    assert!(
        reached.iter().any(|name| !at_first.contains(name)),
        "Tab went on past the rows first in view"
    );
}

#[test]
fn a_failed_merge_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = copies_edited_apart(dir.path());
    let bad = dir.path().join("broken.ron");
    std::fs::write(&bad, "(format_version: 1").unwrap();
    inputs.push(bad);
    let mut h = harness_with(
        AppState::bundled(),
        FakePicker::answering(vec![Picked::Paths(inputs)]),
    );
    let before = h.state().state.session().clone();
    ctrl(&mut h, Key::M);
    h.get_by_label_contains("broken.ron:1:");
    assert_eq!(*h.state().state.session(), before);
}

#[test]
fn a_big_event_legend_wraps_whole_entries() {
    // 40 groups: the legend takes several lines. Each entry (marker and name) moves to the
    // next line as a unit; a name broken across two lines ("Group" / "10") was the bug.
    let h = harness_on(
        cocreate::demo::generate(cocreate::demo::synthetic_commitments(200), 40, 1),
        "Compare",
    );
    // The height of a one-line widget (egui's interact size), not an entry's own.
    let line = h.ctx.global_style().spacing.interact_size.y;
    for n in 1..=40 {
        let name = format!("Group {n}");
        let entry = h.get_by_label(&name).rect();
        assert!(
            entry.height() < line * 1.5,
            "{name} takes {} px, a line is {line}",
            entry.height()
        );
    }
    let table_left = h.get_by_label("All groups").rect().left();
    let transform = grid_transform(&h);
    assert!(
        transform.frame().right() <= table_left,
        "the grid ends at {}, under the table (from {table_left})",
        transform.frame().right()
    );
}

/// The copies of `copies_edited_apart`, merged as File ▸ Merge sessions does: each input
/// under the name it goes by.
fn merged_with_names(paths: &[PathBuf]) -> cocreate::model::Session {
    let inputs: Vec<(String, cocreate::model::Session)> = cocreate::merge::source_names(paths)
        .into_iter()
        .zip(paths.iter().map(|p| cocreate::file::load(p).unwrap()))
        .collect();
    cocreate::merge::merge_named(&inputs).unwrap()
}

#[test]
fn the_conflicts_panel_says_where_each_version_came_from_and_marks_what_differs() {
    let dir = tempfile::tempdir().unwrap();
    let merged = merged_with_names(&copies_edited_apart(dir.path()));
    let mut h = harness_on(merged, "All workshops");
    h.get_by_label_contains("Conflicts (1 open of 1)").click();
    h.run_steps(2);
    h.get_by_label("From: central-alice.ron (Central workshop)");
    h.get_by_label("From: central-bob.ron (Central workshop)");
    h.get_by_label("Differs in: Ambition, Desirability");
    assert_eq!(
        h.query_all_by_label("≠ differs").count(),
        4,
        "desirability and ambition are marked in both versions; the note is the same"
    );
    h.get_by_label("Desirability: 9");
    h.get_by_label("Desirability: 2");
}

#[test]
fn an_edit_to_a_conflicted_placement_is_recorded_so_a_later_merge_keeps_it() {
    use cocreate::app::Command;
    let dir = tempfile::tempdir().unwrap();
    let copies = copies_edited_apart(dir.path());
    let mut state = AppState::new(merged_with_names(&copies), None);
    let central = state
        .session()
        .workshops
        .iter()
        .position(|w| w.details.name == "Central workshop")
        .unwrap();
    state.window.show_workshop(central, &state.doc);
    let g = state.workshop().groups[0].id;
    state.window.group = Some(g);
    let _ = state.apply(
        Command::Place {
            commitment: "5".into(),
            desirability: 5.0,
            ambition: 1.5,
        },
        0.0,
    );
    let edit = state.workshop().placement(g, "5").cloned().unwrap();
    let conflict = &state.session().conflicts[0];
    assert_eq!(
        conflict.resolution(),
        Some(&cocreate::model::Version::Placement(edit.clone())),
        "recorded as the organizer's choice, with no Record button pressed"
    );

    // Saved as it is, then merged again later with the same copies: the edit stands.
    let saved = dir.path().join("merged.ron");
    assert!(state.save_to(&saved));
    let mut again = vec![saved];
    again.extend(copies);
    let merged = merged_with_names(&again);
    let w = merged
        .workshops
        .iter()
        .find(|w| w.details.name == "Central workshop")
        .unwrap();
    assert_eq!(w.placement(g, "5"), Some(&edit));

    // The panel shows it as the chosen version, made by the organizer.
    let mut h = harness_on(merged, "All workshops");
    h.get_by_label_contains("Conflicts (0 open of 1)").click();
    h.run_steps(2);
    h.get_by_label("Version 3 — chosen");
    h.get_by_label("From: edited by the organizer");
}

#[test]
fn all_workshops_picks_a_row_out_on_the_grid_and_filters_it_with_the_table() {
    let merged = merged_ontario();
    let first = merged.commitments[0].clone();
    let mut h = harness_on(merged, "All workshops");
    assert!(h.query_by_label_contains("Picked out").is_none());
    h.get_by_label(&format!("{}. {}", first.id, first.title))
        .click();
    h.run_steps(3);
    assert_eq!(
        h.state().state.window.focus.as_deref(),
        Some(first.id.as_str())
    );
    h.get_by_label_contains("Picked out (thick ring)");
    let ring = cocreate::ui::style::FOCUS_RING;
    let ringed = |h: &Harness<'_, App>| {
        h.output().shapes.iter().any(|c| match &c.shape {
            egui::Shape::Circle(circle) => circle.stroke.color == ring,
            egui::Shape::Vec(v) => v
                .iter()
                .any(|s| matches!(s, egui::Shape::Circle(c) if c.stroke.color == ring)),
            egui::Shape::Mesh(m) => m.vertices.iter().any(|v| v.color == ring),
            _ => false,
        })
    };
    assert!(ringed(&h), "the picked commitment is ringed on the grid");
    // The label colours are explained, and so are Spread and Disagreement.
    h.get_by_label("Blue number: selected at two or more workshops.");
    for header in ["Sort by Spread", "Sort by Disagr."] {
        let d = h
            .get_by_label(header)
            .accesskit_node()
            .description()
            .unwrap_or_default();
        assert!(d.contains("0–1"), "{header}: {d:?}");
    }
    // "Only selected at two or more" filters the grid's labels too: the key numbers of the
    // others are no longer painted.
    let painted = |h: &Harness<'_, App>| -> Vec<String> {
        h.output()
            .shapes
            .iter()
            .filter_map(|c| match &c.shape {
                egui::Shape::Text(t) => Some(t.galley.text().to_owned()),
                _ => None,
            })
            .collect()
    };
    let state = &h.state().state;
    let repeated: Vec<String> = state
        .doc
        .event_rows(&state.window.hidden_layers)
        .iter()
        .filter(|r| r.selected_by.len() >= 2)
        .map(|r| r.aggregate.commitment.clone())
        .collect();
    let other = h
        .state()
        .state
        .session()
        .commitments
        .iter()
        .map(|c| c.id.clone())
        .find(|id| !repeated.contains(id) && id.len() == 2 && id != "10")
        .expect("a two-digit id (not the groups' count, 10) not selected twice");
    assert!(painted(&h).contains(&other));
    h.get_by_label_contains("Only selected at two or more workshops")
        .click();
    h.run_steps(3);
    let now = painted(&h);
    assert!(!now.contains(&other), "{other} is filtered off the grid");
    for id in &repeated {
        assert!(now.contains(id), "{id} stays");
    }
}

/// A cut cell in the All workshops table shows its whole text in one tooltip, not two.
#[test]
fn a_cut_cell_shows_one_tooltip() {
    let merged = merged_ontario();
    let c = merged
        .commitments
        .iter()
        .max_by_key(|c| c.title.len())
        .unwrap()
        .clone();
    let whole = format!("{}. {}", c.id, c.title);
    let mut h = harness_on(merged, "All workshops");
    h.get_by_label(&whole).hover();
    h.run_steps(60);
    let texts: Vec<String> = h
        .root()
        .children_recursive()
        .map(|n| text_of(&n.accesskit_node()))
        .collect();
    assert_eq!(
        texts.iter().filter(|t| **t == whole).count(),
        2,
        "the cell and one tooltip with its whole text: {texts:?}"
    );
    assert!(
        !texts.contains(&c.title),
        "no second tooltip with the title alone"
    );
}
