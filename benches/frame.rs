//! The CPU cost of one whole frame of the real app (headless egui, no GPU): the Compare
//! view (every group's points, medians, spreads, the sortable table) for a real workshop
//! (15 commitments x 4 groups) and a stress event (200 x 40), and the same in presenter
//! mode (what the wall shows: grid, legend, timer, no table), beside an empty egui frame
//! and a bare egui_plot with the same number of points, in the same run. Each frame is
//! laid out and tessellated, on a plain `egui::Context` as the window runs it (AccessKit
//! off, as it is unless a screen reader asks). Figures: BENCHMARKS.md.

use std::hint::black_box;

use cocreate::app::{App, AppState, View};
use cocreate::demo::{bundled_commitments, generate, synthetic_commitments};
use cocreate::ui::grid::{GridInput, GridMode, grid_ui};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

const SIZE: egui::Vec2 = egui::vec2(1280.0, 800.0);

/// One frame, laid out and tessellated; returns the number of meshes (kept alive).
fn frame(ctx: &egui::Context, ui: impl FnMut(&mut egui::Ui)) -> usize {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SIZE)),
        ..Default::default()
    };
    let out = ctx.run_ui(input, ui);
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

fn app(commitments: usize, groups: usize, presenting: bool) -> (egui::Context, App) {
    let list = if commitments == 15 {
        bundled_commitments()
    } else {
        synthetic_commitments(commitments)
    };
    let mut state = AppState::new(generate(list, groups, 1), None);
    state.view = View::Compare;
    state.presenting = presenting;
    let ctx = egui::Context::default();
    cocreate::app::setup_style(&ctx);
    let mut app = App::new(state);
    for _ in 0..3 {
        frame(&ctx, |ui| app.frame_ui(ui));
    }
    (ctx, app)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    for (commitments, groups) in [(15usize, 4usize), (200, 40)] {
        let points = commitments * groups;
        let name = format!("{commitments}x{groups}");

        let (ctx, mut compare) = app(commitments, groups, false);
        group.bench_function(BenchmarkId::new("app_compare_view", &name), |b| {
            b.iter(|| black_box(frame(&ctx, |ui| compare.frame_ui(ui))))
        });

        // What the room sees on the wall: presenter mode, all groups, no table.
        let (ctx, mut presenter) = app(commitments, groups, true);
        group.bench_function(BenchmarkId::new("app_presenter_view", &name), |b| {
            b.iter(|| black_box(frame(&ctx, |ui| presenter.frame_ui(ui))))
        });

        // The grid alone (points, spokes, boxes, medians, labels), without the table and
        // the rest of the window: what the app's plot adds over a bare plot.
        let grid = egui::Context::default();
        cocreate::app::setup_style(&grid);
        let session = compare.state.session.clone();
        let workshop = &session.workshops[0];
        let aggregates = cocreate::stats::aggregates(
            session.commitments.iter().map(|c| c.id.as_str()),
            &[workshop],
        );
        let mut grid_only = |ui: &mut egui::Ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                let input = GridInput {
                    commitments: &session.commitments,
                    workshop,
                    aggregates: &aggregates,
                    mode: GridMode::AllGroups,
                    focus: None,
                    dragging: None,
                    version: 1,
                };
                grid_ui(ui, &input);
            });
        };
        for _ in 0..3 {
            frame(&grid, &mut grid_only);
        }
        group.bench_function(BenchmarkId::new("app_grid_only", &name), |b| {
            b.iter(|| black_box(frame(&grid, &mut grid_only)))
        });

        let data: Vec<[f64; 2]> = (0..points)
            .map(|i| [(i % 31) as f64 / 10.0, (i % 101) as f64 / 10.0])
            .collect();
        let plot = egui::Context::default();
        let mut bare = |ui: &mut egui::Ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                egui_plot::Plot::new("bare").show(ui, |p| {
                    p.points(egui_plot::Points::new("", data.clone()).radius(5.0));
                });
            });
        };
        for _ in 0..3 {
            frame(&plot, &mut bare);
        }
        group.bench_function(BenchmarkId::new("bare_plot", &name), |b| {
            b.iter(|| black_box(frame(&plot, &mut bare)))
        });
    }
    let empty = egui::Context::default();
    group.bench_function("empty_frame", |b| {
        b.iter(|| {
            black_box(frame(&empty, |ui| {
                ui.label("");
            }))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
