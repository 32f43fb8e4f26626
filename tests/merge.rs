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
        prop_assert_eq!(bytes(&merge(&[a.clone(), b.clone()])), bytes(&merge(&[b, a])));
    }

    #[test]
    fn merge_is_idempotent(a in session(), b in session()) {
        let once = merge(&[a.clone(), b.clone()]);
        prop_assert_eq!(bytes(&merge(&[a.clone(), a.clone()])), bytes(&merge(std::slice::from_ref(&a))));
        prop_assert_eq!(bytes(&merge(&[once.clone(), b])), bytes(&once));
        prop_assert_eq!(bytes(&merge(std::slice::from_ref(&once))), bytes(&once));
    }

    #[test]
    fn merge_is_associative(a in session(), b in session(), c in session()) {
        let all = bytes(&merge(&[a.clone(), b.clone(), c.clone()]));
        prop_assert_eq!(&bytes(&merge(&[merge(&[a.clone(), b.clone()]), c.clone()])), &all);
        prop_assert_eq!(&bytes(&merge(&[a, merge(&[b, c])])), &all);
    }

    #[test]
    fn merge_keeps_everything_with_its_provenance(inputs in prop::collection::vec(session(), 1..4)) {
        let merged = merge(&inputs);
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
        let mut merged = merge(&[a.clone(), b.clone()]);
        if !merged.conflicts.is_empty() {
            let version = merged.conflicts[0].versions[pick % merged.conflicts[0].versions.len()].clone();
            cocreate::merge::resolve(&mut merged, 0, version.clone());
            let key = merged.conflicts[0].key.clone();
            let again = merge(&[merged.clone(), a.clone(), b.clone()]);
            prop_assert_eq!(cocreate::merge::current(&again, &key), Some(version));
        }
        prop_assert_eq!(bytes(&merge(&[merged.clone(), c.clone()])), bytes(&merge(&[c, merged])));
    }
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
    let merged = merge(&inputs);
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

    let merged = merge(&[alice.clone(), bob.clone()]);
    let keys: Vec<&ConflictKey> = merged.conflicts.iter().map(|c| &c.key).collect();
    assert_eq!(merged.conflicts.len(), 3, "{keys:?}");
    assert!(keys.contains(&&ConflictKey::Commitment("5".into())));
    let placement = ConflictKey::Placement {
        workshop: original.workshops[0].id.clone(),
        group: g,
        commitment: "5".into(),
    };
    let both = merged
        .conflicts
        .iter()
        .find(|c| c.key == placement)
        .expect("placement conflict");
    assert_eq!(both.versions.len(), 2);
    assert!(
        merged.workshops[0].is_selected("9"),
        "a selection made in one copy comes through"
    );
    let lines: Vec<String> = merged
        .conflicts
        .iter()
        .map(|c| cocreate::merge::describe(c, &merged))
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("placed commitment 5 in 2 different ways")),
        "{lines:?}"
    );
    // Merging in the other order gives the same bytes.
    assert_eq!(bytes(&merged), bytes(&merge(&[bob, alice])));
}
