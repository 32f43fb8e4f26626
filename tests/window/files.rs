//! Opening, saving, the unsaved-changes flow, file dialogs and export.

use crate::common::*;

#[test]
fn a_failed_open_leaves_the_session_and_shows_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.ron");
    std::fs::write(
        &bad,
        "(format_version: 1, commitments: [(id: \"1\", title: 5)])",
    )
    .unwrap();
    let mut h = harness_with(
        AppState::bundled(),
        FakePicker::answering(vec![Picked::Path(bad)]),
    );
    h.get_by_label("Plot").click();
    h.run_steps(2);
    h.get_by_label("Place commitment 2").click();
    h.run_steps(2);
    let before = h.state().state.session().clone();

    ctrl(&mut h, Key::O);
    // Unsaved work: the app asks first; even "Discard" loses nothing until a file loads.
    h.get_by_label("Discard").click();
    h.run_steps(3);
    h.get_by_label_contains("broken.ron:1:");
    h.get_by_label("The session that was open is unchanged.");
    assert_eq!(*h.state().state.session(), before);
    assert!(
        h.state().state.is_unsaved(),
        "unsaved work is still marked unsaved"
    );
    h.get_by_label("OK").click();
    h.run_steps(2);
    assert!(h.state().state.window.error.is_none());
}

#[test]
fn save_quit_reopen_finds_the_same_state() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workshop");
    let mut h = harness_with(
        AppState::bundled(),
        FakePicker::answering(vec![Picked::Path(path.clone())]),
    );
    h.get_by_label("Plot").click();
    h.run_steps(2);
    for id in ["1", "2", "3"] {
        h.get_by_label(&format!("Place commitment {id}")).click();
        h.run_steps(2);
    }
    h.get_by_label("Select commitment 2").click();
    h.run_steps(2);
    ctrl(&mut h, Key::S); // no file yet: Save asks where
    let saved_to = PathBuf::from(format!("{}.ron", path.display()));
    let state = &h.state().state;
    assert_eq!(
        state.doc.path(),
        Some(saved_to.as_path()),
        "the .ron extension is added"
    );
    assert!(!state.is_unsaved());
    assert!(!state.title().contains('●'));
    let session = state.session().clone();

    ctrl(&mut h, Key::Q);
    assert!(
        h.state().state.flow.is_closing(),
        "nothing unsaved: it closes at once"
    );

    let mut again = harness_with(
        AppState::bundled(),
        FakePicker::answering(vec![Picked::Path(saved_to)]),
    );
    ctrl(&mut again, Key::O);
    assert_eq!(*again.state().state.session(), session);
    assert_eq!(again.state().state.window.view, View::Compare);
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let mut h = harness();
    h.get_by_label("Plot").click();
    h.run_steps(2);
    h.get_by_label("Place commitment 1").click();
    h.run_steps(2);
    ctrl(&mut h, Key::Q);
    h.get_by_label("Save changes before closing?");
    assert!(!h.state().state.flow.is_closing());
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(!h.state().state.flow.is_closing() && h.state().state.flow.asking().is_none());
    ctrl(&mut h, Key::Q);
    h.get_by_label("Discard").click();
    h.run_steps(2);
    assert!(h.state().state.flow.is_closing());
}

#[test]
fn without_a_native_dialog_the_user_is_told_and_can_type_a_path() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("ideas.csv");
    std::fs::write(
        &csv,
        "id,title,theme,votes,description\nA,Open budgets,transparency,9,d\n",
    )
    .unwrap();
    let help = cocreate::app::dialogs::NO_DIALOG_HELP.to_owned();
    let mut h = harness_with(
        AppState::bundled(),
        FakePicker::answering(vec![Picked::Unavailable(help)]),
    );
    ctrl(&mut h, Key::I);
    h.get_by_label_contains("apt-get install zenity");
    h.get_by_label("OK").click();
    h.run_steps(2);
    type_into(&mut h, "File path:", csv.to_str().unwrap());
    h.get_by_label("OK").click();
    h.run_steps(3);
    let state = &h.state().state;
    assert_eq!(state.session().commitments.len(), 1);
    assert_eq!(state.session().commitments[0].title, "Open budgets");
}

