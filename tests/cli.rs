//! The command line, run as the real binary.

use std::path::Path;
use std::process::{Command, Output};

fn cocreate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cocreate"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn session_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions")
}

#[test]
fn check_reports_each_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "(\n  format_version: 1,\n  commitments: [ (id: 3) ],\n)",
    )
    .unwrap();
    let good = session_dir().join("ontario-2016-central.ron");
    let out = cocreate(&["check", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!("{}: ok", good.display())),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{}:3:", bad.display())),
        "line:col: {stdout}"
    );

    let out = cocreate(&["check", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// Issue 13: a session file of format version 1 (the previous release's) is valid, and
/// `check` says its next save writes the current version; a file of this version is just
/// `ok`. The fixtures are only read.
#[test]
fn check_says_an_older_file_will_be_saved_in_the_current_version() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1");
    let old = fixtures.join("ontario-2016-central.ron");
    let merged = fixtures.join("ontario-2016-merged-conflicts.ron");
    let current = session_dir().join("ontario-2016-central.ron");
    let out = cocreate(&[
        "check",
        old.to_str().unwrap(),
        merged.to_str().unwrap(),
        current.to_str().unwrap(),
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert_eq!(
        stdout,
        format!(
            "{}: ok (format version 1: will be saved as version 3)\n\
             {}: ok (format version 1: will be saved as version 3)\n\
             {}: ok\n",
            old.display(),
            merged.display(),
            current.display()
        )
    );
    // A newer file is still refused as newer, not said to be upgraded.
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("newer.ron");
    std::fs::write(&newer, "(format_version: 4)").unwrap();
    let out = cocreate(&["check", newer.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("newer version of cocreate (format 4; this version reads up to 3)"),
        "{stdout}"
    );
}

#[test]
fn check_also_reads_commitment_lists() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("list.csv");
    std::fs::write(&csv, "id,title,theme,votes,description\n1,A,t,lots,d\n").unwrap();
    let out = cocreate(&["check", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with(&csv.display().to_string()), "{stdout}");
    assert!(
        stdout.contains("row 1 (line 2), column `votes`: ") && stdout.contains("lots"),
        "{stdout}"
    );
}

#[test]
fn new_writes_an_empty_workshop() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("new.ron");
    let out = cocreate(&[
        "new",
        "--workshop",
        "Sudbury",
        "--groups",
        "4",
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let session = cocreate::file::load(&out_path).unwrap();
    assert_eq!(session.commitments.len(), 15);
    let w = &session.workshops[0];
    assert_eq!(w.details.name, "Sudbury");
    assert_eq!(w.groups.len(), 4);
    assert!(w.placements.is_empty());
}

#[test]
fn new_by_default_has_the_bundled_list_and_three_groups() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("new.ron");
    let out = cocreate(&["new", "-o", out_path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let session = cocreate::file::load(&out_path).unwrap();
    assert_eq!(session.commitments, cocreate::demo::bundled_commitments());
    let names: Vec<&str> = session.workshops[0]
        .groups
        .iter()
        .map(|g| g.name.as_str())
        .collect();
    assert_eq!(names, ["Group 1", "Group 2", "Group 3"]);
}

#[test]
fn new_with_a_commitment_list() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("list.csv");
    std::fs::write(
        &csv,
        "\u{feff}id,title,theme,votes,description\r\nA,\"One, two\",health,3,\"multi\nline\"\r\n",
    )
    .unwrap();
    let out_path = dir.path().join("new.ron");
    let out = cocreate(&[
        "new",
        "--commitments",
        csv.to_str().unwrap(),
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let session = cocreate::file::load(&out_path).unwrap();
    // The list's one commitment, every field as the file has it (not the bundled list).
    assert_eq!(
        session.commitments,
        [cocreate::model::Commitment {
            id: "A".into(),
            title: "One, two".into(),
            theme: "health".into(),
            votes: 3,
            description: "multi\nline".into(),
            decidim_id: String::new(),
        }]
    );
}

#[test]
fn demo_is_reproducible_per_seed() {
    let dir = tempfile::tempdir().unwrap();
    let path = |n: &str| dir.path().join(n).to_str().unwrap().to_owned();
    for (name, seed) in [("a.ron", "7"), ("b.ron", "7"), ("c.ron", "8")] {
        let out = cocreate(&["demo", "--groups", "3", "--seed", seed, "-o", &path(name)]);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let read = |n: &str| std::fs::read(path(n)).unwrap();
    assert_eq!(read("a.ron"), read("b.ron"));
    assert_ne!(read("a.ron"), read("c.ron"));
    let a = cocreate::file::load(Path::new(&path("a.ron"))).unwrap();
    let c = cocreate::file::load(Path::new(&path("c.ron"))).unwrap();
    assert_ne!(a.workshops[0].id, c.workshops[0].id);
    let w = &a.workshops[0];
    assert_eq!(w.placements.len(), 15 * 3);
    assert_eq!((w.selection.len(), w.refinements.len()), (3, 1));
}

#[test]
fn demo_ideas_share_commitments_across_seeds() {
    let dir = tempfile::tempdir().unwrap();
    let p1 = dir.path().join("1.ron");
    let p2 = dir.path().join("2.ron");
    for (p, seed) in [(&p1, "1"), (&p2, "2")] {
        let out = cocreate(&[
            "demo",
            "--ideas",
            "100",
            "--groups",
            "40",
            "--seed",
            seed,
            "-o",
            p.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let a = cocreate::file::load(&p1).unwrap();
    let b = cocreate::file::load(&p2).unwrap();
    assert_eq!(a.commitments, b.commitments);
    assert_eq!(a.workshops[0].placements.len(), 100 * 40);
}

#[test]
fn bad_arguments_and_input_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.ron");
    let o = out_path.to_str().unwrap();
    let missing = dir.path().join("missing.csv");
    let bad_csv = dir.path().join("bad.csv");
    let nowhere = dir.path().join("no/such/dir/x.ron");
    std::fs::write(&bad_csv, "id,title\n1,a\n").unwrap();
    let no_file = "the file or its folder does not exist";
    let header = "line 1: the header has no `theme` column";
    // Each case, its exit code, and what it says of why (not merely something).
    let cases: Vec<(Vec<&str>, i32, Vec<String>)> = vec![
        (
            vec!["new", "--commitments", missing.to_str().unwrap(), "-o", o],
            1,
            vec![format!("{}: {no_file}", missing.display())],
        ),
        (
            vec!["new", "--commitments", bad_csv.to_str().unwrap(), "-o", o],
            1,
            vec![format!("{}: {header}", bad_csv.display())],
        ),
        (
            vec!["demo", "--commitments", bad_csv.to_str().unwrap(), "-o", o],
            1,
            vec![format!("{}: {header}", bad_csv.display())],
        ),
        (
            vec!["demo", "--groups", "0", "-o", o],
            2,
            vec!["invalid value '0' for '--groups <N>'".into()],
        ),
        (
            vec!["demo", "--ideas", "ten", "-o", o],
            2,
            vec!["invalid value 'ten' for '--ideas <N>'".into()],
        ),
        (
            vec!["new", "--groups", "-3", "-o", o],
            2,
            vec!["unexpected argument '-3'".into()],
        ),
        (
            vec!["new"],
            2,
            vec![
                "required arguments were not provided".into(),
                "--output".into(),
            ],
        ),
        (
            vec!["check"],
            2,
            vec![
                "required arguments were not provided".into(),
                "<FILES>".into(),
            ],
        ),
        (vec!["frobnicate", "x"], 2, vec!["Usage: cocreate".into()]),
        (
            vec!["no-such-session.ron"],
            1,
            vec!["no-such-session.ron: no such file".into()],
        ),
        (
            vec!["demo", "-o", nowhere.to_str().unwrap()],
            1,
            vec![format!("{}: {no_file}", nowhere.display())],
        ),
    ];
    for (args, code, why) in cases {
        let out = cocreate(&args);
        let stderr = text(&out.stderr);
        assert_ne!(out.status.code(), Some(101), "{args:?} panicked: {stderr}");
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        for words in why {
            assert!(stderr.contains(&words), "{args:?} says {words:?}: {stderr}");
        }
        assert!(!out_path.exists(), "{args:?} wrote a file");
    }
    let out = cocreate(&["new", "--commitments", bad_csv.to_str().unwrap(), "-o", o]);
    let stderr = text(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "one clear line: {stderr}");
    assert!(
        stderr.contains("bad.csv") && stderr.contains("`theme`"),
        "{stderr}"
    );
}

#[test]
fn merge_writes_a_canonical_union_and_lists_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<String> = ["central", "northern", "online"]
        .iter()
        .map(|n| {
            session_dir()
                .join(format!("ontario-2016-{n}.ron"))
                .to_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let out1 = dir.path().join("m1.ron");
    let out2 = dir.path().join("m2.ron");
    let run = |order: [usize; 3], out: &Path| {
        let mut args = vec!["merge"];
        args.extend(order.iter().map(|i| files[*i].as_str()));
        args.extend(["-o", out.to_str().unwrap()]);
        cocreate(&args)
    };
    let o = run([0, 1, 2], &out1);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let stdout = text(&o.stdout);
    assert!(
        stdout.contains("3 workshops, 10 groups, 150 placements"),
        "{stdout}"
    );
    assert!(
        stdout.contains("3 selected at two or more workshops"),
        "{stdout}"
    );
    assert!(run([2, 0, 1], &out2).status.success());
    assert_eq!(
        std::fs::read(&out1).unwrap(),
        std::fs::read(&out2).unwrap(),
        "order does not matter"
    );

    // A copy of the central workshop edited apart: the conflict is listed, not overwritten.
    let mut copy = cocreate::file::load(Path::new(&files[0])).unwrap();
    let w = &mut copy.workshops[0];
    let g = w.groups[0].id;
    w.place(g, "3", 0.5, 0.5);
    let edited = dir.path().join("central-copy.ron");
    cocreate::file::save(&copy, &edited).unwrap();
    let out3 = dir.path().join("m3.ron");
    let o = cocreate(&[
        "merge",
        &files[0],
        edited.to_str().unwrap(),
        "-o",
        out3.to_str().unwrap(),
    ]);
    let stdout = text(&o.stdout);
    assert!(
        stdout.contains("1 conflicts")
            && stdout.contains("placed commitment 3 in 2 different ways"),
        "{stdout}"
    );
}

#[test]
fn merge_with_a_bad_input_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(format_version: 1,\n commitments: [(id: 1)])").unwrap();
    let newer = dir.path().join("newer.ron");
    std::fs::write(&newer, "(format_version: 99)").unwrap();
    let good = session_dir().join("ontario-2016-central.ron");
    let out = dir.path().join("m.ron");
    for broken in [&bad, &newer] {
        let o = cocreate(&[
            "merge",
            good.to_str().unwrap(),
            broken.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(1));
        let stderr = text(&o.stderr);
        assert!(stderr.contains(&broken.display().to_string()), "{stderr}");
        assert!(!out.exists());
    }
    assert!(
        text(
            &cocreate(&[
                "merge",
                good.to_str().unwrap(),
                bad.to_str().unwrap(),
                "-o",
                out.to_str().unwrap()
            ])
            .stderr
        )
        .contains("bad.ron:2:")
    );
}

#[test]
fn reports_keep_user_text_inert_and_contacts_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = cocreate::demo::generate(cocreate::demo::bundled_commitments(), 3, 4);
    session.commitments[0].title =
        "=HYPERLINK(\"http://evil\") <img src=x onerror=alert(1)> [x](javascript:alert(1)) a|b"
            .into();
    session.workshops[0].details.name = "@SUM(A1)".into();
    let first = session.workshops[0].selection[0].clone();
    session.workshops[0].sign_ups.push(cocreate::model::SignUp {
        commitment: first,
        name: "Private Person".into(),
        email: "private@example.org".into(),
        ..Default::default()
    });
    session.workshops[0].set_selected("1", true);
    let path = dir.path().join("s.ron");
    cocreate::file::save(&session, &path).unwrap();

    let md = dir.path().join("plan.md");
    let o = cocreate(&["report", path.to_str().unwrap(), "-o", md.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let report = std::fs::read_to_string(&md).unwrap();
    let unescaped = |c: char| {
        report
            .match_indices(c)
            .any(|(i, _)| !report[..i].ends_with('\\'))
    };
    assert!(report.contains("\\<img"), "the title is there, as text");
    assert!(!unescaped('<') && !unescaped('>'), "no raw HTML");
    assert!(
        !report.contains("](javascript") && !report.contains("[x]("),
        "no links smuggled in"
    );
    assert!(report.contains("a\\|b"), "pipes escaped");
    assert!(!report.contains("private@example.org") && !report.contains("Private Person"));
    assert!(report.contains("(plan-grid.svg)"));
    let svg = std::fs::read_to_string(dir.path().join("plan-grid.svg")).unwrap();
    assert!(svg.starts_with("<svg") && !svg.contains("<img"));

    let o = cocreate(&["report", path.to_str().unwrap(), "--include-contacts"]);
    // An e-mail is not markup: it is printed as it is, so it still works when pasted.
    assert!(
        text(&o.stdout).contains("private@example.org"),
        "{}",
        text(&o.stdout)
    );

    let o = cocreate(&["report", path.to_str().unwrap(), "--format", "csv"]);
    let csv = text(&o.stdout);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "workshop,group,commitment_id,title,theme,desirability,ambition,ambition_level,selected,note"
        )
    );
    assert_eq!(csv.lines().count(), 1 + 15 * 3);
    assert!(csv.contains("'@SUM(A1)"), "{csv}");
    assert!(csv.contains("\"'=HYPERLINK"), "{csv}");
    assert!(!csv.contains("private@example.org"));
}

/// The three Ontario 2016 workshops, merged, in a temporary folder.
fn merged_ontario(dir: &Path) -> std::path::PathBuf {
    let merged = dir.join("merged.ron");
    let mut args = vec!["merge".to_owned()];
    for n in ["central", "northern", "online"] {
        args.push(
            session_dir()
                .join(format!("ontario-2016-{n}.ron"))
                .to_str()
                .unwrap()
                .to_owned(),
        );
    }
    args.extend(["-o".to_owned(), merged.to_str().unwrap().to_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = cocreate(&args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    merged
}

#[test]
fn report_reads_as_plain_text_where_nothing_is_markup() {
    let dir = tempfile::tempdir().unwrap();
    let merged = merged_ontario(dir.path());
    let o = cocreate(&["report", merged.to_str().unwrap(), "--include-contacts"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let report = text(&o.stdout);
    // Dates and e-mails as typed.
    assert!(
        report.contains("2016-08-16") && !report.contains("2016\\-08"),
        "{report}"
    );
    assert!(report.contains("alex@example.org") && !report.contains("example\\.org"));
    // Sections numbered by the commitment's id, in the summary table's order (most often
    // selected first, then the list's order), and only the selected ones.
    let sections: Vec<&str> = report
        .lines()
        .filter_map(|l| l.strip_prefix("### "))
        .filter_map(|l| l.split_once(". ").map(|(id, _)| id))
        .collect();
    assert_eq!(sections, ["1", "2", "3", "7", "9", "12", "13"], "{report}");
    // Commitment 1 was refined the same way at two workshops: its template once.
    let one = &report[report.find("\n### 1. ").unwrap()..];
    let one = &one[..one[1..].find("\n### ").unwrap()];
    assert_eq!(one.matches("**Main objective**").count(), 1, "{one}");
    assert!(one.contains("Central workshop; Northern workshop"), "{one}");
    // One person, signed up at all three workshops, listed once.
    let contacts = &report[report.find("## Contacts").unwrap()..];
    assert_eq!(
        contacts.matches("**Alex Example**").count(),
        1,
        "{contacts}"
    );
    assert!(
        contacts.contains("(at Central workshop; Northern workshop)"),
        "{contacts}"
    );
}

#[test]
fn report_can_leave_out_the_working_notes() {
    let dir = tempfile::tempdir().unwrap();
    let merged = merged_ontario(dir.path());
    let with = text(&cocreate(&["report", merged.to_str().unwrap()]).stdout);
    assert!(with.contains("SMART check: "), "{with}");
    let o = cocreate(&["report", merged.to_str().unwrap(), "--no-smart-notes"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let without = text(&o.stdout);
    assert!(!without.contains("SMART check"), "{without}");
    assert!(without.contains("**Main objective**"));
}

#[test]
fn report_csv_has_the_groups_notes_and_no_negative_zero() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = cocreate::demo::generate(cocreate::demo::bundled_commitments(), 2, 5);
    let w = &mut session.workshops[0];
    let g = w.groups[0].id;
    let p = w
        .placements
        .iter_mut()
        .find(|p| p.group == g && p.commitment == "1")
        .unwrap();
    (p.desirability, p.ambition) = (-0.0, -0.0);
    p.note = "Quick win, low cost".into();
    let path = dir.path().join("s.ron");
    cocreate::file::save(&session, &path).unwrap();
    let o = cocreate(&["report", path.to_str().unwrap(), "--format", "csv"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let csv = text(&o.stdout);
    assert!(csv.lines().next().unwrap().ends_with(",note"), "{csv}");
    let selected = session.workshops[0].is_selected("1");
    assert!(
        csv.contains(&format!(",0,0,none,{selected},\"Quick win, low cost\"")),
        "{csv}"
    );
    assert!(!csv.contains(",-0"), "{csv}");
    let o = cocreate(&["report", path.to_str().unwrap()]);
    assert!(!text(&o.stdout).contains(" -0.0"), "{}", text(&o.stdout));
}

#[test]
fn a_conflict_without_versions_is_refused_by_check_and_merge_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("e.ron");
    std::fs::write(
        &file,
        r#"(format_version:1,conflicts:[(key:Group(workshop:"w",group:1),versions:[])])"#,
    )
    .unwrap();
    let out = cocreate(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&file.display().to_string()) && stdout.contains("has no version"),
        "{stdout}"
    );

    let merged = dir.path().join("o.ron");
    let out = cocreate(&[
        "merge",
        file.to_str().unwrap(),
        "-o",
        merged.to_str().unwrap(),
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&file.display().to_string()) && stderr.contains("conflict 1"),
        "{stderr}"
    );
    assert!(!merged.exists());
}

#[test]
fn merged_conflicts_say_which_file_each_version_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let central = session_dir().join("ontario-2016-central.ron");
    let mut copy = cocreate::file::load(&central).unwrap();
    let w = &mut copy.workshops[0];
    let g = w.groups[0].id;
    w.place(g, "3", 0.5, 0.5);
    std::fs::create_dir(dir.path().join("bob")).unwrap();
    let edited = dir.path().join("bob").join("ontario-2016-central.ron");
    cocreate::file::save(&copy, &edited).unwrap();
    let out = dir.path().join("m.ron");
    let o = cocreate(&[
        "merge",
        central.to_str().unwrap(),
        edited.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let merged = cocreate::file::load(&out).unwrap();
    let sources: Vec<String> = merged.conflicts[0]
        .sources
        .iter()
        .map(|s| cocreate::merge::describe_sources(s).to_string())
        .collect();
    assert_eq!(
        sources,
        [
            "bob/ontario-2016-central.ron (Central workshop)",
            "sessions/ontario-2016-central.ron (Central workshop)"
        ],
        "the same file name twice: the folder tells them apart, never the whole path"
    );
}

/// Runs the binary with a deadline: a command that does not end is killed and reported as a
/// hang (this is not a speed test: a refused input ends at once, a hang never does).
#[cfg(unix)]
fn cocreate_or_hang(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cocreate"))
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("cocreate {args:?} hangs");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Issue 12: a FIFO blocked `check`, `merge`, `report` and `new --commitments` for ever, and
/// `/dev/urandom` as a commitment list grew to 4 GB. Every input that is not a regular file
/// is refused at once, by every command that reads one, with what it is.
#[cfg(unix)]
#[test]
fn fifos_devices_and_folders_are_refused_at_once_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("f.ron");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let fifo_csv = dir.path().join("f.csv");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo_csv)
            .status()
            .unwrap()
            .success()
    );
    let out = dir.path().join("out.ron");
    let good = session_dir().join("ontario-2016-central.ron");
    let (good, out) = (good.to_str().unwrap(), out.to_str().unwrap());
    let folder = dir.path().to_str().unwrap();
    for (input, what) in [
        (fifo.to_str().unwrap(), "a pipe (FIFO)"),
        ("/dev/zero", "a device"),
        ("/dev/urandom", "a device"),
        (folder, "a folder"),
    ] {
        let csv_input = if input == fifo.to_str().unwrap() {
            fifo_csv.to_str().unwrap()
        } else {
            input
        };
        for args in [
            vec!["check", input],
            vec!["check", csv_input],
            vec!["merge", good, input, "-o", out],
            vec!["report", input],
            vec!["new", "--commitments", csv_input, "-o", out],
            vec!["demo", "--commitments", csv_input, "-o", out],
        ] {
            let result = cocreate_or_hang(&args);
            assert_eq!(result.status.code(), Some(1), "{args:?}");
            let said = text(&result.stdout) + &text(&result.stderr);
            assert!(said.contains(what), "{args:?}: {said}");
            assert!(!Path::new(out).exists(), "{args:?} wrote");
        }
    }
}

/// What reaches a terminal: no control, bidi or zero-width character from a name or a path
/// the user typed, in any command's output or message.
fn obeys_nothing(bytes: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(bytes);
    match text.chars().find(|c| {
        (c.is_control() && *c != '\n' && *c != '\t')
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    }) {
        Some(c) => Err(format!("{c:?} reaches the terminal in {text:?}")),
        None => Ok(()),
    }
}

#[test]
fn names_and_paths_reach_the_terminal_as_text_not_commands() {
    let dir = tempfile::tempdir().unwrap();
    // A workshop and a group named to rewrite the terminal: clear the line, go back,
    // print "no conflicts", set the title, make a link, reverse the text.
    let hostile = "Central\u{1b}[2K\r\u{1b}[1Ano conflicts\u{7}\u{1b}]0;owned\u{7}\u{1b}]8;;http://x\u{1b}\\\u{202e}txet";
    let central = session_dir().join("ontario-2016-central.ron");
    let mut a = cocreate::file::load(&central).unwrap();
    a.workshops[0].details.name = hostile.to_owned();
    a.workshops[0].groups[0].name = hostile.to_owned();
    let mut b = a.clone();
    let g = b.workshops[0].groups[0].id;
    b.workshops[0].place(g, "3", 0.5, 0.5);
    b.workshops[0].groups[1].name = format!("{hostile} 2");
    let name = "in\u{1b}[31mred\u{7}.ron";
    let pa = dir.path().join(name);
    let pb = dir.path().join("b.ron");
    cocreate::file::save(&a, &pa).unwrap();
    cocreate::file::save(&b, &pb).unwrap();
    let out = dir.path().join("m.ron");
    let missing = dir.path().join("gone\u{1b}[2J.ron");
    let bad = dir.path().join("bad\u{9b}31m.ron");
    std::fs::write(&bad, "(format_version:1,workshops:[(").unwrap();
    let runs: Vec<Vec<std::ffi::OsString>> = vec![
        vec![
            "merge".into(),
            pa.clone().into(),
            pb.clone().into(),
            "-o".into(),
            out.clone().into(),
        ],
        vec![
            "check".into(),
            pa.clone().into(),
            missing.clone().into(),
            bad.clone().into(),
        ],
        vec!["report".into(), pa.clone().into()],
        vec![
            "report".into(),
            pa.clone().into(),
            "--format".into(),
            "csv".into(),
        ],
        vec!["report".into(), missing.clone().into()],
        vec![
            "merge".into(),
            missing.clone().into(),
            "-o".into(),
            out.clone().into(),
        ],
        vec![
            "new".into(),
            "--workshop".into(),
            hostile.into(),
            "-o".into(),
            pa.clone().into(),
        ],
        vec![
            "new".into(),
            "--commitments".into(),
            missing.clone().into(),
            "-o".into(),
            dir.path().join("n.ron").into(),
        ],
    ];
    for (n, args) in runs.iter().enumerate() {
        let o = Command::new(env!("CARGO_BIN_EXE_cocreate"))
            .args(args)
            .output()
            .unwrap();
        assert_ne!(o.status.code(), Some(101), "{args:?} panicked");
        obeys_nothing(&o.stdout).unwrap_or_else(|e| panic!("{args:?} stdout: {e}"));
        obeys_nothing(&o.stderr).unwrap_or_else(|e| panic!("{args:?} stderr: {e}"));
        // What each run says, its names and paths shown as text (escaped, or with the
        // control characters left out), not swallowed: the checks above are about them.
        let gone = "gone\\u{1b}[2J.ron: the file or its folder does not exist";
        let said: &[&str] = match n {
            1 => &[
                "in\\u{1b}[31mred\\u{7}.ron: ok\n",
                gone,
                "bad\\u{9b}31m.ron:1:31: the file ends early",
            ],
            2 => &["- **Central\\[2K \\[1Ano conflicts\\]0;owned\\]8;;http://x\\txet** — "],
            3 => &["\nCentral[2K [1Ano conflicts]0;owned]8;;http://x\\txet,"],
            4 | 5 | 7 => &[gone],
            _ => &[],
        };
        let all = text(&o.stdout) + &text(&o.stderr);
        for words in said {
            assert!(all.contains(words), "{args:?}: {words:?} in {all:?}");
        }
        if n == 0 {
            // The first merge succeeds and names the hostile workshop and groups.
            assert!(o.status.success(), "{}", text(&o.stderr));
            let stdout = text(&o.stdout);
            assert!(
                stdout.contains("2 conflicts (every version is kept"),
                "{stdout}"
            );
            assert!(
                stdout.contains("\\u{1b}[2K"),
                "the name is shown, escaped: {stdout}"
            );
        }
    }
}

/// Issue 12, "special outputs" and "a failed report": a device or a pipe is written
/// through (never replaced by a file), a failed report leaves nothing, and a name with
/// spaces or parentheses gets an image link that finds its file.
#[cfg(unix)]
#[test]
fn reports_write_through_devices_leave_nothing_when_they_fail_and_link_any_name() {
    use std::os::unix::fs::FileTypeExt as _;
    let dir = tempfile::tempdir().unwrap();
    let session = session_dir().join("ontario-2016-central.ron");
    let s = session.to_str().unwrap();

    let o = cocreate(&["report", s, "-o", "/dev/null"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        std::fs::symlink_metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device(),
        "/dev/null is still a device"
    );
    assert!(
        !Path::new("/dev/null-grid.svg").exists(),
        "no image beside a device"
    );

    let o = cocreate(&["report", s, "-o", "/dev/stdout"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let expected = cocreate(&["report", s]);
    assert_eq!(
        text(&o.stdout),
        text(&expected.stdout),
        "written through to stdout"
    );

    // The output is a folder: the report fails, and no image is left behind.
    let folder = dir.path().join("plan");
    std::fs::create_dir(&folder).unwrap();
    let o = cocreate(&["report", s, "-o", folder.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(
        !dir.path().join("plan-grid.svg").exists(),
        "nothing left behind"
    );
    // An image that was there before a failed report is kept as it was.
    std::fs::write(dir.path().join("plan-grid.svg"), "old").unwrap();
    let o = cocreate(&["report", s, "-o", folder.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("plan-grid.svg")).unwrap(),
        "old"
    );

    let named = dir.path().join("action plan (draft).md");
    let o = cocreate(&["report", s, "-o", named.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let md = std::fs::read_to_string(&named).unwrap();
    let target = md
        .split("](")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .expect("an image link");
    let decoded = target
        .replace("%20", " ")
        .replace("%28", "(")
        .replace("%29", ")");
    assert!(
        dir.path().join(&decoded).is_file(),
        "the link {target:?} finds its file"
    );
}

/// Issue 14: `cocreate FILE --room --room-addr ADDR` prints one line per group, `room: <group
/// name> <URL>`, before the window opens (here there is no display: the window cannot open,
/// and the room closes with the process).
#[test]
fn room_prints_a_link_per_group() {
    use std::io::BufRead as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_cocreate"))
        .arg(session_dir().join("ontario-2016-central.ron"))
        .args(["--room", "--room-addr", "127.0.0.1:0"])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the binary runs");
    let stdout = child.stdout.take().unwrap();
    let lines: Vec<String> = std::io::BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .filter(|l| l.starts_with("room: "))
        .take(4)
        .collect();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(lines.len(), 4, "{lines:?}");
    for (i, line) in lines.iter().enumerate() {
        let rest = line
            .strip_prefix(&format!("room: Group {} http://127.0.0.1:", i + 1))
            .unwrap_or_else(|| panic!("{line}"));
        let (port, token) = rest.split_once("/g/").unwrap();
        assert!(port.parse::<u16>().is_ok_and(|p| p > 0), "{line}");
        assert_eq!(token.len(), 26, "{line}");
    }
    assert!(
        cocreate(&["--room-addr", "127.0.0.1:0"]).status.code() == Some(2),
        "--room-addr without --room is a usage error"
    );
}

/// Issue 15: `report --format response` on the Ontario organizers' file, in English and in
/// French: every one of the fifteen ideas has its section with its outcome and reason; the
/// four selected at a workshop but not taken into the plan are marked so; the criteria are
/// at the top; the evidence table gives each workshop's medians.
#[test]
fn the_reasoned_response_covers_every_ontario_idea_in_english_and_french() {
    let plan = session_dir().join("ontario-2016-plan.ron");
    let session = cocreate::file::load(&plan).unwrap();
    // An outcome as each language says it (the translation file's one-line entries).
    let french =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/i18n/fr.yml"))
            .unwrap();
    let say = |lang: &str, outcome: &cocreate::model::Outcome| -> String {
        let (key, id) = match outcome {
            cocreate::model::Outcome::MergedInto(id) => ("merged into idea %{id}", id.as_str()),
            other => (other.name(), ""),
        };
        let text = if lang == "fr" {
            let entry = format!("\"{key}\": \"");
            let line = french
                .lines()
                .find_map(|l| l.strip_prefix(&entry))
                .unwrap_or_else(|| panic!("{key} in fr.yml"));
            line.strip_suffix('"').unwrap().to_owned()
        } else {
            key.to_owned()
        };
        text.replace("%{id}", id)
    };
    for (lang, idea, outcome_label, marked, criteria, merged) in [
        (
            "en",
            "## Idea ",
            "**Outcome:** ",
            "*Selected at a workshop, not taken into the plan as it stands.*",
            "## Selection criteria",
            "merged into idea 2",
        ),
        (
            "fr",
            "## Idée ",
            "**Décision\u{a0}:** ",
            "*Retenue à un atelier, mais pas reprise dans le plan tel qu’il est.*",
            "## Critères de sélection",
            "fusionnée avec l’idée 2",
        ),
    ] {
        let out = cocreate(&[
            "report",
            plan.to_str().unwrap(),
            "--format",
            "response",
            "--lang",
            lang,
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let md = text(&out.stdout);
        let before_ideas = md.split(idea).next().unwrap();
        assert!(before_ideas.contains(criteria), "{lang}: criteria first");
        assert!(before_ideas.contains("can be delivered within the plan period"));
        for c in &session.commitments {
            let heading = format!("{idea}{}", c.id);
            let section = md
                .split(&format!("\n{heading}"))
                .nth(1)
                .unwrap_or_else(|| panic!("{lang}: idea {} missing", c.id));
            let section = section.split(&format!("\n{idea}")).next().unwrap();
            let response = session.response(&c.id).unwrap();
            let outcome = format!("{outcome_label}{}", say(lang, &response.outcome));
            assert!(
                section.contains(&outcome),
                "{lang} idea {}: {outcome}\n{section}",
                c.id
            );
            let reason = &response.reason;
            assert!(
                section.contains(&reason[..20]),
                "{lang} idea {}: reason",
                c.id
            );
            let not_adopted = ["7", "9", "12", "13"].contains(&c.id.as_str());
            assert_eq!(
                section.contains(marked),
                not_adopted,
                "{lang} idea {}",
                c.id
            );
        }
        assert!(md.contains(merged), "{lang}");
        assert!(md.contains("| 4 sur 4 |") == (lang == "fr"), "{lang}");
        assert!(md.contains("| 4 of 4 |") == (lang == "en"), "{lang}");
    }
}

/// Issue 15: `check --irm` runs the IRM pre-check on every refined commitment and exits 1
/// on any warning; a file whose refinements all hold exits 0.
#[test]
fn check_irm_names_each_warning_and_exits_by_them() {
    let central = session_dir().join("ontario-2016-central.ron");
    let out = cocreate(&["check", "--irm", central.to_str().unwrap()]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("Central workshop, commitment 1 ("),
        "{stdout}"
    );
    assert!(
        stdout.contains("Ambition — warning: No stated ambition"),
        "{stdout}"
    );
    assert!(stdout.contains("Verifiable — holds"), "{stdout}");
    // Rated, on a workshop whose room agrees: no warning left.
    let mut session = cocreate::file::load(&central).unwrap();
    let w = &mut session.workshops[0];
    w.refinements.retain(|r| r.commitment == "1");
    let room = cocreate::irm::room_ambition(&session, &session.workshops[0], "1")
        .unwrap()
        .0;
    session.workshops[0].refinements[0].stated_ambition = Some(room);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rated.ron");
    cocreate::file::save(&session, &file).unwrap();
    let out = cocreate(&["check", "--irm", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    // Technology alone: the lens warns.
    session.workshops[0].refinements[0].values = cocreate::model::OgpValues {
        technology_and_innovation: true,
        ..Default::default()
    };
    cocreate::file::save(&session, &file).unwrap();
    let out = cocreate(&["check", "--irm", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout)
            .contains("Open-government lens — warning: Technology and innovation alone"),
        "{}",
        text(&out.stdout)
    );
}

/// Issue 15: a session on the IRM's current scale ("potential for results") reports in it:
/// the CSV's `ambition_level`, the plan draft's medians and the grid image's axis use
/// unclear / modest / substantial, never the 2016 names; with `--template current` the
/// draft follows the National Handbook's headings.
#[test]
fn a_session_on_the_current_scale_reports_and_exports_in_it() {
    use cocreate::model::{AmbitionScale, Session};
    let mut session = Session::new_workshop(cocreate::demo::bundled_commitments(), "Now", 3);
    session.ambition_scale = AmbitionScale::PotentialForResults;
    let w = &mut session.workshops[0];
    let groups: Vec<u32> = w.groups.iter().map(|g| g.id).collect();
    for (i, c) in ["1", "2", "3"].iter().enumerate() {
        for &g in &groups {
            w.place(g, c, 6.0, i as f64); // unclear, modest, substantial
        }
    }
    w.set_selected("1", true);
    let r = w.refinement_mut("1");
    r.problem = "Data is hard to find".into();
    r.causes = "No inventory".into();
    r.done_so_far = "A directive".into();
    r.analysis.transparency = "More datasets in the open".into();
    r.milestones.push(cocreate::model::Milestone {
        deliverable: "Publish the inventory".into(),
        end: "2017-06".into(),
        output: "An inventory of every dataset".into(),
        stakeholders: "Civil-society data users".into(),
        ..Default::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("now.ron");
    cocreate::file::save(&session, &file).unwrap();

    let out = cocreate(&["report", file.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Each commitment at its own level (every group placed it alike), on this scale.
    let mut levels: Vec<(String, String)> = csv::Reader::from_reader(out.stdout.as_slice())
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[2].to_owned(), r[7].to_owned())
        })
        .collect();
    levels.sort();
    levels.dedup();
    assert_eq!(
        levels,
        [
            ("1".to_owned(), "unclear".to_owned()),
            ("2".to_owned(), "modest".to_owned()),
            ("3".to_owned(), "substantial".to_owned())
        ]
    );

    let md = dir.path().join("plan.md");
    let out = cocreate(&[
        "report",
        file.to_str().unwrap(),
        "-o",
        md.to_str().unwrap(),
        "--template",
        "current",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let draft = std::fs::read_to_string(&md).unwrap();
    let svg = std::fs::read_to_string(dir.path().join("plan-grid.svg")).unwrap();
    for level in ["unclear", "modest", "substantial"] {
        assert!(
            svg.contains(&format!(">{level}</text>")),
            "{level} on the axis"
        );
    }
    assert!(svg.contains("Ambition — potential for results"));
    for old in ["none", "minor", "moderate", "transformative"] {
        assert!(
            !svg.contains(&format!(">{old}</text>")),
            "{old} on the axis"
        );
        assert!(!draft.contains(&format!("**{old}**")), "{old} in the draft");
    }
    assert!(draft.contains("median ambition **unclear**"), "{draft}");
    for heading in [
        "#### Problem definition",
        "What are the causes of the problem?",
        "What has been done so far to solve the problem?",
        "What solution are you proposing?",
        "What results do we want to achieve by implementing this commitment?",
        "#### Commitment analysis",
        "How will the commitment promote transparency?",
        "#### Commitment planning",
        "| Milestones | Expected outputs | Expected completion date | Stakeholders |",
        "| 1. Publish the inventory | An inventory of every dataset | 2017-06 | Civil-society data users |",
    ] {
        assert!(draft.contains(heading), "{heading}\n{draft}");
    }
    assert!(draft.contains("No inventory") && draft.contains("A directive"));
    // The 2016 template (the session's own) keeps the seed's headings.
    let out = cocreate(&["report", file.to_str().unwrap()]);
    let old = text(&out.stdout);
    assert!(old.contains("Status quo or problem to be addressed"));
    assert!(!old.contains("#### Commitment analysis"));
}

/// Issue 15: sessions on different ambition scales are not merged; the message names both
/// files and both scales, and nothing is written.
#[test]
fn merging_sessions_on_different_scales_is_refused_naming_both() {
    use cocreate::model::{AmbitionScale, Session};
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.ron");
    let new = dir.path().join("new.ron");
    let mut s = Session::new_workshop(cocreate::demo::bundled_commitments(), "A", 2);
    cocreate::file::save(&s, &old).unwrap();
    s = Session::new_workshop(cocreate::demo::bundled_commitments(), "B", 2);
    s.ambition_scale = AmbitionScale::PotentialForResults;
    cocreate::file::save(&s, &new).unwrap();
    let merged = dir.path().join("merged.ron");
    let out = cocreate(&[
        "merge",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "-o",
        merged.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("old.ron uses the ambition scale “potential impact (IRM, 2016)” and new.ron uses “potential for results (IRM, current)”"),
        "{err}"
    );
    assert!(!merged.exists());
}

/// Issue 16: "bad arguments or input print one line on stderr and exit 1", for every
/// subcommand that reads a file × every kind of bad input: missing, a folder, a FIFO, empty,
/// not UTF-8, cut short, not what it should be. The line names the file, and no output is
/// written. (Usage errors — a missing or unknown argument — are clap's: its message and the
/// usage line, exit 2; see `usage_errors_exit_2_with_the_usage_line`.)
#[test]
fn bad_input_is_one_line_on_stderr_for_every_subcommand_and_kind() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(session_dir().join("ontario-2016-central.ron")).unwrap();
    // Each input: its kind, its path, and what the line must say of it — the reason of its
    // kind, not another one the same bytes also give (a session file cut in half, read as a
    // commitment list, lacks the list's columns long before it is cut).
    let mut inputs: Vec<(&str, std::path::PathBuf, &str)> = Vec::new();
    let add = |name: &str, contents: Option<&[u8]>| {
        let path = dir.path().join(name);
        if let Some(bytes) = contents {
            std::fs::write(&path, bytes).unwrap();
        }
        path
    };
    let list_cut_short =
        b"id,title,theme,votes,description\n1,Open data,transparency,68,\"Adopt the International";
    for (ext, not_utf8, cut_short, not_utf8_says, cut_says, other_says) in [
        (
            "ron",
            &b"(format_version: 3, commitments: [(id: \"caf\xe9\")])"[..],
            &good.as_bytes()[..good.len() / 2],
            "the file is not UTF-8 text",
            "the file ends early, in the middle of the session: was it cut off?",
            ":1:1: an entry in round brackets ( ) should start here",
        ),
        (
            "csv",
            &b"id,title,theme,votes,description\n1,caf\xe9,t,1,d\n"[..],
            &list_cut_short[..],
            "row 1 (line 2), column `title`: not UTF-8 text",
            "line 2: a quoted text that starts here is never closed",
            "line 1: the header has no `id` column",
        ),
    ] {
        inputs.push((
            "missing",
            add(&format!("missing.{ext}"), None),
            "the file or its folder does not exist",
        ));
        inputs.push((
            "empty",
            add(&format!("empty.{ext}"), Some(b"")),
            "the file is empty",
        ));
        inputs.push((
            "not UTF-8",
            add(&format!("latin1.{ext}"), Some(not_utf8)),
            not_utf8_says,
        ));
        inputs.push((
            "cut short",
            add(&format!("cut.{ext}"), Some(cut_short)),
            cut_says,
        ));
        inputs.push((
            "something else",
            add(
                &format!("other.{ext}"),
                Some(b"<html><body>hello</body></html>\n"),
            ),
            other_says,
        ));
        let folder = dir.path().join(format!("folder.{ext}"));
        std::fs::create_dir(&folder).unwrap();
        inputs.push(("a folder", folder, "this is a folder, not a file"));
        #[cfg(unix)]
        {
            let fifo = dir.path().join(format!("fifo.{ext}"));
            let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
            // SAFETY: a valid C string; mkfifo only creates the node.
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
            inputs.push(("a FIFO", fifo, "this is a pipe (FIFO), not a file"));
        }
    }
    let out = dir.path().join("out.ron");
    let md = dir.path().join("out.md");
    let mut checked = 0;
    for (kind, path, says) in &inputs {
        let p = path.to_str().unwrap();
        let is_csv = p.ends_with(".csv");
        let commands: Vec<Vec<&str>> = if is_csv {
            vec![
                vec!["new", "--commitments", p, "-o", out.to_str().unwrap()],
                vec!["demo", "--commitments", p, "-o", out.to_str().unwrap()],
            ]
        } else {
            vec![
                vec!["merge", p, "-o", out.to_str().unwrap()],
                vec!["report", p],
                vec!["report", p, "--format", "csv"],
                vec!["report", p, "--format", "response"],
                vec!["report", p, "-o", md.to_str().unwrap()],
            ]
        };
        for args in commands {
            let run = cocreate(&args);
            let stderr = text(&run.stderr);
            assert_eq!(run.status.code(), Some(1), "{args:?} ({kind}): {stderr}");
            assert_eq!(
                stderr.matches('\n').count(),
                1,
                "{args:?} ({kind}): one line, ending the output:\n{stderr}"
            );
            assert!(stderr.ends_with('\n'));
            assert!(
                stderr.contains(p),
                "{args:?} ({kind}) names the file: {stderr}"
            );
            assert!(
                stderr.contains(says),
                "{args:?} ({kind}) says {says:?}: {stderr}"
            );
            assert!(
                !out.exists() && !md.exists(),
                "{args:?} ({kind}) wrote nothing"
            );
            checked += 1;
        }
    }
    assert_eq!(
        checked,
        if cfg!(unix) {
            7 * 2 + 7 * 5
        } else {
            6 * 2 + 6 * 5
        }
    );
}

/// Issue 16: a usage error is clap's message and a pointer to `--help`, exit 2: with the
/// usage line for a missing or unknown argument, with the values it takes for a bad value.
#[test]
fn usage_errors_exit_2_with_the_usage_line() {
    for args in [
        &["report"][..],
        &["merge", "a.ron"],
        &["check", "--nope", "a.ron"],
        &["report", "a.ron", "--format", "pdf"],
        &["new", "--groups", "65", "-o", "x.ron"],
    ] {
        let run = cocreate(args);
        let stderr = text(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(stderr.contains("--help"), "{args:?}: {stderr}");
        // A value out of its range names the values it takes; a missing or unknown
        // argument shows the usage line.
        let bad_value = stderr.starts_with("error: invalid value");
        assert_eq!(
            stderr.contains("Usage: cocreate"),
            !bad_value,
            "{args:?}: {stderr}"
        );
    }
}

/// `cocreate demo --ontario-2016 -o DIR` writes the four example files of `sessions/`, byte
/// for byte, and nothing else (issue 16: a README promise without a test).
#[test]
fn demo_ontario_2016_writes_the_example_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("examples");
    let run = cocreate(&["demo", "--ontario-2016", "-o", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "ontario-2016-central.ron",
            "ontario-2016-northern.ron",
            "ontario-2016-online.ron",
            "ontario-2016-plan.ron"
        ]
    );
    for name in &written {
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(session_dir().join(name)).unwrap(),
            "{name}"
        );
    }
}
