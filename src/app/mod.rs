//! The window's state, the commands that change it, and the `eframe::App` that ties them to
//! the panels of `ui`. Panels report what happened as [`Command`]s (or edit the
//! form they own and say so); commands are applied once, at the end of the frame.

pub mod actions;
pub mod dialogs;
pub mod prefs;
pub mod recovery;
pub mod timer;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::model::{Session, Workshop};
use crate::stats::Aggregate;
use actions::Action;
use dialogs::{Picked, Purpose};
use prefs::Prefs;

/// Default zoom of presenter mode: type twice as large on a 1080-pixel-high screen.
pub const PRESENTER_ZOOM: f32 = 2.0;

/// The zoom on the wall: the presenter zoom (Ctrl+= / Ctrl+- change it) scaled to the
/// screen's height in pixels, so type and points take the same share of the wall at
/// 1024×768 as at 1920×1080 (a label is 2.8 % of the height at the default zoom).
pub fn wall_zoom(presenter_zoom: f32, screen_height_px: f32) -> f32 {
    let scale = if screen_height_px.is_finite() && screen_height_px > 0.0 {
        (screen_height_px / 1080.0).clamp(0.5, 2.0)
    } else {
        1.0
    };
    (presenter_zoom * scale).max(0.75)
}

/// The main views, as tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Workshop details and groups.
    Workshop,
    /// One group places commitments.
    Plot,
    /// All groups and the aggregate.
    Compare,
    /// SMART refinement of selected commitments.
    Refine,
    /// Every workshop of the session: layers, agreement, refinements side by side,
    /// conflicts.
    Event,
}

impl View {
    /// Tab order.
    pub const ALL: [Self; 5] = [
        Self::Workshop,
        Self::Plot,
        Self::Compare,
        Self::Refine,
        Self::Event,
    ];

    /// Tab text.
    pub fn label(self) -> String {
        match self {
            Self::Workshop => crate::i18n::tr("Workshop"),
            Self::Plot => crate::i18n::tr("Plot"),
            Self::Compare => crate::i18n::tr("Compare"),
            Self::Refine => crate::i18n::tr("Refine"),
            Self::Event => crate::i18n::tr("All workshops"),
        }
    }
}

/// Columns of the comparison table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortColumn {
    /// List order (commitment id).
    Commitment,
    /// Median desirability.
    Desirability,
    /// Median ambition.
    Ambition,
    /// Spread.
    Spread,
    /// Groups that placed it.
    Groups,
}

/// The parts of the Event view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventTab {
    /// Grid and table.
    Picture,
    /// Refinements of one commitment side by side.
    Refinements,
    /// Merge conflicts.
    Conflicts,
}

/// Columns of the Event table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventColumn {
    /// List order.
    Commitment,
    /// Workshops that plotted it.
    Workshops,
    /// Groups.
    Groups,
    /// Median desirability.
    Desirability,
    /// Median ambition.
    Ambition,
    /// Spread over all groups.
    Spread,
    /// How far the workshops' medians are apart.
    Disagreement,
    /// Workshops that selected it.
    Selected,
}

