//! The CPU cost of one whole frame of the real app (headless egui, no GPU): the Compare
//! view (every group's points, medians, spreads, the sortable table) for a real workshop
//! (15 commitments x 4 groups) and a stress event (200 x 40), beside an empty egui frame
//! and a bare egui_plot with the same number of points, in the same run. Each frame is
//! laid out and tessellated. Figures: BENCHMARKS.md.

use std::hint::black_box;

use cocreate::app::{App, AppState, View};
use cocreate::demo::{bundled_commitments, generate, synthetic_commitments};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;

const SIZE: [f32; 2] = [1280.0, 800.0];

fn tessellate<S>(h: &Harness<'_, S>) -> usize {
    let out = h.output();
    h.ctx
        .tessellate(out.shapes.clone(), out.pixels_per_point)
        .len()
}

fn app(commitments: usize, groups: usize) -> Harness<'static, App> {
    let list = if commitments == 15 {
        bundled_commitments()
    } else {
        synthetic_commitments(commitments)
    };
    let mut state = AppState::new(generate(list, groups, 1), None);
    state.view = View::Compare;
    let mut h = Harness::builder().with_size(SIZE).build_eframe(move |cc| {
        cocreate::app::setup_style(&cc.egui_ctx);
        App::new(state)
    });
    h.run_steps(3);
    h
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    for (commitments, groups) in [(15usize, 4usize), (200, 40)] {
        let points = commitments * groups;
        let name = format!("{commitments}x{groups}");

        let mut h = app(commitments, groups);
        group.bench_function(BenchmarkId::new("app_compare_view", &name), |b| {
            b.iter(|| {
                h.step();
                black_box(tessellate(&h))
            })
        });

        let data: Vec<[f64; 2]> = (0..points)
            .map(|i| [(i % 31) as f64 / 10.0, (i % 101) as f64 / 10.0])
            .collect();
        let mut plot = Harness::builder().with_size(SIZE).build_ui(move |ui| {
            egui_plot::Plot::new("bare").show(ui, |p| {
                p.points(egui_plot::Points::new("", data.clone()).radius(5.0));
            });
        });
        group.bench_function(BenchmarkId::new("bare_plot", &name), |b| {
            b.iter(|| {
                plot.step();
                black_box(tessellate(&plot))
            })
        });
    }
    let mut empty = Harness::builder().with_size(SIZE).build_ui(|ui| {
        ui.label("");
    });
    group.bench_function("empty_frame", |b| {
        b.iter(|| {
            empty.step();
            black_box(tessellate(&empty))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
