//! The window's state: the [`Document`], what the window shows of it ([`WindowState`]), the
//! unsaved-work [`Flow`] and autosave. [`AppState::apply`] carries out the commands panels
//! pushed: changes to the session go to [`Document::apply`] as edits and are announced.

use std::path::{Path, PathBuf};

use super::actions::Action;
use super::command::{Command, UnsavedChoice, command_for};
use super::dialogs::{Picked, Purpose};
use super::flow::{Flow, HeldBack};
use super::prefs::Prefs;
use super::recovery;
use super::view::{View, WindowState};
use crate::document::{Change, Changed, Document, Edit, Op, Origin};
use crate::i18n::{tr, trf};
use crate::model::{Session, Workshop};

/// How the room asks the window for a frame: set once, by the shell, when the window
/// exists.
#[derive(Default)]
pub struct Wake(std::sync::OnceLock<Box<dyn Fn() + Send + Sync>>);

impl Wake {
    /// What waking does, from now on (only the first call counts).
    pub fn set(&self, wake: impl Fn() + Send + Sync + 'static) {
        let _already = self.0.set(Box::new(wake));
    }

    /// Asks for a frame, if the window is there.
    pub fn wake(&self) {
        if let Some(wake) = self.0.get() {
            wake();
        }
    }

    /// Whether the window has been set.
    pub fn is_set(&self) -> bool {
        self.0.get().is_some()
    }
}

/// How long the user is still before the next edit of the same thing starts a new undo
/// step (seconds).
pub const STILL: f64 = 1.0;

/// Everything the window holds.
pub struct AppState {
    /// The session, its file and its history. Changed only through [`Document::apply`].
    pub doc: Document,
    /// What the window shows of it.
    pub window: WindowState,
    /// The unsaved-changes / save-first / dialog flow.
    pub flow: Flow,
    /// Autosave to a recovery file, if a folder for it is known.
    pub recovery: Option<recovery::Recovery>,
    /// The room, while groups place from their own devices.
    pub room: Option<crate::room::Room>,
    /// Where the room listens when opened (`--room-addr`); `None`: every interface, the
    /// default port.
    pub room_addr: Option<std::net::SocketAddr>,
    /// Asks the window for a frame (set by the shell): a device's edit is waiting.
    /// Filled in by the shell once the window exists; a room opened before (with `--room`)
    /// holds the slot, not a copy of what was in it then.
    pub wake: std::sync::Arc<Wake>,
    /// The timer's end has locked the room already (it locks once per time up).
    pub(super) room_locked_by_timer: bool,
    /// The links the room had, by workshop: opened again, it keeps them (this document only).
    pub(super) room_links: Option<(String, std::collections::HashMap<u32, String>)>,
    /// What `window.room` was built from: the room's revision and the document's
    /// generation.
    pub(super) room_shown: Option<(u64, u64)>,
    /// When the last edit was applied (egui time): a burst of edits of one thing is one
    /// undo step while they come less than [`STILL`] apart.
    last_edit_at: f64,
}

impl AppState {
    /// A window on a session as saved in `path` (or a new one).
    pub fn new(session: Session, path: Option<PathBuf>) -> Self {
        Self::with_document(Document::saved(with_a_workshop(session), path))
    }

    fn with_document(doc: Document) -> Self {
        let mut window = WindowState::default();
        window.follow(&doc);
        Self {
            doc,
            window,
            flow: Flow::Idle,
            recovery: None,
            room: None,
            room_addr: None,
            wake: std::sync::Arc::default(),
            room_locked_by_timer: false,
            room_links: None,
            room_shown: None,
            last_edit_at: f64::NEG_INFINITY,
        }
    }

    /// A new workshop on the bundled commitment list, with three groups.
    pub fn bundled() -> Self {
        Self::new(bundled_session(), None)
    }

    /// The session.
    pub fn session(&self) -> &Session {
        self.doc.session()
    }

    /// The workshop shown.
    pub fn workshop(&self) -> &Workshop {
        self.doc.workshop(self.window.workshop_index)
    }

    /// Whether there is unsaved work.
    pub fn is_unsaved(&self) -> bool {
        self.doc.is_unsaved()
    }

    /// The window title: file name, and a dot for unsaved changes.
    pub fn title(&self) -> String {
        let name = self
            .doc
            .path()
            .and_then(Path::file_name)
            .map_or_else(|| tr("Untitled"), |n| n.to_string_lossy().into_owned());
        let mark = if self.doc.is_unsaved() { " ●" } else { "" };
        let read_only = if self.doc.is_read_only() {
            format!(" ({})", tr("read-only"))
        } else {
            String::new()
        };
        format!("{name}{read_only}{mark} — cocreate")
    }

    /// Applies an edit made at this window, as one undo step with the edits of the same
    /// thing just before it, and announces it. A refused change of the ambition scale is
    /// explained in a message to acknowledge (it says what to do first); other refusals in
    /// a notice.
    pub fn edit(&mut self, op: Op, now: f64) -> Option<Change> {
        let said = self.what_it_says(&op);
        let scale = matches!(op, Op::SetScale(_));
        match self.apply_edit_checked(Edit::window(op), now) {
            Ok(change) => {
                if change.changed == Changed::Session
                    && let Some((key, text)) = said
                {
                    self.window.announce(now, key, text);
                }
                Some(change)
            }
            Err(e) if scale => {
                self.window.fail(
                    Some(tr("The ambition scale was not changed")),
                    crate::i18n::localized(&e),
                );
                None
            }
            Err(e) => {
                self.refused(&e, now);
                None
            }
        }
    }

    /// Applies an edit from anywhere: undo, the unsaved mark, autosave and the statistics
    /// follow; placements are announced with Undo at hand.
    pub fn apply_edit(&mut self, edit: Edit, now: f64) -> Option<Change> {
        match self.apply_edit_checked(edit, now) {
            Ok(change) => Some(change),
            Err(e) => {
                self.refused(&e, now);
                None
            }
        }
    }

    /// Says that an edit was refused, and why, in the window's language.
    fn refused(&mut self, e: &crate::document::EditError, now: f64) {
        self.window.notify(
            now,
            trf("Not changed: %{e}", &[("e", &crate::i18n::localized(e))]),
        );
    }

