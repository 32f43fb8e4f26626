//! Merge beside parse: the session files of an event of `n` workshops, each
//! `cocreate demo --ideas 100 --groups 40 --seed k`, parsed alone, and merged once parsed.
//! The merge should cost no more than the parse of the same files (issue: "at most as much
//! again"). Figures and how to reproduce them: BENCHMARKS.md.

use std::hint::black_box;

use cocreate::demo::{generate, synthetic_commitments};
use cocreate::model::Session;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn files(n: u64) -> Vec<String> {
    (1..=n)
        .map(|seed| {
            cocreate::file::to_ron(&generate(synthetic_commitments(100), 40, seed))
                .expect("serializes")
        })
        .collect()
}

fn parse_all(texts: &[String]) -> Vec<Session> {
    texts
        .iter()
        .map(|t| cocreate::file::parse(t.as_bytes()).expect("demo files are valid"))
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("event");
    group.sample_size(10);
    for n in [20u64, 50] {
        let texts = files(n);
        let sessions = parse_all(&texts);
        group.bench_with_input(BenchmarkId::new("parse", n), &texts, |b, t| {
            b.iter(|| parse_all(black_box(t)))
        });
        group.bench_with_input(BenchmarkId::new("merge", n), &sessions, |b, s| {
            b.iter(|| cocreate::merge::merge(black_box(s)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
