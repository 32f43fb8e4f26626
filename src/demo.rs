//! Plausible finished workshops, reproducible from a seed: every group placed every
//! commitment, a selection, one refinement. Examples, tests and benchmarks use it, and so
//! does [`ontario_2016`], which builds the three example sessions of `sessions/`.

use crate::model::{
    Attendance, Commitment, Milestone, Mode, Novelty, OgpValues, Refinement, Role, Session, SignUp,
    SmartNotes, Workshop,
};

/// The bundled list of the 15 top-voted commitments (sample data), as CSV.
pub const BUNDLED_CSV: &str = include_str!("../assets/commitments.csv");

/// The four themes of the seed, in its order.
pub const SEED_THEMES: [&str; 4] = [
    "transparency",
    "accountability",
    "public participation",
    "technology and innovation",
];

/// The bundled commitments.
pub fn bundled_commitments() -> Vec<Commitment> {
    crate::import::parse_csv(BUNDLED_CSV.as_bytes()).expect("the bundled list is valid CSV")
}

/// `n` synthetic commitments whose ids and titles depend only on `n`, so demo files of one
/// size merge as workshops of one event.
pub fn synthetic_commitments(n: usize) -> Vec<Commitment> {
    (1..=n)
        .map(|i| {
            let theme = SEED_THEMES[(i - 1) % SEED_THEMES.len()];
            Commitment {
                id: i.to_string(),
                title: format!("Synthetic idea {i} of {n} ({theme})"),
                theme: theme.to_owned(),
                votes: (n - i + 1) as u32 * 3,
                description: format!("A generated {theme} idea for demonstrations and benchmarks."),
                decidim_id: String::new(),
            }
        })
        .collect()
}

/// A small deterministic generator (SplitMix64): the same seed gives the same file on every
/// machine.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for a seed.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Roughly normal (sum of uniforms), mean 0, standard deviation `sd`.
    pub fn normal(&mut self, sd: f64) -> f64 {
        let sum: f64 = (0..6).map(|_| self.unit()).sum();
        (sum - 3.0) * sd * std::f64::consts::SQRT_2
    }
}

