//! The merge on what `check` accepts, not only on what the window makes (issue 16): sessions
//! generated valid by construction, on either ambition scale, with
//! - ids that look alike but are different ids (`l` and `I`, `0` and `O`, `1` and `١`,
//!   `café` and `cafe`),
//! - any text: long, non-ASCII, control and format characters (bidi overrides, zero-width),
//! - positions at the grid's edges and anywhere on its steps,
//! - every part of a session: refinements with the current template's fields and a stated
//!   ambition, sign-ups, the organizers' criteria and reasoned responses,
//! - conflicts of every kind, with and without resolutions (made as they are in real life:
//!   two copies of a file edited apart and merged, some conflicts then resolved).
//!
//! What is checked: each generated session is valid; merging valid files gives a valid
//! file; every version and every resolution of every input is kept; and the merge laws.

use cocreate::file::{to_ron, validate};
use cocreate::merge::merge;
use cocreate::model::{
    AmbitionScale, Commitment, ConflictKey, DESIRABILITY_CRITERIA, Milestone, Outcome, Response,
    Session, Version, Workshop, canonical_id,
};
use proptest::prelude::*;

/// Ids a file may hold together: each is its own canonical form, and no two fold to the
/// same id (`validate` refuses those as ambiguous), yet several look alike.
const IDS: [&str; 10] = ["1", "2", "10", "l", "I", "0", "O", "١", "café", "cafe"];

/// Text as people and files hold it: empty, plain, long, non-ASCII, with control and format
/// characters.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-z ]{1,12}",
        "\\PC{0,40}",
        any::<String>(),
        ".{200,400}",
        prop::sample::select(vec![
            "Open data\u{202e}atad nepO".to_owned(),
            "zero\u{200b}width\u{200d}joiner".to_owned(),
            "tab\there\r\nline".to_owned(),
            "\u{1b}[2Kescape".to_owned(),
            "Écoute — « citoyens » 🎉".to_owned(),
        ]),
    ]
}

/// A value on the grid: its edges, or anywhere on its step.
fn value(max: f64, step: f64) -> impl Strategy<Value = f64> {
    let steps = (max / step).round() as u32;
    prop_oneof![
        Just(0.0),
        Just(max),
        (0..=steps).prop_map(move |k| cocreate::model::grid_value(
            f64::from(k) * step,
            0.0,
            max,
            step
        )),
    ]
}

