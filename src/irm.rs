//! The IRM pre-check: what the OGP's Independent Reporting Mechanism will look at first in
//! a refined commitment, checked before the plan is sent. Three checks, after the IRM's
//! current method (the OGP glossary's "verifiability", "relevance" and "ambition"):
//!
//! - **Verifiable:** every milestone names a deliverable and ends inside the plan period.
//! - **Open-government lens:** the commitment advances access to information, civic
//!   participation or public accountability. Technology and innovation count only in
//!   addition to one of them, so technology alone is a warning.
//! - **Ambition:** the note-takers' stated ambition set beside the room's median ambition
//!   for the commitment, on the session's scale; more than one level apart is a warning.
//!
//! Pure: the window shows the findings in Refine, `cocreate check --irm` prints them.

use crate::model::{AmbitionLevel, Refinement, Session, Workshop};
use crate::smart::YearMonth;
use crate::text::{Localized, Message};

/// One of the three checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IrmCheck {
    /// Milestones with deliverables and end dates inside the plan period.
    Verifiable,
    /// At least one of the three core open-government values.
    Lens,
    /// The stated ambition beside the room's.
    Ambition,
}

impl IrmCheck {
    /// All three, in the order they are shown.
    pub const ALL: [Self; 3] = [Self::Verifiable, Self::Lens, Self::Ambition];

    /// English name (and the key of its translations).
    pub fn name(self) -> &'static str {
        match self {
            Self::Verifiable => "Verifiable",
            Self::Lens => "Open-government lens",
            Self::Ambition => "Ambition",
        }
    }
}

impl Localized for IrmCheck {
    fn message(&self) -> Message {
        Message::new(self.name())
    }
}

/// What a finding says of its check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// The check holds.
    Holds,
    /// The IRM would likely find fault: fix it, or know why not.
    Warning,
}

/// One finding of the pre-check.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Which check.
    pub check: IrmCheck,
    /// Holds or warns.
    pub verdict: Verdict,
    /// What it found, in words.
    pub message: Message,
    /// The milestone it is about (0-based), if one.
    pub milestone: Option<usize>,
}

/// The room's view of a commitment at one workshop: its median ambition level on the
/// session's scale, and how many groups placed it. `None` when no group placed it.
pub fn room_ambition(
    session: &Session,
    workshop: &Workshop,
    commitment: &str,
) -> Option<(AmbitionLevel, f64, usize)> {
    let aggregate = crate::stats::aggregates([commitment], &[workshop])
        .into_iter()
        .next()?;
    Some((
        session.ambition_scale.nearest(aggregate.ambition),
        aggregate.ambition,
        aggregate.groups,
    ))
}

/// The pre-check of one refinement made at `workshop` of `session`: every finding, those
/// that hold included, in the order of [`IrmCheck::ALL`].
pub fn precheck(session: &Session, workshop: &Workshop, r: &Refinement) -> Vec<Finding> {
    let mut findings = verifiable(r, workshop);
    findings.push(lens(r));
    findings.push(ambition(session, workshop, r));
    findings
}

fn finding(check: IrmCheck, verdict: Verdict, message: Message) -> Finding {
    Finding {
        check,
        verdict,
        message,
        milestone: None,
    }
}

fn verifiable(r: &Refinement, workshop: &Workshop) -> Vec<Finding> {
    let period = &workshop.details.plan_period;
    let (start, end) = (
        YearMonth::parse(&period.start),
        YearMonth::parse(&period.end),
    );
    if r.milestones.is_empty() {
        return vec![finding(
            IrmCheck::Verifiable,
            Verdict::Warning,
            Message::new(
                "No milestone: the IRM finds a commitment without verifiable milestones not verifiable, and does not assess it further.",
            ),
        )];
    }
    let mut findings = Vec::new();
    for (i, m) in r.milestones.iter().enumerate() {
        let n = i + 1;
        let mut warn = |message: Message| {
            findings.push(Finding {
                milestone: Some(i),
                ..finding(IrmCheck::Verifiable, Verdict::Warning, message)
            });
        };
        if m.deliverable.trim().is_empty() {
            warn(Message::new("Milestone %{n} has no deliverable.").with("n", n));
        }
        match YearMonth::parse(&m.end) {
            None if m.end.trim().is_empty() => {
                warn(Message::new("Milestone %{n} has no end date.").with("n", n));
            }
            None => warn(
                Message::new("Milestone %{n}: its end \"%{0}\" is not a month (YYYY-MM).")
                    .with("n", n)
                    .with("0", m.end.trim()),
            ),
            Some(e) => {
                let inside = start.is_none_or(|s| e >= s) && end.is_some_and(|last| e <= last);
                if !inside {
                    warn(
                        Message::new("Milestone %{n} ends %{e}, outside the plan period (%{start} – %{end}).")
                            .with("n", n)
                            .with("e", e)
                            .with("start", period.start.trim())
                            .with("end", period.end.trim()),
                    );
                }
            }
        }
    }
    if findings.is_empty() {
        findings.push(finding(
            IrmCheck::Verifiable,
            Verdict::Holds,
            Message::new("Every milestone has a deliverable and ends inside the plan period (%{start} – %{end}).")
                .with("start", period.start.trim())
                .with("end", period.end.trim()),
        ));
    }
    findings
}

