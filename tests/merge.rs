//! Merge laws on generated sessions (proptest), and merges of the example sessions.

use std::path::Path;

use cocreate::file::to_ron;
use cocreate::merge::{Summary, merge};
use cocreate::model::{
    Commitment, ConflictKey, Milestone, Placement, Refinement, Role, Session, SignUp, Version,
    Workshop,
};
use proptest::prelude::*;

fn commitment() -> impl Strategy<Value = Commitment> {
    (
        1..5u32,
        prop::sample::select(vec!["Open data", "Youth tool", "Open data charter"]),
        0..3u32,
    )
        .prop_map(|(id, title, votes)| Commitment {
            id: id.to_string(),
            title: title.to_owned(),
            theme: "transparency".into(),
            votes,
            description: String::new(),
            decidim_id: String::new(),
        })
}

fn workshop() -> impl Strategy<Value = Workshop> {
    let placement = (1..4u32, 1..5u32, 0..3u8, 0..3u8).prop_map(|(g, c, d, a)| Placement {
        group: g,
        commitment: c.to_string(),
        desirability: f64::from(d) * 4.5,
        ambition: f64::from(a) * 1.25,
        note: String::new(),
    });
    let refinement = (
        1..5u32,
        prop::sample::select(vec!["", "Open by default", "Release data"]),
        0..2usize,
    )
        .prop_map(|(c, objective, milestones)| Refinement {
            commitment: c.to_string(),
            objective: objective.into(),
            milestones: vec![
                Milestone {
                    deliverable: "Publish plan".into(),
                    end: "2017-06".into(),
                    ..Default::default()
                };
                milestones
            ],
            ..Default::default()
        });
    let sign_up =
        (1..5u32, prop::sample::select(vec!["Ana", "Ben"])).prop_map(|(c, name)| SignUp {
            commitment: c.to_string(),
            name: name.into(),
            organization: "Org".into(),
            email: format!("{}@example.org", name.to_lowercase()),
            role: Role::Advise,
        });
    (
        prop::sample::select(vec!["ws-a", "ws-b", "ws-c"]),
        prop::sample::select(vec!["Central", "Northern"]),
        1..4u32,
        prop::collection::vec(placement, 0..8),
        prop::collection::btree_set(1..5u32, 0..3),
        prop::collection::vec(refinement, 0..3),
        prop::collection::vec(sign_up, 0..2),
    )
        .prop_map(
            |(id, name, groups, placements, selection, refinements, sign_ups)| {
                let mut w = Workshop::new(id.into(), name);
                for _ in 0..groups {
                    w.add_group();
                }
                if groups > 1 && name == "Northern" {
                    w.groups[0].name = "Table A".into(); // a rename in one copy
                }
                for p in placements.into_iter().filter(|p| p.group <= groups) {
                    w.place(p.group, &p.commitment, p.desirability, p.ambition);
                }
                w.selection = selection.into_iter().map(|c| c.to_string()).collect();
                for r in refinements {
                    let id = r.commitment.clone();
                    *w.refinement_mut(&id) = r;
                }
                w.sign_ups = sign_ups;
                w
            },
        )
}

