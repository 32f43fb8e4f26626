//! Merging session files: a union with provenance. Every placement, selection, refinement
//! and sign-up of every input stays in the workshop (and group) it came from; where inputs
//! disagree about one thing, every version is kept as a [`Conflict`] and nothing is dropped.
//!
//! The output is canonical — sorted, with nothing that depends on the order or the number
//! of merges — so merging is idempotent, commutative and associative on the bytes of the
//! file. Pure: no I/O.

use std::collections::{BTreeMap, BTreeSet};

use crate::i18n::{tr, trf};
use crate::model::{
    Commitment, Conflict, ConflictKey, Group, Placement, Refinement, Session, SignUp, Version,
    Workshop,
};

/// Every version seen of one thing, and the organizer's choices. Most things have one
/// version, so versions are kept in arrival order, without duplicates, and put in canonical
/// order only where there are several.
#[derive(Default)]
struct Slot {
    versions: Vec<Version>,
    resolutions: Vec<Version>,
}

impl Slot {
    fn add(&mut self, version: Version) {
        if !self.versions.contains(&version) {
            self.versions.push(version);
        }
    }

    fn add_resolution(&mut self, version: Version) {
        if !self.resolutions.contains(&version) {
            self.resolutions.push(version.clone());
        }
        self.add(version);
    }

    /// Puts versions and resolutions in canonical order (only needed with several).
    fn canonicalize(&mut self) {
        for list in [&mut self.versions, &mut self.resolutions] {
            if list.len() > 1 {
                list.sort_by_cached_key(canonical);
            }
        }
    }

