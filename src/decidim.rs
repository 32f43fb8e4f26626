//! Decidim, where the plan is tracked: the two files Decidim's admin imports.
//!
//! - [`results`]: the accountability component's results, in the layout of Decidim's own
//!   results export (0.26–0.29, locales `en` and `fr`; [`RESULTS_HEADER`]): one parent
//!   result per commitment of the plan ([`plan_commitments`]) and one child result per
//!   milestone of its refinement, the child's `parent/id` naming its parent's `id` in the
//!   same file.
//! - [`answers`]: the proposals component's answers (`id;state;answer/en;answer/fr`): the
//!   reasoned response to each idea that came from a Decidim proposal
//!   ([`Commitment::decidim_id`]), in the three states Decidim 0.26–0.28 accept.
//!
//! Both are `;`-separated (Decidim's `default_csv_col_sep`), UTF-8 without a BOM (Decidim
//! 0.26 and 0.27 read a BOM as part of the first column's name), every cell through
//! [`crate::report::csv_cell`] (no control or hidden characters, formulas defused, as
//! Decidim's own export does), rich text as HTML paragraphs (Decidim shows descriptions
//! and answers as HTML). What Decidim's importer needs, and its sharp edges, are in the
//! README's "Decidim" section.
//!
//! The library does not translate: the texts cocreate writes itself (an outcome, a
//! milestone's labels) are [`Message`]s, said in each column's language by the functions
//! of [`Options`], which the command line fills with its translations.

use std::collections::{HashMap, HashSet};

use crate::model::{Commitment, Milestone, Outcome, Refinement, Session, Workshop};
use crate::report::{csv_cell, xml};
use crate::smart::YearMonth;
use crate::text::{Localized, Message};

/// The header of Decidim's results export for the locales `en` and `fr` (0.26–0.29), which
/// its results importer reads back.
pub const RESULTS_HEADER: [&str; 23] = [
    "id",
    "category/id",
    "category/name/en",
    "category/name/fr",
    "scope/id",
    "scope/name/en",
    "scope/name/fr",
    "parent/id",
    "title/en",
    "title/fr",
    "description/en",
    "description/fr",
    "start_date",
    "end_date",
    "status/id",
    "status/key",
    "status/name/en",
    "status/name/fr",
    "progress",
    "created_at",
    "url",
    "component/id",
    "proposal_urls",
];

/// The header of Decidim's proposal answers import, for the locales `en` and `fr`.
pub const ANSWERS_HEADER: [&str; 4] = ["id", "state", "answer/en", "answer/fr"];

/// The answer states Decidim 0.26–0.28 accept (exactly, in lower case); 0.29 and later
/// accept the tokens of the component's states, of which these three are the defaults.
pub const STATES: [&str; 3] = ["accepted", "rejected", "evaluating"];

/// The id of the first result when none is asked for. Decidim updates an existing result
/// of the component whose id is a row's `id`, and after the import moves every result of
/// the component whose parent is a new row's `id` under the result created for that row:
/// ids from a thousand million up are far above any result a Decidim instance has made,
/// so by default every row is created, and only this file's children are moved.
pub const DEFAULT_FIRST_ID: u32 = 1_000_000_000;

/// The largest id Decidim's results table holds (a PostgreSQL `integer`).
pub const MAX_ID: u32 = i32::MAX as u32;

/// Says a message in one language.
pub type Say<'a> = &'a dyn Fn(&Message) -> String;

/// What the Decidim files need beyond the session.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    /// The `id` of the first result; the others follow one by one (see
    /// [`DEFAULT_FIRST_ID`]).
    pub first_id: u32,
    /// The `status/id` of every result: the database id of one of the accountability
    /// component's statuses, which differs from one Decidim to the next. Empty when `None`.
    pub status_id: Option<u32>,
    /// Says cocreate's own texts in English (the `…/en` columns).
    pub en: Say<'a>,
    /// Says them in French (the `…/fr` columns).
    pub fr: Say<'a>,
}

impl Default for Options<'static> {
    /// The default first id, no status, and English in both languages' columns.
    fn default() -> Self {
        Self {
            first_id: DEFAULT_FIRST_ID,
            status_id: None,
            en: &english,
            fr: &english,
        }
    }
}

impl std::fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("first_id", &self.first_id)
            .field("status_id", &self.status_id)
            .finish_non_exhaustive()
    }
}

/// A message in English (its `Display`).
fn english(message: &Message) -> String {
    message.to_string()
}

