//! The session: commitments, workshops, groups, placements, selections, refinements and
//! sign-ups. Plain data (serde), no egui; every other module builds on these types.
//!
//! A session file carries the commitments it uses and one or more workshops, each with a
//! stable id, so merged files use the same format as the file of a single workshop.

use serde::{Deserialize, Serialize};

use crate::text::{Localized, Message};

/// The version of the session file format this build writes and the newest it reads.
/// Version 2 nests a workshop's details under `details:`; version 1 (the previous release)
/// wrote them as fields of the workshop. Files of version 1 are read and saved as version 2
/// (see `file`).
/// Version 3 adds what the published plan needs: the session's ambition scale and
/// commitment template, the selection criteria, a reasoned response per idea, the current
/// template's fields and a commitment's Decidim id. A file of version 2 reads as it is (every
/// new field has its default) and is saved as version 3.
pub const FORMAT_VERSION: u32 = 3;

/// Lowest desirability (y axis).
pub const DESIRABILITY_MIN: f64 = 0.0;
/// Highest desirability (y axis).
pub const DESIRABILITY_MAX: f64 = 10.0;
/// Lowest ambition: "none".
pub const AMBITION_MIN: f64 = 0.0;
/// Highest ambition on any scale: "transformative" on the IRM's 2016 scale (the current
/// scale ends lower: [`AmbitionScale::max`]).
pub const AMBITION_MAX: f64 = 3.0;

/// The three desirability criteria the room scores against (from the Ontario workshops).
pub const DESIRABILITY_CRITERIA: [&str; 3] = [
    "has a tangible impact on Ontarians",
    "advances my work / the open-government movement",
    "enables more meaningful public participation",
];

/// A selection criterion as said to a reader: the built-in ones are translated, an
/// organizer's own is shown as written.
pub fn criterion_message(name: &str) -> Message {
    if let Some(&builtin) = DESIRABILITY_CRITERIA.iter().find(|&&c| c == name) {
        Message::new(builtin)
    } else {
        Message::verbatim(name.to_owned())
    }
}

/// One session file: the commitments it uses and the workshops it holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Session {
    /// Always [`FORMAT_VERSION`] when written by this build, and in memory (a file of an
    /// older version is upgraded as it is read), but for a newer file opened read-only: its
    /// own. 0 when a file has none.
    #[serde(default)]
    pub format_version: u32,
    /// The top-voted commitments, in list order.
    pub commitments: Vec<Commitment>,
    /// One or more workshops.
    pub workshops: Vec<Workshop>,
    /// Where merged inputs disagreed: every version is kept here, with the organizer's
    /// choice once made. Empty for a file that was never merged.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// The scale of the grid's ambition axis: the IRM's 2016 "potential impact" (the
    /// default) or its current "potential for results".
    pub ambition_scale: AmbitionScale,
    /// The commitment template the plan draft follows.
    pub template: Template,
    /// The selection criteria an organizer added to the three built in
    /// ([`DESIRABILITY_CRITERIA`]), such as feasibility or demand.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<String>,
    /// The reasoned response: what became of each idea, and why. At most one per
    /// commitment; an idea without one has no decision yet.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<Response>,
}

impl Default for Session {
    fn default() -> Self {
        Self {
            format_version: FORMAT_VERSION,
            commitments: Vec::new(),
            workshops: Vec::new(),
            conflicts: Vec::new(),
            ambition_scale: AmbitionScale::default(),
            template: Template::default(),
            criteria: Vec::new(),
            responses: Vec::new(),
        }
    }
}

impl Session {
    /// A session with the given commitments and one new workshop with `groups` groups,
    /// named "Group 1", "Group 2", … in English.
    pub fn new_workshop(commitments: Vec<Commitment>, name: &str, groups: usize) -> Self {
        Self::new_workshop_named(commitments, name, groups, Message::to_string)
    }

    /// Like [`Session::new_workshop`], each group named by `group_name` from its default
    /// name ([`Workshop::group_name`]): the window passes its translation.
    pub fn new_workshop_named(
        commitments: Vec<Commitment>,
        name: &str,
        groups: usize,
        group_name: impl Fn(&Message) -> String,
    ) -> Self {
        let mut workshop = Workshop::new(new_workshop_id(), name);
        for _ in 0..groups {
            workshop.add_group_named(&group_name(&Workshop::group_name(
                workshop.next_group_number(),
            )));
        }
        Self {
            commitments,
            workshops: vec![workshop],
            ..Default::default()
        }
    }

    /// The commitment with this id.
    pub fn commitment(&self, id: &str) -> Option<&Commitment> {
        self.commitments.iter().find(|c| c.id == id)
    }

    /// The reasoned response to an idea, if one was written.
    pub fn response(&self, commitment: &str) -> Option<&Response> {
        self.responses.iter().find(|r| r.commitment == commitment)
    }

    /// Every selection criterion: the three built in, then the organizer's own.
    pub fn all_criteria(&self) -> impl Iterator<Item = &str> {
        DESIRABILITY_CRITERIA
            .iter()
            .copied()
            .chain(self.criteria.iter().map(String::as_str))
    }
}

/// A commitment id as cocreate keeps it, so that ids that look the same are the same id:
/// hidden characters removed (zero-width spaces and joiners, bidi marks, the BOM, soft
/// hyphens: [`crate::text::is_hidden`]), blanks trimmed from both ends, and the rest in
/// Unicode NFC ("café" typed as one character or as "e" and a combining accent).
pub fn canonical_id(id: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    let visible: String = id.chars().filter(|&c| !crate::text::is_hidden(c)).collect();
    visible.trim().nfc().collect()
}

