//! Issue 12, "Nothing lost, nothing leaked", on the command line (the real binary): no
//! subcommand panics on a closed or full standard output or error; no output is written
//! over an input; whatever a command writes, `check` reads.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_cocreate")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn sessions() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions")
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Where a standard stream goes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Stream {
    /// Captured: the normal case.
    Captured,
    /// A pipe whose reader has gone (`| true`, `| head`): writes fail with EPIPE.
    BrokenPipe,
    /// `/dev/full`: writes fail with ENOSPC.
    Full,
    /// Not open at all (`>&-`).
    Closed,
}

/// Runs the binary in `dir` with standard output and error as given.
fn run(dir: &Path, args: &[String], stdout: Stream, stderr: Stream) -> Output {
    let mut command = if [stdout, stderr].contains(&Stream::Closed) {
        let mut close = String::from("exec \"$0\" \"$@\"");
        if stdout == Stream::Closed {
            close.push_str(" >&-");
        }
        if stderr == Stream::Closed {
            close.push_str(" 2>&-");
        }
        let mut c = Command::new("sh");
        c.arg("-c").arg(close).arg(bin());
        c
    } else {
        Command::new(bin())
    };
    command.args(args).current_dir(dir).stdin(Stdio::null());
    let stdio = |s: Stream| -> Stdio {
        match s {
            Stream::Captured | Stream::Closed => Stdio::piped(),
            Stream::BrokenPipe => {
                let (reader, writer) = std::io::pipe().unwrap();
                drop(reader);
                writer.into()
            }
            Stream::Full => std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap()
                .into(),
        }
    };
    command.stdout(stdio(stdout)).stderr(stdio(stderr));
    command.output().unwrap()
}

/// A folder holding inputs for every subcommand: two sessions that conflict, a broken one,
/// a commitment list.
fn inputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let central = sessions().join("ontario-2016-central.ron");
    std::fs::copy(&central, dir.path().join("a.ron")).unwrap();
    let mut copy = cocreate::file::load(&central).unwrap();
    let w = &mut copy.workshops[0];
    let g = w.groups[0].id;
    w.place(g, "3", 0.5, 0.5);
    cocreate::file::save(&copy, &dir.path().join("b.ron")).unwrap();
    std::fs::copy(
        sessions().join("ontario-2016-online.ron"),
        dir.path().join("c.ron"),
    )
    .unwrap();
    std::fs::write(dir.path().join("bad.ron"), "(format_version: 1,\n x").unwrap();
    std::fs::write(
        dir.path().join("list.csv"),
        "id,title,theme,votes,description\n1,One,t,3,d\n2,Two,t,4,d\n",
    )
    .unwrap();
    dir
}

/// Every subcommand, each way it ends: the arguments.
fn invocations() -> Vec<Vec<&'static str>> {
    vec![
        vec!["check", "a.ron", "b.ron", "c.ron", "list.csv"],
        vec!["check", "a.ron", "bad.ron", "missing.ron"],
        vec!["new", "-o", "new.ron"],
        vec!["new", "--commitments", "list.csv", "-o", "new.ron"],
        vec!["new", "--commitments", "missing.csv", "-o", "new.ron"],
        vec!["demo", "--seed", "3", "-o", "demo.ron"],
        vec!["demo", "--ontario-2016", "-o", "ontario"],
        vec!["merge", "a.ron", "c.ron", "-o", "m.ron"],
        vec!["merge", "a.ron", "b.ron", "-o", "m.ron"],
        vec!["merge", "a.ron", "bad.ron", "-o", "m.ron"],
        vec!["merge", "a.ron", "b.ron", "-o", "a.ron"],
        vec!["report", "a.ron"],
        vec!["report", "a.ron", "--format", "csv"],
        vec!["report", "a.ron", "--include-contacts", "-o", "r.md"],
        vec!["report", "a.ron", "-o", "a.ron"],
        vec!["report", "bad.ron"],
        vec!["--help"],
        vec!["check", "--help"],
        vec!["--version"],
        vec!["frobnicate"],
        vec!["check"],
        vec!["no-such-session.ron"],
    ]
}

