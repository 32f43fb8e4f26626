//! The panels. Each `*_ui` function draws one part of the window from the
//! [`Document`] it may only read, changes the [`WindowState`] it owns (tab, sort, focus), and
//! reports what the user did as [`Command`]s; a change to the session is a
//! [`Command::Edit`] (forms send their copy, changed, as one edit).

pub mod compare;
pub mod event;
pub mod grid;
pub mod markers;
pub mod plot;
pub mod presenter;
pub mod refine;
pub mod response;
pub mod room;
pub mod style;
pub mod theme;
pub mod timer;
pub mod widgets;
pub mod workshop;

pub use widgets::{LazyHover, commitment_line, name_widget, scroll_into_view_when_focused};

use crate::i18n::{tr, trf};
use egui::{Align2, RichText};

use crate::app::actions::{Action, Menu, shortcut_rows};
use crate::app::dialogs::Purpose;
use crate::app::{Command, Flow, HeldBack, UnsavedChoice, View, WindowState};
use crate::document::Document;

/// The whole window.
pub fn app_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut WindowState,
    flow: &Flow,
    dialog_open: bool,
    commands: &mut Vec<Command>,
) {
    if state.presenting {
        presenter::presenter_ui(ui, doc, state, commands);
        error_modal_ui(ui.ctx(), state);
        path_prompt_ui(ui.ctx(), state, commands);
        unsaved_prompt_ui(ui.ctx(), flow, commands);
        export_prompt_ui(ui.ctx(), state, commands);
        return;
    }
    egui::Panel::top("menu_bar")
        .frame(crate::ui::style::side_panel_frame(ui))
        .show(ui, |ui| menu_bar_ui(ui, doc, state, dialog_open, commands));
    egui::Panel::top("tabs")
        .frame(crate::ui::style::side_panel_frame(ui))
        .show(ui, |ui| tabs_ui(ui, doc, state, commands));
    match state.view {
        View::Workshop => {
            egui::CentralPanel::default()
                .frame(crate::ui::style::central_panel_frame(ui))
                .show(ui, |ui| workshop::workshop_ui(ui, doc, state, commands));
        }
        View::Plot => plot::plot_view_ui(ui, doc, state, commands),
        View::Compare => compare::compare_view_ui(ui, doc, state, commands),
        View::Refine => refine::refine_view_ui(ui, doc, state, commands),
        View::Event => event::event_view_ui(ui, doc, state, commands),
    }
    error_modal_ui(ui.ctx(), state);
    path_prompt_ui(ui.ctx(), state, commands);
    unsaved_prompt_ui(ui.ctx(), flow, commands);
    remove_group_prompt_ui(ui.ctx(), doc, state, commands);
    export_prompt_ui(ui.ctx(), state, commands);
    shortcuts_ui(ui.ctx(), state);
    room::room_window_ui(ui.ctx(), doc, state, commands);
    recovery_prompt_ui(ui.ctx(), state, commands);
    toasts_ui(ui.ctx(), state, commands);
}

/// At start, after a crash: offer the autosaved work.
fn recovery_prompt_ui(ctx: &egui::Context, state: &mut WindowState, commands: &mut Vec<Command>) {
    let Some(found) = &state.recovery_offer else {
        return;
    };
    let of = found.original.as_ref().map_or_else(
        || tr("an untitled session").to_owned(),
        |p| p.display().to_string(),
    );
    // Buttons only: closing by Escape or a click outside would lose the choice.
    egui::Modal::new(egui::Id::unique("recovery_prompt")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading(tr("Recover unsaved work?"));
        ui.label(trf(
            "cocreate did not close properly last time. Unsaved work on %{of} was autosaved %{0}.",
            &[("of", &of), ("0", &found.when)],
        ));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(tr("Recover")).clicked() {
                commands.push(Command::Recover(true));
            }
            if ui.button(tr("Discard it")).clicked() {
                commands.push(Command::Recover(false));
            }
        });
    });
}