/// What two ids are compared as to find look-alikes: the canonical id in lower case.
pub fn id_fold(id: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    canonical_id(id).to_lowercase().nfc().collect()
}

impl Session {
    /// Puts every commitment id in its [`canonical_id`] form: the commitments' own, and
    /// every reference to one (placements, selections, refinements, sign-ups, and the
    /// conflicts' keys, versions and resolutions). Done on every load and import, so files
    /// written before the rule, or on another system, merge as they read.
    pub fn canonicalize_ids(&mut self) {
        fn fix(id: &mut String) {
            let canonical = canonical_id(id);
            if *id != canonical {
                *id = canonical;
            }
        }
        for c in &mut self.commitments {
            fix(&mut c.id);
        }
        for w in &mut self.workshops {
            w.placements.iter_mut().for_each(|p| fix(&mut p.commitment));
            w.selection.iter_mut().for_each(fix);
            w.refinements
                .iter_mut()
                .for_each(|r| fix(&mut r.commitment));
            w.sign_ups.iter_mut().for_each(|s| fix(&mut s.commitment));
            w.placement_index.built_for = usize::MAX;
        }
        for r in &mut self.responses {
            r.fix_ids(fix);
        }
        for conflict in &mut self.conflicts {
            match &mut conflict.key {
                ConflictKey::Commitment(id)
                | ConflictKey::Placement { commitment: id, .. }
                | ConflictKey::Response(id)
                | ConflictKey::Refinement { commitment: id, .. } => fix(id),
                ConflictKey::WorkshopDetails(_) | ConflictKey::Group { .. } => {}
            }
            for version in conflict
                .versions
                .iter_mut()
                .chain(&mut conflict.resolutions)
            {
                match version {
                    Version::Commitment(c) => fix(&mut c.id),
                    Version::Placement(p) => fix(&mut p.commitment),
                    Version::Refinement(r) => fix(&mut r.commitment),
                    Version::Response(r) => r.fix_ids(fix),
                    Version::WorkshopDetails(_) | Version::Group(_) => {}
                }
            }
        }
    }
}

/// A fresh workshop id: time and process based, unique enough for files made by hand.
pub fn new_workshop_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(nanos);
    hasher.write_u32(std::process::id());
    format!("ws-{:016x}", hasher.finish())
}

/// One idea from the top-voted list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Commitment {
    /// Short id, shown as the point's label on the grid (e.g. "7").
    pub id: String,
    /// The idea as voted on.
    pub title: String,
    /// Theme text; the four seed themes have fixed colours.
    pub theme: String,
    /// Votes it received before the workshops.
    pub votes: u32,
    /// Plain-language description.
    pub description: String,
    /// The id of the proposal this idea was in Decidim, when it came from there (the
    /// commitment list's optional `decidim_id` column): `--format decidim-answers` answers
    /// it there.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub decidim_id: String,
}

/// In person or online.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    /// Participants in one room.
    #[default]
    InPerson,
    /// A video-conference workshop.
    Online,
}

/// Attendance by stakeholder type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Attendance {
    /// Civil-society members.
    pub civil_society: u32,
    /// Ministry representatives.
    pub ministry: u32,
    /// Individual citizens.
    pub citizens: u32,
    /// Anyone else (academia, private sector, ...).
    pub other: u32,
}

impl Attendance {
    /// Everyone who attended (in 64 bits: four 32-bit counts never overflow it).
    pub fn total(&self) -> u64 {
        [self.civil_society, self.ministry, self.citizens, self.other]
            .into_iter()
            .map(u64::from)
            .sum()
    }
}

/// The period the action plan covers, as `YYYY-MM` months; milestones must end inside it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlanPeriod {
    /// First month, `YYYY-MM`.
    pub start: String,
    /// Last month, `YYYY-MM`.
    pub end: String,
}

/// One event: its details, its groups and everything they produced.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Workshop {
    /// Stable id; merged files keep it to say where things came from.
    pub id: String,
    /// Name, place, date, attendance, plan period: what two copies of the workshop can
    /// disagree on as a whole (a merge's `WorkshopDetails` conflict).
    pub details: WorkshopDetails,
    /// Tables of participants.
    pub groups: Vec<Group>,
    /// One entry per group and commitment placed.
    pub placements: Vec<Placement>,
    /// Ids of the commitments selected for refinement, in selection order.
    pub selection: Vec<String>,
    /// SMART / OGP-template forms of selected commitments.
    pub refinements: Vec<Refinement>,
    /// People who want to stay involved.
    pub sign_ups: Vec<SignUp>,
    /// Where each placement is, for [`Workshop::place`]: a cache, never saved or compared
    /// (public only so that `Workshop { id, ..Default::default() }` works everywhere).
    #[serde(skip)]
    pub placement_index: PlacementIndex,
}

/// Where each of a workshop's placements is, by group and commitment, so that
/// [`Workshop::place`] finds a placement (or knows it is new) without searching them all:
/// a demo of 16 groups × 10,000 commitments makes 160,000 placements. Not part of the
/// session (never saved, never compared). It is rebuilt whenever `placements` no longer
/// has the length it was built for, and whenever the entry it points at is not the one
/// asked for; the methods that remove placements mark it stale. Code that edits
/// `placements` directly changes their number (push, retain) or goes through the methods.
#[derive(Clone, Default)]
pub struct PlacementIndex {
    positions: std::collections::HashMap<(u32, String), usize>,
    /// The length of `placements` the index describes; `usize::MAX` when stale.
    built_for: usize,
}

impl PartialEq for PlacementIndex {
    fn eq(&self, _: &Self) -> bool {
        true // a cache: two workshops with the same placements are equal
    }
}

impl std::fmt::Debug for PlacementIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PlacementIndex")
    }
}

