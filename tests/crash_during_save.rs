//! A save killed at any moment leaves the old file or the new one, never a mix, and no
//! temporary files pile up. A child process (this test binary, re-run) saves two versions
//! in turn, as fast as it can; the parent SIGKILLs it at random moments, 200 times.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use cocreate::demo::{bundled_commitments, generate, synthetic_commitments};

const CHILD: &str = "COCREATE_SAVE_LOOP_FILE";

fn versions() -> [cocreate::model::Session; 2] {
    // Big enough that a save takes a while (about 200 KB), so kills land mid-write.
    [
        generate(synthetic_commitments(60), 12, 1),
        generate(bundled_commitments(), 3, 2),
    ]
}

#[test]
#[ignore = "run by kill_while_saving_200_times as a child process"]
fn child_saves_forever() {
    let Some(path) = std::env::var_os(CHILD).map(PathBuf::from) else {
        return;
    };
    let versions = versions();
    for i in 0.. {
        cocreate::file::save(&versions[i % 2], &path).unwrap();
    }
}

fn temporaries(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count()
}

#[test]
fn kill_while_saving_200_times() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workshop.ron");
    let versions = versions();
    cocreate::file::save(&versions[0], &path).unwrap();
    let mut rng = cocreate::demo::Rng::new(42);
    // The file starts as the first version; the second only appears if kills land while
    // the child is saving (not all before it started).
    let mut saw_new = false;
    for round in 0..200 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--ignored", "--exact", "child_saves_forever"])
            .env(CHILD, &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(5 + rng.next_u64() % 60));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let loaded = cocreate::file::load(&path).unwrap_or_else(|e| panic!("round {round}: {e}"));
        assert!(
            versions.contains(&loaded),
            "round {round}: neither the old nor the new version"
        );
        saw_new |= loaded == versions[1];
        assert!(
            temporaries(dir.path()) <= 1,
            "round {round}: temporary files pile up"
        );
    }
    assert!(saw_new, "no kill landed while the child was saving");
    // The next save clears what the last kill left.
    cocreate::file::save(&versions[1], &path).unwrap();
    assert_eq!(temporaries(dir.path()), 0);
}

/// A folder with the second version saved as `workshop.ron`, and that file's bytes.
fn saved_second_version() -> (tempfile::TempDir, PathBuf, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workshop.ron");
    cocreate::file::save(&versions()[1], &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    (dir, path, before)
}

#[test]
fn a_failed_write_leaves_the_old_file_byte_identical() {
    let (_dir, path, before) = saved_second_version();
    let versions = versions();
    // A directory where the temporary file should go makes the write fail (as a full or
    // read-only disk would; permissions do not stop root, who runs CI here).
    std::fs::create_dir(cocreate::file::temporary_path(&path).unwrap()).unwrap();
    let err = cocreate::file::save(&versions[0], &path).unwrap_err();
    assert!(
        err.to_string().starts_with(&path.display().to_string()),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

const FULL_CHILD: &str = "COCREATE_SAVE_ON_FULL_DISK";

#[test]
#[ignore = "run by a_disk_that_fills_up_mid_write_leaves_the_old_file as a child process"]
fn child_saves_once() {
    let Some(path) = std::env::var_os(FULL_CHILD).map(PathBuf::from) else {
        return;
    };
    // Started with a file-size limit below the new version's size: the write fails part
    // way, after the temporary file exists, as on a full disk.
    match cocreate::file::save(&versions()[0], &path) {
        Ok(()) => println!("SAVED"),
        Err(e) => println!("ERROR {e}"),
    }
}

#[test]
fn a_disk_that_fills_up_mid_write_leaves_the_old_file() {
    let (dir, path, before) = saved_second_version();
    let versions = versions();
    let new_size = cocreate::file::to_ron(&versions[0]).unwrap().len();
    assert!(new_size > 64 * 1024, "the new version outgrows the limit");
    // `ulimit -f` caps the size of any file the child writes (64 × 1 KiB blocks in bash,
    // 512-byte blocks elsewhere: either is below the new size); SIGXFSZ is ignored so the
    // write returns an error (EFBIG) instead of killing the process.
    let output = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 64 && exec \"$0\" --ignored --exact child_saves_once --nocapture")
        .arg(std::env::current_exe().unwrap())
        .env(FULL_CHILD, &path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "child failed: {stdout}");
    let line = stdout
        .lines()
        .find(|l| l.starts_with("ERROR ") || l.starts_with("SAVED"))
        .unwrap_or_else(|| panic!("no result from the child: {stdout}"));
    assert!(
        line.starts_with(&format!("ERROR {}", path.display())),
        "the save must fail, naming the file: {line}"
    );
    assert!(
        line.ends_with(": the file is larger than this disk allows (os error 27)"),
        "and saying why in plain words: {line}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the old file is untouched"
    );
    assert_eq!(
        temporaries(dir.path()),
        0,
        "the partial temporary file is removed"
    );
}
