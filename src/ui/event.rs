//! The "All workshops" view: each workshop a layer on one grid, the commitments the
//! workshops agree and disagree on, their refinements side by side, the merge conflicts
//! with the organizer's choices, and the reasoned response (`ui::response`).

use crate::i18n::{tr, trf};
use crate::ui::LazyHover as _;
use egui::{Color32, RichText, Stroke};
use egui_extras::{Column, TableBuilder};
use egui_plot::{MarkerShape, Points, Polygon};

use crate::app::{Command, EventColumn, EventTab, WindowState};
use crate::document::{Document, Op};
use crate::model::{ConflictKey, Session, Version, Workshop};
use crate::smart::check;
use crate::stats::EventRow;
use crate::ui::grid::{PointLabel, Y_RANGE, bands, paint_labels, show_grid_plot, x_range};
use crate::ui::style::{marker_swatch, workshop_style};

/// Highlight colour for the commitments the workshops disagree on most.
pub const DISAGREE: Color32 = Color32::from_rgb(0xC0, 0x20, 0x20);
/// Label colour of a commitment selected at two or more workshops.
pub const REPEATED: Color32 = Color32::from_rgb(0x00, 0x55, 0x88);
/// How many commitments get the disagreement highlight.
const MOST_DISPUTED: usize = 3;

/// The Event view.
pub fn event_view_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut WindowState,
    commands: &mut Vec<Command>,
) {
    egui::Panel::top("event_tabs")
        .frame(crate::ui::style::side_panel_frame(ui))
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                let conflicts = doc.session().conflicts.len();
                let open = doc
                    .session()
                    .conflicts
                    .iter()
                    .filter(|c| c.resolution().is_none())
                    .count();
                let tabs = [
                    (EventTab::Picture, tr("Grid and table").to_owned()),
                    (
                        EventTab::Refinements,
                        tr("Refinements side by side").to_owned(),
                    ),
                    (
                        EventTab::Conflicts,
                        trf(
                            "Conflicts (%{open} open of %{conflicts})",
                            &[("open", &open), ("conflicts", &conflicts)],
                        ),
                    ),
                    (EventTab::Response, tr("Response")),
                ];
                for (tab, text) in tabs {
                    if ui.selectable_label(state.event_tab == tab, text).clicked() {
                        state.event_tab = tab;
                    }
                }
            });
        });
    match state.event_tab {
        EventTab::Picture => picture_ui(ui, doc, state),
        EventTab::Refinements => refinements_ui(ui, doc, state),
        EventTab::Conflicts => conflicts_ui(ui, doc, commands),
        EventTab::Response => crate::ui::response::response_ui(ui, doc, state, commands),
    }
}

/// The commitments the workshops disagree on most (ringed in red).
pub fn disputed(rows: &[EventRow]) -> Vec<String> {
    let mut by: Vec<&EventRow> = rows.iter().filter(|r| r.disagreement > 0.0).collect();
    by.sort_by(|a, b| b.disagreement.total_cmp(&a.disagreement));
    by.into_iter()
        .take(MOST_DISPUTED)
        .map(|r| r.aggregate.commitment.clone())
        .collect()
}

fn picture_ui(ui: &mut egui::Ui, doc: &Document, state: &mut WindowState) {
    let rows = doc.event_rows(&state.hidden_layers);
    let disputed = disputed(&rows);
    egui::Panel::right("event_table")
        .frame(crate::ui::style::side_panel_frame(ui))
        .default_size(760.0)
        .size_range(520.0..=900.0)
        .show(ui, |ui| table_ui(ui, doc, state, &rows));
    egui::CentralPanel::default()
        .frame(crate::ui::style::central_panel_frame(ui))
        .show(ui, |ui| {
            layers_ui(ui, doc, state, &rows, &disputed);
            merged_grid_ui(ui, doc, state, &rows, &disputed);
        });
}

