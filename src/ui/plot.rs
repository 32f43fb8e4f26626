//! The Plot view: pick a group, drag commitments from the tray onto the grid, move them,
//! send them back, select them for refinement.

use crate::i18n::{tr, trf};
use crate::ui::LazyHover as _;
use egui::{RichText, Role};

use crate::app::{Command, WindowState};
use crate::document::Document;
use crate::ui::grid::{GridEvent, GridInput, GridMode, grid_ui};
use crate::ui::style::{group_style, marker_swatch, theme_chip};
use crate::ui::widgets::selection_checkbox;
use crate::ui::{commitment_line, name_widget};

/// Where "Place" puts a commitment, to be dragged from there: the middle of desirability and
/// the middle of the "minor" level, never on a boundary between two levels (a report would
/// have to round a tie).
pub const DEFAULT_POSITION: (f64, f64) = (5.0, 1.0);

/// Steps of the keyboard: arrows move by these (desirability, ambition); with Shift by the
/// fine ones.
pub const KEY_STEP: (f64, f64) = (0.5, 0.25);
/// Fine steps (Shift+arrow).
pub const FINE_STEP: (f64, f64) = (0.1, 0.05);

/// Keys on the commitment whose tray row has the keyboard focus (its ring is visible): arrows
/// move it, Enter places it, Delete sends it back. Nothing else acts on a point by key: a
/// commitment picked out elsewhere (a Compare row) only gets a ring. Read before the panels
/// draw, so a focused button does not also act on Enter.
fn keyboard_ui(
    ctx: &egui::Context,
    doc: &Document,
    state: &mut WindowState,
    commands: &mut Vec<Command>,
) {
    use egui::{Key, Modifiers};
    if ctx.text_edit_focused() {
        return;
    }
    let Some((widget, id)) = ctx.data(|d| d.get_temp::<(egui::Id, String)>(keyboard_row_id()))
    else {
        return;
    };
    if ctx.memory(|m| m.focused()) != Some(widget) {
        return;
    }
    let Some(group) = state.group else {
        return;
    };
    if doc.session().commitment(&id).is_none() {
        return;
    }
    let placed = doc
        .workshop(state.workshop_index)
        .placement(group, &id)
        .map(|p| (p.desirability, p.ambition));
    // The keys stop at the top of the session's scale (and at its lowest level).
    let top = doc.session().ambition_scale.max();
    let (mut dd, mut da) = (0.0, 0.0);
    ctx.input_mut(|i| {
        for (key, d, a) in [
            (Key::ArrowUp, 1.0, 0.0),
            (Key::ArrowDown, -1.0, 0.0),
            (Key::ArrowRight, 0.0, 1.0),
            (Key::ArrowLeft, 0.0, -1.0),
        ] {
            // Shift first: egui's matching would also take Shift+arrow for a plain arrow.
            while i.consume_key(Modifiers::SHIFT, key) {
                dd += d * FINE_STEP.0;
                da += a * FINE_STEP.1;
            }
            while i.consume_key(Modifiers::NONE, key) {
                dd += d * KEY_STEP.0;
                da += a * KEY_STEP.1;
            }
        }
    });
    match placed {
        Some((desirability, ambition)) => {
            let moved = (
                (desirability + dd).clamp(0.0, crate::model::DESIRABILITY_MAX),
                (ambition + da).clamp(0.0, top),
            );
            if moved != (desirability, ambition) {
                commands.push(Command::Place {
                    commitment: id.clone(),
                    desirability: moved.0,
                    ambition: moved.1,
                });
            }
            if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Delete)) {
                ctx.data_mut(|d| d.insert_temp(refocus_id(), (id.clone(), false)));
                commands.push(Command::Unplace(id));
            }
        }
        None => {
            if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter)) {
                ctx.data_mut(|d| d.insert_temp(refocus_id(), (id.clone(), true)));
                commands.push(Command::Place {
                    commitment: id,
                    desirability: DEFAULT_POSITION.0,
                    ambition: DEFAULT_POSITION.1,
                });
            }
        }
    }
}