fn lens(r: &Refinement) -> Finding {
    let v = r.values;
    let core: Vec<Message> = [
        (v.access_to_information, "Access to information"),
        (v.civic_participation, "Civic participation"),
        (v.public_accountability, "Public accountability"),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, name)| Message::new(name))
    .collect();
    if !core.is_empty() {
        finding(
            IrmCheck::Lens,
            Verdict::Holds,
            Message::new("It advances %{values}.")
                .with_message("values", Message::list(core, ", ")),
        )
    } else if v.technology_and_innovation {
        finding(
            IrmCheck::Lens,
            Verdict::Warning,
            Message::new(
                "Technology and innovation alone: today's IRM counts it only in addition to access to information, civic participation or public accountability.",
            ),
        )
    } else {
        finding(
            IrmCheck::Lens,
            Verdict::Warning,
            Message::new(
                "No open-government value is ticked: the IRM looks for access to information, civic participation or public accountability.",
            ),
        )
    }
}

fn ambition(session: &Session, workshop: &Workshop, r: &Refinement) -> Finding {
    let room = room_ambition(session, workshop, &r.commitment);
    let Some(stated) = r.stated_ambition else {
        return finding(
            IrmCheck::Ambition,
            Verdict::Warning,
            Message::new("No stated ambition: rate it on the session's scale (%{scale}) to set it beside the room's.")
                .with_message("scale", session.ambition_scale.message()),
        );
    };
    let Some((level, median, groups)) = room else {
        return finding(
            IrmCheck::Ambition,
            Verdict::Holds,
            Message::new("Stated ambition: %{stated}. No group placed it, so there is no room's median to compare with.")
                .with_message("stated", stated.message()),
        );
    };
    let apart = (stated.value() - level.value()).abs();
    let message = Message::new(
        "Stated ambition: %{stated}; the room's median: %{room} (%{median}, %{groups} groups).",
    )
    .with_message("stated", stated.message())
    .with_message("room", level.message())
    .with("median", crate::report::fixed(median, 1))
    .with("groups", groups);
    if stated.scale() != session.ambition_scale {
        finding(
            IrmCheck::Ambition,
            Verdict::Warning,
            Message::new("The stated ambition is on another scale than the session's (%{scale}).")
                .with_message("scale", session.ambition_scale.message()),
        )
    } else if apart > 1.0 {
        finding(
            IrmCheck::Ambition,
            Verdict::Warning,
            Message::new("%{said} They are more than one level apart: say why in the intended results, or revisit the rating.")
                .with_message("said", message),
        )
    } else {
        finding(IrmCheck::Ambition, Verdict::Holds, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AmbitionScale, Milestone, OgpValues};

    fn session() -> Session {
        let mut s = Session::new_workshop(crate::demo::bundled_commitments(), "Test", 3);
        let w = &mut s.workshops[0];
        let groups: Vec<u32> = w.groups.iter().map(|g| g.id).collect();
        for (g, a) in groups.into_iter().zip([0.0, 0.2, 0.4]) {
            w.place(g, "1", 5.0, a); // the room: "none" on the 2016 scale
        }
        s
    }

    fn refinement(stated: Option<AmbitionLevel>) -> Refinement {
        Refinement {
            commitment: "1".into(),
            values: OgpValues {
                access_to_information: true,
                ..Default::default()
            },
            stated_ambition: stated,
            milestones: vec![Milestone {
                deliverable: "Publish the inventory".into(),
                end: "2017-06".into(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn verdicts(findings: &[Finding], check: IrmCheck) -> Vec<Verdict> {
        findings
            .iter()
            .filter(|f| f.check == check)
            .map(|f| f.verdict)
            .collect()
    }

    #[test]
    fn a_complete_refinement_holds_on_all_three() {
        let s = session();
        let f = precheck(&s, &s.workshops[0], &refinement(Some(AmbitionLevel::Minor)));
        for check in IrmCheck::ALL {
            assert_eq!(verdicts(&f, check), [Verdict::Holds], "{check:?}: {f:?}");
        }
    }

    #[test]
    fn ambition_more_than_one_level_above_the_room_warns_and_one_level_does_not() {
        let s = session();
        let w = &s.workshops[0];
        let two_apart = precheck(&s, w, &refinement(Some(AmbitionLevel::Moderate)));
        assert_eq!(verdicts(&two_apart, IrmCheck::Ambition), [Verdict::Warning]);
        let text = two_apart
            .iter()
            .find(|f| f.check == IrmCheck::Ambition)
            .unwrap()
            .message
            .to_string();
        assert!(text.contains("moderate") && text.contains("none"), "{text}");
        let one_apart = precheck(&s, w, &refinement(Some(AmbitionLevel::Minor)));
        assert_eq!(verdicts(&one_apart, IrmCheck::Ambition), [Verdict::Holds]);
        let none = precheck(&s, w, &refinement(None));
        assert_eq!(verdicts(&none, IrmCheck::Ambition), [Verdict::Warning]);
    }

    #[test]
    fn the_same_level_as_the_room_holds_whatever_the_level() {
        let mut s = session();
        let w = &mut s.workshops[0];
        let groups: Vec<u32> = w.groups.iter().map(|g| g.id).collect();
        for g in groups {
            w.place(g, "1", 5.0, 2.0); // the room: "moderate"
        }
        let f = precheck(
            &s,
            &s.workshops[0],
            &refinement(Some(AmbitionLevel::Moderate)),
        );
        assert_eq!(verdicts(&f, IrmCheck::Ambition), [Verdict::Holds], "{f:?}");
    }

    #[test]
    fn on_the_current_scale_levels_are_compared_on_it() {
        let mut s = session();
        s.ambition_scale = AmbitionScale::PotentialForResults;
        let w = &s.workshops[0];
        let f = precheck(&s, w, &refinement(Some(AmbitionLevel::Substantial)));
        assert_eq!(verdicts(&f, IrmCheck::Ambition), [Verdict::Warning]);
        let f = precheck(&s, w, &refinement(Some(AmbitionLevel::Modest)));
        assert_eq!(verdicts(&f, IrmCheck::Ambition), [Verdict::Holds]);
    }

    #[test]
    fn each_check_has_its_name_and_each_milestone_its_number_and_reason() {
        assert_eq!(
            IrmCheck::ALL.map(IrmCheck::name),
            ["Verifiable", "Open-government lens", "Ambition"]
        );
        let s = session();
        let mut r = refinement(Some(AmbitionLevel::Minor));
        r.milestones = vec![
            Milestone {
                deliverable: String::new(),
                end: "2017-03".into(),
                ..Default::default()
            },
            Milestone {
                deliverable: "Launch".into(),
                end: String::new(),
                ..Default::default()
            },
            Milestone {
                deliverable: "Report".into(),
                end: "June".into(),
                ..Default::default()
            },
        ];
        let said: Vec<String> = precheck(&s, &s.workshops[0], &r)
            .into_iter()
            .filter(|f| f.check == IrmCheck::Verifiable)
            .map(|f| f.message.to_string())
            .collect();
        assert_eq!(
            said,
            [
                "Milestone 1 has no deliverable.",
                "Milestone 2 has no end date.",
                "Milestone 3: its end \"June\" is not a month (YYYY-MM).",
            ]
        );
    }

    #[test]
    fn technology_alone_warns_and_no_value_warns() {
        let s = session();
        let mut r = refinement(Some(AmbitionLevel::Minor));
        r.values = OgpValues {
            technology_and_innovation: true,
            ..Default::default()
        };
        let f = precheck(&s, &s.workshops[0], &r);
        assert_eq!(verdicts(&f, IrmCheck::Lens), [Verdict::Warning]);
        r.values = OgpValues::default();
        let f = precheck(&s, &s.workshops[0], &r);
        assert_eq!(verdicts(&f, IrmCheck::Lens), [Verdict::Warning]);
        r.values.civic_participation = true;
        r.values.technology_and_innovation = true;
        let f = precheck(&s, &s.workshops[0], &r);
        assert_eq!(verdicts(&f, IrmCheck::Lens), [Verdict::Holds]);
    }

    #[test]
    fn each_unverifiable_milestone_is_named() {
        let s = session();
        let mut r = refinement(Some(AmbitionLevel::Minor));
        r.milestones = vec![
            Milestone {
                deliverable: String::new(),
                end: "2017-03".into(),
                ..Default::default()
            },
            Milestone {
                deliverable: "Report".into(),
                end: "2019-01".into(), // after the plan (2017-01 – 2018-06)
                ..Default::default()
            },
            Milestone {
                deliverable: "Launch".into(),
                end: String::new(),
                ..Default::default()
            },
            Milestone {
                deliverable: "Pilot".into(),
                end: "2016-12".into(), // before it
                ..Default::default()
            },
        ];
        let f = precheck(&s, &s.workshops[0], &r);
        let warned: Vec<(Option<usize>, Verdict)> = f
            .iter()
            .filter(|f| f.check == IrmCheck::Verifiable)
            .map(|f| (f.milestone, f.verdict))
            .collect();
        assert_eq!(
            warned,
            [
                (Some(0), Verdict::Warning),
                (Some(1), Verdict::Warning),
                (Some(2), Verdict::Warning),
                (Some(3), Verdict::Warning)
            ]
        );
        r.milestones.clear();
        let f = precheck(&s, &s.workshops[0], &r);
        assert_eq!(verdicts(&f, IrmCheck::Verifiable), [Verdict::Warning]);
    }
}
