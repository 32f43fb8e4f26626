//! Reports, headless: the action-plan draft in Markdown (with the grid as an SVG image),
//! and one CSV row per placement. User text is escaped so it stays text: no HTML, links or
//! images smuggled in through a title, pipes escaped in tables, spreadsheet formulas
//! defused. Sign-ups (personal data) are left out unless asked for.

use std::fmt::Write as _;

use crate::model::{
    AMBITION_MAX, AmbitionLevel, DESIRABILITY_MAX, Mode, Novelty, Refinement, Session, Workshop,
};
use crate::smart::{Criterion, check};
use crate::stats::{EventRow, event_rows};

/// What goes into a Markdown report.
#[derive(Clone, Debug, Default)]
pub struct MarkdownOptions {
    /// File name of the grid image beside the report, if one is written.
    pub grid_image: Option<String>,
    /// Include sign-ups (names, organizations, e-mails).
    pub include_contacts: bool,
}

/// Escapes text for Markdown: every ASCII punctuation character that Markdown or HTML could
/// read as syntax gets a backslash, and line breaks become spaces (for table cells and
/// headings).
pub fn md_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '<' | '>' | '~' | '&' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes a block of text, keeping its paragraphs.
pub fn md_block(text: &str) -> String {
    text.split('\n')
        .map(str::trim_end)
        .map(md_inline)
        .collect::<Vec<_>>()
        .join("  \n")
}

fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_owned()
    } else {
        md_block(text)
    }
}

/// The action-plan draft.
pub fn markdown(session: &Session, options: &MarkdownOptions) -> String {
    let workshops: Vec<&Workshop> = session.workshops.iter().collect();
    let rows = event_rows(
        session.commitments.iter().map(|c| c.id.as_str()),
        &workshops,
    );
    let row_of = |id: &str| rows.iter().find(|r| r.aggregate.commitment == id);
    let mut out = String::new();
    let _ = writeln!(out, "# Action plan draft\n");
    let _ = writeln!(
        out,
        "Co-created at {} workshop{}:\n",
        workshops.len(),
        if workshops.len() == 1 { "" } else { "s" }
    );
    let mut total = crate::model::Attendance::default();
    for w in &workshops {
        let a = w.attendance;
        total.civil_society += a.civil_society;
        total.ministry += a.ministry;
        total.citizens += a.citizens;
        total.other += a.other;
        let mode = match w.mode {
            Mode::InPerson => "in person",
            Mode::Online => "online",
        };
        let _ = writeln!(
            out,
            "- **{}** — {}, {mode}, {}: {} participants, {} groups",
            md_inline(&w.name),
            md_inline(&w.location),
            md_inline(&w.date),
            a.total(),
            w.groups.len()
        );
    }
    let _ = writeln!(
        out,
        "\nAttendance: {} civil society, {} ministry representatives, {} individual citizens, {} other ({} in all).\n",
        total.civil_society,
        total.ministry,
        total.citizens,
        total.other,
        total.total()
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
            .copied()
            .filter(|w| w.is_selected(&c.id))
            .collect();
        if !by.is_empty() {
            selected.push((c.id.as_str(), by));
        }
    }
    selected.sort_by_key(|(_, by)| std::cmp::Reverse(by.len()));
    let _ = writeln!(out, "## Commitments\n");
    if selected.is_empty() {
        let _ = writeln!(out, "No commitment was selected for refinement.\n");
    }
    for (n, (id, by)) in selected.iter().enumerate() {
        let Some(c) = session.commitment(id) else {
            continue;
        };
        let _ = writeln!(out, "### {}. {}\n", n + 1, md_inline(&c.title));
        let names: Vec<String> = by.iter().map(|w| md_inline(&w.name)).collect();
        let _ = writeln!(
            out,
            "Selected at {} of {} workshops: {}.  \nTheme: {} · {} votes · commitment {}.",
            by.len(),
            workshops.len(),
            names.join(", "),
            md_inline(&c.theme),
            c.votes,
            md_inline(&c.id)
        );
        if let Some(row) = row_of(id) {
            let a = &row.aggregate;
            let _ = writeln!(
                out,
                "Placement over {} groups: median desirability {:.1} / 10, median ambition **{}** ({:.1}), spread {:.2}.",
                a.groups,
                a.desirability,
                a.ambition_level().name(),
                a.ambition,
                a.spread
            );
        }
        let _ = writeln!(out);
        for w in by {
            if let Some(r) = w.refinement(id) {
                if by.len() > 1 {
                    let _ = writeln!(out, "#### As refined at {}\n", md_inline(&w.name));
                }
                refinement_md(&mut out, r, w);
            }
        }
        if options.include_contacts {
            sign_ups_md(&mut out, &workshops, id);
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
        let selected_at: Vec<String> = workshops
            .iter()
            .filter(|w| w.is_selected(&c.id))
            .map(|w| md_inline(&w.name))
            .collect();
        let (d, a, s, g) = row.map_or(
            ("—".into(), "—".into(), "—".into(), "0".into()),
            |r| {
                (
                    format!("{:.1}", r.aggregate.desirability),
                    r.aggregate.ambition_level().name().to_owned(),
                    format!("{:.2}", r.aggregate.spread),
                    r.aggregate.groups.to_string(),
                )
            },
        );
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {d} | {a} | {s} | {g} | {} |",
            md_inline(&c.id),
            md_inline(&c.title),
            md_inline(&c.theme),
            c.votes,
            if selected_at.is_empty() {
                "—".to_owned()
            } else {
                selected_at.join(", ")
            }
        );
    }
    if !session.conflicts.is_empty() {
        let _ = writeln!(out, "\n## Open questions from the merge\n");
        for c in &session.conflicts {
            let _ = writeln!(out, "- {}", md_inline(&crate::merge::describe(c, session)));
        }
    }
    out
}

