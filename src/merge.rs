//! Merging session files: a union with provenance. Every placement, selection, refinement
//! and sign-up of every input stays in the workshop (and group) it came from; where inputs
//! disagree about one thing, every version is kept as a [`Conflict`] and nothing is dropped.
//!
//! The output is canonical — sorted, with nothing that depends on the order or the number
//! of merges — so merging is idempotent, commutative and associative on the bytes of the
//! file. Pure: no I/O.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component, Path};

use crate::model::{
    AmbitionScale, Commitment, Conflict, ConflictKey, Group, Placement, Refinement, Response,
    Session, SignUp, Source, Version, Workshop,
};
use crate::text::{Localized, Message};

/// Every version seen of one thing, where each came from, and the organizer's choices.
/// Most things have one version, so versions are kept in arrival order, without
/// duplicates, and put in their order (by source, then canonical text) only where there
/// are several. A thing with many versions gets an index by canonical text, so adding a
/// version never searches them all: a conflict of 700,000 versions merges in linear time.
#[derive(Default)]
struct Slot {
    versions: Vec<(Version, BTreeSet<Source>)>,
    /// Position of each version by its canonical text, once there are more than
    /// [`LINEAR_SEARCH`].
    index: Option<HashMap<String, usize>>,
    /// The organizer's choices by canonical text (sorted, without duplicates).
    resolutions: BTreeMap<String, Version>,
}

/// Up to this many versions a thing's versions are searched one by one.
const LINEAR_SEARCH: usize = 8;

impl Slot {
    fn position(&mut self, version: &Version) -> Option<usize> {
        if self.versions.len() <= LINEAR_SEARCH {
            return self.versions.iter().position(|(v, _)| v == version);
        }
        let versions = &self.versions;
        let index = self.index.get_or_insert_with(|| {
            versions
                .iter()
                .enumerate()
                .map(|(i, (v, _))| (canonical(v), i))
                .collect()
        });
        index.get(&canonical(version)).copied()
    }

    fn add(&mut self, version: Version, sources: impl IntoIterator<Item = Source>) {
        match self.position(&version) {
            Some(i) => self.versions[i].1.extend(sources),
            None => {
                if let Some(index) = &mut self.index {
                    index.insert(canonical(&version), self.versions.len());
                }
                self.versions.push((version, sources.into_iter().collect()));
            }
        }
    }

    fn add_resolution(&mut self, version: Version) {
        self.resolutions
            .entry(canonical(&version))
            .or_insert_with(|| version.clone());
        self.add(version, []);
    }

    /// Puts versions in their order (only needed with several).
    fn canonicalize(&mut self) {
        if self.versions.len() > 1 {
            self.versions
                .sort_by_cached_key(|(v, sources)| order_key(v, sources.iter()));
            self.index = None;
        }
    }

    /// The organizer's choices, in canonical order.
    fn resolutions(&self) -> Vec<Version> {
        self.resolutions.values().cloned().collect()
    }

    /// The version that goes into the session: the single choice, else the first version.
    /// None only for a conflict without versions, which `validate` refuses.
    fn effective(&self) -> Option<&Version> {
        match self.resolutions.len() {
            1 => self.resolutions.values().next(),
            _ => self.versions.first().map(|(v, _)| v),
        }
    }
}

/// The order of a conflict's versions: by where they came from (the sorted sources; none
/// recorded first, the organizer's own edits last), then by canonical text.
fn order_key<'a>(
    version: &Version,
    sources: impl Iterator<Item = &'a Source>,
) -> (Vec<Source>, String) {
    (sources.cloned().collect(), canonical(version))
}

/// A version as the merge compares it: `-0.0` is `0.0` (they are equal, but would be
/// written differently, and the output must not depend on which came first).
fn normalized(version: Version) -> Version {
    match version {
        Version::Placement(mut p) => {
            p.desirability += 0.0;
            p.ambition += 0.0;
            Version::Placement(p)
        }
        other => other,
    }
}

fn canonical(version: &Version) -> String {
    ron::to_string(version).expect("model values always serialize")
}

/// What tells two versions apart, as text: two versions are the same version exactly when
/// their identities are equal (`-0.0` is `0.0`). Used to find versions among many.
pub fn identity(version: &Version) -> String {
    canonical(&normalized(version.clone()))
}

/// Sort key for ids like "2" and "10": numbers in numeric order, then text.
pub fn natural_key(id: &str) -> (u64, &str) {
    let digits: String = id.chars().take_while(char::is_ascii_digit).collect();
    (digits.parse().unwrap_or(u64::MAX), id)
}

/// The names files go by as sources of a merge: the file name alone, or — where two
/// inputs share a name (two copies saved in different folders) — the last folders too, as
/// many as tell them apart. Never a full path: no machine paths go into the file. The
/// same path twice gets the same name.
pub fn source_names<P: AsRef<Path>>(paths: &[P]) -> Vec<String> {
    let parts: Vec<Vec<String>> = paths
        .iter()
        .map(|p| {
            p.as_ref()
                .components()
                .rev()
                .filter_map(|c| match c {
                    Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect()
        })
        .collect();
    parts
        .iter()
        .map(|mine| {
            let shared = |k: usize| {
                parts
                    .iter()
                    .any(|other| other != mine && other.len() >= k && other[..k] == mine[..k])
            };
            let mut k = 1.min(mine.len());
            while k < mine.len() && shared(k) {
                k += 1;
            }
            let mut tail: Vec<&str> = mine[..k].iter().map(String::as_str).collect();
            tail.reverse();
            tail.join("/")
        })
        .collect()
}

/// Why sessions cannot be merged. Nothing was merged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// Two inputs rate ambition on different IRM scales: their placements mean different
    /// things and cannot be set side by side.
    #[error(
        "{first} uses the ambition scale “{}” and {second} uses “{}”: sessions on different scales cannot be merged",
        first_scale.name(),
        second_scale.name()
    )]
    DifferentScales {
        /// The first input on the first scale (its file name, or "input N").
        first: String,
        /// Its scale.
        first_scale: AmbitionScale,
        /// The first input on another scale.
        second: String,
        /// That scale.
        second_scale: AmbitionScale,
    },
}

impl crate::text::Localized for MergeError {
    fn message(&self) -> Message {
        match self {
            Self::DifferentScales {
                first,
                first_scale,
                second,
                second_scale,
            } => Message::new(
                "%{first} uses the ambition scale “%{a}” and %{second} uses “%{b}”: sessions on different scales cannot be merged",
            )
            .with("first", first.as_str())
            .with_message("a", first_scale.message())
            .with("second", second.as_str())
            .with_message("b", second_scale.message()),
        }
    }
}

/// The scale every input uses, or the first two that differ (named by `name(i)`).
fn common_scale(
    scales: impl IntoIterator<Item = AmbitionScale>,
    name: impl Fn(usize) -> String,
) -> Result<AmbitionScale, MergeError> {
    let mut first: Option<(usize, AmbitionScale)> = None;
    for (i, scale) in scales.into_iter().enumerate() {
        match first {
            None => first = Some((i, scale)),
            Some((j, seen)) if seen != scale => {
                return Err(MergeError::DifferentScales {
                    first: name(j),
                    first_scale: seen,
                    second: name(i),
                    second_scale: scale,
                });
            }
            Some(_) => {}
        }
    }
    Ok(first.map(|(_, s)| s).unwrap_or_default())
}