/// Why a session cannot be written for Decidim. `Display` says it in English.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecidimError {
    /// An idea's Decidim id is not a proposal's number.
    NotAProposalId {
        /// The idea ([`Commitment::id`]).
        commitment: String,
        /// Its Decidim id, as written.
        decidim_id: String,
    },
    /// Two ideas with a decided outcome have the same Decidim proposal: one would
    /// silently overwrite the other's answer.
    OneProposalTwice {
        /// The proposal's number.
        decidim_id: String,
        /// The first idea with it.
        first: String,
        /// The second.
        second: String,
    },
    /// The results' ids would leave 1 ..= [`MAX_ID`].
    IdsOutOfRange {
        /// The first id.
        first: u64,
        /// The last.
        last: u64,
    },
}

impl Localized for DecidimError {
    fn message(&self) -> Message {
        match self {
            Self::NotAProposalId {
                commitment,
                decidim_id,
            } => Message::new(
                "idea %{id}: its Decidim id \"%{decidim_id}\" is not the number of a proposal",
            )
            .with("id", commitment)
            .with("decidim_id", decidim_id),
            Self::OneProposalTwice {
                decidim_id,
                first,
                second,
            } => Message::new(
                "ideas %{first} and %{second} both answer Decidim proposal %{decidim_id}: a proposal takes one answer, so give one of them another Decidim id or no decision",
            )
            .with("first", first)
            .with("second", second)
            .with("decidim_id", decidim_id),
            Self::IdsOutOfRange { first, last } => Message::new(
                "the results would take the ids %{first} to %{last}, and Decidim's results take ids from 1 to %{max}: choose a smaller first id",
            )
            .with("first", first)
            .with("last", last)
            .with("max", MAX_ID),
        }
    }
}

impl std::fmt::Display for DecidimError {
    /// The message in English.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

/// A session file that cannot be written for Decidim: the file, and why.
#[derive(Debug)]
pub struct DecidimFileError {
    /// The session file.
    pub path: std::path::PathBuf,
    /// Why.
    pub kind: DecidimError,
}

impl Localized for DecidimFileError {
    fn message(&self) -> Message {
        Message::new("%{place}: %{reason}")
            .with("place", self.path.display())
            .with_message("reason", self.kind.message())
    }
}

impl std::fmt::Display for DecidimFileError {
    /// `FILE: what is wrong`, in English.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for DecidimFileError {}

/// A Decidim proposal id as written in a commitment list or a session: its number without
/// leading zeros, if it is one (digits only, not zero, at most 18 of them). Decidim finds a
/// proposal by the number in its address (`…/proposals/123`).
pub fn proposal_id(text: &str) -> Option<&str> {
    let digits = text.trim_start_matches('0');
    (!text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && !digits.is_empty()
        && digits.len() <= 18)
        .then_some(digits)
}

/// The answer state of an outcome in Decidim 0.26–0.28 (one of [`STATES`]), `None` for an
/// idea with no decision yet: taken into the plan, or into another idea that is, is
/// accepted; not selected or out of scope is rejected; deferred is still being evaluated.
pub fn state(outcome: &Outcome) -> Option<&'static str> {
    match outcome {
        Outcome::Undecided => None,
        Outcome::Selected | Outcome::MergedInto(_) => Some("accepted"),
        Outcome::NotSelected | Outcome::OutOfScope => Some("rejected"),
        Outcome::Deferred => Some("evaluating"),
    }
}

/// Whether the organizers decided anything yet: some reasoned response has an outcome.
pub fn has_decisions(session: &Session) -> bool {
    session
        .responses
        .iter()
        .any(|r| r.outcome != Outcome::Undecided)
}

/// The commitments the plan holds, in the list's order: those whose reasoned response
/// selects them for the plan; in a session where nothing is decided yet
/// ([`has_decisions`]), those selected at any of its workshops.
pub fn plan_commitments(session: &Session) -> Vec<&Commitment> {
    let selected: HashSet<&str> = if has_decisions(session) {
        session
            .responses
            .iter()
            .filter(|r| r.outcome == Outcome::Selected)
            .map(|r| r.commitment.as_str())
            .collect()
    } else {
        session
            .workshops
            .iter()
            .flat_map(|w| w.selection.iter().map(String::as_str))
            .collect()
    };
    session
        .commitments
        .iter()
        .filter(|c| selected.contains(c.id.as_str()))
        .collect()
}

/// The refinements of a commitment that could stand for it, first the one that does: as
/// in the plan draft ([`crate::report::refinements_at`]), the non-blank ones at the
/// workshops that selected it, in the file's order — at every workshop, if none selected
/// it (the organizers' response took it into the plan all the same).
fn refinements<'a>(
    session: &'a Session,
    selections: &[HashSet<&str>],
    commitment: &str,
) -> Vec<(&'a Refinement, &'a Workshop)> {
    let selecting: Vec<&Workshop> = session
        .workshops
        .iter()
        .zip(selections)
        .filter(|(_, selection)| selection.contains(commitment))
        .map(|(w, _)| w)
        .collect();
    if selecting.is_empty() {
        let all: Vec<&Workshop> = session.workshops.iter().collect();
        crate::report::refinements_at(commitment, &all)
    } else {
        crate::report::refinements_at(commitment, &selecting)
    }
}

