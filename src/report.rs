//! Reports, headless: the action-plan draft in Markdown (with the grid as an SVG image),
//! and one CSV row per placement. User text is escaped so it stays text — no HTML, links,
//! images, headings or lists smuggled in through a title — but only where a character
//! would otherwise be markup in its place, so dates, e-mails and web addresses paste into a
//! word processor as they were typed. Spreadsheet formulas are defused. Sign-ups (personal
//! data) are left out unless asked for. No number is ever printed as negative zero.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use crate::model::{
    AmbitionScale, DESIRABILITY_MAX, Milestone, Mode, Novelty, Refinement, Role, Session, Template,
    Workshop,
};
use crate::smart::{Criterion, check};
use crate::stats::{EventRow, event_rows};

/// What goes into a Markdown report. The window's File → Export report and the command
/// line's `report` fill in the same fields.
#[derive(Clone, Debug, Default)]
pub struct MarkdownOptions {
    /// File name of the grid image beside the report, if one is written.
    pub grid_image: Option<String>,
    /// Include sign-ups (names, organizations, e-mails) as an appendix.
    pub include_contacts: bool,
    /// Leave out the working notes: the "SMART check: …" lines and their findings.
    pub omit_smart_notes: bool,
    /// The commitment template to follow; `None`: the session's own.
    pub template: Option<Template>,
    /// How the reasoned response says its words (the caller's translation); `None`: in
    /// English. The action-plan draft is in English.
    pub say: Option<fn(&crate::text::Message) -> String>,
}

/// Where escaped text lands in the Markdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// Inside a line, after other text: only inline markup matters.
    Inline,
    /// At the start of a line (a paragraph, a list item's text): block markup matters too.
    LineStart,
    /// The text of an ATX heading (`### …`): a closing run of `#` would be cut off.
    Heading,
}

/// Escapes text set inside a line (a table cell, after a label): every character that would
/// start inline markup there — emphasis, code, links and images, raw HTML and autolinks,
/// entities, strikethrough, table pipes — gets a backslash; nothing else does. Line breaks
/// become spaces and the ends are trimmed (so text inside `**…**` stays bold).
pub fn md_inline(text: &str) -> String {
    escape(text, Place::Inline)
}

/// Escapes one line of text that starts a line: as [`md_inline`], and also what would make
/// the line a heading, a list item, a thematic break or a setext underline.
pub fn md_line(text: &str) -> String {
    escape(text, Place::LineStart)
}

/// Escapes the text of a heading: as [`md_inline`], and a closing run of `#` is kept.
pub fn md_heading(text: &str) -> String {
    escape(text, Place::Heading)
}

/// Escapes a block of text, keeping its lines (as hard line breaks) and its paragraphs.
pub fn md_block(text: &str) -> String {
    text.split('\n')
        .map(md_line)
        .collect::<Vec<_>>()
        .join("  \n")
}

pub use crate::text::is_hidden;

fn escape(text: &str, place: Place) -> String {
    let chars: Vec<char> = text
        .chars()
        .filter_map(|c| match c {
            '\r' | '\n' | '\t' => Some(' '),
            c if c.is_control() || is_hidden(c) => None,
            c => Some(c),
        })
        .collect();
    let start = chars.iter().position(|c| !c.is_whitespace());
    let end = chars.iter().rposition(|c| !c.is_whitespace());
    let chars = match (start, end) {
        (Some(s), Some(e)) => &chars[s..=e],
        _ => return String::new(),
    };
    let at = |i: usize| chars.get(i).copied();
    let mut escaped = vec![false; chars.len()];
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(at);
        let next = at(i + 1);
        escaped[i] = match c {
            // A backslash escapes the punctuation after it, and at a line's end breaks it.
            '\\' => next.is_none_or(|n| n.is_ascii_punctuation()),
            // Code spans and fences, emphasis, strikethrough, links and images, raw HTML,
            // autolinks and block quotes, table cells.
            '`' | '*' | '~' | '[' | ']' | '<' | '>' | '|' => true,
            // `_` cannot open or close emphasis inside a word (snake_case, a_b).
            '_' => {
                let run_start = chars[..i].iter().rposition(|c| *c != '_').map(|p| p + 1);
                let run_end = chars[i..].iter().position(|c| *c != '_').map(|p| p + i);
                let before = run_start.and_then(|s| s.checked_sub(1)).and_then(at);
                let after = run_end.and_then(at);
                !(run_start.is_some_and(|s| s > 0)
                    && before.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric))
            }
            // A link's destination only follows a `]`.
            '(' => prev == Some(']'),
            // An entity or numeric character reference: `&amp;`, `&#38;`, `&#x26;`.
            '&' => is_entity(&chars[i + 1..]),
            _ => false,
        };
    }
    if place == Place::LineStart
        && let Some(i) = line_start_marker(chars)
    {
        escaped[i] = true;
    }
    if place == Place::Heading && chars.last() == Some(&'#') {
        let run = chars.iter().rposition(|c| *c != '#').map_or(0, |p| p + 1);
        if run == 0 || chars[run - 1] == ' ' {
            escaped[run] = true;
        }
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (c, e) in chars.iter().zip(escaped) {
        if e {
            out.push('\\');
        }
        out.push(*c);
    }
    out
}

/// Whether text after a `&` reads as a character reference.
fn is_entity(rest: &[char]) -> bool {
    let rest = match rest.first() {
        Some('#') => &rest[1..],
        Some(c) if c.is_ascii_alphabetic() => rest,
        _ => return false,
    };
    let name = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    name > 0 && rest.get(name) == Some(&';')
}

/// The character that makes a line block markup, if any: `#` of an ATX heading, the bullet
/// of a list item, the `.` or `)` of an ordered list item, the first character of a
/// thematic break or setext underline. (Fences, quotes, tables and HTML start with a
/// character escaped everywhere.)
fn line_start_marker(chars: &[char]) -> Option<usize> {
    let first = *chars.first()?;
    let spaced = |i: usize| chars.get(i).is_none_or(|c| *c == ' ');
    match first {
        '#' => {
            let run = chars.iter().take_while(|c| **c == '#').count();
            (run <= 6 && spaced(run)).then_some(0)
        }
        '-' | '+' if spaced(1) => Some(0),
        '-' | '=' if chars.iter().all(|c| *c == first || *c == ' ') => Some(0),
        '0'..='9' => {
            let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
            (digits <= 9 && matches!(chars.get(digits), Some('.' | ')')) && spaced(digits + 1))
                .then_some(digits)
        }
        _ => None,
    }
}