/// The workshops as layers that can be switched on and off, and the most disputed
/// commitments.
fn layers_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut WindowState,
    rows: &[EventRow],
    disputed: &[String],
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr("Layers:")).strong());
        for (i, w) in doc.session().workshops.iter().enumerate() {
            let (color, shape) = workshop_style(i);
            let mut shown = !state.hidden_layers.contains(&w.id);
            marker_swatch(ui, shape, color);
            let response = ui
                .checkbox(&mut shown, trf("Show %{0}", &[("0", &w.details.name)]))
                .on_hover_text_with(|| {
                    trf(
                        "%{0} · %{1} groups · %{2} selected",
                        &[
                            ("0", &w.details.date),
                            ("1", &w.groups.len()),
                            ("2", &w.selection.len()),
                        ],
                    )
                });
            if response.changed() {
                state.toggle_layer(&w.id);
            }
        }
    });
    // One explanation a line (each wraps on its own): wrapped side by side, a long one and
    // the next were laid over each other.
    ui.vertical(|ui| {
        ui.label(tr("Points: the groups of the workshops shown. Ring: median of all of them; box: middle half."));
        ui.label(RichText::new(tr("Blue number: selected at two or more workshops.")).color(REPEATED));
        if disputed.is_empty() {
            ui.label(RichText::new(tr("Show two or more workshops to see where they disagree.")).weak());
        } else {
            let names: Vec<String> = disputed.iter().map(|id| {
                let d = rows.iter().find(|r| &r.aggregate.commitment == id).map_or(0.0, |r| r.disagreement);
                format!("{id} ({d:.2})")
            }).collect();
            ui.label(RichText::new(trf("Red: the workshops disagree most on %{0}", &[("0", &names.join(", "))])).color(DISAGREE))
                .on_hover_text_with(|| tr("The largest distance between two workshops' medians, both axes scaled to 0–1"));
        }
    });
}

/// The rows the grid and the table show: all, or only those selected at two or more
/// workshops when that filter is on.
fn rows_shown<'a>(state: &mut WindowState, rows: &'a [EventRow]) -> Vec<&'a EventRow> {
    rows.iter()
        .filter(|r| !state.only_repeated || r.selected_by.len() >= 2)
        .collect()
}

/// The merged picture: every visible workshop's points, the medians over them.
pub fn merged_grid_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut WindowState,
    rows: &[EventRow],
    disputed: &[String],
) {
    let session = doc.session();
    let rows = rows_shown(state, rows);
    let shown: std::collections::BTreeSet<&str> = rows
        .iter()
        .map(|r| r.aggregate.commitment.as_str())
        .collect();
    let focus = state
        .focus
        .as_deref()
        .and_then(|id| rows.iter().find(|r| r.aggregate.commitment == id));
    if let Some(r) = focus {
        let title = session
            .commitment(&r.aggregate.commitment)
            .map_or("", |c| c.title.as_str());
        ui.label(
            RichText::new(trf(
                "Picked out (thick ring): %{line}",
                &[(
                    "line",
                    &crate::ui::commitment_line(&r.aggregate.commitment, title, 70),
                )],
            ))
            .strong(),
        );
    }
    let scale = session.ambition_scale;
    let (left, right) = x_range(scale);
    let response = show_grid_plot(ui, "event_grid", scale, |plot_ui| {
        let mut labels = Vec::new();
        plot_ui.set_plot_bounds_x(left..=right);
        plot_ui.set_plot_bounds_y(Y_RANGE.0..=Y_RANGE.1);
        bands(plot_ui, scale, true);
        for r in &rows {
            let a = &r.aggregate;
            let (q1a, q3a) = a.ambition_quartiles;
            let (q1d, q3d) = a.desirability_quartiles;
            plot_ui.polygon(
                Polygon::new("", vec![[q1a, q1d], [q3a, q1d], [q3a, q3d], [q1a, q3d]])
                    .fill_color(Color32::from_black_alpha(8))
                    .stroke(Stroke::new(1.0, Color32::from_gray(170)))
                    .allow_hover(false),
            );
        }
        for (i, w) in session.workshops.iter().enumerate() {
            if state.hidden_layers.contains(&w.id) {
                continue;
            }
            let (color, shape) = workshop_style(i);
            let points: Vec<[f64; 2]> = w
                .placements
                .iter()
                .filter(|p| shown.contains(p.commitment.as_str()))
                .map(|p| [p.ambition, p.desirability])
                .collect();
            plot_ui.points(
                Points::new(w.details.name.clone(), points)
                    .shape(shape)
                    .color(color.gamma_multiply(0.75))
                    .radius(4.5)
                    .filled(true)
                    .allow_hover(false),
            );
        }
        if let Some(r) = focus {
            let a = &r.aggregate;
            plot_ui.points(
                Points::new("", vec![[a.ambition, a.desirability]])
                    .shape(MarkerShape::Circle)
                    .filled(false)
                    .radius(16.0)
                    .color(crate::ui::style::FOCUS_RING)
                    .allow_hover(false),
            );
        }
        for r in &rows {
            let a = &r.aggregate;
            let hot = disputed.contains(&a.commitment);
            let color = if hot { DISAGREE } else { Color32::BLACK };
            plot_ui.points(
                Points::new("", vec![[a.ambition, a.desirability]])
                    .shape(MarkerShape::Circle)
                    .filled(false)
                    .radius(if hot { 11.0 } else { 7.5 })
                    .color(color)
                    .allow_hover(false),
            );
            let label_color = if r.selected_by.len() >= 2 {
                REPEATED
            } else {
                color
            };
            labels.push(PointLabel::new(
                &a.commitment,
                a.ambition,
                a.desirability,
                label_color,
            ));
        }
        labels
    });
    paint_labels(
        ui,
        &response.transform,
        response.response.rect,
        &response.inner,
        15.0,
        9.0,
    );
}