    /// The announcement of a change to the session as a whole (its scale, template,
    /// criteria, a response), made before it is applied: its key and its text.
    fn what_it_says(&self, op: &Op) -> Option<(String, String)> {
        use crate::i18n::localized;
        let session = self.session();
        Some(match op {
            Op::SetScale(scale) => (
                "scale".to_owned(),
                trf("Ambition scale: %{scale}", &[("scale", &localized(scale))]),
            ),
            Op::SetTemplate(template) => (
                "template".to_owned(),
                trf(
                    "Commitment template: %{template}",
                    &[("template", &localized(template))],
                ),
            ),
            Op::SetCriteria(criteria) => {
                let added: Vec<&str> = criteria
                    .iter()
                    .filter(|c| !session.criteria.contains(c))
                    .map(String::as_str)
                    .collect();
                let removed: Vec<&str> = session
                    .criteria
                    .iter()
                    .filter(|c| !criteria.contains(c))
                    .map(String::as_str)
                    .collect();
                let cited = session
                    .responses
                    .iter()
                    .filter(|r| r.criteria.iter().any(|c| removed.contains(&c.as_str())))
                    .count();
                let text = if !removed.is_empty() && cited > 0 {
                    trf(
                        "Criterion removed: %{0}, and from the %{n} responses that cited it",
                        &[("0", &removed.join(", ")), ("n", &cited)],
                    )
                } else if !removed.is_empty() {
                    trf("Criterion removed: %{0}", &[("0", &removed.join(", "))])
                } else if !added.is_empty() {
                    trf("Criterion added: %{0}", &[("0", &added.join(", "))])
                } else {
                    tr("Selection criteria changed")
                };
                ("criteria".to_owned(), text)
            }
            Op::SetResponse(r) => (
                format!("response:{}", r.commitment),
                trf(
                    "Response to idea %{id}: %{outcome}",
                    &[("id", &r.commitment), ("outcome", &localized(&r.outcome))],
                ),
            ),
            _ => return None,
        })
    }

    /// As [`Self::apply_edit`], the refusal given back to the caller (a device) rather
    /// than shown.
    pub fn apply_edit_checked(
        &mut self,
        edit: Edit,
        now: f64,
    ) -> Result<Change, crate::document::EditError> {
        if now - self.last_edit_at >= STILL {
            self.doc.end_burst();
        }
        let change = self.doc.apply(edit)?;
        if change.is_change() {
            self.last_edit_at = now;
            self.announce(&change, now);
            self.window.follow(&self.doc);
        }
        Ok(change)
    }

    fn announce(&mut self, change: &Change, now: f64) {
        if let Origin::Device(_) = change.origin {
            // The wall shows the groups' points as they come; a notice for each of dozens
            // of devices' placements would bury the facilitator's own.
            return;
        }
        let text = match &change.changed {
            Changed::Placed { before, after, .. } => {
                let subject = self.placement_subject(after.group, &after.commitment);
                let args: [(&str, &dyn std::fmt::Display); 3] = [
                    ("subject", &subject),
                    ("d", &format!("{:.1}", after.desirability)),
                    (
                        "a",
                        &crate::i18n::localized(
                            &self.session().ambition_scale.nearest(after.ambition),
                        ),
                    ),
                ];
                let text = if before.is_some() {
                    trf("%{subject} moved to desirability %{d}, %{a}", &args)
                } else {
                    trf("%{subject} placed at desirability %{d}, %{a}", &args)
                };
                Some((format!("place:{}:{}", after.group, after.commitment), text))
            }
            Changed::Unplaced {
                group, commitment, ..
            } => {
                let subject = self.placement_subject(*group, commitment);
                Some((
                    format!("place:{group}:{commitment}"),
                    trf("%{subject} back in the tray", &[("subject", &subject)]),
                ))
            }
            Changed::GroupAdded { group, .. } => {
                let name = self
                    .workshop()
                    .group(*group)
                    .map_or_else(String::new, |g| g.name.clone());
                Some((
                    format!("group:{group}"),
                    trf("%{group} added", &[("group", &name)]),
                ))
            }
            Changed::Nothing | Changed::Session => None,
        };
        if let Some((key, text)) = text {
            self.window.announce(now, key, text);
        }
    }

    /// "Group 1: #2" for announcements about one group's placement.
    fn placement_subject(&self, group: u32, commitment: &str) -> String {
        let name = self
            .workshop()
            .group(group)
            .map_or_else(String::new, |g| g.name.clone());
        trf("%{group}: #%{id}", &[("group", &name), ("id", &commitment)])
    }

    /// The id of the workshop shown.
    fn workshop_id(&self) -> String {
        self.workshop().id.clone()
    }

    /// An edit of the plotting group's placements in the workshop shown; none while no group
    /// is plotting.
    fn edit_for_group(&mut self, now: f64, op: impl FnOnce(String, u32) -> Op) {
        if let Some(group) = self.window.group {
            let workshop = self.workshop_id();
            self.edit(op(workshop, group), now);
        }
    }

    /// Applies a command. Returns a file dialog to open, if one is needed.
    pub fn apply(&mut self, command: Command, now: f64) -> Option<Purpose> {
        match command {
            Command::Action(action) => return self.act(action, now),
            Command::Answer(purpose, picked) => return self.answered(purpose, picked, now),
            Command::OpenPath(path) => self.open(&path),
            Command::ImportPath(path) => self.import(&path),
            Command::MergePaths(paths) => self.merge_files(&paths),
            Command::SaveTo(path) => return self.save_to_then_go_on(&path, now),
            Command::ChooseExportFile => {
                self.window.export_prompt = false;
                return Some(Purpose::ExportReport);
            }
            Command::ExportTo(path) => {
                self.export_to(&path, now);
            }
            Command::Edit(op) => {
                self.edit(op, now);
            }
            Command::AddGroup => {
                // The group plotting stays the one the room chose; the new one is announced.
                let number = self.workshop().next_group_number();
                let name = crate::i18n::message(&Workshop::group_name(number));
                let workshop = self.workshop_id();
                self.edit(Op::AddGroup { workshop, name }, now);
            }
            Command::RemoveGroup(group) => {
                self.window.confirm_remove_group = None;
                let workshop = self.workshop_id();
                self.edit(Op::RemoveGroup { workshop, group }, now);
            }
            Command::Place {
                commitment,
                desirability,
                ambition,
            } => self.edit_for_group(now, |workshop, group| Op::Place {
                workshop,
                group,
                commitment,
                desirability,
                ambition,
            }),
            Command::Unplace(commitment) => {
                self.edit_for_group(now, |workshop, group| Op::Unplace {
                    workshop,
                    group,
                    commitment,
                });
            }
            Command::SetNote(commitment, note) => {
                self.edit_for_group(now, |workshop, group| Op::SetNote {
                    workshop,
                    group,
                    commitment,
                    note,
                });
            }
            Command::SetSelected(commitment, selected) => {
                let workshop = self.workshop_id();
                let op = Op::Select {
                    workshop,
                    commitment: commitment.clone(),
                    selected,
                };
                if self.edit(op, now).is_some() && selected && self.window.focus.is_none() {
                    self.window.focus = Some(commitment);
                }
            }
            Command::Recover(recover) => self.take_recovery(recover, now),
            Command::OpenRecent(path) => return self.request(HeldBack::OpenRecent(path)),
            Command::OpenRoom => {
                if let Err(e) = self.open_room(self.room_addr) {
                    self.window.fail(
                        Some(tr("Could not open the room")),
                        trf("Nothing is listening. %{e}", &[("e", &e)]),
                    );
                }
            }
            Command::CloseRoom => {
                if let Some(room) = self.room.take() {
                    room.close();
                    self.window.notify(now, tr("The room is closed"));
                }
            }
            Command::LockRoom(locked) => {
                if let Some(room) = self.room.as_mut() {
                    room.set_locked(locked, &self.doc);
                }
            }
            Command::RemoveDevice(client) => {
                if let Some(room) = self.room.as_mut() {
                    room.remove_device(&client);
                }
            }
            Command::NewLink(group) => {
                if let Some(room) = self.room.as_mut() {
                    match room.new_link(group) {
                        Ok(()) => {
                            self.room_links = Some((room.workshop_id().to_owned(), room.tokens()));
                        }
                        Err(e) => self.window.fail(
                            Some(tr("Could not open the room")),
                            trf("Nothing is listening. %{e}", &[("e", &e)]),
                        ),
                    }
                }
            }
            Command::Unsaved(choice) => {
                let Flow::Asking(held) = std::mem::take(&mut self.flow) else {
                    return None;
                };
                return match choice {
                    UnsavedChoice::Discard => self.go(held),
                    UnsavedChoice::Cancel => None,
                    UnsavedChoice::Save => {
                        self.flow = Flow::SavingFirst(held);
                        self.save(now)
                    }
                };
            }
        }
        None
    }

