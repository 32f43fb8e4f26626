//! The CSV importer on arbitrary bytes: it must return a commitment list or an error,
//! never panic or hang; a list it accepts must make a workshop that saves and reopens as
//! the same session; and every error must say something. The checks are
//! `cocreate::fuzzing::check_csv`, which `tests/fuzz_seeds.rs` also runs on the seeds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Err(e) = cocreate::fuzzing::check_csv(bytes) {
        panic!("{e}");
    }
});
