//! Inputs that try to break the loader: every prefix of a valid file, single-byte changes,
//! and a checked-in corpus of nasty files. Each must load as a valid session or fail with
//! an error — never panic, never hang.

use std::path::Path;

use cocreate::file::FileErrorKind;

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
    let mut cut_off = 0;
    for cut in cuts {
        let Err((_, kind)) = cocreate::file::parse(&bytes[..cut]) else {
            panic!("a file cut at byte {cut} of {} loaded", bytes.len());
        };
        // Refused for being cut short (or empty), not for something else.
        match kind {
            FileErrorKind::Empty => assert_eq!(cut, 0),
            FileErrorKind::Syntax(_) => {
                assert!(
                    kind.to_string().contains("was it cut off"),
                    "cut at {cut}: {kind}"
                );
                cut_off += 1;
            }
            other => panic!("cut at {cut}: {other}"),
        }
    }
    assert_eq!(cut_off, 499, "every cut but the empty one");
    // The whole file reads as the session it holds.
    let (_, northern) = cocreate::demo::ontario_2016()
        .into_iter()
        .find(|(name, _)| *name == "ontario-2016-northern.ron")
        .unwrap();
    assert_eq!(cocreate::file::parse(&bytes).unwrap(), northern);
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
                    // Whatever loads saves, and reads back as itself.
                    let text = cocreate::file::to_ron(&session).unwrap();
                    let again = cocreate::file::parse(text.as_bytes())
                        .unwrap_or_else(|(_, e)| panic!("change {n} at {at}: saved, refused: {e}"));
                    assert_eq!(again, session, "change {n} at {at}");
                    loaded += 1;
                }
                // Refused for what a changed byte can do — a syntax error, a contradiction,
                // a character cut, a version number changed — at a place inside the text.
                Err((at_place, kind)) => {
                    assert!(
                        matches!(
                            kind,
                            FileErrorKind::Syntax(_)
                                | FileErrorKind::Invalid(_)
                                | FileErrorKind::NotUtf8(_)
                                | FileErrorKind::NewerVersion { .. }
                        ),
                        "change {n} at {at}: {kind}"
                    );
                    if let Some((line, column)) = at_place {
                        let lines = changed.split(|&b| b == b'\n').count();
                        assert!(
                            (1..=lines).contains(&line) && column >= 1,
                            "change {n} at {at}: {line}:{column}: {kind}"
                        );
                    }
                }
            }
        }
    }
    assert!(loaded > 0, "some changes (in text or numbers) still load");
}

#[test]
fn the_nasty_corpus_is_refused_with_messages() {
    use cocreate::file::ValidationError;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    // Each file, and what it must be refused for (its name says it).
    type Reason = fn(&FileErrorKind) -> bool;
    let reasons: [(&str, Reason); 11] = [
        ("deep-nesting.ron", |k| matches!(k, FileErrorKind::TooDeep)),
        ("duplicate-field.ron", |k| {
            matches!(k, FileErrorKind::Syntax(_)) && k.to_string().contains("format_version")
        }),
        ("empty.ron", |k| matches!(k, FileErrorKind::Empty)),
        (
            "group-missing.ron",
            |k| matches!(k, FileErrorKind::Invalid(e) if matches!(**e, ValidationError::UnknownGroup { group: 9, .. })),
        ),
        ("huge-number.ron", |k| {
            matches!(k, FileErrorKind::Syntax(_)) && k.to_string().contains("too large")
        }),
        (
            "infinite-placement.ron",
            |k| matches!(k, FileErrorKind::Invalid(e) if matches!(**e, ValidationError::Ambition { .. })),
        ),
        ("invalid-utf8.ron", |k| {
            matches!(k, FileErrorKind::NotUtf8(_))
        }),
        (
            "nan-placement.ron",
            |k| matches!(k, FileErrorKind::Invalid(e) if matches!(**e, ValidationError::Desirability { .. })),
        ),
        ("newer-version.ron", |k| {
            matches!(k, FileErrorKind::NewerVersion { found: 7 })
        }),
        ("not-ron.ron", |k| matches!(k, FileErrorKind::Syntax(_))),
        ("unknown-variant.ron", |k| {
            matches!(k, FileErrorKind::Syntax(_))
                && k.to_string()
                    .contains("\"Hybrid\" is not one of the values")
        }),
    ];
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        reasons.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        "every file of the corpus has its reason here"
    );
    for (name, reason) in reasons {
        let path = dir.join(name);
        let Err(err) = cocreate::file::load(&path) else {
            panic!("{} must be refused", path.display());
        };
        let message = err.to_string();
        assert!(
            message.starts_with(&path.display().to_string()),
            "{message}"
        );
        assert!(
            reason(&err.kind),
            "{name}: refused for another reason: {message}"
        );
    }
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
    assert!(
        matches!(&err.kind, FileErrorKind::Invalid(e) if **e == ValidationError::TextTooLong),
        "{err}"
    );
    assert!(err.to_string().contains("32767"), "{err}");
}