    /// A menu action or shortcut.
    fn act(&mut self, action: Action, now: f64) -> Option<Purpose> {
        match action {
            Action::NewWorkshop => return self.request(HeldBack::NewWorkshop),
            Action::Open => return self.request(HeldBack::Open),
            Action::ImportCsv => return self.request(HeldBack::ImportCsv),
            Action::Merge => return self.request(HeldBack::Merge),
            Action::Quit => return self.request(HeldBack::Quit),
            Action::Save => return self.save(now),
            Action::SaveAs => return Some(Purpose::SaveAs),
            Action::ExportReport => {
                // Personal data goes out only when asked for, each time.
                self.window.export_options.include_contacts = false;
                self.window.export_prompt = true;
            }
            Action::Undo => {
                if self.doc.undo() {
                    self.after_history_step();
                    // What the notices announced is undone: their Undo must not undo more.
                    self.window.toasts.retain(|t| !t.undo);
                    self.window.notify(now, tr("Undone"));
                }
            }
            Action::Redo => {
                if self.doc.redo() {
                    self.after_history_step();
                }
            }
            Action::Present => self.window.presenting = !self.window.presenting,
            Action::ZoomIn => {
                let zoom = self.window.zoom_mut();
                *zoom = (*zoom * 1.1).min(4.0);
            }
            Action::ZoomOut => {
                let zoom = self.window.zoom_mut();
                *zoom = (*zoom / 1.1).max(0.5);
            }
            Action::ZoomReset => {
                let presenting = self.window.presenting;
                *self.window.zoom_mut() = if presenting {
                    super::view::PRESENTER_ZOOM
                } else {
                    1.0
                };
            }
            Action::TimerStartPause => self.window.timer.start_pause(now),
            Action::TimerReset => self.window.timer.reset(),
            Action::Shortcuts => self.window.show_shortcuts = true,
        }
        None
    }

    /// After undo or redo: the session is another one; keep the view on parts it has.
    fn after_history_step(&mut self) {
        self.window.dragging = None;
        self.window.follow(&self.doc);
    }

    /// Something that replaces or closes the session: asked about first if there is
    /// unsaved work.
    pub fn request(&mut self, held: HeldBack) -> Option<Purpose> {
        if self.doc.is_unsaved() {
            // The room's work is not saved: ask before replacing or closing it.
            self.flow = Flow::Asking(held);
            None
        } else {
            self.go(held)
        }
    }

    /// Carries out what was held back, now that the work is saved or knowingly discarded.
    fn go(&mut self, held: HeldBack) -> Option<Purpose> {
        self.flow = Flow::Idle;
        match held {
            HeldBack::NewWorkshop => {
                self.replace_document(Document::saved(bundled_session(), None));
                self.window.view = View::Workshop;
                None
            }
            HeldBack::Open => Some(Purpose::Open),
            HeldBack::ImportCsv => Some(Purpose::ImportCsv),
            HeldBack::Merge => Some(Purpose::Merge),
            HeldBack::Quit => {
                self.flow = Flow::Closing;
                None
            }
            HeldBack::OpenRecent(path) => {
                self.open(&path);
                None
            }
        }
    }

    /// Save: to the document's file, or through a Save As dialog.
    fn save(&mut self, now: f64) -> Option<Purpose> {
        let own_file = (!self.doc.is_read_only())
            .then(|| self.doc.path().map(Path::to_path_buf))
            .flatten();
        match own_file {
            Some(path) => self.save_to_then_go_on(&path, now),
            None => Some(Purpose::SaveAs),
        }
    }

    /// Saves to a path; once saved, carries on with what saving first held back.
    fn save_to_then_go_on(&mut self, path: &Path, now: f64) -> Option<Purpose> {
        let then = match std::mem::take(&mut self.flow) {
            Flow::SavingFirst(held) => Some(held),
            other => {
                self.flow = other;
                None
            }
        };
        if !self.save_to(path) {
            return None;
        }
        self.window
            .notify(now, trf("Saved %{path}", &[("path", &path.display())]));
        then.and_then(|held| self.go(held))
    }

    /// A file dialog's answer.
    fn answered(&mut self, purpose: Purpose, picked: Picked, now: f64) -> Option<Purpose> {
        match picked {
            Picked::Path(path) => self.apply(command_for(purpose, vec![path])?, now),
            Picked::Paths(paths) => self.apply(command_for(purpose, paths)?, now),
            Picked::Cancelled => {
                if matches!(self.flow, Flow::SavingFirst(_)) {
                    self.flow = Flow::Idle; // not saved: nothing held back goes on
                }
                None
            }
            Picked::Unavailable(help) => {
                self.window.error = Some(help);
                let start = self
                    .doc
                    .path()
                    .map(|p| match purpose {
                        // Not the session's own file, which an export refuses.
                        Purpose::ExportReport => p.with_extension("md").display().to_string(),
                        _ => p.display().to_string(),
                    })
                    .unwrap_or_default();
                self.window.path_prompt = Some((purpose, start));
                None
            }
        }
    }

    /// Replaces the document with a file's session. On failure the open session stays as it
    /// was and the error is shown.
    pub fn open(&mut self, path: &Path) {
        match crate::file::load_for_window(path) {
            Ok((session, newer)) => {
                let session = with_a_workshop(session);
                let several = session.workshops.len() > 1;
                // Open where the work is: Plot until something is placed.
                let nothing_placed = session.workshops.iter().all(|w| w.placements.is_empty());
                let doc = if newer {
                    Document::read_only(session, path.to_owned())
                } else {
                    Document::saved(session, Some(path.to_owned()))
                };
                self.replace_document(doc);
                self.remember(path);
                self.window.view = if several {
                    View::Event
                } else if nothing_placed {
                    View::Plot
                } else {
                    View::Compare
                };
                if newer {
                    self.window.error = Some(tr(
                        "This file was written by a newer version of cocreate. It is open read-only: Save asks for another file, so the original is never overwritten.",
                    ));
                }
            }
            Err(e) => self.window.fail(
                Some(file_title("Could not open %{file}", path)),
                crate::i18n::localized(&e),
            ),
        }
    }