fn hash_str(text: &str) -> u64 {
    // FNV-1a: stable across runs and platforms, unlike std's hasher.
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A finished demo workshop. The commitments' "true" positions depend only on their ids, so
/// workshops made with different seeds roughly agree, as real workshops of one event do.
pub fn generate(commitments: Vec<Commitment>, groups: usize, seed: u64) -> Session {
    let mut rng = Rng::new(seed);
    let id = format!("ws-demo-{:016x}", Rng::new(seed ^ 0x5eed).next_u64());
    let mut w = Workshop::new(id, &format!("Demo workshop {seed}"));
    w.details.location = "Community hall".into();
    w.details.mode = Mode::InPerson;
    w.details.date = format!("2016-09-{:02}", 1 + seed % 28);
    w.details.facilitator = "Open Government Office".into();
    let people = groups as u32 * 6;
    w.details.attendance = Attendance {
        civil_society: people / 3,
        ministry: people * 4 / 9,
        citizens: people - people / 3 - people * 4 / 9,
        other: 0,
    };
    for _ in 0..groups {
        w.add_group();
    }
    let group_ids: Vec<u32> = w.groups.iter().map(|g| g.id).collect();
    for c in &commitments {
        let mut latent = Rng::new(hash_str(&c.id));
        let (d0, a0) = (2.0 + latent.unit() * 7.0, 0.3 + latent.unit() * 2.5);
        for &g in &group_ids {
            let d = round1(d0 + rng.normal(1.4)).clamp(0.0, 10.0);
            let a = round1(a0 + rng.normal(0.4)).clamp(0.0, 3.0);
            w.place(g, &c.id, d, a);
        }
    }
    let mut scored: Vec<(f64, &str)> =
        crate::stats::aggregates(commitments.iter().map(|c| c.id.as_str()), &[&w])
            .iter()
            .map(|a| {
                (
                    a.desirability / 10.0 + a.ambition / 3.0,
                    commitments
                        .iter()
                        .find(|c| c.id == a.commitment)
                        .map(|c| c.id.as_str())
                        .unwrap_or_default(),
                )
            })
            .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    w.selection = scored
        .iter()
        .take(3)
        .map(|(_, id)| (*id).to_owned())
        .collect();
    if let Some(first) = w.selection.first().cloned()
        && let Some(c) = commitments.iter().find(|c| c.id == first)
    {
        w.refinements.push(sample_refinement(c, &mut rng));
    }
    Session {
        commitments,
        workshops: vec![w],
        ..Default::default()
    }
}

/// A plausible refinement of any commitment, written from its title.
pub fn sample_refinement(c: &Commitment, rng: &mut Rng) -> Refinement {
    let lead = [
        "Treasury Board Secretariat",
        "Open Government Office",
        "Ministry of Government and Consumer Services",
    ][(rng.next_u64() % 3) as usize];
    let core = rng.next_u64() % 3;
    Refinement {
        commitment: c.id.clone(),
        lead: lead.into(),
        lead_contact: "Manager, Policy and Partnerships".into(),
        actors_government: "Ministries and provincial agencies".into(),
        actors_civil_society: "Civil-society organizations, academia".into(),
        problem: format!(
            "Today there is no commitment to: {}.",
            c.title.to_lowercase()
        ),
        objective: c.title.clone(),
        description: c.description.clone(),
        values: OgpValues {
            access_to_information: core == 0 || c.theme == "transparency",
            civic_participation: core == 1 || c.theme == "public participation",
            public_accountability: core == 2 || c.theme == "accountability",
            technology_and_innovation: c.theme == "technology and innovation",
        },
        relevance: format!("Advances {} in Ontario.", c.theme),
        ambition: "A measurable change in how the public can see and shape this area.".into(),
        smart: SmartNotes {
            specific: "Province-wide, all ministries.".into(),
            measurable: "Progress reported quarterly on the project tracker.".into(),
            achievable: "Within existing budgets; lead named.".into(),
            relevant: "Ranked in the top 15 by public vote.".into(),
            time_bound: "Done within the plan period.".into(),
        },
        milestones: vec![
            Milestone {
                deliverable: "Publish a plan with targets and dates".into(),
                novelty: Novelty::New,
                start: "2017-01".into(),
                end: "2017-04".into(),
                implementer: lead.into(),
                monitor: "Open Government steering committee".into(),
                ..Default::default()
            },
            Milestone {
                deliverable: "Launch the first release and report on uptake".into(),
                novelty: Novelty::New,
                start: "2017-04".into(),
                end: "2017-12".into(),
                implementer: lead.into(),
                monitor: "Open Government steering committee".into(),
                ..Default::default()
            },
        ],
        ..Default::default()
    }
}

/// One workshop of the seed event, for the `sessions/` examples.
struct SeedWorkshop {
    file: &'static str,
    seed: u64,
    name: &'static str,
    location: &'static str,
    mode: Mode,
    date: &'static str,
    groups: usize,
    attendance: Attendance,
    selection: &'static [&'static str],
}

/// The three example sessions of the seed's event (central in person, northern in person,
/// online): attendance 32 civil society, 42 ministry, 19 citizens; seven commitments
/// selected, the seed's three (ids 1–3) at two workshops each. Returns `(file name, session)`.
pub fn ontario_2016() -> Vec<(&'static str, Session)> {
    let seeds = [
        SeedWorkshop {
            file: "ontario-2016-central.ron",
            seed: 20_161,
            name: "Central workshop",
            location: "Toronto",
            mode: Mode::InPerson,
            date: "2016-08-16",
            groups: 4,
            attendance: Attendance {
                civil_society: 16,
                ministry: 24,
                citizens: 8,
                other: 0,
            },
            selection: &["1", "2", "7", "13"],
        },
        SeedWorkshop {
            file: "ontario-2016-northern.ron",
            seed: 20_162,
            name: "Northern workshop",
            location: "Thunder Bay",
            mode: Mode::InPerson,
            date: "2016-08-23",
            groups: 3,
            attendance: Attendance {
                civil_society: 8,
                ministry: 10,
                citizens: 5,
                other: 0,
            },
            selection: &["1", "3", "9"],
        },
        SeedWorkshop {
            file: "ontario-2016-online.ron",
            seed: 20_163,
            name: "Online workshop",
            location: "Video conference",
            mode: Mode::Online,
            date: "2016-08-30",
            groups: 3,
            attendance: Attendance {
                civil_society: 8,
                ministry: 8,
                citizens: 6,
                other: 0,
            },
            selection: &["2", "3", "12"],
        },
    ];
    seeds
        .into_iter()
        .map(|s| {
            let mut session = generate(bundled_commitments(), s.groups, s.seed);
            let mut rng = Rng::new(s.seed ^ 0xbeef);
            let w = &mut session.workshops[0];
            w.details.name = s.name.into();
            w.details.location = s.location.into();
            w.details.mode = s.mode;
            w.details.date = s.date.into();
            w.details.attendance = s.attendance;
            w.details.plan_period.start = "2017-01".into();
            w.details.plan_period.end = "2018-06".into();
            // The room favoured what it selected: lift those points a little.
            for p in &mut w.placements {
                if s.selection.contains(&p.commitment.as_str()) {
                    p.desirability = round1((p.desirability + 2.0).min(10.0));
                    p.ambition = round1((p.ambition + 0.5).min(3.0));
                }
            }
            w.selection = s.selection.iter().map(|id| (*id).to_owned()).collect();
            w.refinements = s
                .selection
                .iter()
                .map(|id| {
                    let c = session
                        .commitments
                        .iter()
                        .find(|c| c.id == *id)
                        .expect("bundled id");
                    seed_refinement(id).unwrap_or_else(|| sample_refinement(c, &mut rng))
                })
                .collect();
            let w = &mut session.workshops[0];
            w.sign_ups = vec![SignUp {
                commitment: s.selection[0].into(),
                name: "Alex Example".into(),
                organization: "Example Civic Network".into(),
                email: "alex@example.org".into(),
                role: Role::Advise,
            }];
            (s.file, session)
        })
        .collect()
}