fn table_ui(ui: &mut egui::Ui, doc: &Document, state: &mut WindowState, rows: &[EventRow]) {
    let scale = doc.session().ambition_scale;
    ui.heading(tr("Commitments across workshops"));
    let repeated = rows.iter().filter(|r| r.selected_by.len() >= 2).count();
    let mut only = state.only_repeated;
    if ui
        .checkbox(
            &mut only,
            trf(
                "Only selected at two or more workshops (%{repeated})",
                &[("repeated", &repeated)],
            ),
        )
        .changed()
    {
        state.only_repeated = only;
    }
    let visible: Vec<&Workshop> = doc
        .session()
        .workshops
        .iter()
        .filter(|w| !state.hidden_layers.contains(&w.id))
        .collect();
    // `rows` come in the commitment list's order (as `stats::event_rows` returns them):
    // that order is the "Commitment" column and breaks ties.
    let mut shown: Vec<(usize, &EventRow)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !state.only_repeated || r.selected_by.len() >= 2)
        .collect();
    debug_assert_eq!(shown.len(), rows_shown(state, rows).len());
    let (column, ascending) = state.event_sort;
    shown.sort_by(|(i, a), (j, b)| {
        let (x, y) = (&a.aggregate, &b.aggregate);
        let o = match column {
            EventColumn::Commitment => i.cmp(j),
            EventColumn::Workshops => a.workshops_plotted.cmp(&b.workshops_plotted),
            EventColumn::Groups => x.groups.cmp(&y.groups),
            EventColumn::Desirability => x.desirability.total_cmp(&y.desirability),
            EventColumn::Ambition => x.ambition.total_cmp(&y.ambition),
            EventColumn::Spread => x.spread.total_cmp(&y.spread),
            EventColumn::Disagreement => a.disagreement.total_cmp(&b.disagreement),
            EventColumn::Selected => a.selected_by.len().cmp(&b.selected_by.len()),
        };
        (if ascending { o } else { o.reverse() }).then_with(|| i.cmp(j))
    });
    let mut new_sort = None;
    let mut header = |ui: &mut egui::Ui, text: &str, col: EventColumn| {
        let response = ui.add(egui::Button::new(RichText::new(text).strong()).frame(false));
        let response = match col {
            EventColumn::Spread => response.on_hover_text_with(|| {
                tr("Spread: how far the groups' points lie from their median, on average (both axes scaled to 0–1). 0: every group put it on one spot.")
            }),
            EventColumn::Disagreement => response.on_hover_text_with(|| {
                tr("Disagreement: the largest distance between two workshops' medians, both axes scaled to 0–1. Large: the workshops see it differently.")
            }),
            _ => response,
        };
        crate::ui::name_widget(&response, egui::Role::Button, || {
            trf("Sort by %{text}", &[("text", &text)])
        });
        crate::ui::widgets::sort_arrow(ui, (column == col).then_some(ascending));
        if response.clicked() {
            new_sort = Some((
                col,
                if column == col {
                    !ascending
                } else {
                    col == EventColumn::Commitment
                },
            ));
        }
    };
    {
        TableBuilder::new(ui)
            .striped(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(
                Column::initial(190.0)
                    .at_least(120.0)
                    .clip(true)
                    .resizable(true),
            )
            .columns(Column::exact(62.0).clip(true), 3)
            .column(Column::exact(104.0).clip(true))
            .columns(Column::exact(62.0).clip(true), 2)
            .column(Column::remainder().at_least(90.0).clip(true))
            .header(26.0, |mut h| {
                h.col(|ui| header(ui, &tr("Commitment"), EventColumn::Commitment));
                h.col(|ui| header(ui, &tr("Wksh."), EventColumn::Workshops));
                h.col(|ui| header(ui, &tr("Groups"), EventColumn::Groups));
                h.col(|ui| header(ui, &tr("Desir."), EventColumn::Desirability));
                h.col(|ui| header(ui, &tr("Ambition"), EventColumn::Ambition));
                h.col(|ui| header(ui, &tr("Spread"), EventColumn::Spread));
                h.col(|ui| header(ui, &tr("Disagr."), EventColumn::Disagreement));
                h.col(|ui| header(ui, &tr("Selected at"), EventColumn::Selected));
            })
            .body(|body| {
                // Only the rows in view are laid out (an event can list hundreds).
                body.rows(24.0, shown.len(), |mut row| {
                    let r = shown[row.index()].1;
                    let a = &r.aggregate;
                    let title = doc
                        .session()
                        .commitment(&a.commitment)
                        .map_or("", |c| c.title.as_str());
                    row.set_selected(state.focus.as_deref() == Some(a.commitment.as_str()));
                    row.col(|ui| {
                        let text = format!("{}. {title}", a.commitment);
                        // A cut label shows its whole text on hover itself: no second tooltip.
                        let response = ui.add(
                            egui::Label::new(text)
                                .truncate()
                                .sense(egui::Sense::click()),
                        );
                        crate::ui::scroll_into_view_when_focused(&response);
                        if response.clicked() {
                            state.focus = Some(a.commitment.clone());
                        }
                    });
                    row.col(|ui| {
                        ui.label(r.workshops_plotted.to_string());
                    });
                    row.col(|ui| {
                        ui.label(a.groups.to_string());
                    });
                    row.col(|ui| {
                        ui.label(format!("{:.1}", a.desirability));
                    });
                    row.col(|ui| {
                        ui.label(crate::i18n::localized(&scale.nearest(a.ambition)));
                    });
                    row.col(|ui| {
                        ui.label(format!("{:.2}", a.spread));
                    });
                    row.col(|ui| {
                        ui.label(format!("{:.2}", r.disagreement));
                    });
                    row.col(|ui| {
                        let names: Vec<&str> = r
                            .selected_by
                            .iter()
                            .filter_map(|i| visible.get(*i))
                            .map(|w| w.details.name.as_str())
                            .collect();
                        let text = if names.is_empty() {
                            "—".to_owned()
                        } else {
                            format!("{}: {}", names.len(), names.join(", "))
                        };
                        ui.add(egui::Label::new(text).truncate());
                    });
                });
            });
    }
    if let Some(sort) = new_sort {
        state.event_sort = sort;
    }
}

