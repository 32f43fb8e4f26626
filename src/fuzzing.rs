//! What the fuzz targets check, as plain functions: `fuzz/fuzz_targets/` call them on the
//! fuzzer's bytes, and `tests/fuzz_seeds.rs` replays the seeds and the hardening corpus
//! through them in every `cargo test`, so what the fuzzers check stays checked in CI.
//! Each returns what went wrong, in words; the fuzz targets panic with it.

use crate::file;
use crate::model::Session;

/// A message as the user reads it: no placeholder left unfilled, something said.
fn said(message: &str) -> Result<(), String> {
    if message.trim().is_empty() {
        return Err("an error with no words".into());
    }
    if message.contains("%{") {
        return Err(format!("a placeholder left unfilled: {message}"));
    }
    Ok(())
}

/// A session that was accepted saves, reopens as the same session, and saves again to the
/// same bytes.
fn round_trips(session: &Session) -> Result<(), String> {
    file::validate(session).map_err(|e| format!("an accepted session is not valid: {e}"))?;
    let text =
        file::to_ron(session).map_err(|e| format!("an accepted session does not save: {e}"))?;
    let again = file::parse(text.as_bytes())
        .map_err(|(at, e)| format!("a saved session does not reopen ({at:?}): {e}"))?;
    if &again != session {
        return Err("save and reopen changed the session".into());
    }
    let twice = file::to_ron(&again).map_err(|e| e.to_string())?;
    if twice != text {
        return Err("saving the reopened session wrote other bytes".into());
    }
    Ok(())
}

/// The session loader on any bytes: a valid session that round-trips, or an error that
/// says something (with its `line:column` inside the text when it has one).
pub fn check_session(bytes: &[u8]) -> Result<(), String> {
    match file::parse(bytes) {
        Ok(session) => round_trips(&session),
        Err((at, kind)) => {
            said(&kind.to_string())?;
            if let Some((line, column)) = at {
                let lines = bytes.split(|&b| b == b'\n').count();
                if line == 0 || column == 0 || line > lines {
                    return Err(format!(
                        "error at {line}:{column}, outside the text's {lines} lines"
                    ));
                }
            }
            Ok(())
        }
    }
}

/// The commitment-list importer on any bytes: a non-empty list that makes a workshop that
/// round-trips, or an error that says something.
pub fn check_csv(bytes: &[u8]) -> Result<(), String> {
    match crate::import::parse_csv(bytes) {
        Ok(list) if list.is_empty() => Err("an empty list was accepted".into()),
        Ok(list) => round_trips(&Session::new_workshop(list, "Fuzz", 4)),
        Err(e) => said(&e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checks_fail_on_what_they_are_for() {
        assert!(said("").is_err());
        assert!(said("  ").is_err());
        assert!(said("line %{n} is wrong").is_err());
        assert_eq!(said("line 3 is wrong"), Ok(()));
        // A valid session round-trips; one that is not valid is caught before the save.
        let mut session = Session::new_workshop(crate::demo::bundled_commitments(), "W", 2);
        assert_eq!(round_trips(&session), Ok(()));
        session.workshops[0]
            .placements
            .push(crate::model::Placement {
                group: 99, // no such group: not valid
                commitment: "1".into(),
                ..Default::default()
            });
        assert!(round_trips(&session).unwrap_err().contains("not valid"));
    }
}
