//! Menus, shortcuts, tooltips and the timer.

use crate::common::*;

#[test]
fn timer_counts_down_and_says_when_time_is_up() {
    let mut h = harness();
    h.state_mut().state.window.timer.minutes = 1;
    h.get_by_label("Start timer").click();
    h.run_steps(2);
    assert!(h.state().state.window.timer.is_running());
    h.get_by_label("Pause timer").click();
    h.run_steps(2);
    assert!(!h.state().state.window.timer.is_running());
    h.get_by_label("Resume timer").click();
    // 61 s later (kittest's clock advances by its step time).
    let steps = (61.0 / (1.0 / 60.0)) as usize;
    h.run_steps(steps);
    h.get_by_label("Time is up");
    h.get_by_label("Reset timer").click();
    h.run_steps(2);
    assert!(h.query_by_label("Time is up").is_none());
}

#[test]
fn tooltips_are_read_out_as_descriptions() {
    let mut h = harness();
    let description = |h: &Harness<'_, App>, label: &str| {
        h.get_by_label(label)
            .accesskit_node()
            .description()
            .unwrap_or_default()
    };
    assert_eq!(description(&h, "Timer minutes"), "The activity's length");
    assert_eq!(
        description(&h, "Start timer"),
        "Start or pause the timer (Ctrl+T)"
    );
    h.key_press(Key::F11);
    h.run_steps(3);
    assert_eq!(
        description(&h, "Set the timer"),
        "Activity timer: click to set the length"
    );
    assert_eq!(description(&h, "Exit presenter"), "F11 or Escape");
}

#[test]
fn help_lists_every_shortcut() {
    let mut h = harness();
    h.key_press(Key::F1);
    h.run_steps(3);
    assert!(h.state().state.window.show_shortcuts);
    for action in cocreate::app::actions::Action::ALL {
        assert!(
            h.query_all_by_label(&action.label()).count() >= 1,
            "{action:?} is listed"
        );
    }
}

#[test]
fn shortcuts_with_shift_do_not_fire_their_shorter_twin() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("as.ron");
    let mut h = harness_with(
        AppState::bundled(),
        FakePicker::answering(vec![Picked::Path(path.clone())]),
    );
    h.state_mut()
        .state
        .doc
        .mark_saved(dir.path().join("current.ron"));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run_steps(3);
    assert!(path.exists(), "Ctrl+Shift+S is Save as, not Save");
    assert!(!dir.path().join("current.ron").exists());
}

#[test]
fn a_paused_timer_says_so() {
    let mut h = harness();
    h.get_by_label("Start timer").click();
    h.run_steps(3);
    assert!(h.query_by_label("Paused").is_none());
    h.get_by_label("Pause timer").click();
    h.run_steps(3);
    h.get_by_label("Paused");
}

/// Time up, the clock flashes: red behind white twice a second, red on the panel between.
#[test]
fn the_clock_flashes_red_when_time_is_up() {
    let red = egui::Color32::from_rgb(0xC0, 0x20, 0x20);
    let mut h = harness();
    h.state_mut().state.window.timer.minutes = 1;
    h.get_by_label("Start timer").click();
    let until = h.ctx.input(|i| i.time) + 61.0;
    while h.ctx.input(|i| i.time) < until {
        h.run_steps(1);
    }
    h.get_by_label("Time is up");
    // The clock's text as painted: (background, colour) of its first section.
    let clock = |h: &Harness<'_, App>| {
        fn is_clock(text: &str) -> bool {
            let digits = text.trim_start_matches('-');
            digits.len() == 5
                && digits
                    .char_indices()
                    .all(|(i, c)| if i == 2 { c == ':' } else { c.is_ascii_digit() })
        }
        fn find(shape: &egui::Shape) -> Option<(egui::Color32, egui::Color32)> {
            match shape {
                egui::Shape::Text(t) if is_clock(t.galley.text()) => t
                    .galley
                    .job
                    .sections
                    .first()
                    .map(|s| (s.format.background, s.format.color)),
                egui::Shape::Vec(shapes) => shapes.iter().find_map(find),
                _ => None,
            }
        }
        h.output().shapes.iter().find_map(|c| find(&c.shape))
    };
    let mut seen = std::collections::BTreeSet::new();
    let until = h.ctx.input(|i| i.time) + 1.5;
    while h.ctx.input(|i| i.time) < until {
        h.run_steps(1);
        let (background, color) = clock(&h).unwrap_or_else(|| {
            panic!(
                "the clock, past its end: {:?}",
                painted_texts(&h)
                    .iter()
                    .filter(|t| t.contains(':'))
                    .collect::<Vec<_>>()
            )
        });
        seen.insert((
            background == red,
            color == red || color == egui::Color32::WHITE,
        ));
        assert!(
            background == red || color == red,
            "red either way: {background:?} {color:?}"
        );
    }
    assert_eq!(seen.len(), 2, "both looks within 1.5 s: {seen:?}");
}