fn refinements_ui(ui: &mut egui::Ui, doc: &Document, state: &mut WindowState) {
    let session = doc.session();
    let refined: Vec<&str> = session
        .commitments
        .iter()
        .map(|c| c.id.as_str())
        .filter(|id| session.workshops.iter().any(|w| w.refinement(id).is_some()))
        .collect();
    egui::CentralPanel::default()
        .frame(crate::ui::style::central_panel_frame(ui))
        .show(ui, |ui| {
            if refined.is_empty() {
                ui.heading(tr("No commitment has been refined yet."));
                return;
            }
            let focus = state
                .focus
                .clone()
                .filter(|f| refined.contains(&f.as_str()))
                .unwrap_or_else(|| refined[0].to_owned());
            let mut chosen = focus.clone();
            ui.horizontal(|ui| {
                ui.label(tr("Commitment"));
                egui::ComboBox::from_id_salt("refinement_commitment")
                    .selected_text(crate::ui::commitment_line(
                        &chosen,
                        session.commitment(&chosen).map_or("", |c| &c.title),
                        60,
                    ))
                    .show_ui(ui, |ui| {
                        for id in &refined {
                            let title = session.commitment(id).map_or("", |c| c.title.as_str());
                            ui.selectable_value(
                                &mut chosen,
                                (*id).to_owned(),
                                crate::ui::commitment_line(id, title, 60),
                            );
                        }
                    });
            });
            let with: Vec<&Workshop> = session
                .workshops
                .iter()
                .filter(|w| w.refinement(&chosen).is_some())
                .collect();
            ui.label(
                RichText::new(trf(
                    "Refined at %{0} of %{1} workshops.",
                    &[("0", &with.len()), ("1", &session.workshops.len())],
                ))
                .weak(),
            );
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.columns(with.len().max(1), |columns| {
                    for (column, w) in columns.iter_mut().zip(&with) {
                        if let Some(r) = w.refinement(&chosen) {
                            refinement_card_ui(column, w, r);
                        }
                    }
                });
            });
            if chosen != focus || state.focus.as_deref() != Some(chosen.as_str()) {
                state.focus = Some(chosen);
            }
        });
}

