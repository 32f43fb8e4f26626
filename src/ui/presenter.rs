//! Presenter mode: for the wall. Full screen, large type, a high-contrast light theme, the
//! grid filling the screen with the groups' legend, the current group's name large and the
//! timer. No editing panels, and never the sign-ups: personal data stays off the wall.

use crate::i18n::{tr, trf};
use crate::ui::LazyHover as _;
use egui::RichText;

use crate::app::actions::Action;
use crate::app::{AppState, Command, View};
use crate::ui::grid::{GridInput, GridMode, grid_ui};
use crate::ui::plot::apply_grid_events;
use crate::ui::style::{group_style, marker_swatch};

/// The title's type size on the wall.
const TITLE_SIZE: f32 = 30.0;

/// The size at which `text` fits the width left in `ui`: `size`, or smaller down to two
/// thirds of it (a whole title read from the back beats a larger one cut short); past that
/// the label shortens it.
fn fitted_size(ui: &egui::Ui, text: &str, size: f32) -> f32 {
    let font = egui::FontId::proportional(size);
    let width = ui
        .painter()
        .layout_no_wrap(text.to_owned(), font, egui::Color32::PLACEHOLDER)
        .size()
        .x;
    let available = ui.available_width();
    if width <= available {
        size
    } else {
        (size * available / width).floor().max(size * 2.0 / 3.0)
    }
}

/// The whole window in presenter mode.
pub fn presenter_ui(ui: &mut egui::Ui, state: &mut AppState, commands: &mut Vec<Command>) {
    // The group's own grid while plotting; otherwise the room's picture.
    let all_groups = state.view != View::Plot || state.group.is_none();
    egui::Panel::top("presenter_bar")
        .frame(crate::ui::style::side_panel_frame(ui))
        .show(ui, |ui| {
            // Timer on the right first; the title takes what is left and is shortened, never
            // drawn under the timer.
            ui.horizontal(|ui| {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    crate::ui::timer::timer_ui(ui, state, commands, true);
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                        let exit = ui
                            .button(tr("Exit presenter"))
                            .on_hover_text_with(|| tr("F11 or Escape"));
                        if exit.clicked() {
                            commands.push(Command::Action(Action::Present));
                        }
                        let w = state.workshop();
                        match state.group.and_then(|g| w.group(g)).filter(|_| !all_groups) {
                            Some(g) => {
                                let (color, shape) = group_style(g.id);
                                marker_swatch(ui, shape, color);
                                let name = RichText::new(&g.name).size(TITLE_SIZE).strong().color(
                                    crate::ui::style::readable_on(color, ui.visuals().panel_fill),
                                );
                                ui.add(egui::Label::new(name).truncate());
                                ui.add(
                                    egui::Label::new(RichText::new(tr("is plotting")).size(22.0))
                                        .truncate(),
                                );
                            }
                            None => {
                                let title = trf("%{0} — all groups", &[("0", &w.name)]);
                                let size = fitted_size(ui, &title, TITLE_SIZE);
                                let title = RichText::new(title).size(size).strong();
                                ui.add(egui::Label::new(title).truncate());
                            }
                        }
                    });
                });
            });
            if !all_groups {
                // The other groups, so the room knows whose turn comes next.
                ui.horizontal_wrapped(|ui| {
                    for g in &state.workshop().groups {
                        crate::ui::style::group_legend_entry(ui, g);
                        ui.add_space(10.0);
                    }
                });
            }
        });
    egui::CentralPanel::default()
        .frame(crate::ui::style::central_panel_frame(ui))
        .show(ui, |ui| {
            let aggregates = if all_groups {
                state.aggregates()
            } else {
                std::sync::Arc::from([])
            };
            let mode = match state.group {
                Some(g) if !all_groups => GridMode::Group(g),
                _ => GridMode::AllGroups,
            };
            let input = GridInput {
                commitments: &state.session.commitments,
                workshop: state.workshop(),
                aggregates: &aggregates,
                mode,
                // The wall shows no ring: nothing there would explain it to the room.
                focus: None,
                dragging: state.dragging.as_deref(),
                version: state.content_version(),
            };
            let events = grid_ui(ui, &input);
            if let GridMode::Group(_) = mode {
                apply_grid_events(state, events, commands);
            }
        });
}
