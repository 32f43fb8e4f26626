//! The open session as a document: the session, its file, whether it is saved, its undo
//! history and the statistics derived from it. It changes only through
//! [`Document::apply`], one typed [`Edit`] at a time, whatever the edit comes from (the
//! window, a participant's device, recovery). Undo, the unsaved mark and the caches follow
//! every applied edit. No egui: the window, the command line and a server can all hold one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::model::{
    AmbitionScale, Outcome, Placement, Refinement, Response, Session, SignUp, Template, Version,
    Workshop, WorkshopDetails,
};
use crate::stats::{Aggregate, EventRow};

/// How many undo steps are kept.
pub const UNDO_DEPTH: usize = 200;

/// Generations are numbered across every document of the process: two documents never
/// share a number, so a drawing kept for one is never shown for another.
static NEXT_GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_generation() -> u64 {
    NEXT_GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Where an edit comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Someone at this window (mouse, keyboard, a form).
    Window,
    /// A participant's device, named as the device announced itself (its group).
    Device(String),
    /// Work recovered after a crash, put back over the file it belonged to.
    Recovery,
}

/// A typed change to the session. Workshops are named by id, groups by id, commitments by
/// id, so an edit means the same thing whichever view (or thread) made it.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// Place or move a commitment for a group (values are clamped and rounded to the grid).
    Place {
        /// Workshop id.
        workshop: String,
        /// Group id.
        group: u32,
        /// Commitment id.
        commitment: String,
        /// 0–10.
        desirability: f64,
        /// 0 to the top of the session's scale (3 or 2).
        ambition: f64,
    },
    /// Send a commitment back to the group's tray.
    Unplace {
        /// Workshop id.
        workshop: String,
        /// Group id.
        group: u32,
        /// Commitment id.
        commitment: String,
    },
    /// The group's reason for a placement.
    SetNote {
        /// Workshop id.
        workshop: String,
        /// Group id.
        group: u32,
        /// Commitment id.
        commitment: String,
        /// The reason.
        note: String,
    },
    /// Select or deselect a commitment for refinement.
    Select {
        /// Workshop id.
        workshop: String,
        /// Commitment id.
        commitment: String,
        /// Selected or not.
        selected: bool,
    },
    /// A whole refinement, as the form holds it (its `commitment` says which).
    SetRefinement {
        /// Workshop id.
        workshop: String,
        /// The refinement (boxed: it is much larger than the other edits).
        refinement: Box<Refinement>,
    },
    /// The workshop's sign-ups, as the form holds them.
    SetSignUps {
        /// Workshop id.
        workshop: String,
        /// Every sign-up.
        sign_ups: Vec<SignUp>,
    },
    /// The workshop's details (name, place, date, attendance, plan period…).
    SetDetails {
        /// Workshop id.
        workshop: String,
        /// The details.
        details: WorkshopDetails,
    },
    /// Add a group with this name.
    AddGroup {
        /// Workshop id.
        workshop: String,
        /// Its name.
        name: String,
    },
    /// Rename a group.
    RenameGroup {
        /// Workshop id.
        workshop: String,
        /// Group id.
        group: u32,
        /// New name.
        name: String,
    },
    /// Remove a group and its placements.
    RemoveGroup {
        /// Workshop id.
        workshop: String,
        /// Group id.
        group: u32,
    },
    /// The organizer's choice for a merge conflict (index into `session.conflicts`).
    Resolve {
        /// Conflict index.
        conflict: usize,
        /// The version chosen.
        version: Version,
    },
    /// Replace the whole session (recovered work over its file).
    Replace(Box<Session>),
    /// Rate ambition on another IRM scale. Refused while anything placed or stated lies
    /// beyond what the new scale can say.
    SetScale(AmbitionScale),
    /// Follow another commitment template.
    SetTemplate(Template),
    /// The organizer's own selection criteria, as the list holds them. A criterion taken
    /// off the list is taken out of the responses that cite it, in the same step.
    SetCriteria(Vec<String>),
    /// The reasoned response to an idea (its `commitment` says which), as the form holds
    /// it. A response with no outcome, no reason and no criteria is removed.
    SetResponse(Response),
}

/// An [`Op`] and where it comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct Edit {
    /// Who asked for it.
    pub origin: Origin,
    /// What it changes.
    pub op: Op,
}

impl Edit {
    /// An edit made at this window.
    pub fn window(op: Op) -> Self {
        Self {
            origin: Origin::Window,
            op,
        }
    }
}

/// What an applied edit changed, for the caller to announce.
#[derive(Clone, Debug, PartialEq)]
pub enum Changed {
    /// The session already was as the edit asked: nothing recorded.
    Nothing,
    /// A commitment was placed (`before` is `None`) or moved.
    Placed {
        /// Workshop id.
        workshop: String,
        /// Where it was.
        before: Option<Placement>,
        /// Where it is.
        after: Placement,
    },
    /// A commitment went back to its group's tray.
    Unplaced {
        /// Workshop id.
        workshop: String,
        /// Group id.
        group: u32,
        /// Commitment id.
        commitment: String,
    },
    /// A group was added.
    GroupAdded {
        /// Workshop id.
        workshop: String,
        /// Its id.
        group: u32,
    },
    /// Something else changed.
    Session,
}

/// The result of [`Document::apply`].
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Who asked for it.
    pub origin: Origin,
    /// What changed.
    pub changed: Changed,
}

impl Change {
    /// Whether the session changed.
    pub fn is_change(&self) -> bool {
        self.changed != Changed::Nothing
    }
}

/// Why an edit was refused. The session is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// No workshop has this id.
    #[error("no workshop with id {0:?}")]
    NoWorkshop(String),
    /// The workshop has no group with this id.
    #[error("workshop {workshop:?} has no group {group}")]
    NoGroup {
        /// Workshop id.
        workshop: String,
        /// Group id.
        group: u32,
    },
    /// The session has no commitment with this id.
    #[error("no commitment with id {0:?}")]
    NoCommitment(String),
    /// No conflict has this index.
    #[error("no conflict number {0}")]
    NoConflict(usize),
    /// A replacement session that the file format would refuse.
    #[error("the session is not valid: {0}")]
    Invalid(String),
    /// The scale cannot say where things are: placements above its top, or stated
    /// ambitions on the other scale.
    #[error(
        "the ambition scale stays: {placed} placements lie above the top of “{}” and {stated} refinements state an ambition on the other scale",
        scale.name()
    )]
    ScaleDoesNotFit {
        /// The scale asked for.
        scale: AmbitionScale,
        /// Placements (conflicts' versions included) above its top.
        placed: usize,
        /// Stated ambitions on another scale.
        stated: usize,
    },
}