    /// The version that goes into the session: the single choice, else the first version.
    fn effective(&self) -> &Version {
        match self.resolutions.as_slice() {
            [one] => one,
            _ => self
                .versions
                .first()
                .expect("a slot holds at least one version"),
        }
    }
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

/// Sort key for ids like "2" and "10": numbers in numeric order, then text.
pub fn natural_key(id: &str) -> (u64, &str) {
    let digits: String = id.chars().take_while(char::is_ascii_digit).collect();
    (digits.parse().unwrap_or(u64::MAX), id)
}

/// Merges sessions into one canonical session. Merging one session alone puts it in
/// canonical order.
pub fn merge(inputs: &[Session]) -> Session {
    let mut slots: BTreeMap<ConflictKey, Slot> = BTreeMap::new();
    let mut workshop_ids = BTreeSet::new();
    let mut selections: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut sign_ups: BTreeMap<String, BTreeMap<String, SignUp>> = BTreeMap::new();
    let mut add =
        |key: ConflictKey, version: Version| slots.entry(key).or_default().add(normalized(version));

    for session in inputs {
        for c in &session.commitments {
            add(
                ConflictKey::Commitment(c.id.clone()),
                Version::Commitment(c.clone()),
            );
        }
        for w in &session.workshops {
            workshop_ids.insert(w.id.clone());
            add(
                ConflictKey::WorkshopDetails(w.id.clone()),
                Version::WorkshopDetails(w.details()),
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
    }
    for session in inputs {
        for conflict in &session.conflicts {
            let slot = slots.entry(conflict.key.clone()).or_default();
            for v in &conflict.versions {
                slot.add(normalized(v.clone()));
            }
            for r in &conflict.resolutions {
                slot.add_resolution(normalized(r.clone()));
            }
        }
    }

    let mut commitments: Vec<Commitment> = Vec::new();
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
        match (key, slot.effective().clone()) {
            (ConflictKey::Commitment(_), Version::Commitment(c)) => commitments.push(c),
            (ConflictKey::WorkshopDetails(w), Version::WorkshopDetails(d)) => {
                workshop(&mut workshops, w).set_details(d);
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
            conflicts.push(Conflict {
                key: key.clone(),
                versions: slot.versions.clone(),
                resolutions: slot.resolutions.clone(),
            });
        }
    }

    commitments.sort_by(|a, b| natural_key(&a.id).cmp(&natural_key(&b.id)));
    let workshops = workshops
        .into_values()
        .map(|mut w| {
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
        ..Default::default()
    }
}

fn workshop<'a>(workshops: &'a mut BTreeMap<String, Workshop>, id: &str) -> &'a mut Workshop {
    workshops.entry(id.to_owned()).or_insert_with(|| Workshop {
        id: id.to_owned(),
        ..Default::default()
    })
}

/// One line about a conflict, for the command line and the conflicts panel.
pub fn describe(conflict: &Conflict, session: &Session) -> String {
    let workshop_name = |id: &str| {
        session
            .workshops
            .iter()
            .find(|w| w.id == id)
            .map_or_else(|| id.to_owned(), |w| format!("\"{}\"", w.name))
    };
    let group_name = |ws: &str, g: u32| {
        session
            .workshops
            .iter()
            .find(|w| w.id == ws)
            .and_then(|w| w.group(g))
            .map_or_else(|| trf("group %{g}", &[("g", &g)]), |g| g.name.clone())
    };
    let n = conflict.versions.len();
    let state = match (conflict.resolution(), conflict.resolutions.len()) {
        (Some(_), _) => tr(" — resolved"),
        (None, 0) => String::new(),
        (None, k) => trf(" — %{k} different choices, unresolved", &[("k", &k)]),
    };
    let what = match &conflict.key {
        ConflictKey::Commitment(id) => trf(
            "commitment %{id} has %{n} versions (title, theme, votes or description)",
            &[("id", &id), ("n", &n)],
        ),
        ConflictKey::WorkshopDetails(w) => trf(
            "workshop %{0} has %{n} versions of its details",
            &[("0", &workshop_name(w)), ("n", &n)],
        ),
        ConflictKey::Group { workshop, group } => trf(
            "workshop %{0}: group %{group} has %{n} names",
            &[
                ("0", &workshop_name(workshop)),
                ("group", &group),
                ("n", &n),
            ],
        ),
        ConflictKey::Placement {
            workshop,
            group,
            commitment,
        } => trf(
            "workshop %{0}: %{1} placed commitment %{commitment} in %{n} different ways",
            &[
                ("0", &workshop_name(workshop)),
                ("1", &group_name(workshop, *group)),
                ("commitment", &commitment),
                ("n", &n),
            ],
        ),
        ConflictKey::Refinement {
            workshop,
            commitment,
        } => trf(
            "workshop %{0}: %{n} versions of the refinement of commitment %{commitment}",
            &[
                ("0", &workshop_name(workshop)),
                ("n", &n),
                ("commitment", &commitment),
            ],
        ),
    };
    format!("{what}{state}")
}

/// Applies the organizer's choice: `version` becomes the thing the conflict is about and is
/// recorded as the resolution (added to the versions if it is a consolidated one).
pub fn resolve(session: &mut Session, conflict_index: usize, version: Version) {
    let Some(conflict) = session.conflicts.get_mut(conflict_index) else {
        return;
    };
    if !conflict.versions.contains(&version) {
        conflict.versions.push(version.clone());
        conflict.versions.sort_by_key(canonical);
    }
    conflict.resolutions = vec![version.clone()];
    let key = conflict.key.clone();
    apply(session, &key, version);
}

/// Puts a version in its place in the session.
pub fn apply(session: &mut Session, key: &ConflictKey, version: Version) {
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
                session.workshops[i].set_details(d);
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
        _ => {}
    }
}

/// The current value of the thing a conflict is about, as a version (for "keep what is in
/// the session now", after the organizer edited it into a consolidated version).
pub fn current(session: &Session, key: &ConflictKey) -> Option<Version> {
    let workshop = |id: &str| session.workshops.iter().find(|w| w.id == id);
    Some(match key {
        ConflictKey::Commitment(id) => Version::Commitment(session.commitment(id)?.clone()),
        ConflictKey::WorkshopDetails(w) => Version::WorkshopDetails(workshop(w)?.details()),
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
