//! The Compare view: the table, its sorting and selection, the grid's drawing cache.

use crate::common::*;

#[test]
fn compare_table_sorts_and_selects() {
    let mut h = harness_on(
        cocreate::demo::generate(cocreate::demo::bundled_commitments(), 3, 11),
        "Compare",
    );
    // The rows as they read out, top to bottom: "ID. TITLE: desirability …".
    let row_ids = |h: &Harness<'_, App>| -> Vec<String> {
        h.query_all_by_label_contains(": desirability ")
            .map(|n| n.accesskit_node().label().unwrap_or_default())
            .filter_map(|l| l.split_once(". ").map(|(id, _)| id.to_owned()))
            .collect()
    };
    let in_list_order: Vec<String> = cocreate::demo::bundled_commitments()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(row_ids(&h), in_list_order, "in list order at first");
    h.get_by_label("Sort by Desirability").click();
    h.run_steps(2);
    let state = &h.state().state;
    assert_eq!(
        state.window.sort,
        (cocreate::app::SortColumn::Desirability, false)
    );
    // The rows themselves are in order: most desirable first, ties in list order.
    let aggregates = state.doc.aggregates(0);
    let mut expected: Vec<(usize, &cocreate::stats::Aggregate)> =
        aggregates.iter().enumerate().collect();
    expected.sort_by(|(i, a), (j, b)| {
        b.desirability
            .total_cmp(&a.desirability)
            .then_with(|| i.cmp(j))
    });
    let expected: Vec<String> = expected
        .into_iter()
        .map(|(_, a)| a.commitment.clone())
        .collect();
    assert_ne!(expected, in_list_order, "the sort changes the order here");
    assert_eq!(row_ids(&h), expected);
    let already = state.workshop().selection.clone();
    let id = cocreate::demo::bundled_commitments()
        .into_iter()
        .map(|c| c.id)
        .find(|id| !already.contains(id))
        .unwrap();
    h.get_by_label(&format!("Select commitment {id}")).click();
    h.run_steps(2);
    assert!(h.state().state.workshop().is_selected(&id));
}

#[test]
fn a_compare_row_focuses_its_commitment_and_reads_out_its_values() {
    let mut h = harness_on(
        cocreate::demo::generate(cocreate::demo::bundled_commitments(), 3, 11),
        "Compare",
    );
    let aggregates = h.state().state.doc.aggregates(0);
    let row = |n: usize| {
        let a = &aggregates[n];
        let c = &cocreate::demo::bundled_commitments()[n];
        assert_eq!(a.commitment, c.id);
        let name = format!(
            "{}. {}: desirability {:.1}, ambition {}, spread {:.2}, {} groups",
            c.id,
            c.title,
            a.desirability,
            cocreate::i18n::localized(
                &cocreate::model::AmbitionScale::PotentialImpact.nearest(a.ambition)
            ),
            a.spread,
            a.groups
        );
        (c.id.clone(), name)
    };
    let (third, name) = row(2);
    h.get_by_label(&name).click();
    h.run_steps(2);
    assert_eq!(
        h.state().state.window.focus.as_deref(),
        Some(third.as_str())
    );

    // From the keyboard: Tab goes on to the row's checkbox, then to the next row, and
    // Enter picks that row's commitment out.
    h.get_by_label(&name).focus();
    h.run_steps(1);
    h.key_press(Key::Tab);
    h.run_steps(1);
    h.key_press(Key::Tab);
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(2);
    let (fourth, _) = row(3);
    assert_eq!(
        h.state().state.window.focus.as_deref(),
        Some(fourth.as_str())
    );
    h.get_by_label(&name).click();
    h.run_steps(2);

    // The checkbox lies on its row: ticking it selects without moving the focus.
    let (fifth, _) = row(4);
    let was = h.state().state.workshop().is_selected(&fifth);
    h.get_by_label(&format!("Select commitment {fifth}"))
        .click();
    h.run_steps(2);
    assert_eq!(h.state().state.workshop().is_selected(&fifth), !was);
    assert_eq!(
        h.state().state.window.focus.as_deref(),
        Some(third.as_str())
    );
}

#[test]
fn the_compare_table_says_when_nothing_is_placed_yet() {
    let mut h = harness();
    assert!(h.state().state.workshop().placements.is_empty());
    h.get_by_label("Compare").click();
    h.run_steps(2);
    h.get_by_label("Nothing placed yet: the groups place the commitments in the Plot view.");
}

