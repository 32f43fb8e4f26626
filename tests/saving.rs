//! A save never loses the old file or widens who can read it, and never writes what the
//! loader would refuse.

use std::path::Path;

use cocreate::demo::{bundled_commitments, generate};
use cocreate::file::{self, FileErrorKind};

fn session(seed: u64) -> cocreate::model::Session {
    generate(bundled_commitments(), 2, seed)
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_save_keeps_the_files_mode_and_its_backup_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.ron");
    let bak = dir.path().join("w.ron.bak");
    for (n, wanted) in [0o600, 0o640, 0o644, 0o660, 0o604].into_iter().enumerate() {
        file::save(&session(1), &path).unwrap();
        set_mode(&path, wanted);
        file::save(&session(2 + n as u64), &path).unwrap();
        assert_eq!(mode(&path), wanted, "the mode {wanted:o} is kept");
        assert_eq!(mode(&bak), 0o600, "the backup is the owner's only");
        // Reports and other files written whole keep their mode too.
        file::write_atomically(&path, file::to_ron(&session(1)).unwrap().as_bytes()).unwrap();
        assert_eq!(mode(&path), wanted, "write_atomically keeps {wanted:o}");
    }
    // Private files (the window's recovery files) are created 0600.
    let private = dir.path().join("recovery-1.ron");
    file::save_private(&session(1), &private).unwrap();
    assert_eq!(mode(&private), 0o600);
    let text = dir.path().join("recovery-1.path");
    file::write_privately(&text, b"/x/w.ron").unwrap();
    assert_eq!(mode(&text), 0o600);
    assert!(!dir.path().join("recovery-1.ron.bak").exists());
}