#[test]
fn no_subcommand_panics_on_a_closed_or_full_standard_output_or_error() {
    use Stream::*;
    let mut runs = 0;
    let mut full_with_output = 0;
    for args in invocations() {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let normal = {
            let dir = inputs();
            run(dir.path(), &args, Captured, Captured)
        };
        let code = normal.status.code();
        assert_ne!(code, Some(101), "{args:?} panics: {}", text(&normal.stderr));
        for (stdout, stderr) in [
            (BrokenPipe, Captured),
            (Full, Captured),
            (Closed, Captured),
            (Captured, BrokenPipe),
            (Captured, Full),
            (Captured, Closed),
            (Full, Full),
            (BrokenPipe, BrokenPipe),
        ] {
            let dir = inputs();
            let out = run(dir.path(), &args, stdout, stderr);
            let err = text(&out.stderr);
            let case = format!("{args:?} with stdout {stdout:?}, stderr {stderr:?}: {err}");
            assert_ne!(out.status.code(), Some(101), "panics: {case}");
            assert!(!err.contains("panicked"), "panics: {case}");
            let wrote_stdout = !normal.stdout.is_empty();
            match stdout {
                // A full disk is an error with a message, exit 1.
                Full if wrote_stdout => {
                    full_with_output += 1;
                    assert_eq!(out.status.code(), Some(1), "{case}");
                    if stderr == Captured {
                        assert!(err.contains("standard output: the disk is full"), "{case}");
                    }
                }
                // A reader that went away ends the output quietly: the same result, and
                // nothing more said.
                BrokenPipe | Full | Closed => {
                    assert_eq!(out.status.code(), code, "{case}");
                    if stderr == Captured {
                        assert_eq!(err, text(&normal.stderr), "{case}");
                    }
                }
                Captured => {
                    assert_eq!(out.status.code(), code, "{case}");
                    assert_eq!(out.stdout, normal.stdout, "{case}");
                }
            }
            runs += 1;
        }
    }
    assert_eq!(runs, invocations().len() * 8, "every invocation, every way");
    // The full-disk rule was tried on the nine invocations that write to standard output
    // (check twice, merge twice, report twice, the two helps and the version), twice each:
    // stdout full, and both full.
    assert_eq!(full_with_output, 9 * 2);
}

/// Ways to name an input again as an output: the same path, spelt another way, a symbolic
/// link to it, a hard link to it.
fn aliases(dir: &Path, input: &str) -> Vec<String> {
    let _ = std::fs::create_dir(dir.join("sub"));
    std::os::unix::fs::symlink(dir.join(input), dir.join("sym-link")).unwrap();
    std::fs::hard_link(dir.join(input), dir.join("hard-link")).unwrap();
    vec![
        input.to_owned(),
        format!("./{input}"),
        format!("sub/../{input}"),
        dir.join(input).display().to_string(),
        "sym-link".to_owned(),
        "hard-link".to_owned(),
    ]
}

#[test]
fn no_command_writes_over_its_input_by_any_name() {
    // (command before the output, the input it must not overwrite, what follows)
    let cases: Vec<(Vec<&str>, &str, Vec<&str>)> = vec![
        (vec!["merge", "a.ron", "c.ron", "-o"], "a.ron", vec![]),
        (vec!["merge", "a.ron", "c.ron", "-o"], "c.ron", vec![]),
        (
            vec!["new", "--commitments", "list.csv", "-o"],
            "list.csv",
            vec![],
        ),
        (
            vec!["demo", "--commitments", "list.csv", "-o"],
            "list.csv",
            vec![],
        ),
        (vec!["report", "a.ron", "-o"], "a.ron", vec![]),
        (
            vec!["report", "a.ron", "--format", "csv", "-o"],
            "a.ron",
            vec![],
        ),
    ];
    let mut checked = 0;
    for (before, input, after) in cases {
        let probe = inputs();
        for alias in aliases(probe.path(), input) {
            let dir = inputs();
            let _ = aliases(dir.path(), input);
            let listing = names(dir.path());
            let original = std::fs::read(dir.path().join(input)).unwrap();
            let mut args: Vec<String> = before.iter().map(|a| (*a).to_owned()).collect();
            // An absolute path names this run's folder, not the probe's.
            args.push(alias.replace(
                &probe.path().display().to_string(),
                &dir.path().display().to_string(),
            ));
            args.extend(after.iter().map(|a| (*a).to_owned()));
            let out = run(dir.path(), &args, Stream::Captured, Stream::Captured);
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
            assert!(
                err.contains("nothing was written") && err.contains(input),
                "{args:?}: {err}"
            );
            assert_eq!(
                std::fs::read(dir.path().join(input)).unwrap(),
                original,
                "{args:?}"
            );
            assert_eq!(names(dir.path()), listing, "{args:?} wrote something");
            checked += 1;
        }
    }
    // The report's grid image beside its output is an output too.
    let dir = inputs();
    let grid =
        cocreate::report::grid_svg(&cocreate::file::load(&dir.path().join("a.ron")).unwrap());
    std::fs::write(dir.path().join("P-grid.svg"), &grid).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let listing = names(dir.path());
    for args in [
        vec!["report", "P-grid.svg", "-o", "P.md"],
        vec!["report", "./P-grid.svg", "-o", "sub/../P.md"],
    ] {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let out = run(dir.path(), &args, Stream::Captured, Stream::Captured);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains("nothing was written"), "{args:?}: {err}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("P-grid.svg")).unwrap(),
            grid
        );
        assert_eq!(names(dir.path()), listing);
        checked += 1;
    }
    assert_eq!(checked, 6 * 6 + 2, "every command, every alias");
    // Not an input: written as usual.
    let out = run(
        dir.path(),
        &["report".into(), "a.ron".into(), "-o".into(), "a.md".into()],
        Stream::Captured,
        Stream::Captured,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.path().join("a-grid.svg").exists());
}

