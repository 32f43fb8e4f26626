//! Inputs that try to break the loader: every prefix of a valid file, single-byte changes,
//! and a checked-in corpus of nasty files. Each must load as a valid session or fail with
//! an error — never panic, never hang.

use std::path::Path;

fn valid_file() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/ontario-2016-northern.ron"))
        .unwrap()
}

/// 500 positions spread over `len` (all of them if there are fewer).
fn spread(len: usize) -> Vec<usize> {
    if len <= 500 {
        (0..len).collect()
    } else {
        (0..500).map(|i| i * len / 500).collect()
    }
}

#[test]
fn every_prefix_is_an_error() {
    let bytes = valid_file();
    let cuts: Vec<usize> = if bytes.len() < 4096 {
        (0..bytes.len()).collect()
    } else {
        spread(bytes.len())
    };
    for cut in cuts {
        let result = cocreate::file::parse(&bytes[..cut]);
        assert!(
            result.is_err(),
            "a file cut at byte {cut} of {} loaded",
            bytes.len()
        );
    }
    assert!(cocreate::file::parse(&bytes).is_ok());
}

#[test]
fn single_byte_changes_load_or_fail_cleanly() {
    let bytes = valid_file();
    let mut loaded = 0;
    for (n, at) in spread(bytes.len()).into_iter().enumerate() {
        for replacement in [b'"', b']', b'9'] {
            if bytes[at] == replacement {
                continue; // not a change: it would load and count for nothing
            }
            let mut changed = bytes.clone();
            changed[at] = replacement;
            match cocreate::file::parse(&changed) {
                Ok(session) => {
                    cocreate::file::validate(&session).expect("whatever loads is valid");
                    loaded += 1;
                }
                Err((_, kind)) => assert!(!kind.to_string().is_empty(), "change {n} at {at}"),
            }
        }
    }
    assert!(loaded > 0, "some changes (in text or numbers) still load");
}

#[test]
fn the_nasty_corpus_is_refused_with_messages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let Err(err) = cocreate::file::load(&path) else {
            panic!("{} must be refused", path.display());
        };
        let message = err.to_string();
        assert!(
            message.starts_with(&path.display().to_string()),
            "{message}"
        );
        seen += 1;
    }
    assert!(seen >= 10);
    // A 2 MB string (made here rather than checked in): refused, texts are capped.
    let big = tempfile::tempdir().unwrap();
    let huge = big.path().join("huge-string.ron");
    std::fs::write(
        &huge,
        format!(
            "(format_version: 1, commitments: [(id: \"1\", title: \"{}\")])",
            "x".repeat(2_000_000)
        ),
    )
    .unwrap();
    let Err(err) = cocreate::file::load(&huge) else {
        panic!("a 2 MB title must be refused")
    };
    assert!(err.to_string().contains("32767"), "{err}");
    let newer = cocreate::file::load(&dir.join("newer-version.ron")).unwrap_err();
    assert!(
        matches!(
            newer.kind,
            cocreate::file::FileErrorKind::NewerVersion { found: 7 }
        ),
        "{newer}"
    );
}
