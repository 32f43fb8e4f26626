//! The eframe shell: the `eframe::App` that holds the window's state, runs a frame (shortcuts,
//! the panels of [`crate::ui`], then the commands they produced) and opens the window. It
//! stands above both `ui` and `app`: the panels and the state know nothing of it.

use std::path::Path;
use std::sync::Arc;

use crate::app::actions::{self, Action};
use crate::app::dialogs::{self, FilePicker, Pending, Picked, Purpose};
use crate::app::prefs::{PREFS_KEY, Prefs};
use crate::app::{AppState, Command, Flow, HeldBack, recovery, wall_zoom};
use crate::ui::theme::{setup_style, visuals};

/// The `eframe::App`: state, the file picker and the dialog in flight.
pub struct App {
    /// Everything shown.
    pub state: AppState,
    picker: Arc<dyn FilePicker>,
    pending: Option<Pending>,
    shown_title: String,
    shown_presenting: bool,
    shown_contrast: Option<bool>,
    /// Exit once the first frame is on screen (`EXIT_AFTER_FIRST_FRAME`): for start-up
    /// measurements.
    exit_after_first_frame: bool,
}

impl App {
    /// The app for a session, with the system's file dialogs.
    pub fn new(state: AppState) -> Self {
        Self::with_picker(state, Arc::new(dialogs::NativePicker))
    }

    /// The app with another file picker (tests).
    pub fn with_picker(state: AppState, picker: Arc<dyn FilePicker>) -> Self {
        Self {
            state,
            picker,
            pending: None,
            shown_title: String::new(),
            shown_presenting: false,
            shown_contrast: None,
            exit_after_first_frame: std::env::var_os("EXIT_AFTER_FIRST_FRAME").is_some(),
        }
    }

    /// The state the window starts in, from the command line: the file opened (or its
    /// error said), presenter mode if `--present`. The room and the remembered preferences
    /// come after ([`App::remembering`]).
    pub fn starting_state(
        options: &crate::app::WindowOptions,
        recovery: Option<recovery::Recovery>,
    ) -> AppState {
        let mut state = Self::for_file(options.file.as_deref(), recovery);
        state.window.presenting = options.present;
        state
    }

    /// Puts back what the last run remembered (type size, language, recent files, timer),
    /// then the language the command line asked for (`--lang`), which wins.
    pub fn remembering(state: &mut AppState, prefs: &Prefs, language: Option<&str>) {
        prefs.restore_into(&mut state.window);
        if let Some(language) = language {
            state.window.language = language.to_owned();
        }
    }

    /// The app for the file given on the command line: a session (`.ron`) or a commitment
    /// list (`.csv`). If it cannot be read, a new workshop on the bundled list opens and the
    /// error is shown; the file is not touched. With a recovery folder, unsaved work left by
    /// a crash is offered first.
    pub fn for_file(file: Option<&Path>, recovery: Option<recovery::Recovery>) -> AppState {
        let mut state = AppState::bundled();
        state.window.recovery_offer = recovery.as_ref().and_then(|r| r.find().into_iter().next());
        state.recovery = recovery;
        if let Some(path) = file {
            let is_csv = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            if is_csv {
                state.import(path);
            } else {
                state.open(path);
            }
            if let Some(e) = &state.window.error {
                crate::cli::complain(e); // never a panic on a closed or full stderr
            }
        }
        state
    }

    fn start_dialog(&mut self, ctx: &egui::Context, purpose: Purpose) {
        if self.pending.is_some() {
            // One dialog at a time: this one is refused, as if cancelled, so what was to
            // follow its answer (a save asked for by the unsaved-changes prompt) does not
            // fire after some later save instead.
            self.run(ctx, Command::Answer(purpose, Picked::Cancelled));
            return;
        }
        let current = self.state.doc.path().map(Path::to_owned);
        if self.picker.is_immediate() {
            let picked = self.picker.pick(purpose, current.as_deref());
            self.run(ctx, Command::Answer(purpose, picked));
        } else {
            let ctx = ctx.clone();
            self.pending = Some(Pending::spawn(
                self.picker.clone(),
                purpose,
                current,
                move || ctx.request_repaint(),
            ));
        }
    }

    fn run(&mut self, ctx: &egui::Context, command: Command) {
        let now = ctx.input(|i| i.time);
        if let Some(purpose) = self.state.apply(command, now) {
            self.start_dialog(ctx, purpose);
        }
    }

    fn poll_dialog(&mut self, ctx: &egui::Context) {
        let Some(pending) = &self.pending else { return };
        if let Some(picked) = pending.poll() {
            let purpose = pending.purpose;
            self.pending = None;
            self.run(ctx, Command::Answer(purpose, picked));
        }
    }

