//! The real app, driven through egui_kittest: widgets found by their labels, keys pressed,
//! and the session checked afterwards.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use cocreate::app::dialogs::{FilePicker, Picked, Purpose};
use cocreate::app::{AppState, View};
use cocreate::shell::App;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{AccessKitNode, NodeT as _, Queryable as _};

/// Answers file dialogs from a queue, at once.
#[derive(Default)]
struct FakePicker(Mutex<Vec<Picked>>);

impl FakePicker {
    fn answering(answers: Vec<Picked>) -> Arc<Self> {
        Arc::new(Self(Mutex::new(answers)))
    }
}

impl FilePicker for FakePicker {
    fn pick(&self, _purpose: Purpose, _current: Option<&std::path::Path>) -> Picked {
        let mut queue = self.0.lock().unwrap();
        if queue.is_empty() {
            Picked::Cancelled
        } else {
            queue.remove(0)
        }
    }
    fn is_immediate(&self) -> bool {
        true
    }
}

fn harness_with(state: AppState, picker: Arc<FakePicker>) -> Harness<'static, App> {
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| {
            cocreate::ui::theme::setup_style(&cc.egui_ctx);
            App::with_picker(state, picker)
        });
    harness.run_steps(2);
    harness
}

fn harness() -> Harness<'static, App> {
    harness_with(AppState::bundled(), FakePicker::answering(vec![]))
}

/// A window on `session` (no file), on the `tab` view, its first frames run (tables size
/// their columns over them).
fn harness_on(session: cocreate::model::Session, tab: &str) -> Harness<'static, App> {
    let mut h = harness_with(AppState::new(session, None), FakePicker::answering(vec![]));
    h.get_by_label(tab).click();
    h.run_steps(4);
    h
}

/// Focuses the text field with this label and types into it, as a person would.
fn type_into(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run_steps(1);
    h.get_by_label(label).type_text(text);
    h.run_steps(2);
}

/// Another session, a demo with two groups, saved at `path`.
fn save_another_session(path: &std::path::Path) {
    cocreate::file::save(
        &cocreate::demo::generate(cocreate::demo::bundled_commitments(), 2, 5),
        path,
    )
    .unwrap();
}

/// The bundled session with one recent file, `other.ron` in `dir` (another session).
fn with_a_recent_file(dir: &std::path::Path) -> (PathBuf, AppState) {
    let other = dir.join("other.ron");
    save_another_session(&other);
    let mut state = AppState::bundled();
    state.recent = vec![other.clone()];
    (other, state)
}

/// An edit that leaves unsaved work: commitment 4 placed in the Plot view.
fn make_an_edit(h: &mut Harness<'_, App>) {
    h.get_by_label("Plot").click();
    h.run_steps(2);
    h.get_by_label("Place commitment 4").click();
    h.run_steps(2);
}

/// File ▸ Open recent ▸ `name`.
fn open_recent(h: &mut Harness<'_, App>, name: &str) {
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Open recent").hover();
    h.run_steps(2);
    h.get_by_label(name).click();
    // The menu closes, then a prompt can open.
    h.run_steps(5);
}

/// The three Ontario 2016 workshops merged: a session with three layers.
fn merged_ontario() -> cocreate::model::Session {
    let inputs: Vec<_> = cocreate::demo::ontario_2016()
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    cocreate::merge::merge(&inputs)
}

/// The grid's last screen ↔ plot transform, to find points on screen.
fn grid_transform(h: &Harness<'_, App>) -> egui_plot::PlotTransform {
    h.ctx
        .data(|d| d.get_temp(cocreate::ui::grid::transform_id()))
        .expect("the grid was drawn")
}