prop_compose! {
    fn session()(commitments in prop::collection::vec(commitment(), 0..5), workshops in prop::collection::vec(workshop(), 0..3)) -> Session {
        let mut session = Session { commitments: Vec::new(), workshops: Vec::new(), ..Default::default() };
        for c in commitments {
            if !session.commitments.iter().any(|x| x.id == c.id) {
                session.commitments.push(c);
            }
        }
        for w in workshops {
            if !session.workshops.iter().any(|x| x.id == w.id) {
                session.workshops.push(w);
            }
        }
        session
    }
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn merge_is_commutative(a in session(), b in session()) {
        prop_assert_eq!(bytes(&merge(&[a.clone(), b.clone()]).unwrap()), bytes(&merge(&[b, a]).unwrap()));
    }

    #[test]
    fn merge_is_idempotent(a in session(), b in session()) {
        let once = merge(&[a.clone(), b.clone()]).unwrap();
        prop_assert_eq!(bytes(&merge(&[a.clone(), a.clone()]).unwrap()), bytes(&merge(std::slice::from_ref(&a)).unwrap()));
        prop_assert_eq!(bytes(&merge(&[once.clone(), b]).unwrap()), bytes(&once));
        prop_assert_eq!(bytes(&merge(std::slice::from_ref(&once)).unwrap()), bytes(&once));
    }

    #[test]
    fn merge_is_associative(a in session(), b in session(), c in session()) {
        let all = bytes(&merge(&[a.clone(), b.clone(), c.clone()]).unwrap());
        prop_assert_eq!(&bytes(&merge(&[merge(&[a.clone(), b.clone()]).unwrap(), c.clone()]).unwrap()), &all);
        prop_assert_eq!(&bytes(&merge(&[a, merge(&[b, c]).unwrap()]).unwrap()), &all);
    }

    #[test]
    fn merge_keeps_everything_with_its_provenance(inputs in prop::collection::vec(session(), 1..4)) {
        let merged = merge(&inputs).unwrap();
        for s in &inputs {
            for c in &s.commitments {
                prop_assert!(kept(&merged, &ConflictKey::Commitment(c.id.clone()), &Version::Commitment(c.clone())));
            }
            for w in &s.workshops {
                let out = merged.workshops.iter().find(|x| x.id == w.id).expect("workshop kept");
                for p in &w.placements {
                    let key = ConflictKey::Placement { workshop: w.id.clone(), group: p.group, commitment: p.commitment.clone() };
                    prop_assert!(kept(&merged, &key, &Version::Placement(p.clone())), "{:?}", p);
                    prop_assert!(out.group(p.group).is_some(), "its group came along");
                }
                for r in &w.refinements {
                    let key = ConflictKey::Refinement { workshop: w.id.clone(), commitment: r.commitment.clone() };
                    prop_assert!(kept(&merged, &key, &Version::Refinement(Box::new(r.clone()))));
                }
                for id in &w.selection {
                    prop_assert!(out.is_selected(id));
                }
                for s in &w.sign_ups {
                    prop_assert!(out.sign_ups.contains(s));
                }
            }
        }
    }

    #[test]
    fn resolutions_survive_merges_and_keep_the_laws(a in session(), b in session(), c in session(), pick in 0..2usize) {
        let mut merged = merge(&[a.clone(), b.clone()]).unwrap();
        if !merged.conflicts.is_empty() {
            let version = merged.conflicts[0].versions[pick % merged.conflicts[0].versions.len()].clone();
            cocreate::merge::resolve(&mut merged, 0, version.clone());
            let key = merged.conflicts[0].key.clone();
            let again = merge(&[merged.clone(), a.clone(), b.clone()]).unwrap();
            prop_assert_eq!(cocreate::merge::current(&again, &key), Some(version));
        }
        prop_assert_eq!(bytes(&merge(&[merged.clone(), c.clone()]).unwrap()), bytes(&merge(&[c, merged]).unwrap()));
    }
}

/// `resolutions_survive_merges_and_keep_the_laws` resolves a conflict only when the two
/// generated sessions have one: they often do, so its check is not skipped on every case.
#[test]
fn generated_pairs_often_conflict() {
    use proptest::strategy::ValueTree as _;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let conflicting = (0..200)
        .filter(|_| {
            let a = session().new_tree(&mut runner).unwrap().current();
            let b = session().new_tree(&mut runner).unwrap().current();
            !merge(&[a, b]).unwrap().conflicts.is_empty()
        })
        .count();
    assert!(conflicting >= 60, "{conflicting} of 200 pairs conflict");
}

fn example(name: &str) -> Session {
    cocreate::file::load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sessions")
            .join(name),
    )
    .unwrap()
}

