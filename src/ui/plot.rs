//! The Plot view: pick a group, drag commitments from the tray onto the grid, move them,
//! send them back, select them for refinement.

use egui::{RichText, Role};

use crate::app::{AppState, Command};
use crate::ui::grid::{GridEvent, GridInput, GridMode, grid_ui};
use crate::ui::style::{group_style, marker_swatch, theme_chip};
use crate::ui::{commitment_line, name_widget};

/// Where "Place" puts a commitment: the middle of the grid, to be dragged from there.
pub const DEFAULT_POSITION: (f64, f64) = (5.0, 1.5);

/// The Plot view.
pub fn plot_view_ui(ui: &mut egui::Ui, state: &mut AppState, commands: &mut Vec<Command>) {
    egui::Panel::left("tray")
        .default_size(340.0)
        .size_range(260.0..=520.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| tray_ui(ui, state, commands));
        });
    egui::CentralPanel::default().show(ui, |ui| {
        let Some(group) = state.group else {
            ui.heading("Add a group in the Workshop view to start plotting.");
            if ui.button("Add group").clicked() {
                commands.push(Command::AddGroup);
            }
            return;
        };
        let w = state.workshop();
        if let Some(g) = w.group(group) {
            let (color, shape) = group_style(group);
            ui.horizontal(|ui| {
                marker_swatch(ui, shape, color);
                ui.label(
                    RichText::new(format!("{} is plotting", g.name))
                        .size(22.0)
                        .strong()
                        .color(color),
                );
            });
        }
        let input = GridInput {
            commitments: &state.session.commitments,
            workshop: w,
            aggregates: &[],
            mode: GridMode::Group(group),
            focus: state.focus.as_deref(),
            dragging: state.dragging.as_deref(),
        };
        let events = grid_ui(ui, &input);
        apply_grid_events(state, events, commands);
    });
}

/// Turns what happened on a group's grid into commands.
pub fn apply_grid_events(
    state: &mut AppState,
    events: Vec<GridEvent>,
    commands: &mut Vec<Command>,
) {
    for event in events {
        match event {
            GridEvent::DragStarted(id) => state.dragging = Some(id),
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
            GridEvent::Clicked(id) => commands.push(Command::Unplace(id)),
        }
    }
}

fn tray_ui(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let w = state.workshop();
    ui.heading("Plotting for");
    let total = state.session.commitments.len();
    for g in &w.groups {
        ui.horizontal(|ui| {
            let (color, shape) = group_style(g.id);
            marker_swatch(ui, shape, color);
            let text = RichText::new(&g.name).color(color).strong();
            if ui
                .selectable_label(state.group == Some(g.id), text)
                .clicked()
            {
                commands.push(Command::SetGroup(g.id));
            }
            let placed = w.placements.iter().filter(|p| p.group == g.id).count();
            ui.label(RichText::new(format!("{placed}/{total} placed")).weak());
        });
    }
    if ui.small_button("Add group").clicked() {
        commands.push(Command::AddGroup);
    }
    let Some(group) = state.group else { return };
    ui.separator();

    let (placed, unplaced): (Vec<_>, Vec<_>) = state
        .session
        .commitments
        .iter()
        .partition(|c| w.placement(group, &c.id).is_some());

    ui.heading(format!("Tray — {} to place", unplaced.len()));
    if unplaced.is_empty() {
        ui.label(RichText::new("Every commitment is on the grid.").weak());
    } else {
        ui.label(RichText::new("Drag onto the grid, or press Place.").weak());
    }
    for c in &unplaced {
        ui.horizontal(|ui| {
            let place = ui
                .small_button("Place")
                .on_hover_text("Put it in the middle of the grid, then drag it");
            name_widget(&place, Role::Button, format!("Place commitment {}", c.id));
            if place.clicked() {
                commands.push(Command::Place {
                    commitment: c.id.clone(),
                    desirability: DEFAULT_POSITION.0,
                    ambition: DEFAULT_POSITION.1,
                });
            }
            theme_chip(ui, &c.theme);
            let id = egui::Id::unique(("tray", &c.id));
            ui.dnd_drag_source(id, c.id.clone(), |ui| {
                ui.label(commitment_line(&c.id, &c.title, 40));
            })
            .response
            .on_hover_text(format!(
                "{}\n\n{}\nTheme: {} · {} votes",
                c.title, c.description, c.theme, c.votes
            ));
        });
    }

    ui.separator();
    ui.heading(format!("On the grid — {} placed", placed.len()));
    for c in &placed {
        ui.horizontal(|ui| {
            let back = ui
                .small_button("Back")
                .on_hover_text("Send back to the tray");
            name_widget(
                &back,
                Role::Button,
                format!("Send back commitment {}", c.id),
            );
            if back.clicked() {
                commands.push(Command::Unplace(c.id.clone()));
            }
            selection_checkbox(ui, state, &c.id, commands);
            theme_chip(ui, &c.theme);
            let p = w.placement(group, &c.id).expect("partitioned as placed");
            ui.label(commitment_line(&c.id, &c.title, 34))
                .on_hover_text(format!(
                    "{}\nDesirability {:.1} · ambition {} ({:.1})",
                    c.title,
                    p.desirability,
                    crate::model::AmbitionLevel::nearest(p.ambition).name(),
                    p.ambition
                ));
        });
    }
}

/// The "selected for refinement" checkbox of one commitment.
pub fn selection_checkbox(
    ui: &mut egui::Ui,
    state: &AppState,
    id: &str,
    commands: &mut Vec<Command>,
) {
    let mut selected = state.workshop().is_selected(id);
    let response = ui
        .checkbox(&mut selected, "")
        .on_hover_text("Selected for refinement");
    let enabled = response.enabled();
    let name = format!("Select commitment {id}");
    response.widget_info(|| {
        egui::WidgetInfo::selected(Role::CheckBox, enabled, selected, name.clone())
    });
    if response.changed() {
        commands.push(Command::SetSelected(id.to_owned(), selected));
    }
}