    /// Starts a new workshop on a commitment list. On failure nothing changes.
    pub fn import(&mut self, path: &Path) {
        match crate::import::load_csv(path) {
            Ok(list) => {
                let name = path
                    .file_stem()
                    .map_or("New workshop".into(), |s| s.to_string_lossy().into_owned());
                let session = Session::new_workshop_named(list, &name, 3, crate::i18n::message);
                self.replace_document(Document::unsaved(session, None));
                self.window.view = View::Workshop;
            }
            Err(e) => self.window.error = Some(crate::i18n::error_chain(&e)),
        }
    }

    /// Merges session files into a new, unsaved session shown in the Event view. If any file
    /// cannot be read, nothing changes and the error names it.
    pub fn merge_files(&mut self, paths: &[PathBuf]) {
        let loaded: Result<Vec<Session>, _> = paths.iter().map(|p| crate::file::load(p)).collect();
        match loaded {
            Ok(inputs) => {
                let names = crate::merge::source_names(paths);
                let merged = match crate::merge::merge_named(
                    &names.into_iter().zip(inputs).collect::<Vec<_>>(),
                ) {
                    Ok(merged) => merged,
                    Err(e) => {
                        self.window.error = Some(trf(
                            "Nothing was merged. %{e}",
                            &[("e", &crate::i18n::localized(&e))],
                        ));
                        return;
                    }
                };
                if let Err(e) = crate::file::validate(&merged) {
                    self.window.error = Some(trf(
                        "The merged session is not valid: %{e}",
                        &[("e", &crate::i18n::localized(&e))],
                    ));
                    return;
                }
                let merged = with_a_workshop(merged);
                self.replace_document(Document::unsaved(merged, None));
                self.window.view = View::Event;
            }
            Err(e) => {
                self.window.error = Some(trf(
                    "Nothing was merged. %{e}",
                    &[("e", &crate::i18n::localized(&e))],
                ));
            }
        }
    }

    /// Puts another document in the window, keeping what belongs to the window rather than
    /// the document: preferences, recent files, timer, presenter mode, the recovery folder.
    fn replace_document(&mut self, doc: Document) {
        let mut next = Self::with_document(doc);
        next.recovery = self.recovery.take();
        next.wake = std::sync::Arc::clone(&self.wake);
        next.room_addr = self.room_addr;
        if let Some(r) = &mut next.recovery {
            r.clear(); // the old work was saved, or knowingly discarded at the prompt
        }
        // The window's preferences, presenter mode and timer stay; the document is new.
        Prefs::of(&self.window).restore_into(&mut next.window);
        next.window.presenting = self.window.presenting;
        next.window.timer = self.window.timer.clone();
        next.window.error = self.window.error.take();
        next.window.error_title = self.window.error_title.take();
        if self.room.is_some() {
            // The room served the old session's workshop: its links would place into
            // nothing. It closes (dropped with the old state) and says so.
            next.window.later.push(tr("The room is closed"));
        }
        *self = next;
    }

