//! The reasoned response: what became of every top-voted idea, and why, with the evidence
//! the workshops left — each workshop's medians, how many groups placed the idea, where it
//! was selected, and what the groups said. OGP's Participation and Co-Creation Standards
//! (in force since 2022) ask the government for it: which ideas were and were not taken
//! into the action plan, and why.
//!
//! [`evidence`] gathers one idea's evidence (the window shows it beside the form);
//! [`markdown`] writes the whole response, every idea, in the language `say` speaks. Pure.

use std::fmt::Write as _;

use crate::merge::natural_key;
use crate::model::{AmbitionLevel, ConflictKey, Outcome, Session, Version};
use crate::report::{fixed, md_block, md_heading, md_inline};
use crate::text::{Localized, Message};

/// One workshop's view of an idea.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkshopEvidence {
    /// The workshop's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its date, `YYYY-MM-DD` (as entered).
    pub date: String,
    /// How many of its groups placed the idea.
    pub placed_by: usize,
    /// How many groups it had.
    pub groups: usize,
    /// The median desirability and ambition, and the ambition's level on the session's
    /// scale; `None` when no group placed it.
    pub medians: Option<(f64, f64, AmbitionLevel)>,
    /// Whether the workshop selected it for refinement.
    pub selected: bool,
}

/// What a group said about an idea: its placement's note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupNote {
    /// The workshop's name.
    pub workshop: String,
    /// The group's name.
    pub group: String,
    /// The note.
    pub text: String,
}

/// Everything the workshops left about one idea.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    /// Per workshop, in the session's order.
    pub workshops: Vec<WorkshopEvidence>,
    /// The groups' notes (non-blank), in workshop and group order.
    pub notes: Vec<GroupNote>,
}

impl Evidence {
    /// Groups that placed it, over all workshops.
    pub fn placed_by(&self) -> usize {
        self.workshops.iter().map(|w| w.placed_by).sum()
    }

    /// The names of the workshops that selected it.
    pub fn selected_at(&self) -> Vec<&str> {
        self.workshops
            .iter()
            .filter(|w| w.selected)
            .map(|w| w.name.as_str())
            .collect()
    }
}

/// One idea's evidence in a session.
pub fn evidence(session: &Session, commitment: &str) -> Evidence {
    let scale = session.ambition_scale;
    let mut notes = Vec::new();
    let workshops = session
        .workshops
        .iter()
        .map(|w| {
            let aggregate = crate::stats::aggregates([commitment], &[w])
                .into_iter()
                .next();
            let mut placed: Vec<_> = w
                .placements
                .iter()
                .filter(|p| p.commitment == commitment)
                .collect();
            placed.sort_by_key(|p| p.group);
            for p in placed {
                if !p.note.trim().is_empty() {
                    notes.push(GroupNote {
                        workshop: w.details.name.clone(),
                        group: w
                            .group(p.group)
                            .map_or_else(|| p.group.to_string(), |g| g.name.clone()),
                        text: p.note.clone(),
                    });
                }
            }
            WorkshopEvidence {
                id: w.id.clone(),
                name: w.details.name.clone(),
                date: w.details.date.clone(),
                placed_by: aggregate.as_ref().map_or(0, |a| a.groups),
                groups: w.groups.len(),
                medians: aggregate.map(|a| (a.desirability, a.ambition, scale.nearest(a.ambition))),
                selected: w.is_selected(commitment),
            }
        })
        .collect();
    Evidence { workshops, notes }
}

/// Whether an idea was selected at a workshop and yet not taken into the plan: the case a
/// reasoned response most owes an answer for.
pub fn selected_but_not_adopted(session: &Session, commitment: &str) -> bool {
    let selected = session.workshops.iter().any(|w| w.is_selected(commitment));
    let adopted = matches!(
        session.response(commitment).map(|r| &r.outcome),
        Some(Outcome::Selected)
    );
    selected && !adopted
}

/// The reasoned response in Markdown: the selection criteria, a summary by outcome, then
/// every idea of the session — none left out — with its outcome, reason, criteria cited,
/// evidence and, where merged files disagree, the other responses. Labels are said by
/// `say` (English: `|m| m.to_string()`; the command line passes the translation); what
/// organizers and groups wrote stays as written, escaped.
pub fn markdown(session: &Session, say: &dyn Fn(&Message) -> String) -> String {
    let t = |key: &'static str| say(&Message::new(key));
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", t("Reasoned response"));
    let _ = writeln!(
        out,
        "{}\n",
        say(&Message::new(
            "What became of each of the %{ideas} top-voted ideas after %{workshops} workshops, and why. The evidence is what the groups placed, noted and selected."
        )
        .with("ideas", session.commitments.len())
        .with("workshops", session.workshops.len()))
    );
    let _ = writeln!(
        out,
        "{}\n",
        say(&Message::new("Ambition is on the IRM's scale of %{scale}.")
            .with_message("scale", session.ambition_scale.message()))
    );

    let _ = writeln!(out, "## {}\n", t("Selection criteria"));
    for c in session.all_criteria() {
        let _ = writeln!(
            out,
            "- {}",
            md_inline(&say(&crate::model::criterion_message(c)))
        );
    }
    out.push('\n');

    let _ = writeln!(out, "## {}\n", t("Summary"));
    let _ = writeln!(out, "| {} | {} |\n|---|---|", t("Outcome"), t("Ideas"));
    for kind in Outcome::kinds() {
        let mut ids: Vec<&str> = session
            .commitments
            .iter()
            .filter(|c| outcome_of(session, &c.id).same_kind(&kind))
            .map(|c| c.id.as_str())
            .collect();
        ids.sort_by_key(|id| natural_key(id));
        if !ids.is_empty() {
            let ids: Vec<String> = ids.iter().map(|id| md_inline(id)).collect();
            let _ = writeln!(out, "| {} | {} |", t(kind.name()), ids.join(", "));
        }
    }
    out.push('\n');

    for c in &session.commitments {
        idea(&mut out, session, &c.id, &c.title, say);
    }
    out
}

