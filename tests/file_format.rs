//! The session file: round-trips, and every kind of bad file gives an error that names the
//! file — never a panic.

use cocreate::file::{self, FileErrorKind, ValidationError, WorkshopRef};
use cocreate::model::{
    AmbitionLevel, Analysis, Attendance, Commitment, DESIRABILITY_CRITERIA, FORMAT_VERSION,
    Milestone, Mode, Novelty, OgpValues, Outcome, PlanPeriod, Refinement, Response, Role, Session,
    SignUp, SmartNotes, Template, Workshop,
};
use proptest::prelude::*;

fn full_session(text: &str) -> Session {
    let commitments = vec![
        Commitment {
            id: "1".into(),
            title: format!("Open data {text}"),
            theme: "transparency".into(),
            votes: 68,
            description: text.into(),
            decidim_id: "1234".into(),
        },
        Commitment {
            id: "x-2".into(),
            title: "Youth".into(),
            theme: "my own theme".into(),
            votes: 0,
            description: String::new(),
            decidim_id: String::new(),
        },
    ];
    let mut w = Workshop::new("ws-1".into(), text);
    w.details.location = text.into();
    w.details.mode = Mode::Online;
    w.details.date = "2016-08-16".into();
    w.details.facilitator = text.into();
    w.details.attendance = Attendance {
        civil_society: 1,
        ministry: 2,
        citizens: 3,
        other: 4,
    };
    w.details.plan_period = PlanPeriod {
        start: "2017-01".into(),
        end: "2018-06".into(),
    };
    let g = w.add_group();
    w.groups[0].name = text.into();
    w.place(g, "1", 7.3, 2.25);
    w.placements[0].note = text.into();
    w.place(g, "x-2", 0.0, 3.0);
    w.set_selected("1", true);
    w.refinements.push(Refinement {
        commitment: "1".into(),
        lead: text.into(),
        lead_contact: text.into(),
        actors_government: text.into(),
        actors_civil_society: text.into(),
        problem: text.into(),
        objective: text.into(),
        description: text.into(),
        values: OgpValues {
            access_to_information: true,
            civic_participation: false,
            public_accountability: true,
            technology_and_innovation: true,
        },
        relevance: text.into(),
        ambition: text.into(),
        stated_ambition: Some(AmbitionLevel::Moderate),
        causes: text.into(),
        done_so_far: text.into(),
        analysis: Analysis {
            transparency: text.into(),
            accountability: text.into(),
            participation: text.into(),
        },
        smart: SmartNotes {
            specific: text.into(),
            measurable: text.into(),
            achievable: text.into(),
            relevant: text.into(),
            time_bound: text.into(),
        },
        milestones: vec![Milestone {
            deliverable: text.into(),
            novelty: Novelty::Ongoing,
            start: "2017-01".into(),
            end: "2017-12".into(),
            implementer: text.into(),
            monitor: text.into(),
            output: text.into(),
            stakeholders: text.into(),
        }],
    });
    w.sign_ups.push(SignUp {
        commitment: "1".into(),
        name: text.into(),
        organization: text.into(),
        email: "a@example.org".into(),
        role: Role::Monitor,
    });
    let mut second = Workshop::new("ws-2".into(), "Second");
    second.add_group();
    Session {
        commitments,
        workshops: vec![w, second],
        template: Template::Current,
        criteria: vec![format!("demand: {text}"), "feasibility".into()],
        responses: vec![
            Response {
                commitment: "1".into(),
                outcome: Outcome::Selected,
                reason: text.into(),
                criteria: vec![DESIRABILITY_CRITERIA[0].into(), format!("demand: {text}")],
            },
            Response {
                commitment: "x-2".into(),
                outcome: Outcome::MergedInto("1".into()),
                reason: String::new(),
                criteria: Vec::new(),
            },
        ],
        ..Default::default()
    }
}

#[test]
fn a_fully_populated_session_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    let session =
        full_session("Tricky \"quotes\", back\\slash, new\nline, tab\t, r#\"raw\"#, é ✓ 🎉");
    file::save(&session, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains(&format!("format_version: {FORMAT_VERSION}")),
        "readable and versioned:\n{text}"
    );
    assert_eq!(file::load(&path).unwrap(), session);
    // Only the file itself is left: the temporary file was renamed.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("s.ron")]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_text_round_trips(text in any::<String>()) {
        let session = full_session(&text);
        let ron = file::to_ron(&session).unwrap();
        let back = file::parse(ron.as_bytes()).map_err(|e| TestCaseError::fail(format!("{e:?}\n{ron}")))?;
        prop_assert_eq!(back, session);
    }
}