/// Each workshop's selection as a set, in the workshops' order.
fn selections(session: &Session) -> Vec<HashSet<&str>> {
    session
        .workshops
        .iter()
        .map(|w| w.selection.iter().map(String::as_str).collect())
        .collect()
}

/// What to tell the organizers about the results file, beside writing it: nothing in the
/// plan, or a commitment refined in versions that differ in what the results carry (its
/// objective, description or milestones), of which the results follow the first.
pub fn results_notes(session: &Session) -> Vec<Message> {
    let plan = plan_commitments(session);
    if plan.is_empty() {
        return vec![if has_decisions(session) {
            Message::new(
                "no reasoned response selects an idea for the plan: the results file has its header only",
            )
        } else {
            Message::new(
                "no commitment is selected at any workshop: the results file has its header only",
            )
        }];
    }
    let selections = selections(session);
    let mut notes = Vec::new();
    for c in plan {
        let refined = refinements(session, &selections, &c.id);
        let mut versions: Vec<(&str, &str, &[Milestone])> = Vec::new();
        for (r, _) in &refined {
            let version = (
                r.objective.as_str(),
                r.description.as_str(),
                r.milestones.as_slice(),
            );
            if !versions.contains(&version) {
                versions.push(version);
            }
        }
        if let (true, Some((_, first))) = (versions.len() > 1, refined.first()) {
            notes.push(
                Message::new(
                    "commitment %{id} was refined in %{n} different ways: its results follow the refinement of %{workshop}, the first in the file",
                )
                .with("id", &c.id)
                .with("n", versions.len())
                .with("workshop", first.details.name.trim()),
            );
        }
    }
    notes
}

/// What to tell the organizers about the answers file, beside writing it: that it has no
/// answer, and why.
pub fn answers_notes(session: &Session) -> Vec<Message> {
    if answered(session).next().is_some() {
        Vec::new()
    } else if session.commitments.iter().all(|c| c.decidim_id.is_empty()) {
        vec![Message::new(
            "no idea has a Decidim id (the commitment list's decidim_id column): the answers file has its header only",
        )]
    } else {
        vec![Message::new(
            "no idea with a Decidim id has a decided outcome yet: the answers file has its header only",
        )]
    }
}

/// The ideas that get an answer: a Decidim id and a decided outcome, in the list's order.
fn answered(session: &Session) -> impl Iterator<Item = (&Commitment, &Outcome)> {
    let outcomes: HashMap<&str, &Outcome> = session
        .responses
        .iter()
        .map(|r| (r.commitment.as_str(), &r.outcome))
        .collect();
    session
        .commitments
        .iter()
        .filter(|c| !c.decidim_id.is_empty())
        .filter_map(move |c| {
            let outcome = *outcomes.get(c.id.as_str())?;
            state(outcome).map(|_| (c, outcome))
        })
}

/// The results file's rows, each cell as written (before the CSV's quoting).
pub fn results_records(
    session: &Session,
    options: &Options,
) -> Result<Vec<[String; 23]>, DecidimError> {
    let selections = selections(session);
    let mut rows: Vec<Row> = Vec::new();
    for c in plan_commitments(session) {
        let refined = refinements(session, &selections, &c.id);
        let refinement = refined.first().map(|(r, _)| *r);
        let milestones: Vec<(usize, &Milestone)> = refinement
            .map(|r| r.milestones.iter().enumerate())
            .into_iter()
            .flatten()
            .filter(|(_, m)| !m.is_empty())
            .collect();
        let parent = rows.len();
        rows.push(Row::parent(c, refinement, &milestones, options));
        for (i, m) in milestones {
            rows.push(Row::child(parent, i + 1, m, options));
        }
    }
    let first = u64::from(options.first_id);
    let last = first + rows.len() as u64 - u64::from(!rows.is_empty());
    if first == 0 || last > u64::from(MAX_ID) {
        return Err(DecidimError::IdsOutOfRange { first, last });
    }
    let id = |index: usize| (first + index as u64).to_string();
    let status = options.status_id.map(|s| s.to_string()).unwrap_or_default();
    Ok(rows
        .into_iter()
        .enumerate()
        .map(|(index, row)| {
            let mut cells: [String; 23] = Default::default();
            cells[0] = id(index);
            cells[7] = row.parent.map(id).unwrap_or_default();
            [cells[8], cells[9]] = row.title;
            [cells[10], cells[11]] = row.description;
            cells[12] = row.start;
            cells[13] = row.end;
            cells[14].clone_from(&status);
            cells
        })
        .collect())
}

/// The results file: [`RESULTS_HEADER`], then [`results_records`].
pub fn results(session: &Session, options: &Options) -> Result<String, DecidimError> {
    Ok(csv_text(
        &RESULTS_HEADER,
        &results_records(session, options)?,
    ))
}