#[test]
fn merging_the_three_example_workshops_adds_up() {
    let inputs = [
        "ontario-2016-central.ron",
        "ontario-2016-northern.ron",
        "ontario-2016-online.ron",
    ]
    .map(example);
    let merged = merge(&inputs).unwrap();
    cocreate::file::validate(&merged).unwrap();
    let summary = Summary::of(&merged);
    let sum = |f: fn(&Summary) -> usize| inputs.iter().map(|s| f(&Summary::of(s))).sum::<usize>();
    assert_eq!(summary.workshops, 3);
    assert_eq!(summary.groups, sum(|s| s.groups));
    assert_eq!(summary.placements, sum(|s| s.placements));
    assert_eq!(summary.refinements, sum(|s| s.refinements));
    assert_eq!(summary.sign_ups, sum(|s| s.sign_ups));
    assert_eq!(summary.selections, 10);
    assert_eq!(summary.selected_at_two_or_more, 3);
    assert_eq!(
        summary.conflicts, 0,
        "the same bundled list everywhere: nothing to disagree on"
    );
    assert_eq!(merged.commitments.len(), 15);
}

#[test]
fn two_copies_edited_apart_give_conflicts_not_overwrites() {
    let original = example("ontario-2016-central.ron");
    let mut alice = original.clone();
    let mut bob = original.clone();
    let w = &mut alice.workshops[0];
    let g = w.groups[1].id;
    w.place(g, "5", 9.5, 2.9);
    w.refinement_mut("1").objective = "Alice's objective".into();
    let w = &mut bob.workshops[0];
    w.place(g, "5", 1.0, 0.2);
    w.refinement_mut("1").objective = "Bob's objective".into();
    w.set_selected("9", true);
    bob.commitments[4].title = "Public tracker of what consultations changed".into();

    let merged = merge(&[alice.clone(), bob.clone()]).unwrap();
    let workshop = original.workshops[0].id.clone();
    let placement = ConflictKey::Placement {
        workshop: workshop.clone(),
        group: g,
        commitment: "5".into(),
    };
    // The three things edited apart, and nothing else.
    let mut keys: Vec<&ConflictKey> = merged.conflicts.iter().map(|c| &c.key).collect();
    keys.sort_by_key(|k| format!("{k:?}"));
    let refinement = ConflictKey::Refinement {
        workshop,
        commitment: "1".into(),
    };
    let commitment = ConflictKey::Commitment("5".into());
    let mut expected = vec![&commitment, &placement, &refinement];
    expected.sort_by_key(|k| format!("{k:?}"));
    assert_eq!(keys, expected);
    let both = merged
        .conflicts
        .iter()
        .find(|c| c.key == placement)
        .expect("placement conflict");
    // Both copies' placements are kept, neither overwritten.
    let version =
        |s: &Session| Version::Placement(s.workshops[0].placement(g, "5").unwrap().clone());
    assert_eq!(both.versions.len(), 2);
    assert!(
        both.versions.contains(&version(&alice)) && both.versions.contains(&version(&bob)),
        "{:?}",
        both.versions
    );
    assert!(
        merged.workshops[0].is_selected("9"),
        "a selection made in one copy comes through"
    );
    let lines: Vec<String> = merged
        .conflicts
        .iter()
        .map(|c| cocreate::merge::describe(c, &merged).to_string())
        .collect();
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.ends_with("placed commitment 5 in 2 different ways"))
            .count(),
        1,
        "{lines:?}"
    );
    // Merging in the other order gives the same bytes.
    assert_eq!(bytes(&merged), bytes(&merge(&[bob, alice]).unwrap()));
}

/// The central example: the base the generated conflicts are added to.
fn central() -> &'static Session {
    static CENTRAL: std::sync::OnceLock<Session> = std::sync::OnceLock::new();
    CENTRAL.get_or_init(|| example("ontario-2016-central.ron"))
}