/// Merges sessions into one canonical session. Merging one session alone puts it in
/// canonical order. Records no new sources (see [`merge_named`]). Sessions on different
/// ambition scales are refused.
pub fn merge(inputs: &[Session]) -> Result<Session, MergeError> {
    common_scale(inputs.iter().map(|s| s.ambition_scale), |i| {
        format!("input {}", i + 1)
    })?;
    let inputs: Vec<(Option<&str>, &Session)> = inputs.iter().map(|s| (None, s)).collect();
    Ok(merge_inputs(&inputs))
}

/// Merges session files, each with the name it goes by (see [`source_names`]): each
/// version of a conflict says which files and workshop copies it came from. The sources a
/// merged input already records are kept and united; the result does not depend on the
/// order of the inputs. Files on different ambition scales are refused, naming both.
pub fn merge_named(inputs: &[(String, Session)]) -> Result<Session, MergeError> {
    common_scale(inputs.iter().map(|(_, s)| s.ambition_scale), |i| {
        inputs[i].0.clone()
    })?;
    let inputs: Vec<(Option<&str>, &Session)> =
        inputs.iter().map(|(n, s)| (Some(n.as_str()), s)).collect();
    Ok(merge_inputs(&inputs))
}

/// Where the versions of one input came from.
struct Provenance<'a> {
    file: Option<&'a str>,
    /// The sources the input's own conflicts record, by key and by version (its
    /// [`identity`]): looked up in constant time, however many versions a conflict has.
    recorded: HashMap<&'a ConflictKey, HashMap<String, Vec<Source>>>,
    /// The input's workshops' names by id.
    workshop_names: HashMap<&'a str, &'a str>,
    /// The names of the input's workshops, for a commitment's source.
    all_workshops: String,
}

impl<'a> Provenance<'a> {
    fn new(file: Option<&'a str>, session: &'a Session) -> Self {
        let mut recorded: HashMap<&ConflictKey, HashMap<String, Vec<Source>>> = HashMap::new();
        for c in &session.conflicts {
            let by_version = recorded.entry(&c.key).or_default();
            for (i, v) in c.versions.iter().enumerate() {
                let sources = c.sources_of(i);
                if !sources.is_empty() {
                    by_version
                        .entry(identity(v))
                        .or_default()
                        .extend(sources.iter().cloned());
                }
            }
        }
        let names: Vec<&str> = session
            .workshops
            .iter()
            .map(|w| w.details.name.as_str())
            .collect();
        Self {
            file,
            recorded,
            workshop_names: session
                .workshops
                .iter()
                .map(|w| (w.id.as_str(), w.details.name.as_str()))
                .collect(),
            all_workshops: names.join(", "),
        }
    }

    /// Where this input says `version` of `key` came from: the sources its conflicts
    /// record, else this file and the workshop copy in it, else (no file name) nowhere.
    fn sources(&self, key: &ConflictKey, version: &Version) -> Vec<Source> {
        if let Some(by_version) = self.recorded.get(key)
            && !by_version.is_empty()
            && let Some(recorded) = by_version.get(&identity(version))
        {
            return recorded.clone();
        }
        let Some(file) = self.file else {
            return Vec::new();
        };
        let workshop = match key {
            ConflictKey::Commitment(_) | ConflictKey::Response(_) => self.all_workshops.clone(),
            ConflictKey::WorkshopDetails(w)
            | ConflictKey::Group { workshop: w, .. }
            | ConflictKey::Placement { workshop: w, .. }
            | ConflictKey::Refinement { workshop: w, .. } => self
                .workshop_names
                .get(w.as_str())
                .map_or_else(|| w.clone(), |name| (*name).to_owned()),
        };
        vec![Source::File {
            file: file.to_owned(),
            workshop,
        }]
    }
}