/// Names, joined so that a name with a comma stays one name: `A; B; C`, and every name in
/// quotation marks when one of them holds a `;` itself.
pub fn join_names<S: AsRef<str>>(names: &[S]) -> String {
    let quote = names.iter().any(|n| n.as_ref().contains(';'));
    names
        .iter()
        .map(|n| {
            if quote {
                format!("“{}”", n.as_ref())
            } else {
                n.as_ref().to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A number with `decimals` places, never `-0.0`.
pub fn fixed(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    match text.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_owned(),
        _ => text,
    }
}

/// A number in its shortest form, never `-0`.
pub fn shortest(value: f64) -> String {
    if value == 0.0 {
        "0".to_owned()
    } else {
        value.to_string()
    }
}

/// Whether text shows nothing once escaped: blanks, control and hidden characters only.
fn shows_nothing(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || c.is_control() || is_hidden(c))
}

fn or_dash(text: &str) -> String {
    if shows_nothing(text) {
        "—".to_owned()
    } else {
        md_block(text)
    }
}

fn or_dash_inline(text: &str) -> String {
    if shows_nothing(text) {
        "—".to_owned()
    } else {
        md_inline(text)
    }
}

/// Whether a refinement holds nothing yet: every field empty or blank, no value ticked,
/// no milestone with anything in it. Such a refinement is reported as not yet refined.
pub fn is_blank(r: &Refinement) -> bool {
    let blank = |s: &str| s.trim().is_empty();
    let milestone_blank = |m: &Milestone| m.is_empty() && m.novelty == Novelty::default();
    let n = &r.smart;
    [
        &r.lead,
        &r.lead_contact,
        &r.actors_government,
        &r.actors_civil_society,
        &r.problem,
        &r.objective,
        &r.description,
        &r.relevance,
        &r.ambition,
        &r.causes,
        &r.done_so_far,
        &r.analysis.transparency,
        &r.analysis.accountability,
        &r.analysis.participation,
        &n.specific,
        &n.measurable,
        &n.achievable,
        &n.relevant,
        &n.time_bound,
    ]
    .iter()
    .all(|s| blank(s))
        && r.values == Default::default()
        && r.stated_ambition.is_none()
        && r.milestones.iter().all(milestone_blank)
}

/// The action-plan draft.
pub fn markdown(session: &Session, options: &MarkdownOptions) -> String {
    let workshops: Vec<&Workshop> = session.workshops.iter().collect();
    let rows = event_rows(
        session.commitments.iter().map(|c| c.id.as_str()),
        &workshops,
    );
    // Looked up by id: a file may hold 10,000 commitments and as many selections.
    let rows_by_id: HashMap<&str, &EventRow> = rows
        .iter()
        .map(|r| (r.aggregate.commitment.as_str(), r))
        .collect();
    let row_of = |id: &str| rows_by_id.get(id).copied();
    let by_id = commitments_by_id(session);
    let selections = selections_of(&workshops);
    let is_selected = |w: usize, id: &str| selections[w].contains(id);
    let mut out = String::new();
    let _ = writeln!(out, "# Action plan draft\n");
    let _ = writeln!(
        out,
        "Co-created at {} workshop{}:\n",
        workshops.len(),
        if workshops.len() == 1 { "" } else { "s" }
    );
    // Summed in 64 bits: four counts of up to 4,294,967,295 at each of many workshops
    // (32 bits wrapped round and said "(0 in all)").
    let mut total = [0u64; 4];
    for w in &workshops {
        let a = w.details.attendance;
        for (sum, n) in total
            .iter_mut()
            .zip([a.civil_society, a.ministry, a.citizens, a.other])
        {
            *sum += u64::from(n);
        }
        let mode = match w.details.mode {
            Mode::InPerson => "in person",
            Mode::Online => "online",
        };
        let _ = writeln!(
            out,
            "- **{}** — {}, {mode}, {}: {} participants, {} groups",
            or_dash_inline(&w.details.name),
            or_dash_inline(&w.details.location),
            or_dash_inline(&w.details.date),
            a.total(),
            w.groups.len()
        );
    }
    let _ = writeln!(
        out,
        "\nAttendance: {} civil society, {} ministry representatives, {} individual citizens, {} other ({} in all).\n",
        total[0],
        total[1],
        total[2],
        total[3],
        total.iter().sum::<u64>()
    );
    if let Some(image) = &options.grid_image {
        let _ = writeln!(
            out,
            "![Desirability and ambition of every commitment, median over all groups]({})\n",
            md_link_target(image)
        );
    }

    // Selected commitments, most often selected first.
    let mut selected: Vec<(&str, Vec<&Workshop>)> = Vec::new();
    for c in &session.commitments {
        let by: Vec<&Workshop> = workshops
            .iter()
            .enumerate()
            .filter(|(i, _)| is_selected(*i, &c.id))
            .map(|(_, w)| *w)
            .collect();
        if !by.is_empty() {
            selected.push((c.id.as_str(), by));
        }
    }
    selected.sort_by_key(|(_, by)| std::cmp::Reverse(by.len()));
    // How many people signed up for each commitment (each person once).
    let mut people_per_commitment: HashMap<&str, usize> = HashMap::new();
    if options.include_contacts {
        for p in contacts(&workshops) {
            let ids: HashSet<&str> = p.sign_ups.iter().map(|s| s.commitment).collect();
            for id in ids {
                *people_per_commitment.entry(id).or_default() += 1;
            }
        }
    }
    let _ = writeln!(out, "## Commitments\n");
    if selected.is_empty() {
        let _ = writeln!(out, "No commitment was selected for refinement.\n");
    }
    for (id, by) in &selected {
        let Some(c) = by_id.get(id).copied() else {
            continue;
        };
        // The section's number is the commitment's own id, as in the summary table.
        let _ = writeln!(out, "### {}. {}\n", md_inline(&c.id), md_heading(&c.title));
        let _ = writeln!(
            out,
            "Selected at {} of {} workshops: {}.  \nTheme: {} · {} votes · commitment {}.",
            by.len(),
            workshops.len(),
            md_inline(&join_names(&names(by))),
            or_dash_inline(&c.theme),
            c.votes,
            md_inline(&c.id)
        );
        if let Some(row) = row_of(id) {
            let a = &row.aggregate;
            let _ = writeln!(
                out,
                "Placement over {} groups: median desirability {} / 10, median ambition **{}** ({}), spread {}.",
                a.groups,
                fixed(a.desirability, 1),
                session.ambition_scale.nearest(a.ambition).name(),
                fixed(a.ambition, 1),
                fixed(a.spread, 2)
            );
        }
        let _ = writeln!(out);
        commitment_refinements_md(
            &mut out,
            id,
            by,
            options,
            options.template.unwrap_or(session.template),
        );
        if options.include_contacts {
            let people = people_per_commitment.get(id).copied().unwrap_or(0);
            if people > 0 {
                let _ = writeln!(
                    out,
                    "Signed up to stay involved: {people} {} (see Contacts).\n",
                    if people == 1 { "person" } else { "people" }
                );
            }
        }
    }

    let _ = writeln!(out, "## All commitments\n");
    let _ = writeln!(
        out,
        "| # | Commitment | Theme | Votes | Median desirability | Median ambition | Spread | Groups | Selected at |"
    );
    let _ = writeln!(out, "|---|---|---|---:|---:|---|---:|---:|---|");
    for c in &session.commitments {
        let row: Option<&EventRow> = row_of(&c.id);
        let selected_at: Vec<&Workshop> = workshops
            .iter()
            .enumerate()
            .filter(|(i, _)| is_selected(*i, &c.id))
            .map(|(_, w)| *w)
            .collect();
        let (d, a, s, g) = row.map_or(
            ("—".into(), "—".into(), "—".into(), "0".into()),
            |r| {
                (
                    fixed(r.aggregate.desirability, 1),
                    session
                        .ambition_scale
                        .nearest(r.aggregate.ambition)
                        .name()
                        .to_owned(),
                    fixed(r.aggregate.spread, 2),
                    r.aggregate.groups.to_string(),
                )
            },
        );
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {d} | {a} | {s} | {g} | {} |",
            or_dash_inline(&c.id),
            or_dash_inline(&c.title),
            or_dash_inline(&c.theme),
            c.votes,
            or_dash_inline(&join_names(&names(&selected_at)))
        );
    }
    groups_reasons(&mut out, session);
    if !session.conflicts.is_empty() {
        let _ = writeln!(out, "\n## Open questions from the merge\n");
        for line in crate::merge::describe_all(session) {
            let _ = writeln!(out, "- {}", md_line(&line.to_string()));
        }
    }
    if options.include_contacts {
        contacts_md(&mut out, session, &workshops);
    }
    out
}

/// The session's commitments by id.
fn commitments_by_id(session: &Session) -> HashMap<&str, &crate::model::Commitment> {
    session
        .commitments
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect()
}

/// Each workshop's selection as a set, in the workshops' order.
fn selections_of<'a>(workshops: &[&'a Workshop]) -> Vec<HashSet<&'a str>> {
    workshops
        .iter()
        .map(|w| w.selection.iter().map(String::as_str).collect())
        .collect()
}

fn names<'a>(workshops: &[&'a Workshop]) -> Vec<&'a str> {
    workshops.iter().map(|w| w.details.name.trim()).collect()
}

/// A link target that cannot break out of `(...)`.
/// A relative link's target, percent-encoded outside the characters a URL path keeps as they
/// are: a file named `action plan (draft)-grid.svg` is linked as
/// `action%20plan%20%28draft%29-grid.svg`, which every renderer resolves to that file.
fn md_link_target(target: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(target.len());
    for b in target.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Values (each as printed) with the workshops that gave each, in first-seen order.
type Versions<'a, T> = Vec<(T, Vec<&'a Workshop>)>;

fn group_by<'a, T: Eq + std::hash::Hash + Clone>(
    items: impl IntoIterator<Item = (T, &'a Workshop)>,
) -> Versions<'a, T> {
    // By hash: 100,000 workshops may each hold their own version.
    let mut groups: Versions<'a, T> = Vec::new();
    let mut index: HashMap<T, usize> = HashMap::new();
    for (value, w) in items {
        match index.get(&value) {
            Some(&i) => groups[i].1.push(w),
            None => {
                index.insert(value.clone(), groups.len());
                groups.push((value, vec![w]));
            }
        }
    }
    groups
}

/// The parts of the template as printed, to tell versions apart by what a reader sees.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Printed {
    lead: String,
    contact: String,
    actors: [String; 2],
    problem: String,
    objective: String,
    description: String,
    values: String,
    relevance: String,
    ambition: String,
    stated: String,
    causes: String,
    done_so_far: String,
    analysis: [String; 3],
    milestones: Vec<[String; 8]>,
}

impl Printed {
    fn of(r: &Refinement, options: &MarkdownOptions) -> Self {
        let v = r.values;
        let values: Vec<&str> = [
            (v.access_to_information, "access to information"),
            (v.civic_participation, "civic participation"),
            (v.public_accountability, "public accountability"),
            (
                v.technology_and_innovation,
                "technology and innovation for openness and accountability",
            ),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, name)| *name)
        .collect();
        Self {
            lead: or_dash(&r.lead),
            // A name and an e-mail: personal data, as sign-ups are.
            contact: if r.lead_contact.trim().is_empty() {
                "—".to_owned()
            } else if options.include_contacts {
                md_block(&r.lead_contact)
            } else {
                "left out (personal data; shown with the contacts option)".to_owned()
            },
            actors: [
                or_dash_inline(&r.actors_government),
                or_dash_inline(&r.actors_civil_society),
            ],
            problem: or_dash(&r.problem),
            objective: or_dash(&r.objective),
            description: or_dash(&r.description),
            values: if values.is_empty() {
                "none stated".to_owned()
            } else {
                values.join(", ")
            },
            relevance: or_dash(&r.relevance),
            ambition: or_dash(&r.ambition),
            stated: r
                .stated_ambition
                .map_or_else(|| "not rated".to_owned(), |l| l.name().to_owned()),
            causes: or_dash(&r.causes),
            done_so_far: or_dash(&r.done_so_far),
            analysis: [
                or_dash(&r.analysis.transparency),
                or_dash(&r.analysis.accountability),
                or_dash(&r.analysis.participation),
            ],
            milestones: r
                .milestones
                .iter()
                .map(|m| {
                    [
                        or_dash_inline(&m.deliverable),
                        match m.novelty {
                            Novelty::New => "new",
                            Novelty::Ongoing => "ongoing",
                        }
                        .to_owned(),
                        or_dash_inline(&m.start),
                        or_dash_inline(&m.end),
                        or_dash_inline(&m.implementer),
                        or_dash_inline(&m.monitor),
                        or_dash_inline(&m.output),
                        or_dash_inline(&m.stakeholders),
                    ]
                })
                .collect(),
        }
    }
}

