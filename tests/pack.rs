//! Issue 15, "An evidence pack for the OGP repository", run as the real binary: `cocreate
//! pack` writes a dated folder whose MANIFEST lists every file with its SHA-256 (checked
//! here with the hash computed independently), `pack --verify` catches every changed,
//! missing or added file, and no personal data goes in unless asked for.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use sha2::Digest as _;

fn cocreate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cocreate"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn said(out: &Output) -> String {
    text(&out.stdout) + &text(&out.stderr)
}

fn sessions() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions");
    ["central", "northern", "online"]
        .map(|n| dir.join(format!("ontario-2016-{n}.ron")))
        .to_vec()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// SHA-256 in lower-case hexadecimal, computed here and not by cocreate.
fn sha256_hex(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

const DATE: &str = "2016-09-01";
const FOLDER: &str = "cocreate-evidence-2016-09-01";
const FILES: [&str; 9] = [
    "MANIFEST",
    "README.md",
    "commitments.csv",
    "placements.csv",
    "plan-grid.svg",
    "plan.md",
    "response.md",
    "timeline.md",
    "workshops.md",
];

/// Packs `inputs` into `dir` with `extra` arguments; the pack's folder.
fn pack_into(dir: &Path, inputs: &[PathBuf], extra: &[&str]) -> (Output, PathBuf) {
    let mut args = vec!["pack"];
    args.extend(inputs.iter().map(|p| s(p)));
    args.extend(["-o", s(dir), "--date", DATE]);
    args.extend(extra);
    (cocreate(&args), dir.join(FOLDER))
}

/// A fresh pack of the three example sessions.
fn fresh_pack(dir: &Path) -> PathBuf {
    let (out, folder) = pack_into(dir, &sessions(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    folder
}

/// Every file under `dir`, relative, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap();
                found.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for name in files_under(from) {
        let target = to.join(&name);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(from.join(&name), target).unwrap();
    }
}

/// The MANIFEST's file lines, read here: `(sha256, size, path)`.
fn manifest_lines(folder: &Path) -> Vec<(String, u64, String)> {
    let manifest = std::fs::read_to_string(folder.join("MANIFEST")).unwrap();
    manifest
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.splitn(3, "  ");
            let hash = parts.next().unwrap().to_owned();
            let size = parts.next().unwrap().parse().unwrap();
            let path = parts.next().unwrap().to_owned();
            (hash, size, path)
        })
        .collect()
}

fn verify(folder: &Path) -> Output {
    cocreate(&["pack", "--verify", s(folder)])
}

