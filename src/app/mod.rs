//! The window's state, below the panels (`ui`) and above the library. Panels read
//! the [`crate::document::Document`], change the [`WindowState`] they own, and push
//! [`Command`]s; [`AppState::apply`] carries them out at the end of the frame, turning
//! changes to the session into edits.
//!
//! | room | holds |
//! |---|---|
//! | [`state`] | [`AppState`]: the document, the window state, the flow, autosave; `apply` |
//! | [`command`] | [`Command`], what panels ask for |
//! | [`view`] | [`WindowState`] and the view enums: tab, workshop, group, focus, sorts, notices |
//! | [`flow`] | the unsaved-changes / save-first / file-dialog state machine |
//! | [`actions`] | menu actions, their labels and shortcuts |
//! | [`dialogs`] | file dialogs behind the [`dialogs::FilePicker`] interface |
//! | [`recovery`] | autosave to a recovery file, found again after a crash |
//! | [`room`] | the room: opening it, the devices' edits applied and answered each frame |
//! | [`prefs`] | preferences kept between runs |
//! | [`timer`] | the activity timer |

pub mod actions;
pub mod command;
pub mod dialogs;
pub mod flow;
pub mod prefs;
pub mod recovery;
pub mod room;
pub mod state;
pub mod timer;
pub mod view;

pub use command::{Command, UnsavedChoice, command_for};
pub use flow::{Flow, HeldBack};
pub use state::{AppState, Wake};
pub use view::{
    EventColumn, EventTab, PRESENTER_ZOOM, ResponseForm, RoomStatus, SortColumn, Toast, View,
    WindowState, content_version, wall_zoom,
};

/// What the command line asks of the window.
#[derive(Clone, Debug, Default)]
pub struct WindowOptions {
    /// A session or commitment list to open.
    pub file: Option<std::path::PathBuf>,
    /// Start in presenter mode.
    pub present: bool,
    /// Language, overriding the remembered one.
    pub language: Option<String>,
    /// Open the room at once, on this address (or the default one).
    pub room: Option<Option<std::net::SocketAddr>>,
}