fn merge_inputs(inputs: &[(Option<&str>, &Session)]) -> Session {
    let mut slots: BTreeMap<ConflictKey, Slot> = BTreeMap::new();
    let mut workshop_ids = BTreeSet::new();
    let mut selections: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut sign_ups: BTreeMap<String, BTreeMap<String, SignUp>> = BTreeMap::new();
    let mut criteria: BTreeSet<String> = BTreeSet::new();

    for (file, session) in inputs {
        let from = Provenance::new(*file, session);
        let mut add = |key: ConflictKey, version: Version| {
            let version = normalized(version);
            let sources = from.sources(&key, &version);
            slots.entry(key).or_default().add(version, sources);
        };
        for c in &session.commitments {
            add(
                ConflictKey::Commitment(c.id.clone()),
                Version::Commitment(c.clone()),
            );
        }
        for r in &session.responses {
            add(
                ConflictKey::Response(r.commitment.clone()),
                Version::Response(r.clone()),
            );
        }
        criteria.extend(session.criteria.iter().cloned());
        for w in &session.workshops {
            workshop_ids.insert(w.id.clone());
            add(
                ConflictKey::WorkshopDetails(w.id.clone()),
                Version::WorkshopDetails(w.details.clone()),
            );
            for g in &w.groups {
                add(
                    ConflictKey::Group {
                        workshop: w.id.clone(),
                        group: g.id,
                    },
                    Version::Group(g.clone()),
                );
            }
            for p in &w.placements {
                let key = ConflictKey::Placement {
                    workshop: w.id.clone(),
                    group: p.group,
                    commitment: p.commitment.clone(),
                };
                add(key, Version::Placement(p.clone()));
            }
            for r in &w.refinements {
                let key = ConflictKey::Refinement {
                    workshop: w.id.clone(),
                    commitment: r.commitment.clone(),
                };
                add(key, Version::Refinement(Box::new(r.clone())));
            }
            selections
                .entry(w.id.clone())
                .or_default()
                .extend(w.selection.iter().cloned());
            let mine = sign_ups.entry(w.id.clone()).or_default();
            for s in &w.sign_ups {
                mine.insert(ron::to_string(s).expect("serializes"), s.clone());
            }
        }
        for conflict in &session.conflicts {
            for v in &conflict.versions {
                add(conflict.key.clone(), v.clone());
            }
        }
    }
    for (_, session) in inputs {
        for conflict in &session.conflicts {
            let slot = slots.entry(conflict.key.clone()).or_default();
            for r in &conflict.resolutions {
                slot.add_resolution(normalized(r.clone()));
            }
        }
    }

    let mut commitments: Vec<Commitment> = Vec::new();
    let mut responses: Vec<Response> = Vec::new();
    let mut workshops: BTreeMap<String, Workshop> = workshop_ids
        .into_iter()
        .map(|id| {
            (
                id.clone(),
                Workshop {
                    id,
                    ..Default::default()
                },
            )
        })
        .collect();
    let mut conflicts = Vec::new();
    for (key, slot) in &mut slots {
        slot.canonicalize();
        let Some(effective) = slot.effective().cloned() else {
            continue; // a conflict without versions: nothing to keep
        };
        match (key, effective) {
            (ConflictKey::Commitment(_), Version::Commitment(c)) => commitments.push(c),
            (ConflictKey::Response(id), Version::Response(r)) => responses.push(Response {
                commitment: id.clone(),
                ..r
            }),
            (ConflictKey::WorkshopDetails(w), Version::WorkshopDetails(d)) => {
                workshop(&mut workshops, w).details = d;
            }
            (ConflictKey::Group { workshop: w, group }, Version::Group(g)) => {
                workshop(&mut workshops, w)
                    .groups
                    .push(Group { id: *group, ..g });
            }
            (
                ConflictKey::Placement {
                    workshop: w,
                    group,
                    commitment,
                },
                Version::Placement(p),
            ) => {
                workshop(&mut workshops, w).placements.push(Placement {
                    group: *group,
                    commitment: commitment.clone(),
                    ..p
                });
            }
            (
                ConflictKey::Refinement {
                    workshop: w,
                    commitment,
                },
                Version::Refinement(r),
            ) => {
                workshop(&mut workshops, w).refinements.push(Refinement {
                    commitment: commitment.clone(),
                    ..*r
                });
            }
            // A version filed under the wrong kind of key (a hand-edited file): keep it in
            // the conflict list below, where the organizer sees it; it is never applied.
            _ => {}
        }
        if slot.versions.len() > 1 {
            let sources: Vec<Vec<Source>> = slot
                .versions
                .iter()
                .map(|(_, s)| s.iter().cloned().collect())
                .collect();
            conflicts.push(Conflict {
                key: key.clone(),
                versions: slot.versions.iter().map(|(v, _)| v.clone()).collect(),
                resolutions: slot.resolutions(),
                sources: if sources.iter().all(Vec::is_empty) {
                    Vec::new()
                } else {
                    sources
                },
            });
        }
    }

    commitments.sort_by(|a, b| natural_key(&a.id).cmp(&natural_key(&b.id)));
    responses.sort_by(|a, b| natural_key(&a.commitment).cmp(&natural_key(&b.commitment)));
    let workshops = workshops
        .into_values()
        .map(|mut w| {
            // A conflicted placement of a group that no input has (removed since; its
            // conflict stays in the file) stays in its conflict only: inventing the group
            // would give it a name that a later merge with the real group would see as a
            // second version, and merging in steps would differ from merging at once.
            let groups: BTreeSet<u32> = w.groups.iter().map(|g| g.id).collect();
            w.placements.retain(|p| groups.contains(&p.group));
            w.groups.sort_by_key(|g| g.id);
            w.placements.sort_by(|a, b| {
                (a.group, natural_key(&a.commitment)).cmp(&(b.group, natural_key(&b.commitment)))
            });
            w.refinements
                .sort_by(|a, b| natural_key(&a.commitment).cmp(&natural_key(&b.commitment)));
            let mut selection: Vec<String> = selections
                .remove(&w.id)
                .unwrap_or_default()
                .into_iter()
                .collect();
            selection.sort_by(|a, b| natural_key(a).cmp(&natural_key(b)));
            w.selection = selection;
            w.sign_ups = sign_ups
                .remove(&w.id)
                .unwrap_or_default()
                .into_values()
                .collect();
            w
        })
        .collect();
    Session {
        commitments,
        workshops,
        conflicts,
        // The callers refused inputs on different scales.
        ambition_scale: inputs
            .first()
            .map(|(_, s)| s.ambition_scale)
            .unwrap_or_default(),
        // The current template once any input follows it: order-free, like the rest.
        template: inputs
            .iter()
            .map(|(_, s)| s.template)
            .max()
            .unwrap_or_default(),
        criteria: criteria.into_iter().collect(),
        responses,
        ..Default::default()
    }
}

fn workshop<'a>(workshops: &'a mut BTreeMap<String, Workshop>, id: &str) -> &'a mut Workshop {
    workshops.entry(id.to_owned()).or_insert_with(|| Workshop {
        id: id.to_owned(),
        ..Default::default()
    })
}

/// One line about a conflict, for the command line, the report and the conflicts panel.
pub fn describe(conflict: &Conflict, session: &Session) -> Message {
    describe_with(conflict, &|id| {
        session.workshops.iter().find(|w| w.id == id)
    })
}

/// One line about each conflict of the session, in order: as [`describe`], with the
/// workshops and groups looked up once (a file may hold thousands of each).
pub fn describe_all(session: &Session) -> Vec<Message> {
    let workshops: HashMap<&str, &Workshop> = session
        .workshops
        .iter()
        .map(|w| (w.id.as_str(), w))
        .collect();
    let groups: HashMap<(&str, u32), &Group> = session
        .workshops
        .iter()
        .flat_map(|w| w.groups.iter().map(move |g| ((w.id.as_str(), g.id), g)))
        .collect();
    session
        .conflicts
        .iter()
        .map(|c| {
            describe_names(c, &|id| workshops.get(id).copied(), &|w, g| {
                groups.get(&(w, g)).copied()
            })
        })
        .collect()
}

fn describe_with<'a>(conflict: &Conflict, find: &dyn Fn(&str) -> Option<&'a Workshop>) -> Message {
    describe_names(conflict, find, &|w, g| find(w).and_then(|w| w.group(g)))
}

fn describe_names<'a>(
    conflict: &Conflict,
    find: &dyn Fn(&str) -> Option<&'a Workshop>,
    find_group: &dyn Fn(&str, u32) -> Option<&'a Group>,
) -> Message {
    let workshop_name =
        |id: &str| find(id).map_or_else(|| id.to_owned(), |w| format!("\"{}\"", w.details.name));
    let group_name = |ws: &str, g: u32| {
        find_group(ws, g).map_or_else(
            || Message::new("group %{g}").with("g", g),
            |g| Message::verbatim(g.name.clone()),
        )
    };
    let n = conflict.versions.len();
    let state = match (conflict.resolution(), conflict.resolutions.len()) {
        (Some(_), _) => Message::new(" — resolved"),
        (None, 0) => Message::verbatim(""),
        (None, k) => Message::new(" — %{k} different choices, unresolved").with("k", k),
    };
    let what = match &conflict.key {
        ConflictKey::Commitment(id) => {
            Message::new("commitment %{id} has %{n} versions (title, theme, votes or description)")
                .with("id", id)
                .with("n", n)
        }
        ConflictKey::WorkshopDetails(w) => {
            Message::new("workshop %{0} has %{n} versions of its details")
                .with("0", workshop_name(w))
                .with("n", n)
        }
        ConflictKey::Group { workshop, group } => {
            Message::new("workshop %{0}: group %{group} has %{n} names")
                .with("0", workshop_name(workshop))
                .with("group", group)
                .with("n", n)
        }
        ConflictKey::Placement {
            workshop,
            group,
            commitment,
        } => Message::new(
            "workshop %{0}: %{1} placed commitment %{commitment} in %{n} different ways",
        )
        .with("0", workshop_name(workshop))
        .with_message("1", group_name(workshop, *group))
        .with("commitment", commitment)
        .with("n", n),
        ConflictKey::Refinement {
            workshop,
            commitment,
        } => Message::new(
            "workshop %{0}: %{n} versions of the refinement of commitment %{commitment}",
        )
        .with("0", workshop_name(workshop))
        .with("n", n)
        .with("commitment", commitment),
        ConflictKey::Response(id) => {
            Message::new("idea %{id} has %{n} different responses (outcome, reason or criteria)")
                .with("id", id)
                .with("n", n)
        }
    };
    Message::new("%{what}%{state}")
        .with_message("what", what)
        .with_message("state", state)
}