fn ctrl(harness: &mut Harness<'_, App>, key: Key) {
    harness.key_press_modifiers(Modifiers::COMMAND, key);
    harness.run_steps(3);
}

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
        h.state().state.group,
        Some(first),
        "adding a group does not change the group plotting"
    );
    h.get_by_label("Group 4 (north table)").click();
    h.run_steps(2);
    let group = h.state().state.group.expect("the group picked is plotting");
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
    assert!(state.dirty);
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
    let g = state.group.unwrap();
    let p = state.workshop().placement(g, "1").unwrap();
    assert!(
        (p.ambition - 2.8).abs() < 0.05 && (p.desirability - 9.0).abs() < 0.1,
        "{p:?}"
    );
    assert!(state.dragging.is_none());
}

#[test]
fn compare_table_sorts_and_selects() {
    let mut h = harness_on(
        cocreate::demo::generate(cocreate::demo::bundled_commitments(), 3, 11),
        "Compare",
    );
    h.get_by_label("Sort by Desirability").click();
    h.run_steps(2);
    let state = &h.state().state;
    assert_eq!(state.sort, (cocreate::app::SortColumn::Desirability, false));
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
    let aggregates = h.state_mut().state.aggregates();
    let row = |n: usize| {
        let a = &aggregates[n];
        let c = &cocreate::demo::bundled_commitments()[n];
        assert_eq!(a.commitment, c.id);
        let name = format!(
            "{}. {}: desirability {:.1}, ambition {}, spread {:.2}, {} groups",
            c.id,
            c.title,
            a.desirability,
            cocreate::i18n::localized(&a.ambition_level()),
            a.spread,
            a.groups
        );
        (c.id.clone(), name)
    };
    let (third, name) = row(2);
    h.get_by_label(&name).click();
    h.run_steps(2);
    assert_eq!(h.state().state.focus.as_deref(), Some(third.as_str()));

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
    assert_eq!(h.state().state.focus.as_deref(), Some(fourth.as_str()));
    h.get_by_label(&name).click();
    h.run_steps(2);

    // The checkbox lies on its row: ticking it selects without moving the focus.
    let (fifth, _) = row(4);
    let was = h.state().state.workshop().is_selected(&fifth);
    h.get_by_label(&format!("Select commitment {fifth}"))
        .click();
    h.run_steps(2);
    assert_eq!(h.state().state.workshop().is_selected(&fifth), !was);
    assert_eq!(h.state().state.focus.as_deref(), Some(third.as_str()));
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
    let before = h.state().state.statistics_runs();
    assert!(before >= 1, "the Compare view computed its statistics");
    // Idle frames and a pointer moving over the grid and the table change nothing.
    for i in 0..10 {
        h.hover_at(egui::pos2(300.0 + 40.0 * i as f32, 400.0));
        h.run_steps(1);
    }
    assert_eq!(h.state().state.statistics_runs(), before);
    // An edit: one recomputation, then none again.
    h.get_by_label("Sort by Spread").click();
    h.run_steps(2);
    assert_eq!(
        h.state().state.statistics_runs(),
        before,
        "sorting is not an edit"
    );
    let id = h.state().state.workshop().placements[0].commitment.clone();
    h.get_by_label(&format!("Select commitment {id}")).click();
    h.run_steps(5);
    assert_eq!(h.state().state.statistics_runs(), before + 1);
}

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
    let before = h.state().state.session.clone();

    ctrl(&mut h, Key::O);
    // Unsaved work: the app asks first; even "Discard" loses nothing until a file loads.
    h.get_by_label("Discard").click();
    h.run_steps(3);
    h.get_by_label_contains("broken.ron:1:");
    h.get_by_label("The session that was open is unchanged.");
    assert_eq!(h.state().state.session, before);
    assert!(
        h.state().state.dirty,
        "unsaved work is still marked unsaved"
    );
    h.get_by_label("OK").click();
    h.run_steps(2);
    assert!(h.state().state.error.is_none());
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
        state.path.as_deref(),
        Some(saved_to.as_path()),
        "the .ron extension is added"
    );
    assert!(!state.dirty);
    assert!(!state.title().contains('●'));
    let session = state.session.clone();

    ctrl(&mut h, Key::Q);
    assert!(
        h.state().state.closing,
        "nothing unsaved: it closes at once"
    );

    let mut again = harness_with(
        AppState::bundled(),
        FakePicker::answering(vec![Picked::Path(saved_to)]),
    );
    ctrl(&mut again, Key::O);
    assert_eq!(again.state().state.session, session);
    assert_eq!(again.state().state.view, View::Compare);
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
    assert!(!h.state().state.closing);
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(!h.state().state.closing && h.state().state.confirm_unsaved.is_none());
    ctrl(&mut h, Key::Q);
    h.get_by_label("Discard").click();
    h.run_steps(2);
    assert!(h.state().state.closing);
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
    assert_eq!(state.session.commitments.len(), 1);
    assert_eq!(state.session.commitments[0].title, "Open budgets");
}

