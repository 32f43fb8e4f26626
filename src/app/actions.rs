//! The app-wide actions: one table of menu, label, shortcut and tooltip. It drives the
//! menus, the keyboard and Help → Keyboard shortcuts; a test fails if two actions share a
//! shortcut.

use crate::i18n::tr;
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
    /// Write the report (Markdown with its grid SVG, or CSV) to files, as `cocreate report`.
    ExportReport,
    /// Close the window.
    Quit,
    /// Undo the last edit of the session.
    Undo,
    /// Redo what was undone.
    Redo,
    /// Presenter mode on or off.
    Present,
    /// Larger type.
    ZoomIn,
    /// Smaller type.
    ZoomOut,
    /// Type at its default size.
    ZoomReset,
    /// Start or pause the activity timer.
    TimerStartPause,
    /// Reset the activity timer.
    TimerReset,
    /// Show the keyboard shortcuts.
    Shortcuts,
}

/// The menus, in menu-bar order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    /// Files.
    File,
    /// Editing.
    Edit,
    /// Display.
    View,
    /// Help.
    Help,
}

impl Menu {
    /// Menu-bar order.
    pub const ALL: [Self; 4] = [Self::File, Self::Edit, Self::View, Self::Help];

    /// Menu title.
    pub fn label(self) -> String {
        match self {
            Self::File => tr("File"),
            Self::Edit => tr("Edit"),
            Self::View => tr("View"),
            Self::Help => tr("Help"),
        }
    }
}

impl Action {
    /// Every action, in menu order.
    pub const ALL: [Self; 17] = [
        Self::NewWorkshop,
        Self::Open,
        Self::ImportCsv,
        Self::Merge,
        Self::Save,
        Self::SaveAs,
        Self::ExportReport,
        Self::Quit,
        Self::Undo,
        Self::Redo,
        Self::Present,
        Self::ZoomIn,
        Self::ZoomOut,
        Self::ZoomReset,
        Self::TimerStartPause,
        Self::TimerReset,
        Self::Shortcuts,
    ];

    /// The menu it is in.
    pub fn menu(self) -> Menu {
        match self {
            Self::NewWorkshop
            | Self::Open
            | Self::ImportCsv
            | Self::Merge
            | Self::Save
            | Self::SaveAs
            | Self::ExportReport
            | Self::Quit => Menu::File,
            Self::Undo | Self::Redo => Menu::Edit,
            Self::Present
            | Self::ZoomIn
            | Self::ZoomOut
            | Self::ZoomReset
            | Self::TimerStartPause
            | Self::TimerReset => Menu::View,
            Self::Shortcuts => Menu::Help,
        }
    }

    /// Menu text.
    pub fn label(self) -> String {
        match self {
            Self::NewWorkshop => tr("New workshop"),
            Self::Open => tr("Open session…"),
            Self::ImportCsv => tr("Import commitments (CSV)…"),
            Self::Merge => tr("Merge sessions…"),
            Self::Save => tr("Save"),
            Self::SaveAs => tr("Save as…"),
            Self::ExportReport => tr("Export report…"),
            Self::Quit => tr("Quit"),
            Self::Undo => tr("Undo"),
            Self::Redo => tr("Redo"),
            Self::Present => tr("Presenter mode"),
            Self::ZoomIn => tr("Larger type"),
            Self::ZoomOut => tr("Smaller type"),
            Self::ZoomReset => tr("Default type size"),
            Self::TimerStartPause => tr("Start / pause the timer"),
            Self::TimerReset => tr("Reset the timer"),
            Self::Shortcuts => tr("Keyboard shortcuts"),
        }
    }

    /// Tooltip.
    pub fn tooltip(self) -> String {
        match self {
            Self::NewWorkshop => {
                tr("Start a new workshop on the bundled list of 15 top-voted commitments")
            }
            Self::Open => tr("Open a session file (.ron)"),
            Self::ImportCsv => {
                tr("Start a new workshop on a commitment list: id,title,theme,votes,description")
            }
            Self::Merge => {
                tr("Pick the session files of several workshops (or copies of one) and merge them")
            }
            Self::Save => tr("Save the session to its file"),
            Self::SaveAs => tr("Save the session to a new file"),
            Self::ExportReport => tr(
                "Write the action-plan draft (Markdown, with the grid as SVG) or the placements (CSV)",
            ),
            Self::Quit => tr("Close cocreate"),
            Self::Undo => tr("Undo the last change to the session"),
            Self::Redo => tr("Redo what was undone"),
            Self::Present => tr("Full screen, large type, the grid only: for the projector"),
            Self::ZoomIn => tr("Make everything larger"),
            Self::ZoomOut => tr("Make everything smaller"),
            Self::ZoomReset => tr("Back to the default size"),
            Self::TimerStartPause => tr("Start or pause the activity timer"),
            Self::TimerReset => tr("Set the timer back to its full time"),
            Self::Shortcuts => tr("Every keyboard shortcut"),
        }
    }

