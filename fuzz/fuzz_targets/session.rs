//! The session loader on arbitrary bytes: it must return a session or an error, never
//! panic or hang; a session it accepts must save and reopen as the same session; and
//! every error must format as a message.
#![no_main]

use cocreate::file;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    match file::parse(bytes) {
        Ok(session) => {
            assert!(
                file::validate(&session).is_ok(),
                "parse returned an invalid session"
            );
            let text = file::to_ron(&session).expect("an accepted session saves");
            let again = file::parse(text.as_bytes()).expect("a saved session reopens");
            assert_eq!(again, session, "save and reopen changed the session");
        }
        Err((_, kind)) => {
            assert!(!kind.to_string().is_empty(), "empty error message");
        }
    }
});