/// The organizers' file after the three workshops: the three sessions merged (each named
/// by its file), two selection criteria of their own, and a reasoned response to each of
/// the fifteen ideas. The seed's plan adopted ideas 1–3; the workshops also selected 7, 9,
/// 12 and 13, and the response says what became of those too. Ideas 4–15 and every reason
/// are sample text written for this example (see `assets/commitments.csv`).
pub fn ontario_2016_plan() -> (&'static str, Session) {
    use crate::model::{DESIRABILITY_CRITERIA, Outcome, Response};
    let inputs: Vec<(String, Session)> = ontario_2016()
        .into_iter()
        .map(|(name, session)| (name.to_owned(), session))
        .collect();
    let mut plan = crate::merge::merge_named(&inputs).expect("the examples share a scale");
    let feasible = "can be delivered within the plan period";
    let demand = "heard at more than one workshop";
    plan.criteria = vec![feasible.to_owned(), demand.to_owned()];
    let [impact, movement, participation] = DESIRABILITY_CRITERIA;
    let response = |id: &str, outcome: Outcome, reason: &str, criteria: &[&str]| Response {
        commitment: id.to_owned(),
        outcome,
        reason: reason.to_owned(),
        criteria: criteria.iter().map(|c| (*c).to_owned()).collect(),
    };
    let merged = |id: &str| Outcome::MergedInto(id.to_owned());
    plan.responses = vec![
        response(
            "1",
            Outcome::Selected,
            "Selected at the central and northern workshops, which both placed it high on desirability. It builds on the Open Data Directive already in force, so it can start at once.",
            &[impact, movement, feasible, demand],
        ),
        response(
            "2",
            Outcome::Selected,
            "Selected at the central and online workshops. Youth are the group consultations reach least; the tool is designed with them.",
            &[participation, demand],
        ),
        response(
            "3",
            Outcome::Selected,
            "Selected at the northern and online workshops. A guide and training reach every ministry, which the other ideas depend on.",
            &[movement, feasible, demand],
        ),
        response(
            "4",
            merged("1"),
            "Line-by-line spending is one of the datasets the Open Data Charter's release schedule will cover.",
            &[impact],
        ),
        response(
            "5",
            Outcome::Deferred,
            "Wanted by many groups, but the consultation directory it would extend is being rebuilt; it will be proposed for the next plan.",
            &[feasible],
        ),
        response(
            "6",
            Outcome::NotSelected,
            "Placed low on ambition at every workshop; plain-language summaries are now required by the regulatory registry's own rules.",
            &[impact],
        ),
        response(
            "7",
            Outcome::Deferred,
            "Selected at the central workshop. Procurement moves to a new e-tendering system during the plan period; open contracting data will be published once it runs, and is proposed for the next plan.",
            &[impact, feasible],
        ),
        response(
            "8",
            Outcome::OutOfScope,
            "The lobbyist registry belongs to an officer of the Legislature, not to the government that makes this plan.",
            &[],
        ),
        response(
            "9",
            merged("2"),
            "Selected at the northern workshop. Remote participation is built into the digital engagement tool of idea 2; a fund for travel and childcare needs a budget decision outside this plan.",
            &[participation, feasible],
        ),
        response(
            "10",
            Outcome::NotSelected,
            "Technology and innovation alone: a challenge on open data does not by itself make government more transparent, participatory or accountable.",
            &[movement],
        ),
        response(
            "11",
            Outcome::NotSelected,
            "Low desirability at every workshop.",
            &[impact],
        ),
        response(
            "12",
            Outcome::Deferred,
            "Selected at the online workshop. A protocol must be co-developed with Indigenous communities on their own timeline, not fitted into an 18-month plan; the engagement starts now and the protocol is proposed for the next plan.",
            &[participation],
        ),
        response(
            "13",
            Outcome::NotSelected,
            "Selected at the central workshop. Publishing released records needs a change to the freedom-of-information regulation, which is under review; the review's public consultation is where the idea goes next.",
            &[impact, feasible],
        ),
        response(
            "14",
            Outcome::NotSelected,
            "Low desirability at the workshops, and a pilot needs a ministry to volunteer a program.",
            &[feasible],
        ),
        response(
            "15",
            merged("1"),
            "Accessible formats are part of the Charter's principle of data that is usable by all.",
            &[impact],
        ),
    ];
    ("ontario-2016-plan.ron", plan)
}