/// Runs the real binary; returns (success, stdout + stderr).
fn cocreate(args: &[&std::ffi::OsStr]) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cocreate"))
        .args(args)
        .env("LANG", "C")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// A one-workshop session selecting commitment `id`, as written by hand or by another
/// system (the id as given, escaped as RON reads it).
fn workshop_selecting(workshop: &str, id: &str) -> String {
    format!(
        "(format_version: 1, commitments: [(id: {id:?}, title: \"Caf\u{e9}s\")], workshops: [(id: {workshop:?}, name: {workshop:?}, groups: [(id: 1, name: \"G\")], placements: [(group: 1, commitment: {id:?}, desirability: 5.0, ambition: 1.0)], selection: [{id:?}], refinements: [(commitment: {id:?})], sign_ups: [(commitment: {id:?}, name: \"N\")])])"
    )
}

/// Issue 12: three workshops selecting "café" — typed in NFC, in NFD, with a trailing
/// space and with a zero-width space — are one commitment selected at three workshops.
#[test]
fn look_alike_ids_merge_as_one_commitment() {
    let dir = tempfile::tempdir().unwrap();
    let mut args: Vec<std::ffi::OsString> = vec!["merge".into()];
    for (n, id) in [
        "caf\u{e9}",
        "cafe\u{301}",
        "caf\u{e9} ",
        "caf\u{200b}\u{e9}",
    ]
    .iter()
    .enumerate()
    {
        let path = dir.path().join(format!("w{n}.ron"));
        std::fs::write(&path, workshop_selecting(&format!("ws-{n}"), id)).unwrap();
        args.push(path.into());
    }
    let merged = dir.path().join("merged.ron");
    args.extend(["-o".into(), merged.clone().into()]);
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let (ok, text) = cocreate(&args);
    assert!(ok, "{text}");
    assert!(
        text.contains("4 selections (1 selected at two or more workshops)"),
        "{text}"
    );
    let session = cocreate::file::load(&merged).unwrap();
    assert_eq!(session.commitments.len(), 1, "{:?}", session.commitments);
    assert_eq!(session.commitments[0].id, "caf\u{e9}");
}

/// Ids that differ only in case cannot be told apart in a report: a merge that would hold
/// both is refused, naming both, and writes nothing.
#[test]
fn ids_differing_only_in_case_are_refused_by_merge_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.ron"), dir.path().join("b.ron"));
    std::fs::write(&a, workshop_selecting("ws-a", "Caf\u{e9}")).unwrap();
    std::fs::write(&b, workshop_selecting("ws-b", "cafe\u{301}")).unwrap();
    let merged = dir.path().join("merged.ron");
    let (ok, text) = cocreate(&[
        "merge".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
        "-o".as_ref(),
        merged.as_os_str(),
    ]);
    assert!(!ok, "{text}");
    assert!(
        text.contains("\"Caf\u{e9}\"")
            && text.contains("\"caf\u{e9}\"")
            && text.contains("cannot be told apart"),
        "{text}"
    );
    assert!(!merged.exists());
}

/// A misspelled field is refused at its place, with the names expected there, instead of
/// loading and vanishing on the next save.
#[test]
fn check_refuses_a_misspelled_field_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.ron");
    let text =
        String::from_utf8(valid_file())
            .unwrap()
            .replacen("    sign_ups:", "    sign_up:", 1);
    let (line, column) = text
        .lines()
        .enumerate()
        .find_map(|(n, l)| l.find("sign_up:").map(|c| (n + 1, c + 1)))
        .unwrap();
    std::fs::write(&path, &text).unwrap();
    let (ok, out) = cocreate(&["check".as_ref(), path.as_os_str()]);
    assert!(!ok);
    assert!(
        out.contains(&format!(
            ":{line}:{column}: unknown field `sign_up` (did you mean `sign_ups`?); expected one of: id, details,"
        )),
        "{out}"
    );
}