/// The answers file's rows, each cell as written (before the CSV's quoting): one per idea
/// with a Decidim id and a decided outcome, in the list's order. The answer is the outcome
/// in the column's language, then the organizers' reason as they wrote it.
pub fn answers_records(
    session: &Session,
    options: &Options,
) -> Result<Vec<[String; 4]>, DecidimError> {
    let titles: HashMap<&str, String> = session
        .commitments
        .iter()
        .map(|c| (c.id.as_str(), one_line(&c.title)))
        .collect();
    let reasons: HashMap<&str, &str> = session
        .responses
        .iter()
        .map(|r| (r.commitment.as_str(), r.reason.as_str()))
        .collect();
    let mut seen: HashMap<&str, &str> = HashMap::new();
    let mut rows = Vec::new();
    for (c, outcome) in answered(session) {
        let id = proposal_id(&c.decidim_id).ok_or_else(|| DecidimError::NotAProposalId {
            commitment: c.id.clone(),
            decidim_id: c.decidim_id.clone(),
        })?;
        if let Some(first) = seen.insert(id, &c.id) {
            return Err(DecidimError::OneProposalTwice {
                decidim_id: id.to_owned(),
                first: first.to_owned(),
                second: c.id.clone(),
            });
        }
        let said = match outcome {
            Outcome::MergedInto(into) => Message::new("merged into the idea “%{title}”").with(
                "title",
                titles
                    .get(into.as_str())
                    .filter(|t| !t.is_empty())
                    .map_or(into.as_str(), String::as_str),
            ),
            other => other.message(),
        };
        let reason = html(reasons.get(c.id.as_str()).copied().unwrap_or_default());
        let answer = |say: Say| {
            csv_cell(&format!(
                "<p>{}.</p>{reason}",
                xml(&capitalized(&say(&said)))
            ))
        };
        rows.push([
            id.to_owned(),
            state(outcome).unwrap_or_default().to_owned(),
            answer(options.en),
            answer(options.fr),
        ]);
    }
    Ok(rows)
}

/// The answers file: [`ANSWERS_HEADER`], then [`answers_records`].
pub fn answers(session: &Session, options: &Options) -> Result<String, DecidimError> {
    Ok(csv_text(
        &ANSWERS_HEADER,
        &answers_records(session, options)?,
    ))
}

/// A `;`-separated CSV: the header, then the rows, each cell quoted where it must be.
fn csv_text<const N: usize>(header: &[&str; N], rows: &[[String; N]]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let mut write = |cells: &[&str]| writer.write_record(cells).expect("writing to memory");
    write(header);
    for row in rows {
        write(&row.each_ref().map(String::as_str));
    }
    String::from_utf8(writer.into_inner().expect("memory")).expect("UTF-8 in, UTF-8 out")
}

/// One result before it has its id: its parent (an index into the rows), title,
/// description and dates, in the cells' form.
struct Row {
    parent: Option<usize>,
    /// English, French.
    title: [String; 2],
    /// English, French.
    description: [String; 2],
    start: String,
    end: String,
}

impl Row {
    /// A commitment's result: its title, its refinement's objective and description (the
    /// commitment's own description when the refinement has neither), and the span of
    /// its milestones.
    fn parent(
        c: &Commitment,
        refinement: Option<&Refinement>,
        milestones: &[(usize, &Milestone)],
        options: &Options,
    ) -> Self {
        let fallback = Message::new("Commitment %{id}").with("id", &c.id);
        let title = [options.en, options.fr].map(|say| title(&c.title, || say(&fallback)));
        let mut description: String = refinement
            .map(|r| [r.objective.as_str(), r.description.as_str()])
            .into_iter()
            .flatten()
            .map(html)
            .collect();
        if description.is_empty() {
            description = html(&c.description);
        }
        let start = milestones
            .iter()
            .filter_map(|(_, m)| YearMonth::parse(&m.start))
            .min();
        let end = milestones
            .iter()
            .filter_map(|(_, m)| YearMonth::parse(&m.end))
            .max();
        let description = csv_cell(&description);
        Self {
            parent: None,
            title,
            description: [description.clone(), description],
            start: start.map(first_day).unwrap_or_default(),
            end: end.map(last_day).unwrap_or_default(),
        }
    }