impl Workshop {
    /// An empty workshop.
    pub fn new(id: String, name: &str) -> Self {
        Self {
            id,
            details: WorkshopDetails {
                name: name.to_owned(),
                plan_period: PlanPeriod {
                    start: "2017-01".to_owned(),
                    end: "2018-06".to_owned(),
                },
                ..Default::default()
            },
            ..Default::default()
        }
    }

    /// The number in the default name of the next group: one more than the groups there
    /// are ("Group 4" after three).
    pub fn next_group_number(&self) -> usize {
        self.groups.len() + 1
    }

    /// The default name of group `number`: "Group N" in English, translated by the window.
    pub fn group_name(number: usize) -> Message {
        Message::new("Group %{n}").with("n", number)
    }

    /// Adds a group named `name` with the next free id; returns its id.
    pub fn add_group_named(&mut self, name: &str) -> u32 {
        let id = self.groups.iter().map(|g| g.id + 1).max().unwrap_or(1);
        self.groups.push(Group {
            id,
            name: name.to_owned(),
        });
        id
    }

    /// Adds a group with its default English name, "Group N" ([`Workshop::group_name`] of
    /// [`Workshop::next_group_number`]), as the command line writes it; returns its id.
    pub fn add_group(&mut self) -> u32 {
        self.add_group_named(&Self::group_name(self.next_group_number()).to_string())
    }

    /// Removes a group and its placements.
    pub fn remove_group(&mut self, group: u32) {
        self.groups.retain(|g| g.id != group);
        self.placements.retain(|p| p.group != group);
        self.placement_index.built_for = usize::MAX;
    }

    /// The group with this id.
    pub fn group(&self, id: u32) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The group's placement of a commitment.
    pub fn placement(&self, group: u32, commitment: &str) -> Option<&Placement> {
        self.placements
            .iter()
            .find(|p| p.group == group && p.commitment == commitment)
    }

    /// Places (or moves) a commitment for a group; values are clamped to the grid and kept
    /// at the precision the grid shows ([`DESIRABILITY_STEP`], [`AMBITION_STEP`]).
    pub fn place(&mut self, group: u32, commitment: &str, desirability: f64, ambition: f64) {
        let desirability = grid_value(
            desirability,
            DESIRABILITY_MIN,
            DESIRABILITY_MAX,
            DESIRABILITY_STEP,
        );
        let ambition = grid_value(ambition, AMBITION_MIN, AMBITION_MAX, AMBITION_STEP);
        if let Some(i) = self.placement_position(group, commitment) {
            let p = &mut self.placements[i];
            p.desirability = desirability;
            p.ambition = ambition;
        } else {
            self.placement_index
                .positions
                .insert((group, commitment.to_owned()), self.placements.len());
            self.placements.push(Placement {
                group,
                commitment: commitment.to_owned(),
                desirability,
                ambition,
                note: String::new(),
            });
            self.placement_index.built_for = self.placements.len();
        }
    }

    /// Where the group's placement of a commitment is, through the index (rebuilt first if
    /// the placements changed behind its back).
    fn placement_position(&mut self, group: u32, commitment: &str) -> Option<usize> {
        let matches = |p: &Placement| p.group == group && p.commitment == commitment;
        if self.placement_index.built_for == self.placements.len() {
            match self
                .placement_index
                .positions
                .get(&(group, commitment.to_owned()))
            {
                Some(&i) if self.placements.get(i).is_some_and(matches) => return Some(i),
                Some(_) => {} // moved: rebuild
                None => {
                    debug_assert!(
                        !self.placements.iter().any(matches),
                        "the placement index missed a placement"
                    );
                    return None;
                }
            }
        }
        self.placement_index = PlacementIndex {
            positions: self
                .placements
                .iter()
                .enumerate()
                .map(|(i, p)| ((p.group, p.commitment.clone()), i))
                .collect(),
            built_for: self.placements.len(),
        };
        self.placement_index
            .positions
            .get(&(group, commitment.to_owned()))
            .copied()
            .filter(|&i| matches(&self.placements[i]))
    }

    /// Sets the group's reason for a placement (its `note`). Returns whether the commitment
    /// is placed by the group and the note changed.
    pub fn set_note(&mut self, group: u32, commitment: &str, note: &str) -> bool {
        match self
            .placements
            .iter_mut()
            .find(|p| p.group == group && p.commitment == commitment)
        {
            Some(p) if p.note != note => {
                note.clone_into(&mut p.note);
                true
            }
            _ => false,
        }
    }

    /// Sends a commitment back to the group's tray. Returns whether it was placed.
    pub fn unplace(&mut self, group: u32, commitment: &str) -> bool {
        let before = self.placements.len();
        self.placements
            .retain(|p| !(p.group == group && p.commitment == commitment));
        self.placement_index.built_for = usize::MAX;
        before != self.placements.len()
    }

    /// Whether the commitment is selected for refinement.
    pub fn is_selected(&self, commitment: &str) -> bool {
        self.selection.iter().any(|c| c == commitment)
    }

    /// Selects or deselects a commitment. A refinement already typed is kept when it is
    /// deselected, so selecting it again brings the work back.
    pub fn set_selected(&mut self, commitment: &str, selected: bool) {
        if selected {
            if !self.is_selected(commitment) {
                self.selection.push(commitment.to_owned());
            }
        } else {
            self.selection.retain(|c| c != commitment);
        }
    }

    /// The refinement of a commitment, created empty when missing.
    pub fn refinement_mut(&mut self, commitment: &str) -> &mut Refinement {
        if let Some(i) = self
            .refinements
            .iter()
            .position(|r| r.commitment == commitment)
        {
            &mut self.refinements[i]
        } else {
            self.refinements.push(Refinement {
                commitment: commitment.to_owned(),
                ..Default::default()
            });
            self.refinements.last_mut().expect("just pushed")
        }
    }