    /// Keyboard shortcut.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        let shift = Modifiers::SHIFT;
        Some(match self {
            Self::NewWorkshop => KeyboardShortcut::new(cmd, Key::N),
            Self::Open => KeyboardShortcut::new(cmd, Key::O),
            Self::ImportCsv => KeyboardShortcut::new(cmd, Key::I),
            Self::Merge => KeyboardShortcut::new(cmd, Key::M),
            Self::Save => KeyboardShortcut::new(cmd, Key::S),
            Self::SaveAs => KeyboardShortcut::new(cmd | shift, Key::S),
            Self::ExportReport => KeyboardShortcut::new(cmd, Key::E),
            Self::Quit => KeyboardShortcut::new(cmd, Key::Q),
            Self::Undo => KeyboardShortcut::new(cmd, Key::Z),
            Self::Redo => KeyboardShortcut::new(cmd | shift, Key::Z),
            Self::Present => KeyboardShortcut::new(Modifiers::NONE, Key::F11),
            Self::ZoomIn => KeyboardShortcut::new(cmd, Key::Equals),
            Self::ZoomOut => KeyboardShortcut::new(cmd, Key::Minus),
            Self::ZoomReset => KeyboardShortcut::new(cmd, Key::Num0),
            Self::TimerStartPause => KeyboardShortcut::new(cmd, Key::T),
            Self::TimerReset => KeyboardShortcut::new(cmd | shift, Key::T),
            Self::Shortcuts => KeyboardShortcut::new(Modifiers::NONE, Key::F1),
        })
    }

    /// Whether this action opens a file dialog (disabled while one is open).
    pub fn needs_dialog(self) -> bool {
        matches!(
            self,
            Self::Open | Self::ImportCsv | Self::Merge | Self::SaveAs | Self::ExportReport
        )
    }
}

/// The actions in the order their shortcuts are matched: more modifiers first. egui matches
/// shortcuts "logically" (Ctrl+Z also fires on Ctrl+Shift+Z), so Ctrl+Shift+Z must be tried
/// before Ctrl+Z, or Redo would undo.
pub fn by_specificity() -> Vec<Action> {
    let mut all = Action::ALL.to_vec();
    let count = |a: &Action| {
        a.shortcut().map_or(0, |s| {
            let m = s.modifiers;
            [m.alt, m.ctrl, m.shift, m.mac_cmd, m.command]
                .iter()
                .filter(|on| **on)
                .count()
        })
    };
    all.sort_by_key(|a| std::cmp::Reverse(count(a)));
    all
}

/// Keys that work in the Plot view without a modifier, for Help → Keyboard shortcuts. They
/// act on the focused commitment (Tab to it in the tray or on the grid list). Keys of an
/// action (F11: presenter mode) are listed with the actions, not again here.
pub const PLOT_KEYS: [(&str, &str); 6] = [
    (
        "Tab / Shift+Tab",
        "Move between controls; a commitment's row focuses it",
    ),
    (
        "Enter",
        "Place the focused commitment (in the middle of a level)",
    ),
    (
        "Arrow keys",
        "Move the focused commitment: up/down desirability, left/right ambition",
    ),
    ("Shift+Arrow keys", "Move it in fine steps"),
    ("Delete", "Send the focused commitment back to the tray"),
    (
        "Escape",
        "Leave the row, close a menu, leave presenter mode: never changes the session",
    ),
];

/// The rows of Help → Keyboard shortcuts, in the window's language: each action's shortcut
/// (written by `format`, e.g. egui's `Context::format_shortcut`) and label, then the keys
/// of the Plot view. Modifier names are translated ("Shift" is "Maj" in French).
pub fn shortcut_rows(format: impl Fn(&KeyboardShortcut) -> String) -> Vec<(String, String)> {
    let keys = |text: String| text.replace("Shift", &tr("Shift"));
    Action::ALL
        .iter()
        .filter_map(|a| a.shortcut().map(|s| (keys(format(&s)), a.label())))
        .chain(PLOT_KEYS.iter().map(|(k, what)| (tr(k), tr(what))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_do_not_clash() {
        let shortcuts: Vec<(Action, KeyboardShortcut)> = Action::ALL
            .iter()
            .filter_map(|a| a.shortcut().map(|s| (*a, s)))
            .collect();
        for (i, (a, sa)) in shortcuts.iter().enumerate() {
            for (b, sb) in &shortcuts[i + 1..] {
                assert_ne!(sa, sb, "{a:?} and {b:?} share a shortcut");
            }
        }
        assert_eq!(
            shortcuts.len(),
            Action::ALL.len(),
            "every action has a shortcut"
        );
    }

    #[test]
    fn the_shortcuts_window_lists_each_key_once() {
        let rows = shortcut_rows(|s| s.format(&egui::ModifierNames::NAMES, false));
        for (i, (keys, what)) in rows.iter().enumerate() {
            assert!(
                !rows[i + 1..].iter().any(|(k, _)| k == keys),
                "{keys} ({what}) is listed twice"
            );
        }
        assert_eq!(rows.len(), Action::ALL.len() + PLOT_KEYS.len());
        assert!(rows.iter().any(|(k, _)| k == "F11"));
    }

    #[test]
    fn every_action_is_listed_once_in_a_menu() {
        for menu in Menu::ALL {
            assert!(
                Action::ALL.iter().any(|a| a.menu() == menu),
                "{menu:?} is empty"
            );
        }
        for (i, a) in Action::ALL.iter().enumerate() {
            assert!(!Action::ALL[i + 1..].contains(a), "{a:?} twice");
        }
    }
}