#[test]
fn a_pack_lists_every_file_and_every_source_with_its_sha256() {
    let dir = tempfile::tempdir().unwrap();
    let (out, folder) = pack_into(dir.path(), &sessions(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert_eq!(
        files_under(dir.path()),
        FILES.map(|f| format!("{FOLDER}/{f}"))
    );

    let lines = manifest_lines(&folder);
    let paths: Vec<&str> = lines.iter().map(|(_, _, p)| p.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted, "sorted by path");
    // Every file of the pack but the MANIFEST is listed, with its hash and size.
    let files: Vec<&str> = paths
        .iter()
        .copied()
        .filter(|p| !p.starts_with("sources/"))
        .collect();
    assert_eq!(files, &FILES[1..]);
    for (hash, size, path) in &lines {
        if let Some(name) = path.strip_prefix("sources/") {
            // The source's name, never a path of this machine, with the input's hash.
            let input = sessions()
                .into_iter()
                .find(|p| p.file_name().unwrap() == name)
                .unwrap_or_else(|| panic!("{path} is not an input"));
            let bytes = std::fs::read(input).unwrap();
            assert_eq!(hash, &sha256_hex(&bytes), "{path}");
            assert_eq!(*size, bytes.len() as u64, "{path}");
        } else {
            let bytes = std::fs::read(folder.join(path)).unwrap();
            assert_eq!(hash, &sha256_hex(&bytes), "{path}");
            assert_eq!(*size, bytes.len() as u64, "{path}");
        }
    }
    assert_eq!(
        paths.iter().filter(|p| p.starts_with("sources/")).count(),
        3
    );
    let manifest = std::fs::read(folder.join("MANIFEST")).unwrap();
    let manifest_text = text(&manifest);
    assert!(
        !manifest_text.contains(env!("CARGO_MANIFEST_DIR")),
        "no machine path: {manifest_text}"
    );
    // The last line is the SHA-256 of every byte before it.
    let body_end = manifest_text.trim_end_matches('\n').rfind('\n').unwrap() + 1;
    assert_eq!(
        manifest_text[body_end..].trim_end(),
        format!(
            "# SHA-256 of the lines above: {}",
            sha256_hex(&manifest[..body_end])
        )
    );
    // The fingerprint printed is the MANIFEST's SHA-256.
    let stdout = text(&out.stdout);
    assert!(stdout.contains(&sha256_hex(&manifest)), "{stdout}");
    assert!(stdout.contains(s(&folder)), "{stdout}");

    let ok = verify(&folder);
    assert_eq!(ok.status.code(), Some(0), "{}", said(&ok));
    let ok_line = text(&ok.stdout);
    assert_eq!(ok_line.lines().count(), 1, "{ok_line}");
    assert!(
        ok_line.contains("ok, 8 files match the MANIFEST"),
        "{ok_line}"
    );
    assert!(ok_line.contains(&sha256_hex(&manifest)), "{ok_line}");
}

#[test]
fn the_documents_record_the_workshops_the_timeline_and_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let folder = fresh_pack(dir.path());
    let read = |name: &str| std::fs::read_to_string(folder.join(name)).unwrap();

    let workshops = read("workshops.md");
    let central = workshops.find("## 1. Central workshop").expect(&workshops);
    let northern = workshops.find("## 2. Northern workshop").expect(&workshops);
    let online = workshops.find("## 3. Online workshop").expect(&workshops);
    assert!(central < northern && northern < online, "in date order");
    for line in [
        "| Date | 2016-08-16 |",
        "| Place | Toronto |",
        "| Mode | in person |",
        "| Mode | online |",
        "| Facilitator | Open Government Office |",
        "| Civil society | 16 |",
        "| Ministry representatives | 24 |",
        "| Individual citizens | 8 |",
        "| **In all** | **48** |",
        "| Group 1 |",
        "| 1 Adopt the International Open Data Charter | 4 |",
        "- 12 Indigenous data sovereignty protocol",
    ] {
        assert!(workshops.contains(line), "{line}:\n{workshops}");
    }

    let timeline = read("timeline.md");
    assert!(
        timeline.contains("The action plan covers 2017-01 to 2018-06."),
        "{timeline}"
    );
    let rows: Vec<&str> = timeline
        .lines()
        .filter(|l| l.starts_with("| 2016-"))
        .collect();
    assert_eq!(rows.len(), 3, "{timeline}");
    assert!(
        rows[0].contains("Central") && rows[1].contains("Northern") && rows[2].contains("Online")
    );
    assert!(
        timeline.contains("### 2016-08-30 — Online workshop"),
        "{timeline}"
    );

    let plan = read("plan.md");
    assert!(plan.starts_with("# Action plan draft"), "{plan}");
    assert!(plan.contains("(plan-grid.svg)"), "the plan shows its grid");
    assert!(read("plan-grid.svg").starts_with("<svg"));
    assert!(read("placements.csv").starts_with("workshop,group,commitment_id"));
    let commitments = read("commitments.csv");
    assert!(commitments.starts_with("id,title,theme,votes,description,decidim_id\n"));
    // The commitment list reads back as one (the columns `cocreate new` reads).
    let list = cocreate::import::parse_csv(commitments.as_bytes()).unwrap();
    assert_eq!(list.len(), 15);

    let readme = read("README.md");
    for name in FILES {
        assert!(readme.contains(&format!("`{name}`")), "{name}: {readme}");
    }
    assert!(readme.contains("ontario-2016-northern.ron"), "{readme}");
    assert!(readme.contains("pack --verify"), "{readme}");
}

/// Each file of a pack, changed by one byte at its start, middle and end (each in a fresh
/// copy): `--verify` fails and names the file.
#[test]
fn a_byte_changed_in_any_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let folder = fresh_pack(dir.path());
    let mut checked = 0;
    for name in FILES {
        let len = std::fs::metadata(folder.join(name)).unwrap().len() as usize;
        for at in [0, len / 2, len - 1] {
            let copy = dir.path().join(format!("copy-{checked}"));
            copy_folder(&folder, &copy);
            let path = copy.join(name);
            let mut bytes = std::fs::read(&path).unwrap();
            bytes[at] ^= 0x01;
            std::fs::write(&path, &bytes).unwrap();
            let out = verify(&copy);
            let stdout = text(&out.stdout);
            assert_eq!(out.status.code(), Some(1), "{name} at {at}: {}", said(&out));
            assert!(
                stdout.contains(&format!("{}: ", s(&path)))
                    || stdout.contains(&format!("{}:", s(&path))),
                "{name} at {at} not named: {stdout}"
            );
            assert!(
                stdout
                    .lines()
                    .last()
                    .unwrap()
                    .contains("not as it was made"),
                "{stdout}"
            );
            std::fs::remove_dir_all(&copy).unwrap();
            checked += 1;
        }
    }
    assert_eq!(checked, 3 * FILES.len());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]
    /// Any byte of any file, changed in any way, is caught, and the file is named.
    #[test]
    fn any_changed_byte_is_caught(file in 0..FILES.len(), at in 0.0f64..1.0, mask in 1u8..=255) {
        let dir = tempfile::tempdir().unwrap();
        let folder = pack_folder();
        let copy = dir.path().join(FOLDER);
        copy_folder(&folder, &copy);
        let path = copy.join(FILES[file]);
        let mut bytes = std::fs::read(&path).unwrap();
        let i = ((bytes.len() as f64 * at) as usize).min(bytes.len() - 1);
        bytes[i] ^= mask;
        std::fs::write(&path, &bytes).unwrap();
        let out = verify(&copy);
        proptest::prop_assert_eq!(out.status.code(), Some(1), "{}", said(&out));
        proptest::prop_assert!(text(&out.stdout).contains(s(&path)), "{}", said(&out));
    }
}