/// A valid session on `scale`: commitments with look-alike ids, one or two workshops
/// (from a small pool of ids, so that inputs share workshops), every part filled.
fn valid_session(scale: AmbitionScale) -> impl Strategy<Value = Session> {
    let ids = prop::sample::subsequence(IDS.to_vec(), 1..=IDS.len());
    ids.prop_flat_map(move |ids| {
        let n = ids.len();
        let commitments = prop::collection::vec((text(), text(), 0..5u32), n);
        let placements = prop::collection::vec(
            (
                1..4u32,
                0..n,
                value(10.0, 0.1),
                value(scale.max(), 0.05),
                text(),
            ),
            0..12,
        );
        let refinements = prop::collection::vec(
            (
                0..n,
                text(),
                text(),
                prop::option::of(prop::sample::select(scale.levels().to_vec())),
                prop::collection::vec((text(), text()), 0..3),
            ),
            0..3,
        );
        let responses = prop::collection::vec((0..n, 0..6usize, text(), 0..n), 0..4);
        let criteria = prop::collection::btree_set("[a-z]{3,10}", 0..3);
        (
            Just(ids),
            commitments,
            prop::sample::select(vec!["ws-a", "ws-b"]),
            placements,
            refinements,
            responses,
            criteria,
            any::<bool>(),
            (
                prop::sample::select(vec!["Central", "Central (notes)"]),
                prop::sample::select(vec!["Group 1", "Table 1"]),
            ),
        )
            .prop_map(
                move |(
                    ids,
                    texts,
                    ws,
                    placements,
                    refinements,
                    responses,
                    criteria,
                    select,
                    (name, group),
                )| {
                    let commitments: Vec<Commitment> = ids
                        .iter()
                        .zip(texts)
                        .map(|(id, (title, description, votes))| Commitment {
                            id: (*id).to_owned(),
                            title,
                            theme: "transparency".into(),
                            votes,
                            description,
                            decidim_id: String::new(),
                        })
                        .collect();
                    let mut w = Workshop::new(ws.into(), name);
                    for _ in 0..3 {
                        w.add_group();
                    }
                    w.groups[0].name = group.into();
                    for (g, c, d, a, note) in placements {
                        let id = &commitments[c].id;
                        w.place(g, id, d, a);
                        w.set_note(g, id, &note);
                    }
                    for (c, problem, causes, stated, milestones) in refinements {
                        let id = commitments[c].id.clone();
                        if select {
                            w.set_selected(&id, true);
                        }
                        let r = w.refinement_mut(&id);
                        r.problem = problem;
                        r.causes = causes;
                        r.stated_ambition = stated;
                        r.milestones = milestones
                            .into_iter()
                            .map(|(deliverable, output)| Milestone {
                                deliverable,
                                output,
                                end: "2018-06".into(),
                                ..Default::default()
                            })
                            .collect();
                    }
                    let criteria: Vec<String> = criteria
                        .into_iter()
                        .filter(|c| !DESIRABILITY_CRITERIA.contains(&c.as_str()))
                        .collect();
                    let mut cited: Vec<String> = DESIRABILITY_CRITERIA[..1]
                        .iter()
                        .map(|c| (*c).to_owned())
                        .collect();
                    cited.extend(criteria.first().cloned());
                    let mut session = Session {
                        commitments,
                        workshops: vec![w],
                        ambition_scale: scale,
                        criteria,
                        ..Default::default()
                    };
                    for (c, kind, reason, target) in responses {
                        let id = session.commitments[c].id.clone();
                        let other = session.commitments[target].id.clone();
                        let outcome = match kind {
                            0 => Outcome::Selected,
                            1 if other != id => Outcome::MergedInto(other),
                            2 => Outcome::Deferred,
                            3 => Outcome::NotSelected,
                            4 => Outcome::OutOfScope,
                            _ => Outcome::Undecided,
                        };
                        session.responses.retain(|r| r.commitment != id);
                        session.responses.push(Response {
                            commitment: id,
                            outcome,
                            reason,
                            criteria: cited.clone(),
                        });
                    }
                    session
                },
            )
    })
}

/// A valid session, sometimes a merge of two copies edited apart (so with conflicts of
/// whatever the copies disagree on), some of whose conflicts are then resolved.
fn valid_input(scale: AmbitionScale) -> impl Strategy<Value = Session> {
    (
        valid_session(scale),
        valid_session(scale),
        prop::collection::vec(0..4usize, 0..3),
    )
        .prop_map(|(a, b, picks)| {
            if a.workshops[0].id != b.workshops[0].id {
                return a;
            }
            // Two copies of one workshop: the second copy's commitments carry the first's
            // ids where they share them, so they disagree on texts, not on what is there.
            let mut merged = merge(&[a, b]).expect("one scale");
            for (i, pick) in picks.into_iter().enumerate() {
                if let Some(c) = merged.conflicts.get(i) {
                    let version = c.versions[pick % c.versions.len()].clone();
                    cocreate::merge::resolve(&mut merged, i, version);
                }
            }
            merged
        })
}

fn scale() -> impl Strategy<Value = AmbitionScale> {
    prop::sample::select(AmbitionScale::ALL.to_vec())
}

fn bytes(s: &Session) -> String {
    to_ron(s).unwrap()
}

/// Where a merged session keeps a version: in place, or among a conflict's versions.
fn kept(merged: &Session, key: &ConflictKey, version: &Version) -> bool {
    cocreate::merge::current(merged, key).as_ref() == Some(version)
        || merged
            .conflicts
            .iter()
            .any(|c| &c.key == key && c.versions.contains(version))
}