/// Unsaved work, Ctrl+O, and "Save" on the prompt: the work is saved (to its own file if
/// it has one, else where the Save As dialog says), then the Open dialog's answer opens.
fn save_first_then_open(with_a_path: bool) {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.ron");
    let other = dir.path().join("other.ron");
    save_another_session(&other);
    let (state, mut answers) = if with_a_path {
        cocreate::file::save(&AppState::bundled().session().clone(), &mine).unwrap();
        let session = cocreate::file::load(&mine).unwrap();
        (AppState::new(session, Some(mine.clone())), vec![])
    } else {
        (AppState::bundled(), vec![Picked::Path(mine.clone())])
    };
    answers.push(Picked::Path(other.clone()));
    let before = state.doc.path().map(ToOwned::to_owned);
    let mut h = harness_with(state, FakePicker::answering(answers));
    make_an_edit(&mut h);
    ctrl(&mut h, Key::O);
    h.get_by_label("Save changes before opening another session?");
    assert_eq!(
        h.state().state.doc.path(),
        before.as_deref(),
        "nothing replaced yet"
    );
    h.get_by_label("Save").click();
    h.run_steps(3);
    let mine_saved = cocreate::file::load(&mine).unwrap();
    assert_eq!(mine_saved.workshops[0].placements.len(), 1);
    assert_eq!(h.state().state.doc.path(), Some(other.as_path()));
}

#[test]
fn opening_another_file_with_unsaved_changes_asks_and_can_save_first() {
    save_first_then_open(false);
}

#[test]
fn saving_first_a_file_that_has_a_path_goes_on_to_the_open_dialog() {
    save_first_then_open(true);
}

#[test]
fn opening_a_recent_file_with_unsaved_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.ron");
    let (other, state) = with_a_recent_file(dir.path());
    let mut h = harness_with(
        state,
        FakePicker::answering(vec![Picked::Path(mine.clone())]),
    );
    make_an_edit(&mut h);

    // Cancel: nothing changes, the work stays unsaved.
    open_recent(&mut h, "other.ron");
    h.get_by_label("Save changes before opening another session?");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.state().state.is_unsaved());
    assert_eq!(h.state().state.doc.path(), None);
    assert_eq!(h.state().state.workshop().placements.len(), 1);

    // Save first: saved where the user chose, then the recent file opens.
    open_recent(&mut h, "other.ron");
    h.get_by_label("Save").click();
    h.run_steps(3);
    let mine_saved = cocreate::file::load(&mine).unwrap();
    assert_eq!(mine_saved.workshops[0].placements.len(), 1);
    let state = &h.state().state;
    assert_eq!(state.doc.path(), Some(other.as_path()));
    assert!(!state.is_unsaved());
}

#[test]
fn a_typed_path_prompt_dismissed_leaves_nothing_waiting_for_a_later_save() {
    let dir = tempfile::tempdir().unwrap();
    let later = dir.path().join("later.ron");
    let (_, state) = with_a_recent_file(dir.path());
    let help = cocreate::app::dialogs::NO_DIALOG_HELP.to_owned();
    let mut h = harness_with(
        state,
        FakePicker::answering(vec![Picked::Unavailable(help)]),
    );
    make_an_edit(&mut h);
    // Open recent, Save first: no dialog can open, so the path is asked for; Cancel.
    open_recent(&mut h, "other.ron");
    h.get_by_label("Save").click();
    h.run_steps(4);
    h.get_by_label_contains("apt-get install zenity");
    h.get_by_label("OK").click(); // the explanation
    h.run_steps(2);
    h.get_by_label("Cancel").click(); // the path prompt
    h.run_steps(2);
    assert!(h.state().state.flow == cocreate::app::Flow::Idle);
    // A later Save As saves, and nothing else: the recent file does not open.
    h.state_mut()
        .state
        .apply(cocreate::app::Command::SaveTo(later.clone()), 0.0);
    h.run_steps(2);
    assert!(later.exists());
    assert_eq!(h.state().state.doc.path(), Some(later.as_path()));
    assert_eq!(h.state().state.workshop().placements.len(), 1);
}

#[test]
fn a_newer_file_opens_read_only_and_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("from-the-future.ron");
    let session = cocreate::demo::generate(cocreate::demo::bundled_commitments(), 2, 9);
    let text = cocreate::file::to_ron(&session).unwrap().replacen(
        "format_version: 3",
        "format_version: 4",
        1,
    );
    std::fs::write(&path, &text).unwrap();
    let copy = dir.path().join("mine.ron");
    let mut h = harness_with(
        AppState::bundled(),
        FakePicker::answering(vec![Picked::Path(path.clone()), Picked::Path(copy.clone())]),
    );
    ctrl(&mut h, Key::O);
    h.get_by_label_contains("open read-only");
    h.get_by_label("OK").click();
    h.run_steps(2);
    let state = &h.state().state;
    assert!(
        state.doc.is_read_only() && state.title().contains("read-only"),
        "{}",
        state.title()
    );
    assert_eq!(state.session().workshops, session.workshops);
    ctrl(&mut h, Key::S); // asks where, instead of writing over the original
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "the original is untouched"
    );
    assert!(cocreate::file::load(&copy).is_ok());
    assert!(!h.state().state.doc.is_read_only(), "the copy is ours");
}

