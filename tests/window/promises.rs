//! README promises that had no test (issue 16): the unsaved-changes prompt for Import, Merge
//! and New; Ctrl+N, Ctrl+= / Ctrl+- / Ctrl+0, Ctrl+T / Ctrl+Shift+T; Escape leaving the wall;
//! `--present` and `--lang`; the most-disputed commitments named in red.

use crate::common::*;

/// What a person sees after an edit when they ask for `key` (with Ctrl): the prompt naming
/// what it holds back; Cancel keeps the session and its edit; Discard goes on.
fn asks_before(key: Key, before: &str, answers: Vec<Picked>) -> Harness<'static, App> {
    let mut h = harness_with(AppState::bundled(), FakePicker::answering(answers));
    make_an_edit(&mut h);
    let edited = h.state().state.session().clone();
    ctrl(&mut h, key);
    h.get_by_label(&format!("Save changes before {before}?"));
    h.get_by_label("Cancel").click();
    h.run_steps(3);
    assert_eq!(h.state().state.session(), &edited, "Cancel keeps the work");
    assert!(h.state().state.is_unsaved());
    assert!(
        h.query_by_label(&format!("Save changes before {before}?"))
            .is_none()
    );
    ctrl(&mut h, key);
    h.get_by_label("Discard").click();
    h.run_steps(4);
    h
}

#[test]
fn new_with_unsaved_changes_asks_first_then_starts_a_fresh_workshop() {
    let h = asks_before(Key::N, "starting a new workshop", vec![]);
    let state = &h.state().state;
    assert!(
        state.session().workshops[0].placements.is_empty(),
        "a fresh workshop"
    );
    assert_eq!(state.doc.path(), None);
}

#[test]
fn import_with_unsaved_changes_asks_first_then_imports() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("ideas.csv");
    std::fs::write(
        &csv,
        "id,title,theme,votes,description\nA,Open budgets,transparency,9,d\nB,Open courts,accountability,3,e\n",
    )
    .unwrap();
    let h = asks_before(
        Key::I,
        "importing a commitment list",
        vec![Picked::Path(csv)],
    );
    let ids: Vec<&str> = h
        .state()
        .state
        .session()
        .commitments
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, ["A", "B"]);
}

#[test]
fn merge_with_unsaved_changes_asks_first_then_merges() {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<PathBuf> = cocreate::demo::ontario_2016()
        .into_iter()
        .map(|(name, session)| {
            let path = dir.path().join(name);
            cocreate::file::save(&session, &path).unwrap();
            path
        })
        .collect();
    let h = asks_before(Key::M, "merging sessions", vec![Picked::Paths(paths)]);
    let state = &h.state().state;
    assert_eq!(state.session().workshops.len(), 3, "the three merged");
    assert_eq!(state.window.view, View::Event);
}

#[test]
fn ctrl_n_without_unsaved_changes_starts_at_once() {
    let mut h = harness_on(cocreate::demo::ontario_2016().remove(0).1, "Plot");
    assert!(!h.state().state.session().workshops[0].placements.is_empty());
    ctrl(&mut h, Key::N);
    assert!(h.query_by_label_contains("Save changes before").is_none());
    assert!(h.state().state.session().workshops[0].placements.is_empty());
}

#[test]
fn ctrl_plus_minus_and_zero_change_the_type_size_and_back() {
    let mut h = harness();
    let zoom = |h: &Harness<'_, App>| h.state().state.window.zoom;
    assert_eq!(zoom(&h), 1.0);
    ctrl(&mut h, Key::Equals);
    let larger = zoom(&h);
    assert!(larger > 1.0, "{larger}");
    ctrl(&mut h, Key::Minus);
    ctrl(&mut h, Key::Minus);
    let smaller = zoom(&h);
    assert!(smaller < 1.0, "{smaller}");
    assert!(
        (h.ctx.zoom_factor() - smaller).abs() < 1e-3,
        "the window's type follows: {}",
        h.ctx.zoom_factor()
    );
    ctrl(&mut h, Key::Num0);
    assert_eq!(zoom(&h), 1.0);
}