fn refinement_card_ui(ui: &mut egui::Ui, w: &Workshop, r: &crate::model::Refinement) {
    let checklist = check(r, &w.details.plan_period);
    ui.heading(&w.details.name);
    ui.label(
        RichText::new(trf(
            "SMART check: %{0}/5 met",
            &[("0", &checklist.met_count())],
        ))
        .strong(),
    );
    for f in &checklist.findings {
        ui.label(
            RichText::new(format!(
                "• {} — {}",
                crate::i18n::localized(&f.criterion),
                crate::i18n::message(&f.message)
            ))
            .color(crate::ui::style::FALLS_SHORT),
        );
    }
    ui.add_space(6.0);
    let field = |ui: &mut egui::Ui, name: &str, text: &str| {
        ui.label(RichText::new(name).strong());
        ui.label(if text.trim().is_empty() { "—" } else { text });
    };
    field(ui, &tr("Lead"), &r.lead);
    field(ui, &tr("Status quo or problem"), &r.problem);
    field(ui, &tr("Main objective"), &r.objective);
    field(ui, &tr("Brief description"), &r.description);
    field(ui, &tr("Ambition"), &r.ambition);
    ui.label(RichText::new(trf("Milestones (%{0})", &[("0", &r.milestones.len())])).strong());
    for (i, m) in r.milestones.iter().enumerate() {
        ui.label(trf(
            "%{0}. %{1} (%{2} – %{3}; %{4} implements, %{5} monitors)",
            &[
                ("0", &(i + 1)),
                ("1", &m.deliverable),
                ("2", &dash(&m.start)),
                ("3", &dash(&m.end)),
                ("4", &dash(&m.implementer)),
                ("5", &dash(&m.monitor)),
            ],
        ));
    }
}

fn dash(text: &str) -> &str {
    if text.trim().is_empty() { "—" } else { text }
}