/// Numbers a hand-edited file can hold: on the grid, off it, and not numbers at all.
fn number() -> impl Strategy<Value = f64> {
    prop::sample::select(vec![
        0.0,
        -0.0,
        1.5,
        3.0,
        10.0,
        11.0,
        -1.0,
        f64::NAN,
        f64::INFINITY,
    ])
}

/// A version of any kind, about ids that are in the file or not.
fn any_version() -> impl Strategy<Value = Version> {
    let id = || prop::sample::select(vec!["1", "2", "99", ""]);
    let text = prop::sample::select(vec!["", "Open data", "Release data"]);
    prop_oneof![
        (id(), text.clone()).prop_map(|(id, title)| Version::Commitment(Commitment {
            id: id.into(),
            title: title.into(),
            ..Default::default()
        })),
        text.clone().prop_map(
            |name| Version::WorkshopDetails(cocreate::model::WorkshopDetails {
                name: name.into(),
                ..Default::default()
            })
        ),
        (0..4u32, text.clone()).prop_map(|(id, name)| Version::Group(cocreate::model::Group {
            id,
            name: name.into()
        })),
        (0..4u32, id(), number(), number()).prop_map(|(group, c, d, a)| Version::Placement(
            Placement {
                group,
                commitment: c.into(),
                desirability: d,
                ambition: a,
                note: String::new(),
            }
        )),
        (id(), text).prop_map(|(c, objective)| Version::Refinement(Box::new(Refinement {
            commitment: c.into(),
            objective: objective.into(),
            ..Default::default()
        }))),
    ]
}

/// A conflict of any key kind — valid or not — over the central example's ids.
fn any_conflict() -> impl Strategy<Value = cocreate::model::Conflict> {
    let workshop = prop::sample::select(vec![
        central().workshops[0].id.clone(),
        "elsewhere".into(),
        String::new(),
    ]);
    let id = || prop::sample::select(vec!["1", "2", "99", ""]);
    let key = prop_oneof![
        id().prop_map(|c| ConflictKey::Commitment(c.into())),
        workshop.clone().prop_map(ConflictKey::WorkshopDetails),
        (workshop.clone(), 0..4u32)
            .prop_map(|(workshop, group)| ConflictKey::Group { workshop, group }),
        (workshop.clone(), 0..4u32, id()).prop_map(|(workshop, group, c)| ConflictKey::Placement {
            workshop,
            group,
            commitment: c.into()
        }),
        (workshop, id()).prop_map(|(workshop, c)| ConflictKey::Refinement {
            workshop,
            commitment: c.into()
        }),
        id().prop_map(|c| ConflictKey::Response(c.into())),
    ];
    let source = prop::sample::select(vec![
        cocreate::model::Source::File {
            file: "a.ron".into(),
            workshop: "Central".into(),
        },
        cocreate::model::Source::File {
            file: "alice/b.ron".into(),
            workshop: String::new(),
        },
        cocreate::model::Source::File {
            file: "/home/alice/b.ron".into(),
            workshop: String::new(),
        },
        cocreate::model::Source::File {
            file: String::new(),
            workshop: String::new(),
        },
        cocreate::model::Source::Edited,
    ]);
    key.prop_flat_map(move |key| {
        let version = prop_oneof![9 => version_for(&key), 1 => any_version()];
        (
            Just(key),
            prop::collection::vec(version, 0..4),
            prop::collection::vec(0..5usize, 0..3),
            any_version(),
            prop::collection::vec(prop::collection::vec(source.clone(), 0..3), 0..5),
            any::<bool>(),
        )
    })
    .prop_map(|(key, versions, picks, stray, sources, with_stray)| {
        // Resolutions mostly among the versions; sometimes one that is not.
        let mut resolutions: Vec<Version> = picks
            .iter()
            .filter_map(|i| versions.get(*i).cloned())
            .collect();
        if with_stray {
            resolutions.push(stray);
        }
        cocreate::model::Conflict {
            key,
            versions,
            resolutions,
            sources,
        }
    })
}

