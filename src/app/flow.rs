//! The one state machine for work that must not be lost: the unsaved-changes prompt, saving
//! first, the Save As dialog that saving may need, and what follows once the work is safe.
//!
//! ```text
//!            request(h), saved ─────────────────────────────► go(h)
//! Idle ──── request(h), unsaved ──► Asking(h) ── Discard ───► go(h)
//!                                      │ Cancel ──► Idle
//!                                      └ Save ──► SavingFirst(h) ── saved ──► go(h)
//!                                                   │ (no file: Save As dialog)
//!                                                   └ cancelled / failed ──► Idle
//! go(Quit) ──► Closing
//! ```

use std::path::PathBuf;

/// What replaces or closes the session, held back until unsaved work is saved or knowingly
/// discarded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeldBack {
    /// File ▸ New workshop.
    NewWorkshop,
    /// File ▸ Open… (then its dialog).
    Open,
    /// File ▸ Import commitments… (then its dialog).
    ImportCsv,
    /// File ▸ Merge sessions… (then its dialog).
    Merge,
    /// Quit, or the window's close button.
    Quit,
    /// File ▸ Open recent ▸ this file.
    OpenRecent(PathBuf),
}

/// Where the unsaved-work flow stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Flow {
    /// Nothing held back.
    #[default]
    Idle,
    /// "Save changes first?" is on screen for this.
    Asking(HeldBack),
    /// The user chose to save first (a Save As dialog may be open); then this.
    SavingFirst(HeldBack),
    /// Closing was chosen: the work is saved or knowingly discarded.
    Closing,
}

impl Flow {
    /// What the unsaved-changes prompt asks about, while it is shown.
    pub fn asking(&self) -> Option<&HeldBack> {
        match self {
            Self::Asking(held) => Some(held),
            _ => None,
        }
    }

    /// Whether the window is to close.
    pub fn is_closing(&self) -> bool {
        *self == Self::Closing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_asking_asks_and_only_closing_closes() {
        let states = [
            Flow::Idle,
            Flow::Asking(HeldBack::Merge),
            Flow::SavingFirst(HeldBack::Merge),
            Flow::Closing,
        ];
        let asking: Vec<Option<&HeldBack>> = states.iter().map(Flow::asking).collect();
        assert_eq!(asking, [None, Some(&HeldBack::Merge), None, None]);
        let closing: Vec<bool> = states.iter().map(Flow::is_closing).collect();
        assert_eq!(closing, [false, false, false, true]);
        assert_eq!(
            Flow::Asking(HeldBack::OpenRecent("a.ron".into())).asking(),
            Some(&HeldBack::OpenRecent("a.ron".into()))
        );
    }
}