/// A few lines that show what a version says.
pub fn version_summary(version: &Version, scale: crate::model::AmbitionScale) -> String {
    match version {
        Version::Commitment(c) => trf(
            "%{0}\nTheme: %{1} · %{2} votes\n%{3}",
            &[
                ("0", &c.title),
                ("1", &c.theme),
                ("2", &c.votes),
                ("3", &c.description),
            ],
        ),
        Version::WorkshopDetails(d) => trf(
            "%{0}\n%{1} · %{2} · %{3}\nFacilitator: %{4}\nAttendance: %{5}",
            &[
                ("0", &d.name),
                ("1", &d.location),
                (
                    "2",
                    &match d.mode {
                        crate::model::Mode::InPerson => tr("in person"),
                        crate::model::Mode::Online => tr("online"),
                    },
                ),
                ("3", &d.date),
                ("4", &d.facilitator),
                ("5", &d.attendance.total()),
            ],
        ),
        Version::Group(g) => g.name.clone(),
        Version::Placement(p) => trf(
            "Desirability %{0}\nAmbition %{1} (%{2})%{3}",
            &[
                ("0", &format!("{:.1}", p.desirability)),
                ("1", &format!("{:.1}", p.ambition)),
                ("2", &crate::i18n::localized(&scale.nearest(p.ambition))),
                (
                    "3",
                    &if p.note.is_empty() {
                        String::new()
                    } else {
                        format!("\nNote: {}", p.note)
                    },
                ),
            ],
        ),
        Version::Refinement(r) => trf(
            "Lead: %{0}\nObjective: %{1}\nDescription: %{2}\n%{3} milestones%{4}",
            &[
                ("0", &dash(&r.lead)),
                ("1", &dash(&r.objective)),
                ("2", &dash(&r.description)),
                ("3", &r.milestones.len()),
                (
                    "4",
                    &r.milestones
                        .iter()
                        .map(|m| {
                            format!(
                                "\n• {} ({} – {})",
                                m.deliverable,
                                dash(&m.start),
                                dash(&m.end)
                            )
                        })
                        .collect::<String>(),
                ),
            ],
        ),
        Version::Response(r) => trf(
            "%{0}\n%{1}",
            &[
                ("0", &crate::i18n::localized(&r.outcome)),
                ("1", &dash(&r.reason)),
            ],
        ),
    }
}

/// Background of a field that differs between versions, and of its marker.
const DIFFERS_FILL: Color32 = Color32::from_rgb(0xFF, 0xE8, 0xA8);
const DIFFERS_MARK: Color32 = Color32::from_rgb(0x8A, 0x4B, 0x00);

fn conflicts_ui(ui: &mut egui::Ui, doc: &Document, commands: &mut Vec<Command>) {
    let session: &Session = doc.session();
    egui::CentralPanel::default().frame(crate::ui::style::central_panel_frame(ui)).show(ui, |ui| {
        if session.conflicts.is_empty() {
            ui.heading(tr("No conflicts: the merged files agree on everything they share."));
            return;
        }
        ui.label(tr("Where copies of a file disagree, every version is kept, with the files it came from; the fields that differ are marked. Pick the version that stands, or edit the thing in the other views: your edit is recorded here as the resolution at once. Your choice is saved in the file."));
        egui::ScrollArea::vertical().show(ui, |ui| {
            for (i, conflict) in session.conflicts.iter().enumerate() {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    conflict_ui(ui, session, i, conflict, commands);
                });
                ui.add_space(6.0);
            }
        });
    });
}

