//! The app-wide actions: one table of label, shortcut and tooltip that drives the menus, the
//! keyboard and (later) Help → Keyboard shortcuts.

use egui::{Key, KeyboardShortcut, Modifiers};

/// An app-wide action a menu item or a shortcut triggers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Start a new workshop on the bundled commitment list.
    NewWorkshop,
    /// Open a session file.
    Open,
    /// Import a commitment list.
    ImportCsv,
    /// Merge session files into one.
    Merge,
    /// Save to the current file.
    Save,
    /// Save to a new file.
    SaveAs,
    /// Close the window.
    Quit,
}

impl Action {
    /// Every action, in menu order.
    pub const ALL: [Self; 7] = [
        Self::NewWorkshop,
        Self::Open,
        Self::ImportCsv,
        Self::Merge,
        Self::Save,
        Self::SaveAs,
        Self::Quit,
    ];

    /// Menu text.
    pub fn label(self) -> &'static str {
        match self {
            Self::NewWorkshop => "New workshop",
            Self::Open => "Open session…",
            Self::ImportCsv => "Import commitments (CSV)…",
            Self::Merge => "Merge sessions…",
            Self::Save => "Save",
            Self::SaveAs => "Save as…",
            Self::Quit => "Quit",
        }
    }

    /// Tooltip.
    pub fn tooltip(self) -> &'static str {
        match self {
            Self::NewWorkshop => {
                "Start a new workshop on the bundled list of 15 top-voted commitments"
            }
            Self::Open => "Open a session file (.ron)",
            Self::ImportCsv => {
                "Start a new workshop on a commitment list: id,title,theme,votes,description"
            }
            Self::Merge => {
                "Pick the session files of several workshops (or copies of one) and merge them"
            }
            Self::Save => "Save the session to its file",
            Self::SaveAs => "Save the session to a new file",
            Self::Quit => "Close cocreate",
        }
    }

    /// Keyboard shortcut.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        Some(match self {
            Self::NewWorkshop => KeyboardShortcut::new(cmd, Key::N),
            Self::Open => KeyboardShortcut::new(cmd, Key::O),
            Self::ImportCsv => KeyboardShortcut::new(cmd, Key::I),
            Self::Merge => KeyboardShortcut::new(cmd, Key::M),
            Self::Save => KeyboardShortcut::new(cmd, Key::S),
            Self::SaveAs => KeyboardShortcut::new(cmd | Modifiers::SHIFT, Key::S),
            Self::Quit => KeyboardShortcut::new(cmd, Key::Q),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_do_not_clash() {
        let shortcuts: Vec<_> = Action::ALL.iter().filter_map(|a| a.shortcut()).collect();
        for (i, a) in shortcuts.iter().enumerate() {
            for b in &shortcuts[i + 1..] {
                assert_ne!(a, b, "two actions share a shortcut");
            }
        }
    }
}