/// Help → Keyboard shortcuts: the command table, and the keys of the Plot view.
fn shortcuts_ui(ctx: &egui::Context, state: &mut WindowState) {
    let mut open = state.show_shortcuts;
    egui::Window::new(tr("Keyboard shortcuts"))
        .open(&mut open)
        .collapsible(false)
        .show(ctx, |ui| {
            egui::Grid::new("shortcut_table")
                .striped(true)
                .num_columns(2)
                .show(ui, |ui| {
                    for (keys, what) in shortcut_rows(|s| ctx.format_shortcut(s)) {
                        ui.label(RichText::new(keys).monospace().strong());
                        ui.label(what);
                        ui.end_row();
                    }
                });
        });
    state.show_shortcuts = open;
}

fn menu_bar_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut WindowState,
    dialog_open: bool,
    commands: &mut Vec<Command>,
) {
    egui::MenuBar::new().ui(ui, |ui| {
        for menu in Menu::ALL {
            ui.menu_button(menu.label(), |ui| {
                if menu == Menu::View {
                    for view in View::ALL {
                        if ui.radio(state.view == view, view.label()).clicked() {
                            state.view = view;
                        }
                    }
                    ui.separator();
                    ui.menu_button(tr("Theme"), |ui| {
                        if ui.radio(!state.high_contrast, tr("Light")).clicked() {
                            state.high_contrast = false;
                        }
                        if ui
                            .radio(state.high_contrast, tr("Light, high contrast"))
                            .clicked()
                        {
                            state.high_contrast = true;
                        }
                    });
                    ui.menu_button(tr("Language"), |ui| {
                        for (code, name) in crate::i18n::LANGUAGES {
                            if ui.radio(state.language == code, name).clicked() {
                                state.language = code.to_owned();
                            }
                        }
                    });
                    ui.separator();
                }
                if menu == Menu::File && !state.recent.is_empty() {
                    ui.menu_button(tr("Open recent"), |ui| {
                        for path in &state.recent {
                            let name = path.file_name().map_or_else(
                                || path.display().to_string(),
                                |n| n.to_string_lossy().into_owned(),
                            );
                            // Not while a file dialog is open: its answer could replace
                            // the file opened here.
                            if ui
                                .add_enabled(!dialog_open, egui::Button::new(name))
                                .on_hover_text(path.display().to_string())
                                .clicked()
                            {
                                commands.push(Command::OpenRecent(path.clone()));
                            }
                        }
                    });
                }
                for action in Action::ALL.into_iter().filter(|a| a.menu() == menu) {
                    if matches!(
                        action,
                        Action::Save | Action::Quit | Action::ZoomIn | Action::TimerStartPause
                    ) {
                        ui.separator();
                    }
                    let mut button = egui::Button::new(action.label());
                    if let Some(shortcut) = action.shortcut() {
                        button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
                    }
                    if action == Action::Present {
                        button = button.selected(state.presenting);
                    }
                    let enabled = match action {
                        Action::Undo => doc.can_undo(),
                        Action::Redo => doc.can_redo(),
                        a => !(dialog_open && a.needs_dialog()),
                    };
                    if ui
                        .add_enabled(enabled, button)
                        .on_hover_text(action.tooltip())
                        .clicked()
                    {
                        commands.push(Command::Action(action));
                    }
                }
            });
        }
        if dialog_open {
            ui.separator();
            ui.spinner();
            ui.label(tr("A file dialog is open…"));
        }
    });
}