/// A commitment's refinements at these workshops (in the plan draft: those that selected
/// it), in the workshops' order, leaving out the blank ones ([`is_blank`]). The draft prints
/// them as one template, its first version first; where one refinement has to stand for
/// the commitment (the Decidim results), it is the first.
pub fn refinements_at<'a>(
    commitment: &str,
    workshops: &[&'a Workshop],
) -> Vec<(&'a Refinement, &'a Workshop)> {
    workshops
        .iter()
        .filter_map(|w| {
            w.refinement(commitment)
                .filter(|r| !is_blank(r))
                .map(|r| (r, *w))
        })
        .collect()
}

/// A commitment's refinements at the workshops that selected it: one template, each field
/// once where the workshops agree and once per version where they differ.
fn commitment_refinements_md(
    out: &mut String,
    commitment: &str,
    by: &[&Workshop],
    options: &MarkdownOptions,
    template: Template,
) {
    let refined = refinements_at(commitment, by);
    let refined_at: HashSet<*const Workshop> = refined
        .iter()
        .map(|(_, w)| std::ptr::from_ref(*w))
        .collect();
    let unrefined: Vec<&Workshop> = by
        .iter()
        .copied()
        .filter(|w| !refined_at.contains(&std::ptr::from_ref(*w)))
        .collect();
    if refined.is_empty() {
        let _ = writeln!(out, "Not yet refined.\n");
        return;
    }
    let versions = group_by(refined.iter().map(|(r, w)| (Printed::of(r, options), *w)));
    let all: Vec<&Workshop> = refined.iter().map(|(_, w)| *w).collect();
    let field = |get: &dyn Fn(&Printed) -> String| -> Versions<'_, String> {
        group_by(versions.iter().flat_map(|(p, at)| {
            let value = get(p);
            at.iter().map(move |w| (value.clone(), *w))
        }))
    };
    let lead = field(&|p| p.lead.clone());
    let contact = field(&|p| p.contact.clone());
    let actors = group_by(
        versions
            .iter()
            .flat_map(|(p, at)| at.iter().map(|w| (p.actors.clone(), *w))),
    );
    let texts = [
        (
            "Status quo or problem to be addressed",
            field(&|p| p.problem.clone()),
        ),
        ("Main objective", field(&|p| p.objective.clone())),
        ("Brief description", field(&|p| p.description.clone())),
    ];
    let values = field(&|p| p.values.clone());
    let relevance = field(&|p| p.relevance.clone());
    let ambition = field(&|p| p.ambition.clone());
    let stated = field(&|p| p.stated.clone());
    let milestones = group_by(
        versions
            .iter()
            .flat_map(|(p, at)| at.iter().map(|w| (p.milestones.clone(), *w))),
    );

    let mut header = Vec::new();
    if versions.len() == 1 && all.len() > 1 {
        header.push(format!(
            "Refined the same way at {}.",
            md_inline(&join_names(&names(&all)))
        ));
    } else if versions.len() == 1 && by.len() > 1 {
        header.push(format!(
            "Refined at {}.",
            md_inline(&join_names(&names(&all)))
        ));
    } else if versions.len() > 1 {
        let differ: Vec<&str> = [
            (lead.len(), "lead"),
            (contact.len(), "contact"),
            (actors.len(), "other involved actors"),
            (texts[0].1.len(), "status quo or problem"),
            (texts[1].1.len(), "main objective"),
            (texts[2].1.len(), "brief description"),
            (values.len(), "OGP values"),
            (relevance.len(), "relevance"),
            (ambition.len(), "ambition"),
            (milestones.len(), "milestones"),
        ]
        .iter()
        .filter(|(n, _)| *n > 1)
        .map(|(_, name)| *name)
        .collect();
        header.push(format!(
            "Refined at {}, in {} versions that differ in: {}. Each version of those is listed below.",
            md_inline(&join_names(&names(&all))),
            versions.len(),
            differ.join(", ")
        ));
    }
    if !unrefined.is_empty() {
        header.push(format!(
            "Not yet refined at {}.",
            md_inline(&join_names(&names(&unrefined)))
        ));
    }
    if !header.is_empty() {
        let _ = writeln!(out, "{}\n", header.join("  \n"));
    }

    inline_field(out, "Lead (responsible department or team)", &lead);
    inline_field(out, "Contact", &contact);
    let _ = writeln!(out, "**Other involved actors**\n");
    let many = actors.len() > 1;
    let _ = writeln!(
        out,
        "|{} Government | Civil society, private sector, academia |\n|{}---|---|",
        if many { " As refined at |" } else { "" },
        if many { "---|" } else { "" }
    );
    for ([government, civil], at) in &actors {
        let _ = writeln!(
            out,
            "|{} {government} | {civil} |",
            if many {
                format!(" {} |", md_inline(&join_names(&names(at))))
            } else {
                String::new()
            }
        );
    }
    let _ = writeln!(out);
    if template == Template::Current {
        current_template_md(out, &versions, &texts, &ambition, &stated, &milestones);
    } else {
        for (title, versions) in &texts {
            block_field(out, title, versions);
        }
    }
    if values.len() == 1 {
        let _ = writeln!(out, "**Relevance to OGP values:** {}\n", values[0].0);
    } else {
        inline_field(out, "Relevance to OGP values", &values);
    }
    if relevance.len() == 1 {
        let _ = writeln!(out, "{}\n", relevance[0].0);
    } else {
        block_field(out, "How it advances them", &relevance);
    }
    if template == Template::Ogp2016 {
        block_field(out, "Ambition", &ambition);
        inline_field(out, "Stated ambition", &stated);
        milestones_md(out, &milestones);
    }
    if !options.omit_smart_notes {
        let checks = group_by(refined.iter().map(|(r, w)| (smart_md(r, w), *w)));
        for (text, at) in &checks {
            if checks.len() > 1 {
                let _ = writeln!(
                    out,
                    "As refined at {}:\n",
                    md_inline(&join_names(&names(at)))
                );
            }
            out.push_str(text);
        }
    }
}

/// A list item's text: its lines after the first indented, so they stay in the item.
fn item(text: &str) -> String {
    text.replace('\n', "\n  ")
}

/// A field on one line: `**Label:** value`.
fn inline_field(out: &mut String, label: &str, versions: &Versions<'_, String>) {
    field(out, &format!("**{label}:**"), " ", versions);
}

/// A field as a paragraph under its bold title.
fn block_field(out: &mut String, title: &str, versions: &Versions<'_, String>) {
    field(out, &format!("**{title}**"), "\n\n", versions);
}

/// A field's heading and its one value (after `gap`), or, where the workshops differ, each
/// version as a list item naming the workshops that gave it.
fn field(out: &mut String, heading: &str, gap: &str, versions: &Versions<'_, String>) {
    if let [(value, _)] = versions.as_slice() {
        let _ = writeln!(out, "{heading}{gap}{value}\n");
        return;
    }
    let _ = writeln!(out, "{heading}\n");
    for (value, at) in versions {
        let _ = writeln!(
            out,
            "- {}: {}",
            md_line(&join_names(&names(at))),
            item(value)
        );
    }
    let _ = writeln!(out);
}