/// Applies the organizer's choice: `version` becomes the thing the conflict is about and is
/// recorded as the resolution (added to the versions, as the organizer's own, if it is a
/// consolidated one).
pub fn resolve(session: &mut Session, conflict_index: usize, version: Version) {
    let Some(conflict) = session.conflicts.get_mut(conflict_index) else {
        return;
    };
    add_version(conflict, &version, Source::Edited);
    conflict.resolutions = vec![version.clone()];
    let key = conflict.key.clone();
    apply_version(session, &key, version);
}

/// Adds a version (with this source) if the conflict does not hold it yet, keeping the
/// versions in their order and the sources beside them.
fn add_version(conflict: &mut Conflict, version: &Version, source: Source) {
    if conflict.versions.contains(version) {
        return;
    }
    let mut entries: Vec<(Version, Vec<Source>)> = conflict
        .versions
        .drain(..)
        .enumerate()
        .map(|(i, v)| (v, conflict.sources.get(i).cloned().unwrap_or_default()))
        .collect();
    entries.push((version.clone(), vec![source]));
    entries.sort_by_cached_key(|(v, sources)| order_key(v, sources.iter()));
    conflict.sources = entries.iter().map(|(_, s)| s.clone()).collect();
    conflict.versions = entries.into_iter().map(|(v, _)| v).collect();
}

/// Removes version `index` and its sources.
fn remove_version(conflict: &mut Conflict, index: usize) {
    conflict.versions.remove(index);
    if index < conflict.sources.len() {
        conflict.sources.remove(index);
    }
}

/// Records edits to conflicted things as the organizer's resolution, so that no later
/// merge reverts them: wherever the session now holds something other than the version in
/// force (the single choice, else the first version), that value becomes the resolution —
/// one of the versions if it equals one, else a new version whose source is
/// [`Source::Edited`]. A previous edit that was the choice is replaced, not kept beside
/// it (typing a refinement would otherwise leave a version per keystroke). Something
/// removed from the session (a point sent back to the tray) is not an edit: the conflict
/// stays as it was. Returns whether anything was recorded.
pub fn record_edits(session: &mut Session) -> bool {
    let mut recorded = false;
    for i in 0..session.conflicts.len() {
        let conflict = &session.conflicts[i];
        let Some(now) = current(session, &conflict.key) else {
            continue;
        };
        let in_force = conflict.resolution().or(conflict.versions.first());
        if in_force == Some(&now) {
            continue;
        }
        let conflict = &mut session.conflicts[i];
        if let Some(previous) = conflict.resolution()
            && let Some(k) = conflict.versions.iter().position(|v| v == previous)
            && conflict.sources_of(k) == [Source::Edited]
        {
            remove_version(conflict, k);
        }
        add_version(conflict, &now, Source::Edited);
        conflict.resolutions = vec![now];
        recorded = true;
    }
    recorded
}

/// What a version says, field by field: the field's name and its value as shown, as
/// messages (a name's key is its English text; a value is the text as entered, or words
/// that are translated with it). Two versions of one thing have the same fields (a
/// refinement's milestones excepted: one field each), so they can be compared field by
/// field.
pub fn fields(version: &Version, scale: AmbitionScale) -> Vec<(Message, Message)> {
    let text = |name: Message, value: &str| (name, Message::verbatim(value));
    match version {
        Version::Commitment(c) => vec![
            text(Message::new("Title"), &c.title),
            text(Message::new("Theme"), &c.theme),
            text(Message::new("Votes"), &c.votes.to_string()),
            text(Message::new("Description"), &c.description),
        ],
        Version::WorkshopDetails(d) => vec![
            text(Message::new("Name"), &d.name),
            text(Message::new("Location"), &d.location),
            (
                Message::new("Mode"),
                match d.mode {
                    crate::model::Mode::InPerson => Message::new("in person"),
                    crate::model::Mode::Online => Message::new("online"),
                },
            ),
            text(Message::new("Date"), &d.date),
            text(Message::new("Facilitator"), &d.facilitator),
            (
                Message::new("Attendance"),
                Message::new("%{0} civil society, %{1} ministry, %{2} citizens, %{3} other")
                    .with("0", d.attendance.civil_society)
                    .with("1", d.attendance.ministry)
                    .with("2", d.attendance.citizens)
                    .with("3", d.attendance.other),
            ),
            text(
                Message::new("Plan period"),
                &format!("{} – {}", d.plan_period.start, d.plan_period.end),
            ),
        ],
        Version::Group(g) => vec![text(Message::new("Name"), &g.name)],
        Version::Placement(p) => vec![
            text(Message::new("Desirability"), &p.desirability.to_string()),
            (
                Message::new("Ambition"),
                Message::new("%{value} (%{level})")
                    .with("value", p.ambition)
                    .with_message("level", scale.nearest(p.ambition).message()),
            ),
            text(Message::new("Note"), &p.note),
        ],
        Version::Refinement(r) => {
            let values = [
                (
                    r.values.access_to_information,
                    Message::new("Access to information"),
                ),
                (
                    r.values.civic_participation,
                    Message::new("Civic participation"),
                ),
                (
                    r.values.public_accountability,
                    Message::new("Public accountability"),
                ),
                (
                    r.values.technology_and_innovation,
                    Message::new("Technology and innovation"),
                ),
            ]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, name)| name)
            .collect::<Vec<_>>();
            let mut list = vec![
                text(Message::new("Lead"), &r.lead),
                text(Message::new("Lead contact"), &r.lead_contact),
                text(
                    Message::new("Other actors — government"),
                    &r.actors_government,
                ),
                text(
                    Message::new("Other actors — civil society, private sector, academia"),
                    &r.actors_civil_society,
                ),
                text(
                    Message::new("Status quo or problem to be addressed"),
                    &r.problem,
                ),
                text(Message::new("Main objective"), &r.objective),
                text(Message::new("Brief description"), &r.description),
                (
                    Message::new("Relevance to OGP values"),
                    Message::list(values, ", "),
                ),
                text(Message::new("How it advances them"), &r.relevance),
                text(Message::new("Ambition (intended results)"), &r.ambition),
                text(Message::new("Specific"), &r.smart.specific),
                text(Message::new("Measurable"), &r.smart.measurable),
                text(Message::new("Achievable (actionable)"), &r.smart.achievable),
                text(Message::new("Relevant"), &r.smart.relevant),
                text(Message::new("Time-bound"), &r.smart.time_bound),
                text(Message::new("Milestones"), &r.milestones.len().to_string()),
            ];
            for (i, m) in r.milestones.iter().enumerate() {
                list.push((
                    Message::new("Milestone %{0}").with("0", i + 1),
                    Message::new("%{0} (%{1}, %{2} – %{3}; %{4} implements, %{5} monitors)")
                        .with("0", &m.deliverable)
                        .with_message(
                            "1",
                            match m.novelty {
                                crate::model::Novelty::New => Message::new("New"),
                                crate::model::Novelty::Ongoing => Message::new("Ongoing"),
                            },
                        )
                        .with("2", &m.start)
                        .with("3", &m.end)
                        .with("4", &m.implementer)
                        .with("5", &m.monitor),
                ));
            }
            list
        }
        Version::Response(r) => vec![
            (Message::new("Outcome"), r.outcome.message()),
            text(Message::new("Reason"), &r.reason),
            (
                Message::new("Criteria"),
                Message::list(
                    r.criteria
                        .iter()
                        .map(|c| crate::model::criterion_message(c))
                        .collect::<Vec<_>>(),
                    "; ",
                ),
            ),
        ],
    }
}

