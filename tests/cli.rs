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

#[test]
fn check_also_reads_commitment_lists() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("list.csv");
    std::fs::write(&csv, "id,title,theme,votes,description\n1,A,t,lots,d\n").unwrap();
    let out = cocreate(&["check", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with(&csv.display().to_string()), "{stdout}");
    assert!(stdout.contains("`votes`"), "{stdout}");
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
    assert_eq!(w.name, "Sudbury");
    assert_eq!(w.groups.len(), 4);
    assert!(w.placements.is_empty());
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
    assert_eq!(session.commitments[0].title, "One, two");
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
    assert!(!w.selection.is_empty() && w.refinements.len() == 1);
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
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (
            vec!["new", "--commitments", missing.to_str().unwrap(), "-o", o],
            1,
        ),
        (
            vec!["new", "--commitments", bad_csv.to_str().unwrap(), "-o", o],
            1,
        ),
        (
            vec!["demo", "--commitments", bad_csv.to_str().unwrap(), "-o", o],
            1,
        ),
        (vec!["demo", "--groups", "0", "-o", o], 2),
        (vec!["demo", "--ideas", "ten", "-o", o], 2),
        (vec!["new", "--groups", "-3", "-o", o], 2),
        (vec!["new"], 2),
        (vec!["check"], 2),
        (vec!["frobnicate", "x"], 2),
        (vec!["no-such-session.ron"], 1),
        (vec!["demo", "-o", nowhere.to_str().unwrap()], 1),
    ];
    for (args, code) in cases {
        let out = cocreate(&args);
        let stderr = text(&out.stderr);
        assert_ne!(out.status.code(), Some(101), "{args:?} panicked: {stderr}");
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(!stderr.trim().is_empty(), "{args:?} says why");
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