/// Unsaved work, Ctrl+O, and "Save" on the prompt: the work is saved (to its own file if
/// it has one, else where the Save As dialog says), then the Open dialog's answer opens.
fn save_first_then_open(with_a_path: bool) {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.ron");
    let other = dir.path().join("other.ron");
    save_another_session(&other);
    let (state, mut answers) = if with_a_path {
        cocreate::file::save(&AppState::bundled().session, &mine).unwrap();
        let session = cocreate::file::load(&mine).unwrap();
        (AppState::new(session, Some(mine.clone())), vec![])
    } else {
        (AppState::bundled(), vec![Picked::Path(mine.clone())])
    };
    answers.push(Picked::Path(other.clone()));
    let before = state.path.clone();
    let mut h = harness_with(state, FakePicker::answering(answers));
    make_an_edit(&mut h);
    ctrl(&mut h, Key::O);
    h.get_by_label("Save changes before opening another session?");
    assert_eq!(h.state().state.path, before, "nothing replaced yet");
    h.get_by_label("Save").click();
    h.run_steps(3);
    let mine_saved = cocreate::file::load(&mine).unwrap();
    assert_eq!(mine_saved.workshops[0].placements.len(), 1);
    assert_eq!(h.state().state.path.as_deref(), Some(other.as_path()));
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
    assert!(h.state().state.dirty);
    assert_eq!(h.state().state.path, None);
    assert_eq!(h.state().state.workshop().placements.len(), 1);

    // Save first: saved where the user chose, then the recent file opens.
    open_recent(&mut h, "other.ron");
    h.get_by_label("Save").click();
    h.run_steps(3);
    let mine_saved = cocreate::file::load(&mine).unwrap();
    assert_eq!(mine_saved.workshops[0].placements.len(), 1);
    let state = &h.state().state;
    assert_eq!(state.path.as_deref(), Some(other.as_path()));
    assert!(!state.dirty);
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
    assert!(h.state().state.after_save.is_none());
    // A later Save As saves, and nothing else: the recent file does not open.
    h.state_mut()
        .state
        .apply(cocreate::app::Command::SaveTo(later.clone()), 0.0);
    h.run_steps(2);
    assert!(later.exists());
    assert_eq!(h.state().state.path.as_deref(), Some(later.as_path()));
    assert_eq!(h.state().state.workshop().placements.len(), 1);
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
        .placement(state.group.unwrap(), "5")
        .expect("dropped on the grid");
    assert!(
        (p.ambition - 0.4).abs() < 0.05 && (p.desirability - 2.0).abs() < 0.1,
        "{p:?}"
    );
}

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
    assert_eq!(state.view, View::Event);
    assert_eq!(
        state.session.workshops.len(),
        2,
        "two copies of one workshop merge into one"
    );
    assert_eq!(state.session.conflicts.len(), 1);
    assert!(
        state.dirty && state.path.is_none(),
        "a new, unsaved session"
    );

    let central_id = state
        .session
        .workshops
        .iter()
        .find(|w| w.name == "Central workshop")
        .unwrap()
        .id
        .clone();
    h.get_by_label("Show Central workshop").click();
    h.run_steps(2);
    assert!(h.state().state.hidden_layers.contains(&central_id));
    assert_eq!(
        h.state_mut().state.event_rows()[0].aggregate.groups,
        3,
        "only the northern groups"
    );
    h.get_by_label("Show Central workshop").click();
    h.run_steps(2);
    assert!(h.state().state.hidden_layers.is_empty());

    h.get_by_label("Only selected at two or more workshops (1)")
        .click();
    h.run_steps(2);
    assert!(h.state().state.only_repeated);

    h.get_by_label_contains("Conflicts (1 open of 1)").click();
    h.run_steps(2);
    h.get_by_label_contains("placed commitment 5 in 2 different ways");
    h.get_by_label("Use version 2 of conflict 1").click();
    h.run_steps(2);
    let state = &h.state().state;
    let chosen = state.session.conflicts[0]
        .resolution()
        .cloned()
        .expect("resolved");
    assert_eq!(chosen, state.session.conflicts[0].versions[1]);

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

