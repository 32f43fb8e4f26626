//! What panels ask for: [`Command`]s, applied by [`super::AppState::apply`] once the frame's
//! panels are drawn. Changes to the session among them become [`crate::document::Edit`]s.

use std::path::PathBuf;

use super::actions::Action;
use super::dialogs::{Picked, Purpose};
use crate::document::Op;

/// Something a panel asks of the app, applied at the end of the frame: an edit of the
/// session, a file to open or save, a menu action. What only changes the view (tab, focus,
/// group plotting, sort, layers, language) the panel changes itself in its `WindowState`.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// A menu action or shortcut.
    Action(Action),
    /// A file dialog (or the typed-path prompt) answered.
    Answer(Purpose, Picked),
    /// Open this session file.
    OpenPath(PathBuf),
    /// Start a workshop on this commitment list.
    ImportPath(PathBuf),
    /// Merge these session files into a new, unsaved session.
    MergePaths(Vec<PathBuf>),
    /// Save to this path (and make it the document's path).
    SaveTo(PathBuf),
    /// The export options are set: ask where to export the report.
    ChooseExportFile,
    /// Export the report to this path: `.csv` the placements, anything else the Markdown
    /// draft and its grid SVG. Not an edit: the session is not marked unsaved.
    ExportTo(PathBuf),
    /// A change to the session, as a form or a panel built it.
    Edit(Op),
    /// Add a group to the current workshop.
    AddGroup,
    /// Remove a group and its placements.
    RemoveGroup(u32),
    /// Place or move a commitment for the current group.
    Place {
        /// Commitment id.
        commitment: String,
        /// 0–10.
        desirability: f64,
        /// 0 to the top of the session's ambition scale (3 or 2).
        ambition: f64,
    },
    /// Send a commitment back to the current group's tray.
    Unplace(String),
    /// Set the current group's reason for a placement (the placement's `note`).
    SetNote(String, String),
    /// Select or deselect a commitment for refinement.
    SetSelected(String, bool),
    /// Answer to "save changes first?".
    Unsaved(UnsavedChoice),
    /// Answer to "recover unsaved work?": recover it (true) or discard it.
    Recover(bool),
    /// Open a recent file (asking first if there are unsaved changes).
    OpenRecent(PathBuf),
    /// Open the room: groups place from their own devices.
    OpenRoom,
    /// Close the room: the server stops.
    CloseRoom,
    /// Lock (true) or unlock placing from the devices.
    LockRoom(bool),
    /// Refuse a device from now on.
    RemoveDevice(String),
    /// Give a group a new link; its old one is refused from now on.
    NewLink(u32),
}

/// The answers to the unsaved-changes prompt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsavedChoice {
    /// Save, then go on.
    Save,
    /// Go on without saving.
    Discard,
    /// Keep working.
    Cancel,
}

/// What to do with the paths a dialog (or the typed-path prompt) gave for a purpose.
pub fn command_for(purpose: Purpose, mut paths: Vec<PathBuf>) -> Option<Command> {
    if purpose == Purpose::Merge {
        return (!paths.is_empty()).then_some(Command::MergePaths(paths));
    }
    let mut path = paths.drain(..).next()?;
    Some(match purpose {
        Purpose::Open => Command::OpenPath(path),
        Purpose::ImportCsv => Command::ImportPath(path),
        Purpose::SaveAs | Purpose::Merge => {
            if path.extension().is_none() {
                path.set_extension("ron");
            }
            Command::SaveTo(path)
        }
        Purpose::ExportReport => {
            if path.extension().is_none() {
                path.set_extension("md");
            }
            Command::ExportTo(path)
        }
    })
}