#[test]
fn a_failed_save_tells_the_user_and_keeps_the_old_file_and_the_work() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("room.ron");
    let session = cocreate::demo::generate(cocreate::demo::bundled_commitments(), 3, 8);
    cocreate::file::save(&session, &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut h = harness_with(
        AppState::new(session, Some(path.clone())),
        FakePicker::answering(vec![]),
    );
    h.get_by_label("Compare").click();
    h.run_steps(4);
    let id = h.state().state.workshop().placements[0].commitment.clone();
    h.get_by_label(&format!("Select commitment {id}")).click();
    h.run_steps(2);
    let edited = h.state().state.session().clone();
    // The write fails: a directory stands where the temporary file goes (as a full or
    // read-only disk would make it fail; permissions do not stop root, who runs CI).
    std::fs::create_dir(cocreate::file::temporary_path(&path).unwrap()).unwrap();
    ctrl(&mut h, Key::S);
    let message = text_of(&h.get_by_label_contains("Not saved.").accesskit_node());
    assert!(message.contains("room.ron"), "{message}");
    h.get_by_label("Could not save room.ron");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the old file is untouched"
    );
    assert!(
        h.state().state.is_unsaved(),
        "the work is still marked unsaved"
    );
    assert_eq!(
        *h.state().state.session(),
        edited,
        "nothing the room did is lost"
    );
}

/// File ▸ Export report…, "Include contacts" ticked if `include_contacts`, then the
/// file dialog (the `FakePicker`'s next answer).
fn export_report(h: &mut Harness<'_, App>, include_contacts: bool) {
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label_contains("Export report…").click();
    h.run_steps(3);
    if include_contacts {
        h.get_by_label("Include contacts (personal data)").click();
        h.run_steps(2);
    }
    h.get_by_label("Choose file…").click();
    h.run_steps(3);
}

/// Runs `cocreate report` on `args` in `dir`; returns its standard output.
fn cli_report(dir: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cocreate"))
        .current_dir(dir)
        .arg("report")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn export_report_writes_what_the_command_line_writes_and_is_not_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let own = dir.path().join("central.ron");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sessions/ontario-2016-central.ron"
        ),
        &own,
    )
    .unwrap();
    let session = cocreate::file::load(&own).unwrap();
    assert!(!session.workshops[0].sign_ups.is_empty());
    let answers = [
        "report.md",
        "placements.csv",
        "draft",
        "contacts.md",
        "after.md",
        "central.ron",
    ]
    .map(|name| Picked::Path(dir.path().join(name)));
    let mut h = harness_with(
        AppState::new(session.clone(), Some(own.clone())),
        FakePicker::answering(answers.to_vec()),
    );
    let exported = |h: &Harness<'_, App>, text: &str| {
        h.state().state.window.toasts.iter().any(|t| t.text == text)
    };

    // .md: the report and its grid, as the library writes them and as `cocreate report
    // -o` does (which names its own image), without contacts by default.
    export_report(&mut h, false);
    assert!(exported(&h, "Exported report.md and report-grid.svg"));
    let options = cocreate::report::MarkdownOptions {
        grid_image: Some("report-grid.svg".into()),
        ..Default::default()
    };
    assert_eq!(
        read("report.md"),
        cocreate::report::markdown(&session, &options)
    );
    assert_eq!(
        read("report-grid.svg"),
        cocreate::report::grid_svg(&session)
    );
    cli_report(dir.path(), &["central.ron", "-o", "cli.md"]);
    assert_eq!(
        read("report.md"),
        read("cli.md").replace("cli-grid.svg", "report-grid.svg")
    );
    assert_eq!(read("report-grid.svg"), read("cli-grid.svg"));
    assert!(!read("report.md").contains("alex@example.org"));

    // .csv: the placements, as `cocreate report --format csv`.
    export_report(&mut h, false);
    assert!(exported(&h, "Exported placements.csv"));
    assert_eq!(read("placements.csv"), cocreate::report::csv(&session));
    assert_eq!(
        read("placements.csv"),
        cli_report(dir.path(), &["central.ron", "--format", "csv"])
    );

    // No extension: Markdown, named .md.
    export_report(&mut h, false);
    assert!(exported(&h, "Exported draft.md and draft-grid.svg"));
    assert!(!dir.path().join("draft").exists());
    assert_eq!(read("draft-grid.svg"), read("report-grid.svg"));

    // Contacts only when ticked, as --include-contacts.
    export_report(&mut h, true);
    cli_report(
        dir.path(),
        &["central.ron", "--include-contacts", "-o", "cli-contacts.md"],
    );
    assert_eq!(
        read("contacts.md"),
        read("cli-contacts.md").replace("cli-contacts-grid.svg", "contacts-grid.svg")
    );
    assert!(read("contacts.md").contains("alex@example.org"));
    // The next export asks again, unticked: no contacts unless ticked again.
    export_report(&mut h, false);
    assert!(exported(&h, "Exported after.md and after-grid.svg"));
    assert!(!read("after.md").contains("alex@example.org"));
    assert_eq!(
        read("after.md"),
        read("report.md").replace("report-grid.svg", "after-grid.svg")
    );

    // Exporting is not an edit.
    assert!(!h.state().state.is_unsaved());
    assert!(
        h.state().state.window.error.is_none(),
        "{:?}",
        h.state().state.window.error
    );

    // The open session's own file is refused, and nothing is written.
    let before = std::fs::read(&own).unwrap();
    export_report(&mut h, false);
    let error = h.state().state.window.error.clone().expect("refused");
    assert!(
        error.contains("central.ron") && error.contains("Nothing was written"),
        "{error}"
    );
    assert_eq!(std::fs::read(&own).unwrap(), before);
    assert!(!dir.path().join("central-grid.svg").exists());
    assert!(!h.state().state.is_unsaved());
}