fn tabs_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut WindowState,
    commands: &mut Vec<Command>,
) {
    let below = ui
        .horizontal(|ui| {
            for view in View::ALL {
                let text = RichText::new(view.label()).size(17.0);
                if ui.selectable_label(state.view == view, text).clicked() {
                    state.view = view;
                }
            }
            ui.separator();
            let workshops = &doc.session().workshops;
            if workshops.len() > 1 {
                egui::ComboBox::from_id_salt("workshop_shown")
                    .selected_text(&workshops[state.workshop_index].details.name)
                    .show_ui(ui, |ui| {
                        for (i, w) in workshops.iter().enumerate() {
                            if ui
                                .selectable_label(i == state.workshop_index, &w.details.name)
                                .clicked()
                            {
                                state.show_workshop(i, doc);
                            }
                        }
                    })
                    .response
                    .on_hover_text_with(|| {
                        tr("The workshop shown in Workshop, Plot, Compare and Refine")
                    });
            }
            let w = doc.workshop(state.workshop_index);
            // The workshop's line goes beside the tabs where it fits whole, and on a line of its
            // own below them where it does not (a projector at 1024×768): never under the timer.
            let mut parts = Vec::new();
            if workshops.len() <= 1 {
                parts.push(w.details.name.clone());
                if !w.details.location.is_empty() {
                    parts.push(w.details.location.clone());
                }
            }
            parts.push(trf(
                "%{0} groups · %{1} commitments · %{2} selected",
                &[
                    ("0", &w.groups.len()),
                    ("1", &doc.session().commitments.len()),
                    ("2", &w.selection.len()),
                ],
            ));
            let info = parts.join(" · ");
            let info_width = ui
                .painter()
                .layout_no_wrap(
                    info.clone(),
                    egui::TextStyle::Body.resolve(ui.style()),
                    egui::Color32::PLACEHOLDER,
                )
                .size()
                .x;
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let present = ui
                    .button(RichText::new(tr("Present")).strong())
                    .on_hover_text_with(|| {
                        tr("Presenter mode (F11): full screen, large type, the grid only")
                    });
                if present.clicked() {
                    commands.push(Command::Action(Action::Present));
                }
                room::room_button_ui(ui, state, commands);
                timer::timer_ui(ui, state, commands, false);
                if info_width + 12.0 <= ui.available_width() {
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                        ui.label(&info);
                    });
                    None
                } else {
                    Some(info)
                }
            })
            .inner
        })
        .inner;
    if let Some(info) = below {
        ui.label(info);
    }
}

fn error_modal_ui(ctx: &egui::Context, state: &mut WindowState) {
    let Some(message) = state.error.clone() else {
        return;
    };
    let title = state
        .error_title
        .clone()
        .unwrap_or_else(|| tr("Something went wrong"));
    let modal = egui::Modal::new(egui::Id::unique("error_modal")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading(title);
        ui.add_space(6.0);
        ui.label(&message);
        ui.add_space(6.0);
        ui.label(RichText::new(tr("The session that was open is unchanged.")).weak());
        ui.add_space(8.0);
        ui.button(tr("OK")).clicked()
    });
    if modal.inner || modal.should_close() {
        state.error = None;
        state.error_title = None;
    }
}

/// When no native dialog can open: type the path instead, so the click is answered.
fn path_prompt_ui(ctx: &egui::Context, state: &mut WindowState, commands: &mut Vec<Command>) {
    if state.error.is_some() {
        return; // the explanation comes first
    }
    let Some((purpose, text)) = &mut state.path_prompt else {
        return;
    };
    let purpose = *purpose;
    let mut done = None;
    let modal = egui::Modal::new(egui::Id::unique("path_prompt")).show(ctx, |ui| {
        ui.set_min_width(480.0);
        ui.heading(purpose.title());
        let label = ui.label(if purpose == Purpose::Merge {
            tr("File paths (separate them with ;):")
        } else {
            tr("File path:")
        });
        let edit = ui
            .add(egui::TextEdit::singleline(text).desired_width(460.0))
            .labelled_by(label.id);
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            if ui.button(tr("OK")).clicked() || enter {
                done = Some(true);
            }
            if ui.button(tr("Cancel")).clicked() {
                done = Some(false);
            }
        });
    });
    if modal.should_close() {
        done = Some(false);
    }
    if let Some(ok) = done {
        let (_, text) = state.path_prompt.take().unwrap_or((purpose, String::new()));
        if ok && !text.trim().is_empty() {
            let paths = text
                .split(';')
                .map(|p| std::path::PathBuf::from(p.trim()))
                .filter(|p| !p.as_os_str().is_empty())
                .collect();
            commands.extend(crate::app::command_for(purpose, paths));
        } else {
            // Dismissed without a path: as a cancelled dialog (nothing held back fires later).
            commands.push(Command::Answer(
                purpose,
                crate::app::dialogs::Picked::Cancelled,
            ));
        }
    }
}