/// The milestones table; where the versions differ, every distinct milestone once, with
/// the workshops whose version holds it.
/// The sections of the current OGP commitment template (National Handbook): problem
/// definition, commitment description, commitment analysis and the planning table.
fn current_template_md(
    out: &mut String,
    versions: &Versions<'_, Printed>,
    texts: &[(&str, Versions<'_, String>); 3],
    ambition: &Versions<'_, String>,
    stated: &Versions<'_, String>,
    milestones: &Versions<'_, Vec<[String; 8]>>,
) {
    let field = |get: &dyn Fn(&Printed) -> String| -> Versions<'_, String> {
        group_by(versions.iter().flat_map(|(p, at)| {
            let value = get(p);
            at.iter().map(move |w| (value.clone(), *w))
        }))
    };
    let _ = writeln!(out, "#### Problem definition\n");
    block_field(
        out,
        "What problem does the commitment aim to address?",
        &texts[0].1,
    );
    block_field(
        out,
        "What are the causes of the problem?",
        &field(&|p| p.causes.clone()),
    );
    let _ = writeln!(out, "#### Commitment description\n");
    block_field(out, "Main objective", &texts[1].1);
    block_field(
        out,
        "What has been done so far to solve the problem?",
        &field(&|p| p.done_so_far.clone()),
    );
    block_field(out, "What solution are you proposing?", &texts[2].1);
    block_field(
        out,
        "What results do we want to achieve by implementing this commitment?",
        ambition,
    );
    inline_field(out, "Stated ambition", stated);
    let _ = writeln!(out, "#### Commitment analysis\n");
    block_field(
        out,
        "How will the commitment promote transparency?",
        &field(&|p| p.analysis[0].clone()),
    );
    block_field(
        out,
        "How will the commitment help foster accountability?",
        &field(&|p| p.analysis[1].clone()),
    );
    block_field(
        out,
        "How will the commitment improve citizen participation in defining, implementing and monitoring solutions?",
        &field(&|p| p.analysis[2].clone()),
    );
    let _ = writeln!(out, "#### Commitment planning\n");
    let many = milestones.len() > 1;
    let _ = writeln!(
        out,
        "| Milestones | Expected outputs | Expected completion date | Stakeholders |{}\n|---|---|---|---|{}",
        if many { " Refined at |" } else { "" },
        if many { "---|" } else { "" }
    );
    let mut n = 0;
    for (list, at) in milestones {
        for m in list {
            n += 1;
            let [
                deliverable,
                _,
                _,
                end,
                implementer,
                monitor,
                output,
                stakeholders,
            ] = m;
            // The stakeholders column says who implements and monitors, and who else.
            let who: Vec<&str> = [stakeholders.as_str(), implementer, monitor]
                .into_iter()
                .filter(|s| *s != "—")
                .collect();
            let who = if who.is_empty() {
                "—".to_owned()
            } else {
                who.join("; ")
            };
            let _ = write!(out, "| {n}. {deliverable} | {output} | {end} | {who} |");
            if many {
                let _ = write!(out, " {} |", md_inline(&join_names(&names(at))));
            }
            let _ = writeln!(out);
        }
    }
    if n == 0 {
        let _ = writeln!(out, "| — | | | |{}", if many { " |" } else { "" });
    }
    let _ = writeln!(out);
}

fn milestones_md(out: &mut String, versions: &Versions<'_, Vec<[String; 8]>>) {
    let many = versions.len() > 1;
    let _ = writeln!(
        out,
        "| Verifiable and measurable milestone | New or ongoing | Start | End | Implements | Monitors |{}",
        if many { " Refined at |" } else { "" }
    );
    let _ = writeln!(
        out,
        "|---|---|---|---|---|---|{}",
        if many { "---|" } else { "" }
    );
    let mut rows: Versions<'_, &[String; 8]> = Vec::new();
    for (list, at) in versions {
        for m in list {
            match rows.iter_mut().find(|(r, _)| many && *r == m) {
                Some((_, holders)) => {
                    for w in at {
                        if !holders.iter().any(|h| std::ptr::eq(*h, *w)) {
                            holders.push(w);
                        }
                    }
                }
                None => rows.push((m, at.clone())),
            }
        }
    }
    if rows.is_empty() {
        let _ = writeln!(out, "| — | | | | | |{}", if many { " |" } else { "" });
    }
    for (i, ([deliverable, novelty, start, end, implementer, monitor, ..], at)) in
        rows.iter().enumerate()
    {
        let _ = write!(
            out,
            "| {}. {deliverable} | {novelty} | {start} | {end} | {implementer} | {monitor} |",
            i + 1
        );
        if many {
            let _ = write!(out, " {} |", md_inline(&join_names(&names(at))));
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out);
}

/// "What the groups said": every placement's reason (its `note`), by commitment, with the
/// group and workshop it came from. Left out when no group wrote one.
fn groups_reasons(out: &mut String, session: &Session) {
    use std::fmt::Write as _;
    let mut any = false;
    for c in &session.commitments {
        let mut lines = Vec::new();
        for w in &session.workshops {
            for p in w.placements.iter().filter(|p| p.commitment == c.id) {
                if p.note.trim().is_empty() {
                    continue;
                }
                let group = w
                    .group(p.group)
                    .map_or_else(|| format!("Group {}", p.group), |g| g.name.clone());
                lines.push(format!(
                    "- {} ({}): {}",
                    md_inline(&group),
                    md_inline(&w.details.name),
                    md_inline(p.note.trim())
                ));
            }
        }
        if lines.is_empty() {
            continue;
        }
        if !any {
            let _ = writeln!(out, "\n## What the groups said\n");
            any = true;
        }
        let _ = writeln!(out, "**{}. {}**\n", md_inline(&c.id), md_inline(&c.title));
        for line in lines {
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(out);
    }
}

/// The working notes: the SMART check's score and findings.
fn smart_md(r: &Refinement, w: &Workshop) -> String {
    let mut out = String::new();
    let checklist = check(r, &w.details.plan_period);
    let missing: Vec<&str> = Criterion::ALL
        .iter()
        .filter(|c| !checklist.is_met(**c))
        .map(|c| c.name())
        .collect();
    let _ = writeln!(
        out,
        "SMART check: {}/5 met{}.\n",
        checklist.met_count(),
        if missing.is_empty() {
            String::new()
        } else {
            format!(" — to work on: {}", missing.join(", "))
        }
    );
    for f in &checklist.findings {
        let _ = writeln!(out, "- {}", md_line(&f.message.to_string()));
    }
    if !checklist.findings.is_empty() {
        let _ = writeln!(out);
    }
    out
}

/// One person who signed up, once however many times they did.
struct Person<'a> {
    name: &'a str,
    email: &'a str,
    organizations: Vec<&'a str>,
    /// (commitment, role, workshop) for each sign-up.
    sign_ups: Vec<SignUpAt<'a>>,
}

struct SignUpAt<'a> {
    commitment: &'a str,
    role: Role,
    workshop: &'a Workshop,
}

/// Everyone who signed up, each person once: the same name (spaces aside) and e-mail
/// (case aside) at any workshop for any commitment is one person. Sorted by name.
fn contacts<'a>(workshops: &[&'a Workshop]) -> Vec<Person<'a>> {
    let key = |name: &str, email: &str| {
        (
            name.split_whitespace().collect::<Vec<_>>().join(" "),
            email.trim().to_lowercase(),
        )
    };
    let mut people: Vec<((String, String), Person<'a>)> = Vec::new();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    for w in workshops {
        for s in &w.sign_ups {
            let k = key(&s.name, &s.email);
            let i = match index.get(&k) {
                Some(&i) => i,
                None => {
                    index.insert(k.clone(), people.len());
                    people.push((
                        k,
                        Person {
                            name: s.name.trim(),
                            email: s.email.trim(),
                            organizations: Vec::new(),
                            sign_ups: Vec::new(),
                        },
                    ));
                    people.len() - 1
                }
            };
            let p = &mut people[i].1;
            let org = s.organization.trim();
            if !org.is_empty() && !p.organizations.contains(&org) {
                p.organizations.push(org);
            }
            p.sign_ups.push(SignUpAt {
                commitment: &s.commitment,
                role: s.role,
                workshop: w,
            });
        }
    }
    people.sort_by(|(a, _), (b, _)| {
        (a.0.to_lowercase(), &a.1, &a.0).cmp(&(b.0.to_lowercase(), &b.1, &b.0))
    });
    people.into_iter().map(|(_, p)| p).collect()
}

/// The contacts appendix: each person once, with what they signed up for.
fn contacts_md(out: &mut String, session: &Session, workshops: &[&Workshop]) {
    let people = contacts(workshops);
    let by_id = commitments_by_id(session);
    let order_of: HashMap<&str, usize> = session
        .commitments
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let _ = writeln!(out, "\n## Contacts\n");
    if people.is_empty() {
        let _ = writeln!(out, "Nobody signed up to stay involved.");
        return;
    }
    let _ = writeln!(
        out,
        "Personal data: the people who signed up to stay involved, each once, with what they signed up for.\n"
    );
    for p in &people {
        let mut line = format!("- **{}**", or_dash_inline(p.name));
        if !p.organizations.is_empty() {
            let _ = write!(line, " — {}", md_inline(&join_names(&p.organizations)));
        }
        if !p.email.is_empty() {
            let _ = write!(line, " — {}", md_inline(p.email));
        }
        let _ = writeln!(out, "{line}");
        // Per commitment (in the list's order) and role: the workshops.
        let mut what: Versions<'_, (usize, &str, Role)> = Vec::new();
        for s in &p.sign_ups {
            let order = order_of.get(s.commitment).copied().unwrap_or(usize::MAX);
            let k = (order, s.commitment, s.role);
            match what.iter_mut().find(|(v, _)| *v == k) {
                Some((_, at)) => {
                    if !at.iter().any(|w| std::ptr::eq(*w, s.workshop)) {
                        at.push(s.workshop);
                    }
                }
                None => what.push((k, vec![s.workshop])),
            }
        }
        what.sort_by_key(|((order, id, role), _)| (*order, *id, *role as u8));
        for ((_, id, role), at) in &what {
            let title = by_id.get(id).map_or("", |c| c.title.as_str());
            let _ = writeln!(
                out,
                "  - commitment {}{}: {} (at {})",
                md_inline(id),
                if title.trim().is_empty() {
                    String::new()
                } else {
                    format!(", {}", md_inline(title))
                },
                role.name(),
                md_inline(&join_names(&names(at)))
            );
        }
    }
}

/// A spreadsheet cell that cannot run and hides nothing: control characters go (tabs become
/// spaces, line breaks stay), and so do hidden characters ([`is_hidden`]); then text whose
/// first visible character is `=`, `+`, `-`, `@` or their full-width forms `＝＋－＠` —
/// after any spaces, no-break spaces or other blanks, which a spreadsheet's "trim spaces"
/// removes — gets a leading `'`.
pub fn csv_cell(text: &str) -> String {
    let clean: String = text
        .replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' | '\r' => Some(' '),
            c if c.is_control() || is_hidden(c) => None,
            c => Some(c),
        })
        .collect();
    match clean.trim_start().chars().next() {
        Some('=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠') => format!("'{clean}"),
        _ => clean,
    }
}