#[test]
fn statistics_are_not_recomputed_while_nothing_changes() {
    let mut h = harness_on(
        cocreate::demo::generate(cocreate::demo::bundled_commitments(), 4, 3),
        "Compare",
    );
    let before = h.state().state.doc.statistics_runs();
    assert!(before >= 1, "the Compare view computed its statistics");
    // Idle frames and a pointer moving over the grid and the table change nothing.
    for i in 0..10 {
        h.hover_at(egui::pos2(300.0 + 40.0 * i as f32, 400.0));
        h.run_steps(1);
    }
    assert_eq!(h.state().state.doc.statistics_runs(), before);
    // An edit: one recomputation, then none again.
    h.get_by_label("Sort by Spread").click();
    h.run_steps(2);
    assert_eq!(
        h.state().state.doc.statistics_runs(),
        before,
        "sorting is not an edit"
    );
    let id = h.state().state.workshop().placements[0].commitment.clone();
    h.get_by_label(&format!("Select commitment {id}")).click();
    h.run_steps(5);
    assert_eq!(h.state().state.doc.statistics_runs(), before + 1);
}

/// Centres of the quads in the frame's textured meshes other than the font's: the grid's
/// markers, rings and spokes.
fn marker_quad_centres(h: &Harness<'_, App>) -> Vec<egui::Pos2> {
    let mut centres = Vec::new();
    for clipped in &h.output().shapes {
        if let egui::Shape::Mesh(mesh) = &clipped.shape
            && mesh.texture_id != egui::TextureId::default()
        {
            for quad in mesh.vertices.chunks(4) {
                let sum = quad
                    .iter()
                    .fold(egui::Vec2::ZERO, |s, v| s + v.pos.to_vec2());
                centres.push((sum / quad.len() as f32).to_pos2());
            }
        }
    }
    centres
}

#[test]
fn the_compare_grid_redraws_after_an_edit_and_only_then() {
    let mut h = harness_on(
        cocreate::demo::generate(cocreate::demo::bundled_commitments(), 3, 5),
        "Compare",
    );
    let transform = grid_transform(&h);
    // A corner no demo placement uses: top right, transformative and 10.
    let corner = transform.position_from_point(&egui_plot::PlotPoint::new(3.0, 10.0));
    let near = |centres: &[egui::Pos2]| centres.iter().any(|c| c.distance(corner) < 1.0);
    assert!(!near(&marker_quad_centres(&h)));
    let before = marker_quad_centres(&h);
    // The markers' mesh, as a frame hands it on: the same allocation is the cached drawing,
    // a new one a drawing made again.
    let marker_meshes = |h: &Harness<'_, App>| -> Vec<*const egui::epaint::Mesh> {
        h.output()
            .shapes
            .iter()
            .filter_map(|c| match &c.shape {
                egui::Shape::Mesh(mesh) if mesh.texture_id != egui::TextureId::default() => {
                    Some(std::sync::Arc::as_ptr(mesh))
                }
                _ => None,
            })
            .collect()
    };
    let drawn = marker_meshes(&h);
    assert!(!drawn.is_empty(), "the markers are one textured mesh");
    h.run_steps(3);
    assert_eq!(marker_quad_centres(&h), before, "idle frames draw the same");
    assert_eq!(
        marker_meshes(&h),
        drawn,
        "idle frames reuse the drawing: nothing is made again"
    );

    let state = &mut h.state_mut().state;
    let (group, commitment) = {
        let p = &state.workshop().placements[0];
        (p.group, p.commitment.clone())
    };
    let workshop = state.workshop().id.clone();
    let moved = state.edit(
        cocreate::document::Op::Place {
            workshop,
            group,
            commitment,
            desirability: 10.0,
            ambition: 3.0,
        },
        0.0,
    );
    assert!(moved.is_some_and(|c| c.is_change()));
    h.run_steps(2);
    assert!(
        near(&marker_quad_centres(&h)),
        "the moved point is drawn where it now is"
    );
    assert_ne!(marker_meshes(&h), drawn, "drawn again after the edit");
}

#[test]
fn themes_are_letters_with_a_legend_not_group_colours() {
    let mut h = harness();
    h.get_by_label("Plot").click();
    h.run_steps(3);
    h.get_by_label("Themes:");
    for theme in ["transparency", "accountability", "public participation"] {
        h.get_by_label(theme);
    }
}

#[test]
fn the_groups_reason_shows_in_the_compare_tooltip() {
    let mut session = cocreate::demo::generate(cocreate::demo::bundled_commitments(), 3, 11);
    let w = &mut session.workshops[0];
    let (group, id) = (w.placements[0].group, w.placements[0].commitment.clone());
    assert!(w.set_note(group, &id, "Tangible for the north"));
    let name = w.group(group).unwrap().name.clone();
    let title = cocreate::demo::bundled_commitments()
        .into_iter()
        .find(|c| c.id == id)
        .unwrap()
        .title;
    let mut h = harness_on(session, "Compare");
    h.get_by_label_contains(&format!("{id}. {title}: desirability"))
        .hover();
    h.run_steps(60);
    h.get_by_label(&format!("{name}: “Tangible for the north”"));
}