    /// The refinement of a commitment, if one was started.
    pub fn refinement(&self, commitment: &str) -> Option<&Refinement> {
        self.refinements.iter().find(|r| r.commitment == commitment)
    }
}

/// Desirability is kept to a tenth: the grid and every report show one decimal.
pub const DESIRABILITY_STEP: f64 = 0.1;
/// Ambition is kept to a twentieth of a level: the finest keyboard step.
pub const AMBITION_STEP: f64 = 0.05;

/// A value clamped to the grid and rounded to its step, never negative zero.
pub fn grid_value(value: f64, min: f64, max: f64, step: f64) -> f64 {
    let steps = (clamp_finite(value, min, max) / step).round();
    // Dividing again (rather than multiplying by the step) gives the shortest decimal:
    // 0.3, not 0.30000000000000004. Adding 0.0 turns -0.0 into 0.0.
    (steps / (1.0 / step)).clamp(min, max) + 0.0
}

fn clamp_finite(value: f64, min: f64, max: f64) -> f64 {
    if value.is_finite() {
        value.clamp(min, max)
    } else {
        min
    }
}

/// A workshop's own details (not its groups or results): [`Workshop::details`], and a
/// version of a `WorkshopDetails` conflict.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkshopDetails {
    /// Name shown in the window and reports.
    pub name: String,
    /// Where it took place (or the platform, online).
    pub location: String,
    /// In person or online.
    pub mode: Mode,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Who facilitated.
    pub facilitator: String,
    /// Who came.
    pub attendance: Attendance,
    /// The action plan's period, for the time-bound check.
    pub plan_period: PlanPeriod,
}

/// What a conflict is about: one thing that two merged inputs saw differently.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ConflictKey {
    /// A commitment's title, theme, votes or description.
    Commitment(String),
    /// A workshop's details.
    WorkshopDetails(String),
    /// The reasoned response to one idea (commitment id).
    Response(String),
    /// A group's name.
    Group {
        /// Workshop id.
        workshop: String,
        /// Group id.
        group: u32,
    },
    /// One group's placement of one commitment.
    Placement {
        /// Workshop id.
        workshop: String,
        /// Group id.
        group: u32,
        /// Commitment id.
        commitment: String,
    },
    /// One workshop's refinement of one commitment.
    Refinement {
        /// Workshop id.
        workshop: String,
        /// Commitment id.
        commitment: String,
    },
}

/// One version of the thing a conflict is about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Version {
    /// A commitment.
    Commitment(Commitment),
    /// A workshop's details.
    WorkshopDetails(WorkshopDetails),
    /// A group.
    Group(Group),
    /// A placement.
    Placement(Placement),
    /// A refinement (boxed: it is much larger than the others).
    Refinement(Box<Refinement>),
    /// A reasoned response.
    Response(Response),
}

/// Where one version of a conflict came from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Source {
    /// An input of a merge.
    File {
        /// The file's name: never a full path (folders only where two inputs share a
        /// name, as many as tell them apart).
        file: String,
        /// The name of the workshop copy in that file (for a commitment: the names of the
        /// file's workshops).
        workshop: String,
    },
    /// The organizer's consolidated version, edited in the window.
    Edited,
}

/// Two or more versions of one thing, kept side by side until the organizer chooses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// What it is about.
    pub key: ConflictKey,
    /// Every version seen, ordered by their sources, then by canonical text.
    pub versions: Vec<Version>,
    /// The organizer's choice (one of `versions`, or a consolidated version added to
    /// them). Several entries mean different choices met in a merge: then none applies.
    #[serde(default)]
    pub resolutions: Vec<Version>,
    /// Where each version came from, parallel to `versions` (each a sorted set). Empty
    /// when nothing was recorded: files written before sources were, merges without
    /// file names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Vec<Source>>,
}

impl Conflict {
    /// The version that applies: the organizer's single choice, if any.
    pub fn resolution(&self) -> Option<&Version> {
        match self.resolutions.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    /// Where version `index` came from (empty when not recorded).
    pub fn sources_of(&self, index: usize) -> &[Source] {
        self.sources.get(index).map_or(&[], Vec::as_slice)
    }
}

/// A table of participants inside one workshop.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Group {
    /// Stable within its workshop; placements refer to it. Also picks colour and marker.
    pub id: u32,
    /// Shown in the legend.
    pub name: String,
}

/// One group's position of one commitment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Placement {
    /// [`Group::id`] in the same workshop.
    pub group: u32,
    /// [`Commitment::id`].
    pub commitment: String,
    /// 0 (low) to 10 (high).
    pub desirability: f64,
    /// 0.0 (none) to 3.0 (transformative).
    pub ambition: f64,
    /// What the group said about it.
    pub note: String,
}

/// The scale of the grid's ambition axis: how the OGP's Independent Reporting Mechanism
/// (IRM) rates what a commitment could achieve. A session uses one.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum AmbitionScale {
    /// The IRM's "potential impact" of 2016 (none, minor, moderate, transformative): the
    /// seed's scale, and the default.
    #[default]
    PotentialImpact,
    /// The IRM's current "potential for results" (unclear, modest, substantial), used in its
    /// action-plan reviews since the IRM refresh.
    PotentialForResults,
}

impl AmbitionScale {
    /// Both, the default first.
    pub const ALL: [Self; 2] = [Self::PotentialImpact, Self::PotentialForResults];