/// Every version an input holds, by key: its own things and its conflicts' versions.
fn versions_of(s: &Session) -> Vec<(ConflictKey, Version)> {
    let mut all = Vec::new();
    for c in &s.commitments {
        all.push((
            ConflictKey::Commitment(c.id.clone()),
            Version::Commitment(c.clone()),
        ));
    }
    for r in &s.responses {
        all.push((
            ConflictKey::Response(r.commitment.clone()),
            Version::Response(r.clone()),
        ));
    }
    for w in &s.workshops {
        all.push((
            ConflictKey::WorkshopDetails(w.id.clone()),
            Version::WorkshopDetails(w.details.clone()),
        ));
        for g in &w.groups {
            all.push((
                ConflictKey::Group {
                    workshop: w.id.clone(),
                    group: g.id,
                },
                Version::Group(g.clone()),
            ));
        }
        for p in &w.placements {
            all.push((
                ConflictKey::Placement {
                    workshop: w.id.clone(),
                    group: p.group,
                    commitment: p.commitment.clone(),
                },
                Version::Placement(p.clone()),
            ));
        }
        for r in &w.refinements {
            all.push((
                ConflictKey::Refinement {
                    workshop: w.id.clone(),
                    commitment: r.commitment.clone(),
                },
                Version::Refinement(Box::new(r.clone())),
            ));
        }
    }
    for c in &s.conflicts {
        for v in &c.versions {
            all.push((c.key.clone(), v.clone()));
        }
    }
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// Generated inputs are valid; merging them gives a valid file that keeps every
    /// version and every resolution of every input, the criteria and the scale.
    #[test]
    fn merging_valid_files_gives_a_valid_file_that_keeps_everything(
        (a, b, c) in scale().prop_flat_map(|s| (valid_input(s), valid_input(s), valid_input(s)))
    ) {
        for s in [&a, &b, &c] {
            prop_assert_eq!(validate(s), Ok(()));
        }
        let merged = merge(&[a.clone(), b.clone(), c.clone()]).unwrap();
        prop_assert_eq!(validate(&merged), Ok(()));
        prop_assert_eq!(merged.ambition_scale, a.ambition_scale);
        for s in [&a, &b, &c] {
            for (key, version) in versions_of(s) {
                prop_assert!(kept(&merged, &key, &version), "{:?} lost", key);
            }
            for conflict in &s.conflicts {
                let out = merged.conflicts.iter().find(|c| c.key == conflict.key);
                prop_assert!(out.is_some(), "conflict {:?} gone", conflict.key);
                let out = out.unwrap();
                for r in &conflict.resolutions {
                    prop_assert!(out.resolutions.contains(r), "a resolution of {:?} lost", conflict.key);
                }
            }
            for criterion in &s.criteria {
                prop_assert!(merged.criteria.contains(criterion));
            }
            for w in &s.workshops {
                let out = merged.workshops.iter().find(|x| x.id == w.id).unwrap();
                for id in &w.selection {
                    prop_assert!(out.is_selected(id));
                }
            }
        }
    }

    /// The laws, byte for byte, on these inputs.
    #[test]
    fn the_laws_hold_on_what_check_accepts(
        (a, b, c) in scale().prop_flat_map(|s| (valid_input(s), valid_input(s), valid_input(s)))
    ) {
        let m = |inputs: &[Session]| bytes(&merge(inputs).unwrap());
        let ab = merge(&[a.clone(), b.clone()]).unwrap();
        prop_assert_eq!(bytes(&ab), m(&[b.clone(), a.clone()]), "commutative");
        let all = m(&[a.clone(), b.clone(), c.clone()]);
        prop_assert_eq!(&m(&[ab.clone(), c.clone()]), &all, "associative");
        prop_assert_eq!(&m(&[a.clone(), merge(&[b, c]).unwrap()]), &all, "associative");
        let one = merge(std::slice::from_ref(&a)).unwrap();
        prop_assert_eq!(m(&[a.clone(), a.clone()]), bytes(&one), "idempotent");
        prop_assert_eq!(m(std::slice::from_ref(&one)), bytes(&one), "idempotent");
        prop_assert_eq!(m(&[ab.clone(), ab.clone()]), bytes(&ab), "idempotent");
    }
}