fn unsaved_prompt_ui(ctx: &egui::Context, flow: &Flow, commands: &mut Vec<Command>) {
    let Some(held) = flow.asking() else {
        return;
    };
    let before = match held {
        HeldBack::Open | HeldBack::OpenRecent(_) => tr("opening another session"),
        HeldBack::ImportCsv => tr("importing a commitment list"),
        HeldBack::Merge => tr("merging sessions"),
        HeldBack::NewWorkshop => tr("starting a new workshop"),
        HeldBack::Quit => tr("closing"),
    };
    let modal = egui::Modal::new(egui::Id::unique("unsaved_prompt")).show(ctx, |ui| {
        ui.heading(trf(
            "Save changes before %{before}?",
            &[("before", &before)],
        ));
        ui.label(tr("This session has changes that are not saved."));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(tr("Save")).clicked() {
                commands.push(Command::Unsaved(UnsavedChoice::Save));
            }
            if ui.button(tr("Discard")).clicked() {
                commands.push(Command::Unsaved(UnsavedChoice::Discard));
            }
            if ui.button(tr("Cancel")).clicked() {
                commands.push(Command::Unsaved(UnsavedChoice::Cancel));
            }
        });
    });
    if modal.should_close() {
        commands.push(Command::Unsaved(UnsavedChoice::Cancel));
    }
}

fn remove_group_prompt_ui(
    ctx: &egui::Context,
    doc: &Document,
    state: &mut WindowState,
    commands: &mut Vec<Command>,
) {
    let Some(id) = state.confirm_remove_group else {
        return;
    };
    let w = doc.workshop(state.workshop_index);
    let Some(group) = w.group(id) else { return };
    let placed = w.placements.iter().filter(|p| p.group == id).count();
    let modal = egui::Modal::new(egui::Id::unique("remove_group_prompt")).show(ctx, |ui| {
        ui.heading(trf("Remove %{0}?", &[("0", &group.name)]));
        let noun = if placed == 1 {
            tr("placement")
        } else {
            tr("placements")
        };
        ui.label(trf(
            "Its %{placed} %{noun} will be removed with it.",
            &[("placed", &placed), ("noun", &noun)],
        ));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(tr("Remove group")).clicked() {
                commands.push(Command::RemoveGroup(id));
            }
            if ui.button(tr("Keep it")).clicked() {
                state.confirm_remove_group = None;
            }
        });
    });
    if modal.should_close() {
        state.confirm_remove_group = None;
    }
}

/// File → Export report…: what goes into the report, then where (the file dialog). The
/// defaults are the command line's: no sign-ups (personal data), the working notes kept.
fn export_prompt_ui(ctx: &egui::Context, state: &mut WindowState, commands: &mut Vec<Command>) {
    if !state.export_prompt || state.error.is_some() {
        return;
    }
    let options = &mut state.export_options;
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("export_prompt")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading(tr("Export the report"));
        ui.label(tr(
            "A file name ending in .csv writes the placements; any other, the action-plan draft in Markdown with the grid as an SVG image beside it.",
        ));
        ui.add_space(6.0);
        ui.checkbox(
            &mut options.include_contacts,
            tr("Include contacts (personal data)"),
        )
        .on_hover_text(tr(
            "The sign-ups' names, organizations and e-mails, as an appendix. Only for people who may see them.",
        ));
        let mut notes = !options.omit_smart_notes;
        if ui
            .checkbox(&mut notes, tr("Include the working notes (SMART check)"))
            .changed()
        {
            options.omit_smart_notes = !notes;
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(tr("Choose file…")).clicked() {
                commands.push(Command::ChooseExportFile);
            }
            if ui.button(tr("Cancel")).clicked() {
                close = true;
            }
        });
    });
    if close || modal.should_close() {
        state.export_prompt = false;
    }
}

/// Notices in the corner; one that announces a change to the session offers Undo.
fn toasts_ui(ctx: &egui::Context, state: &mut WindowState, commands: &mut Vec<Command>) {
    if state.toasts.is_empty() {
        return;
    }
    egui::Area::new(egui::Id::unique("toasts"))
        .anchor(Align2::RIGHT_BOTTOM, [-16.0, -16.0])
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            for toast in &state.toasts {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.label(&toast.text);
                        if toast.undo
                            && ui
                                .button(tr("Undo"))
                                .on_hover_text_with(|| tr("Undo the last change to the session"))
                                .clicked()
                        {
                            commands.push(Command::Action(Action::Undo));
                        }
                    });
                });
            }
        });
}