    /// Its levels, low to high: level `i` sits at ambition value `i`.
    pub fn levels(self) -> &'static [AmbitionLevel] {
        match self {
            Self::PotentialImpact => &[
                AmbitionLevel::None,
                AmbitionLevel::Minor,
                AmbitionLevel::Moderate,
                AmbitionLevel::Transformative,
            ],
            Self::PotentialForResults => &[
                AmbitionLevel::Unclear,
                AmbitionLevel::Modest,
                AmbitionLevel::Substantial,
            ],
        }
    }

    /// The highest ambition value on this scale (its top level's).
    pub fn max(self) -> f64 {
        (self.levels().len() - 1) as f64
    }

    /// The level nearest to an ambition value (the lowest for a value that is not a number).
    pub fn nearest(self, ambition: f64) -> AmbitionLevel {
        let levels = self.levels();
        let index = if ambition.is_finite() {
            ambition.round().clamp(0.0, self.max()) as usize
        } else {
            0
        };
        levels[index]
    }

    /// The English name of the scale (and the key of its translations).
    pub fn name(self) -> &'static str {
        match self {
            Self::PotentialImpact => "potential impact (IRM, 2016)",
            Self::PotentialForResults => "potential for results (IRM, current)",
        }
    }

    /// The name of the axis that shows it.
    pub fn axis_name(self) -> &'static str {
        match self {
            Self::PotentialImpact => "Ambition (potential impact)",
            Self::PotentialForResults => "Ambition (potential for results)",
        }
    }
}

impl Localized for AmbitionScale {
    /// Its name.
    fn message(&self) -> Message {
        Message::new(self.name())
    }
}

/// A level of ambition on one of the IRM's scales ([`AmbitionScale`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AmbitionLevel {
    /// Potential impact: none.
    None,
    /// Potential impact: minor.
    Minor,
    /// Potential impact: moderate.
    Moderate,
    /// Potential impact: transformative.
    Transformative,
    /// Potential for results: unclear.
    Unclear,
    /// Potential for results: modest.
    Modest,
    /// Potential for results: substantial.
    Substantial,
}

impl AmbitionLevel {
    /// The four levels of the 2016 scale, low to high.
    pub const ALL: [Self; 4] = [
        Self::None,
        Self::Minor,
        Self::Moderate,
        Self::Transformative,
    ];

    /// The nearest level to an ambition value on the 2016 scale (see
    /// [`AmbitionScale::nearest`] for a session's own scale).
    pub fn nearest(ambition: f64) -> Self {
        AmbitionScale::PotentialImpact.nearest(ambition)
    }

    /// The scale it belongs to.
    pub fn scale(self) -> AmbitionScale {
        match self {
            Self::None | Self::Minor | Self::Moderate | Self::Transformative => {
                AmbitionScale::PotentialImpact
            }
            Self::Unclear | Self::Modest | Self::Substantial => AmbitionScale::PotentialForResults,
        }
    }

    /// Lower-case English name, as in the seed and the IRM's texts (and the key of its
    /// translations).
    pub fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Minor => "minor",
            Self::Moderate => "moderate",
            Self::Transformative => "transformative",
            Self::Unclear => "unclear",
            Self::Modest => "modest",
            Self::Substantial => "substantial",
        }
    }

    /// The ambition value at the centre of the level's band on its scale: its rank.
    pub fn value(self) -> f64 {
        let levels = self.scale().levels();
        levels.iter().position(|&l| l == self).unwrap_or(0) as f64
    }
}

impl Localized for AmbitionLevel {
    /// Its name.
    fn message(&self) -> Message {
        Message::new(self.name())
    }
}

/// The commitment template the plan draft follows, and the Refine form with it.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Template {
    /// The 2016 OGP commitment template: the seed's headings, and the default.
    #[default]
    Ogp2016,
    /// The commitment template of the current OGP National Handbook: problem and causes,
    /// what was done so far, the solution, expected results, the commitment analysis and
    /// the planning table.
    Current,
}

impl Template {
    /// Both, the default first.
    pub const ALL: [Self; 2] = [Self::Ogp2016, Self::Current];

    /// English name (and the key of its translations).
    pub fn name(self) -> &'static str {
        match self {
            Self::Ogp2016 => "OGP template of 2016",
            Self::Current => "current OGP template (National Handbook)",
        }
    }
}

impl Localized for Template {
    /// Its name.
    fn message(&self) -> Message {
        Message::new(self.name())
    }
}

/// What became of a top-voted idea.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Outcome {
    /// Not decided yet (the same as no response).
    #[default]
    Undecided,
    /// Taken into the action plan.
    Selected,
    /// Folded into another idea (its commitment id), which carries it into the plan.
    MergedInto(String),
    /// Kept for a later action plan.
    Deferred,
    /// Considered and not taken.
    NotSelected,
    /// Outside what the action plan can commit to.
    OutOfScope,
}

impl Outcome {
    /// Every kind of outcome, in the order a form lists them (`MergedInto` with no id).
    pub fn kinds() -> [Self; 6] {
        [
            Self::Undecided,
            Self::Selected,
            Self::MergedInto(String::new()),
            Self::Deferred,
            Self::NotSelected,
            Self::OutOfScope,
        ]
    }

    /// English label, without the idea merged into (and the key of its translations).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Undecided => "no decision yet",
            Self::Selected => "selected for the plan",
            Self::MergedInto(_) => "merged into another idea",
            Self::Deferred => "deferred",
            Self::NotSelected => "not selected",
            Self::OutOfScope => "out of scope",
        }
    }

    /// Whether two outcomes are of the same kind (merged into anything is one kind).
    pub fn same_kind(&self, other: &Self) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

impl Localized for Outcome {
    /// Its label; "merged into idea N" for a merge.
    fn message(&self) -> Message {
        match self {
            Self::MergedInto(id) if !id.is_empty() => {
                Message::new("merged into idea %{id}").with("id", id.as_str())
            }
            other => Message::new(other.name()),
        }
    }
}

