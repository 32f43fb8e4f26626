//! Presenter mode: the wall.

use crate::common::*;

#[test]
fn presenter_mode_hides_editing_and_sign_ups_and_scales_type() {
    let mut h = harness_with(
        AppState::new(
            cocreate::file::load(
                &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("sessions/ontario-2016-central.ron"),
            )
            .unwrap(),
            None,
        ),
        FakePicker::answering(vec![]),
    );
    h.get_by_label("Refine").click();
    h.run_steps(2);
    h.get_by_label_contains("Sign-ups (");
    h.get_by_label("Present").click();
    h.run_steps(3);
    let state = &h.state().state;
    assert!(state.window.presenting);
    let wall = cocreate::app::wall_zoom(cocreate::app::PRESENTER_ZOOM, 900.0);
    assert!(
        (h.ctx.zoom_factor() - wall).abs() < 1e-3,
        "the wall's type is scaled to the screen's height: {} for {wall}",
        h.ctx.zoom_factor()
    );
    h.get_by_label("Exit presenter");
    assert!(
        h.query_by_label_contains("Sign-ups (").is_none(),
        "personal data stays off the wall"
    );
    assert!(
        h.query_by_label("Add group").is_none() && h.query_by_label_contains("Tray").is_none(),
        "no editing panels"
    );
    h.get_by_label_contains("Central workshop — all groups");
    ctrl(&mut h, Key::Equals);
    assert!(h.ctx.zoom_factor() > cocreate::app::wall_zoom(cocreate::app::PRESENTER_ZOOM, 900.0));
    ctrl(&mut h, Key::Num0);
    let wall = cocreate::app::wall_zoom(cocreate::app::PRESENTER_ZOOM, 900.0);
    assert!(
        (h.ctx.zoom_factor() - wall).abs() < 1e-3,
        "the wall's type is scaled to the screen's height: {} for {wall}",
        h.ctx.zoom_factor()
    );
    h.key_press(Key::F11);
    h.run_steps(3);
    assert!(!h.state().state.window.presenting);
    assert_eq!(h.ctx.zoom_factor(), 1.0);
}

/// The presenter title's text shape: its galley (for its size and whether it was cut).
fn presenter_title(h: &Harness<'_, App>) -> std::sync::Arc<egui::Galley> {
    h.output()
        .shapes
        .iter()
        .find_map(|clipped| match &clipped.shape {
            egui::Shape::Text(text) if text.galley.text().ends_with("— all groups") => {
                Some(text.galley.clone())
            }
            _ => None,
        })
        .unwrap_or_else(|| {
            let texts: Vec<String> = h
                .output()
                .shapes
                .iter()
                .filter_map(|c| match &c.shape {
                    egui::Shape::Text(t) => Some(t.galley.text().to_owned()),
                    _ => None,
                })
                .collect();
            panic!("the title is drawn: {texts:?}")
        })
}

#[test]
fn a_long_title_on_the_wall_is_set_smaller_then_wrapped_never_cut() {
    for (name, one_line) in [
        ("Central workshop", true),
        (
            "Central workshop of the Ontario Open Government Partnership, Toronto, Metro Hall",
            false,
        ),
    ] {
        let mut session = cocreate::demo::generate(cocreate::demo::bundled_commitments(), 3, 1);
        session.workshops[0].details.name = name.to_owned();
        let mut h = harness_on(session, "Compare");
        h.key_press(Key::F11);
        h.run_steps(3);
        let title = presenter_title(&h);
        let size = title.job.sections[0].format.font_id.size;
        assert!(!title.elided, "{name}: never cut");
        assert_eq!(
            title.rows.len() == 1,
            one_line,
            "{name}: {} rows",
            title.rows.len()
        );
        if one_line {
            assert_eq!(size, 30.0, "a short title keeps its size");
        } else {
            assert_eq!(size, 20.0, "a long one is set smaller before it wraps");
        }
    }
}

#[test]
fn on_the_wall_the_clock_stands_alone_and_a_click_on_it_sets_the_minutes() {
    let mut h = harness();
    h.key_press(Key::F11);
    h.run_steps(3);
    assert!(h.state().state.window.presenting);
    assert!(
        h.query_by_label("Timer minutes").is_none(),
        "no minutes field beside the clock on the wall"
    );
    h.get_by_label("Set the timer").click();
    h.run_steps(2);
    h.get_by_label("Timer minutes");
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(
        h.query_by_label("Timer minutes").is_none() && h.state().state.window.presenting,
        "Escape closes the popup and stays on the wall"
    );
    // From the keyboard: the clock takes the focus and Enter opens the popup.
    h.get_by_label("Set the timer").focus();
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(2);
    h.get_by_label("5 min").click();
    h.run_steps(2);
    assert_eq!(h.state().state.window.timer.minutes, 5);
    assert!(
        h.query_by_label("Timer minutes").is_none(),
        "a preset closes the popup"
    );
    // Ctrl+T with the popup open starts the clock and the popup goes.
    h.get_by_label("Set the timer").click();
    h.run_steps(2);
    h.get_by_label("Timer minutes");
    ctrl(&mut h, Key::T);
    h.run_steps(2);
    assert!(h.state().state.window.timer.is_running());
    assert!(h.query_by_label("Timer minutes").is_none());
    assert!(
        h.query_by_label("Set the timer").is_none(),
        "a running clock is not set by a click"
    );
}

/// The text of a label found by what it contains (labels read out their text as their value).
fn label_rect(h: &Harness<'_, App>, contains: &str) -> egui::Rect {
    h.root()
        .children_recursive()
        .find(|n| text_of(&n.accesskit_node()).contains(contains))
        .unwrap_or_else(|| panic!("no label with {contains:?}"))
        .rect()
}

