//! The activity timer: minutes, start / pause, reset, and a cue nobody can miss when time
//! is up.

use crate::i18n::{tr, trf};
use crate::ui::LazyHover as _;
use egui::{Color32, RichText};

use crate::app::actions::Action;
use crate::app::{Command, WindowState};

/// Grey for a paused clock (4.6:1 on the wall's white).
const PAUSED: Color32 = Color32::from_gray(110);

/// Red for "time is up".
const TIME_UP: Color32 = Color32::from_rgb(0xC0, 0x20, 0x20);

/// The timer, laid out right to left (it sits at the right end of a bar). `large` for
/// presenter mode.
pub fn timer_ui(
    ui: &mut egui::Ui,
    state: &mut WindowState,
    commands: &mut Vec<Command>,
    large: bool,
) {
    let now = ui.input(|i| i.time);
    let timer = &mut state.timer;
    let size = if large { 34.0 } else { 17.0 };
    let up = timer.is_up(now);
    // The buttons only queue commands: the timer is as it was all through this frame.
    let started = timer.is_started(now);
    if started {
        let reset = ui
            .button(tr("Reset"))
            .on_hover_text_with(|| tr("Reset the timer (Ctrl+Shift+T)"));
        crate::ui::name_widget(&reset, egui::Role::Button, || tr("Reset timer"));
        if reset.clicked() {
            commands.push(Command::Action(Action::TimerReset));
        }
    }
    let label = if timer.is_running() {
        tr("Pause")
    } else if started {
        tr("Resume")
    } else {
        tr("Start")
    };
    let start = ui
        .button(label.as_str())
        .on_hover_text_with(|| tr("Start or pause the timer (Ctrl+T)"));
    crate::ui::name_widget(&start, egui::Role::Button, || {
        trf("%{label} timer", &[("label", &label)])
    });
    if start.clicked() {
        commands.push(Command::Action(Action::TimerStartPause));
    }
    let mut text = RichText::new(timer.display(now))
        .size(size)
        .monospace()
        .strong();
    // A paused clock is grey, and says so: it must not look like one that runs.
    let paused = started && !timer.is_running() && !up;
    if paused {
        text = text.color(PAUSED);
    }
    if up {
        // Flash twice a second: a cue visible from the back of the room.
        let on = (now * 2.0).floor() as i64 % 2 == 0;
        text = if on {
            text.color(Color32::WHITE).background_color(TIME_UP)
        } else {
            text.color(TIME_UP)
        };
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(250));
    }
    // On the wall the clock stands alone; a click on it sets the minutes. In the window the
    // minutes are always beside it.
    let set_on_click = large && !started;
    let shown = if set_on_click {
        ui.add(egui::Label::new(text).sense(egui::Sense::click()))
            .on_hover_cursor(egui::CursorIcon::PointingHand)
    } else {
        ui.label(text)
    };
    if paused {
        ui.label(
            RichText::new(tr("Paused"))
                .size(size * 0.6)
                .strong()
                .color(PAUSED),
        );
    }
    if up {
        ui.label(
            RichText::new(tr("Time is up"))
                .size(size * 0.8)
                .strong()
                .color(TIME_UP),
        );
    }
    if set_on_click {
        crate::ui::name_widget(&shown, egui::Role::Button, || tr("Set the timer"));
        egui::Popup::from_toggle_button_response(&shown)
            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
            .show(|ui| {
                ui.horizontal(|ui| {
                    ui.label(tr("Length"));
                    minutes_ui(ui, &mut timer.minutes);
                    ui.separator();
                    for preset in PRESETS {
                        let text = trf("%{0} min", &[("0", &preset)]);
                        if ui.selectable_label(timer.minutes == preset, text).clicked() {
                            timer.minutes = preset;
                            egui::Popup::close_all(ui.ctx());
                        }
                    }
                });
            });
        shown.on_hover_text_with(|| tr("Activity timer: click to set the length"));
    } else {
        if !started {
            minutes_ui(ui, &mut timer.minutes);
        }
        shown.on_hover_text_with(|| tr("Activity timer"));
    }
}

/// Lengths offered in one click on the wall.
const PRESETS: [u32; 5] = [5, 10, 15, 20, 30];

fn minutes_ui(ui: &mut egui::Ui, minutes: &mut u32) {
    let response = ui.add(
        egui::DragValue::new(minutes)
            .range(1..=180)
            .suffix(tr(" min")),
    );
    let response = response.on_hover_text_with(|| tr("The activity's length"));
    crate::ui::name_widget(&response, egui::Role::SpinButton, || tr("Timer minutes"));
}