/// The CSV header.
pub const CSV_HEADER: [&str; 10] = [
    "workshop",
    "group",
    "commitment_id",
    "title",
    "theme",
    "desirability",
    "ambition",
    "ambition_level",
    "selected",
    "note",
];

/// One row per placement, with the group's reason for it (`note`).
pub fn csv(session: &Session) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut write = |cells: &[String]| writer.write_record(cells).expect("writing to memory");
    write(&CSV_HEADER.map(str::to_owned));
    let by_id = commitments_by_id(session);
    for w in &session.workshops {
        let selection: HashSet<&str> = w.selection.iter().map(String::as_str).collect();
        let groups: HashMap<u32, &str> = w.groups.iter().map(|g| (g.id, g.name.as_str())).collect();
        for p in &w.placements {
            let c = by_id.get(p.commitment.as_str()).copied();
            let group = groups
                .get(&p.group)
                .map_or_else(|| p.group.to_string(), |g| (*g).to_owned());
            write(&[
                csv_cell(&w.details.name),
                csv_cell(&group),
                csv_cell(&p.commitment),
                csv_cell(c.map_or("", |c| c.title.as_str())),
                csv_cell(c.map_or("", |c| c.theme.as_str())),
                shortest(p.desirability),
                shortest(p.ambition),
                session.ambition_scale.nearest(p.ambition).name().to_owned(),
                selection.contains(p.commitment.as_str()).to_string(),
                csv_cell(&p.note),
            ]);
        }
    }
    String::from_utf8(writer.into_inner().expect("memory")).expect("UTF-8 in, UTF-8 out")
}

/// Text as XML (or HTML) character data or a quoted attribute value: `&`, `<`, `>`, `"` and
/// `'` escaped; characters XML 1.0 does not allow, control characters but the line break,
/// and hidden ones ([`is_hidden`]) removed.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Not allowed in XML 1.0 (a file with them is not well-formed), or hidden.
            '\u{FFFE}' | '\u{FFFF}' => {}
            c if (c.is_control() && c != '\n') || is_hidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// The grid image's point labels: bold, in a monospaced face, so their width is known
/// without a font engine.
const LABEL_FONT_SIZE: f32 = 13.0;
const LABEL_HEIGHT: f32 = 15.0;
const MARKER_RADIUS: f32 = 6.0;

/// The size a point label takes on the grid image: 0.62 em per character (a monospaced
/// face's advance, rounded up), a full em for wide characters.
pub fn label_size(text: &str) -> (f32, f32) {
    let width: f32 = text
        .chars()
        .map(|c| if c.is_ascii() { 0.62 } else { 1.0 })
        .sum::<f32>()
        * LABEL_FONT_SIZE;
    (width, LABEL_HEIGHT)
}