fn error_of(bytes: &[u8]) -> (String, FileErrorKind) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.ron");
    std::fs::write(&path, bytes).unwrap();
    let err = file::load(&path).expect_err("must be refused");
    let message = err.to_string();
    assert!(
        message.starts_with(&path.display().to_string()),
        "names the file: {message}"
    );
    (message, err.kind)
}

fn valid_text() -> String {
    file::to_ron(&full_session("text")).unwrap()
}

#[test]
fn truncated_files_are_errors_with_line_and_column() {
    let text = valid_text();
    for cut in [1, 10, text.len() / 3, text.len() / 2, text.len() - 3] {
        let (message, kind) = error_of(&text.as_bytes()[..cut]);
        // Refused as cut short, not for what the missing part would have held.
        assert!(matches!(kind, FileErrorKind::Syntax(_)), "{message}");
        assert!(
            message.contains("was it cut off"),
            "cut at {cut}: {message}"
        );
        // `PATH:LINE:COL: …`, the place inside the text that is there.
        let place = message.split(": ").next().unwrap();
        let mut numbers = place.rsplit(':').map(|n| n.parse::<usize>());
        let (col, line) = (numbers.next(), numbers.next());
        let lines = text[..cut].lines().count();
        assert!(
            matches!((line, col), (Some(Ok(l)), Some(Ok(c))) if (1..=lines).contains(&l) && c >= 1),
            "line:col within the {lines} lines in {message}"
        );
    }
}

#[test]
fn wrong_types_not_ron_and_empty_are_errors() {
    let wrong = valid_text().replacen("votes: 68", "votes: \"many\"", 1);
    let (message, kind) = error_of(wrong.as_bytes());
    assert!(matches!(kind, FileErrorKind::Syntax(_)), "{message}");
    // Said in words, on the line of `"many"`, between the field's name and its value.
    let before = &wrong[..wrong.find("\"many\"").unwrap()];
    let line = before.lines().count();
    let value_col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    let name_col = value_col - "votes: ".len();
    let col: usize = message
        .split_once(&format!("bad.ron:{line}:"))
        .and_then(|(_, rest)| rest.split(':').next())
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("line {line}: {message}"));
    assert!(
        (name_col..=value_col).contains(&col),
        "{line}:{col}: {message}"
    );
    assert!(
        message.contains(": a whole number should be here"),
        "{message}"
    );
    // A commitment list opened as a session: not RON, said at its first line and column.
    let (message, kind) = error_of(b"id,title,theme\n1,2,3\n");
    assert!(matches!(kind, FileErrorKind::Syntax(_)), "{message}");
    assert!(message.contains("bad.ron:1:1: "), "{message}");
    assert!(matches!(error_of(b"").1, FileErrorKind::Empty));
    assert!(matches!(error_of(b"  \n ").1, FileErrorKind::Empty));
    let (message, kind) = error_of(b"(\xff\xfe)");
    assert!(matches!(kind, FileErrorKind::NotUtf8(1)), "{message}");
    // Well-formed RON, but no `format_version`: not a session file.
    let (message, kind) = error_of(b"(commitments: [])");
    assert!(
        matches!(&kind, FileErrorKind::Invalid(e) if **e == ValidationError::NoFormatVersion),
        "{message}"
    );
}

#[test]
fn newer_version_is_refused_as_newer() {
    let newer = valid_text()
        .replacen(
            &format!("format_version: {FORMAT_VERSION}"),
            &format!("format_version: {}", FORMAT_VERSION + 1),
            1,
        )
        .replacen("mode: Online", "mode: Hybrid", 1);
    let (message, kind) = error_of(newer.as_bytes());
    assert!(
        matches!(kind, FileErrorKind::NewerVersion { found } if found == FORMAT_VERSION + 1),
        "{message}"
    );
    assert!(message.contains("newer version"), "{message}");
}

#[test]
fn deep_nesting_is_refused_without_overflow() {
    let mut deep = "(format_version: 1, commitments: ".to_owned();
    deep.push_str(&"[".repeat(10_000));
    deep.push_str(&"]".repeat(10_000));
    deep.push(')');
    let (message, kind) = error_of(deep.as_bytes());
    assert!(matches!(kind, FileErrorKind::TooDeep), "{message}");
    // Brackets inside strings are text, not nesting.
    let quoted = valid_text().replacen("Youth", &"[".repeat(10_000), 1);
    let session = file::parse(quoted.as_bytes()).expect("brackets in a title are text");
    assert_eq!(session.commitments[1].title, "[".repeat(10_000));
}