    /// Puts a file at the top of the recent files.
    pub fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        let recent = &mut self.window.recent;
        recent.retain(|p| p != &path);
        recent.insert(0, path);
        recent.truncate(8);
    }

    /// Recovers (or discards) the work found at start. Recovered work is put back over its
    /// file, when that can still be read, as one edit: undo takes the file back as saved.
    pub fn take_recovery(&mut self, recover: bool, now: f64) {
        let Some(found) = self.window.recovery_offer.take() else {
            return;
        };
        if recover {
            match crate::file::load(&found.file) {
                Ok(session) => {
                    let session = with_a_workshop(session);
                    let original = found
                        .original
                        .as_deref()
                        .and_then(|p| crate::file::load(p).ok().map(|s| (p, s)));
                    match original {
                        Some((path, file)) => {
                            self.replace_document(Document::saved(
                                with_a_workshop(file),
                                Some(path.to_owned()),
                            ));
                            let edit = Edit {
                                origin: Origin::Recovery,
                                op: Op::Replace(Box::new(session)),
                            };
                            if let Err(e) = self.doc.apply(edit) {
                                self.window.error = Some(trf(
                                    "The autosaved work could not be read. %{e}",
                                    &[("e", &e)],
                                ));
                                return; // keep the recovery file: nothing recovered is lost
                            }
                            self.window.follow(&self.doc);
                        }
                        None => {
                            // A file that is there but cannot be read here (a newer version,
                            // damaged) is never the target of a save: Save asks where.
                            let path = found.original.clone().filter(|p| !p.exists());
                            self.replace_document(Document::unsaved(session, path));
                        }
                    }
                    self.window.notify(now, tr("Unsaved work recovered"));
                }
                Err(e) => {
                    self.window.error = Some(trf(
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
        if self.doc.is_read_only() && self.doc.path() == Some(path) {
            self.window.error = Some(tr(
                "This file is from a newer version of cocreate and is never overwritten: save under another name.",
            ));
            return false;
        }
        match crate::file::save(self.doc.session(), path) {
            Ok(()) => {
                self.doc.mark_saved(path.to_owned());
                if let Some(r) = &mut self.recovery {
                    r.clear();
                }
                self.remember(path);
                true
            }
            Err(e) => {
                self.window.fail(
                    Some(file_title("Could not save %{file}", path)),
                    trf("Not saved. %{e}", &[("e", &crate::i18n::localized(&e))]),
                );
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
        if let Some(own) = self.doc.path()
            && let Some(clash) = outputs.iter().find(|o| crate::file::same_file(o, own))
        {
            let message = trf(
                "%{file} is the open session's file: export the report to another file. Nothing was written.",
                &[("file", &clash.display())],
            );
            self.window
                .fail(Some(file_title("Could not export %{file}", clash)), message);
            return false;
        }
        let options = &self.window.export_options;
        match crate::export::write(self.doc.session(), path, format, options) {
            Ok(written) => {
                let names: Vec<String> = written.iter().map(|p| file_name(p)).collect();
                let text = match names.as_slice() {
                    [report, image] => trf(
                        "Exported %{report} and %{image}",
                        &[("report", report), ("image", image)],
                    ),
                    _ => trf("Exported %{file}", &[("file", &names.join(", "))]),
                };
                self.window.notify(now, text);
                true
            }
            Err(e) => {
                self.window.fail(
                    Some(file_title("Could not export %{file}", &e.path)),
                    trf("Not exported. %{e}", &[("e", &crate::i18n::localized(&e))]),
                );
                false
            }
        }
    }

    /// Autosave: writes the recovery file when there is unsaved work and a moment passed.
    /// Returns how soon it wants to be asked again, while there is unsaved work.
    pub fn autosave(&mut self, now: f64) -> Option<f64> {
        let r = self.recovery.as_mut()?;
        let unsaved = self.doc.is_unsaved();
        if let Some(problem) = r.tick(now, self.doc.session(), self.doc.path(), unsaved) {
            self.window.notify(now, problem);
        }
        unsaved.then_some(r.interval.max(0.05))
    }
}

/// The bundled commitment list as a new workshop with three groups.
fn bundled_session() -> Session {
    Session::new_workshop_named(
        crate::demo::bundled_commitments(),
        &tr("New workshop"),
        3,
        crate::i18n::message,
    )
}

/// The window always shows a workshop: a session without one gets an empty one.
fn with_a_workshop(mut session: Session) -> Session {
    if session.workshops.is_empty() {
        session.workshops.push(Workshop::new(
            crate::model::new_workshop_id(),
            "New workshop",
        ));
    }
    session
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// An error's title naming the file by its name (the message gives the whole path).
fn file_title(key: &str, path: &Path) -> String {
    trf(key, &[("file", &file_name(path))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AmbitionScale, Outcome, Response, Template};

    /// The bundled workshop with commitment 4 placed: unsaved work.
    fn with_unsaved_work() -> AppState {
        let mut s = AppState::bundled();
        assert!(!s.is_unsaved());
        s.window.group = Some(s.workshop().groups[0].id);
        let placed = s.apply(
            Command::Place {
                commitment: "4".into(),
                desirability: 5.0,
                ambition: 1.0,
            },
            1.0,
        );
        assert_eq!(placed, None);
        assert!(s.is_unsaved());
        s
    }

    fn answer(s: &mut AppState, choice: UnsavedChoice) -> Option<Purpose> {
        s.apply(Command::Unsaved(choice), 2.0)
    }

    #[test]
    fn without_unsaved_work_nothing_is_asked() {
        let mut s = AppState::bundled();
        for (action, then) in [
            (Action::Open, Some(Purpose::Open)),
            (Action::ImportCsv, Some(Purpose::ImportCsv)),
            (Action::Merge, Some(Purpose::Merge)),
        ] {
            assert_eq!(s.apply(Command::Action(action), 0.0), then);
            assert_eq!(s.flow, Flow::Idle);
        }
        assert_eq!(s.apply(Command::Action(Action::Quit), 0.0), None);
        assert!(s.flow.is_closing());
    }

    #[test]
    fn unsaved_work_is_asked_about_and_each_answer_does_what_it_says() {
        for (action, held, then) in [
            (Action::Open, HeldBack::Open, Some(Purpose::Open)),
            (
                Action::ImportCsv,
                HeldBack::ImportCsv,
                Some(Purpose::ImportCsv),
            ),
            (Action::Merge, HeldBack::Merge, Some(Purpose::Merge)),
            (Action::NewWorkshop, HeldBack::NewWorkshop, None),
            (Action::Quit, HeldBack::Quit, None),
        ] {
            // Cancel: nothing happens, the work stays.
            let mut s = with_unsaved_work();
            let work = s.session().clone();
            assert_eq!(s.apply(Command::Action(action), 2.0), None);
            assert_eq!(s.flow, Flow::Asking(held.clone()));
            assert_eq!(answer(&mut s, UnsavedChoice::Cancel), None);
            assert_eq!((&s.flow, s.session()), (&Flow::Idle, &work));
            assert!(s.is_unsaved());
            // Discard: what was held back goes on.
            s.apply(Command::Action(action), 2.0);
            assert_eq!(answer(&mut s, UnsavedChoice::Discard), then, "{held:?}");
            match held {
                HeldBack::NewWorkshop => {
                    assert!(s.workshop().placements.is_empty());
                    assert!(!s.is_unsaved());
                    assert_eq!(s.window.view, View::Workshop);
                }
                HeldBack::Quit => assert!(s.flow.is_closing()),
                _ => assert_eq!((&s.flow, s.session()), (&Flow::Idle, &work)),
            }
        }
    }

    #[test]
    fn saving_first_asks_where_then_goes_on_and_a_cancelled_dialog_stops_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = with_unsaved_work();
        s.apply(Command::Action(Action::Open), 2.0);
        assert_eq!(answer(&mut s, UnsavedChoice::Save), Some(Purpose::SaveAs));
        assert_eq!(s.flow, Flow::SavingFirst(HeldBack::Open));
        let cancelled = s.apply(Command::Answer(Purpose::SaveAs, Picked::Cancelled), 3.0);
        assert_eq!(
            (cancelled, &s.flow),
            (None, &Flow::Idle),
            "not saved: nothing goes on"
        );
        assert!(s.is_unsaved());

        s.apply(Command::Action(Action::Open), 4.0);
        answer(&mut s, UnsavedChoice::Save);
        let path = dir.path().join("central");
        let then = s.apply(Command::Answer(Purpose::SaveAs, Picked::Path(path)), 5.0);
        assert_eq!(then, Some(Purpose::Open), "saved, then the Open dialog");
        let saved = dir.path().join("central.ron");
        assert_eq!(crate::file::load(&saved).unwrap(), *s.session());
        assert_eq!(s.doc.path(), Some(saved.as_path()));
        assert!(!s.is_unsaved());
        assert_eq!(s.window.recent.first(), Some(&saved));

        // With a file of its own, Save writes it and the held-back action goes on.
        s.apply(Command::SetSelected("4".into(), true), 6.0);
        s.apply(Command::Action(Action::Quit), 7.0);
        assert_eq!(answer(&mut s, UnsavedChoice::Save), None);
        assert!(s.flow.is_closing());
        assert!(crate::file::load(&saved).unwrap().workshops[0].is_selected("4"));
    }

    #[test]
    fn save_writes_its_own_file_or_asks_where_and_the_title_says_which() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = with_unsaved_work();
        assert_eq!(s.title(), format!("Untitled ● — cocreate"));
        assert_eq!(
            s.apply(Command::Action(Action::Save), 1.0),
            Some(Purpose::SaveAs)
        );
        assert_eq!(
            s.apply(Command::Action(Action::SaveAs), 1.0),
            Some(Purpose::SaveAs)
        );
        let path = dir.path().join("north.ron");
        assert_eq!(s.apply(Command::SaveTo(path.clone()), 2.0), None);
        assert_eq!(s.title(), "north.ron — cocreate");
        assert!(
            s.window
                .toasts
                .iter()
                .any(|t| t.text == format!("Saved {}", path.display()))
        );
        s.apply(Command::SetSelected("4".into(), true), 3.0);
        assert_eq!(s.title(), "north.ron ● — cocreate");
        assert_eq!(s.apply(Command::Action(Action::Save), 4.0), None);
        assert!(!s.is_unsaved());
        assert!(crate::file::load(&path).unwrap().workshops[0].is_selected("4"));
    }

    #[test]
    fn a_newer_file_is_never_saved_over() {
        let dir = tempfile::tempdir().unwrap();
        let newer = dir.path().join("newer.ron");
        let text = crate::file::to_ron(AppState::bundled().session())
            .unwrap()
            .replacen("format_version: 3", "format_version: 4", 1);
        std::fs::write(&newer, &text).unwrap();
        let mut s = AppState::bundled();
        s.open(&newer);
        assert_eq!(s.title(), "newer.ron (read-only) — cocreate");
        assert_eq!(
            s.apply(Command::Action(Action::Save), 1.0),
            Some(Purpose::SaveAs)
        );
        assert!(!s.save_to(&newer));
        assert!(
            s.window
                .error
                .as_deref()
                .unwrap_or_default()
                .contains("never overwritten")
        );
        assert_eq!(std::fs::read_to_string(&newer).unwrap(), text);
        let elsewhere = dir.path().join("mine.ron");
        assert!(s.save_to(&elsewhere));
        assert!(elsewhere.exists());
    }

    #[test]
    fn an_export_writes_the_report_asks_about_contacts_each_time_and_is_not_an_edit() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = with_unsaved_work();
        s.window.export_options.include_contacts = true;
        s.apply(Command::Action(Action::ExportReport), 1.0);
        assert!(s.window.export_prompt);
        assert!(
            !s.window.export_options.include_contacts,
            "unticked each time"
        );
        assert_eq!(
            s.apply(Command::ChooseExportFile, 1.0),
            Some(Purpose::ExportReport)
        );
        assert!(!s.window.export_prompt);
        let before = s.session().clone();
        let then = s.apply(
            Command::Answer(
                Purpose::ExportReport,
                Picked::Path(dir.path().join("draft")),
            ),
            2.0,
        );
        assert_eq!(then, None);
        assert!(dir.path().join("draft.md").exists() && dir.path().join("draft-grid.svg").exists());
        assert!(
            s.window
                .toasts
                .iter()
                .any(|t| t.text == "Exported draft.md and draft-grid.svg")
        );
        assert!(s.export_to(&dir.path().join("points.csv"), 3.0));
        assert!(
            s.window
                .toasts
                .iter()
                .any(|t| t.text == "Exported points.csv")
        );
        assert_eq!(s.session(), &before);
        assert!(s.is_unsaved(), "still unsaved, as it was");
        // Never over the session's own file.
        let own = dir.path().join("own.ron");
        assert!(s.save_to(&own));
        assert!(!s.export_to(&dir.path().join("own.ron"), 4.0));
        assert_eq!(crate::file::load(&own).unwrap(), *s.session());
    }

    #[test]
    fn the_type_size_grows_shrinks_and_comes_back_within_its_bounds() {
        let mut s = AppState::bundled();
        let zoom = |s: &mut AppState, action| {
            s.apply(Command::Action(action), 0.0);
            s.window.zoom
        };
        assert!((zoom(&mut s, Action::ZoomIn) - 1.1).abs() < 1e-6);
        for _ in 0..30 {
            zoom(&mut s, Action::ZoomIn);
        }
        assert_eq!(s.window.zoom, 4.0);
        assert_eq!(zoom(&mut s, Action::ZoomReset), 1.0);
        assert!((zoom(&mut s, Action::ZoomOut) - 1.0 / 1.1).abs() < 1e-6);
        for _ in 0..30 {
            zoom(&mut s, Action::ZoomOut);
        }
        assert_eq!(s.window.zoom, 0.5);
        s.apply(Command::Action(Action::Present), 0.0);
        assert!(s.window.presenting);
        s.apply(Command::Action(Action::ZoomReset), 0.0);
        assert_eq!(s.window.presenter_zoom, super::super::view::PRESENTER_ZOOM);
        assert_eq!(s.window.zoom, 0.5, "the window's own size is kept");
        s.apply(Command::Action(Action::Present), 0.0);
        assert!(!s.window.presenting);
    }

    #[test]
    fn undo_says_so_and_takes_the_notices_undo_with_it() {
        let mut s = with_unsaved_work();
        assert!(s.window.toasts.iter().any(|t| t.undo));
        s.apply(Command::Action(Action::Undo), 2.0);
        assert!(!s.is_unsaved());
        assert!(s.window.toasts.iter().all(|t| !t.undo));
        assert!(s.window.toasts.iter().any(|t| t.text == "Undone"));
        s.apply(Command::Action(Action::Redo), 3.0);
        assert!(s.is_unsaved());
        // Nothing to undo: nothing said.
        let mut fresh = AppState::bundled();
        fresh.apply(Command::Action(Action::Undo), 0.0);
        assert!(fresh.window.toasts.is_empty());
    }

    #[test]
    fn a_refused_edit_says_why_and_a_refused_scale_explains_itself() {
        let mut s = AppState::bundled();
        let refused = Op::Select {
            workshop: "no such workshop".into(),
            commitment: "1".into(),
            selected: true,
        };
        assert_eq!(s.edit(refused.clone(), 1.0), None);
        let notice = s
            .window
            .toasts
            .last()
            .map(|t| t.text.clone())
            .unwrap_or_default();
        assert!(notice.starts_with("Not changed: "), "{notice}");
        assert_eq!(
            s.window.error, None,
            "a notice, not a message to acknowledge"
        );
        assert_eq!(s.apply_edit(Edit::window(refused), 2.0), None);
        assert_eq!(s.window.toasts.len(), 2, "each refusal is said");

        // A point beyond the current scale's top stops the switch: said in a message.
        let g = s.workshop().groups[0].id;
        let w = s.workshop().id.clone();
        s.edit(
            Op::Place {
                workshop: w,
                group: g,
                commitment: "1".into(),
                desirability: 5.0,
                ambition: 3.0,
            },
            3.0,
        );
        let toasts = s.window.toasts.len();
        assert_eq!(
            s.edit(Op::SetScale(AmbitionScale::PotentialForResults), 4.0),
            None
        );
        assert_eq!(
            s.window.error_title.as_deref(),
            Some("The ambition scale was not changed")
        );
        assert!(s.window.error.is_some());
        assert_eq!(s.window.toasts.len(), toasts, "not a notice");
        assert_eq!(s.session().ambition_scale, AmbitionScale::PotentialImpact);
        // Applied from elsewhere (a device, recovery), an edit is applied the same way.
        let change = s.apply_edit(
            Edit::window(Op::Select {
                workshop: s.workshop().id.clone(),
                commitment: "1".into(),
                selected: true,
            }),
            5.0,
        );
        assert!(change.is_some_and(|c| c.is_change()));
        assert!(s.workshop().is_selected("1"));
    }

    #[test]
    fn each_placement_change_is_announced_with_its_group_and_where_it_went() {
        let mut s = AppState::bundled();
        let g = s.workshop().groups[1].id;
        s.window.group = Some(g);
        let place = |d: f64, a: f64| Command::Place {
            commitment: "4".into(),
            desirability: d,
            ambition: a,
        };
        let said = |s: &AppState| {
            let t = s.window.toasts.iter().rfind(|t| t.undo).unwrap();
            (t.key.clone().unwrap_or_default(), t.text.clone())
        };
        s.apply(place(5.0, 1.0), 1.0);
        let key = format!("place:{g}:4");
        assert_eq!(
            said(&s),
            (
                key.clone(),
                "Group 2: #4 placed at desirability 5.0, minor".into()
            )
        );
        s.apply(place(7.5, 2.0), 1.2);
        assert_eq!(
            said(&s),
            (
                key.clone(),
                "Group 2: #4 moved to desirability 7.5, moderate".into()
            )
        );
        assert_eq!(
            s.window.toasts.iter().filter(|t| t.undo).count(),
            1,
            "one point moving: one notice, replaced"
        );
        s.apply(Command::Unplace("4".into()), 1.4);
        assert_eq!(said(&s), (key, "Group 2: #4 back in the tray".into()));
        s.apply(Command::AddGroup, 3.0);
        let added = s.workshop().groups.last().unwrap().clone();
        assert_eq!(
            said(&s),
            (
                format!("group:{}", added.id),
                format!("{} added", added.name)
            )
        );
        // No group plotting: nothing to place for.
        s.window.group = None;
        let before = s.session().clone();
        s.apply(place(1.0, 1.0), 4.0);
        assert_eq!(s.session(), &before);
    }

    #[test]
    fn edits_less_than_a_second_apart_are_one_step_and_a_seconds_pause_starts_the_next() {
        assert_eq!(STILL, 1.0);
        let mut state = AppState::bundled();
        let w = state.workshop().id.clone();
        let g = state.workshop().groups[0].id;
        let place = |x: f64| {
            Edit::window(Op::Place {
                workshop: w.clone(),
                group: g,
                commitment: "1".into(),
                desirability: x,
                ambition: 1.0,
            })
        };
        let start = state.session().clone();
        state.apply_edit(place(1.0), 10.0);
        state.apply_edit(place(2.0), 10.5);
        state.apply_edit(place(3.0), 11.4); // 0.9 s after the last: the same drag
        let first = state.session().clone();
        state.apply_edit(place(4.0), 12.4); // a second's pause: a new step
        state.apply_edit(place(5.0), 12.6);
        assert!(state.doc.undo());
        assert_eq!(*state.session(), first, "the second drag in one step");
        assert!(state.doc.undo());
        assert_eq!(*state.session(), start, "the first drag in one step");
        assert!(!state.doc.undo());
    }

    #[test]
    fn selecting_focuses_the_commitment_unless_one_is_focused_already() {
        let mut s = AppState::bundled();
        s.window.focus = None;
        s.apply(Command::SetSelected("3".into(), true), 1.0);
        assert_eq!(s.window.focus.as_deref(), Some("3"));
        s.apply(Command::SetSelected("5".into(), true), 2.0);
        assert_eq!(s.window.focus.as_deref(), Some("3"), "the focus stays");
        s.window.focus = None;
        s.apply(Command::SetSelected("5".into(), false), 3.0);
        assert_eq!(s.window.focus, None, "unselecting focuses nothing");
        s.apply(Command::SetSelected("5".into(), false), 4.0);
        assert_eq!(s.window.focus, None, "nothing changed: nothing focused");
    }

    #[test]
    fn undo_and_redo_end_a_drag_and_keep_the_view_on_what_is_there() {
        let mut s = AppState::bundled();
        s.apply(Command::AddGroup, 1.0);
        let added = s.workshop().groups.last().unwrap().id;
        s.window.group = Some(added);
        s.window.dragging = Some("2".into());
        s.apply(Command::Action(Action::Undo), 2.0);
        assert_eq!(
            s.window.dragging, None,
            "no drag goes on over another state"
        );
        assert_eq!(
            s.window.group,
            Some(s.workshop().groups[0].id),
            "the group is gone"
        );
        s.window.dragging = Some("2".into());
        s.apply(Command::Action(Action::Redo), 3.0);
        assert_eq!(s.window.dragging, None);
        assert_eq!(s.workshop().groups.last().unwrap().id, added);
    }

    #[test]
    fn open_import_and_merge_replace_the_session_and_show_where_the_work_is() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = AppState::bundled();
        let ontario = crate::demo::ontario_2016();
        let paths: Vec<PathBuf> = ontario
            .iter()
            .map(|(name, session)| {
                let path = dir.path().join(name);
                crate::file::save(session, &path).unwrap();
                path
            })
            .collect();
        // One workshop with placements: Compare; nothing placed: Plot; several: All workshops.
        s.apply(Command::OpenPath(paths[0].clone()), 1.0);
        assert_eq!((s.session(), s.window.view), (&ontario[0].1, View::Compare));
        assert!(!s.is_unsaved());
        let empty = dir.path().join("empty.ron");
        crate::file::save(AppState::bundled().session(), &empty).unwrap();
        s.apply(Command::OpenPath(empty.clone()), 2.0);
        assert_eq!(s.window.view, View::Plot);
        s.apply(Command::MergePaths(paths.clone()), 3.0);
        assert_eq!(s.window.view, View::Event);
        assert_eq!(s.session().workshops.len(), 3);
        assert!(
            s.is_unsaved() && s.doc.path().is_none(),
            "a new, unsaved session"
        );
        let merged = s.session().clone();
        let several = dir.path().join("merged.ron");
        assert!(s.save_to(&several));
        s.apply(Command::OpenPath(several.clone()), 4.0);
        assert_eq!((s.session(), s.window.view), (&merged, View::Event));
        // The files opened are the recent ones, newest first, each once.
        s.apply(Command::OpenPath(paths[0].clone()), 5.0);
        let canonical = |p: &PathBuf| std::fs::canonicalize(p).unwrap();
        assert_eq!(
            s.window.recent,
            [canonical(&paths[0]), canonical(&several), canonical(&empty)]
        );
        // A commitment list: a new workshop named after it, on the Workshop view, unsaved.
        let list = dir.path().join("Sudbury ideas.csv");
        std::fs::write(
            &list,
            "id,title,theme,votes,description\n1,Open budget,transparency,9,\n",
        )
        .unwrap();
        s.apply(Command::ImportPath(list), 6.0);
        assert_eq!(s.window.view, View::Workshop);
        assert_eq!(s.workshop().details.name, "Sudbury ideas");
        assert_eq!(s.session().commitments.len(), 1);
        assert_eq!(s.workshop().groups.len(), 3);
        assert!(s.is_unsaved());
        // What cannot be read changes nothing and says why.
        let before = s.session().clone();
        for command in [
            Command::OpenPath(dir.path().join("missing.ron")),
            Command::ImportPath(dir.path().join("missing.csv")),
            Command::MergePaths(vec![paths[0].clone(), dir.path().join("missing.ron")]),
        ] {
            s.window.error = None;
            s.apply(command.clone(), 7.0);
            assert_eq!(s.session(), &before, "{command:?}");
            if let Command::OpenPath(_) = command {
                assert_eq!(
                    s.window.error_title.as_deref(),
                    Some("Could not open missing.ron")
                );
            }
            assert!(
                s.window
                    .error
                    .as_deref()
                    .is_some_and(|e| e.contains("missing")),
                "{command:?}"
            );
        }
    }

    #[test]
    fn without_a_dialog_the_path_is_typed_starting_from_the_sessions_own() {
        let dir = tempfile::tempdir().unwrap();
        let own = dir.path().join("north.ron");
        let mut s = AppState::new(AppState::bundled().session().clone(), Some(own.clone()));
        let unavailable = || Picked::Unavailable("install zenity".into());
        s.apply(Command::Answer(Purpose::SaveAs, unavailable()), 1.0);
        assert_eq!(s.window.error.as_deref(), Some("install zenity"));
        assert_eq!(
            s.window.path_prompt,
            Some((Purpose::SaveAs, own.display().to_string()))
        );
        s.apply(Command::Answer(Purpose::ExportReport, unavailable()), 2.0);
        assert_eq!(
            s.window.path_prompt,
            Some((
                Purpose::ExportReport,
                dir.path().join("north.md").display().to_string()
            )),
            "never the session's own file"
        );
    }

    /// Unsaved work of a crashed run, autosaved in `dir`, over `original` if given.
    fn crashed(dir: &Path, work: &Session, original: Option<&Path>) -> recovery::Found {
        let file = dir.join("recovery-999999999.ron");
        crate::file::save(work, &file).unwrap();
        recovery::Found {
            file,
            original: original.map(Path::to_owned),
            when: "now".into(),
        }
    }

    #[test]
    fn recovered_work_over_its_file_is_one_step_back_to_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let own = dir.path().join("central.ron");
        let saved = crate::demo::ontario_2016().remove(0).1;
        crate::file::save(&saved, &own).unwrap();
        let mut work = saved.clone();
        work.workshops[0].details.name = "The room's work".into();
        let mut s = AppState::bundled();
        s.window.recovery_offer = Some(crashed(dir.path(), &work, Some(&own)));
        s.take_recovery(true, 1.0);
        assert_eq!(s.session(), &work);
        assert_eq!(s.doc.path(), Some(own.as_path()));
        assert!(s.is_unsaved());
        assert!(
            s.window
                .toasts
                .iter()
                .any(|t| t.text == "Unsaved work recovered")
        );
        assert!(
            !dir.path().join("recovery-999999999.ron").exists(),
            "recovered: gone"
        );
        assert!(s.doc.undo());
        assert_eq!(s.session(), &saved, "undo: the file as saved");
        assert!(!s.is_unsaved());
        assert_eq!(s.window.recovery_offer, None);
    }

    #[test]
    fn recovered_work_without_a_readable_file_is_saved_where_the_user_says() {
        let dir = tempfile::tempdir().unwrap();
        let work = crate::demo::generate(crate::demo::bundled_commitments(), 2, 4);
        // Its file is gone: saving asks nothing new and writes there.
        let gone = dir.path().join("gone.ron");
        let mut s = AppState::bundled();
        s.window.recovery_offer = Some(crashed(dir.path(), &work, Some(&gone)));
        s.take_recovery(true, 1.0);
        assert_eq!((s.session(), s.doc.path()), (&work, Some(gone.as_path())));
        assert!(s.is_unsaved());
        // Its file is there but unreadable: never the target of a save.
        let damaged = dir.path().join("damaged.ron");
        std::fs::write(&damaged, "not a session").unwrap();
        let mut s = AppState::bundled();
        s.window.recovery_offer = Some(crashed(dir.path(), &work, Some(&damaged)));
        s.take_recovery(true, 1.0);
        assert_eq!((s.session(), s.doc.path()), (&work, None));
        assert_eq!(std::fs::read_to_string(&damaged).unwrap(), "not a session");
        // Discarded: the session stays, the recovery file goes.
        let mut s = AppState::bundled();
        let before = s.session().clone();
        s.window.recovery_offer = Some(crashed(dir.path(), &work, None));
        s.take_recovery(false, 1.0);
        assert_eq!(s.session(), &before);
        assert!(!dir.path().join("recovery-999999999.ron").exists());
        // An unreadable recovery file is kept, and the reason said.
        let mut s = AppState::bundled();
        let before = s.session().clone();
        let found = crashed(dir.path(), &work, None);
        std::fs::write(&found.file, "cut sho").unwrap();
        s.window.recovery_offer = Some(found.clone());
        s.take_recovery(true, 1.0);
        assert_eq!(s.session(), &before);
        assert!(
            found.file.exists(),
            "nothing deleted that could not be recovered"
        );
        assert!(
            s.window
                .error
                .as_deref()
                .is_some_and(|e| e.starts_with("The autosaved work could not be read."))
        );
    }

    #[test]
    fn autosave_asks_to_come_back_while_there_is_unsaved_work() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = AppState::bundled();
        assert_eq!(s.autosave(0.0), None, "no recovery folder: no autosave");
        s.recovery = Some(recovery::Recovery::new(dir.path().join("recovery")));
        assert_eq!(s.autosave(0.0), None, "nothing unsaved");
        let g = s.workshop().groups[0].id;
        s.window.group = Some(g);
        s.apply(
            Command::Place {
                commitment: "1".into(),
                desirability: 5.0,
                ambition: 1.0,
            },
            1.0,
        );
        assert_eq!(s.autosave(1.0), Some(recovery::AUTOSAVE_SECONDS));
        s.recovery.as_mut().unwrap().interval = 0.0;
        assert_eq!(s.autosave(2.0), Some(0.05), "never sooner than 50 ms");
    }

    #[test]
    fn the_room_wakes_the_window_once_the_window_is_there() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let wake = Wake::default();
        assert!(!wake.is_set());
        wake.wake(); // no window yet: nothing to wake, and no panic
        let woken = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&woken);
        wake.set(move || {
            count.fetch_add(1, Ordering::SeqCst);
        });
        assert!(wake.is_set());
        wake.set(|| panic!("only the first call counts"));
        wake.wake();
        wake.wake();
        assert_eq!(woken.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn changes_to_the_session_as_a_whole_are_announced_with_undo() {
        let mut s = AppState::bundled();
        let said = |s: &AppState| {
            s.window
                .toasts
                .iter()
                .rfind(|t| t.undo)
                .map(|t| (t.key.clone().unwrap_or_default(), t.text.clone()))
                .unwrap()
        };
        s.apply(
            Command::Edit(Op::SetScale(AmbitionScale::PotentialForResults)),
            1.0,
        );
        assert_eq!(
            said(&s),
            (
                "scale".into(),
                "Ambition scale: potential for results (IRM, current)".into()
            )
        );
        s.apply(Command::Edit(Op::SetTemplate(Template::Current)), 2.0);
        assert_eq!(said(&s).0, "template");
        assert!(
            said(&s).1.starts_with("Commitment template: "),
            "{}",
            said(&s).1
        );
        s.apply(
            Command::Edit(Op::SetCriteria(vec!["reaches the north".into()])),
            3.0,
        );
        assert_eq!(
            said(&s),
            (
                "criteria".into(),
                "Criterion added: reaches the north".into()
            )
        );
        let response = Response {
            commitment: "2".into(),
            outcome: Outcome::Selected,
            reason: String::new(),
            criteria: vec!["reaches the north".into()],
        };
        s.apply(Command::Edit(Op::SetResponse(response)), 4.0);
        assert_eq!(said(&s).0, "response:2");
        assert!(
            said(&s).1.starts_with("Response to idea 2: "),
            "{}",
            said(&s).1
        );
        s.apply(Command::Edit(Op::SetCriteria(Vec::new())), 5.0);
        assert_eq!(
            said(&s),
            (
                "criteria".into(),
                "Criterion removed: reaches the north, and from the 1 responses that cited it"
                    .into()
            )
        );
        s.apply(Command::Edit(Op::SetCriteria(vec!["a".into()])), 6.0);
        s.apply(Command::Edit(Op::SetCriteria(Vec::new())), 7.0);
        assert_eq!(said(&s), ("criteria".into(), "Criterion removed: a".into()));
    }
}