/// An idea's outcome: its response's, else undecided.
fn outcome_of<'a>(session: &'a Session, id: &str) -> &'a Outcome {
    session
        .response(id)
        .map_or(&Outcome::Undecided, |r| &r.outcome)
}

fn idea(
    out: &mut String,
    session: &Session,
    id: &str,
    title: &str,
    say: &dyn Fn(&Message) -> String,
) {
    let t = |key: &'static str| say(&Message::new(key));
    // "Label:" as the language puts it (French: a no-break space before the colon).
    let label = |key: &'static str| {
        say(&Message::new("%{label}:").with_message("label", Message::new(key)))
    };
    let _ = writeln!(
        out,
        "## {}\n",
        md_heading(&say(&Message::new("Idea %{id}: %{title}")
            .with("id", id)
            .with("title", title)))
    );
    let response = session.response(id);
    let outcome = outcome_of(session, id);
    let _ = writeln!(
        out,
        "**{}** {}\n",
        label("Outcome"),
        md_inline(&say(&outcome.message()))
    );
    if selected_but_not_adopted(session, id) {
        let _ = writeln!(
            out,
            "*{}*\n",
            t("Selected at a workshop, not taken into the plan as it stands.")
        );
    }
    match response.map(|r| r.reason.trim()).filter(|r| !r.is_empty()) {
        Some(reason) => {
            let _ = writeln!(out, "**{}**\n\n{}\n", label("Reason"), md_block(reason));
        }
        None => {
            let _ = writeln!(out, "**{}** {}\n", label("Reason"), t("none given yet"));
        }
    }
    if let Some(r) = response.filter(|r| !r.criteria.is_empty()) {
        let _ = writeln!(out, "**{}**\n", label("Criteria cited"));
        for c in &r.criteria {
            let _ = writeln!(
                out,
                "- {}",
                md_inline(&say(&crate::model::criterion_message(c)))
            );
        }
        out.push('\n');
    }
    let evidence = evidence(session, id);
    let _ = writeln!(out, "**{}**\n", t("Evidence"));
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} |\n|---|---|---|---|---|",
        t("Workshop"),
        t("Groups that placed it"),
        t("Median desirability"),
        t("Median ambition"),
        t("Selected for refinement")
    );
    for w in &evidence.workshops {
        let (d, a) = match w.medians {
            Some((d, a, level)) => (
                fixed(d, 1),
                format!("{} ({})", fixed(a, 1), say(&level.message())),
            ),
            None => ("—".to_owned(), "—".to_owned()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {d} | {a} | {} |",
            md_inline(&w.name),
            say(&Message::new("%{n} of %{of}")
                .with("n", w.placed_by)
                .with("of", w.groups)),
            if w.selected { t("yes") } else { t("no") }
        );
    }
    out.push('\n');
    if !evidence.notes.is_empty() {
        let _ = writeln!(out, "{}\n", t("What the groups said:"));
        for n in &evidence.notes {
            let _ = writeln!(
                out,
                "- {}, {}: {}",
                md_inline(&n.workshop),
                md_inline(&n.group),
                md_inline(&n.text)
            );
        }
        out.push('\n');
    }
    let key = ConflictKey::Response(id.to_owned());
    if let Some(conflict) = session.conflicts.iter().find(|c| c.key == key)
        && conflict.resolution().is_none()
    {
        let _ = writeln!(
            out,
            "{}\n",
            t(
                "The merged files hold different responses to this idea; the first stands until the organizers choose:"
            )
        );
        for (k, v) in conflict.versions.iter().enumerate() {
            if let Version::Response(r) = v {
                let _ = writeln!(
                    out,
                    "- {} — {} ({})",
                    md_inline(&say(&r.outcome.message())),
                    md_inline(&r.reason),
                    md_inline(&say(&crate::merge::describe_sources(
                        conflict.sources_of(k)
                    )))
                );
            }
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConflictKey, Version};
    use crate::model::{Outcome, Response};

    fn english(m: &Message) -> String {
        m.to_string()
    }

    #[test]
    fn every_idea_is_in_the_response_with_its_outcome() {
        let mut s = Session::new_workshop(crate::demo::bundled_commitments(), "Central", 2);
        s.responses.push(Response {
            commitment: "4".into(),
            outcome: Outcome::MergedInto("1".into()),
            reason: "Spending data is one of the Charter's datasets.".into(),
            criteria: vec![crate::model::DESIRABILITY_CRITERIA[0].into()],
        });
        let text = markdown(&s, &english);
        for c in &s.commitments {
            assert!(
                text.contains(&format!("## Idea {}: ", c.id)),
                "idea {} missing",
                c.id
            );
        }
        assert!(text.contains("**Outcome:** merged into idea 1"), "{text}");
        assert!(
            text.contains("Spending data is one of the Charter"),
            "{text}"
        );
        assert!(text.contains("**Criteria cited:**\n\n- has a tangible impact on Ontarians\n"));
        assert_eq!(text.matches("**Outcome:** no decision yet").count(), 14);
    }

    /// The response's section on idea `id`, from its heading to the next.
    fn section<'a>(text: &'a str, id: &str) -> &'a str {
        let start = text
            .find(&format!("## Idea {id}: "))
            .expect("the idea's section");
        let rest = &text[start + 3..];
        &text[start..start + 3 + rest.find("\n## ").unwrap_or(rest.len())]
    }

    #[test]
    fn the_summary_lists_each_outcome_with_its_ideas_and_only_those() {
        let mut s = Session::new_workshop(crate::demo::bundled_commitments(), "Central", 2);
        for (id, outcome) in [
            ("2", Outcome::Selected),
            ("10", Outcome::Selected),
            ("5", Outcome::Deferred),
        ] {
            s.responses.push(Response {
                commitment: id.into(),
                outcome,
                ..Default::default()
            });
        }
        let text = markdown(&s, &english);
        let summary = &text[text.find("## Summary").unwrap()..text.find("## Idea 1:").unwrap()];
        let rows: Vec<&str> = summary
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| Outcome"))
            .collect();
        assert_eq!(
            rows,
            [
                "| no decision yet | 1, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14, 15 |",
                "| selected for the plan | 2, 10 |",
                "| deferred | 5 |",
            ],
            "{summary}"
        );
    }

    #[test]
    fn an_idea_shows_its_own_notes_and_its_own_disputed_response() {
        let mut s = Session::new_workshop(crate::demo::bundled_commitments(), "Central", 2);
        let w = &mut s.workshops[0];
        let g = w.groups[0].id;
        w.place(g, "7", 8.0, 1.0);
        w.set_note(g, "7", "procurement is changing");
        w.place(g, "8", 6.0, 1.0);
        let response = |outcome, reason: &str| Response {
            commitment: "4".into(),
            outcome,
            reason: reason.into(),
            criteria: Vec::new(),
        };
        s.responses.push(response(Outcome::Selected, "In the plan"));
        s.conflicts.push(crate::model::Conflict {
            key: ConflictKey::Response("4".into()),
            versions: vec![
                Version::Response(response(Outcome::Selected, "In the plan")),
                Version::Response(response(Outcome::Deferred, "Next plan")),
            ],
            resolutions: Vec::new(),
            sources: Vec::new(),
        });
        let text = markdown(&s, &english);
        let said = "What the groups said:";
        assert!(
            section(&text, "7").contains(&format!(
                "{said}\n\n- Central, Group 1: procurement is changing\n"
            )),
            "{}",
            section(&text, "7")
        );
        assert!(!section(&text, "8").contains(said), "placed without a note");
        let disputed = "The merged files hold different responses to this idea";
        assert!(
            section(&text, "4").contains(disputed),
            "{}",
            section(&text, "4")
        );
        assert!(
            section(&text, "4").contains("- deferred — Next plan"),
            "{}",
            section(&text, "4")
        );
        for other in ["1", "7", "8"] {
            assert!(!section(&text, other).contains(disputed), "idea {other}");
        }
    }

    #[test]
    fn evidence_counts_groups_medians_selections_and_notes() {
        let mut s = Session::new_workshop(crate::demo::bundled_commitments(), "Central", 3);
        let w = &mut s.workshops[0];
        let g: Vec<u32> = w.groups.iter().map(|g| g.id).collect();
        w.place(g[0], "7", 8.0, 1.0);
        w.place(g[1], "7", 6.0, 3.0);
        w.set_note(g[1], "7", "procurement is changing");
        w.set_selected("7", true);
        let e = evidence(&s, "7");
        assert_eq!(e.placed_by(), 2);
        assert_eq!(e.workshops[0].groups, 3);
        assert_eq!(
            e.workshops[0].medians,
            Some((7.0, 2.0, AmbitionLevel::Moderate))
        );
        assert_eq!(e.selected_at(), ["Central"]);
        assert_eq!(e.notes.len(), 1);
        assert_eq!(e.notes[0].text, "procurement is changing");
        assert!(selected_but_not_adopted(&s, "7"));
        s.responses.push(Response {
            commitment: "7".into(),
            outcome: Outcome::Selected,
            ..Default::default()
        });
        assert!(!selected_but_not_adopted(&s, "7"));
    }
}