fn milestone(
    deliverable: &str,
    start: &str,
    end: &str,
    implementer: &str,
    monitor: &str,
) -> Milestone {
    Milestone {
        deliverable: deliverable.into(),
        novelty: Novelty::New,
        start: start.into(),
        end: end.into(),
        implementer: implementer.into(),
        monitor: monitor.into(),
        ..Default::default()
    }
}

/// The refinements of the seed's three commitments, as its action plan gives them (end
/// months and monitors added: the plan left them open, which the SMART check would flag).
fn seed_refinement(id: &str) -> Option<Refinement> {
    let ogo = "Open Government Office";
    Some(match id {
        "1" => Refinement {
            commitment: id.into(),
            lead: "Open Government Office, Treasury Board Secretariat".into(),
            lead_contact: "Manager, Policy and Partnerships".into(),
            actors_government: "All Ontario ministries and provincial agencies".into(),
            actors_civil_society: "International Open Data Charter; civil-society organizations; academia; private sector including start-ups".into(),
            problem: "Ontario's Open Data Directive makes data open by default, but lacks time-bound actions for releasing datasets and inventories, concrete measures for civil-society engagement with data, and engagement with standards bodies for interoperability.".into(),
            objective: "To maximize the release of, increase access to, and promote greater impact of Ontario's data.".into(),
            description: "Adopting the International Open Data Charter brings Ontario into a body of governments releasing data in a standardized, comparable format, with common guidance for realizing the potential of open data.".into(),
            values: OgpValues { access_to_information: true, civic_participation: true, public_accountability: true, technology_and_innovation: true },
            relevance: "Access to information: open by default, in open formats. Civic participation: ministries partner with academia and start-ups. Accountability: a named point of contact and public follow-up. Technology: data easier to discover on ontario.ca.".into(),
            ambition: "More access to Ontario's data, greater economic and social impact of it, and better consistency and comparability with other jurisdictions.".into(),
            smart: SmartNotes {
                specific: "Adopt the Charter and align the Open Data Directive with its principles.".into(),
                measurable: "Number of datasets released against the published schedule.".into(),
                achievable: "Builds on the existing directive and data catalogue.".into(),
                relevant: "Top-voted idea in the transparency theme.".into(),
                time_bound: "Announcement in early 2017; plan and guidebook within the year.".into(),
            },
            milestones: vec![
                milestone("Provincial announcement of the adoption of the International Open Data Charter", "2017-01", "2017-03", ogo, "Open data steering committee"),
                milestone("Develop strategy to align the Open Data Directive with the Charter principles", "2017-01", "2017-06", ogo, "Open data steering committee"),
                milestone("Publish implementation schedule and plan", "2017-01", "2017-09", ogo, "Open data steering committee"),
                milestone("Provide updated tools and guidance (open data guidebook) for ministries and agencies", "2017-01", "2017-12", ogo, "Open data steering committee"),
            ],
            ..Default::default()
        },
        "2" => Refinement {
            commitment: id.into(),
            lead: "Youth Strategies Branch, Ministry of Children and Youth Services".into(),
            lead_contact: "Youth Strategies Branch".into(),
            actors_government: "Ministries of Education; Advanced Education and Skills Development; Tourism, Culture and Sport; Premier's Council on Youth Opportunities".into(),
            actors_civil_society: "Youth and youth leaders; youth-led and youth-serving organizations; universities and colleges; school boards".into(),
            problem: "Youth are digitally connected but not engaged in civic processes as previous generations were; the methods to engage them need to evolve.".into(),
            objective: "To engage youth on implementing a digital engagement platform that harnesses their existing ways of connecting to contribute to policy and program development.".into(),
            description: "Ontario will engage youth on how they participate civically, how they want to be engaged and how digital tools would support that.".into(),
            values: OgpValues { access_to_information: false, civic_participation: true, public_accountability: false, technology_and_innovation: true },
            relevance: "Public participation: engage youth in decisions that affect them. Technology: a tool tested with youth for its reach among under-represented youth.".into(),
            ambition: "Substantial impact on how the next generation of voters takes part in government.".into(),
            smart: SmartNotes {
                specific: "A digital engagement tool co-designed with youth networks.".into(),
                measurable: "Baseline and follow-up measures of digital youth civic engagement.".into(),
                achievable: "Premier's Council on Youth Opportunities already convenes youth networks.".into(),
                relevant: "Youth are under-represented in consultations.".into(),
                time_bound: "Beta in 2017, updated version by mid-2018.".into(),
            },
            milestones: vec![
                milestone("Engage the Premier's Council on Youth Opportunities and youth networks on how young people engage civically", "2017-01", "2017-04", "Youth Strategies Branch", "Premier's Council on Youth Opportunities"),
                milestone("Host design lab(s) to inform a beta digital engagement tool", "2017-03", "2017-06", "Youth Strategies Branch", "Premier's Council on Youth Opportunities"),
                milestone("Beta-launch the digital engagement tool and establish a baseline", "2017-06", "2017-10", "Youth Strategies Branch", "Premier's Council on Youth Opportunities"),
                milestone("Launch an updated version and measure its impact", "2017-10", "2018-06", "Youth Strategies Branch", "Premier's Council on Youth Opportunities"),
            ],
            ..Default::default()
        },
        "3" => Refinement {
            commitment: id.into(),
            lead: "Outreach and Organizational Change, Treasury Board Secretariat".into(),
            lead_contact: "Manager, Outreach and Organizational Change".into(),
            actors_government: "Treasury Board Secretariat; other ministries and agencies".into(),
            actors_civil_society: "Civil society, private sector".into(),
            problem: "Ontario Public Service staff have differing levels of understanding and capacity to embed open government principles in their daily tasks.".into(),
            objective: "To create an open-government-literate public service with common principles embedded into daily responsibilities that promote accountability, transparency and public participation.".into(),
            description: "As open government increases in prominence it changes how public-sector employees engage with their responsibilities: a guide and training give them clear ways to do so.".into(),
            values: OgpValues { access_to_information: false, civic_participation: false, public_accountability: true, technology_and_innovation: true },
            relevance: "Staff will better understand how to open information and engage the public in decision-making.".into(),
            ambition: "An open government guide and training, developed with other levels of government, that offers tangible ways to align daily work with open government.".into(),
            smart: SmartNotes::default(),
            milestones: vec![
                milestone("Develop (draft) guide with input from ministries and agencies", "2017-01", "2017-06", "Treasury Board Secretariat", ogo),
                milestone("Establish a community of practice", "2017-03", "2017-09", "Treasury Board Secretariat", ogo),
                milestone("Undertake pilots", "2017-06", "2017-12", "Treasury Board Secretariat", ""),
                milestone("Training of trainers", "2017-09", "", "Treasury Board Secretariat", ogo),
            ],
            ..Default::default()
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_list_has_fifteen_in_four_themes() {
        let list = bundled_commitments();
        assert_eq!(list.len(), 15);
        for theme in SEED_THEMES {
            assert!(list.iter().any(|c| c.theme == theme), "{theme}");
        }
        assert!(BUNDLED_CSV.starts_with("# SAMPLE DATA"));
    }

    #[test]
    fn demo_is_reproducible_and_complete() {
        let a = generate(bundled_commitments(), 3, 7);
        let b = generate(bundled_commitments(), 3, 7);
        let c = generate(bundled_commitments(), 3, 8);
        assert_eq!(a, b);
        assert_ne!(a.workshops[0].id, c.workshops[0].id);
        let w = &a.workshops[0];
        assert_eq!(w.placements.len(), 15 * 3);
        assert_eq!(w.selection.len(), 3);
        assert_eq!(w.refinements.len(), 1);
        crate::file::validate(&a).expect("valid");
    }

    #[test]
    fn synthetic_commitments_depend_only_on_n() {
        assert_eq!(synthetic_commitments(5), synthetic_commitments(5));
        assert_eq!(synthetic_commitments(100).len(), 100);
        let s = generate(synthetic_commitments(10), 2, 1);
        let t = generate(synthetic_commitments(10), 2, 2);
        assert_eq!(s.commitments, t.commitments);
    }
}