/// The reasoned response to one idea: its outcome, why, and the selection criteria the
/// reason rests on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Response {
    /// [`Commitment::id`].
    pub commitment: String,
    /// What became of it.
    pub outcome: Outcome,
    /// Why, in the organizers' words.
    pub reason: String,
    /// The selection criteria cited (by name: one of [`Session::all_criteria`]).
    pub criteria: Vec<String>,
}

impl Response {
    /// Applies `fix` to every commitment id it holds.
    pub fn fix_ids(&mut self, fix: fn(&mut String)) {
        fix(&mut self.commitment);
        if let Outcome::MergedInto(id) = &mut self.outcome {
            fix(id);
        }
    }
}

/// The OGP values a commitment is relevant to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OgpValues {
    /// Access to information.
    pub access_to_information: bool,
    /// Civic participation.
    pub civic_participation: bool,
    /// Public accountability.
    pub public_accountability: bool,
    /// Technology and innovation for openness and accountability.
    pub technology_and_innovation: bool,
}

impl OgpValues {
    /// OGP requires at least one of the first three.
    pub fn any_core(&self) -> bool {
        self.access_to_information || self.civic_participation || self.public_accountability
    }
}

/// The note-taker's answer to each SMART criterion, in the room's own words.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmartNotes {
    /// What exactly will change, for whom.
    pub specific: String,
    /// How progress will be measured (indicator, baseline, target).
    pub measurable: String,
    /// Why it can be done in the plan period (OGP: "actionable").
    pub achievable: String,
    /// Why it matters to the public and to OGP values.
    pub relevant: String,
    /// The deadline or schedule.
    pub time_bound: String,
}

/// Whether a milestone starts something new or continues existing work.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Novelty {
    /// A new activity.
    #[default]
    New,
    /// Continues existing work.
    Ongoing,
}

/// A verifiable deliverable of a commitment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Milestone {
    /// What will exist when it is done.
    pub deliverable: String,
    /// New or ongoing.
    pub novelty: Novelty,
    /// `YYYY-MM`.
    pub start: String,
    /// `YYYY-MM`.
    pub end: String,
    /// Who implements it.
    pub implementer: String,
    /// Who monitors it (who is answerable).
    pub monitor: String,
    /// The current template's planning table: its expected outputs.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub output: String,
    /// The current template's planning table: the stakeholders involved.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub stakeholders: String,
}

impl Milestone {
    /// Whether nothing is written in it (such as one added and left empty): every text
    /// blank, whatever its novelty.
    pub fn is_empty(&self) -> bool {
        [
            &self.deliverable,
            &self.start,
            &self.end,
            &self.implementer,
            &self.monitor,
            &self.output,
            &self.stakeholders,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }
}

/// The SMART / OGP-template form of one selected commitment at one workshop.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Refinement {
    /// [`Commitment::id`].
    pub commitment: String,
    /// Responsible department or team.
    pub lead: String,
    /// Its contact (name, e-mail).
    pub lead_contact: String,
    /// Other government actors.
    pub actors_government: String,
    /// Civil society, private sector, academia.
    pub actors_civil_society: String,
    /// Status quo or problem to be addressed.
    pub problem: String,
    /// Main objective.
    pub objective: String,
    /// Brief description.
    pub description: String,
    /// OGP values it advances.
    pub values: OgpValues,
    /// How it advances them.
    pub relevance: String,
    /// Intended results (the current template: "What results do we want to achieve?").
    pub ambition: String,
    /// The note-takers' own rating of its ambition on the session's scale, set beside the
    /// room's median by the IRM pre-check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stated_ambition: Option<AmbitionLevel>,
    /// The current template: the causes of the problem.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub causes: String,
    /// The current template: what has been done so far to solve it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub done_so_far: String,
    /// The current template's commitment analysis: how it promotes transparency,
    /// accountability and participation.
    #[serde(skip_serializing_if = "Analysis::is_empty")]
    pub analysis: Analysis,
    /// The room's SMART notes.
    pub smart: SmartNotes,
    /// Verifiable deliverables.
    pub milestones: Vec<Milestone>,
}

/// The current template's commitment analysis: three questions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Analysis {
    /// How will the commitment promote transparency?
    pub transparency: String,
    /// How will it help foster accountability?
    pub accountability: String,
    /// How will it improve citizen participation in defining, implementing and monitoring
    /// solutions?
    pub participation: String,
}

impl Analysis {
    /// Whether no question is answered.
    pub fn is_empty(&self) -> bool {
        self.transparency.is_empty()
            && self.accountability.is_empty()
            && self.participation.is_empty()
    }
}

/// The part a person signs up to play.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// Help implement it.
    Implement,
    /// Monitor its progress.
    Monitor,
    /// Advise (steering committee).
    #[default]
    Advise,
}

impl Role {
    /// All roles, in form order.
    pub const ALL: [Self; 3] = [Self::Implement, Self::Monitor, Self::Advise];

    /// English label (and the key of its translations).
    pub fn name(self) -> &'static str {
        match self {
            Self::Implement => "implement",
            Self::Monitor => "monitor",
            Self::Advise => "advise",
        }
    }
}

impl Localized for Role {
    /// Its name.
    fn message(&self) -> Message {
        Message::new(self.name())
    }
}