    /// One frame: every panel, then the commands they produced.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.exit_after_first_frame {
            exit_once_first_frame_is_shown(&ctx);
        }
        crate::i18n::set_language(&self.state.window.language);
        self.poll_dialog(&ctx);
        if !self.state.wake.is_set() {
            let waker = ctx.clone();
            self.state.wake.set(move || waker.request_repaint());
        }
        let now = ctx.input(|i| i.time);
        self.state.serve_room(now);
        for text in std::mem::take(&mut self.state.window.later) {
            self.state.window.notify(now, text);
        }

        let mut commands = Vec::new();
        for action in actions::by_specificity() {
            if let Some(shortcut) = action.shortcut()
                && ctx.input_mut(|i| i.consume_shortcut(&shortcut))
            {
                commands.push(Command::Action(action));
            }
        }
        // Ctrl++ is Ctrl+= on most keyboards; accept both.
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Plus)) {
            commands.push(Command::Action(Action::ZoomIn));
        }
        // Escape closes an open popup (the timer's) first; with none open it leaves the wall.
        if self.state.window.presenting
            && !ctx.text_edit_focused()
            && !egui::Popup::is_any_open(&ctx)
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            commands.push(Command::Action(Action::Present));
        }
        if ctx.input(|i| i.viewport().close_requested())
            && !self.state.flow.is_closing()
            && self.state.doc.is_unsaved()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.state.flow = Flow::Asking(HeldBack::Quit);
        }

        let AppState {
            doc, window, flow, ..
        } = &mut self.state;
        crate::ui::app_ui(ui, doc, window, flow, self.pending.is_some(), &mut commands);

        for command in commands {
            self.run(&ctx, command);
        }
        // This frame's edits, the devices' and the window's own, reach the pages now.
        self.state.publish_room();
        if self.state.flow.is_closing() {
            if let Some(r) = &mut self.state.recovery {
                r.clear(); // closing was chosen: the work is saved or knowingly discarded
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        let window = &self.state.window;
        if window.presenting != self.shown_presenting {
            self.shown_presenting = window.presenting;
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(window.presenting));
        }
        let contrast = window.presenting || window.high_contrast;
        if Some(contrast) != self.shown_contrast {
            self.shown_contrast = Some(contrast);
            ctx.set_visuals_of(egui::Theme::Light, visuals(contrast));
        }
        let zoom = if window.presenting {
            let screen_height = ctx.content_rect().height() * ctx.pixels_per_point();
            wall_zoom(window.presenter_zoom, screen_height)
        } else {
            window.zoom
        };
        if (ctx.zoom_factor() - zoom).abs() > 1e-3 {
            ctx.set_zoom_factor(zoom);
        }
        let title = self.state.title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
        let now = ctx.input(|i| i.time);
        if let Some(again) = self.state.autosave(now) {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(again));
        }
        let window = &mut self.state.window;
        if window.timer.is_running() {
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
        }
        window.toasts.retain(|t| t.until > now);
        if let Some(next) = window.toasts.iter().map(|t| t.until).reduce(f64::min) {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64((next - now).max(0.05)));
        }
    }
}

/// For start-up measurements: asks for a second frame, and when it begins — the first
/// frame has been painted and shown — ends the process at once, as
/// `examples/minimal.rs` does, so `/usr/bin/time` measures start to first frame.
fn exit_once_first_frame_is_shown(ctx: &egui::Context) {
    if ctx.cumulative_frame_nr() >= 1 {
        std::process::exit(0);
    }
    ctx.request_repaint();
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    /// The panel colour: the panels are not filled themselves (see
    /// [`crate::ui::style::side_panel_frame`]).
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &Prefs::of(&self.state.window));
    }
}

/// Opens the window (glow renderer: a fifth of wgpu's CPU cost on software-rendered
/// projector laptops and virtual machines).
pub fn run_window(options: crate::app::WindowOptions) -> Result<(), eframe::Error> {
    let mut state = App::starting_state(
        &options,
        recovery::Recovery::default_dir().map(recovery::Recovery::new),
    );
    if let Some(addr) = options.room {
        state.room_addr = addr;
        // The room opens before the window, so its links can be printed for the facilitator
        // (and read by a script).
        match state.open_room(addr) {
            Ok(()) => {
                if let Some(room) = &state.room {
                    let lines: String = room
                        .links(&state.doc)
                        .iter()
                        .map(|l| format!("room: {} {}\n", l.name, l.url))
                        .collect();
                    crate::cli::say(&lines);
                }
            }
            Err(e) => crate::cli::complain(&format!("could not open the room: {e}")),
        }
    }
    let native = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default()
            .with_title(state.title())
            .with_app_id("cocreate")
            .with_inner_size([1400.0, 860.0])
            .with_min_inner_size([800.0, 560.0])
            // `--present` opens on the wall at once, not a window that grows a frame later.
            .with_fullscreen(state.window.presenting)
            .with_icon(window_icon()),
        ..Default::default()
    };
    eframe::run_native(
        "cocreate",
        native,
        Box::new(move |cc| {
            setup_style(&cc.egui_ctx);
            let prefs: Prefs = cc
                .storage
                .and_then(|s| eframe::get_value(s, PREFS_KEY))
                .unwrap_or_default();
            App::remembering(&mut state, &prefs, options.language.as_deref());
            Ok(Box::new(App::new(state)))
        }),
    )
}

/// The window's icon: the menu entry's, drawn at 256 px (assets/icons).
fn window_icon() -> egui::IconData {
    eframe::icon_data::from_png_bytes(include_bytes!("../assets/icons/256x256/cocreate.png"))
        .unwrap_or_default()
}