/// What a widget reads out: a label's text is its value in AccessKit.
fn text_of(node: &AccessKitNode<'_>) -> String {
    let text = if node.role() == egui::accesskit::Role::Label {
        node.value()
    } else {
        node.label()
    };
    text.unwrap_or_default()
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
    let before = h.state().state.session.clone();
    ctrl(&mut h, Key::M);
    h.get_by_label_contains("broken.ron:1:");
    assert_eq!(h.state().state.session, before);
}

#[test]
fn keyboard_places_moves_and_sends_back() {
    let mut h = harness();
    h.get_by_label("Plot").click();
    h.run_steps(2);
    h.get_by_label("Place commitment 3").focus();
    h.run_steps(2);
    assert_eq!(
        h.state().state.focus.as_deref(),
        Some("3"),
        "focusing a row picks its commitment"
    );
    h.key_press(Key::Enter);
    h.run_steps(2);
    let g = h.state().state.group.unwrap();
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

#[test]
fn undo_and_redo_every_kind_of_edit() {
    let mut h = harness();
    let settle = |h: &mut Harness<'_, App>| h.run_steps(90); // the history keeps a state once it is still
    let before = h.state().state.session.clone();
    h.get_by_label("Plot").click();
    settle(&mut h);
    h.get_by_label("Place commitment 1").click();
    settle(&mut h);
    let placed = h.state().state.session.clone();
    h.get_by_label("Select commitment 1").click();
    settle(&mut h);
    assert!(h.state().state.workshop().is_selected("1"));

    ctrl(&mut h, Key::Z);
    assert_eq!(h.state().state.session, placed, "undo the selection");
    ctrl(&mut h, Key::Z);
    assert_eq!(h.state().state.session, before, "undo the placement");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run_steps(3);
    assert_eq!(h.state().state.session, placed, "redo");

    // A group and a form field are edits too.
    h.get_by_label("Workshop").click();
    settle(&mut h);
    h.get_by_label("Add group").click();
    settle(&mut h);
    assert_eq!(h.state().state.workshop().groups.len(), 4);
    ctrl(&mut h, Key::Z);
    assert_eq!(h.state().state.workshop().groups.len(), 3);
    type_into(&mut h, "Location", "Sudbury");
    settle(&mut h);
    assert_eq!(h.state().state.workshop().location, "Sudbury");
    ctrl(&mut h, Key::Z);
    assert_eq!(
        h.state().state.workshop().location,
        "",
        "typing is undone as one step"
    );
}

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
    assert!(state.presenting);
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
    assert!(!h.state().state.presenting);
    assert_eq!(h.ctx.zoom_factor(), 1.0);
}