/// Something that happened in a panel, applied at the end of the frame.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// A menu action or shortcut.
    Action(Action),
    /// Open this session file.
    OpenPath(PathBuf),
    /// Start a workshop on this commitment list.
    ImportPath(PathBuf),
    /// Merge these session files into a new, unsaved session.
    MergePaths(Vec<PathBuf>),
    /// Show or hide a workshop's layer in the Event view.
    ToggleLayer(String),
    /// Apply an organizer's choice for a conflict (index into `session.conflicts`).
    Resolve(usize, crate::model::Version),
    /// Save to this path (and make it the document's path).
    SaveTo(PathBuf),
    /// The export options are set: ask where to export the report.
    ChooseExportFile,
    /// Export the report to this path: `.csv` the placements, anything else the Markdown
    /// draft and its grid SVG. Not an edit: the session is not marked unsaved.
    ExportTo(PathBuf),
    /// Add a group to the current workshop.
    AddGroup,
    /// Remove a group and its placements.
    RemoveGroup(u32),
    /// Ask before removing a group that has placements.
    AskRemoveGroup(u32),
    /// Keep the group after all.
    KeepGroup,
    /// Make a group the one that is plotting.
    SetGroup(u32),
    /// Place or move a commitment for the current group.
    Place {
        /// Commitment id.
        commitment: String,
        /// 0–10.
        desirability: f64,
        /// 0–3.
        ambition: f64,
    },
    /// Send a commitment back to the current group's tray.
    Unplace(String),
    /// Set the current group's reason for a placement (the placement's `note`).
    SetNote(String, String),
    /// Select or deselect a commitment for refinement.
    SetSelected(String, bool),
    /// Open the refinement form of a commitment.
    Refine(String),
    /// Highlight a commitment on the grid and in the lists.
    Focus(String),
    /// Switch the current workshop (index in the session).
    SetWorkshop(usize),
    /// Switch view.
    SetView(View),
    /// A form edited the session in place.
    Edited,
    /// Answer to "save changes first?".
    Unsaved(UnsavedChoice),
    /// Answer to "recover unsaved work?": recover it (true) or discard it.
    Recover(bool),
    /// Switch the window's language (`en`, `fr`).
    SetLanguage(String),
    /// Theme: high contrast (true) or the normal light theme.
    SetHighContrast(bool),
    /// Open a recent file (asking first if there are unsaved changes).
    OpenRecent(PathBuf),
}

/// What the unsaved-changes prompt holds back (and, if the user chose to save first,
/// what follows the save).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeldBack {
    /// A menu action that replaces or closes the session (new, open, import, merge, quit).
    Action(Action),
    /// Opening a file from File ▸ Open recent.
    OpenRecent(PathBuf),
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

/// A short message that fades.
#[derive(Clone, Debug)]
pub struct Toast {
    /// The message.
    pub text: String,
    /// When it disappears (egui time, seconds).
    pub until: f64,
    /// It announces a change to the session: it offers Undo.
    pub undo: bool,
    /// Messages about the same thing (one point moved by several keys or a drag) replace
    /// each other rather than pile up.
    pub key: Option<String>,
}

/// Everything the window shows and edits.
pub struct AppState {
    /// The document.
    pub session: Session,
    /// Where it is saved; `None` for a new workshop.
    pub path: Option<PathBuf>,
    /// Unsaved changes.
    pub dirty: bool,
    /// The tab shown.
    pub view: View,
    /// Index of the workshop shown.
    pub workshop_index: usize,
    /// The group that is plotting.
    pub group: Option<u32>,
    /// The commitment being refined (and highlighted).
    pub focus: Option<String>,
    /// An error the user must acknowledge.
    pub error: Option<String>,
    /// What failed, as the error's title ("Could not open FILE"); a general title if none.
    pub error_title: Option<String>,
    /// Short notices.
    pub toasts: Vec<Toast>,
    /// Asking for a path by hand, when no native dialog can open.
    pub path_prompt: Option<(Purpose, String)>,
    /// The group waiting for "remove it and its placements?".
    pub confirm_remove_group: Option<u32>,
    /// The unsaved-changes prompt is open for this (closing, opening, ...).
    pub confirm_unsaved: Option<HeldBack>,
    /// What to go on with once the pending save succeeds.
    pub after_save: Option<HeldBack>,
    /// The user chose to close.
    pub closing: bool,
    /// Comparison table order: column and ascending.
    pub sort: (SortColumn, bool),
    /// The commitment being dragged on the grid.
    pub dragging: Option<String>,
    /// Workshops hidden in the Event view (by id).
    pub hidden_layers: std::collections::BTreeSet<String>,
    /// Event view: only commitments selected at two or more workshops.
    pub only_repeated: bool,
    /// Event view: which part is shown.
    pub event_tab: EventTab,
    /// Event view table order.
    pub event_sort: (EventColumn, bool),
    /// Presenter mode: full screen, large type, the grid only.
    pub presenting: bool,
    /// Zoom factor outside presenter mode.
    pub zoom: f32,
    /// Zoom factor in presenter mode.
    pub presenter_zoom: f32,
    /// The activity timer.
    pub timer: timer::Timer,
    /// Help → Keyboard shortcuts is open.
    pub show_shortcuts: bool,
    /// File → Export report…'s options are shown, before the file dialog.
    pub export_prompt: bool,
    /// What an export writes, as `cocreate report`'s options: sign-ups (personal data) only
    /// when asked for at each export; the working notes unless left out.
    pub export_options: crate::report::MarkdownOptions,
    undoer: egui::util::undoer::Undoer<Session>,
    undo_fed: u64,
    /// The session as last opened or saved: undoing back to it clears the unsaved mark.
    saved: Option<Session>,
    /// Autosave to a recovery file, if a folder for it is known.
    pub recovery: Option<recovery::Recovery>,
    /// Work from a run that did not end cleanly, offered at start.
    pub recovery_offer: Option<recovery::Found>,
    /// Files opened or saved lately, newest first.
    pub recent: Vec<PathBuf>,
    /// The window's language: `en` or `fr`.
    pub language: String,
    /// The file is from a newer version: never written over.
    pub read_only: bool,
    /// The high-contrast theme outside presenter mode too.
    pub high_contrast: bool,
    generation: u64,
    statistics_runs: u64,
    aggregates: (u64, usize, Arc<[Aggregate]>),
    event_cache: (
        u64,
        std::collections::BTreeSet<String>,
        Arc<[crate::stats::EventRow]>,
    ),
}