/// The grid as SVG: a title; per commitment the median over all groups, the middle half of
/// the groups as a box, and its number placed where it covers no other number or point
/// (as the window places them, [`crate::layout::place_labels`]); commitments selected at a
/// workshop in blue; and a legend. Drawn without a window.
pub fn grid_svg(session: &Session) -> String {
    let workshops: Vec<&Workshop> = session.workshops.iter().collect();
    let rows = event_rows(
        session.commitments.iter().map(|c| c.id.as_str()),
        &workshops,
    );
    let groups: usize = workshops.iter().map(|w| w.groups.len()).sum();
    let (w, h, left, top, right, bottom) = (900.0, 760.0, 70.0, 64.0, 20.0, 160.0);
    let (pw, ph) = (w - left - right, h - top - bottom);
    let scale = session.ambition_scale;
    let x = |a: f64| left + (a + 0.5) / (scale.max() + 1.0) * pw;
    let y = |d: f64| top + (1.0 - d / DESIRABILITY_MAX) * ph;
    let n = |v: f64| fixed(v, 1);
    let mut s = String::new();
    let title = "Desirability × ambition: the median of all groups per commitment";
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="13">"#
    );
    let _ = writeln!(s, r#"<title>{title}</title>"#);
    let _ = writeln!(
        s,
        r##"<rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        s,
        r##"<text x="{}" y="30" text-anchor="middle" font-size="18" font-weight="bold" fill="#000">{title}</text>"##,
        n(w / 2.0)
    );
    for (i, level) in scale.levels().iter().enumerate() {
        let v = level.value();
        let (x0, x1) = (x(v - 0.5), x(v + 0.5));
        let fill = if i % 2 == 1 { "#eeeeee" } else { "#fafafa" };
        let _ = writeln!(
            s,
            r#"<rect x="{}" y="{top}" width="{}" height="{ph}" fill="{fill}" stroke="none"/>"#,
            n(x0),
            n(x1 - x0)
        );
        let _ = writeln!(
            s,
            r##"<text x="{}" y="{}" text-anchor="middle" fill="#333">{}</text>"##,
            n(x(v)),
            n(h - bottom + 20.0),
            level.name()
        );
    }
    for d in 0..=10 {
        let yy = n(y(f64::from(d)));
        let _ = writeln!(
            s,
            r##"<line x1="{left}" y1="{yy}" x2="{}" y2="{yy}" stroke="#cccccc"/>"##,
            n(w - right)
        );
        let _ = writeln!(
            s,
            r##"<text x="{}" y="{}" text-anchor="end" fill="#333">{d}</text>"##,
            n(left - 8.0),
            n(y(f64::from(d)) + 4.0)
        );
    }
    let _ = writeln!(
        s,
        r##"<text x="{}" y="{}" text-anchor="middle" fill="#000">{}</text>"##,
        n(left + pw / 2.0),
        n(h - bottom + 44.0),
        match scale {
            AmbitionScale::PotentialImpact => "Ambition — potential impact",
            AmbitionScale::PotentialForResults => "Ambition — potential for results",
        }
    );
    let _ = writeln!(
        s,
        r##"<text x="16" y="{0}" text-anchor="middle" fill="#000" transform="rotate(-90 16 {0})">Desirability</text>"##,
        n(top + ph / 2.0)
    );
    let color = |selected: bool| if selected { "#0060a0" } else { "#222222" };
    let mut points = Vec::with_capacity(rows.len());
    for r in &rows {
        let a = &r.aggregate;
        let (qa, qd) = (a.ambition_quartiles, a.desirability_quartiles);
        let _ = writeln!(
            s,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#999999"/>"##,
            n(x(qa.0)),
            n(y(qd.1)),
            n((x(qa.1) - x(qa.0)).max(0.5)),
            n((y(qd.0) - y(qd.1)).max(0.5))
        );
        points.push((x(a.ambition) as f32, y(a.desirability) as f32));
    }
    for (r, p) in rows.iter().zip(&points) {
        let _ = writeln!(
            s,
            r#"<circle cx="{}" cy="{}" r="{MARKER_RADIUS}" fill="{}"/>"#,
            n(f64::from(p.0)),
            n(f64::from(p.1)),
            color(!r.selected_by.is_empty())
        );
    }
    // The numbers, placed apart as in the window.
    let sizes: Vec<(f32, f32)> = rows
        .iter()
        .map(|r| label_size(&r.aggregate.commitment))
        .collect();
    let clip = crate::layout::Rect {
        x0: left as f32,
        y0: top as f32,
        x1: (w - right) as f32,
        y1: (top + ph) as f32,
    };
    let spots = crate::layout::place_labels(&points, &sizes, clip, MARKER_RADIUS);
    for (r, spot) in rows.iter().zip(&spots) {
        let a = &r.aggregate;
        let fill = color(!r.selected_by.is_empty());
        if let Some((lx, ly)) = spot.leader_to {
            let _ = writeln!(
                s,
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{fill}" stroke-opacity="0.7"/>"#,
                n(f64::from(spot.point.0)),
                n(f64::from(spot.point.1)),
                n(f64::from(lx)),
                n(f64::from(ly))
            );
        }
        let title = session
            .commitment(&a.commitment)
            .map_or("", |c| c.title.as_str());
        // The baseline sits a fifth of the label's height above its bottom edge.
        let _ = writeln!(
            s,
            r#"<text class="label" x="{}" y="{}" fill="{fill}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="{LABEL_FONT_SIZE}" font-weight="bold"><title>{}</title>{}</text>"#,
            n(f64::from(spot.rect.x0)),
            n(f64::from(spot.rect.y1 - LABEL_HEIGHT * 0.2)),
            xml(title),
            xml(&a.commitment)
        );
    }
    // The legend, under the axis title.
    let ly = h - bottom + 76.0;
    let _ = writeln!(
        s,
        r##"<g class="legend" fill="#000"><circle cx="{}" cy="{}" r="{MARKER_RADIUS}" fill="{}"/><text x="{}" y="{}">median of the {groups} group{}, with the commitment's number</text>"##,
        n(left + 6.0),
        n(ly),
        color(false),
        n(left + 18.0),
        n(ly + 4.0),
        if groups == 1 { "" } else { "s" }
    );
    let _ = writeln!(
        s,
        r##"<circle cx="{}" cy="{}" r="{MARKER_RADIUS}" fill="{}"/><text x="{}" y="{}">selected for refinement at a workshop</text>"##,
        n(left + 6.0),
        n(ly + 24.0),
        color(true),
        n(left + 18.0),
        n(ly + 28.0)
    );
    let _ = writeln!(
        s,
        r##"<rect x="{}" y="{}" width="24" height="14" fill="none" stroke="#999999"/><text x="{}" y="{}">box: the middle half of the groups (first to third quartile on each axis)</text></g>"##,
        n(left),
        n(ly + 41.0),
        n(left + 30.0),
        n(ly + 52.0)
    );
    let _ = writeln!(s, "</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Commitment, Group, Placement, SignUp};
    use proptest::prelude::*;
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    #[test]
    fn markdown_escaping_keeps_text_inert() {
        let nasty = "<script>alert(1)</script> [click](http://x) ![img](y) | pipe `code` **b**";
        let out = md_inline(nasty);
        assert!(
            out.contains("\\<script") && !out.contains(" <script"),
            "{out}"
        );
        assert!(!out.contains("](") && !out.contains("!["), "{out}");
        assert!(out.contains("\\|"), "{out}");
        assert_eq!(md_inline("a\nb"), "a b", "a line break is a space");
    }

    #[test]
    fn csv_cells_are_defused() {
        // Defused by a quote in front, the rest kept as typed.
        for bad in ["=1+1", "+1", "-1", "@SUM(A1)"] {
            assert_eq!(csv_cell(bad), format!("'{bad}"));
        }
        // A tab or CR is a space now: nothing to defuse.
        assert_eq!(csv_cell("\tx"), " x");
        assert_eq!(csv_cell("\rx"), " x");
        assert_eq!(csv_cell("Open data"), "Open data");
    }

    /// Text as the escaping functions see it: tabs and line breaks are spaces, other
    /// control characters gone, the ends trimmed.
    fn plain(text: &str) -> String {
        text.chars()
            .filter_map(|c| match c {
                '\r' | '\n' | '\t' => Some(' '),
                c if c.is_control() || is_hidden(c) => None,
                c => Some(c),
            })
            .collect::<String>()
            .trim()
            .to_owned()
    }

    /// What a CommonMark + GFM reader makes of a document: its text (line breaks and block
    /// ends as `\n`), or the first markup it found that is not in `allowed`.
    fn read(markdown: &str, allowed: &[&str]) -> Result<String, String> {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_GFM;
        let mut text = String::new();
        for event in Parser::new_ext(markdown, options) {
            let name = match &event {
                Event::Text(t) => {
                    text.push_str(t);
                    continue;
                }
                Event::SoftBreak | Event::HardBreak => {
                    text.push('\n');
                    continue;
                }
                Event::Start(tag) => tag_name(tag),
                Event::End(end) => {
                    if matches!(
                        end,
                        TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell
                    ) {
                        text.push('\n');
                    }
                    continue;
                }
                other => format!("{other:?}"),
            };
            if !allowed.contains(&name.as_str()) {
                return Err(format!("{name} in {markdown:?}"));
            }
        }
        Ok(text)
    }

    fn tag_name(tag: &Tag<'_>) -> String {
        let debug = format!("{tag:?}");
        debug
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or_default()
            .to_owned()
    }

    fn lines(text: &str) -> Vec<String> {
        text.split('\n')
            .map(plain)
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// Text with every character that Markdown, HTML or GFM give a meaning to, and some
    /// that they do not.
    fn any_text() -> impl Strategy<Value = String> {
        proptest::string::string_regex(
            "[-#*_`~\\[\\]()<>!&;|\\\\=+.:0-9a-zA-Z @/\t\n\r^{}$\"'%?éà—\u{a0}\u{202e}\u{200b}\u{2066}\u{feff}]{0,40}",
        )
        .expect("a valid pattern")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Whatever the text, in every place the report puts user text, a reader shows it
        /// as that text: no heading, list, link, image, HTML, emphasis, code, strikethrough,
        /// quote, rule or table is formed from it.
        #[test]
        fn escaped_text_reads_as_itself(text in any_text(), other in any_text()) {
            // Paragraphs (one line each, as hard breaks).
            let got = read(&md_block(&text), &["Paragraph"]).map_err(TestCaseError::fail)?;
            prop_assert_eq!(lines(&got), lines(&text));
            // Inside a sentence.
            let got = read(&format!("x {} y", md_inline(&text)), &["Paragraph"])
                .map_err(TestCaseError::fail)?;
            prop_assert_eq!(got, format!("x {} y\n", plain(&text)));
            // Two fields in one line, as in the workshop list.
            let got = read(&format!("x {}, {} y", md_inline(&text), md_inline(&other)), &["Paragraph"])
                .map_err(TestCaseError::fail)?;
            prop_assert_eq!(got, format!("x {}, {} y\n", plain(&text), plain(&other)));
            // A heading.
            let got = read(&format!("### 7. {}", md_heading(&text)), &["Heading"])
                .map_err(TestCaseError::fail)?;
            let want = format!("7. {}", plain(&text));
            prop_assert_eq!(got.trim_end(), want.trim_end());
            // A list item's text.
            let got = read(&format!("- {}", md_line(&text)), &["List", "Item"])
                .map_err(TestCaseError::fail)?;
            prop_assert_eq!(got.trim_end(), plain(&text));
            // Bold, as a workshop's name.
            let got = read(
                &format!("- **{}** — {}", or_dash_inline(&text), md_inline(&other)),
                &["List", "Item", "Strong"],
            )
            .map_err(TestCaseError::fail)?;
            let name = if plain(&text).is_empty() { "—".to_owned() } else { plain(&text) };
            let want = format!("{name} — {}", plain(&other));
            prop_assert_eq!(got.trim_end(), want.trim_end());
            // Table cells: two cells stay two.
            let table = format!(
                "| a | b |\n|---|---|\n| {} | {} |\n",
                or_dash_inline(&text),
                or_dash_inline(&other)
            );
            let got = read(&table, &["Table", "TableHead", "TableRow", "TableCell"])
                .map_err(TestCaseError::fail)?;
            let cell = |t: &str| if plain(t).is_empty() { "—".to_owned() } else { plain(t) };
            prop_assert_eq!(got, format!("a\nb\n{}\n{}\n", cell(&text), cell(&other)));
        }

        /// Ordinary text — words with hyphens, dates, e-mails, web addresses, amounts —
        /// comes out exactly as it went in, wherever it lands.
        #[test]
        fn ordinary_text_passes_unchanged(
            first in "[A-Za-z][A-Za-z0-9]{0,8}",
            rest in prop::collection::vec(
                (
                    prop::sample::select(vec![
                        " ", "-", ".", "@", "/", ":", ", ", "'", " & ", "_", "%", "?",
                        "=", " + ", " - ", "; ", "(", ")", " (", "! ", " #", "$", "\"", "://",
                    ]),
                    "[A-Za-z0-9]{1,8}",
                ),
                0..8,
            ),
        ) {
            let text: String = std::iter::once(first)
                .chain(rest.into_iter().map(|(sep, word)| format!("{sep}{word}")))
                .collect();
            prop_assert_eq!(md_inline(&text), text.clone());
            prop_assert_eq!(md_line(&text), text.clone());
            prop_assert_eq!(md_heading(&text), text.clone());
            prop_assert_eq!(md_block(&text), text);
        }
    }

    #[test]
    fn dates_emails_and_addresses_are_not_escaped() {
        for text in [
            "2016-08-16",
            "alex@example.org",
            "https://www.ontario.ca/page/open-government?lang=en&x=1",
            "co-creation, open-data portal",
            "snake_case_name",
            "AT&T, Q&A, R & D",
            "50% of ministries (2017-01 to 2018-06)",
            "e.g. this: that",
            "O'Brien said \"yes\"",
            "C# and F#!",
        ] {
            assert_eq!(md_inline(text), text);
            assert_eq!(md_block(text), text);
        }
        // Only where it would be markup.
        assert_eq!(md_inline("2016."), "2016.");
        assert_eq!(md_line("2016."), "2016\\.");
        assert_eq!(md_line("2016. A year"), "2016\\. A year");
        assert_eq!(md_line("- item"), "\\- item");
        assert_eq!(md_line("# heading"), "\\# heading");
        assert_eq!(md_line("---"), "\\---");
        assert_eq!(md_line("#hashtag"), "#hashtag");
        assert_eq!(md_heading("Number #"), "Number \\#");
        assert_eq!(md_inline("&amp; &#38;"), "\\&amp; \\&#38;");
        assert_eq!(md_inline("_private"), "\\_private");
    }

    #[test]
    fn names_with_commas_are_joined_unambiguously() {
        assert_eq!(
            join_names(&["Central workshop, Toronto", "Northern workshop"]),
            "Central workshop, Toronto; Northern workshop"
        );
        assert_eq!(join_names(&["a; b", "c"]), "“a; b”; “c”");
        assert_eq!(join_names::<&str>(&[]), "");
    }

    fn commitment(id: &str) -> Commitment {
        Commitment {
            id: id.into(),
            title: format!("Commitment {id}"),
            theme: "transparency".into(),
            votes: 10,
            description: String::new(),
            decidim_id: String::new(),
        }
    }

    /// A session of `n` commitments and the given workshops, each with two groups that
    /// placed every commitment.
    fn session(n: usize, workshops: &[&str]) -> Session {
        let commitments: Vec<Commitment> = (1..=n).map(|i| commitment(&i.to_string())).collect();
        let workshops = workshops
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let mut w = Workshop::new(format!("w{i}"), name);
                w.details.plan_period.start = "2017-01".into();
                w.details.plan_period.end = "2018-06".into();
                for _ in 0..2 {
                    let g = w.add_group();
                    for c in &commitments {
                        w.place(g, &c.id, 4.0 + f64::from(g), 1.0);
                    }
                }
                w
            })
            .collect();
        Session {
            commitments,
            workshops,
            ..Default::default()
        }
    }

    fn refinement(id: &str, objective: &str) -> Refinement {
        Refinement {
            commitment: id.into(),
            lead: "Treasury Board Secretariat".into(),
            objective: objective.into(),
            milestones: vec![Milestone {
                deliverable: "Publish 3 data sets".into(),
                start: "2017-02".into(),
                end: "2017-12".into(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn the_report_follows_the_sessions_template_unless_told_otherwise() {
        let mut s = session(2, &["Central"]);
        s.workshops[0].set_selected("1", true);
        s.workshops[0]
            .refinements
            .push(refinement("1", "Open the budget"));
        let current = "#### Problem definition";
        let old = "Status quo or problem to be addressed";
        let with = |template| MarkdownOptions {
            template,
            ..Default::default()
        };
        for (session_template, asked, expect_current) in [
            (Template::Ogp2016, None, false),
            (Template::Current, None, true),
            (Template::Current, Some(Template::Ogp2016), false),
            (Template::Ogp2016, Some(Template::Current), true),
        ] {
            s.template = session_template;
            let md = markdown(&s, &with(asked));
            assert_eq!(
                (md.contains(current), md.contains(old)),
                (expect_current, !expect_current),
                "session {session_template:?}, asked {asked:?}: {md}"
            );
        }
    }

    #[test]
    fn a_commitment_refined_alike_at_two_workshops_is_printed_once() {
        let mut s = session(3, &["Central workshop, Toronto", "Northern workshop"]);
        for w in &mut s.workshops {
            w.set_selected("2", true);
            w.refinements.push(refinement("2", "Open the budget"));
        }
        let md = markdown(&s, &MarkdownOptions::default());
        assert_eq!(md.matches("**Main objective**").count(), 1, "{md}");
        assert_eq!(md.matches("Open the budget").count(), 1, "{md}");
        assert_eq!(md.matches("SMART check").count(), 1, "{md}");
        assert!(
            md.contains("Refined the same way at Central workshop, Toronto; Northern workshop."),
            "{md}"
        );
        assert!(md.contains(
            "Selected at 2 of 2 workshops: Central workshop, Toronto; Northern workshop."
        ));
    }

    #[test]
    fn differing_refinements_print_one_template_and_the_differences() {
        let mut s = session(3, &["Central", "Northern", "Online"]);
        for (w, objective) in
            s.workshops
                .iter_mut()
                .zip(["Open the budget", "Open the budget", "Publish spending"])
        {
            w.set_selected("2", true);
            w.refinements.push(refinement("2", objective));
        }
        s.workshops[2].refinements[0].milestones[0].end = "2018-03".into();
        let md = markdown(&s, &MarkdownOptions::default());
        assert_eq!(md.matches("**Main objective**").count(), 1, "{md}");
        assert_eq!(
            md.matches("**Lead (responsible department or team):**")
                .count(),
            1
        );
        assert_eq!(
            md.matches("Treasury Board Secretariat").count(),
            1,
            "same lead once: {md}"
        );
        assert!(
            md.contains("- Central; Northern: Open the budget\n- Online: Publish spending"),
            "{md}"
        );
        assert!(
            md.contains("differ in: main objective, milestones."),
            "{md}"
        );
        assert!(
            md.contains("| 2017-12 | — | — | Central; Northern |"),
            "{md}"
        );
        assert!(md.contains("| 2018-03 | — | — | Online |"), "{md}");
    }

    #[test]
    fn sections_are_numbered_by_commitment_id() {
        let mut s = session(9, &["Central"]);
        s.workshops[0].set_selected("7", true);
        s.workshops[0].set_selected("4", true);
        let md = markdown(&s, &MarkdownOptions::default());
        // Selected 7 first, then 4 (each at one workshop): the sections follow the list's
        // order, 4 then 7, and only those.
        let sections: Vec<&str> = md.lines().filter(|l| l.starts_with("### ")).collect();
        assert_eq!(
            sections,
            ["### 4. Commitment 4", "### 7. Commitment 7"],
            "{md}"
        );
    }

    #[test]
    fn selected_but_unrefined_says_so_even_with_an_empty_form() {
        let mut s = session(3, &["Central", "Northern"]);
        s.workshops[0].set_selected("1", true);
        s.workshops[1].set_selected("1", true);
        // The window opened the form: an empty refinement, and one of blank lines.
        s.workshops[0].refinement_mut("1");
        let r = s.workshops[1].refinement_mut("1");
        r.lead = "  ".into();
        r.milestones.push(Milestone::default());
        let md = markdown(&s, &MarkdownOptions::default());
        assert!(md.contains("Not yet refined.\n"), "{md}");
        assert!(
            !md.contains("**Main objective**") && !md.contains("SMART check"),
            "{md}"
        );

        s.workshops[1].refinements[0] = refinement("1", "Objective");
        let md = markdown(&s, &MarkdownOptions::default());
        assert!(
            md.contains("Refined at Northern.  \nNot yet refined at Central."),
            "{md}"
        );
    }

    #[test]
    fn the_groups_reasons_appear_in_the_report() {
        let mut session = crate::demo::generate(crate::demo::bundled_commitments(), 2, 3);
        assert!(
            !markdown(&session, &MarkdownOptions::default()).contains("What the groups said"),
            "no section without a reason"
        );
        let w = &mut session.workshops[0];
        let (group, commitment) = (w.placements[0].group, w.placements[0].commitment.clone());
        assert!(w.set_note(group, &commitment, "Tangible for the north; *cheap*"));
        let md = markdown(&session, &MarkdownOptions::default());
        let section = &md[md.find("## What the groups said").expect("a section")..];
        let name = &session.workshops[0].group(group).unwrap().name;
        assert!(
            section.contains(&format!("- {name} ("))
                && section.contains("Tangible for the north; \\*cheap\\*"),
            "{section}"
        );
    }

    #[test]
    fn working_notes_can_be_left_out() {
        let mut s = session(3, &["Central"]);
        s.workshops[0].set_selected("1", true);
        s.workshops[0].refinements.push(refinement("1", "x"));
        let with = markdown(&s, &MarkdownOptions::default());
        assert!(with.contains("SMART check: "), "{with}");
        let without = markdown(
            &s,
            &MarkdownOptions {
                omit_smart_notes: true,
                ..Default::default()
            },
        );
        assert!(!without.contains("SMART check"), "{without}");
        assert!(without.contains("**Main objective**"));
    }

    #[test]
    fn each_person_is_listed_once_with_what_they_signed_up_for() {
        let mut s = session(3, &["Central", "Northern"]);
        let sign_up = |commitment: &str, email: &str, role| SignUp {
            commitment: commitment.into(),
            name: "Alex Example".into(),
            organization: "Civic Network".into(),
            email: email.into(),
            role,
        };
        s.workshops[0]
            .sign_ups
            .push(sign_up("1", "alex@example.org", Role::Advise));
        s.workshops[0]
            .sign_ups
            .push(sign_up("2", "alex@example.org", Role::Monitor));
        s.workshops[1]
            .sign_ups
            .push(sign_up("1", "Alex@Example.org ", Role::Advise));
        s.workshops[1]
            .sign_ups
            .push(sign_up("3", "other@example.org", Role::Implement));
        let md = markdown(
            &s,
            &MarkdownOptions {
                include_contacts: true,
                ..Default::default()
            },
        );
        let contacts = &md[md.find("## Contacts").expect("an appendix")..];
        assert_eq!(
            contacts.matches("alex@example.org").count(),
            1,
            "{contacts}"
        );
        assert_eq!(
            contacts.matches("**Alex Example**").count(),
            2,
            "two e-mails, two people: {contacts}"
        );
        assert!(
            contacts.contains("  - commitment 1, Commitment 1: advise (at Central; Northern)\n  - commitment 2, Commitment 2: monitor (at Central)\n"),
            "{contacts}"
        );
        assert!(!markdown(&s, &MarkdownOptions::default()).contains("Alex"));
    }

    /// Every number in a report, by where a `-` stands before a digit: none is zero.
    fn negative_zeros(text: &str) -> Vec<String> {
        text.match_indices('-')
            .filter_map(|(i, _)| {
                let number: String = text[i + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.')
                    .collect();
                let value: f64 = number.trim_end_matches('.').parse().ok()?;
                (value == 0.0).then(|| format!("-{number}"))
            })
            .collect()
    }

    #[test]
    fn numbers_are_never_negative_zero() {
        assert_eq!(fixed(-0.0, 1), "0.0");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-0.06, 1), "-0.1");
        assert_eq!(shortest(-0.0), "0");
        assert_eq!(shortest(2.5), "2.5");
        assert_eq!(
            negative_zeros("x -0 y -0.00 z -0.5 2016-08-16"),
            ["-0", "-0.00"]
        );
    }

    fn value(max: f64) -> impl Strategy<Value = f64> {
        prop_oneof![Just(-0.0), Just(0.0), Just(-1e-9), 0.0..=max]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever the placements (negative zeros and tiny negatives included), no report
        /// prints `-0`.
        #[test]
        fn no_report_prints_negative_zero(
            placements in prop::collection::vec((0u32..3, 1usize..=4, value(10.0), value(3.0)), 0..24),
            selected in prop::collection::vec(1usize..=4, 0..3),
        ) {
            let mut s = session(4, &["Central"]);
            let w = &mut s.workshops[0];
            w.placements.clear();
            w.groups.push(Group { id: 2, name: "Table 3".into() });
            for (group, c, d, a) in placements {
                w.placements.retain(|p| !(p.group == group && p.commitment == c.to_string()));
                w.placements.push(Placement {
                    group,
                    commitment: c.to_string(),
                    desirability: d,
                    ambition: a,
                    note: String::new(),
                });
            }
            for c in selected {
                w.set_selected(&c.to_string(), true);
            }
            for text in [markdown(&s, &MarkdownOptions::default()), csv(&s), grid_svg(&s)] {
                prop_assert_eq!(negative_zeros(&text), Vec::<String>::new(), "{}", text);
            }
        }
    }

    #[test]
    fn the_csv_has_the_groups_reasons() {
        let mut s = session(2, &["Central"]);
        let w = &mut s.workshops[0];
        let g = w.groups[0].id;
        let p = w
            .placements
            .iter_mut()
            .find(|p| p.group == g && p.commitment == "1")
            .unwrap();
        p.note = "=cheap, and \"quick\"".into();
        let text = csv(&s);
        assert!(
            text.lines().next().unwrap().ends_with(",selected,note"),
            "{text}"
        );
        assert!(text.contains(",\"'=cheap, and \"\"quick\"\"\""), "{text}");
        // One row per group and commitment.
        assert_eq!(text.lines().count(), 1 + 2 * 2);
    }

    /// The number labels of a grid image, as rectangles (by [`label_size`]), and the points.
    fn svg_labels(svg: &str) -> (Vec<crate::layout::Rect>, Vec<(f32, f32)>) {
        let attr = |tag: &str, name: &str| -> f32 {
            let start = tag.find(&format!(" {name}=\"")).expect("attribute") + name.len() + 3;
            tag[start..start + tag[start..].find('"').unwrap()]
                .parse()
                .unwrap()
        };
        let mut rects = Vec::new();
        let mut points = Vec::new();
        for line in svg.lines() {
            if line.starts_with("<text class=\"label\"") {
                let text =
                    &line[line.find("</title>").unwrap() + 8..line.rfind("</text>").unwrap()];
                let (w, h) = label_size(text);
                let (x, y) = (attr(line, "x"), attr(line, "y"));
                rects.push(crate::layout::Rect::from_min_size(
                    (x, y + h * 0.2 - h),
                    (w, h),
                ));
            } else if line.starts_with("<circle") && !line.contains("</text>") {
                // A point's marker (the legend's markers come with their text).
                points.push((attr(line, "cx"), attr(line, "cy")));
            }
        }
        (rects, points)
    }

    #[test]
    fn grid_image_has_a_title_a_legend_and_labels_apart() {
        let merged = crate::merge::merge(
            &crate::demo::ontario_2016()
                .into_iter()
                .map(|(_, s)| s)
                .collect::<Vec<_>>(),
        )
        .unwrap();
        // All fifteen on one spot: the hardest case for labels.
        let mut crowded = session(15, &["Central"]);
        for p in &mut crowded.workshops[0].placements {
            p.desirability = 5.0;
            p.ambition = 1.5;
        }
        for s in [
            merged,
            crowded,
            crate::demo::generate(crate::demo::bundled_commitments(), 4, 9),
        ] {
            let svg = grid_svg(&s);
            assert!(
                svg.contains(
                    ">Desirability × ambition: the median of all groups per commitment</text>"
                ),
                "a visible title"
            );
            for entry in [
                "median of the ",
                "selected for refinement at a workshop",
                "box: the middle half of the groups",
            ] {
                assert!(svg.contains(entry), "legend: {entry}");
            }
            let (labels, points) = svg_labels(&svg);
            assert_eq!(labels.len(), s.commitments.len());
            for (i, a) in labels.iter().enumerate() {
                for b in &labels[i + 1..] {
                    assert!(!a.intersects(b), "{a:?} and {b:?} overlap");
                }
            }
            assert_eq!(points.len(), labels.len(), "a marker per label");
        }
    }

    /// Issue 12: a refinement field holding a line `===` (or `---`) under its text made a
    /// heading; hidden characters before it do not change that. Every field of the
    /// template, in the whole report, stays a paragraph.
    #[test]
    fn no_field_makes_a_heading_in_the_report() {
        let mut s = session(1, &["Central"]);
        let hostile = "text\n===\nmore\n---\n\u{200b}===\n# h\n1. x";
        let mut r = refinement("1", hostile);
        r.problem = hostile.into();
        r.description = hostile.into();
        r.relevance = hostile.into();
        r.ambition = hostile.into();
        r.lead = hostile.into();
        r.smart.specific = hostile.into();
        s.workshops[0].refinements = vec![r];
        s.workshops[0].selection = vec!["1".into()];
        let md = markdown(&s, &MarkdownOptions::default());
        let headings: Vec<String> =
            Parser::new_ext(&md, Options::ENABLE_TABLES | Options::ENABLE_GFM)
                .filter_map(|e| match e {
                    Event::Start(Tag::Heading { level, .. }) => Some(format!("{level:?}")),
                    _ => None,
                })
                .collect();
        // The title, "Commitments", the commitment, "All commitments".
        assert_eq!(headings, ["H1", "H2", "H3", "H2"], "{md}");
    }

    /// Issue 12: U+FFFE or U+FFFF in a title made the SVG not well-formed; bidi overrides
    /// and zero-width characters went into it raw.
    #[test]
    fn the_svg_holds_only_xml_characters_and_nothing_hidden() {
        let mut s = session(2, &["Central"]);
        s.commitments[0].title = "a\u{FFFE}b\u{FFFF}c\u{1}d\u{202E}e\u{200B}f\u{E0041}".into();
        s.commitments[1].id = "2\u{FFFF}\u{2066}".into();
        for w in &mut s.workshops {
            for p in &mut w.placements {
                if p.commitment == "2" {
                    p.commitment = s.commitments[1].id.clone();
                }
            }
        }
        let svg = grid_svg(&s);
        let xml_char = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
        assert!(svg.chars().all(xml_char), "{svg}");
        assert!(!svg.chars().any(is_hidden), "{svg}");
        assert!(svg.contains("<title>abcdef</title>"), "{svg}");
    }

    /// Issue 12: ` =1+1` became a formula with "trim spaces" on; no-break spaces, zero-width
    /// characters, a BOM and the full-width signs did the same; control characters stayed.
    #[test]
    fn csv_formulas_are_defused_behind_blanks_and_hidden_characters() {
        for (bad, defused) in [
            (" =1+1", "' =1+1"),
            ("\u{a0}=1+1", "'\u{a0}=1+1"),
            ("\u{200b}=1+1", "'=1+1"),
            ("\u{feff}@SUM(A1)", "'@SUM(A1)"),
            ("\u{3000}-1", "'\u{3000}-1"),
            ("＝1+1", "'＝1+1"),
            ("＋1", "'＋1"),
            ("－1", "'－1"),
            ("＠A1", "'＠A1"),
            ("\t=1", "' =1"),
            ("\r\n+1", "'\n+1"),
            ("\u{202e}=1", "'=1"),
        ] {
            let cell = csv_cell(bad);
            assert_eq!(cell, defused, "{bad:?}");
            assert!(
                !cell
                    .chars()
                    .any(|c| (c.is_control() && c != '\n') || is_hidden(c)),
                "{bad:?}: {cell:?}"
            );
        }
        assert_eq!(csv_cell("Open data"), "Open data");
        assert_eq!(csv_cell("a\u{7}b\u{1b}[2Jc"), "ab[2Jc");
        assert_eq!(csv_cell("line 1\r\nline 2"), "line 1\nline 2");
        let mut s = session(1, &["Central"]);
        s.commitments[0].title = " =HYPERLINK(\"x\")".into();
        let out = csv(&s);
        assert!(out.contains("' =HYPERLINK"), "{out}");
    }

    /// Issue 12: attendance counts overflowed and the report said "(0 in all)".
    #[test]
    fn attendance_totals_do_not_overflow() {
        let mut s = session(1, &["A", "B"]);
        for w in &mut s.workshops {
            w.details.attendance = crate::model::Attendance {
                civil_society: u32::MAX,
                ministry: u32::MAX,
                citizens: u32::MAX,
                other: u32::MAX,
            };
        }
        let md = markdown(&s, &MarkdownOptions::default());
        assert!(md.contains("17179869180 participants"), "{md}");
        assert!(md.contains("(34359738360 in all)"), "{md}");
    }

    /// Issue 12: the lead's contact (a name and an e-mail) was printed without
    /// `--include-contacts`; with it, sign-ups for a commitment nobody selected are kept.
    #[test]
    fn the_leads_contact_is_personal_data_and_every_sign_up_is_listed() {
        let mut s = session(2, &["Central"]);
        let mut r = refinement("1", "Open by default");
        r.lead_contact = "Dana Roe, dana@example.org".into();
        s.workshops[0].refinements = vec![r];
        s.workshops[0].selection = vec!["1".into()];
        s.workshops[0].sign_ups = vec![SignUp {
            commitment: "2".into(),
            name: "Sam Poe".into(),
            email: "sam@example.org".into(),
            ..Default::default()
        }];
        let without = markdown(&s, &MarkdownOptions::default());
        assert!(
            !without.contains("dana@example.org") && !without.contains("Dana Roe"),
            "{without}"
        );
        assert!(!without.contains("sam@example.org"), "{without}");
        let with = markdown(
            &s,
            &MarkdownOptions {
                include_contacts: true,
                ..Default::default()
            },
        );
        assert!(with.contains("Dana Roe, dana@example.org"), "{with}");
        assert!(
            with.contains("Sam Poe") && with.contains("commitment 2"),
            "{with}"
        );
    }
}