    /// A milestone's result, under its commitment's (`parent`): its deliverable (or
    /// "Milestone N", N its place in the refinement), who implements and monitors it, its
    /// outputs and stakeholders, and its months.
    fn child(parent: usize, number: usize, m: &Milestone, options: &Options) -> Self {
        let fallback = Message::new("Milestone %{n}").with("n", number);
        let fields: Vec<Message> = [
            (Message::new("Implements: %{value}"), &m.implementer),
            (Message::new("Monitors: %{value}"), &m.monitor),
            (Message::new("Expected outputs: %{value}"), &m.output),
            (Message::new("Stakeholders: %{value}"), &m.stakeholders),
        ]
        .into_iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(label, value)| label.with("value", value.trim()))
        .collect();
        let in_language = |say: Say| -> String {
            csv_cell(
                &fields
                    .iter()
                    .map(|field| html(&say(field)))
                    .collect::<String>(),
            )
        };
        Self {
            parent: Some(parent),
            title: [options.en, options.fr].map(|say| title(&m.deliverable, || say(&fallback))),
            description: [in_language(options.en), in_language(options.fr)],
            start: YearMonth::parse(&m.start)
                .map(first_day)
                .unwrap_or_default(),
            end: YearMonth::parse(&m.end).map(last_day).unwrap_or_default(),
        }
    }
}

/// A title cell: the text on one line, defused; `fallback` when nothing is left of it
/// (Decidim refuses a result without a title).
fn title(text: &str, fallback: impl Fn() -> String) -> String {
    let cell = csv_cell(&one_line(text));
    if cell.trim().is_empty() {
        csv_cell(&fallback())
    } else {
        cell
    }
}

/// Text on one line: its words, one space between each.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first day of a month, `YYYY-MM-DD`.
fn first_day(month: YearMonth) -> String {
    format!("{month}-01")
}

/// The last day of a month, `YYYY-MM-DD` (leap years counted).
fn last_day(month: YearMonth) -> String {
    let year = u32::from(month.year);
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month.month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    format!("{month}-{days}")
}

/// Text as HTML paragraphs, as Decidim's rich-text fields hold it: a blank line between
/// paragraphs, a line break inside one kept as `<br>`, the rest escaped as XML
/// ([`crate::report::xml`]), so it reads as typed. Empty text gives nothing.
fn html(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::new();
    let mut paragraph: Vec<&str> = Vec::new();
    for line in text.split('\n').chain([""]) {
        let line = line.trim();
        if line.is_empty() {
            if !paragraph.is_empty() {
                let lines: Vec<String> = paragraph.iter().map(|l| xml(l)).collect();
                out.push_str("<p>");
                out.push_str(&lines.join("<br>"));
                out.push_str("</p>");
                paragraph.clear();
            }
        } else {
            paragraph.push(line);
        }
    }
    out
}

