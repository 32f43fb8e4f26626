//! Load and save of the stress session (200 commitments x 40 groups = 8,000 placements)
//! and of sessions 2x, 4x and 8x as large, to show the growth is linear; and merges of
//! 5, 10, 20, 40 demo files. Then the hostile shapes of issue 12 at 1x, 2x, 4x and 8x —
//! one conflict with many versions, many workshops, many groups, a demo of many ideas x 8
//! groups — each checked (parse + validate), merged with itself and reported (Markdown +
//! grid SVG). Figures: BENCHMARKS.md.

use std::hint::black_box;

use cocreate::demo::{generate, synthetic_commitments};
use cocreate::model::{
    Commitment, Conflict, ConflictKey, Group, Placement, Session, Version, Workshop,
};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// One commitment placed by one group, and one conflict of `n` versions of that placement
/// (each with its own note).
fn one_conflict(n: usize) -> Session {
    let mut session = one_workshop_of_groups(1);
    session.conflicts.push(Conflict {
        key: ConflictKey::Placement {
            workshop: "ws".into(),
            group: 1,
            commitment: "1".into(),
        },
        versions: (0..n)
            .map(|i| {
                Version::Placement(Placement {
                    group: 1,
                    commitment: "1".into(),
                    desirability: 5.0,
                    ambition: 1.0,
                    note: format!("version {i}"),
                })
            })
            .collect(),
        resolutions: Vec::new(),
        sources: Vec::new(),
    });
    session
}

/// `n` workshops of one group each, each placing the one commitment.
fn many_workshops(n: usize) -> Session {
    let mut session = one_workshop_of_groups(1);
    let template = session.workshops.pop().unwrap();
    session.workshops = (0..n)
        .map(|i| {
            let mut w = Workshop {
                id: format!("ws-{i}"),
                ..template.clone()
            };
            w.details.name = format!("Workshop {i}");
            w
        })
        .collect();
    session
}

/// One workshop of `n` groups, each placing the one commitment somewhere else.
fn one_workshop_of_groups(n: usize) -> Session {
    let mut workshop = Workshop::new("ws".into(), "Workshop");
    for i in 0..n as u32 {
        workshop.groups.push(Group {
            id: i + 1,
            name: format!("Group {}", i + 1),
        });
        workshop.placements.push(Placement {
            group: i + 1,
            commitment: "1".into(),
            desirability: f64::from(i % 101) / 10.0,
            ambition: f64::from(i % 61) / 20.0,
            note: String::new(),
        });
    }
    Session {
        commitments: vec![Commitment {
            id: "1".into(),
            title: "Open data".into(),
            ..Default::default()
        }],
        workshops: vec![workshop],
        ..Default::default()
    }
}

/// Check, merge with itself, and report, for a shape at 1x, 2x, 4x, 8x of `base`.
fn hostile(c: &mut Criterion, name: &str, base: usize, make: fn(usize) -> Session) {
    let mut group = c.benchmark_group(format!("hostile/{name}"));
    group.sample_size(10);
    group.warm_up_time(std::time::Duration::from_millis(500));
    group.measurement_time(std::time::Duration::from_secs(2));
    for scale in [1usize, 2, 4, 8] {
        let n = base * scale;
        let session = make(n);
        let text = cocreate::file::to_ron(&session).unwrap();
        assert!(cocreate::file::parse(text.as_bytes()).is_ok(), "{name} {n}");
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("check", n), &text, |b, t| {
            b.iter(|| cocreate::file::parse(black_box(t.as_bytes())).unwrap())
        });
        let pair = [session.clone(), session.clone()];
        group.bench_with_input(BenchmarkId::new("merge", n), &pair, |b, s| {
            b.iter(|| cocreate::merge::merge(black_box(s)).unwrap())
        });
        let options = cocreate::report::MarkdownOptions::default();
        group.bench_with_input(BenchmarkId::new("report", n), &session, |b, s| {
            b.iter(|| {
                (
                    cocreate::report::markdown(black_box(s), &options),
                    cocreate::report::grid_svg(s),
                )
            })
        });
    }
    group.finish();
}

/// The hostile shapes, sized so the whole set runs in a few minutes on two cores.
fn hostile_shapes(c: &mut Criterion) {
    hostile(c, "conflict-versions", 5_000, one_conflict);
    hostile(c, "workshops", 2_500, many_workshops);
    hostile(c, "groups", 5_000, one_workshop_of_groups);
    hostile(c, "demo-ideas-x8-groups", 500, |n| {
        generate(synthetic_commitments(n), 8, 1)
    });
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("files");
    group.sample_size(10);
    for scale in [1usize, 2, 4, 8] {
        let session = generate(synthetic_commitments(200 * scale), 40, 1);
        let text = cocreate::file::to_ron(&session).unwrap();
        let placements = (200 * scale * 40) as u64;
        group.throughput(Throughput::Elements(placements));
        group.bench_with_input(BenchmarkId::new("load", scale), &text, |b, t| {
            b.iter(|| cocreate::file::parse(black_box(t.as_bytes())).unwrap())
        });
        let path = dir.path().join(format!("stress-{scale}.ron"));
        group.bench_with_input(BenchmarkId::new("save", scale), &session, |b, s| {
            b.iter(|| cocreate::file::save(black_box(s), &path).unwrap())
        });
    }
    for files in [5u64, 10, 20, 40] {
        let sessions: Vec<_> = (1..=files)
            .map(|seed| generate(synthetic_commitments(100), 40, seed))
            .collect();
        group.throughput(Throughput::Elements(files * 4000));
        group.bench_with_input(BenchmarkId::new("merge", files), &sessions, |b, s| {
            b.iter(|| cocreate::merge::merge(black_box(s)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench, hostile_shapes);
criterion_main!(benches);
