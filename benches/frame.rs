//! The CPU cost of one whole frame of the real app (headless egui, no GPU): the Compare
//! view (every group's points, medians, spreads, the sortable table) for a real workshop
//! (15 commitments x 4 groups) and a stress event (200 x 40), and the same in presenter
//! mode (what the wall shows: grid, legend, timer, no table), beside an empty egui frame
//! and a bare egui_plot with the same number of points, in the same run. Each frame is
//! laid out and tessellated, on a plain `egui::Context` as the window runs it (AccessKit
//! off, as it is unless a screen reader asks). Figures: BENCHMARKS.md.
//!
//! After criterion's figures, the same cases are timed once more interleaved: short
//! batches of each case in turn, many rounds, so that a busy machine slows every case
//! alike and the ratios to the bare plot hold (`cargo bench --bench frame -- interleaved`
//! runs only these; any other argument leaves them out).

use std::hint::black_box;
use std::time::Instant;

use cocreate::app::{AppState, View};
use cocreate::demo::{bundled_commitments, generate, synthetic_commitments};
use cocreate::shell::App;
use cocreate::ui::grid::{GridInput, GridMode, grid_ui};
use criterion::{BenchmarkId, Criterion};

const SIZE: egui::Vec2 = egui::vec2(1280.0, 800.0);

/// The workshop and the stress event: (commitments, groups).
const SIZES: [(usize, usize); 2] = [(15, 4), (200, 40)];

/// One frame, laid out and tessellated; returns the number of meshes (kept alive).
fn frame(ctx: &egui::Context, ui: impl FnMut(&mut egui::Ui)) -> usize {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SIZE)),
        ..Default::default()
    };
    let mut out = ctx.run_ui(input, ui);
    // No renderer takes the font texture's updates here.
    out.textures_delta.clear();
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

/// A thing to draw, on its own context.
struct Case {
    name: &'static str,
    ctx: egui::Context,
    ui: Box<dyn FnMut(&mut egui::Ui)>,
}

impl Case {
    /// Warmed up: the first frames lay out text and fill caches.
    fn new(name: &'static str, ctx: egui::Context, ui: Box<dyn FnMut(&mut egui::Ui)>) -> Self {
        let mut case = Self { name, ctx, ui };
        for _ in 0..3 {
            case.frame();
        }
        case
    }

    fn frame(&mut self) -> usize {
        frame(&self.ctx, &mut self.ui)
    }
}

fn app(commitments: usize, groups: usize, presenting: bool) -> (egui::Context, App) {
    let list = if commitments == 15 {
        bundled_commitments()
    } else {
        synthetic_commitments(commitments)
    };
    let mut state = AppState::new(generate(list, groups, 1), None);
    state.window.view = View::Compare;
    state.window.presenting = presenting;
    let ctx = egui::Context::default();
    cocreate::ui::theme::setup_style(&ctx);
    (ctx, App::new(state))
}

/// The cases of one size; the bare plot last.
fn cases(commitments: usize, groups: usize) -> Vec<Case> {
    let (ctx, mut compare) = app(commitments, groups, false);
    let session = compare.state.session().clone();
    let compare_view = Case::new(
        "app_compare_view",
        ctx,
        Box::new(move |ui| compare.frame_ui(ui)),
    );

    // What the room sees on the wall: presenter mode, all groups, no table.
    let (ctx, mut presenter) = app(commitments, groups, true);
    let presenter_view = Case::new(
        "app_presenter_view",
        ctx,
        Box::new(move |ui| presenter.frame_ui(ui)),
    );

    // The grid alone (points, spokes, boxes, medians, labels), without the table and the
    // rest of the window: what the app's plot adds over a bare plot.
    let grid = egui::Context::default();
    cocreate::ui::theme::setup_style(&grid);
    let aggregates = cocreate::stats::aggregates(
        session.commitments.iter().map(|c| c.id.as_str()),
        &[&session.workshops[0]],
    );
    let grid_only = Case::new(
        "app_grid_only",
        grid,
        Box::new(move |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                let input = GridInput {
                    commitments: &session.commitments,
                    workshop: &session.workshops[0],
                    scale: session.ambition_scale,
                    aggregates: &aggregates,
                    mode: GridMode::AllGroups,
                    focus: None,
                    dragging: None,
                    version: 1,
                };
                grid_ui(ui, &input);
            });
        }),
    );

    let data: Vec<[f64; 2]> = (0..commitments * groups)
        .map(|i| [(i % 31) as f64 / 10.0, (i % 101) as f64 / 10.0])
        .collect();
    let bare_plot = Case::new(
        "bare_plot",
        egui::Context::default(),
        Box::new(move |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                egui_plot::Plot::new("bare").show(ui, |p| {
                    p.points(egui_plot::Points::new("", data.clone()).radius(5.0));
                });
            });
        }),
    );
    vec![compare_view, presenter_view, grid_only, bare_plot]
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    for (commitments, groups) in SIZES {
        let name = format!("{commitments}x{groups}");
        for mut case in cases(commitments, groups) {
            group.bench_function(BenchmarkId::new(case.name, &name), |b| {
                b.iter(|| black_box(case.frame()))
            });
        }
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

/// Each case's median time per frame over `rounds` rounds of `batch` frames of each case
/// in turn, and its ratio to the bare plot's.
fn interleaved() {
    println!("\ninterleaved (median of rounds; ratio to the bare plot in the same rounds)");
    for (commitments, groups) in SIZES {
        let mut cases = cases(commitments, groups);
        let (batch, rounds) = if commitments * groups < 1000 {
            (50, 200)
        } else {
            (20, 50)
        };
        let mut times = vec![Vec::with_capacity(rounds); cases.len()];
        for _ in 0..rounds {
            for (case, times) in cases.iter_mut().zip(&mut times) {
                let start = Instant::now();
                for _ in 0..batch {
                    black_box(case.frame());
                }
                times.push(start.elapsed().as_secs_f64() * 1e6 / batch as f64);
            }
        }
        let medians: Vec<f64> = times
            .iter_mut()
            .map(|t| {
                t.sort_by(f64::total_cmp);
                t[t.len() / 2]
            })
            .collect();
        let bare = medians[medians.len() - 1];
        for (case, median) in cases.iter().zip(&medians) {
            println!(
                "{:<20} {commitments}x{groups:<6} {median:>9.1} µs  {:>5.2}x",
                case.name,
                median / bare
            );
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench --bench frame` passes only `--bench`: everything runs. Named alone, the
    // interleaved pass runs by itself; any other argument (a filter, a criterion option,
    // `cargo test`'s run without `--bench`) is criterion's business and leaves it out.
    let only_interleaved = args.iter().any(|a| a == "interleaved");
    let everything = args == ["--bench"];
    if !only_interleaved {
        let mut criterion = Criterion::default().configure_from_args();
        bench(&mut criterion);
        criterion.final_summary();
    }
    if only_interleaved || everything {
        interleaved();
    }
}