/// One pack for the property test's cases, made once.
fn pack_folder() -> PathBuf {
    static PACK: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    PACK.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let folder = fresh_pack(dir.path());
        (dir, folder)
    })
    .1
    .clone()
}

#[test]
fn a_missing_or_added_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let folder = fresh_pack(dir.path());
    for name in &FILES[1..] {
        let copy = dir.path().join("gone");
        copy_folder(&folder, &copy);
        std::fs::remove_file(copy.join(name)).unwrap();
        let out = verify(&copy);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", said(&out));
        assert!(
            text(&out.stdout).contains(&format!("{}: missing", s(&copy.join(name)))),
            "{name}: {}",
            said(&out)
        );
        std::fs::remove_dir_all(&copy).unwrap();
    }
    for added in [
        "notes.txt",
        ".hidden",
        "sub/deeper.md",
        "sources/ontario-2016-central.ron",
    ] {
        let copy = dir.path().join("added");
        copy_folder(&folder, &copy);
        let path = copy.join(added);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "more").unwrap();
        let out = verify(&copy);
        assert_eq!(out.status.code(), Some(1), "{added}: {}", said(&out));
        assert!(
            text(&out.stdout).contains(&format!("{}: added", s(&path))),
            "{added}: {}",
            said(&out)
        );
        std::fs::remove_dir_all(&copy).unwrap();
    }
    // An empty folder added is there too.
    let copy = dir.path().join("empty");
    copy_folder(&folder, &copy);
    std::fs::create_dir(copy.join("extra")).unwrap();
    let out = verify(&copy);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(text(&out.stdout).contains("extra: added"), "{}", said(&out));

    // Without its MANIFEST, a folder cannot be checked: said, naming it.
    let copy = dir.path().join("no-manifest");
    copy_folder(&folder, &copy);
    std::fs::remove_file(copy.join("MANIFEST")).unwrap();
    let out = verify(&copy);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(s(&copy.join("MANIFEST"))),
        "{}",
        said(&out)
    );
}

