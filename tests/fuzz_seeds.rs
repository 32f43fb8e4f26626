//! The fuzz targets' checks on their seeds and on the hardening corpus, in every `cargo
//! test` (issue 16): `fuzz/seeds/session/`, the example sessions, the version-1 and -2
//! fixtures and `tests/corpus/` through `fuzzing::check_session`; `fuzz/seeds/csv/` and the
//! bundled list through `fuzzing::check_csv`. Each file also cut at 40 places and with a
//! byte changed at 40 others, as the fuzzer's first mutations would.

use std::path::{Path, PathBuf};

fn files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .is_some_and(|n| n != "README.md" && n != ".gitattributes")
        })
        .collect();
    files.sort();
    files
}

/// The bytes and their nearby mutations: 40 prefixes, and one byte changed at 40 places
/// (to a quote, a bracket, a digit, a high byte in turn).
fn variants(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut all = vec![bytes.to_vec()];
    let step = (bytes.len() / 40).max(1);
    all.extend((0..bytes.len()).step_by(step).map(|n| bytes[..n].to_vec()));
    for (k, i) in (step / 2..bytes.len()).step_by(step).enumerate() {
        let mut changed = bytes.to_vec();
        changed[i] = [b'"', b')', b'9', 0xff][k % 4];
        all.push(changed);
    }
    all
}

fn replay(paths: &[PathBuf], check: fn(&[u8]) -> Result<(), String>) -> usize {
    let mut n = 0;
    for path in paths {
        let bytes = std::fs::read(path).unwrap();
        for (i, v) in variants(&bytes).iter().enumerate() {
            if let Err(e) = check(v) {
                panic!("{} (variant {i}): {e}", path.display());
            }
            n += 1;
        }
    }
    n
}

#[test]
fn the_session_target_holds_on_its_seeds_and_the_corpus() {
    let mut paths = files("fuzz/seeds/session");
    let seeds = paths.len();
    paths.extend(files("sessions"));
    paths.extend(files("tests/fixtures/v1"));
    paths.extend(files("tests/fixtures/v2"));
    paths.extend(files("tests/corpus"));
    assert!(seeds >= 3 && paths.len() >= seeds + 20, "{paths:?}");
    let n = replay(&paths, cocreate::fuzzing::check_session);
    assert!(n > 1500, "{n} inputs");
}

#[test]
fn the_csv_target_holds_on_its_seeds() {
    let mut paths = files("fuzz/seeds/csv");
    assert!(!paths.is_empty());
    paths.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/commitments.csv"));
    let n = replay(&paths, cocreate::fuzzing::check_csv);
    assert!(n > 50, "{n} inputs");
}