/// Text with its first letter in upper case (an outcome's label as a sentence).
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Response;
    use proptest::prelude::*;

    #[test]
    fn a_file_error_says_the_file_then_why_in_english() {
        let e = DecidimFileError {
            path: "plan.ron".into(),
            kind: DecidimError::NotAProposalId {
                commitment: "4".into(),
                decidim_id: "x12".into(),
            },
        };
        let text = e.to_string();
        assert_eq!(text, e.message().to_string());
        assert!(text.starts_with("plan.ron: "), "{text}");
        assert_eq!(&text["plan.ron: ".len()..], e.kind.to_string());
    }

    fn commitment(id: &str, decidim_id: &str) -> Commitment {
        Commitment {
            id: id.into(),
            title: format!("Idea {id}"),
            description: format!("What idea {id} is about."),
            decidim_id: decidim_id.into(),
            ..Default::default()
        }
    }

    fn milestone(deliverable: &str, start: &str, end: &str) -> Milestone {
        Milestone {
            deliverable: deliverable.into(),
            start: start.into(),
            end: end.into(),
            implementer: "Treasury Board".into(),
            ..Default::default()
        }
    }

    fn refinement(id: &str, milestones: Vec<Milestone>) -> Refinement {
        Refinement {
            commitment: id.into(),
            objective: format!("Objective of {id}"),
            milestones,
            ..Default::default()
        }
    }

    fn response(id: &str, outcome: Outcome, reason: &str) -> Response {
        Response {
            commitment: id.into(),
            outcome,
            reason: reason.into(),
            criteria: Vec::new(),
        }
    }

    /// Four ideas (Decidim proposals 11 to 14) and one workshop that selected 1, 2 and 3
    /// and refined 1 (two milestones and an empty one) and 2.
    fn session() -> Session {
        let mut w = Workshop::new("w1".into(), "Central");
        for id in ["1", "2", "3"] {
            w.set_selected(id, true);
        }
        w.refinements.push(refinement(
            "1",
            vec![
                milestone("Publish the charter", "2017-01", "2017-03"),
                Milestone::default(),
                milestone("Train 200 staff", "2017-04", "2018-02"),
            ],
        ));
        w.refinements
            .push(refinement("2", vec![milestone("Launch", "2017-05", "")]));
        Session {
            commitments: ["1", "2", "3", "4"]
                .iter()
                .map(|id| commitment(id, &format!("1{id}")))
                .collect(),
            workshops: vec![w],
            ..Default::default()
        }
    }

    /// The default options, the French columns marked as such: `[fr] ` and the English.
    fn marked() -> Options<'static> {
        Options {
            fr: &|m: &Message| format!("[fr] {m}"),
            ..Options::default()
        }
    }

    /// The titles of a session's results, in English.
    fn titles(s: &Session) -> Vec<String> {
        let rows = results_records(s, &Options::default()).unwrap();
        rows.into_iter()
            .map(|[_, _, _, _, _, _, _, _, title, ..]| title)
            .collect()
    }

    fn parse(text: &str) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn without_decisions_the_workshops_selection_is_the_plan() {
        let s = session();
        let plan: Vec<&str> = plan_commitments(&s).iter().map(|c| c.id.as_str()).collect();
        assert_eq!(plan, ["1", "2", "3"]);
        // 1 and its two written milestones (the empty one is left out), 2 and its one, 3.
        assert_eq!(
            titles(&s),
            [
                "Idea 1",
                "Publish the charter",
                "Train 200 staff",
                "Idea 2",
                "Launch",
                "Idea 3"
            ]
        );
        let rows = results_records(&s, &Options::default()).unwrap();
        let ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(
            ids,
            [
                "1000000000",
                "1000000001",
                "1000000002",
                "1000000003",
                "1000000004",
                "1000000005"
            ]
        );
        let parents: Vec<&str> = rows.iter().map(|r| r[7].as_str()).collect();
        assert_eq!(
            parents,
            ["", "1000000000", "1000000000", "", "1000000003", ""]
        );
        // A parent spans its milestones; a month missing is an empty date.
        assert_eq!((&*rows[0][12], &*rows[0][13]), ("2017-01-01", "2018-02-28"));
        assert_eq!((&*rows[1][12], &*rows[1][13]), ("2017-01-01", "2017-03-31"));
        assert_eq!((&*rows[4][12], &*rows[4][13]), ("2017-05-01", ""));
        assert_eq!((&*rows[5][12], &*rows[5][13]), ("", ""));
        // No refinement: the commitment's own description.
        assert_eq!(rows[5][10], "<p>What idea 3 is about.</p>");
        assert_eq!(rows[0][10], "<p>Objective of 1</p>");
        assert_eq!(rows[1][10], "<p>Implements: Treasury Board</p>");
        // Every column but those cocreate knows stays empty.
        for row in &rows {
            for (i, cell) in row.iter().enumerate() {
                if ![0, 7, 8, 9, 10, 11, 12, 13].contains(&i) {
                    assert_eq!(cell, "", "column {}", RESULTS_HEADER[i]);
                }
            }
        }
        assert_eq!(results_notes(&s), []);
    }

    #[test]
    fn the_reasoned_response_decides_the_plan() {
        let mut s = session();
        s.responses = vec![
            response("1", Outcome::Selected, ""),
            response("2", Outcome::NotSelected, ""),
            response("3", Outcome::MergedInto("1".into()), ""),
            // Selected by the organizers, though no workshop selected it.
            response("4", Outcome::Selected, ""),
        ];
        s.workshops[0].refinements.push(refinement(
            "4",
            vec![milestone("Audit", "2018-01", "2018-02")],
        ));
        assert_eq!(
            titles(&s),
            [
                "Idea 1",
                "Publish the charter",
                "Train 200 staff",
                "Idea 4",
                "Audit"
            ]
        );
        // Only undecided responses: nothing is decided yet, the workshops' selection holds.
        for r in &mut s.responses {
            r.outcome = Outcome::Undecided;
        }
        assert_eq!(plan_commitments(&s).len(), 3);
        // Decided, and nothing selected: a header alone, and a note that says why.
        s.responses[0].outcome = Outcome::Deferred;
        assert_eq!(results(&s, &Options::default()).unwrap().lines().count(), 1);
        assert_eq!(
            results_notes(&s)[0].key,
            "no reasoned response selects an idea for the plan: the results file has its header only"
        );
    }

    #[test]
    fn the_first_refinement_in_the_file_stands_and_versions_that_differ_are_noted() {
        let mut s = session();
        let mut other = Workshop::new("w2".into(), "Northern");
        other.set_selected("1", true);
        other.refinements.push(refinement(
            "1",
            vec![milestone("Other", "2019-01", "2019-02")],
        ));
        // A third workshop refined it but did not select it: not a version.
        let mut third = Workshop::new("w3".into(), "Online");
        third.refinements.push(refinement(
            "1",
            vec![milestone("Third", "2019-01", "2019-02")],
        ));
        s.workshops.push(other);
        s.workshops.push(third);
        let rows = results_records(&s, &Options::default()).unwrap();
        assert_eq!(rows[1][8], "Publish the charter");
        let notes = results_notes(&s);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(
            notes[0].to_string(),
            "commitment 1 was refined in 2 different ways: its results follow the refinement of Central, the first in the file"
        );
        // Refined alike: nothing to say.
        let first = s.workshops[0].refinements[0].clone();
        s.workshops[1].refinements[0] = first;
        assert_eq!(results_notes(&s), []);
    }

    #[test]
    fn months_become_the_first_and_the_last_day() {
        let day = |m: &str| YearMonth::parse(m).map(|m| (first_day(m), last_day(m)));
        assert_eq!(
            day("2024-02"),
            Some(("2024-02-01".into(), "2024-02-29".into()))
        );
        assert_eq!(day("2023-02").unwrap().1, "2023-02-28");
        assert_eq!(day("2100-02").unwrap().1, "2100-02-28");
        assert_eq!(day("2000-02").unwrap().1, "2000-02-29");
        assert_eq!(
            day("2017-4").unwrap(),
            ("2017-04-01".into(), "2017-04-30".into())
        );
        assert_eq!(day("2017-12").unwrap().1, "2017-12-31");
        for bad in ["", "2017", "2017-13", "17-01", "2017-00", "soon"] {
            assert_eq!(day(bad), None, "{bad}");
        }
    }

    #[test]
    fn ids_stay_where_decidim_can_hold_them_and_the_status_is_given() {
        let s = session();
        let options = |first_id, status_id| Options {
            first_id,
            status_id,
            ..Options::default()
        };
        let rows = results_records(&s, &options(7, Some(3))).unwrap();
        assert_eq!(rows[0][0], "7");
        assert_eq!(rows[2][7], "7");
        assert!(rows.iter().all(|r| r[14] == "3"));
        // Six rows from MAX_ID - 5 end at MAX_ID; one more does not fit.
        assert!(results_records(&s, &options(MAX_ID - 5, None)).is_ok());
        assert_eq!(
            results_records(&s, &options(MAX_ID - 4, None)),
            Err(DecidimError::IdsOutOfRange {
                first: u64::from(MAX_ID - 4),
                last: u64::from(MAX_ID) + 1
            })
        );
        assert!(results_records(&s, &options(0, None)).is_err());
        assert!(results_records(&s, &options(u32::MAX, None)).is_err());
    }

    #[test]
    fn states_follow_the_outcome() {
        assert_eq!(state(&Outcome::Undecided), None);
        assert_eq!(state(&Outcome::Selected), Some("accepted"));
        assert_eq!(state(&Outcome::MergedInto("2".into())), Some("accepted"));
        assert_eq!(state(&Outcome::Deferred), Some("evaluating"));
        assert_eq!(state(&Outcome::NotSelected), Some("rejected"));
        assert_eq!(state(&Outcome::OutOfScope), Some("rejected"));
        for outcome in Outcome::kinds() {
            assert!(state(&outcome).is_none_or(|s| STATES.contains(&s)));
        }
    }

    #[test]
    fn answers_go_to_ideas_with_a_decidim_id_and_a_decision_in_each_language() {
        let mut s = session();
        s.commitments[3].decidim_id.clear();
        s.responses = vec![
            response(
                "1",
                Outcome::Selected,
                "It was the room's first choice.\n\nAnd <cheap>.",
            ),
            response("2", Outcome::Undecided, "Not yet"),
            response("3", Outcome::MergedInto("1".into()), ""),
            // No Decidim id: no row.
            response("4", Outcome::OutOfScope, "Federal"),
        ];
        let options = marked();
        let rows = answers_records(&s, &options).unwrap();
        assert_eq!(
            rows,
            [
                [
                    "11".to_owned(),
                    "accepted".to_owned(),
                    "<p>Selected for the plan.</p><p>It was the room&apos;s first choice.</p><p>And &lt;cheap&gt;.</p>"
                        .to_owned(),
                    "<p>[fr] selected for the plan.</p><p>It was the room&apos;s first choice.</p><p>And &lt;cheap&gt;.</p>"
                        .to_owned(),
                ],
                [
                    "13".to_owned(),
                    "accepted".to_owned(),
                    "<p>Merged into the idea “Idea 1”.</p>".to_owned(),
                    "<p>[fr] merged into the idea “Idea 1”.</p>".to_owned(),
                ],
            ]
        );
        assert_eq!(answers_notes(&s), []);
        s.responses.clear();
        assert_eq!(
            answers(&s, &options).unwrap(),
            "id;state;answer/en;answer/fr\n"
        );
        assert_eq!(answers_notes(&s).len(), 1);
    }

    #[test]
    fn a_bad_or_shared_proposal_id_is_refused() {
        let mut s = session();
        s.responses = vec![
            response("1", Outcome::Selected, ""),
            response("2", Outcome::Deferred, ""),
        ];
        s.commitments[1].decidim_id = "011".into();
        assert_eq!(
            answers(&s, &Options::default()),
            Err(DecidimError::OneProposalTwice {
                decidim_id: "11".into(),
                first: "1".into(),
                second: "2".into()
            })
        );
        s.commitments[1].decidim_id = "proposals/12".into();
        let error = answers(&s, &Options::default()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "idea 2: its Decidim id \"proposals/12\" is not the number of a proposal"
        );
        // Undecided ideas are not answered, so their ids do not matter.
        s.responses[1].outcome = Outcome::Undecided;
        assert!(answers(&s, &Options::default()).is_ok());
    }

    #[test]
    fn proposal_ids_are_numbers() {
        assert_eq!(proposal_id("123"), Some("123"));
        assert_eq!(proposal_id("00123"), Some("123"));
        for bad in [
            "",
            "0",
            "000",
            "-1",
            "+1",
            "1.0",
            " 1",
            "١٢",
            "12a",
            "1234567890123456789",
        ] {
            assert_eq!(proposal_id(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn rich_text_reads_as_typed() {
        assert_eq!(html(""), "");
        assert_eq!(html(" \n\n "), "");
        assert_eq!(
            html("a & b <i>\r\nsecond \"line\"\r\n\r\n\r\nnext"),
            "<p>a &amp; b &lt;i&gt;<br>second &quot;line&quot;</p><p>next</p>"
        );
        assert_eq!(capitalized("évaluée"), "Évaluée");
        assert_eq!(capitalized(""), "");
    }

    #[test]
    fn a_title_is_one_line_and_never_empty() {
        let mut s = session();
        s.commitments[0].title = " \u{200b}\n ".into();
        s.commitments[1].title = "=HYPERLINK(\"x\")\nsecond line".into();
        s.workshops[0].refinements[0].milestones[0].deliverable = "\u{7}".into();
        let options = marked();
        let rows = results_records(&s, &options).unwrap();
        assert_eq!(
            [&*rows[0][8], &*rows[0][9]],
            ["Commitment 1", "[fr] Commitment 1"]
        );
        assert_eq!(
            [&*rows[1][8], &*rows[1][9]],
            ["Milestone 1", "[fr] Milestone 1"]
        );
        assert_eq!(rows[3][8], "'=HYPERLINK(\"x\") second line");
    }

    /// Any text, with the CSV's own characters, quotes, line breaks, formulas, control
    /// and hidden characters.
    fn any_text() -> impl Strategy<Value = String> {
        prop_oneof![
            "\\PC*",
            "[ ;\"'=+@\\-\\n\\r\\t,a-zé<>&\u{0}\u{1b}\u{200b}\u{feff}\u{202e}]*",
        ]
    }

    proptest! {
        /// Whatever the texts, each file reads back, as the CSV it is (`;`, quotes), to
        /// the cells cocreate meant, and no cell runs as a formula or holds a control
        /// character but a line break.
        #[test]
        fn any_text_reads_back_to_the_same_cells(
            title in any_text(),
            description in any_text(),
            deliverable in any_text(),
            implementer in any_text(),
            reason in any_text(),
            outcome in 1..6usize,
        ) {
            let mut s = session();
            s.commitments[0].title = title.clone();
            s.commitments[2].description = description;
            let m = &mut s.workshops[0].refinements[0].milestones[0];
            m.deliverable = deliverable;
            m.implementer = implementer;
            s.responses = vec![
                response("1", Outcome::Selected, &reason),
                response("2", Outcome::kinds()[outcome].clone(), &reason),
                response("3", Outcome::Selected, &reason),
            ];
            let options = Options::default();
            let results_text = results(&s, &options).unwrap();
            let records = results_records(&s, &options).unwrap();
            let read = parse(&results_text);
            prop_assert_eq!(&read[0], &RESULTS_HEADER.map(str::to_owned).to_vec());
            prop_assert_eq!(read.len(), records.len() + 1);
            for (row, record) in read[1..].iter().zip(&records) {
                prop_assert_eq!(row, &record.to_vec());
            }
            let one_line = title.split_whitespace().collect::<Vec<_>>().join(" ");
            if !csv_cell(&one_line).trim().is_empty() {
                prop_assert_eq!(&records[0][8], &csv_cell(&one_line));
            }
            let answers_text = answers(&s, &options).unwrap();
            let records = answers_records(&s, &options).unwrap();
            let read = parse(&answers_text);
            prop_assert_eq!(read.len(), records.len() + 1);
            for (row, record) in read[1..].iter().zip(&records) {
                prop_assert_eq!(row, &record.to_vec());
            }
            for cell in parse(&results_text).iter().chain(&read).flatten() {
                let first = cell.trim_start().chars().next();
                prop_assert!(!matches!(first, Some('=' | '+' | '-' | '@')), "{cell:?}");
                prop_assert!(
                    !cell.chars().any(|c| (c.is_control() && c != '\n') || crate::text::is_hidden(c)),
                    "{cell:?}"
                );
            }
        }
    }
}