#[test]
fn timer_counts_down_and_says_when_time_is_up() {
    let mut h = harness();
    h.state_mut().state.timer.minutes = 1;
    h.get_by_label("Start timer").click();
    h.run_steps(2);
    assert!(h.state().state.timer.is_running());
    h.get_by_label("Pause timer").click();
    h.run_steps(2);
    assert!(!h.state().state.timer.is_running());
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
        session.workshops[0].name = name.to_owned();
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
    assert!(h.state().state.presenting);
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
        h.query_by_label("Timer minutes").is_none() && h.state().state.presenting,
        "Escape closes the popup and stays on the wall"
    );
    // From the keyboard: the clock takes the focus and Enter opens the popup.
    h.get_by_label("Set the timer").focus();
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(2);
    h.get_by_label("5 min").click();
    h.run_steps(2);
    assert_eq!(h.state().state.timer.minutes, 5);
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
    assert!(h.state().state.timer.is_running());
    assert!(h.query_by_label("Timer minutes").is_none());
    assert!(
        h.query_by_label("Set the timer").is_none(),
        "a running clock is not set by a click"
    );
}

#[test]
fn help_lists_every_shortcut() {
    let mut h = harness();
    h.key_press(Key::F1);
    h.run_steps(3);
    assert!(h.state().state.show_shortcuts);
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
    h.state_mut().state.path = Some(dir.path().join("current.ron"));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run_steps(3);
    assert!(path.exists(), "Ctrl+Shift+S is Save as, not Save");
    assert!(!dir.path().join("current.ron").exists());
}

#[test]
fn a_newer_file_opens_read_only_and_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("from-the-future.ron");
    let session = cocreate::demo::generate(cocreate::demo::bundled_commitments(), 2, 9);
    let text = cocreate::file::to_ron(&session).unwrap().replacen(
        "format_version: 1",
        "format_version: 2",
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
        state.read_only && state.title().contains("read-only"),
        "{}",
        state.title()
    );
    assert_eq!(state.session.workshops, session.workshops);
    ctrl(&mut h, Key::S); // asks where, instead of writing over the original
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "the original is untouched"
    );
    assert!(cocreate::file::load(&copy).is_ok());
    assert!(!h.state().state.read_only, "the copy is ours");
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
    h.run_steps(3);
    assert_eq!(marker_quad_centres(&h), before, "idle frames draw the same");

    let state = &mut h.state_mut().state;
    let (group, commitment) = {
        let p = &state.workshop().placements[0];
        (p.group, p.commitment.clone())
    };
    state.workshop_mut().place(group, &commitment, 10.0, 3.0);
    state.mark_changed();
    h.run_steps(2);
    assert!(
        near(&marker_quad_centres(&h)),
        "the moved point is drawn where it now is"
    );
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
    let edited = h.state().state.session.clone();
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
    assert!(h.state().state.dirty, "the work is still marked unsaved");
    assert_eq!(
        h.state().state.session,
        edited,
        "nothing the room did is lost"
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
    let g = state.group.unwrap();
    let id = state
        .workshop()
        .placements
        .iter()
        .find(|p| p.group == g)
        .unwrap()
        .commitment
        .clone();
    h.state_mut().state.focus = Some(id.clone());
    h.get_by_label("Plot").click();
    h.run_steps(3);
    let before = h.state().state.session.clone();
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
    assert!(!h.state().state.presenting);
    assert_eq!(
        h.state().state.session,
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
        h.state().state.session,
        before,
        "Undo in the notice puts it back"
    );
    assert!(h.query_by_label_contains("back in the tray").is_none());
}

#[test]
fn undoing_back_to_the_saved_state_clears_the_unsaved_mark() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("room.ron");
    let session = AppState::bundled().session;
    cocreate::file::save(&session, &path).unwrap();
    let mut h = harness_with(
        AppState::new(session, Some(path)),
        FakePicker::answering(vec![]),
    );
    h.run_steps(90);
    make_an_edit(&mut h);
    h.run_steps(90);
    assert!(h.state().state.dirty);
    ctrl(&mut h, Key::Z);
    assert!(
        !h.state().state.dirty,
        "back at the saved state: {}",
        h.state().state.title()
    );
    assert!(!h.state().state.title().contains('●'));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run_steps(3);
    assert!(h.state().state.dirty, "redo leaves the saved state again");
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
    let g = h.state().state.group.unwrap();
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
    assert!(h.state().state.dirty);
}