/// The generator gives what the properties are about: every generated input is valid (not
/// 40 % of them), and over a few hundred there are look-alike ids, non-ASCII, control and
/// format characters, long texts, both scales, the grid's edges, stated ambitions,
/// criteria, responses of every outcome, and conflicts of every kind, resolved ones too.
#[test]
fn the_generator_covers_what_check_accepts() {
    use proptest::strategy::ValueTree as _;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut seen = std::collections::BTreeSet::new();
    let strategy = scale().prop_flat_map(valid_input);
    for _ in 0..400 {
        let s = strategy.new_tree(&mut runner).unwrap().current();
        assert_eq!(validate(&s), Ok(()), "every generated input is valid");
        let mut note = |what: &str| {
            seen.insert(what.to_owned());
        };
        note(&format!("{:?}", s.ambition_scale));
        let ids: Vec<&str> = s.commitments.iter().map(|c| c.id.as_str()).collect();
        if ids.contains(&"l") && ids.contains(&"I") || ids.contains(&"0") && ids.contains(&"O") {
            note("look-alike ids");
        }
        for id in &ids {
            assert_eq!(canonical_id(id), *id, "ids are in their canonical form");
        }
        let texts = s
            .commitments
            .iter()
            .map(|c| c.title.clone())
            .chain(s.responses.iter().map(|r| r.reason.clone()));
        for t in texts {
            if !t.is_ascii() {
                note("non-ASCII");
            }
            if t.chars().any(char::is_control) {
                note("control characters");
            }
            if t.chars().any(cocreate::text::is_hidden) {
                note("format characters");
            }
            if t.chars().count() >= 200 {
                note("long text");
            }
        }
        for w in &s.workshops {
            for p in &w.placements {
                if p.ambition == s.ambition_scale.max() || p.desirability == 10.0 {
                    note("the grid's top edge");
                }
                if p.ambition == 0.0 && p.desirability == 0.0 {
                    note("the grid's corner");
                }
            }
            if w.refinements.iter().any(|r| r.stated_ambition.is_some()) {
                note("stated ambition");
            }
        }
        if !s.criteria.is_empty() {
            note("criteria");
        }
        for r in &s.responses {
            note(match r.outcome {
                Outcome::Undecided => "undecided",
                Outcome::Selected => "selected",
                Outcome::MergedInto(_) => "merged into",
                Outcome::Deferred => "deferred",
                Outcome::NotSelected => "not selected",
                Outcome::OutOfScope => "out of scope",
            });
        }
        for c in &s.conflicts {
            let kind = format!("{:?}", c.key);
            note(&format!(
                "conflict {}",
                kind.split(['(', ' ']).next().unwrap()
            ));
            if !c.resolutions.is_empty() {
                note("resolved conflict");
            }
        }
    }
    let expected = [
        "PotentialImpact",
        "PotentialForResults",
        "look-alike ids",
        "non-ASCII",
        "control characters",
        "format characters",
        "long text",
        "the grid's top edge",
        "the grid's corner",
        "stated ambition",
        "criteria",
        "selected",
        "merged into",
        "deferred",
        "not selected",
        "out of scope",
        "conflict Commitment",
        "conflict WorkshopDetails",
        "conflict Group",
        "conflict Placement",
        "conflict Refinement",
        "conflict Response",
        "resolved conflict",
    ];
    for what in expected {
        assert!(seen.contains(what), "never generated: {what}; saw {seen:?}");
    }
}