#[test]
fn the_wall_has_a_key_and_larger_type_makes_the_key_larger_not_the_grid_smaller() {
    let mut h = harness_on(
        cocreate::demo::generate(cocreate::demo::bundled_commitments(), 3, 11),
        "Compare",
    );
    h.key_press(Key::F11);
    h.run_steps(4);
    let title = &cocreate::demo::bundled_commitments()[0].title;
    // Sizes on the screen, in pixels: points times the zoom.
    let pixels = |h: &Harness<'_, App>| {
        let ppp = h.ctx.pixels_per_point();
        (
            label_rect(h, title).height() * ppp,
            grid_transform(h).frame().height() * ppp,
        )
    };
    let (key, grid) = pixels(&h);
    ctrl(&mut h, Key::Equals);
    h.run_steps(3);
    let (bigger, grid_after) = pixels(&h);
    assert!(
        bigger > key * 1.05,
        "Ctrl+= makes the key larger: {key} → {bigger} px"
    );
    assert!(
        grid_after >= grid * 0.97,
        "the grid keeps its size on the screen: {grid} → {grid_after} px"
    );
}

#[test]
fn presenting_from_all_workshops_shows_the_merged_picture() {
    let merged = merged_ontario();
    let names: Vec<String> = merged
        .workshops
        .iter()
        .map(|w| w.details.name.clone())
        .collect();
    let mut h = harness_on(merged, "All workshops");
    h.key_press(Key::F11);
    h.run_steps(4);
    h.get_by_label("All workshops (3)");
    for name in &names {
        label_rect(&h, name);
    }
    // A layer switched off in the window is off on the wall.
    h.key_press(Key::F11);
    h.run_steps(3);
    h.get_by_label(&format!("Show {}", names[0])).click();
    h.run_steps(2);
    h.key_press(Key::F11);
    h.run_steps(4);
    assert!(
        h.root()
            .children_recursive()
            .all(|n| text_of(&n.accesskit_node()) != names[0]),
        "a hidden layer is not in the wall's legend"
    );
}

/// The wall shows no ring for a commitment picked out in the window: nothing there would
/// explain it to the room. (In the window, a picked commitment's spokes are drawn dark, in
/// grey 60, over the others; on the wall no vertex has that colour.)
#[test]
fn the_wall_shows_no_ring_for_a_commitment_picked_in_the_window() {
    let session = cocreate::demo::generate(cocreate::demo::bundled_commitments(), 3, 11);
    let picked = session.workshops[0].placements[0].commitment.clone();
    let dark_spokes = |h: &Harness<'_, App>| {
        h.output().shapes.iter().any(|c| match &c.shape {
            egui::Shape::Mesh(m) => m
                .vertices
                .iter()
                .any(|v| v.color == egui::Color32::from_gray(60)),
            _ => false,
        })
    };
    let mut h = harness_on(session, "Compare");
    h.state_mut().state.window.focus = Some(picked);
    h.run_steps(4);
    assert!(
        dark_spokes(&h),
        "in the window the picked commitment stands out"
    );
    h.key_press(Key::F11);
    h.run_steps(6);
    assert!(
        h.state().state.window.focus.is_some(),
        "still picked in the window"
    );
    assert!(!dark_spokes(&h), "the wall shows no pick");
}

/// From Plot the wall shows the plotting group's grid (its name, "is plotting", the other
/// groups below); from Compare, all groups of the workshop.
#[test]
fn from_plot_the_wall_shows_the_plotting_group_and_from_compare_all_groups() {
    let mut h = harness_on(central(), "Plot");
    let g = h.state().state.window.group.expect("a group plots");
    let name = h.state().state.workshop().group(g).unwrap().name.clone();
    let workshop = h.state().state.workshop().details.name.clone();
    h.key_press(Key::F11);
    h.run_steps(4);
    h.get_by_label("is plotting");
    assert!(painted_texts(&h).contains(&name), "{name} on the wall");
    assert!(
        h.query_by_label(&format!("{workshop} — all groups"))
            .is_none()
    );
    h.key_press(Key::Escape);
    h.run_steps(3);
    h.get_by_label("Compare").click();
    h.run_steps(3);
    h.key_press(Key::F11);
    h.run_steps(4);
    h.get_by_label(&format!("{workshop} — all groups"));
    assert!(h.query_by_label("is plotting").is_none());
}

/// The wall goes full screen in the high-contrast look, and back.
#[test]
fn the_wall_is_full_screen_and_high_contrast_and_leaving_it_undoes_both() {
    let mut h = harness();
    // A key pressed and released a frame apart, gathering the full-screen requests of
    // each frame (a frame's output holds its own viewport commands only).
    let press = |h: &mut Harness<'_, App>, key: Key| {
        let mut asked = Vec::new();
        for down in [true, false, false] {
            if down {
                h.key_down(key);
            } else {
                h.key_up(key);
            }
            h.run_steps(1);
            for viewport in h.output().viewport_output.values() {
                asked.extend(viewport.commands.iter().filter_map(|c| match c {
                    egui::ViewportCommand::Fullscreen(on) => Some(*on),
                    _ => None,
                }));
            }
        }
        asked
    };
    let plain = cocreate::ui::theme::visuals(false);
    let contrast = cocreate::ui::theme::visuals(true);
    assert_ne!(plain, contrast);
    assert_eq!(h.ctx.style_of(egui::Theme::Light).visuals, plain);
    assert_eq!(press(&mut h, Key::F11), [true]);
    assert_eq!(h.ctx.style_of(egui::Theme::Light).visuals, contrast);
    assert_eq!(press(&mut h, Key::Escape), [false]);
    assert_eq!(h.ctx.style_of(egui::Theme::Light).visuals, plain);
}