/// A link target that cannot break out of `(...)`.
fn md_link_target(target: &str) -> String {
    target
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '<' | '>'))
        .collect()
}

fn refinement_md(out: &mut String, r: &Refinement, w: &Workshop) {
    let _ = writeln!(
        out,
        "**Lead (responsible department or team):** {}  ",
        or_dash(&r.lead)
    );
    let _ = writeln!(out, "**Contact:** {}\n", or_dash(&r.lead_contact));
    let _ = writeln!(out, "**Other involved actors**\n");
    let _ = writeln!(
        out,
        "| Government | Civil society, private sector, academia |\n|---|---|"
    );
    let _ = writeln!(
        out,
        "| {} | {} |\n",
        or_dash_inline(&r.actors_government),
        or_dash_inline(&r.actors_civil_society)
    );
    for (title, text) in [
        ("Status quo or problem to be addressed", &r.problem),
        ("Main objective", &r.objective),
        ("Brief description", &r.description),
    ] {
        let _ = writeln!(out, "**{title}**\n\n{}\n", or_dash(text));
    }
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
    let _ = writeln!(
        out,
        "**Relevance to OGP values:** {}\n\n{}\n",
        if values.is_empty() {
            "none stated".to_owned()
        } else {
            values.join(", ")
        },
        or_dash(&r.relevance)
    );
    let _ = writeln!(out, "**Ambition**\n\n{}\n", or_dash(&r.ambition));
    let _ = writeln!(
        out,
        "| Verifiable and measurable milestone | New or ongoing | Start | End | Implements | Monitors |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    if r.milestones.is_empty() {
        let _ = writeln!(out, "| — | | | | | |");
    }
    for (i, m) in r.milestones.iter().enumerate() {
        let novelty = match m.novelty {
            Novelty::New => "new",
            Novelty::Ongoing => "ongoing",
        };
        let _ = writeln!(
            out,
            "| {}\\. {} | {novelty} | {} | {} | {} | {} |",
            i + 1,
            md_inline(&m.deliverable),
            or_dash_inline(&m.start),
            or_dash_inline(&m.end),
            or_dash_inline(&m.implementer),
            or_dash_inline(&m.monitor)
        );
    }
    let checklist = check(r, &w.plan_period);
    let missing: Vec<&str> = Criterion::ALL
        .iter()
        .filter(|c| !checklist.is_met(**c))
        .map(|c| c.name())
        .collect();
    let _ = writeln!(
        out,
        "\nSMART check: {}/5 met{}.\n",
        checklist.met_count(),
        if missing.is_empty() {
            String::new()
        } else {
            format!(" — to work on: {}", missing.join(", "))
        }
    );
    for f in &checklist.findings {
        let _ = writeln!(out, "- {}", md_inline(&f.message));
    }
    if !checklist.findings.is_empty() {
        let _ = writeln!(out);
    }
}

/// The people who signed up for a commitment, at every workshop.
fn sign_ups_md(out: &mut String, workshops: &[&Workshop], commitment: &str) {
    let people: Vec<_> = workshops
        .iter()
        .flat_map(|w| {
            w.sign_ups
                .iter()
                .filter(|s| s.commitment == commitment)
                .map(move |s| (w, s))
        })
        .collect();
    if people.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "**Signed up to stay involved**\n\n| Name | Organization | E-mail | Role | Workshop |\n|---|---|---|---|---|"
    );
    for (w, s) in people {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            md_inline(&s.name),
            md_inline(&s.organization),
            md_inline(&s.email),
            s.role.name(),
            md_inline(&w.name)
        );
    }
    let _ = writeln!(out);
}

fn or_dash_inline(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_owned()
    } else {
        md_inline(text)
    }
}

/// A spreadsheet cell that cannot run: text starting with `=`, `+`, `-`, `@`, tab or CR gets
/// a leading `'`.
pub fn csv_cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