/// A person who wants to stay involved with a commitment. Personal data: never in reports
/// unless asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SignUp {
    /// [`Commitment::id`].
    pub commitment: String,
    /// Full name.
    pub name: String,
    /// Organization.
    pub organization: String,
    /// E-mail.
    pub email: String,
    /// What they will do.
    pub role: Role,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_and_send_backs_touch_only_the_groups_own_point() {
        let mut w = Workshop::new("w".into(), "W");
        let (a, b) = (w.add_group(), w.add_group());
        for g in [a, b] {
            for c in ["1", "2"] {
                w.place(g, c, 5.0, 1.0);
            }
        }
        assert!(w.set_note(b, "1", "ours"));
        assert!(!w.set_note(b, "1", "ours"), "the same note: no change");
        assert!(!w.set_note(b, "3", "x"), "not placed");
        let notes: Vec<(u32, &str, &str)> = w
            .placements
            .iter()
            .map(|p| (p.group, p.commitment.as_str(), p.note.as_str()))
            .collect();
        assert_eq!(
            notes,
            [(a, "1", ""), (a, "2", ""), (b, "1", "ours"), (b, "2", "")]
        );
        assert!(w.unplace(a, "2"));
        assert!(!w.unplace(a, "2"));
        let left: Vec<(u32, &str)> = w
            .placements
            .iter()
            .map(|p| (p.group, p.commitment.as_str()))
            .collect();
        assert_eq!(left, [(a, "1"), (b, "1"), (b, "2")]);
        // Found again after the placements moved.
        assert_eq!(
            w.placement(b, "2").map(|p| p.commitment.as_str()),
            Some("2")
        );
        w.place(b, "2", 7.0, 2.0);
        assert_eq!(w.placement(b, "2").map(|p| p.desirability), Some(7.0));
        assert_eq!(w.placements.len(), 3, "moved, not added");
    }

    #[test]
    fn templates_outcomes_values_and_analyses_say_what_they_are() {
        assert_eq!(Template::Ogp2016.name(), "OGP template of 2016");
        assert_eq!(
            Template::Current.name(),
            "current OGP template (National Handbook)"
        );
        assert_eq!(
            Outcome::MergedInto("4".into()).message().to_string(),
            "merged into idea 4"
        );
        assert_eq!(
            Outcome::MergedInto(String::new()).message().to_string(),
            Outcome::MergedInto(String::new()).name()
        );
        for (values, core) in [
            (OgpValues::default(), false),
            (
                OgpValues {
                    access_to_information: true,
                    ..Default::default()
                },
                true,
            ),
            (
                OgpValues {
                    civic_participation: true,
                    ..Default::default()
                },
                true,
            ),
            (
                OgpValues {
                    public_accountability: true,
                    ..Default::default()
                },
                true,
            ),
        ] {
            assert_eq!(values.any_core(), core, "{values:?}");
        }
        assert!(Analysis::default().is_empty());
        for answered in [
            Analysis {
                transparency: "t".into(),
                ..Default::default()
            },
            Analysis {
                accountability: "a".into(),
                ..Default::default()
            },
            Analysis {
                participation: "p".into(),
                ..Default::default()
            },
        ] {
            assert!(!answered.is_empty(), "{answered:?}");
        }
    }

    #[test]
    fn canonical_ids_reach_every_reference_to_a_commitment() {
        let nfd = "cafe\u{301}";
        let nfc = canonical_id(nfd);
        assert_ne!(nfc, nfd);
        let mut s = Session::new_workshop(
            vec![Commitment {
                id: nfd.into(),
                title: "Café".into(),
                ..Default::default()
            }],
            "W",
            1,
        );
        let w = &mut s.workshops[0];
        w.place(1, nfd, 5.0, 1.0);
        w.selection.push(nfd.into());
        w.refinement_mut(nfd).objective = "O".into();
        s.responses.push(Response {
            commitment: nfd.into(),
            ..Default::default()
        });
        s.canonicalize_ids();
        let w = &s.workshops[0];
        assert_eq!(s.commitments[0].id, nfc);
        assert_eq!(w.placements[0].commitment, nfc);
        assert_eq!(w.selection, std::slice::from_ref(&nfc));
        assert_eq!(w.refinements[0].commitment, nfc);
        assert_eq!(s.responses[0].commitment, nfc);
        assert!(w.placement(1, &nfc).is_some(), "found by its canonical id");
    }

    #[test]
    fn a_refinement_is_found_by_its_commitment_or_made_for_it() {
        let mut w = Workshop::new("w".into(), "W");
        w.refinement_mut("1").objective = "one".into();
        w.refinement_mut("2").objective = "two".into();
        assert_eq!(w.refinement_mut("2").objective, "two");
        assert_eq!(w.refinement_mut("1").objective, "one");
        assert_eq!(w.refinements.len(), 2);
    }

    #[test]
    fn workshop_ids_are_fresh_and_each_scale_names_its_axis() {
        let (a, b) = (new_workshop_id(), new_workshop_id());
        assert_ne!(a, b);
        for id in [&a, &b] {
            let hex = id.strip_prefix("ws-").expect("ws- first");
            assert!(
                !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()),
                "{id}"
            );
        }
        assert_eq!(
            AmbitionScale::PotentialImpact.axis_name(),
            "Ambition (potential impact)"
        );
        assert_eq!(
            AmbitionScale::PotentialForResults.axis_name(),
            "Ambition (potential for results)"
        );
    }

    #[test]
    fn each_scale_rounds_to_its_own_levels() {
        let results = AmbitionScale::PotentialForResults;
        assert_eq!(results.max(), 2.0);
        assert_eq!(results.nearest(0.49), AmbitionLevel::Unclear);
        assert_eq!(results.nearest(0.5), AmbitionLevel::Modest);
        assert_eq!(results.nearest(3.0), AmbitionLevel::Substantial);
        assert_eq!(results.nearest(f64::NAN), AmbitionLevel::Unclear);
        assert_eq!(AmbitionScale::PotentialImpact.max(), 3.0);
        for scale in AmbitionScale::ALL {
            for (i, level) in scale.levels().iter().enumerate() {
                assert_eq!(level.scale(), scale);
                assert_eq!(level.value(), i as f64);
                assert_eq!(scale.nearest(level.value()), *level);
            }
        }
    }

    #[test]
    fn ambition_levels_round_to_nearest() {
        assert_eq!(AmbitionLevel::nearest(0.0), AmbitionLevel::None);
        assert_eq!(AmbitionLevel::nearest(0.49), AmbitionLevel::None);
        assert_eq!(AmbitionLevel::nearest(0.5), AmbitionLevel::Minor);
        assert_eq!(AmbitionLevel::nearest(2.4), AmbitionLevel::Moderate);
        assert_eq!(AmbitionLevel::nearest(3.0), AmbitionLevel::Transformative);
        assert_eq!(AmbitionLevel::nearest(f64::NAN), AmbitionLevel::None);
        assert_eq!(AmbitionLevel::nearest(99.0), AmbitionLevel::Transformative);
    }

    #[test]
    fn place_clamps_and_moves() {
        let mut w = Workshop::new("ws".into(), "Test");
        let g = w.add_group();
        w.place(g, "1", 12.0, -1.0);
        assert_eq!(
            w.placement(g, "1").map(|p| (p.desirability, p.ambition)),
            Some((10.0, 0.0))
        );
        w.place(g, "1", 5.0, 1.5);
        assert_eq!(w.placements.len(), 1);
        assert_eq!(
            w.placement(g, "1").map(|p| (p.desirability, p.ambition)),
            Some((5.0, 1.5))
        );
        assert!(w.unplace(g, "1"));
        assert!(!w.unplace(g, "1"));
    }

    #[test]
    fn group_ids_stay_stable_after_removal() {
        let mut w = Workshop::new("ws".into(), "Test");
        let a = w.add_group();
        let b = w.add_group();
        w.place(a, "1", 1.0, 1.0);
        w.place(b, "1", 2.0, 2.0);
        w.remove_group(a);
        let c = w.add_group();
        assert_ne!(c, b);
        assert_eq!(
            w.groups.iter().map(|g| g.id).collect::<Vec<_>>(),
            [b, c],
            "b keeps its id"
        );
        assert_eq!(w.placements.len(), 1);
        assert_eq!(w.placements[0].group, b);
    }

    #[test]
    fn selection_keeps_refinement_when_toggled() {
        let mut w = Workshop::new("ws".into(), "Test");
        w.set_selected("3", true);
        w.set_selected("3", true);
        assert_eq!(w.selection, vec!["3".to_owned()]);
        w.refinement_mut("3").objective = "Open by default".into();
        w.set_selected("3", false);
        assert!(!w.is_selected("3"));
        assert_eq!(
            w.refinement("3").map(|r| r.objective.as_str()),
            Some("Open by default")
        );
    }

    /// How many digits a value prints after the decimal point.
    fn decimals(v: f64) -> usize {
        let text = format!("{v}");
        text.split_once('.').map_or(0, |(_, frac)| frac.len())
    }

    proptest::proptest! {
        /// Whatever a drag, a key or a file hands to `place`, the stored position is on the
        /// grid, at the precision the grid shows, and never negative zero.
        #[test]
        fn placed_positions_are_on_the_grid_at_its_precision(
            d in proptest::num::f64::ANY,
            a in proptest::num::f64::ANY,
        ) {
            let mut w = Workshop::new("ws".into(), "Test");
            let g = w.add_group();
            w.place(g, "1", d, a);
            let p = w.placement(g, "1").unwrap();
            proptest::prop_assert!((DESIRABILITY_MIN..=DESIRABILITY_MAX).contains(&p.desirability));
            proptest::prop_assert!((AMBITION_MIN..=AMBITION_MAX).contains(&p.ambition));
            proptest::prop_assert!(decimals(p.desirability) <= 1, "{}", p.desirability);
            proptest::prop_assert!(decimals(p.ambition) <= 2, "{}", p.ambition);
            proptest::prop_assert!(p.desirability.is_sign_positive() && p.ambition.is_sign_positive());
            // Placing again where it is changes nothing.
            let before = p.clone();
            w.place(g, "1", before.desirability, before.ambition);
            proptest::prop_assert_eq!(w.placement(g, "1").unwrap(), &before);
        }
    }

    #[test]
    fn placing_rounds_to_the_grid_and_never_stores_negative_zero() {
        let mut w = Workshop::new("ws".into(), "Test");
        let g = w.add_group();
        w.place(g, "1", 9.007444561774022, 1.5123);
        let p = w.placement(g, "1").unwrap();
        assert_eq!((p.desirability, p.ambition), (9.0, 1.5));
        w.place(g, "1", -0.04, -0.01);
        let p = w.placement(g, "1").unwrap();
        assert_eq!(format!("{} {}", p.desirability, p.ambition), "0 0");
        w.place(g, "1", 0.26, 2.374);
        let p = w.placement(g, "1").unwrap();
        assert_eq!(format!("{} {}", p.desirability, p.ambition), "0.3 2.35");
    }

    #[test]
    fn a_note_is_set_only_on_a_placed_commitment() {
        let mut w = Workshop::new("ws".into(), "Test");
        let g = w.add_group();
        assert!(!w.set_note(g, "1", "why"), "not placed: nothing to note");
        w.place(g, "1", 5.0, 1.0);
        assert!(w.set_note(g, "1", "tangible for the north"));
        assert!(
            !w.set_note(g, "1", "tangible for the north"),
            "same text: no change"
        );
        assert_eq!(w.placement(g, "1").unwrap().note, "tangible for the north");
    }
}