#[test]
fn ctrl_t_starts_and_pauses_the_timer_and_ctrl_shift_t_resets_it() {
    let mut h = harness();
    ctrl(&mut h, Key::T);
    assert!(h.state().state.window.timer.is_running());
    h.run_steps(120); // two seconds of the app's clock
    ctrl(&mut h, Key::T);
    assert!(!h.state().state.window.timer.is_running());
    h.get_by_label("Resume timer");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::T);
    h.run_steps(3);
    assert!(!h.state().state.window.timer.is_running());
    h.get_by_label("Start timer");
    assert!(
        h.query_by_label("Resume timer").is_none(),
        "reset, not paused"
    );
}

#[test]
fn escape_leaves_presenter_mode_and_changes_nothing() {
    let mut h = harness();
    h.get_by_label("Present").click();
    h.run_steps(3);
    assert!(h.state().state.window.presenting);
    let before = h.state().state.session().clone();
    h.key_press(Key::Escape);
    h.run_steps(3);
    assert!(!h.state().state.window.presenting);
    assert_eq!(h.state().state.session(), &before);
    assert!(!h.state().state.is_unsaved());
}

/// `cocreate FILE --present --lang fr`: the command line's options reach the window's
/// state — the file opened, on the wall, in French, whatever language the last run
/// remembered.
#[test]
fn present_and_lang_from_the_command_line_open_the_wall_in_french() {
    use clap::Parser as _;
    let file =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/ontario-2016-central.ron");
    let cli = cocreate::cli::Cli::try_parse_from([
        "cocreate",
        file.to_str().unwrap(),
        "--present",
        "--lang",
        "fr",
    ])
    .unwrap();
    let cocreate::cli::Outcome::Window {
        file,
        room,
        present,
        language,
    } = cocreate::cli::run(cli)
    else {
        panic!("the window is asked for");
    };
    let options = cocreate::app::WindowOptions {
        file,
        present,
        language,
        room,
    };
    let mut state = App::starting_state(&options, None);
    let remembered = cocreate::app::prefs::Prefs::default(); // English
    App::remembering(&mut state, &remembered, options.language.as_deref());
    assert!(state.window.presenting);
    assert_eq!(state.window.language, "fr");
    assert_eq!(
        state.session().workshops[0].details.name,
        "Central workshop"
    );
    // Shown in French — the language is process-wide, so that is checked where tests take
    // turns with it: tests/i18n.rs, `the_window_switches_to_french_and_back`.
}

/// All workshops names the commitments the workshops disagree on most, in red, with their
/// disagreement: the three largest, in order.
#[test]
fn the_most_disputed_commitments_are_named_largest_first() {
    let merged = merged_ontario();
    let hidden = std::collections::BTreeSet::new();
    let rows = cocreate::stats::event_rows(
        merged.commitments.iter().map(|c| c.id.as_str()),
        &merged.workshops.iter().collect::<Vec<_>>(),
    );
    let mut by: Vec<(f64, &str)> = rows
        .iter()
        .map(|r| (r.disagreement, r.aggregate.commitment.as_str()))
        .collect();
    by.sort_by(|a, b| b.0.total_cmp(&a.0));
    let expected: Vec<String> = by[..3]
        .iter()
        .map(|(d, id)| format!("{id} ({d:.2})"))
        .collect();
    assert_eq!(
        cocreate::ui::event::disputed(
            &cocreate::document::Document::saved(merged.clone(), None).event_rows(&hidden)
        ),
        by[..3]
            .iter()
            .map(|(_, id)| (*id).to_owned())
            .collect::<Vec<_>>()
    );
    let h = harness_on(merged, "All workshops");
    h.get_by_label(&format!(
        "Red: the workshops disagree most on {}",
        expected.join(", ")
    ));
}