impl AppState {
    /// A window state for a session.
    pub fn new(session: Session, path: Option<PathBuf>) -> Self {
        let saved = session.clone();
        let mut state = Self {
            session,
            path,
            dirty: false,
            view: View::Plot,
            workshop_index: 0,
            group: None,
            focus: None,
            error: None,
            error_title: None,
            toasts: Vec::new(),
            path_prompt: None,
            confirm_remove_group: None,
            confirm_unsaved: None,
            after_save: None,
            closing: false,
            sort: (SortColumn::Commitment, true),
            dragging: None,
            hidden_layers: Default::default(),
            only_repeated: false,
            event_tab: EventTab::Picture,
            event_sort: (EventColumn::Commitment, true),
            presenting: false,
            zoom: 1.0,
            presenter_zoom: PRESENTER_ZOOM,
            timer: timer::Timer::default(),
            show_shortcuts: false,
            export_prompt: false,
            export_options: Default::default(),
            undoer: Default::default(),
            undo_fed: 0,
            saved: None,
            recovery: None,
            recovery_offer: None,
            recent: Vec::new(),
            language: "en".into(),
            high_contrast: false,
            read_only: false,
            generation: 1,
            statistics_runs: 0,
            aggregates: (0, 0, Arc::from([])),
            event_cache: (0, Default::default(), Arc::from([])),
        };
        state.ensure_workshop();
        state.saved = Some(saved);
        state
    }

    /// A new workshop on the bundled commitment list, with three groups.
    pub fn bundled() -> Self {
        Self::new(
            Session::new_workshop_named(
                crate::demo::bundled_commitments(),
                &crate::i18n::tr("New workshop"),
                3,
                crate::i18n::message,
            ),
            None,
        )
    }

    fn ensure_workshop(&mut self) {
        if self.session.workshops.is_empty() {
            self.session.workshops.push(Workshop::new(
                crate::model::new_workshop_id(),
                "New workshop",
            ));
        }
        self.workshop_index = self.workshop_index.min(self.session.workshops.len() - 1);
        let w = &self.session.workshops[self.workshop_index];
        if self.group.is_none_or(|g| w.group(g).is_none()) {
            self.group = w.groups.first().map(|g| g.id);
        }
    }

    /// The workshop shown.
    pub fn workshop(&self) -> &Workshop {
        &self.session.workshops[self.workshop_index]
    }

    /// The workshop shown, to edit.
    pub fn workshop_mut(&mut self) -> &mut Workshop {
        &mut self.session.workshops[self.workshop_index]
    }

    /// Records an edit: marks the document unsaved and invalidates cached statistics.
    pub fn mark_changed(&mut self) {
        self.dirty = true;
        self.generation += 1;
        // An edit to something merged files disagree on is the organizer's resolution:
        // recorded at once, so no later merge reverts it (see `merge::record_edits`).
        crate::merge::record_edits(&mut self.session);
    }