#[test]
fn sign_up_fields_are_labelled_and_show_24_characters() {
    let mut session = cocreate::demo::generate(cocreate::demo::bundled_commitments(), 3, 8);
    let w = &mut session.workshops[0];
    let id = w.placements[0].commitment.clone();
    w.set_selected(&id, true);
    let mut h = harness_on(session, "Refine");
    h.get_by_label("Add sign-up").scroll_to_me();
    h.run();
    h.get_by_label("Add sign-up").click();
    h.run_steps(3);
    for field in ["Sign-up name", "Sign-up organization", "Sign-up e-mail"] {
        let node = h.get_by_label(field);
        let width = node.rect().width();
        // 24 characters of the body font (about 7 points each at the default size).
        assert!(width >= 24.0 * 7.0, "{field}: {width} points wide");
    }
    h.get_by_label("Name");
    h.get_by_label("Organization");
    h.get_by_label("E-mail");
    type_into(&mut h, "Sign-up name", "Jordan Sample");
    type_into(&mut h, "Sign-up e-mail", "jordan at example");
    let s = &h.state().state.workshop().sign_ups[0];
    assert_eq!(
        (s.name.as_str(), s.email.as_str()),
        ("Jordan Sample", "jordan at example"),
        "a doubtful e-mail is a hint, never a block"
    );
}

/// Fixing what the check finds must not move the fields under the pointer: scrolled to the
/// bottom, the Implements field stays where it was while the milestone is filled in.
#[test]
fn the_refine_form_does_not_move_while_the_note_taker_fixes_it() {
    let mut session = cocreate::demo::generate(cocreate::demo::bundled_commitments(), 3, 8);
    let w = &mut session.workshops[0];
    let id = w.placements[0].commitment.clone();
    w.set_selected(&id, true);
    let mut h = harness_on(session, "Refine");
    h.get_by_label("Add milestone").scroll_to_me();
    h.run();
    h.get_by_label("Add milestone").click();
    h.run_steps(3);
    h.get_by_label("Add sign-up").scroll_to_me();
    h.run_steps(3);
    let top = |h: &Harness<'_, App>| h.get_by_label("Milestone 1 implementer").rect().top();
    let before = top(&h);
    for (field, text) in [
        ("Milestone 1 deliverable", "Publish 4 quarterly datasets"),
        ("Milestone 1 end", "2017-06"),
        ("Milestone 1 start", "2016-09"),
        ("Milestone 1 implementer", "Treasury Board Secretariat"),
    ] {
        type_into(&mut h, field, text);
        assert_eq!(top(&h), before, "after typing into {field}");
    }
    let implementer = h.get_by_label("Milestone 1 implementer").rect().width();
    let deliverable = h.get_by_label("Milestone 1 deliverable").rect().width();
    assert!(
        implementer >= deliverable - 1.0,
        "Implements is as wide as Deliverable: {implementer} < {deliverable}"
    );
}

