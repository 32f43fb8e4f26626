//! SMART and OGP-template checks. Not a spell-checker for policy: each finding points at
//! what is missing, and names the field (and milestone) it is about.

use crate::i18n::{tr, trf};
use crate::model::{Milestone, PlanPeriod, Refinement};

/// The five SMART criteria (OGP says "actionable" for achievable).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Criterion {
    /// Specific.
    Specific,
    /// Measurable.
    Measurable,
    /// Achievable / actionable.
    Achievable,
    /// Relevant.
    Relevant,
    /// Time-bound.
    TimeBound,
}

impl Criterion {
    /// All five, in SMART order.
    pub const ALL: [Self; 5] = [
        Self::Specific,
        Self::Measurable,
        Self::Achievable,
        Self::Relevant,
        Self::TimeBound,
    ];

    /// English name, as the reports write it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Specific => "Specific",
            Self::Measurable => "Measurable",
            Self::Achievable => "Achievable",
            Self::Relevant => "Relevant",
            Self::TimeBound => "Time-bound",
        }
    }

    /// Name in the current language, for the window.
    pub fn label(self) -> String {
        crate::i18n::tr(self.name())
    }
}

/// The form field a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// Main objective.
    Objective,
    /// Brief description.
    Description,
    /// Status quo / problem.
    Problem,
    /// Lead and contact.
    Lead,
    /// OGP values.
    Values,
    /// Relevance text.
    Relevance,
    /// The milestone list.
    Milestones,
    /// A milestone's deliverable.
    Deliverable,
    /// A milestone's start month.
    Start,
    /// A milestone's end month.
    End,
    /// A milestone's implementer.
    Implementer,
    /// A milestone's monitor.
    Monitor,
    /// The SMART "measurable" note.
    MeasurableNote,
}

/// One thing missing from a refinement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The criterion it fails.
    pub criterion: Criterion,
    /// 0-based milestone index, for milestone findings.
    pub milestone: Option<usize>,
    /// The field to fill in.
    pub field: Field,
    /// Why, in a sentence.
    pub message: String,
}

/// The checklist: for each criterion, the findings against it (none = met).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checklist {
    /// All findings, in criterion order.
    pub findings: Vec<Finding>,
}

impl Checklist {
    /// Whether a criterion has no findings.
    pub fn is_met(&self, criterion: Criterion) -> bool {
        !self.findings.iter().any(|f| f.criterion == criterion)
    }

    /// Findings against one criterion.
    pub fn for_criterion(&self, criterion: Criterion) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(move |f| f.criterion == criterion)
    }

    /// Findings about one milestone.
    pub fn for_milestone(&self, index: usize) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(move |f| f.milestone == Some(index))
    }

    /// How many of the five criteria are met.
    pub fn met_count(&self) -> usize {
        Criterion::ALL.iter().filter(|c| self.is_met(**c)).count()
    }
}

/// A `YYYY-MM` month, comparable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    /// Year.
    pub year: u16,
    /// 1–12.
    pub month: u8,
}

