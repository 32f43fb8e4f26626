//! Load and save of the stress session (200 commitments x 40 groups = 8,000 placements)
//! and of sessions 2x, 4x and 8x as large, to show the growth is linear; and merges of
//! 5, 10, 20, 40 demo files. Figures: BENCHMARKS.md.

use std::hint::black_box;

use cocreate::demo::{generate, synthetic_commitments};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

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
            b.iter(|| cocreate::merge::merge(black_box(s)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