/// A version of the key's own kind, about the key's thing, with values that may be off
/// the grid.
fn version_for(key: &ConflictKey) -> BoxedStrategy<Version> {
    let text = prop::sample::select(vec!["", "Open data", "Release data"]);
    match key.clone() {
        ConflictKey::Commitment(id) => text
            .prop_map(move |title| {
                Version::Commitment(Commitment {
                    id: id.clone(),
                    title: title.into(),
                    ..Default::default()
                })
            })
            .boxed(),
        ConflictKey::WorkshopDetails(_) => text
            .prop_map(|name| {
                Version::WorkshopDetails(cocreate::model::WorkshopDetails {
                    name: name.into(),
                    ..Default::default()
                })
            })
            .boxed(),
        ConflictKey::Group { group, .. } => text
            .prop_map(move |name| {
                Version::Group(cocreate::model::Group {
                    id: group,
                    name: name.into(),
                })
            })
            .boxed(),
        ConflictKey::Placement {
            group, commitment, ..
        } => {
            // Mostly on the grid, so that valid conflicts of two or more versions come up.
            let value =
                || prop_oneof![3 => prop::sample::select(vec![0.0, 1.5, 2.0, 3.0]), 1 => number()];
            (value(), value(), text)
                .prop_map(move |(d, a, note)| {
                    Version::Placement(Placement {
                        group,
                        commitment: commitment.clone(),
                        desirability: d,
                        ambition: a,
                        note: note.into(),
                    })
                })
                .boxed()
        }
        ConflictKey::Refinement { commitment, .. } => text
            .prop_map(move |objective| {
                Version::Refinement(Box::new(Refinement {
                    commitment: commitment.clone(),
                    objective: objective.into(),
                    ..Default::default()
                }))
            })
            .boxed(),
        ConflictKey::Response(commitment) => (
            text,
            prop::sample::select(vec![
                cocreate::model::Outcome::Selected,
                cocreate::model::Outcome::Deferred,
                cocreate::model::Outcome::MergedInto("2".into()),
                cocreate::model::Outcome::MergedInto(commitment.clone()),
            ]),
        )
            .prop_map(move |(reason, outcome)| {
                Version::Response(cocreate::model::Response {
                    commitment: commitment.clone(),
                    outcome,
                    reason: reason.into(),
                    criteria: Vec::new(),
                })
            })
            .boxed(),
    }
}