impl YearMonth {
    /// Parses `YYYY-MM` (also `YYYY-M`).
    pub fn parse(text: &str) -> Option<Self> {
        let (y, m) = text.trim().split_once('-')?;
        let year: u16 = y.parse().ok().filter(|y| (1900..=2999).contains(y))?;
        let month: u8 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
        (y.len() == 4).then_some(Self { year, month })
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Nouns of things one can point at when a milestone is done.
const DELIVERABLE_WORDS: &[&str] = &[
    "announce",
    "app",
    "audit",
    "board",
    "catalogue",
    "charter",
    "committee",
    "community",
    "consultation",
    "course",
    "dashboard",
    "data",
    "database",
    "dataset",
    "directive",
    "directory",
    "evaluation",
    "event",
    "forum",
    "framework",
    "guide",
    "guidebook",
    "hackathon",
    "inventory",
    "lab",
    "launch",
    "law",
    "legislation",
    "map",
    "meeting",
    "module",
    "pilot",
    "platform",
    "plan",
    "policy",
    "portal",
    "prototype",
    "publish",
    "register",
    "registry",
    "regulation",
    "release",
    "report",
    "schedule",
    "session",
    "standard",
    "strategy",
    "study",
    "survey",
    "tool",
    "toolkit",
    "tracker",
    "training",
    "website",
    "webinar",
    "workshop",
];

/// Whether a deliverable names something verifiable: a number or a deliverable noun.
pub fn is_verifiable(deliverable: &str) -> bool {
    let lower = deliverable.to_lowercase();
    lower.chars().any(|c| c.is_ascii_digit())
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| DELIVERABLE_WORDS.iter().any(|d| word.starts_with(d)))
}

/// Checks a refinement against SMART and the OGP template.
pub fn check(refinement: &Refinement, period: &PlanPeriod) -> Checklist {
    let mut findings = Vec::new();
    let mut add = |criterion, milestone, field, message: String| {
        findings.push(Finding {
            criterion,
            milestone,
            field,
            message,
        });
    };
    use Criterion::*;

    // Specific
    if blank(&refinement.objective) {
        add(
            Specific,
            None,
            Field::Objective,
            tr("No main objective: say what will change."),
        );
    }
    if blank(&refinement.description) {
        add(
            Specific,
            None,
            Field::Description,
            tr("No description of what will be done."),
        );
    }
    if blank(&refinement.problem) {
        add(
            Specific,
            None,
            Field::Problem,
            tr("No status quo: say which problem it addresses."),
        );
    }

    // Measurable
    if refinement.milestones.is_empty() {
        add(
            Measurable,
            None,
            Field::Milestones,
            tr("No milestones: add at least one verifiable deliverable."),
        );
    }
    for (i, m) in refinement.milestones.iter().enumerate() {
        if blank(&m.deliverable) {
            add(
                Measurable,
                Some(i),
                Field::Deliverable,
                trf("Milestone %{0}: no deliverable.", &[("0", &(i + 1))]),
            );
        } else if !is_verifiable(&m.deliverable) {
            add(
                Measurable,
                Some(i),
                Field::Deliverable,
                trf(
                    "Milestone %{0}: no deliverable noun or number — hard to verify.",
                    &[("0", &(i + 1))],
                ),
            );
        }
    }

    // Achievable (actionable, answerable)
    if blank(&refinement.lead) {
        add(
            Achievable,
            None,
            Field::Lead,
            tr("No lead: name the responsible department or team."),
        );
    }
    let plan = (
        YearMonth::parse(&period.start),
        YearMonth::parse(&period.end),
    );
    for (i, m) in refinement.milestones.iter().enumerate() {
        if blank(&m.implementer) {
            add(
                Achievable,
                Some(i),
                Field::Implementer,
                trf("Milestone %{0}: nobody implements it.", &[("0", &(i + 1))]),
            );
        }
        if blank(&m.monitor) {
            add(
                Achievable,
                Some(i),
                Field::Monitor,
                trf("Milestone %{0}: nobody monitors it.", &[("0", &(i + 1))]),
            );
        }
        if let (Some(end), (Some(first), Some(last))) = (YearMonth::parse(&m.end), plan)
            && (end > last || end < first)
        {
            add(
                Achievable,
                Some(i),
                Field::End,
                trf(
                    "Milestone %{0}: ends %{end}, outside the plan period %{first} – %{last}.",
                    &[
                        ("0", &(i + 1)),
                        ("end", &end),
                        ("first", &first),
                        ("last", &last),
                    ],
                ),
            );
        }
    }

    // Relevant
    if !refinement.values.any_core() {
        let message = if refinement.values.technology_and_innovation {
            tr(
                "Technology and innovation alone is not enough: tick access to information, civic participation or public accountability.",
            )
        } else {
            tr("No OGP value ticked: relevance is unstated.")
        };
        add(Relevant, None, Field::Values, message);
    }
    if blank(&refinement.relevance) {
        add(
            Relevant,
            None,
            Field::Relevance,
            tr("Say how it advances the OGP values ticked."),
        );
    }

    // Time-bound
    for (i, m) in refinement.milestones.iter().enumerate() {
        check_milestone_dates(i, m, &mut add);
    }
    Checklist { findings }
}

fn check_milestone_dates(
    i: usize,
    m: &Milestone,
    add: &mut impl FnMut(Criterion, Option<usize>, Field, String),
) {
    let n = i + 1;
    let start = YearMonth::parse(&m.start);
    let end = YearMonth::parse(&m.end);
    if blank(&m.start) {
        add(
            Criterion::TimeBound,
            Some(i),
            Field::Start,
            trf("Milestone %{n}: no start month.", &[("n", &n)]),
        );
    } else if start.is_none() {
        add(
            Criterion::TimeBound,
            Some(i),
            Field::Start,
            trf(
                "Milestone %{n}: start \"%{0}\" is not a month (YYYY-MM).",
                &[("n", &n), ("0", &m.start.trim())],
            ),
        );
    }
    if blank(&m.end) {
        add(
            Criterion::TimeBound,
            Some(i),
            Field::End,
            trf(
                "Milestone %{n}: no end month — not time-bound.",
                &[("n", &n)],
            ),
        );
    } else if end.is_none() {
        add(
            Criterion::TimeBound,
            Some(i),
            Field::End,
            trf(
                "Milestone %{n}: end \"%{0}\" is not a month (YYYY-MM).",
                &[("n", &n), ("0", &m.end.trim())],
            ),
        );
    }
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        add(
            Criterion::TimeBound,
            Some(i),
            Field::End,
            trf(
                "Milestone %{n}: ends (%{e}) before it starts (%{s}).",
                &[("n", &n), ("e", &e), ("s", &s)],
            ),
        );
    }
}

fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Milestone, OgpValues};

    fn period() -> PlanPeriod {
        PlanPeriod {
            start: "2017-01".into(),
            end: "2018-06".into(),
        }
    }

    fn complete() -> Refinement {
        Refinement {
            commitment: "1".into(),
            lead: "Open Government Office".into(),
            problem: "Gaps in the directive".into(),
            objective: "Maximize the release of data".into(),
            description: "Adopt the International Open Data Charter".into(),
            values: OgpValues {
                access_to_information: true,
                ..Default::default()
            },
            relevance: "Open by default".into(),
            milestones: vec![Milestone {
                deliverable: "Publish implementation schedule and plan".into(),
                start: "2017-01".into(),
                end: "2017-06".into(),
                implementer: "Open Government Office".into(),
                monitor: "Open data steering committee".into(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_refinement_meets_all_five() {
        let list = check(&complete(), &period());
        assert_eq!(list.findings, vec![]);
        assert_eq!(list.met_count(), 5);
    }

    #[test]
    fn empty_refinement_fails_everything_it_can() {
        let list = check(&Refinement::default(), &period());
        for c in [
            Criterion::Specific,
            Criterion::Measurable,
            Criterion::Achievable,
            Criterion::Relevant,
        ] {
            assert!(!list.is_met(c), "{c:?}");
        }
        // No milestones means nothing to date: the gap is reported under Measurable.
        assert!(list.is_met(Criterion::TimeBound));
    }

    #[test]
    fn milestone_without_end_date_is_not_time_bound() {
        let mut r = complete();
        r.milestones[0].end.clear();
        let list = check(&r, &period());
        assert!(!list.is_met(Criterion::TimeBound));
        let f: Vec<_> = list.for_milestone(0).collect();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].field, Field::End);
        assert!(f[0].message.contains("no end month"));
    }

    #[test]
    fn end_outside_the_plan_is_not_achievable() {
        let mut r = complete();
        r.milestones[0].end = "2019-03".into();
        let list = check(&r, &period());
        assert!(!list.is_met(Criterion::Achievable));
        assert!(list.is_met(Criterion::TimeBound));
        assert!(
            list.findings[0]
                .message
                .contains("outside the plan period 2017-01 – 2018-06")
        );
    }

    #[test]
    fn vague_deliverable_is_hard_to_verify() {
        let mut r = complete();
        r.milestones[0].deliverable = "Think about openness".into();
        let list = check(&r, &period());
        assert!(!list.is_met(Criterion::Measurable));
        r.milestones[0].deliverable = "Reach 3 ministries".into();
        assert!(check(&r, &period()).is_met(Criterion::Measurable));
    }

    #[test]
    fn technology_alone_is_not_relevant_enough() {
        let mut r = complete();
        r.values = OgpValues {
            technology_and_innovation: true,
            ..Default::default()
        };
        let list = check(&r, &period());
        assert!(!list.is_met(Criterion::Relevant));
        assert!(list.findings[0].message.contains("alone"));
    }

    #[test]
    fn bad_and_reversed_months() {
        let mut r = complete();
        r.milestones[0].start = "Jan 2017".into();
        assert!(
            check(&r, &period()).findings[0]
                .message
                .contains("not a month")
        );
        r.milestones[0].start = "2017-08".into();
        assert!(
            check(&r, &period()).findings[0]
                .message
                .contains("before it starts")
        );
        assert_eq!(YearMonth::parse("2017-13"), None);
        assert_eq!(
            YearMonth::parse("2017-1"),
            Some(YearMonth {
                year: 2017,
                month: 1
            })
        );
    }

    #[test]
    fn missing_implementer_and_monitor_are_named_per_milestone() {
        let mut r = complete();
        r.milestones.push(Milestone {
            deliverable: "Training of trainers".into(),
            start: "2017-02".into(),
            end: "2017-09".into(),
            ..Default::default()
        });
        let list = check(&r, &period());
        let second: Vec<_> = list.for_milestone(1).map(|f| f.field).collect();
        assert_eq!(second, vec![Field::Implementer, Field::Monitor]);
        assert_eq!(list.for_milestone(0).count(), 0);
    }
}
