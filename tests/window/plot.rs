//! The Plot view: the tray, the grid, the keys, the group's reasons.

use crate::common::*;

#[test]
fn drag_a_point_on_the_grid() {
    let mut h = harness();
    h.get_by_label("Plot").click();
    h.run_steps(2);
    h.get_by_label("Place commitment 1").click();
    h.run_steps(3);
    let transform = grid_transform(&h);
    let (d, a) = cocreate::ui::plot::DEFAULT_POSITION;
    let from = transform.position_from_point(&egui_plot::PlotPoint::new(a, d));
    let to = transform.position_from_point(&egui_plot::PlotPoint::new(2.8, 9.0));
    h.hover_at(from);
    h.run_steps(1);
    h.drag_at(from);
    h.run_steps(1);
    for i in 1..=10 {
        h.hover_at(from + (to - from) * (i as f32 / 10.0));
        h.run_steps(1);
    }
    h.drop_at(to);
    h.run_steps(2);
    let state = &h.state().state;
    let g = state.window.group.unwrap();
    let p = state.workshop().placement(g, "1").unwrap();
    assert!(
        (p.ambition - 2.8).abs() < 0.05 && (p.desirability - 9.0).abs() < 0.1,
        "{p:?}"
    );
    assert!(state.window.dragging.is_none());
}

#[test]
fn drag_from_the_tray_onto_the_grid() {
    let mut h = harness();
    h.get_by_label("Plot").click();
    h.run_steps(3);
    let transform = grid_transform(&h);
    let from = h.get_by_label_contains("5. Public tracker").rect().center();
    let to = transform.position_from_point(&egui_plot::PlotPoint::new(0.4, 2.0));
    h.hover_at(from);
    h.run_steps(1);
    h.drag_at(from);
    h.run_steps(1);
    for i in 1..=12 {
        h.hover_at(from + (to - from) * (i as f32 / 12.0));
        h.run_steps(1);
    }
    h.drop_at(to);
    h.run_steps(3);
    let state = &h.state().state;
    let p = state
        .workshop()
        .placement(state.window.group.unwrap(), "5")
        .expect("dropped on the grid");
    assert!(
        (p.ambition - 0.4).abs() < 0.05 && (p.desirability - 2.0).abs() < 0.1,
        "{p:?}"
    );
}

#[test]
fn keyboard_places_moves_and_sends_back() {
    let mut h = harness();
    h.get_by_label("Plot").click();
    h.run_steps(2);
    h.get_by_label("Place commitment 3").focus();
    h.run_steps(2);
    assert_eq!(
        h.state().state.window.focus.as_deref(),
        Some("3"),
        "focusing a row picks its commitment"
    );
    h.key_press(Key::Enter);
    h.run_steps(2);
    let g = h.state().state.window.group.unwrap();
    let at = |h: &Harness<'_, App>| {
        h.state()
            .state
            .workshop()
            .placement(g, "3")
            .map(|p| (p.desirability, p.ambition))
    };
    assert_eq!(
        at(&h),
        Some((5.0, 1.0)),
        "Enter places it in the middle of a level"
    );
    h.key_press(Key::ArrowUp);
    h.run_steps(1);
    h.key_press(Key::ArrowUp);
    h.run_steps(1);
    h.key_press(Key::ArrowRight);
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowDown);
    h.run_steps(2);
    let (d, a) = at(&h).unwrap();
    assert_eq!((d, a), (5.9, 1.25), "stored at the grid's precision");
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert_eq!(at(&h), Some((5.9, 1.25)), "Escape only leaves the row");
    h.get_by_label("Send back commitment 3").focus();
    h.run_steps(2);
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert_eq!(at(&h), None, "Delete on its row sends it back to the tray");
    assert!(
        h.get_by_label("Place commitment 3").is_focused(),
        "and the keyboard stays on it"
    );
}

/// Issue "Ready for a real workshop": a commitment picked out in Compare gets a ring in Plot,
/// and no Escape there (closing a menu, leaving the wall) sends it back.
#[test]
fn escape_never_sends_a_point_back_and_every_placement_change_is_announced_with_undo() {
    let mut h = harness_on(
        cocreate::demo::generate(cocreate::demo::bundled_commitments(), 3, 11),
        "Compare",
    );
    let state = &h.state().state;
    let g = state.window.group.unwrap();
    let id = state
        .workshop()
        .placements
        .iter()
        .find(|p| p.group == g)
        .unwrap()
        .commitment
        .clone();
    h.state_mut().state.window.focus = Some(id.clone());
    h.get_by_label("Plot").click();
    h.run_steps(3);
    let before = h.state().state.session().clone();
    h.get_by_label_contains("Ringed:");
    for _ in 0..2 {
        h.key_press(Key::Escape);
        h.run_steps(2);
    }
    h.key_press(Key::F11);
    h.run_steps(3);
    h.key_press(Key::Escape);
    h.run_steps(3);
    h.key_press(Key::Escape);
    h.run_steps(3);
    assert!(!h.state().state.window.presenting);
    assert_eq!(
        *h.state().state.session(),
        before,
        "no Escape changed the session"
    );

    // Back is a deliberate act: it is announced, with Undo at hand.
    h.get_by_label(&format!("Send back commitment {id}"))
        .click();
    h.run_steps(4); // a notice's first frame only measures it
    assert!(h.state().state.workshop().placement(g, &id).is_none());
    let group_name = h.state().state.workshop().group(g).unwrap().name.clone();
    h.get_by_label(&format!("{group_name}: #{id} back in the tray"));
    h.get_by_label("Undo").click();
    h.run_steps(3);
    assert_eq!(
        *h.state().state.session(),
        before,
        "Undo in the notice puts it back"
    );
    assert!(h.query_by_label_contains("back in the tray").is_none());
}