/// Without a native dialog, Ctrl+E's path is typed: the prompt starts on the session's name
/// as `.md` (never the session's own file), and a typed `.csv` writes the CSV.
#[test]
fn export_report_through_the_typed_path_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let own = dir.path().join("mine.ron");
    save_another_session(&own);
    let session = cocreate::file::load(&own).unwrap();
    let help = cocreate::app::dialogs::NO_DIALOG_HELP.to_owned();
    let mut h = harness_with(
        AppState::new(session.clone(), Some(own.clone())),
        FakePicker::answering(vec![
            Picked::Unavailable(help.clone()),
            Picked::Unavailable(help),
        ]),
    );
    for typed in [None, Some("typed.csv")] {
        ctrl(&mut h, Key::E);
        h.get_by_label("Choose file…").click();
        h.run_steps(3);
        h.get_by_label_contains("apt-get install zenity");
        h.get_by_label("OK").click();
        h.run_steps(2);
        if let Some(name) = typed {
            let path = dir.path().join(name);
            h.get_by_label("File path:").focus();
            h.run_steps(1);
            h.key_press_modifiers(Modifiers::COMMAND, Key::A);
            h.run_steps(1);
            h.get_by_label("File path:")
                .type_text(path.to_str().unwrap());
            h.run_steps(2);
        }
        h.get_by_label("OK").click();
        h.run_steps(3);
    }
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert_eq!(read("mine-grid.svg"), cocreate::report::grid_svg(&session));
    assert!(read("mine.md").contains("(mine-grid.svg)"));
    assert_eq!(read("typed.csv"), cocreate::report::csv(&session));
    assert!(h.state().state.window.error.is_none());
    assert!(!h.state().state.is_unsaved());
}

#[test]
fn a_file_with_nothing_placed_opens_on_plot_and_one_with_placements_on_compare() {
    let dir = tempfile::tempdir().unwrap();
    for (name, session, view) in [
        ("new.ron", AppState::bundled().session().clone(), View::Plot),
        (
            "done.ron",
            cocreate::demo::generate(cocreate::demo::bundled_commitments(), 3, 2),
            View::Compare,
        ),
    ] {
        let path = dir.path().join(name);
        cocreate::file::save(&session, &path).unwrap();
        let state = App::for_file(Some(&path), None);
        assert_eq!(state.window.view, view, "{name}");
    }
}