/// One conflict: its versions side by side, each with where it came from and the fields
/// that differ from the other versions marked.
fn conflict_ui(
    ui: &mut egui::Ui,
    session: &Session,
    i: usize,
    conflict: &crate::model::Conflict,
    commands: &mut Vec<Command>,
) {
    let n = i + 1;
    let resolved = conflict.resolution().is_some();
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("{n}.")).strong());
        ui.label(
            RichText::new(crate::i18n::message(&crate::merge::describe(
                conflict, session,
            )))
            .strong(),
        );
    });
    let differing = crate::merge::differing_fields(&conflict.versions, session.ambition_scale);
    if !differing.is_empty() {
        let names: Vec<String> = differing.iter().map(crate::i18n::message).collect();
        ui.label(RichText::new(trf("Differs in: %{0}", &[("0", &names.join(", "))])).weak());
    }
    ui.columns(conflict.versions.len().max(1), |columns| {
        for (k, (column, version)) in columns.iter_mut().zip(&conflict.versions).enumerate() {
            let chosen = conflict.resolution() == Some(version);
            let heading = if chosen {
                trf("Version %{0} — chosen", &[("0", &(k + 1))])
            } else {
                trf("Version %{0}", &[("0", &(k + 1))])
            };
            let color = if chosen {
                crate::ui::style::HOLDS
            } else {
                column.visuals().text_color()
            };
            column.label(RichText::new(heading).strong().color(color));
            column.label(
                RichText::new(trf(
                    "From: %{0}",
                    &[(
                        "0",
                        &crate::i18n::message(&crate::merge::describe_sources(
                            conflict.sources_of(k),
                        )),
                    )],
                ))
                .weak(),
            );
            for (name, value) in crate::merge::fields(version, session.ambition_scale) {
                let text = format!(
                    "{}: {}",
                    crate::i18n::message(&name),
                    dash(&crate::i18n::message(&value))
                );
                if differing.contains(&name) {
                    column.horizontal_wrapped(|ui| {
                        ui.label(
                            RichText::new(tr("≠ differs"))
                                .small()
                                .strong()
                                .color(Color32::WHITE)
                                .background_color(DIFFERS_MARK),
                        );
                        ui.label(
                            RichText::new(text)
                                .strong()
                                .color(Color32::BLACK)
                                .background_color(DIFFERS_FILL),
                        );
                    });
                } else {
                    column.label(RichText::new(text).weak());
                }
            }
            let button = column.add_enabled(
                !chosen,
                egui::Button::new(trf("Use version %{0}", &[("0", &(k + 1))])),
            );
            crate::ui::name_widget(&button, egui::Role::Button, || {
                trf(
                    "Use version %{0} of conflict %{n}",
                    &[("0", &(k + 1)), ("n", &n)],
                )
            });
            if button.clicked() {
                commands.push(Command::Edit(Op::Resolve {
                    conflict: i,
                    version: version.clone(),
                }));
            }
        }
    });
    // Edits made in this window are recorded as they are made; a file saved by an older
    // version can still hold an edit that was never recorded.
    let current = crate::merge::current(session, &conflict.key);
    if let Some(current) = current
        && !conflict.versions.contains(&current)
    {
        ui.label(
            RichText::new(tr(
                "The session holds an edited version that is not recorded yet: a later merge would not keep it.",
            ))
            .color(DIFFERS_MARK),
        );
        ui.label(version_summary(&current, session.ambition_scale));
        let button = ui.button(tr("Record the edited version as the resolution"));
        crate::ui::name_widget(&button, egui::Role::Button, || {
            trf("Record edited version of conflict %{n}", &[("n", &n)])
        });
        if button.clicked() {
            commands.push(Command::Edit(Op::Resolve {
                conflict: i,
                version: current,
            }));
        }
    } else if !resolved {
        ui.label(RichText::new(where_to_edit(&conflict.key)).weak());
    }
}

fn where_to_edit(key: &ConflictKey) -> String {
    match key {
        ConflictKey::Commitment(_) => tr("Open: the version in use now is the first one."),
        ConflictKey::WorkshopDetails(_) | ConflictKey::Group { .. } => tr(
            "Open: the first version is in use. To consolidate, edit it in the Workshop view: your edit becomes the resolution.",
        ),
        ConflictKey::Placement { .. } => tr(
            "Open: the first version is in use. To consolidate, move the point in the Plot view: your edit becomes the resolution.",
        ),
        ConflictKey::Refinement { .. } => tr(
            "Open: the first version is in use. To consolidate, edit it in the Refine view: your edit becomes the resolution.",
        ),
        ConflictKey::Response(_) => tr(
            "Open: the first version is in use. To consolidate, edit it in the Response tab: your edit becomes the resolution.",
        ),
    }
}