#[cfg(unix)]
#[test]
fn a_save_keeps_the_owner_where_the_system_allows() {
    use std::os::unix::fs::MetadataExt as _;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.ron");
    file::save(&session(1), &path).unwrap();
    let me = std::fs::metadata(&path).unwrap();
    // Only root can give a file to someone else; anyone else checks that their own stays.
    let (uid, gid) = if me.uid() == 0 {
        std::os::unix::fs::chown(&path, Some(4321), Some(4322)).unwrap();
        (4321, 4322)
    } else {
        (me.uid(), me.gid())
    };
    file::save(&session(2), &path).unwrap();
    let after = std::fs::metadata(&path).unwrap();
    assert_eq!((after.uid(), after.gid()), (uid, gid));
    assert_eq!(file::load(&path).unwrap(), session(2));
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_refused_by_its_mode_even_for_root() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.ron");
    file::save(&session(1), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    for read_only in [0o444, 0o400, 0o440, 0o555] {
        set_mode(&path, read_only);
        let err = file::save(&session(2), &path).unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with(&path.display().to_string()) && message.contains("read-only"),
            "{message}"
        );
        let err = file::write_atomically(&path, b"report").unwrap_err();
        assert!(err.to_string().contains("read-only"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "untouched");
        assert_eq!(mode(&path), read_only);
        assert_eq!(names(dir.path()), ["w.ron"], "no backup, no temporary");
    }
}

#[cfg(unix)]
#[test]
fn a_link_a_pipe_and_a_device_are_written_through_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.ron");
    let link = dir.path().join("link.ron");
    file::save(&session(1), &target).unwrap();
    std::os::unix::fs::symlink("real.ron", &link).unwrap();
    file::save(&session(2), &link).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert_eq!(file::load(&target).unwrap(), session(2));
    assert_eq!(
        file::load(&dir.path().join("real.ron.bak")).unwrap(),
        session(1)
    );

    let fifo = dir.path().join("pipe.ron");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if made {
        // A pipe is written through, never replaced: its reader gets the session.
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(&fifo).unwrap())
        };
        file::write_atomically(&fifo, b"through the pipe").unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_file()
                .eq(&false),
            "the pipe is still a pipe"
        );
    }
    // A character device too: /dev/null stays a device.
    file::write_atomically(std::path::Path::new("/dev/null"), b"nothing").unwrap();
    use std::os::unix::fs::FileTypeExt as _;
    assert!(
        std::fs::symlink_metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

/// A session whose texts make its file about `bytes` long.
fn session_of_about(bytes: usize) -> cocreate::model::Session {
    let mut commitments = cocreate::demo::synthetic_commitments(bytes / 30_000 + 1);
    for c in &mut commitments {
        c.description = "d".repeat(30_000);
    }
    generate(commitments, 1, 1)
}

#[test]
fn what_a_save_writes_the_loader_reads_or_nothing_is_written() {
    use cocreate::file::ValidationError;
    let dir = tempfile::tempdir().unwrap();
    // Each session, and why it would be refused (`None`: it is written).
    type Why = Option<fn(&FileErrorKind) -> bool>;
    let mut cases: Vec<(&str, cocreate::model::Session, Why)> = vec![
        ("small", session(1), None),
        ("just under the limit", session_of_about(19 << 20), None),
        (
            "over the limit",
            session_of_about(21 << 20),
            Some(|k| matches!(k, FileErrorKind::TooLarge(n) if *n > 20 << 20)),
        ),
    ];
    let mut long_name = session(1);
    long_name.workshops[0].details.name = "n".repeat(40_000);
    cases.push((
        "a 40,000-character name",
        long_name,
        Some(|k| matches!(k, FileErrorKind::Invalid(e) if **e == ValidationError::TextTooLong)),
    ));
    let mut nan = session(1);
    nan.workshops[0].placements[0].desirability = f64::NAN;
    cases.push((
        "a placement that is not a number",
        nan,
        Some(|k| {
            matches!(k, FileErrorKind::Invalid(e)
                if matches!(**e, ValidationError::Desirability { value, .. } if value.is_nan()))
        }),
    ));
    for (what, case, why) in cases {
        let path = dir.path().join("s.ron");
        let _gone = std::fs::remove_file(&path);
        match file::save(&case, &path) {
            Ok(()) => {
                assert!(why.is_none(), "{what} was written");
                assert_eq!(
                    file::load(&path)
                        .unwrap_or_else(|e| panic!("{what}: written but refused: {e}")),
                    case,
                    "{what} reads back as itself"
                );
            }
            Err(e) => {
                assert!(
                    !["small", "just under the limit"].contains(&what),
                    "{what} is refused: {e}"
                );
                assert!(
                    matches!(&e.kind, FileErrorKind::WouldBeRefused(inner) if why.is_some_and(|why| why(inner))),
                    "{what}: refused for another reason: {e}"
                );
                assert!(e.to_string().contains("nothing was written"), "{what}: {e}");
                assert!(
                    names(dir.path()).is_empty(),
                    "{what}: {:?}",
                    names(dir.path())
                );
            }
        }
    }
    // The size rule is said in numbers; an existing file and its backup stay as they were.
    let path = dir.path().join("s.ron");
    file::save(&session(1), &path).unwrap();
    file::save(&session(2), &path).unwrap();
    let (before, bak) = (
        std::fs::read(&path).unwrap(),
        std::fs::read(dir.path().join("s.ron.bak")).unwrap(),
    );
    let err = file::save(&session_of_about(21 << 20), &path).unwrap_err();
    assert!(err.to_string().contains("limited to 20 MiB"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(std::fs::read(dir.path().join("s.ron.bak")).unwrap(), bak);
}

/// The rule for hard links (README, Files): a save writes a new file under the name saved
/// to; the other name keeps the old content, whole.
#[cfg(unix)]
#[test]
fn a_hard_link_is_split_by_a_save_and_both_names_hold_a_whole_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.ron");
    let other = dir.path().join("other-name.ron");
    file::save(&session(1), &path).unwrap();
    std::fs::hard_link(&path, &other).unwrap();
    file::save(&session(2), &path).unwrap();
    assert_eq!(file::load(&path).unwrap(), session(2));
    assert_eq!(
        file::load(&other).unwrap(),
        session(1),
        "the other name keeps the old"
    );
}