/// Words from the parser's developers (`serde_stacker`, `recursion_limit`, ron's own
/// messages) never reach the user: every kind of broken file `check` can meet is said in
/// plain words with its place.
#[test]
fn no_parser_jargon_reaches_the_command_line() {
    let deep = |open: &str, close: &str, n: usize| {
        format!(
            "(format_version: 1, commitments: [], workshops: [], conflicts: [(key: Commitment({}\"a\"{}), versions: [])])",
            open.repeat(n),
            close.repeat(n)
        )
    };
    let mut files: Vec<(String, String)> = vec![
        ("deep-brackets".into(), deep("[", "]", 200)),
        ("deep-some".into(), deep("Some(", ")", 63)),
        ("deep-some-just-under".into(), deep("Some(", ")", 58)),
        ("deep-tuples".into(), deep("(", ")", 60)),
        (
            "deep-unknown-field".into(),
            format!(
                "(format_version: 1, x: {}1{})",
                "[".repeat(62),
                "]".repeat(62)
            ),
        ),
        (
            "deep-newer".into(),
            format!(
                "(format_version: 9, x: {}1{})",
                "Some(".repeat(62),
                ")".repeat(62)
            ),
        ),
        (
            "extension".into(),
            "#![enable(no_such_thing)]\n(format_version: 1)".into(),
        ),
        (
            "attribute".into(),
            "#![enable(unwrap_newtypes\n(format_version: 1)".into(),
        ),
        ("struct-name".into(), "Sessions(format_version: 1)".into()),
        ("range".into(), "(format_version: 1..2)".into()),
        (
            "bytes".into(),
            "(format_version: 1, commitments: [(id: b\"1\")])".into(),
        ),
        (
            "char".into(),
            "(format_version: 1, commitments: [(id: 'x')])".into(),
        ),
        (
            "option".into(),
            "(format_version: 1, commitments: [(id: Some(\"1\"))])".into(),
        ),
        (
            "raw-identifier".into(),
            "(format_version: 1, r#commitments: [], r#why+not: 1)".into(),
        ),
        (
            "escape".into(),
            "(format_version: 1, commitments: [(id: \"\\q\")])".into(),
        ),
        ("integer".into(), "(format_version: 0x1FFFFFFFFFF)".into()),
        ("float".into(), "(format_version: 1.5)".into()),
        ("unit".into(), "()".into()),
        ("map".into(), "{\"format_version\": 1}".into()),
        (
            "tuple-length".into(),
            "(format_version: 1, conflicts: [(key: Group(\"w\", 1))])".into(),
        ),
        (
            "variant".into(),
            "(format_version: 1, workshops: [(mode: Hybrid)])".into(),
        ),
        (
            "trailing".into(),
            "(format_version: 1) (format_version: 1)".into(),
        ),
    ];
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let path = entry.unwrap().path();
        if path.ends_with("invalid-utf8.ron") {
            continue; // said in cocreate's words; it is not ron's error
        }
        files.push((
            path.file_stem().unwrap().to_string_lossy().into_owned(),
            String::from_utf8(std::fs::read(&path).unwrap()).unwrap_or_default(),
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let mut unplaced = Vec::new();
    for (name, text) in files {
        let path = dir.path().join(format!("{name}.ron"));
        std::fs::write(&path, text).unwrap();
        let (ok, out) = cocreate(&["check".as_ref(), path.as_os_str()]);
        assert!(!ok, "{name} must be refused: {out}");
        for jargon in [
            "serde_stacker",
            "recursion_limit",
            "ron::",
            "parser says",
            "Expected",
            "Options",
            "raw identifier",
        ] {
            assert!(!out.contains(jargon), "{name}: {out}");
        }
        // Names the file and, where the file has one, the place: `NAME.ron:LINE:COL: `.
        let after = out
            .split_once(&format!("{name}.ron"))
            .unwrap_or_else(|| panic!("{name}: {out}"))
            .1;
        let placed = after
            .strip_prefix(':')
            .and_then(|rest| rest.split_once(": "))
            .is_some_and(|(place, _)| {
                place.split(':').count() == 2
                    && place
                        .split(':')
                        .all(|n| n.parse::<usize>().is_ok_and(|n| n >= 1))
            });
        if !placed {
            unplaced.push(name);
        }
    }
    // A file refused as a whole (empty, newer, not a session) has no place, nor has a
    // contradiction (it names the ids and values it is about); every other error has one.
    unplaced.sort();
    assert_eq!(
        unplaced,
        [
            "deep-newer",
            "empty",
            "group-missing",
            "infinite-placement",
            "nan-placement",
            "newer-version",
            "unit"
        ]
    );
}