/// A file replaced by a symbolic link to an identical copy outside the pack, or by a FIFO:
/// not a file of the pack any more, and `--verify` never waits on the FIFO.
#[cfg(unix)]
#[test]
fn links_and_fifos_in_a_pack_are_not_files_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let folder = fresh_pack(dir.path());
    let outside = dir.path().join("plan-copy.md");
    std::fs::copy(folder.join("plan.md"), &outside).unwrap();
    std::fs::remove_file(folder.join("plan.md")).unwrap();
    std::os::unix::fs::symlink(&outside, folder.join("plan.md")).unwrap();
    std::fs::remove_file(folder.join("timeline.md")).unwrap();
    assert!(
        Command::new("mkfifo")
            .arg(folder.join("timeline.md"))
            .status()
            .unwrap()
            .success()
    );
    let out = verify(&folder);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(
        stdout.contains("plan.md: this is a symbolic link, not a file"),
        "{stdout}"
    );
    assert!(
        stdout.contains("timeline.md: this is a pipe (FIFO), not a file"),
        "{stdout}"
    );
}

/// A MANIFEST rewritten to match a changed file passes the MANIFEST's own checks; the
/// fingerprint published apart from the pack catches it.
#[test]
fn the_fingerprint_catches_a_manifest_rewritten_to_match() {
    let dir = tempfile::tempdir().unwrap();
    let (out, folder) = pack_into(dir.path(), &sessions(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let fingerprint = sha256_hex(&std::fs::read(folder.join("MANIFEST")).unwrap());

    let ok = cocreate(&[
        "pack",
        "--verify",
        s(&folder),
        "--fingerprint",
        &fingerprint.to_uppercase(),
    ]);
    assert_eq!(ok.status.code(), Some(0), "{}", said(&ok));

    // Forge: change the plan, then write a MANIFEST that agrees with it.
    std::fs::write(folder.join("plan.md"), "# Another plan\n").unwrap();
    let (mut manifest, problems) =
        cocreate::pack::Manifest::parse(&std::fs::read(folder.join("MANIFEST")).unwrap());
    assert!(problems.is_empty());
    for e in &mut manifest.entries {
        if e.path == "plan.md" {
            e.sha256 = cocreate::pack::Sha256::of(b"# Another plan\n");
            e.size = 15;
        }
    }
    std::fs::write(folder.join("MANIFEST"), manifest.to_text()).unwrap();
    let forged = verify(&folder);
    assert_eq!(
        forged.status.code(),
        Some(0),
        "the MANIFEST alone cannot tell"
    );
    let caught = cocreate(&[
        "pack",
        "--verify",
        s(&folder),
        "--fingerprint",
        &fingerprint,
    ]);
    assert_eq!(caught.status.code(), Some(1), "{}", said(&caught));
    assert!(
        text(&caught.stdout).contains("not the fingerprint"),
        "{}",
        said(&caught)
    );
    let bad = cocreate(&["pack", "--verify", s(&folder), "--fingerprint", "abc"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stderr).contains("not a SHA-256"),
        "{}",
        said(&bad)
    );
}

/// Issue 15: no sign-up's name, organization or e-mail, and no lead's contact, in any file
/// of a pack unless `--include-contacts` is given.
#[test]
fn no_personal_data_without_include_contacts() {
    let personal = [
        "Alex Example",
        "alex@example.org",
        "Example Civic Network",
        "Manager, Policy and Partnerships",
    ];
    for input in sessions() {
        let session = std::fs::read_to_string(input).unwrap();
        assert!(
            personal.iter().all(|p| session.contains(p)),
            "the inputs hold them"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let without = dir.path().join("without");
    let (out, folder) = pack_into(&without, &sessions(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    for name in files_under(&folder) {
        let content = text(&std::fs::read(folder.join(&name)).unwrap());
        for p in personal {
            assert!(!content.contains(p), "{p} in {name}");
        }
    }

    let with = dir.path().join("with");
    let (out, folder) = pack_into(&with, &sessions(), &["--include-contacts"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert!(
        text(&out.stdout).contains("personal data"),
        "the organizer is told: {}",
        said(&out)
    );
    let all: String = files_under(&folder)
        .iter()
        .map(|name| text(&std::fs::read(folder.join(name)).unwrap()))
        .collect();
    for p in personal {
        assert!(all.contains(p), "{p} is in a pack with contacts");
    }
    let readme = std::fs::read_to_string(folder.join("README.md")).unwrap();
    assert!(readme.contains("holds personal data"), "{readme}");
}

/// The same inputs and date give the same bytes, whatever the order of the inputs.
#[test]
fn a_pack_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let (a, first) = pack_into(&dir.path().join("a"), &sessions(), &[]);
    let mut reversed = sessions();
    reversed.reverse();
    let (b, second) = pack_into(&dir.path().join("b"), &reversed, &[]);
    assert_eq!(a.status.code(), Some(0), "{}", said(&a));
    assert_eq!(b.status.code(), Some(0), "{}", said(&b));
    for name in FILES {
        assert_eq!(
            std::fs::read_to_string(first.join(name)).unwrap(),
            std::fs::read_to_string(second.join(name)).unwrap(),
            "{name}"
        );
    }
    // One session alone makes a pack too, from that file alone.
    let (one, folder) = pack_into(&dir.path().join("one"), &sessions()[..1], &[]);
    assert_eq!(one.status.code(), Some(0), "{}", said(&one));
    let sources: Vec<String> = manifest_lines(&folder)
        .into_iter()
        .filter(|(_, _, p)| p.starts_with("sources/"))
        .map(|(_, _, p)| p)
        .collect();
    assert_eq!(sources, ["sources/ontario-2016-central.ron"]);
    assert_eq!(verify(&folder).status.code(), Some(0));
}

/// The folder a pack goes in is never mixed with old files; a failure names what failed
/// and leaves nothing — no pack, no half-written folder.
#[test]
fn refusals_name_the_file_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let folder = fresh_pack(&out_dir);

    // Again into the same folder: refused, the pack untouched.
    let before: Vec<Vec<u8>> = FILES
        .iter()
        .map(|f| std::fs::read(folder.join(f)).unwrap())
        .collect();
    let (again, _) = pack_into(&out_dir, &sessions()[..1], &[]);
    assert_eq!(again.status.code(), Some(1));
    let message = text(&again.stderr);
    assert!(message.contains(s(&folder)), "{message}");
    assert!(
        message.contains("already exists and holds files"),
        "{message}"
    );
    assert!(message.contains("no pack was written"), "{message}");
    let after: Vec<Vec<u8>> = FILES
        .iter()
        .map(|f| std::fs::read(folder.join(f)).unwrap())
        .collect();
    assert_eq!(before, after);
    assert_eq!(
        std::fs::read_dir(&out_dir).unwrap().count(),
        1,
        "nothing else was left beside it"
    );

    // An empty folder of that name is used.
    let empty_dir = dir.path().join("empty");
    std::fs::create_dir_all(empty_dir.join(FOLDER)).unwrap();
    let (ok, folder) = pack_into(&empty_dir, &sessions(), &[]);
    assert_eq!(ok.status.code(), Some(0), "{}", said(&ok));
    assert_eq!(verify(&folder).status.code(), Some(0));

    // Inputs that cannot be read, or merged: the file named, nothing written.
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(format_version: 3, workshops: [(").unwrap();
    let mut other_scale = cocreate::file::load(&sessions()[1]).unwrap();
    other_scale.ambition_scale = cocreate::model::AmbitionScale::PotentialForResults;
    for w in &mut other_scale.workshops {
        for p in &mut w.placements {
            p.ambition = p.ambition.min(2.0);
        }
        w.refinements.clear();
    }
    let other_path = dir.path().join("results-scale.ron");
    cocreate::file::save(&other_scale, &other_path).unwrap();
    let missing = dir.path().join("missing.ron");
    let nowhere = dir.path().join("nowhere");
    for (inputs, expected) in [
        (vec![sessions()[0].clone(), bad.clone()], vec!["bad.ron:1:"]),
        (vec![missing.clone()], vec!["missing.ron"]),
        (vec![dir.path().to_owned()], vec!["a folder"]),
        (
            vec![sessions()[0].clone(), other_path.clone()],
            vec![
                "ontario-2016-central.ron",
                "results-scale.ron",
                "cannot be merged",
            ],
        ),
    ] {
        let (out, _) = pack_into(&nowhere, &inputs, &[]);
        assert_eq!(out.status.code(), Some(1), "{inputs:?}: {}", said(&out));
        for e in expected {
            assert!(text(&out.stderr).contains(e), "{e}: {}", said(&out));
        }
        assert!(!nowhere.exists(), "{inputs:?} wrote");
    }

    // A date that is not one; an output that is a file.
    let out = cocreate(&[
        "pack",
        s(&sessions()[0]),
        "-o",
        s(&nowhere),
        "--date",
        "2016-02-30",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(text(&out.stderr).contains("2016-02-30"), "{}", said(&out));
    assert!(!nowhere.exists());
    let (out, _) = pack_into(&bad, &sessions()[..1], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(text(&out.stderr).contains("bad.ron"), "{}", said(&out));
}

#[cfg(unix)]
#[test]
fn a_fifo_as_input_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("f.ron");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let out_dir = dir.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_cocreate"))
        .args(["pack", s(&fifo), "-o", s(&out_dir), "--date", DATE])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("pack waited on a FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("a pipe (FIFO)"),
        "{}",
        said(&out)
    );
    assert!(text(&out.stderr).contains("f.ron"), "{}", said(&out));
    assert!(!out_dir.exists());
}

/// The pack's files can be read by everyone the folder is shared with (the umask decides),
/// and no temporary file or folder is left beside the pack.
#[test]
fn nothing_but_the_pack_is_left() {
    let dir = tempfile::tempdir().unwrap();
    fresh_pack(dir.path());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, [FOLDER]);
}

/// The organizers' file after the workshops (`sessions/ontario-2016-plan.ron`, the three
/// merged with a reasoned response to every idea): the pack's response names every idea
/// with its outcome and reason, and the timeline counts them.
#[test]
fn the_reasoned_response_is_in_the_pack() {
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/ontario-2016-plan.ron");
    let session = cocreate::file::load(&plan).unwrap();
    assert_eq!(session.responses.len(), session.commitments.len());
    let dir = tempfile::tempdir().unwrap();
    let (out, folder) = pack_into(dir.path(), &[plan], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let response = std::fs::read_to_string(folder.join("response.md")).unwrap();
    assert!(response.starts_with("# Reasoned response"), "{response}");
    for c in &session.commitments {
        let heading = format!("## Idea {}: ", c.id);
        assert!(response.contains(&heading), "{heading}: {response}");
        let r = session.response(&c.id).unwrap();
        let reason = r.reason.trim();
        assert!(
            reason.is_empty() || response.contains(cocreate::report::md_block(reason).as_str()),
            "idea {}: {reason}",
            c.id
        );
    }
    assert!(response.contains("selected for the plan"), "{response}");
    let timeline = std::fs::read_to_string(folder.join("timeline.md")).unwrap();
    assert!(
        timeline.contains("The reasoned response to the 15 ideas (response.md): "),
        "{timeline}"
    );
    assert!(!timeline.contains("no decision yet"), "{timeline}");
    assert_eq!(verify(&folder).status.code(), Some(0));
    // No personal data here either.
    for name in files_under(&folder) {
        let content = text(&std::fs::read(folder.join(&name)).unwrap());
        assert!(!content.contains("alex@example.org"), "{name}");
    }
}

/// Issue 16's rule for `pack`: every kind of bad input — missing, empty, not UTF-8, cut
/// short, something else, a folder, a FIFO — alone or beside a good file, is one line on
/// standard error that names the file, exit 1, and nothing written.
#[test]
fn bad_input_is_one_line_naming_the_file_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let good_path = sessions()[0].clone();
    let good = std::fs::read(&good_path).unwrap();
    let mut inputs: Vec<(&str, PathBuf)> = Vec::new();
    let add = |name: &str, contents: Option<&[u8]>| {
        let path = dir.path().join(name);
        if let Some(bytes) = contents {
            std::fs::write(&path, bytes).unwrap();
        }
        path
    };
    inputs.push(("missing", add("missing.ron", None)));
    inputs.push(("empty", add("empty.ron", Some(b""))));
    inputs.push((
        "not UTF-8",
        add("latin1.ron", Some(b"(commitments: [\"caf\xe9\"])")),
    ));
    inputs.push(("cut short", add("cut.ron", Some(&good[..good.len() / 2]))));
    inputs.push(("something else", add("other.ron", Some(b"<html></html>\n"))));
    let folder = dir.path().join("folder.ron");
    std::fs::create_dir(&folder).unwrap();
    inputs.push(("a folder", folder));
    #[cfg(unix)]
    {
        let fifo = dir.path().join("fifo.ron");
        assert!(
            Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        inputs.push(("a FIFO", fifo));
    }
    let out = dir.path().join("out");
    for (kind, path) in &inputs {
        for args in [
            vec!["pack", s(path), "-o", s(&out)],
            vec!["pack", s(&good_path), s(path), "-o", s(&out)],
        ] {
            let run = cocreate(&args);
            let stderr = text(&run.stderr);
            assert_eq!(run.status.code(), Some(1), "{args:?} ({kind}): {stderr}");
            assert_eq!(
                stderr.matches('\n').count(),
                1,
                "{args:?} ({kind}): {stderr}"
            );
            assert!(
                stderr.contains(s(path)),
                "{args:?} ({kind}) names the file: {stderr}"
            );
            assert!(run.stdout.is_empty(), "{args:?} ({kind})");
            assert!(!out.exists(), "{args:?} ({kind}) wrote");
        }
    }

    // A pack that is not there, or whose MANIFEST cannot be read: one line, naming it.
    let pack = fresh_pack(&dir.path().join("p"));
    std::fs::remove_file(pack.join("MANIFEST")).unwrap();
    #[cfg(unix)]
    assert!(
        Command::new("mkfifo")
            .arg(pack.join("MANIFEST"))
            .status()
            .unwrap()
            .success()
    );
    for (folder, named) in [
        (dir.path().join("nowhere"), dir.path().join("nowhere")),
        (pack.clone(), pack.join("MANIFEST")),
        (good_path.clone(), good_path.clone()),
    ] {
        let run = verify(&folder);
        let stderr = text(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{folder:?}: {stderr}");
        assert_eq!(stderr.matches('\n').count(), 1, "{folder:?}: {stderr}");
        assert!(stderr.contains(s(&named)), "{folder:?}: {stderr}");
    }

    // An empty MANIFEST is checked, not refused: it lists nothing and ends wrong.
    let _fifo_gone = std::fs::remove_file(pack.join("MANIFEST"));
    std::fs::write(pack.join("MANIFEST"), "").unwrap();
    let run = verify(&pack);
    assert_eq!(run.status.code(), Some(1));
    let stdout = text(&run.stdout);
    assert!(stdout.contains("MANIFEST: the last line"), "{stdout}");
    assert!(stdout.contains("plan.md: added"), "{stdout}");
}

/// Usage errors are clap's: exit 2.
#[test]
fn pack_usage_errors_exit_2() {
    for args in [
        &["pack"][..],
        &["pack", "a.ron"],
        &["pack", "-o", "out"],
        &["pack", "--verify"],
        &["pack", "a.ron", "-o", "out", "--verify", "p"],
        &["pack", "--fingerprint", "abc"],
        &["pack", "--verify", "p", "--include-contacts"],
    ] {
        let run = cocreate(args);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {}", said(&run));
    }
}

/// The README's check without cocreate: every file's SHA-256 against the MANIFEST, by
/// `sha256sum -c`. It passes on a fresh pack and fails once a byte changes.
#[test]
fn the_readmes_sha256sum_line_checks_a_pack_without_cocreate() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("`grep -v -e '^#'")
        .expect("the one-liner in the README")
        + 1;
    let line = &readme[start..start + readme[start..].find('`').unwrap()];
    let line = line.replace('\n', " ");
    let dir = tempfile::tempdir().unwrap();
    let folder = fresh_pack(dir.path());
    let run = || {
        Command::new("bash")
            .args(["-c", &line])
            .current_dir(&folder)
            .output()
            .unwrap()
    };
    let out = run();
    assert!(out.status.success(), "{line}\n{}", said(&out));
    assert!(
        text(&out.stdout).contains("timeline.md: OK"),
        "{}",
        text(&out.stdout)
    );
    let timeline = folder.join("timeline.md");
    let mut bytes = std::fs::read(&timeline).unwrap();
    bytes[0] ^= 1;
    std::fs::write(&timeline, bytes).unwrap();
    let out = run();
    assert!(!out.status.success());
    assert!(
        text(&out.stdout).contains("timeline.md: FAILED"),
        "{}",
        text(&out.stdout)
    );
}

/// Without `--date` the pack is dated today, in local time.
#[test]
fn a_pack_without_a_date_is_dated_today() {
    let today = || {
        let out = Command::new("date").arg("+%F").output().unwrap();
        text(&out.stdout).trim().to_owned()
    };
    let dir = tempfile::tempdir().unwrap();
    let before = today();
    let mut args = vec!["pack"];
    let inputs = sessions();
    args.extend(inputs.iter().map(|p| s(p)));
    args.extend(["-o", s(dir.path())]);
    let out = cocreate(&args);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let after = today();
    let made: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        made == [format!("cocreate-evidence-{before}")]
            || made == [format!("cocreate-evidence-{after}")],
        "{made:?}, today {before}"
    );
}

/// Sessions that disagree are packed with their first versions, and the command says how
/// many conflicts are unresolved; sessions that agree get no such line.
#[test]
fn a_pack_of_sessions_that_disagree_says_how_many_conflicts_are_unresolved() {
    let dir = tempfile::tempdir().unwrap();
    let central = &sessions()[0];
    let mut other = cocreate::file::load(central).unwrap();
    other.workshops[0].details.location = "Elsewhere".into();
    let copy = dir.path().join("central-copy.ron");
    cocreate::file::save(&other, &copy).unwrap();
    let (out, _) = pack_into(&dir.path().join("a"), &[central.clone(), copy], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("unresolved conflicts between the session files: 1."),
        "{stdout}"
    );
    let (out, _) = pack_into(&dir.path().join("b"), &sessions(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert!(
        !text(&out.stdout).contains("unresolved conflicts"),
        "{}",
        text(&out.stdout)
    );
}
