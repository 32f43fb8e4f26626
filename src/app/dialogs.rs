//! Native file dialogs (rfd) run off the UI thread, behind a small interface that tests
//! replace.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

/// What a file dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Open a session.
    Open,
    /// Import a commitment list.
    ImportCsv,
    /// Choose where to save.
    SaveAs,
    /// Pick session files to merge.
    Merge,
    /// Choose where to export the report: `.md` (with its grid SVG) or `.csv`.
    ExportReport,
}

impl Purpose {
    /// The dialog's title.
    pub fn title(self) -> String {
        match self {
            Self::Open => crate::i18n::tr("Open a session"),
            Self::ImportCsv => crate::i18n::tr("Import commitments (CSV)"),
            Self::SaveAs => crate::i18n::tr("Save the session as"),
            Self::Merge => crate::i18n::tr("Merge session files (pick two or more)"),
            Self::ExportReport => crate::i18n::tr("Export the report"),
        }
    }
}

/// The answer of a file dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Picked {
    /// A path was chosen.
    Path(PathBuf),
    /// Several paths were chosen (merge).
    Paths(Vec<PathBuf>),
    /// The user closed the dialog.
    Cancelled,
    /// No dialog could open on this system; the text says what to install.
    Unavailable(String),
}

/// Something that asks the user for a path. It may block: the app calls it off the UI
/// thread unless the picker says it is immediate.
pub trait FilePicker: Send + Sync {
    /// Asks for a path.
    fn pick(&self, purpose: Purpose, current: Option<&Path>) -> Picked;

    /// Whether [`Self::pick`] answers at once, so it can run on the UI thread (tests).
    fn is_immediate(&self) -> bool {
        false
    }
}

/// The system's file dialog through rfd: the desktop portal, else `zenity`.
pub struct NativePicker;

/// What to tell the user when no dialog can open.
pub const NO_DIALOG_HELP: &str = "No file dialog could open on this system. Install one — `sudo apt-get install zenity` (or xdg-desktop-portal-gtk) — or type the path here.";

/// [`NO_DIALOG_HELP`] in the current language.
pub fn no_dialog_help() -> String {
    crate::i18n::tr(NO_DIALOG_HELP)
}

impl FilePicker for NativePicker {
    fn pick(&self, purpose: Purpose, current: Option<&Path>) -> Picked {
        let mut dialog = rfd::FileDialog::new().set_title(purpose.title());
        dialog = match purpose {
            Purpose::Open => dialog.add_filter("cocreate session", &["ron"]),
            Purpose::ImportCsv => dialog.add_filter("Commitment list", &["csv"]),
            Purpose::SaveAs | Purpose::Merge => dialog.add_filter("cocreate session", &["ron"]),
            // The extension chosen decides the format; none is Markdown.
            Purpose::ExportReport => dialog
                .add_filter("Markdown (.md)", &["md"])
                .add_filter("CSV (.csv)", &["csv"]),
        };
        if let Some(dir) = current.and_then(Path::parent).filter(|p| p.is_dir()) {
            dialog = dialog.set_directory(dir);
        }
        if let (Purpose::SaveAs, Some(name)) = (purpose, current.and_then(Path::file_name)) {
            dialog = dialog.set_file_name(name.to_string_lossy());
        }
        if let (Purpose::ExportReport, Some(stem)) = (purpose, current.and_then(Path::file_stem)) {
            dialog = dialog.set_file_name(format!("{}.md", stem.to_string_lossy()));
        }
        let started = Instant::now();
        let answer = match purpose {
            Purpose::Open | Purpose::ImportCsv => dialog.pick_file().map(Picked::Path),
            Purpose::SaveAs | Purpose::ExportReport => dialog.save_file().map(Picked::Path),
            Purpose::Merge => dialog
                .pick_files()
                .filter(|p| !p.is_empty())
                .map(Picked::Paths),
        };
        match answer {
            Some(picked) => picked,
            // rfd answers "no file" at once when neither the portal nor zenity is there; a
            // person needs longer than this to cancel a dialog.
            None if started.elapsed() < Duration::from_millis(400) && !on_path("zenity") => {
                Picked::Unavailable(no_dialog_help())
            }
            None => Picked::Cancelled,
        }
    }
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// A dialog that is open: its purpose and where its answer will arrive.
pub struct Pending {
    /// What it is for.
    pub purpose: Purpose,
    receiver: Receiver<Picked>,
}

impl Pending {
    /// Starts a dialog on its own thread; `wake` is called when it answers.
    pub fn spawn(
        picker: std::sync::Arc<dyn FilePicker>,
        purpose: Purpose,
        current: Option<PathBuf>,
        wake: impl FnOnce() + Send + 'static,
    ) -> Self {
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let picked = picker.pick(purpose, current.as_deref());
            // The app may be gone; then nobody needs the answer.
            let _ignored = sender.send(picked);
            wake();
        });
        Self { purpose, receiver }
    }

    /// The answer, once there is one.
    pub fn poll(&self) -> Option<Picked> {
        match self.receiver.try_recv() {
            Ok(picked) => Some(picked),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Picked::Cancelled),
        }
    }
}