    /// Rows of the Event view over the visible workshops, recomputed only after an edit or
    /// a layer change.
    pub fn event_rows(&mut self) -> Arc<[crate::stats::EventRow]> {
        if self.event_cache.0 != self.generation || self.event_cache.1 != self.hidden_layers {
            let visible: Vec<&Workshop> = self
                .session
                .workshops
                .iter()
                .filter(|w| !self.hidden_layers.contains(&w.id))
                .collect();
            let rows = crate::stats::event_rows(
                self.session.commitments.iter().map(|c| c.id.as_str()),
                &visible,
            );
            self.event_cache = (self.generation, self.hidden_layers.clone(), rows.into());
            self.statistics_runs += 1;
        }
        Arc::clone(&self.event_cache.2)
    }

    /// Per-commitment aggregates of the current workshop, recomputed only after an edit.
    pub fn aggregates(&mut self) -> Arc<[Aggregate]> {
        if self.aggregates.0 != self.generation || self.aggregates.1 != self.workshop_index {
            let w = &self.session.workshops[self.workshop_index];
            let list = crate::stats::aggregates(
                self.session.commitments.iter().map(|c| c.id.as_str()),
                &[w],
            );
            self.aggregates = (self.generation, self.workshop_index, list.into());
            self.statistics_runs += 1;
        }
        Arc::clone(&self.aggregates.2)
    }

    /// Changes whenever the session is edited or another workshop is shown: drawings keyed
    /// on it are rebuilt only then.
    pub fn content_version(&self) -> u64 {
        use std::hash::{Hash as _, Hasher as _};
        let mut h = std::hash::DefaultHasher::new();
        (self.generation, self.workshop_index).hash(&mut h);
        h.finish()
    }

    /// How many times statistics (aggregates, event rows) have been computed: they are
    /// recomputed after an edit, never in a frame where nothing changed.
    pub fn statistics_runs(&self) -> u64 {
        self.statistics_runs
    }

    /// The window title: file name, and a dot for unsaved changes.
    pub fn title(&self) -> String {
        let name = self.path.as_deref().and_then(Path::file_name).map_or_else(
            || crate::i18n::tr("Untitled"),
            |n| n.to_string_lossy().into_owned(),
        );
        let mark = if self.dirty { " ●" } else { "" };
        let read_only = if self.read_only {
            format!(" ({})", crate::i18n::tr("read-only"))
        } else {
            String::new()
        };
        format!("{name}{read_only}{mark} — cocreate")
    }

    /// Shows a short notice.
    pub fn notify(&mut self, now: f64, text: impl Into<String>) {
        self.toasts.push(Toast {
            text: text.into(),
            until: now + 4.0,
            undo: false,
            key: None,
        });
    }

    /// Announces a change to the session, with Undo at hand (on the latest notice only). A
    /// later announcement with the same key (the same point moved again) replaces this one.
    pub fn announce(&mut self, now: f64, key: String, text: String) {
        self.toasts
            .retain(|t| t.key.as_deref() != Some(key.as_str()));
        // Undo takes back the latest change: only its notice offers it, so an older
        // notice's button never undoes something else.
        for t in &mut self.toasts {
            t.undo = false;
        }
        self.toasts.push(Toast {
            text,
            until: now + 6.0,
            undo: true,
            key: Some(key),
        });
    }

    /// "Group 1: #2" for announcements about one group's placement.
    fn placement_subject(&self, group: u32, commitment: &str) -> String {
        let name = self
            .workshop()
            .group(group)
            .map_or_else(String::new, |g| g.name.clone());
        crate::i18n::trf("%{group}: #%{id}", &[("group", &name), ("id", &commitment)])
    }

    /// Replaces the document with a file's session. On failure the open session stays as it
    /// was and the error is shown.
    pub fn open(&mut self, path: &Path) {
        match crate::file::load_for_window(path) {
            Ok((session, newer)) => {
                let several = session.workshops.len() > 1;
                self.replace_document(session, Some(path.to_owned()));
                self.read_only = newer;
                self.remember(path);
                // Open where the work is: Plot until something is placed.
                let nothing_placed = self
                    .session
                    .workshops
                    .iter()
                    .all(|w| w.placements.is_empty());
                self.view = if several {
                    View::Event
                } else if nothing_placed {
                    View::Plot
                } else {
                    View::Compare
                };
                if newer {
                    self.error = Some(crate::i18n::tr(
                        "This file was written by a newer version of cocreate. It is open read-only: Save asks for another file, so the original is never overwritten.",
                    ));
                }
            }
            Err(e) => {
                self.error_title = Some(file_title("Could not open %{file}", path));
                self.error = Some(crate::i18n::localized(&e));
            }
        }
    }

