//! The session loader on arbitrary bytes: it must return a session or an error, never
//! panic or hang; a session it accepts must save and reopen as the same session; and
//! every error must say something. The checks are `cocreate::fuzzing::check_session`,
//! which `tests/fuzz_seeds.rs` also runs on the seeds in every `cargo test`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Err(e) = cocreate::fuzzing::check_session(bytes) {
        panic!("{e}");
    }
});