/// A session whose file is about `mib` MiB, its commitment ids starting with `prefix` so
/// that merged sessions add up.
fn big_session(prefix: &str, mib: usize, seed: u64) -> cocreate::model::Session {
    let mut commitments = cocreate::demo::synthetic_commitments((mib << 20) / 30_000 + 1);
    for c in &mut commitments {
        c.id = format!("{prefix}{}", c.id);
        c.description = "d".repeat(30_000);
    }
    cocreate::demo::generate(commitments, 1, seed)
}

#[test]
fn whatever_a_command_writes_check_reads_or_it_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (name, prefix, seed) in [("x.ron", "x", 1), ("y.ron", "y", 2), ("z.ron", "z", 3)] {
        cocreate::file::save(&big_session(prefix, 10, seed), &d.join(name)).unwrap();
    }
    // A valid 19 MiB list: 10,000 rows, long descriptions.
    let mut csv = String::from("id,title,theme,votes,description\n");
    for i in 0..10_000 {
        csv.push_str(&format!(
            "{i},Idea {i},transparency,{i},{}\n",
            "w".repeat(1_980)
        ));
    }
    assert!(csv.len() > 19 << 20);
    std::fs::write(d.join("big.csv"), &csv).unwrap();
    let long_name = "n".repeat(40_000);
    let central = sessions().join("ontario-2016-central.ron");
    let northern = sessions().join("ontario-2016-northern.ron");
    // Each command, and whether it is written (else refused: over a limit).
    let cases: Vec<(Vec<&str>, bool)> = vec![
        (vec!["new"], true),
        // A name over the 32,767 characters of a text.
        (vec!["new", "--workshop", &long_name], false),
        // 19 MiB of list, over 20 MiB as a session.
        (vec!["new", "--commitments", "big.csv"], false),
        (vec!["demo", "--groups", "3"], true),
        // Over the limit as `demo --ideas 10000 --groups 16` is (36.6 MB), at a tenth of
        // its time in a debug build.
        (vec!["demo", "--commitments", "big.csv"], false),
        (vec!["merge", "x.ron"], true),
        // Three files of 10 MiB: 30 MiB merged.
        (vec!["merge", "x.ron", "y.ron", "z.ron"], false),
        (
            vec![
                "merge",
                central.to_str().unwrap(),
                northern.to_str().unwrap(),
            ],
            true,
        ),
    ];
    let mut written = 0;
    for (case, writes) in cases {
        let mut args: Vec<String> = case.iter().map(|a| (*a).to_owned()).collect();
        args.extend(["-o".to_owned(), "out.ron".to_owned()]);
        let before = names(d);
        let out = run(d, &args, Stream::Captured, Stream::Captured);
        let err = text(&out.stderr);
        let shown: Vec<&str> = args.iter().map(|a| &a[..a.len().min(40)]).collect();
        assert_eq!(
            out.status.code(),
            Some(if writes { 0 } else { 1 }),
            "{shown:?}: {err}"
        );
        match out.status.code() {
            Some(0) => {
                let check = run(
                    d,
                    &["check".to_owned(), "out.ron".to_owned()],
                    Stream::Captured,
                    Stream::Captured,
                );
                assert_eq!(
                    check.status.code(),
                    Some(0),
                    "{shown:?} wrote a file check refuses: {}",
                    text(&check.stdout)
                );
                std::fs::remove_file(d.join("out.ron")).unwrap();
                written += 1;
            }
            Some(1) => {
                assert!(err.contains("nothing was written"), "{shown:?}: {err}");
                assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
            }
            other => panic!("{shown:?}: exit {other:?}: {err}"),
        }
        assert_eq!(names(d), before, "{shown:?} left a file behind");
    }
    assert_eq!(written, 4, "the small ones are written");
}