/// Recovered work over a file that is there but cannot be read here (a newer version): the
/// file is never the target of a save; over a file that reads, it is one undoable edit.
#[test]
fn recovered_work_never_saves_over_a_file_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("from-the-future.ron");
    let text = cocreate::file::to_ron(&AppState::bundled().session().clone())
        .unwrap()
        .replacen("format_version: 3", "format_version: 4", 1);
    std::fs::write(&newer, &text).unwrap();
    let recovered = dir.path().join("recovered.ron");
    let mut work = cocreate::demo::generate(cocreate::demo::bundled_commitments(), 2, 4);
    work.workshops[0].details.name = "The room's work".into();
    cocreate::file::save(&work, &recovered).unwrap();
    let mut state = AppState::bundled();
    state.window.recovery_offer = Some(cocreate::app::recovery::Found {
        file: recovered.clone(),
        original: Some(newer.clone()),
        when: "now".into(),
    });
    state.take_recovery(true, 0.0);
    assert_eq!(state.workshop().details.name, "The room's work");
    assert!(state.is_unsaved());
    assert_eq!(
        state.doc.path(),
        None,
        "Save asks where, never over the newer file"
    );
    assert_eq!(std::fs::read_to_string(&newer).unwrap(), text);

    // Over a file that reads: the file as saved, then the recovered work as one edit.
    let original = dir.path().join("room.ron");
    let file = AppState::bundled().session().clone();
    cocreate::file::save(&file, &original).unwrap();
    cocreate::file::save(&work, &recovered).unwrap();
    let mut state = AppState::bundled();
    state.window.recovery_offer = Some(cocreate::app::recovery::Found {
        file: recovered,
        original: Some(original.clone()),
        when: "now".into(),
    });
    state.take_recovery(true, 0.0);
    assert_eq!(state.doc.path(), Some(original.as_path()));
    assert!(state.is_unsaved());
    let _ = state.apply(
        cocreate::app::Command::Action(cocreate::app::actions::Action::Undo),
        1.0,
    );
    assert_eq!(
        *state.session(),
        file,
        "undo goes back to the file as saved"
    );
    assert!(!state.is_unsaved());
}

/// `cocreate list.csv` opens a new workshop on that list; a file that is not a session is
/// refused and left as it was.
#[test]
fn the_command_line_opens_a_commitment_list_and_refuses_what_is_not_a_session() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("ideas.csv");
    std::fs::write(
        &csv,
        "id,title,theme,votes,description\n1,Open budget,transparency,30,\n2,Open contracts,accountability,12,\n",
    )
    .unwrap();
    let state = App::for_file(Some(&csv), None);
    assert_eq!(state.window.error, None);
    let titles: Vec<&str> = state
        .session()
        .commitments
        .iter()
        .map(|c| c.title.as_str())
        .collect();
    assert_eq!(titles, ["Open budget", "Open contracts"]);
    assert_eq!(state.doc.path(), None, "a new workshop, not the list");

    let notes = dir.path().join("notes.ron");
    std::fs::write(&notes, "not a session\n").unwrap();
    let state = App::for_file(Some(&notes), None);
    let error = state.window.error.clone().expect("refused");
    assert!(error.contains("notes.ron"), "{error}");
    assert_eq!(
        state.session().commitments,
        cocreate::demo::bundled_commitments(),
        "a new workshop on the bundled list"
    );
    assert_eq!(state.doc.path(), None);
    assert_eq!(std::fs::read(&notes).unwrap(), b"not a session\n");
}

/// What the last run remembered comes back — type sizes, language, recent files, the
/// timer's length, the theme — through eframe's storage (RON), and never the session.
#[test]
fn preferences_come_back_in_the_next_run_and_never_the_session() {
    use cocreate::app::prefs::Prefs;
    let mut last = AppState::bundled();
    last.window.zoom = 1.5;
    last.window.presenter_zoom = 2.2;
    last.window.language = "fr".into();
    last.window.recent = vec![PathBuf::from("/x/central.ron")];
    last.window.timer.minutes = 25;
    last.window.high_contrast = true;
    let stored = ron::to_string(&Prefs::of(&last.window)).unwrap();
    assert!(!stored.contains("commitments"), "{stored}");
    let prefs: Prefs = ron::from_str(&stored).unwrap();
    let mut next = AppState::bundled();
    let session = next.session().clone();
    App::remembering(&mut next, &prefs, None);
    let w = &next.window;
    assert_eq!(
        (
            w.zoom,
            w.presenter_zoom,
            w.language.as_str(),
            w.timer.minutes,
            w.high_contrast
        ),
        (1.5, 2.2, "fr", 25, true)
    );
    assert_eq!(w.recent, [PathBuf::from("/x/central.ron")]);
    assert_eq!(*next.session(), session);
    // `--lang` wins over what was remembered; out-of-range values are brought back in.
    let odd = Prefs {
        zoom: 40.0,
        timer_minutes: 0,
        language: "xx".into(),
        ..prefs
    };
    let mut next = AppState::bundled();
    App::remembering(&mut next, &odd, Some("en"));
    assert_eq!(
        (
            next.window.zoom,
            next.window.timer.minutes,
            next.window.language.as_str()
        ),
        (4.0, 1, "en")
    );
    let mut next = AppState::bundled();
    App::remembering(&mut next, &odd, None);
    assert_eq!(
        next.window.language, "en",
        "an unknown language is not kept"
    );
}