/// A conflict that validates: the central workshop's placement of commitment 1 by its first
/// group, in two versions.
fn a_valid_conflict() -> cocreate::model::Conflict {
    let w = &central().workshops[0];
    let p = w.placements.iter().find(|p| p.commitment == "1").unwrap();
    let mut other = p.clone();
    other.desirability = if p.desirability > 5.0 { 1.0 } else { 9.0 };
    cocreate::model::Conflict {
        key: ConflictKey::Placement {
            workshop: w.id.clone(),
            group: p.group,
            commitment: "1".into(),
        },
        versions: vec![Version::Placement(p.clone()), Version::Placement(other)],
        resolutions: Vec::new(),
        sources: Vec::new(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Whatever `validate` accepts, merging does not panic and gives a valid session —
    /// alone, named, and with another file.
    #[test]
    fn what_validate_accepts_merges_into_a_valid_session(
        conflicts in prop::collection::vec(any_conflict(), 0..4),
        valid_too in any::<bool>(),
    ) {
        let mut session = central().clone();
        session.conflicts = conflicts;
        if valid_too {
            session.conflicts.push(a_valid_conflict());
        }
        if cocreate::file::validate(&session).is_ok() {
            let alone = merge(std::slice::from_ref(&session)).unwrap();
            prop_assert_eq!(cocreate::file::validate(&alone), Ok(()));
            let named = cocreate::merge::merge_named(&[
                ("x.ron".into(), session.clone()),
                ("central.ron".into(), central().clone()),
            ]).unwrap();
            prop_assert_eq!(cocreate::file::validate(&named), Ok(()));
            // And it saves and loads again, as itself.
            let text = to_ron(&named).unwrap();
            prop_assert_eq!(cocreate::file::parse(text.as_bytes()).map_err(|(_, e)| e.to_string()), Ok(named));
        }
    }

    #[test]
    fn named_merges_do_not_depend_on_input_order_and_merge_again_to_themselves(
        a in session(),
        b in session(),
        na in prop::sample::select(vec!["a.ron", "alice/c.ron", "b.ron"]),
        nb in prop::sample::select(vec!["b.ron", "bob/c.ron"]),
    ) {
        let (a, b) = ((na.to_owned(), a), (nb.to_owned(), b));
        let named = |inputs: &[(String, Session)]| bytes(&cocreate::merge::merge_named(inputs).unwrap());
        let once = cocreate::merge::merge_named(&[a.clone(), b.clone()]).unwrap();
        prop_assert_eq!(named(&[b.clone(), a.clone()]), bytes(&once));
        prop_assert_eq!(named(&[a.clone(), a.clone()]), named(std::slice::from_ref(&a)));
        prop_assert_eq!(named(&[("m.ron".into(), once.clone()), b.clone()]), bytes(&once));
        prop_assert_eq!(named(&[("m.ron".into(), once.clone()), a, b]), bytes(&once));
        for c in &once.conflicts {
            prop_assert_eq!(c.sources.len(), c.versions.len(), "every version has its source");
        }
    }
}

#[test]
fn validate_refuses_conflicts_the_merge_could_not_use() {
    let mut session = central().clone();
    session.conflicts = vec![a_valid_conflict()];
    assert_eq!(cocreate::file::validate(&session), Ok(()));
    /// What the message says, and how the conflict is broken.
    type Case = (&'static str, fn(&mut cocreate::model::Conflict));
    let cases: [Case; 7] = [
        ("it has no version", |c| c.versions.clear()),
        ("not of what the conflict is about", |c| {
            c.versions[1] = Version::Group(Default::default())
        }),
        ("outside 0–10", |c| {
            if let Version::Placement(p) = &mut c.versions[1] {
                p.desirability = f64::NAN;
            }
        }),
        ("a resolution is not one of its versions", |c| {
            let mut other = c.versions[0].clone();
            if let Version::Placement(p) = &mut other {
                p.ambition = 0.25;
            }
            c.resolutions = vec![other];
        }),
        ("2 versions but sources for 1", |c| {
            c.sources = vec![Vec::new()]
        }),
        ("is empty or a path", |c| {
            c.sources = vec![
                vec![cocreate::model::Source::File {
                    file: "/home/alice/central.ron".into(),
                    workshop: String::new(),
                }],
                Vec::new(),
            ]
        }),
        ("workshop \"elsewhere\"", |c| {
            if let ConflictKey::Placement { workshop, .. } = &mut c.key {
                *workshop = "elsewhere".into();
            }
        }),
    ];
    for (message, break_it) in cases {
        let mut broken = session.clone();
        break_it(&mut broken.conflicts[0]);
        let error = cocreate::file::validate(&broken)
            .expect_err(message)
            .to_string();
        assert!(
            error.contains("conflict 1") && error.contains(message),
            "{message}: {error}"
        );
    }
}

/// The generator behind `what_validate_accepts_merges_into_a_valid_session` gives conflicts
/// of every key kind that `validate` accepts and others it refuses: the property is not
/// checked on refused files only.
#[test]
fn the_conflict_generator_covers_accepted_and_refused_conflicts_of_every_kind() {
    use proptest::strategy::ValueTree as _;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..6000 {
        let conflict = any_conflict().new_tree(&mut runner).unwrap().current();
        let kind = format!("{:?}", conflict.key)
            .split(['(', ' '])
            .next()
            .unwrap()
            .to_owned();
        let mut session = central().clone();
        session.conflicts = vec![conflict];
        seen.insert((kind, cocreate::file::validate(&session).is_ok()));
    }
    assert_eq!(seen.len(), 12, "{seen:?}");
}

/// A generated session with conflicts over its own ids — of every kind, with resolutions,
/// versions that differ from what the session holds, groups the workshop no longer has —
/// keeping each conflict only if `check` (`validate`) accepts the session with it. These
/// are the files a hand edit or an old merge can make, not only the window's shapes.
fn checked_session() -> impl Strategy<Value = Session> {
    session().prop_flat_map(|mut s| {
        // Every commitment a workshop refers to is in the file, as `check` requires.
        for w in s.workshops.clone() {
            let referenced = w
                .placements
                .iter()
                .map(|p| p.commitment.clone())
                .chain(w.selection.clone())
                .chain(w.refinements.iter().map(|r| r.commitment.clone()))
                .chain(w.sign_ups.iter().map(|x| x.commitment.clone()));
            for id in referenced {
                if s.commitment(&id).is_none() {
                    s.commitments.push(Commitment {
                        id,
                        title: "Open data".into(),
                        ..Default::default()
                    });
                }
            }
        }
        let commitments: Vec<String> = s.commitments.iter().map(|c| c.id.clone()).collect();
        let workshops: Vec<String> = s.workshops.iter().map(|w| w.id.clone()).collect();
        let pick = |ids: &Vec<String>| {
            let ids = if ids.is_empty() {
                vec!["1".to_owned()]
            } else {
                ids.clone()
            };
            prop::sample::select(ids)
        };
        let key = prop_oneof![
            pick(&commitments).prop_map(ConflictKey::Commitment),
            pick(&workshops).prop_map(ConflictKey::WorkshopDetails),
            (pick(&workshops), 1..5u32)
                .prop_map(|(workshop, group)| ConflictKey::Group { workshop, group }),
            (pick(&workshops), 1..5u32, pick(&commitments)).prop_map(
                |(workshop, group, commitment)| ConflictKey::Placement {
                    workshop,
                    group,
                    commitment
                }
            ),
            (pick(&workshops), pick(&commitments)).prop_map(|(workshop, commitment)| {
                ConflictKey::Refinement {
                    workshop,
                    commitment,
                }
            }),
        ];
        let conflict = key.prop_flat_map(|key| {
            (
                Just(key.clone()),
                prop::collection::vec(version_for(&key), 1..4),
                prop::collection::vec(0..4usize, 0..3),
            )
        });
        (Just(s), prop::collection::vec(conflict, 0..4)).prop_map(|(mut s, conflicts)| {
            for (key, versions, picks) in conflicts {
                let resolutions = picks
                    .iter()
                    .filter_map(|i| versions.get(*i).cloned())
                    .collect();
                s.conflicts.push(cocreate::model::Conflict {
                    key,
                    versions,
                    resolutions,
                    sources: Vec::new(),
                });
                if cocreate::file::validate(&s).is_err() {
                    s.conflicts.pop();
                }
            }
            s
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The merge laws hold, byte for byte, for every session `check` accepts — conflicts
    /// and resolutions included. (For `merge` without names: `merge_named` records where
    /// each version came from, so a file merged in steps names the intermediate file.)
    #[test]
    fn the_laws_hold_for_every_checked_session(
        a in checked_session(),
        b in checked_session(),
        c in checked_session(),
    ) {
        for s in [&a, &b, &c] {
            prop_assert_eq!(cocreate::file::validate(s), Ok(()));
        }
        let ab = merge(&[a.clone(), b.clone()]).unwrap();
        prop_assert_eq!(cocreate::file::validate(&ab), Ok(()));
        prop_assert_eq!(bytes(&ab), bytes(&merge(&[b.clone(), a.clone()]).unwrap()), "commutative");
        let all = bytes(&merge(&[a.clone(), b.clone(), c.clone()]).unwrap());
        prop_assert_eq!(&bytes(&merge(&[ab.clone(), c.clone()]).unwrap()), &all, "associative");
        prop_assert_eq!(
            &bytes(&merge(&[a.clone(), merge(&[b.clone(), c.clone()]).unwrap()]).unwrap()),
            &all,
            "associative"
        );
        let one = merge(std::slice::from_ref(&a)).unwrap();
        prop_assert_eq!(
            &bytes(&merge(&[one.clone(), b.clone()]).unwrap()),
            &bytes(&ab),
            "merging a file alone first changes nothing"
        );
        prop_assert_eq!(bytes(&merge(&[a.clone(), a.clone()]).unwrap()), bytes(&one), "idempotent");
        prop_assert_eq!(bytes(&merge(std::slice::from_ref(&one)).unwrap()), bytes(&one), "idempotent");
        prop_assert_eq!(bytes(&merge(&[ab.clone(), ab.clone()]).unwrap()), bytes(&ab), "idempotent");
    }
}

/// The generator above gives checked sessions with conflicts of every kind, resolved ones
/// among them: the laws are not checked on conflict-free files only.
#[test]
fn checked_sessions_hold_conflicts_of_every_kind_and_resolutions() {
    use proptest::strategy::ValueTree as _;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut kinds = std::collections::BTreeSet::new();
    let mut resolved = 0;
    for _ in 0..600 {
        let s = checked_session().new_tree(&mut runner).unwrap().current();
        for c in &s.conflicts {
            kinds.insert(
                format!("{:?}", c.key)
                    .split(['(', ' '])
                    .next()
                    .unwrap()
                    .to_owned(),
            );
            resolved += usize::from(!c.resolutions.is_empty());
        }
    }
    assert_eq!(kinds.len(), 5, "{kinds:?}");
    assert!(resolved > 10, "{resolved}");
}

/// Issue 12, each a hand-written file `check` used to accept, refused now by `validate`:
/// a NaN version (it doubled at every self-merge), a NaN resolution, a conflict of one
/// version with a resolution (merging in steps differed), a version whose payload is
/// about another thing or of another kind, and a version twice.
#[test]
fn what_would_break_the_laws_is_refused() {
    let mut session = central().clone();
    session.conflicts = vec![a_valid_conflict()];
    assert_eq!(cocreate::file::validate(&session), Ok(()));
    type Case = (&'static str, fn(&mut cocreate::model::Conflict));
    let cases: [Case; 7] = [
        ("outside 0–10", |c| {
            if let Version::Placement(p) = &mut c.versions[0] {
                p.desirability = f64::NAN;
            }
        }),
        ("outside 0–3", |c| {
            let mut nan = c.versions[0].clone();
            if let Version::Placement(p) = &mut nan {
                p.ambition = f64::NAN;
            }
            c.resolutions = vec![nan];
        }),
        ("only one version", |c| {
            c.versions.truncate(1);
            c.resolutions = c.versions.clone();
        }),
        ("not of what the conflict is about", |c| {
            if let Version::Placement(p) = &mut c.versions[1] {
                p.commitment = "2".into();
            }
        }),
        ("not of what the conflict is about", |c| {
            c.versions[1] = Version::Commitment(Default::default());
        }),
        ("appears twice", |c| {
            let first = c.versions[0].clone();
            c.versions.push(first);
        }),
        ("appears twice", |c| {
            // -0.0 and 0.0 are one version.
            let mut zero = c.versions[0].clone();
            let mut minus = c.versions[0].clone();
            if let (Version::Placement(z), Version::Placement(m)) = (&mut zero, &mut minus) {
                z.ambition = 0.0;
                m.ambition = -0.0;
            }
            c.versions = vec![zero, minus, c.versions[1].clone()];
        }),
    ];
    for (message, break_it) in cases {
        let mut broken = session.clone();
        break_it(&mut broken.conflicts[0]);
        let error = cocreate::file::validate(&broken)
            .expect_err(message)
            .to_string();
        assert!(
            error.contains("conflict 1") && error.contains(message),
            "{message}: {error}"
        );
    }
}
