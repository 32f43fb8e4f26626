//! No lost work: a crash (SIGKILL) after an edit leaves a recovery file, and the next start
//! offers it and recovers the edit. The app runs in a child process (this test binary,
//! re-run with an environment variable), headless through egui_kittest.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cocreate::app::recovery::Recovery;
use cocreate::shell::App;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

const CHILD: &str = "COCREATE_RECOVERY_CHILD_DIR";

fn app(dir: &Path, interval: f64) -> Harness<'static, App> {
    let mut recovery = Recovery::new(dir.to_owned());
    recovery.interval = interval;
    let state = App::for_file(None, Some(recovery));
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| {
            cocreate::ui::theme::setup_style(&cc.egui_ctx);
            App::new(state)
        });
    h.run_steps(2);
    h
}

fn recovery_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "ron"))
                .collect()
        })
        .unwrap_or_default()
}

/// The child: edit, run frames until the autosave has written the recovery file — on the
/// harness's own clock, which advances one frame's time per step, not on the wall clock —
/// say so on standard output, then wait (blocked on its input) to be killed.
#[test]
#[ignore = "run by sigkill_after_an_edit_then_recover as a child process"]
fn child_edits_and_waits_to_be_killed() {
    let Some(dir) = std::env::var_os(CHILD).map(PathBuf::from) else {
        return;
    };
    let mut h = app(&dir, 0.2);
    h.get_by_label("Plot").click();
    h.run_steps(2);
    h.get_by_label("Place commitment 9").click();
    h.run_steps(2);
    // 0.2 s of the app's time is 12 frames at 60 a second; a few more autosaves after.
    let mut steps = 0;
    while recovery_files(&dir).is_empty() {
        h.run_steps(1);
        steps += 1;
        assert!(steps < 600, "no autosave after 10 s of the app's time");
    }
    h.run_steps(30);
    println!("autosaved after {steps} frames");
    let _ = std::io::Write::flush(&mut std::io::stdout());
    // Blocked until the parent kills it (or, if the parent is gone, its input closes).
    let _ = std::io::stdin().read_line(&mut String::new());
}

#[test]
fn sigkill_after_an_edit_then_recover() {
    use std::io::BufRead as _;
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "child_edits_and_waits_to_be_killed",
            "--nocapture",
        ])
        .env(CHILD, dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let said = std::io::BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .find(|l| l.starts_with("autosaved after "));
    assert!(said.is_some(), "the child ended without an autosave");
    assert_eq!(recovery_files(dir.path()).len(), 1, "the autosave is there");
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    assert_eq!(
        recovery_files(dir.path()).len(),
        1,
        "the recovery file outlives the crash"
    );

    let mut h = app(dir.path(), 30.0);
    h.get_by_label("Recover unsaved work?");
    h.get_by_label_contains("an untitled session");
    h.get_by_label("Recover").click();
    h.run_steps(2);
    let state = &h.state().state;
    let g = state.workshop().groups[0].id;
    assert!(
        state.workshop().placement(g, "9").is_some(),
        "the edit is back"
    );
    assert!(
        state.is_unsaved(),
        "and still unsaved: the user decides where it goes"
    );
    assert!(
        recovery_files(dir.path()).iter().all(|p| p
            .file_name()
            .unwrap()
            .to_string_lossy()
            .contains(&std::process::id().to_string())),
        "the crash's file is gone once recovered"
    );
}

#[test]
fn discarding_the_offer_removes_it_and_a_clean_session_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // A recovery file of a process that no longer exists (beyond the largest pid Linux gives).
    let session = cocreate::demo::generate(cocreate::demo::bundled_commitments(), 2, 3);
    cocreate::file::save(&session, &dir.path().join("recovery-999999999.ron")).unwrap();
    let mut h = app(dir.path(), 30.0);
    h.get_by_label("Discard it").click();
    h.run_steps(2);
    assert!(h.state().state.window.recovery_offer.is_none());
    assert!(recovery_files(dir.path()).is_empty());
    assert_ne!(*h.state().state.session(), session);
}

#[test]
fn saving_keeps_a_bak_of_the_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.ron");
    let old = cocreate::demo::generate(cocreate::demo::bundled_commitments(), 2, 1);
    let new = cocreate::demo::generate(cocreate::demo::bundled_commitments(), 2, 2);
    cocreate::file::save(&old, &path).unwrap();
    assert!(
        !dir.path().join("w.ron.bak").exists(),
        "nothing to back up the first time"
    );
    cocreate::file::save(&new, &path).unwrap();
    assert_eq!(
        cocreate::file::load(&dir.path().join("w.ron.bak")).unwrap(),
        old
    );
    assert_eq!(cocreate::file::load(&path).unwrap(), new);
}

#[test]
fn saving_after_autosaves_leaves_the_recovery_folder_empty() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("recovery");
    // Autosave on every frame: several autosaves of the same recovery file.
    let mut h = app(&folder, 0.0);
    h.get_by_label("Plot").click();
    h.run_steps(2);
    h.get_by_label("Place commitment 9").click();
    h.run_steps(4);
    assert_eq!(recovery_files(&folder).len(), 1, "the work is autosaved");
    let path = dir.path().join("w.ron");
    assert!(h.state_mut().state.save_to(&path));
    h.run_steps(2);
    let left: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "left in the recovery folder: {left:?}");
}