/// The row control that had the keyboard focus last frame, and its commitment.
fn keyboard_row_id() -> egui::Id {
    egui::Id::unique("cocreate_keyboard_row")
}

/// Where the keyboard placed or sent back a commitment whose row control must take the
/// focus next frame (its row moved between the tray and the grid list).
fn refocus_id() -> egui::Id {
    egui::Id::unique("cocreate_refocus_row")
}

/// Gives the keyboard focus to this row's control if the keyboard just moved its commitment
/// to this list (`placed`: the grid list; otherwise the tray).
fn refocus(ui: &egui::Ui, response: &egui::Response, id: &str, placed: bool) {
    let wanted = ui.data(|d| d.get_temp::<(String, bool)>(refocus_id()));
    if wanted
        .as_ref()
        .is_some_and(|(w, p)| w == id && *p == placed)
    {
        response.request_focus();
        ui.data_mut(|d| d.remove::<(String, bool)>(refocus_id()));
    }
}

/// A row's control has keyboard focus: its commitment becomes the one the keys act on, and
/// the arrows go to it rather than moving focus. Escape leaves the row, as anywhere else.
fn track_focus(ui: &egui::Ui, response: &egui::Response, id: &str, state: &mut WindowState) {
    if response.has_focus() {
        let filter = egui::EventFilter {
            tab: false,
            horizontal_arrows: true,
            vertical_arrows: true,
            escape: false,
        };
        ui.memory_mut(|m| m.set_focus_lock_filter(response.id, filter));
        ui.data_mut(|d| d.insert_temp(keyboard_row_id(), (response.id, id.to_owned())));
        if state.focus.as_deref() != Some(id) {
            state.focus = Some(id.to_owned());
        }
    }
}

/// The Plot view.
pub fn plot_view_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut WindowState,
    commands: &mut Vec<Command>,
) {
    keyboard_ui(ui.ctx(), doc, state, commands);
    egui::Panel::left("tray")
        .frame(crate::ui::style::side_panel_frame(ui))
        .default_size(340.0)
        .size_range(260.0..=520.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| tray_ui(ui, doc, state, commands));
        });
    egui::CentralPanel::default()
        .frame(crate::ui::style::central_panel_frame(ui))
        .show(ui, |ui| {
            groups_bar_ui(ui, doc, state, commands);
            let Some(group) = state.group else {
                ui.heading(tr("Add a group to start plotting."));
                return;
            };
            let w = doc.workshop(state.workshop_index);
            if let Some(g) = w.group(group) {
                let (color, shape) = group_style(group);
                ui.horizontal(|ui| {
                    marker_swatch(ui, shape, color);
                    ui.label(
                        RichText::new(trf("%{0} is plotting", &[("0", &g.name)]))
                            .size(22.0)
                            .strong()
                            .color(crate::ui::style::readable_on(
                                color,
                                ui.visuals().panel_fill,
                            )),
                    );
                });
            }
            let input = GridInput {
                commitments: &doc.session().commitments,
                workshop: w,
                scale: doc.session().ambition_scale,
                aggregates: &[],
                mode: GridMode::Group(group),
                focus: state.focus.as_deref(),
                dragging: state.dragging.as_deref(),
                version: crate::app::content_version(doc, state.workshop_index),
            };
            let focus_placed = state
                .focus
                .as_deref()
                .and_then(|id| Some((w.placement(group, id)?, doc.session().commitment(id)?)));
            // Below the grid, always the same height (the grid must not move under a drag):
            // what the ring means, and the group's reason for the point.
            egui::Panel::bottom("plot_focus")
                .frame(egui::Frame::NONE.inner_margin(egui::Margin::symmetric(0, 6)))
                .show(ui, |ui| {
                    focus_strip_ui(ui, w, group, focus_placed, commands);
                });
            let events = grid_ui(ui, &input);
            apply_grid_events(state, events, commands);
        });
}

