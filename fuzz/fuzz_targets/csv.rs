//! The CSV importer on arbitrary bytes: it must return a commitment list or an error,
//! never panic or hang; a list it accepts must make a workshop that saves and reopens as
//! the same session; and every error must format as a message.
#![no_main]

use cocreate::{file, import, model::Session};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    match import::parse_csv(bytes) {
        Ok(list) => {
            assert!(!list.is_empty(), "an empty list was accepted");
            let session = Session::new_workshop(list, "Fuzz", 4);
            file::validate(&session).expect("an imported list makes a valid session");
            let text = file::to_ron(&session).expect("the session saves");
            let again = file::parse(text.as_bytes()).expect("the saved session reopens");
            assert_eq!(again, session, "save and reopen changed the session");
        }
        Err(e) => assert!(!e.to_string().is_empty(), "empty error message"),
    }
});