    /// Starts a new workshop on a commitment list. On failure nothing changes.
    pub fn import(&mut self, path: &Path) {
        match crate::import::load_csv(path) {
            Ok(list) => {
                let name = path
                    .file_stem()
                    .map_or("New workshop".into(), |s| s.to_string_lossy().into_owned());
                self.replace_document(
                    Session::new_workshop_named(list, &name, 3, crate::i18n::message),
                    None,
                );
                self.dirty = true;
                self.saved = None; // never saved: no state of it is "saved"
                self.view = View::Workshop;
            }
            Err(e) => self.error = Some(crate::i18n::error_chain(&e)),
        }
    }

    /// Merges session files into a new, unsaved session shown in the Event view. If any file
    /// cannot be read, nothing changes and the error names it.
    pub fn merge_files(&mut self, paths: &[PathBuf]) {
        let loaded: Result<Vec<Session>, _> = paths.iter().map(|p| crate::file::load(p)).collect();
        match loaded {
            Ok(inputs) => {
                let names = crate::merge::source_names(paths);
                let merged =
                    crate::merge::merge_named(&names.into_iter().zip(inputs).collect::<Vec<_>>());
                if let Err(e) = crate::file::validate(&merged) {
                    self.error = Some(crate::i18n::trf(
                        "The merged session is not valid: %{e}",
                        &[("e", &crate::i18n::localized(&e))],
                    ));
                    return;
                }
                self.replace_document(merged, None);
                self.dirty = true;
                self.saved = None; // never saved: no state of it is "saved"
                self.view = View::Event;
            }
            Err(e) => {
                self.error = Some(crate::i18n::trf(
                    "Nothing was merged. %{e}",
                    &[("e", &crate::i18n::localized(&e))],
                ))
            }
        }
    }

    /// Puts another session in the window, keeping what belongs to the window rather than
    /// the document: preferences, recent files, timer, presenter mode, the recovery folder.
    fn replace_document(&mut self, session: Session, path: Option<PathBuf>) {
        let mut next = Self::new(session, path);
        next.recovery = self.recovery.take();
        if let Some(r) = &mut next.recovery {
            r.clear(); // the old work was saved, or knowingly discarded at the prompt
        }
        // The window's preferences, presenter mode and timer stay; the document is new.
        Prefs::of(self).restore_into(&mut next);
        next.presenting = self.presenting;
        next.timer = self.timer.clone();
        *self = next;
    }