/// The copies of `copies_edited_apart`, merged as File ▸ Merge sessions does: each input
/// under the name it goes by.
fn merged_with_names(paths: &[PathBuf]) -> cocreate::model::Session {
    let inputs: Vec<(String, cocreate::model::Session)> = cocreate::merge::source_names(paths)
        .into_iter()
        .zip(paths.iter().map(|p| cocreate::file::load(p).unwrap()))
        .collect();
    cocreate::merge::merge_named(&inputs)
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
        .session
        .workshops
        .iter()
        .position(|w| w.name == "Central workshop")
        .unwrap();
    let _ = state.apply(Command::SetWorkshop(central), 0.0);
    let g = state.workshop().groups[0].id;
    let _ = state.apply(Command::SetGroup(g), 0.0);
    let _ = state.apply(
        Command::Place {
            commitment: "5".into(),
            desirability: 5.0,
            ambition: 1.5,
        },
        0.0,
    );
    let edit = state.workshop().placement(g, "5").cloned().unwrap();
    let conflict = &state.session.conflicts[0];
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
        .find(|w| w.name == "Central workshop")
        .unwrap();
    assert_eq!(w.placement(g, "5"), Some(&edit));

    // The panel shows it as the chosen version, made by the organizer.
    let mut h = harness_on(merged, "All workshops");
    h.get_by_label_contains("Conflicts (0 open of 1)").click();
    h.run_steps(2);
    h.get_by_label("Version 3 — chosen");
    h.get_by_label("From: edited by the organizer");
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
    let names: Vec<String> = merged.workshops.iter().map(|w| w.name.clone()).collect();
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
        "central.ron",
    ]
    .map(|name| Picked::Path(dir.path().join(name)));
    let mut h = harness_with(
        AppState::new(session.clone(), Some(own.clone())),
        FakePicker::answering(answers.to_vec()),
    );
    let exported =
        |h: &Harness<'_, App>, text: &str| h.state().state.toasts.iter().any(|t| t.text == text);

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

    // Exporting is not an edit.
    assert!(!h.state().state.dirty);
    assert!(
        h.state().state.error.is_none(),
        "{:?}",
        h.state().state.error
    );

    // The open session's own file is refused, and nothing is written.
    let before = std::fs::read(&own).unwrap();
    export_report(&mut h, false);
    let error = h.state().state.error.clone().expect("refused");
    assert!(
        error.contains("central.ron") && error.contains("Nothing was written"),
        "{error}"
    );
    assert_eq!(std::fs::read(&own).unwrap(), before);
    assert!(!dir.path().join("central-grid.svg").exists());
    assert!(!h.state().state.dirty);
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
    assert!(h.state().state.error.is_none());
    assert!(!h.state().state.dirty);
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

#[test]
fn a_file_with_nothing_placed_opens_on_plot_and_one_with_placements_on_compare() {
    let dir = tempfile::tempdir().unwrap();
    for (name, session, view) in [
        ("new.ron", AppState::bundled().session, View::Plot),
        (
            "done.ron",
            cocreate::demo::generate(cocreate::demo::bundled_commitments(), 3, 2),
            View::Compare,
        ),
    ] {
        let path = dir.path().join(name);
        cocreate::file::save(&session, &path).unwrap();
        let state = App::for_file(Some(&path), None);
        assert_eq!(state.view, view, "{name}");
    }
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
    assert_eq!(h.state().state.focus.as_deref(), Some(first.id.as_str()));
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
    let repeated: Vec<String> = h
        .state_mut()
        .state
        .event_rows()
        .iter()
        .filter(|r| r.selected_by.len() >= 2)
        .map(|r| r.aggregate.commitment.clone())
        .collect();
    let other = h
        .state()
        .state
        .session
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

/// Two placements in a row: only the latest notice offers Undo, and it takes back that one.
#[test]
fn only_the_latest_change_offers_undo_and_undo_takes_back_that_one() {
    let mut h = harness();
    let settle = |h: &mut Harness<'_, App>| h.run_steps(90); // the history keeps a state once it is still
    h.get_by_label("Plot").click();
    settle(&mut h);
    h.get_by_label("Place commitment 1").click();
    settle(&mut h);
    let after_first = h.state().state.session.clone();
    h.get_by_label("Place commitment 2").click();
    h.run_steps(4);
    assert_eq!(
        h.query_all_by_label("Undo").count(),
        1,
        "one Undo, on the latest notice"
    );
    h.get_by_label("Undo").click();
    h.run_steps(3);
    assert_eq!(
        h.state().state.session,
        after_first,
        "the latest placement is undone, the first one stays"
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
    h.state_mut().state.focus = Some(picked);
    h.run_steps(4);
    assert!(
        dark_spokes(&h),
        "in the window the picked commitment stands out"
    );
    h.key_press(Key::F11);
    h.run_steps(6);
    assert!(
        h.state().state.focus.is_some(),
        "still picked in the window"
    );
    assert!(!dark_spokes(&h), "the wall shows no pick");
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