impl crate::text::Localized for EditError {
    fn message(&self) -> crate::text::Message {
        use crate::text::Message;
        match self {
            Self::ScaleDoesNotFit {
                scale,
                placed,
                stated,
            } => Message::new(
                "The ambition scale stays: %{placed} placements lie above the top of “%{scale}” and %{stated} refinements state an ambition on the other scale. Change the scale before groups place, or move those points first.",
            )
            .with("placed", placed)
            .with_message("scale", scale.message())
            .with("stated", stated),
            other => Message::verbatim(other.to_string()),
        }
    }
}

/// Edits of the same thing in a row (a point dragged, a field typed into) make one undo
/// step until [`Document::end_burst`] closes it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct BurstKey {
    origin: Origin,
    what: String,
}

struct Step {
    session: Session,
    generation: u64,
}

#[derive(Default)]
struct Caches {
    aggregates: Option<(u64, usize, Arc<[Aggregate]>)>,
    event_rows: Option<(u64, BTreeSet<String>, Arc<[EventRow]>)>,
    runs: u64,
}

/// The open session and everything that follows its edits.
pub struct Document {
    session: Session,
    path: Option<PathBuf>,
    read_only: bool,
    /// Names the session's current state: every applied edit gives a new number (unique in
    /// the process); undo and redo bring back the number of the state they restore.
    generation: u64,
    /// The state last opened or saved; `None` when the session was never saved as it is
    /// (an import, a merge, recovered work).
    saved: Option<u64>,
    undo: Vec<Step>,
    redo: Vec<Step>,
    burst: Option<BurstKey>,
    caches: Mutex<Caches>,
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("path", &self.path)
            .field("generation", &self.generation)
            .field("unsaved", &self.is_unsaved())
            .finish_non_exhaustive()
    }
}

impl Document {
    /// A session as it is in its file (or a new one, with no file): nothing unsaved.
    pub fn saved(session: Session, path: Option<PathBuf>) -> Self {
        let generation = next_generation();
        Self {
            session,
            path,
            read_only: false,
            generation,
            saved: Some(generation),
            undo: Vec::new(),
            redo: Vec::new(),
            burst: None,
            caches: Mutex::default(),
        }
    }

    /// A session that is in no file yet as it is (an import, a merge): unsaved until saved.
    pub fn unsaved(session: Session, path: Option<PathBuf>) -> Self {
        Self {
            saved: None,
            ..Self::saved(session, path)
        }
    }

    /// A file of a newer format version: it can be edited but is never written over.
    pub fn read_only(session: Session, path: PathBuf) -> Self {
        Self {
            read_only: true,
            ..Self::saved(session, Some(path))
        }
    }

    /// The session.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The workshop at this index, or the last one (a session always has one in the window;
    /// see [`Document::workshop_index`]).
    pub fn workshop(&self, index: usize) -> &Workshop {
        &self.session.workshops[self.workshop_index(index)]
    }

    /// The index clamped to the workshops there are. Panics only on a session without
    /// workshops, which the window never holds.
    pub fn workshop_index(&self, index: usize) -> usize {
        index.min(self.session.workshops.len().saturating_sub(1))
    }

    /// Its file, if it has one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The file is from a newer version: never written over.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Whether the session differs from its file (or has none and was never saved).
    pub fn is_unsaved(&self) -> bool {
        self.saved != Some(self.generation)
    }