/// The names of the fields on which the versions disagree: a value differs, or some
/// versions lack the field (a milestone more).
pub fn differing_fields(versions: &[Version], scale: AmbitionScale) -> BTreeSet<Message> {
    let all: Vec<BTreeMap<Message, Message>> = versions
        .iter()
        .map(|v| fields(v, scale).into_iter().collect())
        .collect();
    let names: BTreeSet<&Message> = all.iter().flat_map(BTreeMap::keys).collect();
    names
        .into_iter()
        .filter(|name| {
            let mut values = all.iter().map(|f| f.get(*name));
            let first = values.next().flatten();
            values.any(|v| v != first)
        })
        .cloned()
        .collect()
}

/// Where a version came from, in a line: "central.ron (Central workshop)", or that the
/// organizer made it here, or that nothing was recorded.
pub fn describe_sources(sources: &[Source]) -> Message {
    if sources.is_empty() {
        return Message::new("source not recorded");
    }
    Message::list(
        sources
            .iter()
            .map(|s| match s {
                Source::File { file, workshop } if workshop.is_empty() => {
                    Message::verbatim(file.clone())
                }
                Source::File { file, workshop } => {
                    Message::verbatim(format!("{file} ({workshop})"))
                }
                Source::Edited => Message::new("edited by the organizer"),
            })
            .collect(),
        "; ",
    )
}

/// Puts a version in its place in the session.
pub fn apply_version(session: &mut Session, key: &ConflictKey, version: Version) {
    let find =
        |session: &mut Session, id: &str| session.workshops.iter_mut().position(|w| w.id == id);
    match (key, version) {
        (ConflictKey::Commitment(id), Version::Commitment(c)) => {
            if let Some(slot) = session.commitments.iter_mut().find(|x| &x.id == id) {
                *slot = c;
            }
        }
        (ConflictKey::WorkshopDetails(w), Version::WorkshopDetails(d)) => {
            if let Some(i) = find(session, w) {
                session.workshops[i].details = d;
            }
        }
        (ConflictKey::Group { workshop, group }, Version::Group(g)) => {
            if let Some(i) = find(session, workshop)
                && let Some(slot) = session.workshops[i]
                    .groups
                    .iter_mut()
                    .find(|x| x.id == *group)
            {
                slot.name = g.name;
            }
        }
        (
            ConflictKey::Placement {
                workshop,
                group,
                commitment,
            },
            Version::Placement(p),
        ) => {
            if let Some(i) = find(session, workshop)
                && let Some(slot) = session.workshops[i]
                    .placements
                    .iter_mut()
                    .find(|x| x.group == *group && &x.commitment == commitment)
            {
                *slot = p;
            }
        }
        (
            ConflictKey::Refinement {
                workshop,
                commitment,
            },
            Version::Refinement(r),
        ) => {
            if let Some(i) = find(session, workshop) {
                *session.workshops[i].refinement_mut(commitment) = *r;
            }
        }
        (ConflictKey::Response(id), Version::Response(r)) => {
            match session.responses.iter_mut().find(|x| &x.commitment == id) {
                Some(slot) => *slot = r,
                None => session.responses.push(r),
            }
        }
        _ => {}
    }
}

/// The current value of the thing a conflict is about, as a version (for "keep what is in
/// the session now", after the organizer edited it into a consolidated version).
pub fn current(session: &Session, key: &ConflictKey) -> Option<Version> {
    let workshop = |id: &str| session.workshops.iter().find(|w| w.id == id);
    Some(match key {
        ConflictKey::Commitment(id) => Version::Commitment(session.commitment(id)?.clone()),
        ConflictKey::WorkshopDetails(w) => Version::WorkshopDetails(workshop(w)?.details.clone()),
        ConflictKey::Group { workshop: w, group } => {
            Version::Group(workshop(w)?.group(*group)?.clone())
        }
        ConflictKey::Placement {
            workshop: w,
            group,
            commitment,
        } => Version::Placement(workshop(w)?.placement(*group, commitment)?.clone()),
        ConflictKey::Refinement {
            workshop: w,
            commitment,
        } => Version::Refinement(Box::new(workshop(w)?.refinement(commitment)?.clone())),
        ConflictKey::Response(id) => Version::Response(session.response(id)?.clone()),
    })
}

/// Counts of what a merge holds, for the command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Workshops.
    pub workshops: usize,
    /// Groups over all workshops.
    pub groups: usize,
    /// Placements.
    pub placements: usize,
    /// Selections (commitment × workshop).
    pub selections: usize,
    /// Commitments selected at two or more workshops.
    pub selected_at_two_or_more: usize,
    /// Refinements.
    pub refinements: usize,
    /// Sign-ups.
    pub sign_ups: usize,
    /// Conflicts.
    pub conflicts: usize,
}