    /// Puts a file at the top of the recent files.
    pub fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(8);
    }

    /// Recovers (or discards) the work found at start.
    pub fn take_recovery(&mut self, recover: bool) {
        let Some(found) = self.recovery_offer.take() else {
            return;
        };
        if recover {
            match crate::file::load(&found.file) {
                Ok(session) => {
                    self.replace_document(session, found.original.clone());
                    self.dirty = true;
                    self.saved = None; // never saved: no state of it is "saved"
                    self.generation += 1;
                }
                Err(e) => {
                    self.error = Some(crate::i18n::trf(
                        "The autosaved work could not be read. %{e}",
                        &[("e", &crate::i18n::localized(&e))],
                    ));
                    return; // keep the file: nothing is deleted that could not be recovered
                }
            }
        }
        recovery::remove(&found);
    }

    /// Saves to a path; on success it becomes the document's path.
    pub fn save_to(&mut self, path: &Path) -> bool {
        if self.read_only && self.path.as_deref() == Some(path) {
            self.error = Some(crate::i18n::tr(
                "This file is from a newer version of cocreate and is never overwritten: save under another name.",
            ));
            return false;
        }
        match crate::file::save(&self.session, path) {
            Ok(()) => {
                self.path = Some(path.to_owned());
                self.read_only = false;
                self.dirty = false;
                self.saved = Some(self.session.clone());
                if let Some(r) = &mut self.recovery {
                    r.clear();
                }
                self.remember(path);
                true
            }
            Err(e) => {
                self.error_title = Some(file_title("Could not save %{file}", path));
                self.error = Some(crate::i18n::trf(
                    "Not saved. %{e}",
                    &[("e", &crate::i18n::localized(&e))],
                ));
                false
            }
        }
    }

    /// Exports the report of the session as it is now (unsaved edits too) through
    /// [`crate::export::write`], the command line's code: `.csv` writes the placements,
    /// anything else the Markdown draft and its grid SVG beside it. A file the export would
    /// write that is the open session's own file is refused before anything is written. The
    /// session is not touched and stays as saved or unsaved as it was.
    pub fn export_to(&mut self, path: &Path, now: f64) -> bool {
        let format = crate::export::Format::of_path(path);
        let outputs = crate::export::outputs(path, format);
        if let Some(own) = self.path.as_deref()
            && let Some(clash) = outputs.iter().find(|o| crate::file::same_file(o, own))
        {
            self.error_title = Some(file_title("Could not export %{file}", clash));
            self.error = Some(crate::i18n::trf(
                "%{file} is the open session's file: export the report to another file. Nothing was written.",
                &[("file", &clash.display())],
            ));
            return false;
        }
        match crate::export::write(&self.session, path, format, &self.export_options) {
            Ok(written) => {
                let names: Vec<String> = written
                    .iter()
                    .map(|p| {
                        p.file_name().map_or_else(
                            || p.display().to_string(),
                            |n| n.to_string_lossy().into_owned(),
                        )
                    })
                    .collect();
                let text = match names.as_slice() {
                    [report, image] => crate::i18n::trf(
                        "Exported %{report} and %{image}",
                        &[("report", report), ("image", image)],
                    ),
                    _ => crate::i18n::trf("Exported %{file}", &[("file", &names.join(", "))]),
                };
                self.notify(now, text);
                true
            }
            Err(e) => {
                self.error_title = Some(file_title("Could not export %{file}", &e.path));
                self.error = Some(crate::i18n::trf(
                    "Not exported. %{e}",
                    &[("e", &crate::i18n::localized(&e))],
                ));
                false
            }
        }
    }

    /// Applies a command that needs no dialog. Returns a dialog to open, if any.
    pub fn apply(&mut self, command: Command, now: f64) -> Option<Purpose> {
        match command {
            Command::Action(action) => return self.apply_action(action, now),
            Command::OpenPath(path) => self.open(&path),
            Command::ImportPath(path) => self.import(&path),
            Command::MergePaths(paths) => self.merge_files(&paths),
            Command::ChooseExportFile => {
                self.export_prompt = false;
                return Some(Purpose::ExportReport);
            }
            Command::ExportTo(path) => {
                self.export_to(&path, now);
            }
            Command::ToggleLayer(id) => {
                if !self.hidden_layers.remove(&id) {
                    self.hidden_layers.insert(id);
                }
            }
            Command::Resolve(index, version) => {
                crate::merge::resolve(&mut self.session, index, version);
                self.mark_changed();
            }
            Command::SaveTo(path) => {
                let then = self.after_save.take();
                if self.save_to(&path) {
                    self.notify(
                        now,
                        crate::i18n::trf("Saved %{path}", &[("path", &path.display())]),
                    );
                    if let Some(pending) = then {
                        return self.proceed(pending);
                    }
                }
            }
            Command::AddGroup => {
                // The group plotting stays the one the room chose; the new one is announced.
                let w = self.workshop_mut();
                let name = crate::i18n::message(&Workshop::group_name(w.next_group_number()));
                let id = w.add_group_named(&name);
                if self.group.is_none() {
                    self.group = Some(id);
                }
                self.mark_changed();
                let name = self
                    .workshop()
                    .group(id)
                    .map_or_else(String::new, |g| g.name.clone());
                self.announce(
                    now,
                    format!("group:{id}"),
                    crate::i18n::trf("%{group} added", &[("group", &name)]),
                );
            }
            Command::AskRemoveGroup(id) => self.confirm_remove_group = Some(id),
            Command::KeepGroup => self.confirm_remove_group = None,
            Command::RemoveGroup(id) => {
                self.confirm_remove_group = None;
                self.workshop_mut().remove_group(id);
                if self.group == Some(id) {
                    self.group = None;
                }
                self.ensure_workshop();
                self.mark_changed();
            }
            Command::SetGroup(id) => self.group = Some(id),
            Command::Place {
                commitment,
                desirability,
                ambition,
            } => {
                if let Some(g) = self.group {
                    let before = self.workshop().placement(g, &commitment).cloned();
                    self.workshop_mut()
                        .place(g, &commitment, desirability, ambition);
                    let after = self.workshop().placement(g, &commitment).cloned();
                    if before != after
                        && let Some(p) = after
                    {
                        self.mark_changed();
                        let subject = self.placement_subject(g, &commitment);
                        let args: [(&str, &dyn std::fmt::Display); 3] = [
                            ("subject", &subject),
                            ("d", &format!("{:.1}", p.desirability)),
                            (
                                "a",
                                &crate::i18n::localized(&crate::model::AmbitionLevel::nearest(
                                    p.ambition,
                                )),
                            ),
                        ];
                        let text = if before.is_some() {
                            crate::i18n::trf("%{subject} moved to desirability %{d}, %{a}", &args)
                        } else {
                            crate::i18n::trf("%{subject} placed at desirability %{d}, %{a}", &args)
                        };
                        self.announce(now, format!("place:{g}:{commitment}"), text);
                    }
                }
            }
            Command::Unplace(commitment) => {
                if let Some(g) = self.group
                    && self.workshop_mut().unplace(g, &commitment)
                {
                    self.mark_changed();
                    let subject = self.placement_subject(g, &commitment);
                    self.announce(
                        now,
                        format!("place:{g}:{commitment}"),
                        crate::i18n::trf("%{subject} back in the tray", &[("subject", &subject)]),
                    );
                }
            }
            Command::SetNote(commitment, note) => {
                if let Some(g) = self.group
                    && self.workshop_mut().set_note(g, &commitment, &note)
                {
                    self.mark_changed();
                }
            }
            Command::SetSelected(commitment, selected) => {
                self.workshop_mut().set_selected(&commitment, selected);
                if selected && self.focus.is_none() {
                    self.focus = Some(commitment);
                }
                self.mark_changed();
            }
            Command::Refine(commitment) => {
                self.focus = Some(commitment);
                self.view = View::Refine;
            }
            Command::Focus(commitment) => self.focus = Some(commitment),
            Command::SetWorkshop(index) => {
                self.workshop_index = index;
                self.group = None;
                self.ensure_workshop();
            }
            Command::SetView(view) => self.view = view,
            Command::Edited => self.mark_changed(),
            Command::Recover(recover) => self.take_recovery(recover),
            Command::SetLanguage(code) => self.language = code,
            Command::SetHighContrast(on) => self.high_contrast = on,
            Command::OpenRecent(path) => {
                // Like Open: unsaved work is saved or knowingly discarded first.
                if self.dirty {
                    self.confirm_unsaved = Some(HeldBack::OpenRecent(path));
                } else {
                    self.open(&path);
                }
            }
            Command::Unsaved(choice) => {
                let pending = self.confirm_unsaved.take()?;
                match choice {
                    UnsavedChoice::Discard => return self.proceed(pending),
                    UnsavedChoice::Cancel => {}
                    UnsavedChoice::Save => {
                        self.after_save = Some(pending);
                        return self.apply_action(Action::Save, now);
                    }
                }
            }
        }
        None
    }

    fn apply_action(&mut self, action: Action, now: f64) -> Option<Purpose> {
        match action {
            Action::NewWorkshop
            | Action::Open
            | Action::ImportCsv
            | Action::Merge
            | Action::Quit => {
                if self.dirty {
                    // The room's work is not saved: ask before replacing or closing it.
                    self.confirm_unsaved = Some(HeldBack::Action(action));
                } else {
                    return self.proceed(HeldBack::Action(action));
                }
            }
            Action::SaveAs => return Some(Purpose::SaveAs),
            Action::ExportReport => {
                // Personal data goes out only when asked for, each time.
                self.export_options.include_contacts = false;
                self.export_prompt = true;
            }
            Action::Undo => {
                if let Some(previous) = self.undoer.undo(&self.session) {
                    self.session = previous.clone();
                    self.after_history_step();
                    // What the notices announced is undone: their Undo must not undo more.
                    self.toasts.retain(|t| !t.undo);
                    self.notify(now, crate::i18n::tr("Undone"));
                }
            }
            Action::Redo => {
                if let Some(next) = self.undoer.redo(&self.session) {
                    self.session = next.clone();
                    self.after_history_step();
                }
            }
            Action::Present => self.presenting = !self.presenting,
            Action::ZoomIn => *self.zoom_mut() = (*self.zoom_mut() * 1.1).min(4.0),
            Action::ZoomOut => *self.zoom_mut() = (*self.zoom_mut() / 1.1).max(0.5),
            Action::ZoomReset => {
                *self.zoom_mut() = if self.presenting { PRESENTER_ZOOM } else { 1.0 };
            }
            Action::TimerStartPause => self.timer.start_pause(now),
            Action::TimerReset => self.timer.reset(),
            Action::Shortcuts => self.show_shortcuts = true,
            Action::Save => match self.path.clone().filter(|_| !self.read_only) {
                // Saving first, from the unsaved-changes prompt, can lead on to a dialog
                // (Open, Import, Merge): pass it on.
                Some(path) => return self.apply(Command::SaveTo(path), now),
                None => return Some(Purpose::SaveAs),
            },
        }
        None
    }

    /// The zoom factor in use now (presenter or not).
    pub fn zoom_mut(&mut self) -> &mut f32 {
        if self.presenting {
            &mut self.presenter_zoom
        } else {
            &mut self.zoom
        }
    }

    /// After undo or redo: the session is another one; keep the view on valid parts. Back at
    /// the state last opened or saved, it is no longer unsaved.
    fn after_history_step(&mut self) {
        self.dirty = self.saved.as_ref() != Some(&self.session);
        self.generation += 1;
        self.undo_fed = self.generation; // this state is already in the history
        self.dragging = None;
        self.ensure_workshop();
    }

    /// Gives the undo history the session, when it changed or is settling. It keeps a
    /// snapshot once the session has been still for a moment (the user is at rest).
    /// Returns whether it wants to be fed again soon.
    pub fn feed_undo(&mut self, now: f64) -> bool {
        if self.generation != self.undo_fed || self.undoer.is_in_flux() {
            self.undoer.feed_state(now, &self.session);
            self.undo_fed = self.generation;
        }
        self.undoer.is_in_flux()
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        self.undoer.has_undo(&self.session)
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        self.undoer.has_redo(&self.session)
    }

    /// Carries out what replaces or closes the session, once unsaved work is saved or
    /// knowingly discarded.
    fn proceed(&mut self, pending: HeldBack) -> Option<Purpose> {
        let action = match pending {
            HeldBack::Action(action) => action,
            HeldBack::OpenRecent(path) => {
                self.open(&path);
                return None;
            }
        };
        match action {
            Action::NewWorkshop => {
                let bundled = Self::bundled().session;
                self.replace_document(bundled, None);
                self.view = View::Workshop;
                None
            }
            Action::Open => Some(Purpose::Open),
            Action::ImportCsv => Some(Purpose::ImportCsv),
            Action::Merge => Some(Purpose::Merge),
            Action::Quit => {
                self.closing = true;
                None
            }
            other => self.apply_action(other, 0.0),
        }
    }

    /// Acts on a file dialog's answer.
    pub fn picked(&mut self, purpose: Purpose, picked: Picked) -> Option<Command> {
        match picked {
            Picked::Path(path) => command_for(purpose, vec![path]),
            Picked::Paths(paths) => command_for(purpose, paths),
            Picked::Cancelled => {
                self.after_save = None;
                None
            }
            Picked::Unavailable(help) => {
                self.error = Some(help);
                let start = self
                    .path
                    .as_deref()
                    .map(|p| match purpose {
                        // Not the session's own file, which an export refuses.
                        Purpose::ExportReport => p.with_extension("md").display().to_string(),
                        _ => p.display().to_string(),
                    })
                    .unwrap_or_default();
                self.path_prompt = Some((purpose, start));
                None
            }
        }
    }
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

/// An error's title naming the file by its name (the message gives the whole path).
fn file_title(key: &str, path: &Path) -> String {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    crate::i18n::trf(key, &[("file", &name)])
}