/// The groups, to pick the one plotting, each with how far it is. Drawn after the tray, so
/// Tab reaches the tray's rows first.
fn groups_bar_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut WindowState,
    commands: &mut Vec<Command>,
) {
    let w = doc.workshop(state.workshop_index);
    let total = doc.session().commitments.len();
    ui.horizontal_wrapped(|ui| {
        ui.label(tr("Plotting for"));
        for g in &w.groups {
            let (color, shape) = group_style(g.id);
            marker_swatch(ui, shape, color);
            let placed = w.placements.iter().filter(|p| p.group == g.id).count();
            let text = RichText::new(&g.name)
                .color(crate::ui::style::readable_on(
                    color,
                    ui.visuals().panel_fill,
                ))
                .strong();
            let response = ui
                .selectable_label(state.group == Some(g.id), text)
                .on_hover_text_with(|| {
                    trf(
                        "%{placed}/%{total} placed",
                        &[("placed", &placed), ("total", &total)],
                    )
                });
            if response.clicked() {
                state.group = Some(g.id);
            }
            ui.label(
                RichText::new(trf(
                    "%{placed}/%{total} placed",
                    &[("placed", &placed), ("total", &total)],
                ))
                .weak(),
            );
            ui.add_space(6.0);
        }
        if ui.small_button(tr("Add group")).clicked() {
            commands.push(Command::AddGroup);
        }
    });
    ui.separator();
}

/// The ringed point: which commitment it is, why it is ringed, and the group's reason. With
/// no point picked, the same two lines say how to pick one.
fn focus_strip_ui(
    ui: &mut egui::Ui,
    workshop: &crate::model::Workshop,
    group: u32,
    picked: Option<(&crate::model::Placement, &crate::model::Commitment)>,
    commands: &mut Vec<Command>,
) {
    let group_name = workshop.group(group).map_or("", |g| g.name.as_str());
    let Some((placement, commitment)) = picked else {
        ui.label(
            RichText::new(tr(
                "Click a point to pick it out (it gets a ring) and write the group's reason for it.",
            ))
            .weak(),
        );
        ui.horizontal(|ui| {
            ui.label(trf("%{group}'s reason:", &[("group", &group_name)]));
            let mut nothing = String::new();
            ui.add_enabled(
                false,
                egui::TextEdit::singleline(&mut nothing)
                    .hint_text(tr("Pick a point first"))
                    .desired_width(f32::INFINITY),
            );
        });
        return;
    };
    ui.label(
        RichText::new(trf(
            "Ringed: %{line}. Drag it, or Tab to its row and use the arrows; Back, right-click or Delete sends it back.",
            &[("line", &commitment_line(&commitment.id, &commitment.title, 60))],
        ))
        .weak(),
    );
    ui.horizontal(|ui| {
        let label = ui.label(trf(
            "%{group}'s reason for %{id}:",
            &[("group", &group_name), ("id", &commitment.id)],
        ));
        let mut note = placement.note.clone();
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut note)
                    .hint_text(tr("Why the group put it there (optional)"))
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if response.changed() {
            commands.push(Command::SetNote(commitment.id.clone(), note));
        }
    });
}

/// Turns what happened on a group's grid into commands.
pub fn apply_grid_events(
    state: &mut WindowState,
    events: Vec<GridEvent>,
    commands: &mut Vec<Command>,
) {
    for event in events {
        match event {
            GridEvent::DragStarted(id) => {
                if state.focus.as_deref() != Some(id.as_str()) {
                    state.focus = Some(id.clone());
                }
                state.dragging = Some(id);
            }
            GridEvent::Picked(id) => state.focus = Some(id),
            GridEvent::DragStopped => state.dragging = None,
            GridEvent::DraggedTo {
                commitment,
                desirability,
                ambition,
            }
            | GridEvent::Dropped {
                commitment,
                desirability,
                ambition,
            } => {
                commands.push(Command::Place {
                    commitment,
                    desirability,
                    ambition,
                });
            }
            GridEvent::SendBack(id) => commands.push(Command::Unplace(id)),
            GridEvent::Clicked(id) => state.focus = Some(id),
        }
    }
}