#[test]
fn files_over_20_mib_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(file::MAX_FILE_BYTES + 1).unwrap(); // sparse: costs no disk
    let err = file::load(&path).unwrap_err();
    assert!(matches!(err.kind, FileErrorKind::TooLarge(_)), "{err}");
}

#[test]
fn inconsistent_content_is_refused() {
    let text = valid_text();
    // Each case, and the contradiction it must be refused for (well-formed, so never a
    // syntax error).
    type Expected = fn(&ValidationError) -> bool;
    let cases: [(String, Expected); 5] = [
        (
            text.replacen("desirability: 7.3", "desirability: 11.0", 1),
            |e| {
                matches!(e, ValidationError::Desirability { workshop, commitment, value }
                    if *workshop == WorkshopRef { name: "text".into(), id: "ws-1".into() }
                        && commitment == "1" && *value == 11.0)
            },
        ),
        (text.replacen("ambition: 2.25", "ambition: NaN", 1), |e| {
            matches!(e, ValidationError::Ambition { commitment, value, .. }
                if commitment == "1" && value.is_nan())
        }),
        (
            text.replacen("commitment: \"x-2\"", "commitment: \"nope\"", 1),
            |e| {
                matches!(e, ValidationError::UnknownPlacedCommitment { commitment, .. }
                    if commitment == "nope")
            },
        ),
        (
            text.replacen("id: \"x-2\"", "id: \"1\"", 1),
            |e| matches!(e, ValidationError::DuplicateCommitmentId { id } if id == "1"),
        ),
        (
            text.replacen("id: \"ws-2\"", "id: \"ws-1\"", 1),
            |e| matches!(e, ValidationError::DuplicateWorkshop { workshop } if workshop.id == "ws-1"),
        ),
    ];
    for (case, expected) in cases {
        assert_ne!(case, text);
        let (message, kind) = error_of(case.as_bytes());
        assert!(
            matches!(&kind, FileErrorKind::Invalid(e) if expected(e)),
            "{message}"
        );
    }
}

#[test]
fn a_failed_save_leaves_the_old_file_and_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder").join("s.ron");
    let err = file::save(&full_session("a"), &missing).unwrap_err();
    assert!(err.to_string().contains("no-such-folder"), "{err}");

    // Saving over an existing file replaces it whole.
    let path = dir.path().join("s.ron");
    file::save(&full_session("old"), &path).unwrap();
    file::save(&full_session("new"), &path).unwrap();
    assert_eq!(file::load(&path).unwrap(), full_session("new"));
    let temporaries = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count();
    assert_eq!(
        temporaries, 0,
        "no temporary file is left beside the saved one"
    );
}

#[test]
fn brackets_and_backslashes_in_texts_are_not_nesting() {
    // Found by the property test above: with texts written unescaped, RON uses raw strings
    // (r#"…"#), in which a backslash is not an escape; the depth check must skip them too.
    for text in ["{[[\\", "((((\\\"", "r#\"[[[\"#", "/* [[[ */", "// [[[\n"] {
        let session = full_session(&text.repeat(40));
        let ron = file::to_ron(&session).unwrap();
        let back = file::parse(ron.as_bytes()).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
        assert_eq!(back, session);
    }
}

/// A session with every struct of the format in it, conflicts and their sources included:
/// two copies of [`full_session`] that disagree everywhere, merged with file names.
fn session_with_every_struct() -> Session {
    let a = full_session("one");
    let mut b = full_session("two");
    b.workshops[0].placements[0].desirability = 1.0;
    cocreate::merge::merge_named(&[("a.ron".to_owned(), a), ("b.ron".to_owned(), b)]).unwrap()
}

