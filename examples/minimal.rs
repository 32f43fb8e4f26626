//! The smallest eframe window, built with the same eframe, features and renderer (glow) as
//! cocreate: the baseline for start-up time and memory (see BENCHMARKS.md).

fn main() -> eframe::Result {
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default().with_inner_size([1400.0, 860.0]),
        ..Default::default()
    };
    eframe::run_ui_native("minimal", options, |ui, _frame| {
        exit_after_first_frame(ui.ctx());
        egui::CentralPanel::default().show(ui, |ui| {
            ui.label("Hello");
        });
    })
}

/// With `EXIT_AFTER_FIRST_FRAME` set, end the process as soon as the first frame has been
/// shown (when the second begins), as cocreate does: start-up timing.
fn exit_after_first_frame(ctx: &egui::Context) {
    if std::env::var_os("EXIT_AFTER_FIRST_FRAME").is_some() {
        if ctx.cumulative_frame_nr() >= 1 {
            std::process::exit(0);
        }
        ctx.request_repaint();
    }
}