#[test]
fn the_groups_reason_for_a_point_is_typed_under_the_grid() {
    let mut h = harness();
    h.get_by_label("Plot").click();
    h.run_steps(2);
    h.get_by_label("Place commitment 4").click();
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("Ringed:").is_none(),
        "nothing is ringed until a point is picked"
    );
    h.get_by_label("Send back commitment 4").focus();
    h.run_steps(2);
    h.get_by_label_contains("Ringed: 4.");
    let g = h.state().state.window.group.unwrap();
    let name = h.state().state.workshop().group(g).unwrap().name.clone();
    type_into(
        &mut h,
        &format!("{name}'s reason for 4:"),
        "Tangible for the north",
    );
    assert_eq!(
        h.state().state.workshop().placement(g, "4").unwrap().note,
        "Tangible for the north"
    );
    assert!(h.state().state.is_unsaved());
}

/// From the Plot tab, Tab reaches the tray's first row in a few stops (the tabs after it,
/// the timer and Present), before the group picker and the grid.
#[test]
fn tab_reaches_the_tray_early_and_its_row_shows_the_focus() {
    let mut h = harness();
    h.get_by_label("Plot").click();
    h.run_steps(2);
    h.get_by_label("Plot").focus();
    h.run_steps(1);
    let mut stops = 0;
    while !h.get_by_label("Place commitment 1").is_focused() {
        h.key_press(Key::Tab);
        h.run_steps(1);
        stops += 1;
        assert!(
            stops <= 10,
            "the tray is still not reached after {stops} Tabs"
        );
    }
    // Its row is ringed: a stroke around the whole row in the selection colour.
    let row = h.get_by_label("Place commitment 1").rect();
    let ring = h.ctx.global_style().visuals.selection.stroke.color;
    let ringed = h.output().shapes.iter().any(|c| match &c.shape {
        egui::Shape::Rect(r) => {
            r.stroke.color == ring && r.stroke.width >= 2.0 && r.rect.contains_rect(row)
        }
        _ => false,
    });
    assert!(ringed, "the focused tray row has a visible ring");
}

/// A right-click on a point sends it back to the tray, announced with Undo like Back.
#[test]
fn a_right_click_on_a_point_sends_it_back_with_undo() {
    let mut h = harness();
    h.get_by_label("Plot").click();
    h.run_steps(2);
    h.get_by_label("Place commitment 3").click();
    h.run_steps(3);
    let g = h.state().state.window.group.unwrap();
    let before = h.state().state.session().clone();
    let p = h
        .state()
        .state
        .workshop()
        .placement(g, "3")
        .cloned()
        .unwrap();
    let at = grid_transform(&h)
        .position_from_point(&egui_plot::PlotPoint::new(p.ambition, p.desirability));
    h.hover_at(at);
    h.run_steps(2);
    // Hovered, a point says its title.
    let title = cocreate::demo::bundled_commitments()[2].title.clone();
    let tip = format!("3. {title}\nDrag to move; right-click to send back to the tray.");
    assert!(painted_texts(&h).contains(&tip), "{:?}", painted_texts(&h));
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.run_steps(1);
    }
    h.run_steps(4);
    assert!(
        h.state().state.workshop().placement(g, "3").is_none(),
        "sent back"
    );
    let group_name = h.state().state.workshop().group(g).unwrap().name.clone();
    h.get_by_label(&format!("{group_name}: #3 back in the tray"));
    h.get_by_label("Undo").click();
    h.run_steps(3);
    assert_eq!(*h.state().state.session(), before);
}

/// Shift+Tab goes back the way Tab came.
#[test]
fn shift_tab_moves_back_to_the_control_before() {
    let mut h = harness();
    h.get_by_label("Plot").click();
    h.run_steps(2);
    h.get_by_label("Place commitment 1").focus();
    h.run_steps(1);
    h.key_press(Key::Tab);
    h.run_steps(1);
    assert!(!h.get_by_label("Place commitment 1").is_focused());
    h.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
    h.run_steps(1);
    assert!(h.get_by_label("Place commitment 1").is_focused());
}