/// Every field name of every struct, misspelled where it is written (one letter more), is
/// refused at its `line:column` and the message names the field and what is expected;
/// before, the value loaded and vanished at the next save.
#[test]
fn every_misspelled_field_is_refused_with_its_place_and_the_expected_names() {
    let text = file::to_ron(&session_with_every_struct()).unwrap();
    assert!(file::parse(text.as_bytes()).is_ok());
    let mut checked = std::collections::BTreeSet::new();
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let Some((name, _)) = trimmed.split_once(": ") else {
            continue;
        };
        if !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') || name.is_empty() {
            continue;
        }
        let column = line.len() - trimmed.len() + 1;
        let mut lines: Vec<&str> = text.lines().collect();
        let changed = line.replacen(name, &format!("{name}x"), 1);
        lines[n] = &changed;
        let (message, kind) = error_of(lines.join("\n").as_bytes());
        assert!(matches!(kind, FileErrorKind::Syntax(_)), "{message}");
        assert!(
            message.contains(&format!(":{}:{column}: unknown field `{name}x`", n + 1)),
            "line {}: {message}",
            n + 1
        );
        // The names expected there, the right one among them (not only in `{name}x`).
        let expected: Vec<&str> = message
            .split_once("expected one of: ")
            .map(|(_, list)| list.split(", ").map(|n| n.trim_matches('`')).collect())
            .unwrap_or_default();
        assert!(
            expected.contains(&name),
            "{name} in {expected:?}: {message}"
        );
        checked.insert(name.to_owned());
    }
    // Fields of every struct were tried: session, commitment, workshop, attendance, plan
    // period, group, placement, refinement, values, SMART notes, milestone, sign-up,
    // conflict, its key, its sources.
    for name in [
        "format_version",
        "title",
        "facilitator",
        "civil_society",
        "end",
        "plan_period",
        "note",
        "lead_contact",
        "access_to_information",
        "time_bound",
        "deliverable",
        "email",
        "resolutions",
        "commitment",
        "workshop",
        "file",
        "sources",
    ] {
        assert!(checked.contains(name), "{name} not tried: {checked:?}");
    }
}

#[test]
fn a_misspelled_sign_ups_is_refused_with_the_likely_name() {
    let text = valid_text().replacen("sign_ups:", "sign_up:", 1);
    let (message, _) = error_of(text.as_bytes());
    assert!(
        message.contains(
            "unknown field `sign_up` (did you mean `sign_ups`?); expected one of: id, details,"
        ),
        "{message}"
    );
}

/// Ids that differ only in Unicode normalization, blanks at the ends or hidden characters
/// are one id once loaded, in the commitments and everything that refers to them.
#[test]
fn look_alike_ids_are_one_id_once_loaded() {
    let nfc = "caf\u{e9}";
    let forms = [
        "cafe\u{301}",
        " caf\u{e9}\u{a0}",
        "ca\u{200b}f\u{e9}\u{feff}",
        "\u{2066}caf\u{e9}\u{2069}",
    ];
    for form in forms {
        // Every id "1" (the commitment's, its references, the conflicts') in the look-alike
        // form, escaped as RON reads it.
        let s = session_with_every_struct();
        let text = file::to_ron(&s)
            .unwrap()
            .replace("\"1\"", &format!("{form:?}"));
        let loaded = file::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{form:?}: {e:?}"));
        let again = file::to_ron(&loaded).unwrap();
        assert!(!again.contains(form), "{form:?} is kept as it was");
        assert_eq!(
            again.matches(&format!("\"{nfc}\"")).count(),
            text.matches(&format!("{form:?}")).count(),
            "{form:?}: every reference becomes {nfc:?}"
        );
        assert!(loaded.workshops[0].is_selected(nfc));
        assert!(loaded.workshops[0].refinement(nfc).is_some());
    }
}

/// Two ids that still differ only in case are ambiguous: refused, both named.
#[test]
fn ids_differing_only_in_case_are_refused_naming_both() {
    for (a, b) in [
        ("Caf\u{e9}", "caf\u{e9}"),
        ("A1", "a1 "),
        ("\u{c9}t\u{e9}", "e\u{301}t\u{e9}\u{200d}"),
    ] {
        let mut s = full_session("text");
        s.commitments[0].id = a.into();
        s.commitments[1].id = b.into();
        s.workshops[0].placements.clear();
        s.workshops[0].selection.clear();
        s.workshops[0].refinements.clear();
        s.workshops[0].sign_ups.clear();
        let (message, kind) = error_of(file::to_ron(&s).unwrap().as_bytes());
        assert!(matches!(kind, FileErrorKind::Invalid(_)), "{message}");
        let b = cocreate::model::canonical_id(b);
        assert!(
            message.contains(&format!("\"{a}\"")) && message.contains(&format!("\"{b}\"")),
            "names both: {message}"
        );
        assert!(message.contains("cannot be told apart"), "{message}");
        // Validate alone refuses them too (a merge's output), naming both as written.
        let alone = file::validate(&s).expect_err("refused by validate alone");
        assert!(
            matches!(&alone, ValidationError::AmbiguousIds { first, .. } if first == a),
            "{alone:?}"
        );
        assert!(
            alone.to_string().contains("cannot be told apart"),
            "{alone}"
        );
    }
}