    /// Names the session's state: equal numbers, equal sessions (numbers are unique across
    /// the documents of the process).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The session was written to `path` as it is now: it becomes the document's file.
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.read_only = false;
        self.saved = Some(self.generation);
        self.burst = None;
    }

    /// Applies an edit. On success the session changed (or already was as asked:
    /// [`Changed::Nothing`], and nothing is recorded); the previous state is in the undo
    /// history, the unsaved mark and the caches follow. On error nothing changed.
    pub fn apply(&mut self, edit: Edit) -> Result<Change, EditError> {
        let Edit { origin, op } = edit;
        let key = BurstKey {
            origin: origin.clone(),
            what: self.burst_what(&op)?,
        };
        let continues = self.burst.as_ref() == Some(&key) && !key.what.is_empty();
        let before = (!continues).then(|| self.session.clone());
        let changed = match self.change(op) {
            Ok(changed) => changed,
            Err(e) => {
                if let Some(before) = before {
                    self.session = before;
                }
                return Err(e);
            }
        };
        if changed == Changed::Nothing {
            return Ok(Change { origin, changed });
        }
        // An edit of something merged files disagree on is the organizer's resolution:
        // recorded at once, so no later merge reverts it.
        crate::merge::record_edits(&mut self.session);
        if let Some(session) = before {
            self.undo.push(Step {
                session,
                generation: self.generation,
            });
            if self.undo.len() > UNDO_DEPTH {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
        self.burst = Some(key);
        self.generation = next_generation();
        Ok(Change { origin, changed })
    }

    /// Closes the undo step being grown: the next edit starts a new one, even of the same
    /// thing. The window calls it once the user has been still for a moment.
    pub fn end_burst(&mut self) {
        self.burst = None;
    }

    /// Takes back the latest undo step. Returns whether there was one.
    pub fn undo(&mut self) -> bool {
        self.step(true)
    }

    /// Puts back the latest undone step. Returns whether there was one.
    pub fn redo(&mut self) -> bool {
        self.step(false)
    }

    fn step(&mut self, back: bool) -> bool {
        let (from, to) = if back {
            (&mut self.undo, &mut self.redo)
        } else {
            (&mut self.redo, &mut self.undo)
        };
        let Some(step) = from.pop() else {
            return false;
        };
        let current = Step {
            session: std::mem::replace(&mut self.session, step.session),
            generation: self.generation,
        };
        to.push(current);
        self.generation = step.generation;
        self.burst = None;
        true
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Per-commitment aggregates of a workshop, computed once per state of the session.
    pub fn aggregates(&self, workshop: usize) -> Arc<[Aggregate]> {
        let workshop = self.workshop_index(workshop);
        let mut caches = self.caches.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((generation, index, list)) = &caches.aggregates
            && *generation == self.generation
            && *index == workshop
        {
            return Arc::clone(list);
        }
        let list: Arc<[Aggregate]> = crate::stats::aggregates(
            self.session.commitments.iter().map(|c| c.id.as_str()),
            &[&self.session.workshops[workshop]],
        )
        .into();
        caches.aggregates = Some((self.generation, workshop, Arc::clone(&list)));
        caches.runs += 1;
        list
    }

    /// The rows of the All workshops view over the workshops not hidden, computed once per
    /// state of the session and set of hidden workshops.
    pub fn event_rows(&self, hidden: &BTreeSet<String>) -> Arc<[EventRow]> {
        let mut caches = self.caches.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((generation, was_hidden, rows)) = &caches.event_rows
            && *generation == self.generation
            && was_hidden == hidden
        {
            return Arc::clone(rows);
        }
        let visible: Vec<&Workshop> = self
            .session
            .workshops
            .iter()
            .filter(|w| !hidden.contains(&w.id))
            .collect();
        let rows: Arc<[EventRow]> = crate::stats::event_rows(
            self.session.commitments.iter().map(|c| c.id.as_str()),
            &visible,
        )
        .into();
        caches.event_rows = Some((self.generation, hidden.clone(), Arc::clone(&rows)));
        caches.runs += 1;
        rows
    }

    /// How many times statistics were computed: once after an edit, never in a frame where
    /// nothing changed.
    pub fn statistics_runs(&self) -> u64 {
        self.caches.lock().map_or(0, |c| c.runs)
    }

    fn workshop_position(&self, id: &str) -> Result<usize, EditError> {
        self.session
            .workshops
            .iter()
            .position(|w| w.id == id)
            .ok_or_else(|| EditError::NoWorkshop(id.to_owned()))
    }

    fn group_of(&self, workshop: &str, group: u32) -> Result<usize, EditError> {
        let w = self.workshop_position(workshop)?;
        if self.session.workshops[w].group(group).is_none() {
            return Err(EditError::NoGroup {
                workshop: workshop.to_owned(),
                group,
            });
        }
        Ok(w)
    }

    fn known_commitment(&self, id: &str) -> Result<(), EditError> {
        match self.session.commitment(id) {
            Some(_) => Ok(()),
            None => Err(EditError::NoCommitment(id.to_owned())),
        }
    }

    /// What an edit changes, for grouping a burst of them into one undo step: the same
    /// point, the same note, the same field of a form. Empty: never grouped.
    fn burst_what(&self, op: &Op) -> Result<String, EditError> {
        Ok(match op {
            Op::Place {
                workshop,
                group,
                commitment,
                ..
            } => format!("place {workshop} {group} {commitment}"),
            Op::SetNote {
                workshop,
                group,
                commitment,
                ..
            } => format!("note {workshop} {group} {commitment}"),
            Op::RenameGroup {
                workshop, group, ..
            } => format!("name {workshop} {group}"),
            Op::SetRefinement {
                workshop,
                refinement,
            } => {
                let w = &self.session.workshops[self.workshop_position(workshop)?];
                let old = w
                    .refinement(&refinement.commitment)
                    .cloned()
                    .unwrap_or_else(|| Refinement {
                        commitment: refinement.commitment.clone(),
                        ..Default::default()
                    });
                format!(
                    "refinement {workshop} {} {}",
                    refinement.commitment,
                    first_difference(&old, &**refinement)
                )
            }
            Op::SetSignUps { workshop, sign_ups } => {
                let w = &self.session.workshops[self.workshop_position(workshop)?];
                if w.sign_ups.len() == sign_ups.len() {
                    format!(
                        "sign-ups {workshop} {}",
                        first_difference(&w.sign_ups, sign_ups)
                    )
                } else {
                    String::new() // a sign-up added or removed is a step of its own
                }
            }
            Op::SetDetails { workshop, details } => {
                let w = &self.session.workshops[self.workshop_position(workshop)?];
                format!(
                    "details {workshop} {}",
                    first_difference(&w.details, details)
                )
            }
            Op::SetResponse(r) => {
                let old = self
                    .session
                    .response(&r.commitment)
                    .cloned()
                    .unwrap_or_else(|| Response {
                        commitment: r.commitment.clone(),
                        ..Default::default()
                    });
                if old.outcome.same_kind(&r.outcome) {
                    format!("response {} {}", r.commitment, first_difference(&old, r))
                } else {
                    String::new() // a new outcome is a step of its own
                }
            }
            Op::SetScale(_) | Op::SetTemplate(_) | Op::SetCriteria(_) => String::new(),
            Op::Unplace { .. }
            | Op::Select { .. }
            | Op::AddGroup { .. }
            | Op::RemoveGroup { .. }
            | Op::Resolve { .. }
            | Op::Replace(_) => String::new(),
        })
    }

    /// Carries out an op on the session.
    fn change(&mut self, op: Op) -> Result<Changed, EditError> {
        Ok(match op {
            Op::Place {
                workshop,
                group,
                commitment,
                desirability,
                ambition,
            } => {
                let w = self.group_of(&workshop, group)?;
                self.known_commitment(&commitment)?;
                // Kept on the session's scale (`place` keeps it on the grid and its step).
                let top = self.session.ambition_scale.max();
                let ambition = if ambition.is_finite() {
                    ambition.min(top)
                } else {
                    ambition
                };
                let w = &mut self.session.workshops[w];
                let before = w.placement(group, &commitment).cloned();
                w.place(group, &commitment, desirability, ambition);
                let after = w.placement(group, &commitment).cloned();
                match after {
                    Some(after) if before.as_ref() != Some(&after) => Changed::Placed {
                        workshop,
                        before,
                        after,
                    },
                    _ => Changed::Nothing,
                }
            }
            Op::Unplace {
                workshop,
                group,
                commitment,
            } => {
                let w = self.group_of(&workshop, group)?;
                if self.session.workshops[w].unplace(group, &commitment) {
                    Changed::Unplaced {
                        workshop,
                        group,
                        commitment,
                    }
                } else {
                    Changed::Nothing
                }
            }
            Op::SetNote {
                workshop,
                group,
                commitment,
                note,
            } => {
                let w = self.group_of(&workshop, group)?;
                changed(self.session.workshops[w].set_note(group, &commitment, &note))
            }
            Op::Select {
                workshop,
                commitment,
                selected,
            } => {
                let w = self.workshop_position(&workshop)?;
                self.known_commitment(&commitment)?;
                let w = &mut self.session.workshops[w];
                let was = w.is_selected(&commitment);
                w.set_selected(&commitment, selected);
                changed(was != selected)
            }
            Op::SetRefinement {
                workshop,
                refinement,
            } => {
                let w = self.workshop_position(&workshop)?;
                self.known_commitment(&refinement.commitment)?;
                let w = &mut self.session.workshops[w];
                if w.refinement(&refinement.commitment) == Some(&*refinement) {
                    Changed::Nothing
                } else {
                    let commitment = refinement.commitment.clone();
                    *w.refinement_mut(&commitment) = *refinement;
                    Changed::Session
                }
            }
            Op::SetSignUps { workshop, sign_ups } => {
                let w = self.workshop_position(&workshop)?;
                let w = &mut self.session.workshops[w];
                changed(std::mem::replace(&mut w.sign_ups, sign_ups) != w.sign_ups)
            }
            Op::SetDetails { workshop, details } => {
                let w = self.workshop_position(&workshop)?;
                let w = &mut self.session.workshops[w];
                changed(std::mem::replace(&mut w.details, details) != w.details)
            }
            Op::AddGroup { workshop, name } => {
                let w = self.workshop_position(&workshop)?;
                let w = &mut self.session.workshops[w];
                let group = w.add_group_named(&name);
                Changed::GroupAdded { workshop, group }
            }
            Op::RenameGroup {
                workshop,
                group,
                name,
            } => {
                let w = self.group_of(&workshop, group)?;
                let g = self.session.workshops[w]
                    .groups
                    .iter_mut()
                    .find(|g| g.id == group)
                    .ok_or(EditError::NoGroup { workshop, group })?;
                changed(std::mem::replace(&mut g.name, name) != g.name)
            }
            Op::RemoveGroup { workshop, group } => {
                let w = self.group_of(&workshop, group)?;
                self.session.workshops[w].remove_group(group);
                Changed::Session
            }
            Op::Resolve { conflict, version } => {
                if conflict >= self.session.conflicts.len() {
                    return Err(EditError::NoConflict(conflict));
                }
                crate::merge::resolve(&mut self.session, conflict, version);
                Changed::Session
            }
            Op::Replace(session) => {
                if let Err(e) = crate::file::validate(&session) {
                    return Err(EditError::Invalid(e.to_string()));
                }
                changed(std::mem::replace(&mut self.session, *session) != self.session)
            }
            Op::SetScale(scale) => {
                if scale == self.session.ambition_scale {
                    return Ok(Changed::Nothing);
                }
                let (placed, stated) = beyond(&self.session, scale);
                if placed + stated > 0 {
                    return Err(EditError::ScaleDoesNotFit {
                        scale,
                        placed,
                        stated,
                    });
                }
                self.session.ambition_scale = scale;
                Changed::Session
            }
            Op::SetTemplate(template) => {
                changed(std::mem::replace(&mut self.session.template, template) != template)
            }
            Op::SetCriteria(criteria) => {
                let mut next = self.session.clone();
                next.criteria = criteria;
                let kept: BTreeSet<String> = next.all_criteria().map(str::to_owned).collect();
                for r in &mut next.responses {
                    r.criteria.retain(|c| kept.contains(c));
                }
                self.commit_checked(next)?
            }
            Op::SetResponse(response) => {
                self.known_commitment(&response.commitment)?;
                let mut next = self.session.clone();
                next.responses
                    .retain(|r| r.commitment != response.commitment);
                let empty = response.outcome == Outcome::Undecided
                    && response.reason.is_empty()
                    && response.criteria.is_empty();
                if !empty {
                    let at = next
                        .responses
                        .iter()
                        .position(|r| {
                            crate::merge::natural_key(&r.commitment)
                                > crate::merge::natural_key(&response.commitment)
                        })
                        .unwrap_or(next.responses.len());
                    next.responses.insert(at, response);
                }
                self.commit_checked(next)?
            }
        })
    }

    /// Makes `next` the session if the file format accepts it (checked before anything
    /// changes, so a refused edit in the middle of a burst leaves the session as it was).
    fn commit_checked(&mut self, next: Session) -> Result<Changed, EditError> {
        if next == self.session {
            return Ok(Changed::Nothing);
        }
        if let Err(e) = crate::file::validate(&next) {
            return Err(EditError::Invalid(e.to_string()));
        }
        self.session = next;
        Ok(Changed::Session)
    }
}

/// What a session holds that `scale` cannot say: placements (conflicts' versions and
/// resolutions included) above its top, and stated ambitions on another scale.
fn beyond(session: &Session, scale: AmbitionScale) -> (usize, usize) {
    let versions = || {
        session
            .conflicts
            .iter()
            .flat_map(|c| c.versions.iter().chain(&c.resolutions))
    };
    let placements =
        session
            .workshops
            .iter()
            .flat_map(|w| &w.placements)
            .chain(versions().filter_map(|v| match v {
                Version::Placement(p) => Some(p),
                _ => None,
            }));
    let refinements =
        session
            .workshops
            .iter()
            .flat_map(|w| &w.refinements)
            .chain(versions().filter_map(|v| match v {
                Version::Refinement(r) => Some(&**r),
                _ => None,
            }));
    let placed = placements.filter(|p| p.ambition > scale.max()).count();
    let stated = refinements
        .filter(|r| r.stated_ambition.is_some_and(|l| l.scale() != scale))
        .count();
    (placed, stated)
}

fn changed(yes: bool) -> Changed {
    if yes {
        Changed::Session
    } else {
        Changed::Nothing
    }
}

/// Where two values first differ, as the line of their pretty RON text (one field per
/// line): typing into one field keeps the same answer, typing into another changes it.
fn first_difference<T: serde::Serialize>(a: &T, b: &T) -> String {
    let config = ron::ser::PrettyConfig::default();
    let (Ok(a), Ok(b)) = (
        ron::ser::to_string_pretty(a, config.clone()),
        ron::ser::to_string_pretty(b, config),
    ) else {
        return String::new();
    };
    a.lines()
        .zip(b.lines())
        .position(|(x, y)| x != y)
        .map_or_else(String::new, |line| line.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        Document::saved(
            Session::new_workshop(crate::demo::bundled_commitments(), "Test", 3),
            None,
        )
    }

    fn ws(d: &Document) -> String {
        d.session().workshops[0].id.clone()
    }

    fn place(d: &Document, commitment: &str, x: f64) -> Edit {
        Edit::window(Op::Place {
            workshop: ws(d),
            group: d.session().workshops[0].groups[0].id,
            commitment: commitment.into(),
            desirability: x,
            ambition: 1.0,
        })
    }

    #[test]
    fn an_edit_marks_the_document_unsaved_and_undo_back_to_the_saved_state_clears_it() {
        let mut d = doc();
        let before = d.session().clone();
        assert!(!d.is_unsaved());
        let change = d.apply(place(&d, "1", 5.0)).unwrap();
        assert!(matches!(
            change.changed,
            Changed::Placed { before: None, .. }
        ));
        assert!(d.is_unsaved());
        assert!(d.undo());
        assert_eq!(d.session(), &before);
        assert!(!d.is_unsaved(), "back at the saved state");
        assert!(d.redo());
        assert!(d.is_unsaved(), "redo leaves it again");
    }

    #[test]
    fn a_drag_is_one_undo_step_and_the_next_point_another() {
        let mut d = doc();
        let start = d.session().clone();
        for x in [1.0, 2.0, 3.0, 4.0] {
            d.apply(place(&d, "1", x)).unwrap();
        }
        let dragged = d.session().clone();
        d.apply(place(&d, "2", 7.0)).unwrap();
        d.undo();
        assert_eq!(d.session(), &dragged, "the second point's step only");
        d.undo();
        assert_eq!(d.session(), &start, "the whole drag in one step");
        assert!(!d.can_undo());
    }

    #[test]
    fn a_pause_ends_a_burst() {
        let mut d = doc();
        d.apply(place(&d, "1", 1.0)).unwrap();
        let first = d.session().clone();
        d.end_burst();
        d.apply(place(&d, "1", 2.0)).unwrap();
        d.undo();
        assert_eq!(d.session(), &first);
    }

    #[test]
    fn typing_into_one_field_is_one_step_and_another_field_a_new_one() {
        let mut d = doc();
        let start = d.session().clone();
        let w = ws(&d);
        let mut details = d.session().workshops[0].details.clone();
        for text in ["S", "Su", "Sud"] {
            details.location = text.into();
            d.apply(Edit::window(Op::SetDetails {
                workshop: w.clone(),
                details: details.clone(),
            }))
            .unwrap();
        }
        let located = d.session().clone();
        details.facilitator = "Ana".into();
        d.apply(Edit::window(Op::SetDetails {
            workshop: w,
            details,
        }))
        .unwrap();
        d.undo();
        assert_eq!(d.session(), &located);
        d.undo();
        assert_eq!(d.session(), &start);
    }

    #[test]
    fn an_edit_that_changes_nothing_records_nothing() {
        let mut d = doc();
        let w = ws(&d);
        let change = d
            .apply(Edit::window(Op::Select {
                workshop: w,
                commitment: "1".into(),
                selected: false,
            }))
            .unwrap();
        assert!(!change.is_change());
        assert!(!d.is_unsaved());
        assert!(!d.can_undo());
    }

    #[test]
    fn a_refused_edit_changes_nothing() {
        let mut d = doc();
        let before = d.session().clone();
        let w = ws(&d);
        let mut invalid = before.clone();
        invalid.workshops.push(invalid.workshops[0].clone()); // the same id twice
        let edits = [
            (
                Op::Place {
                    workshop: "nowhere".into(),
                    group: 1,
                    commitment: "1".into(),
                    desirability: 1.0,
                    ambition: 1.0,
                },
                EditError::NoWorkshop("nowhere".into()),
            ),
            (
                Op::Place {
                    workshop: w.clone(),
                    group: 99,
                    commitment: "1".into(),
                    desirability: 1.0,
                    ambition: 1.0,
                },
                EditError::NoGroup {
                    workshop: w.clone(),
                    group: 99,
                },
            ),
            (
                Op::Place {
                    workshop: w.clone(),
                    group: 1,
                    commitment: "no such".into(),
                    desirability: 1.0,
                    ambition: 1.0,
                },
                EditError::NoCommitment("no such".into()),
            ),
            (
                Op::Resolve {
                    conflict: 3,
                    version: Version::Commitment(Default::default()),
                },
                EditError::NoConflict(3),
            ),
        ];
        for (op, why) in edits {
            assert_eq!(d.apply(Edit::window(op)), Err(why.clone()));
            assert_eq!(d.session(), &before, "{why}");
            assert!(!d.is_unsaved(), "{why}");
            assert!(!d.can_undo(), "{why}");
        }
        // A replacement the file format would refuse: refused for what the format says.
        let refused = d.apply(Edit::window(Op::Replace(Box::new(invalid))));
        assert!(
            matches!(&refused, Err(EditError::Invalid(why)) if why.ends_with("appears twice")),
            "{refused:?}"
        );
        assert_eq!(d.session(), &before);
        assert!(!d.is_unsaved() && !d.can_undo());
    }

    #[test]
    fn edits_from_a_device_are_undone_like_the_windows_but_never_grouped_with_them() {
        let mut d = doc();
        let start = d.session().clone();
        d.apply(place(&d, "1", 1.0)).unwrap();
        let mine = d.session().clone();
        let mut theirs = place(&d, "1", 2.0);
        theirs.origin = Origin::Device("Group 1".into());
        let change = d.apply(theirs).unwrap();
        assert_eq!(change.origin, Origin::Device("Group 1".into()));
        d.undo();
        assert_eq!(d.session(), &mine);
        d.undo();
        assert_eq!(d.session(), &start);
    }

    #[test]
    fn caches_follow_every_edit_and_undo() {
        let mut d = doc();
        let hidden = BTreeSet::new();
        assert!(d.aggregates(0).is_empty());
        assert_eq!(d.statistics_runs(), 1);
        let _ = d.aggregates(0);
        assert_eq!(d.statistics_runs(), 1, "no edit, no recomputation");
        assert!(d.event_rows(&hidden).is_empty());
        d.apply(place(&d, "1", 5.0)).unwrap();
        let placed = d.aggregates(0);
        assert_eq!(
            placed
                .iter()
                .map(|a| (a.commitment.as_str(), a.desirability))
                .collect::<Vec<_>>(),
            [("1", 5.0)]
        );
        assert_eq!(
            d.event_rows(&hidden)
                .iter()
                .map(|r| (r.aggregate.commitment.as_str(), r.workshops_plotted))
                .collect::<Vec<_>>(),
            [("1", 1)]
        );
        // The drag goes on: the same burst, a new state, new statistics.
        d.apply(place(&d, "1", 7.0)).unwrap();
        assert_eq!(d.aggregates(0)[0].desirability, 7.0);
        assert_eq!(d.event_rows(&hidden)[0].aggregate.desirability, 7.0);
        d.undo();
        assert!(d.aggregates(0).is_empty());
        assert!(d.event_rows(&hidden).is_empty());
        d.redo();
        assert_eq!(d.aggregates(0)[0].desirability, 7.0);
    }

    /// How many undo steps there are, undoing them all (and redoing them back).
    fn undo_steps(d: &mut Document) -> usize {
        let mut n = 0;
        while d.undo() {
            n += 1;
        }
        for _ in 0..n {
            assert!(d.redo());
        }
        n
    }

    #[test]
    fn undo_keeps_the_last_200_steps() {
        let mut d = doc();
        for i in 0..UNDO_DEPTH + 5 {
            d.apply(place(&d, "1", (i % 10) as f64 + 0.5)).unwrap();
            d.end_burst();
        }
        assert_eq!(undo_steps(&mut d), UNDO_DEPTH);
    }

    #[test]
    fn can_undo_and_can_redo_say_what_there_is() {
        let mut d = doc();
        let both = |d: &Document| (d.can_undo(), d.can_redo());
        assert_eq!(both(&d), (false, false));
        d.apply(place(&d, "1", 5.0)).unwrap();
        assert_eq!(both(&d), (true, false));
        d.undo();
        assert_eq!(both(&d), (false, true));
        d.redo();
        assert_eq!(both(&d), (true, false));
        d.undo();
        d.apply(place(&d, "2", 5.0)).unwrap();
        assert_eq!(both(&d), (true, false), "a new edit clears redo");
    }

    #[test]
    fn event_rows_are_computed_once_per_state_and_set_of_hidden_workshops() {
        let mut d = doc();
        d.apply(place(&d, "1", 5.0)).unwrap();
        let none = BTreeSet::new();
        let this: BTreeSet<String> = [ws(&d)].into();
        let plotted = |rows: &[EventRow]| {
            rows.iter()
                .map(|r| (r.aggregate.commitment.clone(), r.workshops_plotted))
                .collect::<Vec<_>>()
        };
        assert_eq!(plotted(&d.event_rows(&none)), [("1".to_owned(), 1)]);
        assert_eq!(d.statistics_runs(), 1);
        assert_eq!(plotted(&d.event_rows(&none)), [("1".to_owned(), 1)]);
        assert_eq!(d.statistics_runs(), 1, "the same state and layers: cached");
        assert_eq!(
            plotted(&d.event_rows(&this)),
            [],
            "its only workshop hidden"
        );
        assert_eq!(d.statistics_runs(), 2);
        assert_eq!(plotted(&d.event_rows(&this)), []);
        assert_eq!(d.statistics_runs(), 2);
        assert_eq!(plotted(&d.event_rows(&none)), [("1".to_owned(), 1)]);
        assert_eq!(d.statistics_runs(), 3, "shown again: computed again");
        let _ = d.aggregates(0);
        let _ = d.aggregates(0);
        assert_eq!(d.statistics_runs(), 4);
    }

    #[test]
    fn edits_that_leave_things_as_they_are_record_nothing() {
        let mut d = doc();
        let w = ws(&d);
        let select = |selected| {
            Edit::window(Op::Select {
                workshop: w.clone(),
                commitment: "1".into(),
                selected,
            })
        };
        assert!(d.apply(select(true)).unwrap().is_change());
        d.end_burst();
        assert!(
            !d.apply(select(true)).unwrap().is_change(),
            "selected already"
        );
        assert!(d.apply(select(false)).unwrap().is_change());
        let refinement = Refinement {
            commitment: "1".into(),
            objective: "Open the budget".into(),
            ..Default::default()
        };
        let refine = |r: &Refinement| {
            Edit::window(Op::SetRefinement {
                workshop: w.clone(),
                refinement: Box::new(r.clone()),
            })
        };
        assert!(d.apply(refine(&refinement)).unwrap().is_change());
        assert!(!d.apply(refine(&refinement)).unwrap().is_change());
        let sign_ups = vec![SignUp {
            commitment: "1".into(),
            name: "Ana".into(),
            ..Default::default()
        }];
        let sign = |s: &Vec<SignUp>| {
            Edit::window(Op::SetSignUps {
                workshop: w.clone(),
                sign_ups: s.clone(),
            })
        };
        assert!(d.apply(sign(&sign_ups)).unwrap().is_change());
        assert!(!d.apply(sign(&sign_ups)).unwrap().is_change());
        let second = d.session().workshops[0].groups[1].clone();
        let rename = |name: &str| {
            Edit::window(Op::RenameGroup {
                workshop: w.clone(),
                group: second.id,
                name: name.into(),
            })
        };
        assert!(!d.apply(rename(&second.name)).unwrap().is_change());
        let steps = undo_steps(&mut d);
        assert!(d.apply(rename("North")).unwrap().is_change());
        let names: Vec<&str> = d.session().workshops[0]
            .groups
            .iter()
            .map(|g| g.name.as_str())
            .collect();
        assert_eq!(
            names,
            ["Group 1", "North", "Group 3"],
            "only the group named"
        );
        assert_eq!(undo_steps(&mut d), steps + 1);
    }

    #[test]
    fn typing_into_a_new_refinement_response_or_sign_up_is_one_step() {
        let mut d = doc();
        let w = ws(&d);
        let start = d.session().clone();
        for text in ["O", "Op", "Ope", "Open"] {
            let refinement = Refinement {
                commitment: "2".into(),
                objective: text.into(),
                ..Default::default()
            };
            d.apply(Edit::window(Op::SetRefinement {
                workshop: w.clone(),
                refinement: Box::new(refinement),
            }))
            .unwrap();
        }
        assert_eq!(undo_steps(&mut d), 1, "the objective typed: one step");
        d.end_burst();
        for text in ["W", "Wh", "Why"] {
            d.apply(Edit::window(Op::SetResponse(Response {
                commitment: "3".into(),
                reason: text.into(),
                ..Default::default()
            })))
            .unwrap();
        }
        assert_eq!(undo_steps(&mut d), 2, "the reason typed: one step more");
        d.end_burst();
        let mut sign_ups = vec![SignUp {
            commitment: "2".into(),
            ..Default::default()
        }];
        d.apply(Edit::window(Op::SetSignUps {
            workshop: w.clone(),
            sign_ups: sign_ups.clone(),
        }))
        .unwrap();
        for text in ["A", "An", "Ana"] {
            sign_ups[0].name = text.into();
            d.apply(Edit::window(Op::SetSignUps {
                workshop: w.clone(),
                sign_ups: sign_ups.clone(),
            }))
            .unwrap();
        }
        assert_eq!(
            undo_steps(&mut d),
            4,
            "a sign-up added is a step, its name typed another"
        );
        while d.undo() {}
        assert_eq!(d.session(), &start);
    }

    #[test]
    fn a_conflicts_version_beyond_the_new_scale_stops_the_switch_too() {
        use crate::model::AmbitionScale;
        let base = doc().session().clone();
        let g = base.workshops[0].groups[0].id;
        let copy = |ambition| {
            let mut s = base.clone();
            s.workshops[0].place(g, "1", 5.0, ambition);
            s
        };
        let merged = crate::merge::merge(&[copy(3.0), copy(1.0)]).unwrap();
        assert_eq!(merged.conflicts.len(), 1);
        let mut d = Document::saved(merged, None);
        let w = ws(&d);
        // The placement itself brought down to 1: only the conflict's version is at 3.
        d.apply(Edit::window(Op::Place {
            workshop: w,
            group: g,
            commitment: "1".into(),
            desirability: 5.0,
            ambition: 1.0,
        }))
        .unwrap();
        assert!(
            d.session().workshops[0]
                .placements
                .iter()
                .all(|p| p.ambition <= 2.0)
        );
        let before = d.session().clone();
        let refused = |d: &mut Document| {
            d.apply(Edit::window(Op::SetScale(
                AmbitionScale::PotentialForResults,
            )))
            .unwrap_err()
        };
        assert_eq!(
            refused(&mut d),
            EditError::ScaleDoesNotFit {
                scale: AmbitionScale::PotentialForResults,
                placed: 1,
                stated: 0
            }
        );
        assert_eq!(d.session(), &before);

        // A refinement's version stating an ambition on the 2016 scale, the same.
        let refined = |stated| {
            let mut s = base.clone();
            let r = s.workshops[0].refinement_mut("1");
            r.objective = "Open the budget".into();
            r.stated_ambition = stated;
            s
        };
        let minor = Some(crate::model::AmbitionLevel::Minor);
        let merged = crate::merge::merge(&[refined(minor), refined(None)]).unwrap();
        let mut d = Document::saved(merged, None);
        let mut r = d.session().workshops[0].refinement("1").unwrap().clone();
        r.stated_ambition = None;
        d.apply(Edit::window(Op::SetRefinement {
            workshop: ws(&d),
            refinement: Box::new(r),
        }))
        .unwrap();
        assert_eq!(
            refused(&mut d),
            EditError::ScaleDoesNotFit {
                scale: AmbitionScale::PotentialForResults,
                placed: 0,
                stated: 1
            }
        );
    }

    #[test]
    fn two_documents_never_share_a_generation() {
        let a = doc();
        let mut b = doc();
        assert_ne!(a.generation(), b.generation());
        b.apply(place(&b, "1", 5.0)).unwrap();
        assert_ne!(a.generation(), b.generation());
    }

    #[test]
    fn saving_marks_the_current_state_saved() {
        let mut d = Document::unsaved(doc().session().clone(), None);
        assert!(d.is_unsaved());
        d.mark_saved(PathBuf::from("room.ron"));
        assert!(!d.is_unsaved());
        assert_eq!(d.path(), Some(Path::new("room.ron")));
        d.apply(place(&d, "1", 5.0)).unwrap();
        assert!(d.is_unsaved());
    }

    #[test]
    fn a_newer_file_is_read_only_until_saved_elsewhere() {
        let d = Document::read_only(doc().session().clone(), PathBuf::from("newer.ron"));
        assert!(d.is_read_only());
        assert!(!d.is_unsaved(), "as it is in its file");
        assert!(!Document::saved(doc().session().clone(), None).is_read_only());
        let mut d = d;
        d.mark_saved(PathBuf::from("mine.ron"));
        assert!(!d.is_read_only(), "saved as another file: that one is ours");
    }

    #[test]
    fn a_workshop_is_found_by_index_and_a_stale_index_means_the_last() {
        let mut session = doc().session().clone();
        let mut second = session.workshops[0].clone();
        second.id = "ws-second".into();
        second.details.name = "Second".into();
        session.workshops.push(second);
        let d = Document::saved(session, None);
        assert_eq!(d.workshop(0).id, d.session().workshops[0].id);
        assert_eq!(d.workshop(1).details.name, "Second");
        assert_eq!(d.workshop_index(1), 1);
        assert_eq!(
            d.workshop_index(7),
            1,
            "a removed workshop's index: the last one"
        );
        assert_eq!(d.workshop(7).details.name, "Second");
    }

    #[test]
    fn a_change_says_whether_anything_changed() {
        let mut d = doc();
        let change = d.apply(place(&d, "1", 5.0)).unwrap();
        assert!(change.is_change());
        let again = d.apply(place(&d, "1", 5.0)).unwrap();
        assert_eq!(again.changed, Changed::Nothing);
        assert!(!again.is_change());
    }

    #[test]
    fn the_scale_changes_only_while_everything_fits_and_criteria_take_their_citations_along() {
        use crate::model::{AmbitionLevel, AmbitionScale, DESIRABILITY_CRITERIA};
        let mut d = doc();
        let w = ws(&d);
        // Nothing placed beyond 2: the scale can change, and back.
        d.apply(place(&d, "1", 5.0)).unwrap();
        d.apply(Edit::window(Op::SetScale(
            AmbitionScale::PotentialForResults,
        )))
        .unwrap();
        assert_eq!(
            d.session().ambition_scale,
            AmbitionScale::PotentialForResults
        );
        // On it, a placement is kept at its top.
        let g = d.session().workshops[0].groups[0].id;
        d.apply(Edit::window(Op::Place {
            workshop: w.clone(),
            group: g,
            commitment: "2".into(),
            desirability: 5.0,
            ambition: 3.0,
        }))
        .unwrap();
        assert_eq!(
            d.session().workshops[0].placement(g, "2").unwrap().ambition,
            2.0
        );
        d.apply(Edit::window(Op::SetScale(AmbitionScale::PotentialImpact)))
            .unwrap();
        // A point at 3 cannot be said on the current scale: refused, nothing changes.
        d.apply(Edit::window(Op::Place {
            workshop: w.clone(),
            group: g,
            commitment: "3".into(),
            desirability: 5.0,
            ambition: 3.0,
        }))
        .unwrap();
        let before = d.session().clone();
        let refused = d
            .apply(Edit::window(Op::SetScale(
                AmbitionScale::PotentialForResults,
            )))
            .unwrap_err();
        assert_eq!(
            refused,
            EditError::ScaleDoesNotFit {
                scale: AmbitionScale::PotentialForResults,
                placed: 1,
                stated: 0
            }
        );
        assert_eq!(d.session(), &before);
        // A stated ambition on the 2016 scale stops it too.
        d.apply(Edit::window(Op::Unplace {
            workshop: w.clone(),
            group: g,
            commitment: "3".into(),
        }))
        .unwrap();
        let mut r = crate::model::Refinement {
            commitment: "1".into(),
            ..Default::default()
        };
        r.stated_ambition = Some(AmbitionLevel::Minor);
        d.apply(Edit::window(Op::SetRefinement {
            workshop: w.clone(),
            refinement: Box::new(r),
        }))
        .unwrap();
        assert!(matches!(
            d.apply(Edit::window(Op::SetScale(
                AmbitionScale::PotentialForResults
            ))),
            Err(EditError::ScaleDoesNotFit {
                placed: 0,
                stated: 1,
                ..
            })
        ));
        // Criteria: one added and cited, then removed with its citation, in one step.
        d.apply(Edit::window(Op::SetCriteria(vec!["feasible".into()])))
            .unwrap();
        d.apply(Edit::window(Op::SetResponse(Response {
            commitment: "4".into(),
            outcome: Outcome::Deferred,
            reason: "next plan".into(),
            criteria: vec!["feasible".into(), DESIRABILITY_CRITERIA[0].into()],
        })))
        .unwrap();
        d.apply(Edit::window(Op::SetCriteria(Vec::new()))).unwrap();
        assert_eq!(
            d.session().response("4").unwrap().criteria,
            [DESIRABILITY_CRITERIA[0]]
        );
        d.undo();
        assert_eq!(d.session().response("4").unwrap().criteria.len(), 2);
        // A response citing a criterion the session does not have is refused.
        assert!(matches!(
            d.apply(Edit::window(Op::SetResponse(Response {
                commitment: "5".into(),
                outcome: Outcome::Selected,
                reason: String::new(),
                criteria: vec!["unheard of".into()],
            }))),
            Err(EditError::Invalid(_))
        ));
        assert!(d.session().response("5").is_none());
        // An empty response removes the entry; responses stay in the ideas' order.
        d.apply(Edit::window(Op::SetResponse(Response {
            commitment: "10".into(),
            outcome: Outcome::NotSelected,
            ..Default::default()
        })))
        .unwrap();
        d.apply(Edit::window(Op::SetResponse(Response {
            commitment: "2".into(),
            outcome: Outcome::Selected,
            ..Default::default()
        })))
        .unwrap();
        let order: Vec<&str> = d
            .session()
            .responses
            .iter()
            .map(|r| r.commitment.as_str())
            .collect();
        assert_eq!(order, ["2", "4", "10"]);
        d.apply(Edit::window(Op::SetResponse(Response {
            commitment: "10".into(),
            ..Default::default()
        })))
        .unwrap();
        assert!(d.session().response("10").is_none());
        // The template.
        let t = d.apply(Edit::window(Op::SetTemplate(
            crate::model::Template::Current,
        )));
        assert!(t.unwrap().is_change());
        assert_eq!(d.session().template, crate::model::Template::Current);
    }

    #[test]
    fn recovered_work_over_its_file_is_one_step_back_to_the_file() {
        let mut d = doc();
        let file = d.session().clone();
        let mut recovered = file.clone();
        recovered.workshops[0].place(1, "1", 3.0, 2.0);
        let change = d
            .apply(Edit {
                origin: Origin::Recovery,
                op: Op::Replace(Box::new(recovered.clone())),
            })
            .unwrap();
        assert_eq!(change.origin, Origin::Recovery);
        assert_eq!(d.session(), &recovered);
        assert!(d.is_unsaved());
        d.undo();
        assert_eq!(d.session(), &file);
        assert!(!d.is_unsaved());
    }
}