fn tray_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut WindowState,
    commands: &mut Vec<Command>,
) {
    let w = doc.workshop(state.workshop_index);
    let scale = doc.session().ambition_scale;
    let Some(group) = state.group else { return };

    let (placed, unplaced): (Vec<_>, Vec<_>) = doc
        .session()
        .commitments
        .iter()
        .partition(|c| w.placement(group, &c.id).is_some());

    ui.heading(trf("Tray — %{0} to place", &[("0", &unplaced.len())]));
    if unplaced.is_empty() {
        ui.label(RichText::new(tr("Every commitment is on the grid.")).weak());
    } else {
        ui.label(RichText::new(tr("Drag onto the grid, or press Place.")).weak());
    }
    let themes =
        crate::ui::style::themes_of(doc.session().commitments.iter().map(|c| c.theme.as_str()));
    crate::ui::style::theme_legend_ui(ui, &themes);
    for c in &unplaced {
        let row = ui.horizontal(|ui| {
            let place = ui
                .small_button(tr("Place"))
                .on_hover_text_with(|| tr("Put it in the middle of the grid, then drag it"));
            name_widget(&place, Role::Button, || {
                trf("Place commitment %{0}", &[("0", &c.id)])
            });
            refocus(ui, &place, &c.id, false);
            track_focus(ui, &place, &c.id, state);
            if place.clicked() {
                commands.push(Command::Place {
                    commitment: c.id.clone(),
                    desirability: DEFAULT_POSITION.0,
                    ambition: DEFAULT_POSITION.1,
                });
            }
            let focused = place.has_focus();
            theme_chip(ui, &c.theme);
            let id = egui::Id::unique(("tray", &c.id));
            ui.dnd_drag_source(id, c.id.clone(), |ui| {
                ui.label(commitment_line(&c.id, &c.title, 40));
            })
            .response
            .on_hover_text_with(|| {
                trf(
                    "%{0}\n\n%{1}\nTheme: %{2} · %{3} votes",
                    &[
                        ("0", &c.title),
                        ("1", &c.description),
                        ("2", &c.theme),
                        ("3", &c.votes),
                    ],
                )
            });
            focused
        });
        row_focus_ring(ui, &row);
    }

    ui.separator();
    ui.heading(trf("On the grid — %{0} placed", &[("0", &placed.len())]));
    for c in &placed {
        let row = ui.horizontal(|ui| {
            let back = ui
                .small_button(tr("Back"))
                .on_hover_text_with(|| tr("Send back to the tray"));
            name_widget(&back, Role::Button, || {
                trf("Send back commitment %{0}", &[("0", &c.id)])
            });
            refocus(ui, &back, &c.id, true);
            track_focus(ui, &back, &c.id, state);
            if back.clicked() {
                commands.push(Command::Unplace(c.id.clone()));
            }
            let focused = back.has_focus();
            selection_checkbox(ui, doc, state, &c.id, commands);
            theme_chip(ui, &c.theme);
            let p = w.placement(group, &c.id).expect("partitioned as placed");
            ui.label(commitment_line(&c.id, &c.title, 34))
                .on_hover_text_with(|| {
                    trf(
                        "%{0}\nDesirability %{1} · ambition %{2} (%{3})",
                        &[
                            ("0", &c.title),
                            ("1", &format!("{:.1}", p.desirability)),
                            ("2", &crate::i18n::localized(&scale.nearest(p.ambition))),
                            ("3", &format!("{:.2}", p.ambition)),
                        ],
                    )
                });
            focused
        });
        row_focus_ring(ui, &row);
    }
}

/// A ring around the tray row whose control has the keyboard focus: the keys act on it.
fn row_focus_ring(ui: &egui::Ui, row: &egui::InnerResponse<bool>) {
    if row.inner {
        ui.painter().rect_stroke(
            row.response.rect.expand(2.0),
            3.0,
            egui::Stroke::new(2.5, ui.visuals().selection.stroke.color),
            egui::StrokeKind::Outside,
        );
    }
}
