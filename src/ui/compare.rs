//! The Compare view: every group's point per commitment with the aggregate, and a sortable
//! table to select from.

use crate::i18n::{tr, trf};
use egui::{RichText, Role};
use egui_extras::{Column, TableBuilder};

use crate::app::{AppState, Command, SortColumn};
use crate::stats::Aggregate;
use crate::ui::grid::{GridEvent, GridInput, GridMode, grid_ui};
use crate::ui::plot::selection_checkbox;
use crate::ui::{name_widget, style::theme_chip};

/// The Compare view.
pub fn compare_view_ui(ui: &mut egui::Ui, state: &mut AppState, commands: &mut Vec<Command>) {
    let aggregates = state.aggregates();
    egui::Panel::right("compare_table")
        .default_size(520.0)
        .size_range(420.0..=900.0)
        .show(ui, |ui| {
            ui.heading(tr("All groups"));
            ui.label(
                RichText::new(tr(
                    "Click a column to sort. Tick a commitment to select it for refinement.",
                ))
                .weak(),
            );
            table_ui(ui, state, &aggregates, commands);
        });
    egui::CentralPanel::default().show(ui, |ui| {
        let input = GridInput {
            commitments: &state.session.commitments,
            workshop: state.workshop(),
            aggregates: &aggregates,
            mode: GridMode::AllGroups,
            focus: state.focus.as_deref(),
            dragging: None,
            version: state.content_version(),
        };
        for event in grid_ui(ui, &input) {
            if let GridEvent::Clicked(id) = event {
                state.focus = Some(id);
            }
        }
    });
}

/// The rows of the table, sorted as the user asked. `aggregates` are in the commitment
/// list's order (as `stats::aggregates` returns them), which breaks ties and is the
/// "Commitment" order; the sort is stable.
pub fn sorted_rows(aggregates: &[Aggregate], sort: (SortColumn, bool)) -> Vec<&Aggregate> {
    let mut rows: Vec<(usize, &Aggregate)> = aggregates.iter().enumerate().collect();
    rows.sort_by(|(i, a), (j, b)| {
        let order = match sort.0 {
            SortColumn::Commitment => i.cmp(j),
            SortColumn::Desirability => a.desirability.total_cmp(&b.desirability),
            SortColumn::Ambition => a.ambition.total_cmp(&b.ambition),
            SortColumn::Spread => a.spread.total_cmp(&b.spread),
            SortColumn::Groups => a.groups.cmp(&b.groups),
        };
        let order = if sort.1 { order } else { order.reverse() };
        order.then_with(|| i.cmp(j))
    });
    rows.into_iter().map(|(_, a)| a).collect()
}

fn table_ui(
    ui: &mut egui::Ui,
    state: &mut AppState,
    aggregates: &[Aggregate],
    commands: &mut Vec<Command>,
) {
    let rows = sorted_rows(aggregates, state.sort);
    let mut new_sort = None;
    let header = |ui: &mut egui::Ui,
                  label: &str,
                  column: SortColumn,
                  sort: (SortColumn, bool),
                  new_sort: &mut Option<(SortColumn, bool)>| {
        let response = ui.button(RichText::new(label).strong());
        // The arrow's space is kept on every column, so sorting does not shift the layout.
        sort_arrow(ui, (sort.0 == column).then_some(sort.1));
        name_widget(&response, Role::Button, || {
            trf("Sort by %{label}", &[("label", &label)])
        });
        if response.clicked() {
            // Numbers sort high-first on the first click: the room asks "what ranks highest?".
            let ascending = if sort.0 == column {
                !sort.1
            } else {
                column == SortColumn::Commitment
            };
            *new_sort = Some((column, ascending));
        }
    };
    let sort = state.sort;
    // Nothing in the table is text to copy; selectable labels cost time in every row.
    ui.style_mut().interaction.selectable_labels = false;
    TableBuilder::new(ui)
        .striped(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(28.0))
        .column(Column::remainder().at_least(160.0).clip(true))
        .column(Column::auto().at_least(70.0))
        .column(Column::auto().at_least(70.0))
        .column(Column::auto().at_least(60.0))
        .column(Column::auto().at_least(56.0))
        .header(26.0, |mut h| {
            h.col(|ui| {
                ui.label(tr("Sel.")).on_hover_text(tr("Selected for refinement"));
            });
            h.col(|ui| header(ui, &tr("Commitment"), SortColumn::Commitment, sort, &mut new_sort));
            h.col(|ui| header(ui, &tr("Desirability"), SortColumn::Desirability, sort, &mut new_sort));
            h.col(|ui| header(ui, &tr("Ambition"), SortColumn::Ambition, sort, &mut new_sort));
            h.col(|ui| header(ui, &tr("Spread"), SortColumn::Spread, sort, &mut new_sort));
            h.col(|ui| header(ui, &tr("Groups"), SortColumn::Groups, sort, &mut new_sort));
        })
        .body(|body| {
            // Only the rows in view are laid out (a big event has hundreds).
            body.rows(24.0, rows.len(), |mut row| {
                let a = rows[row.index()];
                let Some(c) = state.session.commitment(&a.commitment) else { return };
                let focused = state.focus.as_deref() == Some(a.commitment.as_str());
                row.set_selected(focused);
                row.col(|ui| selection_checkbox(ui, state, &c.id, commands));
                row.col(|ui| {
                    theme_chip(ui, &c.theme);
                    let text = format!("{}. {}", c.id, c.title);
                    if ui.add(egui::Label::new(text).truncate().sense(egui::Sense::click())).on_hover_text(&c.title).clicked() {
                        commands.push(Command::Focus(c.id.clone()));
                    }
                });
                row.col(|ui| {
                    ui.label(format!("{:.1}", a.desirability));
                });
                row.col(|ui| {
                    ui.label(a.ambition_level().label()).on_hover_ui(|ui| {
                        ui.label(trf("median %{0}", &[("0", &format!("{:.2}", a.ambition))]));
                    });
                });
                row.col(|ui| {
                    ui.label(format!("{:.2}", a.spread)).on_hover_text(tr("How far the groups are apart: 0 = all on one spot, about 1 = opposite corners"),
                    );
                });
                row.col(|ui| {
                    ui.label(a.groups.to_string());
                });
            });
        });
    if let Some(sort) = new_sort {
        state.sort = sort;
    }
}

/// A small triangle: up for ascending, down for descending (drawn: the default fonts have
/// no arrow glyphs).
pub fn sort_arrow(ui: &mut egui::Ui, ascending: Option<bool>) {
    let size = egui::Vec2::splat(ui.text_style_height(&egui::TextStyle::Body) * 0.7);
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let Some(ascending) = ascending else { return };
    let (c, r) = (rect.center(), rect.width() * 0.45);
    let points = if ascending {
        vec![
            c + egui::vec2(0.0, -r),
            c + egui::vec2(r, r * 0.7),
            c + egui::vec2(-r, r * 0.7),
        ]
    } else {
        vec![
            c + egui::vec2(-r, -r * 0.7),
            c + egui::vec2(r, -r * 0.7),
            c + egui::vec2(0.0, r),
        ]
    };
    let color = ui.visuals().strong_text_color();
    ui.painter().add(egui::Shape::convex_polygon(
        points,
        color,
        egui::Stroke::NONE,
    ));
}