/// The CSV header.
pub const CSV_HEADER: [&str; 9] = [
    "workshop",
    "group",
    "commitment_id",
    "title",
    "theme",
    "desirability",
    "ambition",
    "ambition_level",
    "selected",
];

/// One row per placement.
pub fn csv(session: &Session) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut write = |cells: &[String]| writer.write_record(cells).expect("writing to memory");
    write(&CSV_HEADER.map(str::to_owned));
    for w in &session.workshops {
        for p in &w.placements {
            let c = session.commitment(&p.commitment);
            let group = w
                .group(p.group)
                .map_or_else(|| p.group.to_string(), |g| g.name.clone());
            write(&[
                csv_cell(&w.name),
                csv_cell(&group),
                csv_cell(&p.commitment),
                csv_cell(c.map_or("", |c| c.title.as_str())),
                csv_cell(c.map_or("", |c| c.theme.as_str())),
                format!("{}", p.desirability),
                format!("{}", p.ambition),
                AmbitionLevel::nearest(p.ambition).name().to_owned(),
                w.is_selected(&p.commitment).to_string(),
            ]);
        }
    }
    String::from_utf8(writer.into_inner().expect("memory")).expect("UTF-8 in, UTF-8 out")
}

fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// The grid as SVG: per commitment the median over all groups, the middle half of the
/// groups as a box, and its number; selected commitments in blue. Drawn without a window.
pub fn grid_svg(session: &Session) -> String {
    let workshops: Vec<&Workshop> = session.workshops.iter().collect();
    let rows = event_rows(
        session.commitments.iter().map(|c| c.id.as_str()),
        &workshops,
    );
    let (w, h, left, top, right, bottom) = (900.0, 640.0, 70.0, 40.0, 20.0, 60.0);
    let (pw, ph) = (w - left - right, h - top - bottom);
    let x = |a: f64| left + (a + 0.5) / (AMBITION_MAX + 1.0) * pw;
    let y = |d: f64| top + (1.0 - d / DESIRABILITY_MAX) * ph;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="13">"#
    );
    let _ = writeln!(
        s,
        r#"<title>Desirability × ambition: median of all groups per commitment</title>"#
    );
    let _ = writeln!(
        s,
        r##"<rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>"##
    );
    for level in AmbitionLevel::ALL {
        let v = level.value();
        let (x0, x1) = (x(v - 0.5), x(v + 0.5));
        let fill = if level as u8 % 2 == 1 {
            "#eeeeee"
        } else {
            "#fafafa"
        };
        let _ = writeln!(
            s,
            r#"<rect x="{x0:.1}" y="{top}" width="{:.1}" height="{ph}" fill="{fill}" stroke="none"/>"#,
            x1 - x0
        );
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#333">{}</text>"##,
            x(v),
            h - bottom + 20.0,
            level.name()
        );
    }
    for d in 0..=10 {
        let yy = y(f64::from(d));
        let _ = writeln!(
            s,
            r##"<line x1="{left}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="#cccccc"/>"##,
            w - right
        );
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="#333">{d}</text>"##,
            left - 8.0,
            yy + 4.0
        );
    }
    let _ = writeln!(
        s,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#000">Ambition — potential impact</text>"##,
        left + pw / 2.0,
        h - 12.0
    );
    let _ = writeln!(
        s,
        r##"<text x="16" y="{:.1}" text-anchor="middle" fill="#000" transform="rotate(-90 16 {:.1})">Desirability</text>"##,
        top + ph / 2.0,
        top + ph / 2.0
    );
    for r in &rows {
        let a = &r.aggregate;
        let selected = !r.selected_by.is_empty();
        let color = if selected { "#0060a0" } else { "#222222" };
        let (qa, qd) = (a.ambition_quartiles, a.desirability_quartiles);
        let _ = writeln!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="none" stroke="#999999"/>"##,
            x(qa.0),
            y(qd.1),
            (x(qa.1) - x(qa.0)).max(0.5),
            (y(qd.0) - y(qd.1)).max(0.5)
        );
        let _ = writeln!(
            s,
            r#"<circle cx="{:.1}" cy="{:.1}" r="6" fill="{color}"/>"#,
            x(a.ambition),
            y(a.desirability)
        );
        let title = session
            .commitment(&a.commitment)
            .map_or("", |c| c.title.as_str());
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" fill="{color}" font-weight="bold"><title>{}</title>{}</text>"#,
            x(a.ambition) + 8.0,
            y(a.desirability) - 6.0,
            xml(title),
            xml(&a.commitment)
        );
    }
    let _ = writeln!(s, "</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(!md_inline("a\nb").contains('\n'));
    }

    #[test]
    fn csv_cells_are_defused() {
        for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(csv_cell(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(csv_cell("Open data"), "Open data");
    }
}