impl Summary {
    /// Counts a session.
    pub fn of(session: &Session) -> Self {
        let mut times: BTreeMap<&str, usize> = BTreeMap::new();
        for w in &session.workshops {
            for id in &w.selection {
                *times.entry(id).or_default() += 1;
            }
        }
        let sum = |f: fn(&Workshop) -> usize| session.workshops.iter().map(f).sum();
        Self {
            workshops: session.workshops.len(),
            groups: sum(|w| w.groups.len()),
            placements: sum(|w| w.placements.len()),
            selections: sum(|w| w.selection.len()),
            selected_at_two_or_more: times.values().filter(|n| **n >= 2).count(),
            refinements: sum(|w| w.refinements.len()),
            sign_ups: sum(|w| w.sign_ups.len()),
            conflicts: session.conflicts.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Milestone, Response};

    fn source(file: &str, workshop: &str) -> Source {
        Source::File {
            file: file.into(),
            workshop: workshop.into(),
        }
    }

    /// One workshop "ws" named `name`, group 1, commitment "1" placed at `(d, a)`.
    fn copy(name: &str, d: f64, a: f64) -> Session {
        let mut w = Workshop::new("ws".into(), name);
        let g = w.add_group();
        w.place(g, "1", d, a);
        Session {
            commitments: vec![Commitment {
                id: "1".into(),
                title: "Open data".into(),
                ..Default::default()
            }],
            workshops: vec![w],
            ..Default::default()
        }
    }

    fn key() -> ConflictKey {
        ConflictKey::Placement {
            workshop: "ws".into(),
            group: 1,
            commitment: "1".into(),
        }
    }

    fn placement(session: &Session) -> Version {
        current(session, &key()).expect("placed")
    }

    #[test]
    fn a_conflicted_placement_of_a_group_no_input_has_stays_in_its_conflict() {
        // Group 9 was removed after a merge; its conflict stays in the file.
        let gone = ConflictKey::Placement {
            workshop: "ws".into(),
            group: 9,
            commitment: "1".into(),
        };
        let at = |d: f64| {
            Version::Placement(Placement {
                group: 9,
                commitment: "1".into(),
                desirability: d,
                ambition: 1.0,
                note: String::new(),
            })
        };
        let mut a = copy("Central", 5.0, 1.0);
        a.conflicts.push(Conflict {
            key: gone.clone(),
            versions: vec![at(2.0), at(8.0)],
            resolutions: Vec::new(),
            sources: Vec::new(),
        });
        crate::file::validate(&a).unwrap();
        let b = copy("Central", 5.0, 1.0);
        let at_once = merge(&[a.clone(), b.clone(), b.clone()]).unwrap();
        let in_steps = merge(&[merge(&[a.clone(), b.clone()]).unwrap(), b]).unwrap();
        assert_eq!(at_once, in_steps);
        crate::file::validate(&at_once).unwrap();
        let w = &at_once.workshops[0];
        assert_eq!(
            w.groups.iter().map(|g| g.id).collect::<Vec<_>>(),
            [1],
            "not invented"
        );
        assert!(
            w.placements.iter().all(|p| p.group == 1),
            "{:?}",
            w.placements
        );
        let kept = at_once.conflicts.iter().find(|c| c.key == gone).unwrap();
        assert_eq!(kept.versions, [at(2.0), at(8.0)]);
    }

    #[test]
    fn sessions_on_different_scales_are_refused_naming_both_and_one_scale_is_kept() {
        let mut current = copy("Central", 5.0, 1.0);
        current.ambition_scale = AmbitionScale::PotentialForResults;
        let old = copy("Central", 5.0, 1.0);
        assert_eq!(
            merge(&[old.clone(), current.clone(), old.clone()]).unwrap_err(),
            MergeError::DifferentScales {
                first: "input 1".into(),
                first_scale: AmbitionScale::PotentialImpact,
                second: "input 2".into(),
                second_scale: AmbitionScale::PotentialForResults,
            }
        );
        let merged = merge(&[current.clone(), current.clone()]).unwrap();
        assert_eq!(merged.ambition_scale, AmbitionScale::PotentialForResults);
        assert_eq!(merge(&[]).unwrap(), Session::default());
    }

    #[test]
    fn a_merge_keeps_the_sessions_own_fields_and_every_workshop_by_its_id() {
        let mut a = copy("Central", 5.0, 1.0);
        a.template = crate::model::Template::Current;
        a.criteria = vec!["reaches the north".into()];
        a.responses = vec![Response {
            commitment: "1".into(),
            outcome: crate::model::Outcome::Selected,
            reason: "In the plan".into(),
            criteria: vec!["reaches the north".into()],
        }];
        let merged = merge(std::slice::from_ref(&a)).unwrap();
        assert_eq!(
            merged, a,
            "one session merged alone is itself (already canonical)"
        );
        let mut b = copy("Northern", 4.0, 2.0);
        b.workshops[0].id = "north".into();
        b.template = crate::model::Template::Current;
        let merged = merge(&[a.clone(), b]).unwrap();
        assert_eq!(
            merged
                .workshops
                .iter()
                .map(|w| w.id.as_str())
                .collect::<Vec<_>>(),
            ["north", "ws"]
        );
        assert_eq!(merged.commitments, a.commitments);
        assert_eq!(merged.template, crate::model::Template::Current);
        assert_eq!(merged.criteria, a.criteria);
        assert_eq!(merged.responses, a.responses);
    }

    #[test]
    fn every_kind_of_conflicted_thing_is_in_the_merge_as_its_first_version() {
        // A copy of the workshop where every kind of thing says `tag`.
        let saying = |name: &str, d: f64, a: f64, tag: &str, group: &str| {
            let mut s = copy(name, d, a);
            s.commitments[0].title = format!("Open data ({})", tag.to_lowercase());
            s.workshops[0].groups[0].name = group.into();
            s.workshops[0].refinement_mut("1").objective = tag.into();
            s.responses.push(Response {
                commitment: "1".into(),
                reason: tag.into(),
                ..Default::default()
            });
            s
        };
        let a = saying("Central", 5.0, 1.0, "A", "Reds");
        let b = saying("Central (b)", 6.0, 2.0, "B", "Blues");
        let merged = merge_named(&[("a.ron".into(), a.clone()), ("b.ron".into(), b)]).unwrap();
        crate::file::validate(&merged).unwrap();
        let kinds: Vec<&str> = merged
            .conflicts
            .iter()
            .map(|c| match c.key {
                ConflictKey::Commitment(_) => "commitment",
                ConflictKey::WorkshopDetails(_) => "details",
                ConflictKey::Group { .. } => "group",
                ConflictKey::Placement { .. } => "placement",
                ConflictKey::Refinement { .. } => "refinement",
                ConflictKey::Response(_) => "response",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "commitment",
                "details",
                "response",
                "group",
                "placement",
                "refinement"
            ]
        );
        // a.ron's versions come first, so they are the ones in force.
        let w = &merged.workshops[0];
        assert_eq!(merged.commitments[0].title, "Open data (a)");
        assert_eq!(w.id, "ws");
        assert_eq!(w.details.name, "Central");
        assert_eq!(
            w.groups[0],
            Group {
                id: 1,
                name: "Reds".into()
            }
        );
        assert_eq!(
            (w.placements[0].group, w.placements[0].commitment.as_str()),
            (1, "1")
        );
        assert_eq!(w.placements[0].desirability, 5.0);
        assert_eq!(w.refinement("1").unwrap().objective, "A");
        assert_eq!(merged.response("1").unwrap().reason, "A");
        // One line each, naming what it is about.
        let lines: Vec<String> = describe_all(&merged)
            .iter()
            .map(|m| m.to_string())
            .collect();
        let one_by_one: Vec<String> = merged
            .conflicts
            .iter()
            .map(|c| describe(c, &merged).to_string())
            .collect();
        assert_eq!(lines, one_by_one);
        assert_eq!(
            lines[1],
            "workshop \"Central\" has 2 versions of its details"
        );
        assert!(
            lines[3].starts_with("workshop \"Central\": group 1 has 2 names"),
            "{}",
            lines[3]
        );
    }

    #[test]
    fn minus_zero_and_zero_are_one_version() {
        // As a hand-edited file may hold them (placing through the grid never makes -0.0).
        let signed = |d: f64, a: f64| {
            let mut s = copy("Central", 1.0, 1.0);
            s.workshops[0].placements[0].desirability = d;
            s.workshops[0].placements[0].ambition = a;
            s
        };
        for (d, a) in [(-0.0, 0.0), (0.0, -0.0), (-0.0, -0.0)] {
            let merged = merge(&[signed(d, a), signed(0.0, 0.0)]).unwrap();
            assert!(
                merged.conflicts.is_empty(),
                "({d}, {a}): {:?}",
                merged.conflicts
            );
            let p = &merged.workshops[0].placements[0];
            assert!(
                p.desirability.is_sign_positive() && p.ambition.is_sign_positive(),
                "({d}, {a}) merged as {p:?}"
            );
        }
        let a = copy("Central", -0.0, -0.0);
        let b = copy("Central", 0.0, 0.0);
        let ab = merge(&[a.clone(), b.clone()]).unwrap();
        assert_eq!(ab, merge(&[b, a]).unwrap());
        assert!(ab.conflicts.is_empty(), "{:?}", ab.conflicts);
        let p = &ab.workshops[0].placements[0];
        assert!(p.desirability.is_sign_positive() && p.ambition.is_sign_positive());
        // In a conflict's versions too.
        let c = copy("Central", 3.0, 1.0);
        let three = merge(&[
            copy("Central", -0.0, 1.0),
            c.clone(),
            copy("Central", 0.0, 1.0),
        ])
        .unwrap();
        assert_eq!(
            three.conflicts[0].versions.len(),
            2,
            "{:?}",
            three.conflicts
        );
    }

    #[test]
    fn a_resolution_is_applied_recorded_and_kept_by_the_next_merge() {
        let mut merged = merge(&[copy("Central", 9.0, 2.0), copy("Central", 1.0, 2.0)]).unwrap();
        let i = merged
            .conflicts
            .iter()
            .position(|c| c.key == key())
            .unwrap();
        let chosen = merged.conflicts[i].versions[1].clone();
        resolve(&mut merged, i, chosen.clone());
        assert_eq!(placement(&merged), chosen, "applied");
        assert_eq!(
            merged.conflicts[i].resolutions,
            std::slice::from_ref(&chosen)
        );
        let again = merge(&[merged.clone(), copy("Central", 9.0, 2.0)]).unwrap();
        let c = again.conflicts.iter().find(|c| c.key == key()).unwrap();
        assert_eq!(c.resolutions, std::slice::from_ref(&chosen), "kept");
        assert_eq!(placement(&again), chosen);
        // Out of range: nothing happens.
        let before = merged.clone();
        resolve(&mut merged, 99, chosen);
        assert_eq!(merged, before);
    }

    #[test]
    fn an_edit_made_twice_is_one_edited_version_beside_its_source() {
        let mut merged = merge_named(&[
            ("a.ron".into(), copy("Central", 9.0, 2.0)),
            ("b.ron".into(), copy("Central", 1.0, 2.0)),
        ])
        .unwrap();
        for d in [4.0, 6.0] {
            merged.workshops[0].place(1, "1", d, 2.0);
            assert!(record_edits(&mut merged));
        }
        let c = merged.conflicts.iter().find(|c| c.key == key()).unwrap();
        assert_eq!(
            c.versions.len(),
            3,
            "the two files' and the latest edit: {:?}",
            c.versions
        );
        assert_eq!(c.sources.len(), c.versions.len());
        let edited: Vec<usize> = (0..3)
            .filter(|&k| c.sources_of(k) == [Source::Edited])
            .collect();
        assert_eq!(edited.len(), 1);
        assert_eq!(c.versions[edited[0]], placement(&merged));
        assert_eq!(c.resolutions, [placement(&merged)]);
        crate::file::validate(&merged).unwrap();
        assert!(!record_edits(&mut merged), "nothing new");
    }

    #[test]
    fn an_edit_made_twice_without_recorded_sources_is_one_edited_version_too() {
        let mut merged = merge(&[copy("Central", 9.0, 2.0), copy("Central", 1.0, 2.0)]).unwrap();
        assert!(
            merged.conflicts[0].sources.is_empty(),
            "merge records no sources"
        );
        for d in [4.0, 6.0] {
            merged.workshops[0].place(1, "1", d, 2.0);
            assert!(record_edits(&mut merged));
        }
        let c = merged.conflicts.iter().find(|c| c.key == key()).unwrap();
        assert_eq!(c.versions.len(), 3, "{:?}", c.versions);
        assert_eq!(c.resolutions, [placement(&merged)]);
        crate::file::validate(&merged).unwrap();
    }

    #[test]
    fn a_source_without_a_workshop_is_its_file_alone() {
        let sources = [
            Source::File {
                file: "a.ron".into(),
                workshop: String::new(),
            },
            source("b.ron", "North"),
            Source::Edited,
        ];
        assert_eq!(
            describe_sources(&sources).to_string(),
            "a.ron; b.ron (North); edited by the organizer"
        );
        assert_eq!(describe_sources(&[]).to_string(), "source not recorded");
    }

    #[test]
    fn a_version_applied_goes_to_its_own_thing_only() {
        let mut s = Session::new_workshop(
            vec![
                Commitment {
                    id: "1".into(),
                    ..Default::default()
                },
                Commitment {
                    id: "2".into(),
                    ..Default::default()
                },
            ],
            "Central",
            2,
        );
        let mut other = s.workshops[0].clone();
        other.id = "other".into();
        s.workshops.insert(0, other);
        for w in &mut s.workshops {
            for g in [1, 2] {
                for c in ["1", "2"] {
                    w.place(g, c, 1.0, 1.0);
                }
            }
        }
        let ws = s.workshops[1].id.clone();
        let before = s.clone();
        let mut expect = before.clone();
        let apply = |s: &mut Session, key: ConflictKey, v: Version| apply_version(s, &key, v);

        let c = Commitment {
            id: "2".into(),
            title: "Two".into(),
            ..Default::default()
        };
        apply(
            &mut s,
            ConflictKey::Commitment("2".into()),
            Version::Commitment(c.clone()),
        );
        expect.commitments[1] = c;
        let mut d = before.workshops[1].details.clone();
        d.name = "Renamed".into();
        apply(
            &mut s,
            ConflictKey::WorkshopDetails(ws.clone()),
            Version::WorkshopDetails(d.clone()),
        );
        expect.workshops[1].details = d;
        let g = Group {
            id: 2,
            name: "Blues".into(),
        };
        apply(
            &mut s,
            ConflictKey::Group {
                workshop: ws.clone(),
                group: 2,
            },
            Version::Group(g),
        );
        expect.workshops[1].groups[1].name = "Blues".into();
        let p = Placement {
            group: 2,
            commitment: "1".into(),
            desirability: 9.0,
            ambition: 2.0,
            note: String::new(),
        };
        apply(
            &mut s,
            ConflictKey::Placement {
                workshop: ws.clone(),
                group: 2,
                commitment: "1".into(),
            },
            Version::Placement(p.clone()),
        );
        *expect.workshops[1]
            .placements
            .iter_mut()
            .find(|x| x.group == 2 && x.commitment == "1")
            .unwrap() = p;
        let r = Refinement {
            commitment: "2".into(),
            objective: "O".into(),
            ..Default::default()
        };
        apply(
            &mut s,
            ConflictKey::Refinement {
                workshop: ws.clone(),
                commitment: "2".into(),
            },
            Version::Refinement(Box::new(r.clone())),
        );
        *expect.workshops[1].refinement_mut("2") = r;
        for reason in ["first", "second"] {
            let r = Response {
                commitment: "2".into(),
                reason: reason.into(),
                ..Default::default()
            };
            apply(
                &mut s,
                ConflictKey::Response("2".into()),
                Version::Response(r.clone()),
            );
            expect.responses = vec![r];
        }
        assert_eq!(s, expect);
        // A version of another kind than its key is not applied.
        apply(
            &mut s,
            ConflictKey::Commitment("1".into()),
            Version::Group(Group {
                id: 1,
                name: "x".into(),
            }),
        );
        assert_eq!(s, expect);
    }

    #[test]
    fn the_summary_counts_what_the_merge_holds() {
        let mut a = copy("Central", 9.0, 2.0);
        let w = &mut a.workshops[0];
        w.add_group();
        w.set_selected("1", true);
        w.refinement_mut("1").objective = "O".into();
        w.sign_ups.push(crate::model::SignUp {
            commitment: "1".into(),
            name: "Ana".into(),
            ..Default::default()
        });
        let mut b = copy("Northern", 1.0, 2.0);
        b.workshops[0].id = "north".into();
        b.workshops[0].set_selected("1", true);
        let mut c = copy("Online", 1.0, 2.0);
        c.workshops[0].id = "online".into();
        for id in ["2", "3"] {
            c.commitments.push(Commitment {
                id: id.into(),
                title: format!("Idea {id}"),
                ..Default::default()
            });
            c.workshops[0].set_selected(id, true);
        }
        c.workshops[0].set_selected("1", true);
        let merged = merge(&[a, b, c]).unwrap();
        assert_eq!(
            Summary::of(&merged),
            Summary {
                workshops: 3,
                groups: 4,
                placements: 3,
                selections: 5,
                selected_at_two_or_more: 1,
                refinements: 1,
                sign_ups: 1,
                conflicts: 0,
            }
        );
    }

    #[test]
    fn file_names_are_names_with_folders_only_to_tell_copies_apart() {
        let names = source_names(&[
            "/home/alice/mail/central.ron",
            "/home/bob/mail/central.ron",
            "/tmp/northern.ron",
            "/home/alice/mail/central.ron",
        ]);
        assert_eq!(
            names,
            [
                "alice/mail/central.ron",
                "bob/mail/central.ron",
                "northern.ron",
                "alice/mail/central.ron"
            ]
        );
        assert_eq!(source_names(&["a.ron", "x/a.ron"]), ["a.ron", "x/a.ron"]);
    }

    #[test]
    fn versions_are_ordered_by_source_and_say_where_they_came_from() {
        // "b.ron"'s version sorts first by text (1.0 < 9.0), "a.ron"'s first by source.
        let a = copy("Central", 9.0, 2.0);
        let b = copy("Central (Bob)", 1.0, 2.0);
        let merged =
            merge_named(&[("b.ron".into(), b.clone()), ("a.ron".into(), a.clone())]).unwrap();
        let c = &merged.conflicts.iter().find(|c| c.key == key()).unwrap();
        assert_eq!(c.versions, [placement(&a), placement(&b)]);
        assert_eq!(
            c.sources,
            [
                vec![source("a.ron", "Central")],
                vec![source("b.ron", "Central (Bob)")]
            ]
        );
        assert_eq!(
            placement(&merged),
            placement(&a),
            "the first version applies"
        );
        // Merging the merged file with a third copy equal to a's unites their sources.
        let merged = merge_named(&[("m.ron".into(), merged), ("c.ron".into(), a.clone())]).unwrap();
        let c = &merged.conflicts.iter().find(|c| c.key == key()).unwrap();
        assert_eq!(
            c.sources[0],
            [source("a.ron", "Central"), source("c.ron", "Central")]
        );
        assert_eq!(c.sources[1], [source("b.ron", "Central (Bob)")]);
        assert_eq!(
            describe_sources(&c.sources[0]).to_string(),
            "a.ron (Central); c.ron (Central)"
        );
    }

    #[test]
    fn an_edit_to_a_conflicted_thing_is_recorded_and_no_merge_reverts_it() {
        let a = copy("Central", 9.0, 2.0);
        let b = copy("Central", 1.0, 2.0);
        let inputs = [("a.ron".to_owned(), a.clone()), ("b.ron".into(), b.clone())];
        let mut merged = merge_named(&inputs).unwrap();
        assert!(!record_edits(&mut merged), "nothing edited yet");
        assert!(merged.conflicts[0].resolutions.is_empty());

        merged.workshops[0].place(1, "1", 5.0, 1.5);
        assert!(record_edits(&mut merged));
        let edit = placement(&merged);
        let c = &merged.conflicts[0];
        assert_eq!(c.resolution(), Some(&edit));
        assert_eq!(c.versions.len(), 3);
        assert_eq!(c.sources_of(2), [Source::Edited], "the organizer's, last");
        let again = merge_named(&[
            ("m.ron".into(), merged.clone()),
            inputs[0].clone(),
            inputs[1].clone(),
        ])
        .unwrap();
        assert_eq!(placement(&again), edit, "a later merge keeps the edit");

        // A second edit replaces the first rather than piling up.
        merged.workshops[0].place(1, "1", 6.0, 1.5);
        assert!(record_edits(&mut merged));
        assert_eq!(merged.conflicts[0].versions.len(), 3);
        assert_eq!(merged.conflicts[0].resolution(), Some(&placement(&merged)));
        // Moved back onto a's version: that version is the choice; the edit is gone.
        merged.workshops[0].place(1, "1", 9.0, 2.0);
        assert!(record_edits(&mut merged));
        assert_eq!(merged.conflicts[0].resolution(), Some(&placement(&a)));
        assert_eq!(merged.conflicts[0].versions.len(), 2);
        // Sent back to the tray: not an edit, the conflict stays as it was.
        let before = merged.conflicts.clone();
        merged.workshops[0].unplace(1, "1");
        assert!(!record_edits(&mut merged));
        assert_eq!(merged.conflicts, before);
        assert_eq!(merged.conflicts[0].resolution(), Some(&placement(&a)));
    }

    #[test]
    fn refinements_are_compared_field_by_field() {
        let r = Refinement {
            commitment: "1".into(),
            lead: "Cabinet Office".into(),
            objective: "Open by default".into(),
            milestones: vec![Milestone {
                deliverable: "Publish".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let mut other = r.clone();
        other.objective = "Release data".into();
        other.milestones.push(Milestone::default());
        let versions = [r, other].map(|r| Version::Refinement(Box::new(r)));
        let differing = differing_fields(&versions, crate::model::AmbitionScale::default());
        assert_eq!(
            differing
                .into_iter()
                .map(|name| name.to_string())
                .collect::<Vec<_>>(),
            ["Main objective", "Milestone 2", "Milestones"]
        );
        assert!(
            differing_fields(&versions[..1], crate::model::AmbitionScale::default()).is_empty()
        );
    }
}
