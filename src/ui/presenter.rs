//! Presenter mode: for the wall. Full screen, large type, a high-contrast light theme, the
//! grid filling the screen with the groups' legend, the current group's name large and the
//! timer. No editing panels, and never the sign-ups: personal data stays off the wall.

use crate::i18n::{tr, trf};
use crate::ui::LazyHover as _;
use egui::RichText;

use crate::app::actions::Action;
use crate::app::{Command, View, WindowState};
use crate::document::Document;
use crate::ui::grid::{GridInput, GridMode, grid_plot_ui};
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
pub fn presenter_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut WindowState,
    commands: &mut Vec<Command>,
) {
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
                        let w = doc.workshop(state.workshop_index);
                        match state.group.and_then(|g| w.group(g)).filter(|_| !all_groups) {
                            Some(g) => {
                                let (color, shape) = group_style(g.id);
                                marker_swatch(ui, shape, color);
                                let name = RichText::new(&g.name).size(TITLE_SIZE).strong().color(
                                    crate::ui::style::readable_on(color, ui.visuals().panel_fill),
                                );
                                ui.add(egui::Label::new(name).wrap());
                                ui.add(
                                    egui::Label::new(RichText::new(tr("is plotting")).size(22.0))
                                        .wrap(),
                                );
                            }
                            None => {
                                let title = if state.view == View::Event {
                                    trf(
                                        "All workshops (%{0})",
                                        &[("0", &doc.session().workshops.len())],
                                    )
                                } else {
                                    trf("%{0} — all groups", &[("0", &w.details.name)])
                                };
                                let size = fitted_size(ui, &title, TITLE_SIZE);
                                // Smaller first, then on two lines: never cut.
                                let title = RichText::new(title).size(size).strong();
                                ui.add(egui::Label::new(title).wrap());
                            }
                        }
                    });
                });
            });
            if !all_groups {
                // The other groups, so the room knows whose turn comes next.
                ui.horizontal_wrapped(|ui| {
                    for g in &doc.workshop(state.workshop_index).groups {
                        crate::ui::style::group_legend_entry(ui, g);
                        ui.add_space(10.0);
                    }
                });
            }
        });
    egui::CentralPanel::default()
        .frame(crate::ui::style::central_panel_frame(ui))
        .show(ui, |ui| {
            let from_all_workshops = state.view == View::Event;
            // The grid comes near square; the column beside it holds the criteria, the
            // legend and the key. Where the key would not fit at its size, the grid gives
            // up width (never the key its size: it must read from the back).
            let avail = ui.available_size();
            let gap = 16.0;
            // Measured once per content, screen and zoom, not every frame: each step lays out
            // the whole key.
            let layout_key = {
                use std::hash::{Hash as _, Hasher as _};
                let mut h = std::hash::DefaultHasher::new();
                crate::app::content_version(doc, state.workshop_index).hash(&mut h);
                (
                    all_groups,
                    from_all_workshops,
                    state.group,
                    state.only_repeated,
                )
                    .hash(&mut h);
                state.hidden_layers.hash(&mut h);
                for v in [avail.x, avail.y, ui.ctx().pixels_per_point()] {
                    v.to_bits().hash(&mut h);
                }
                h.finish()
            };
            let memo = egui::Id::unique("wall_key");
            let known = ui
                .data(|d| d.get_temp::<WallKey>(memo))
                .filter(|k| k.content == layout_key);
            let key = match known {
                Some(key) => key,
                None => {
                    let entries = key_entries(doc, state, all_groups, from_all_workshops);
                    let mut grid_width = avail.y.min(avail.x * 0.66);
                    while grid_width > avail.x * 0.4
                        && key_height(ui, &entries, avail.x - grid_width - gap) > avail.y
                    {
                        grid_width -= avail.x * 0.02;
                    }
                    let key = WallKey {
                        content: layout_key,
                        grid_width,
                        entries: entries.into(),
                        galleys: None,
                    };
                    ui.data_mut(|d| d.insert_temp(memo, key.clone()));
                    key
                }
            };
            // While the room is open for placing, the groups' codes take the column (and more
            // of the wall: a code must scan from the back of the room); the phones show the
            // criteria. Once locked, the criteria, the legend and the key are back.
            let joining = state.room.clone().filter(|r| !r.locked);
            let grid_width = if joining.is_some() {
                (avail.x * 0.45).min(avail.y)
            } else {
                key.grid_width
            };
            ui.horizontal_top(|ui| {
                ui.spacing_mut().item_spacing.x = gap;
                ui.allocate_ui_with_layout(
                    egui::vec2(grid_width, avail.y),
                    egui::Layout::top_down(egui::Align::Min),
                    |ui| {
                        wall_grid_ui(ui, doc, state, all_groups, from_all_workshops, commands);
                    },
                );
                ui.allocate_ui_with_layout(
                    egui::vec2(avail.x - grid_width - gap, avail.y),
                    egui::Layout::top_down(egui::Align::Min),
                    |ui| {
                        ui.set_width(ui.available_width());
                        match &joining {
                            Some(room) => crate::ui::room::join_cards_ui(ui, doc, room),
                            None => {
                                key_column_ui(ui, doc, state, all_groups, from_all_workshops);
                                key_lines_ui(ui, memo, key);
                            }
                        }
                    },
                );
            });
        });
}

/// The grid on the wall: the merged picture when presenting from All workshops, the room's
/// picture, or the plotting group's own grid.
fn wall_grid_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut WindowState,
    all_groups: bool,
    from_all_workshops: bool,
    commands: &mut Vec<Command>,
) {
    if from_all_workshops {
        let rows = doc.event_rows(&state.hidden_layers);
        let disputed = crate::ui::event::disputed(&rows);
        // The wall shows no ring for a row picked in the window: nothing there explains it.
        let focus = state.focus.take();
        crate::ui::event::merged_grid_ui(ui, doc, state, &rows, &disputed);
        state.focus = focus;
        return;
    }
    let aggregates = if all_groups {
        doc.aggregates(state.workshop_index)
    } else {
        std::sync::Arc::from([])
    };
    let mode = match state.group {
        Some(g) if !all_groups => GridMode::Group(g),
        _ => GridMode::AllGroups,
    };
    let input = GridInput {
        commitments: &doc.session().commitments,
        workshop: doc.workshop(state.workshop_index),
        scale: doc.session().ambition_scale,
        aggregates: &aggregates,
        mode,
        // The wall shows no ring: nothing there would explain it to the room.
        focus: None,
        dragging: state.dragging.as_deref(),
        version: crate::app::content_version(doc, state.workshop_index),
    };
    let events = grid_plot_ui(ui, &input);
    if let GridMode::Group(_) = mode {
        apply_grid_events(state, events, commands);
    }
}

/// The wall's key as last measured: for which content, screen and zoom; the grid's width
/// that leaves the key room at its size; the entries and, once drawn, their lines at the
/// column's width.
#[derive(Clone)]
struct WallKey {
    content: u64,
    grid_width: f32,
    entries: std::sync::Arc<[KeyEntry]>,
    galleys: Option<(f32, std::sync::Arc<[std::sync::Arc<egui::Galley>]>)>,
}

/// One line of the wall's key: the point's number (in its label's colour) and the title.
struct KeyEntry {
    id: String,
    title: String,
    color: egui::Color32,
}

/// The key's type size: 14 points, 28 px at the wall's zoom on a 1080 px screen (2.6 % of
/// its height), as the points' numbers.
const KEY_SIZE: f32 = 14.0;

/// The commitments on the grid, with their labels' colours.
fn key_entries(
    doc: &Document,
    state: &mut WindowState,
    all_groups: bool,
    from_all_workshops: bool,
) -> Vec<KeyEntry> {
    let title = |id: &str| {
        doc.session()
            .commitment(id)
            .map_or_else(String::new, |c| c.title.clone())
    };
    if from_all_workshops {
        let rows = doc.event_rows(&state.hidden_layers);
        let disputed = crate::ui::event::disputed(&rows);
        return rows
            .iter()
            .filter(|r| !state.only_repeated || r.selected_by.len() >= 2)
            .map(|r| {
                let id = r.aggregate.commitment.clone();
                let color = if r.selected_by.len() >= 2 {
                    crate::ui::event::REPEATED
                } else if disputed.contains(&id) {
                    crate::ui::event::DISAGREE
                } else {
                    egui::Color32::BLACK
                };
                KeyEntry {
                    title: title(&id),
                    id,
                    color,
                }
            })
            .collect();
    }
    if all_groups {
        let aggregates = doc.aggregates(state.workshop_index);
        return aggregates
            .iter()
            .map(|a| KeyEntry {
                id: a.commitment.clone(),
                title: title(&a.commitment),
                color: if doc
                    .workshop(state.workshop_index)
                    .is_selected(&a.commitment)
                {
                    crate::ui::grid::SELECTED_LABEL
                } else {
                    egui::Color32::BLACK
                },
            })
            .collect();
    }
    let group = state.group;
    doc.session()
        .commitments
        .iter()
        .filter(|c| {
            group.is_some_and(|g| {
                doc.workshop(state.workshop_index)
                    .placement(g, &c.id)
                    .is_some()
            })
        })
        .map(|c| KeyEntry {
            id: c.id.clone(),
            title: c.title.clone(),
            color: egui::Color32::BLACK,
        })
        .collect()
}

/// The key's lines laid out at `width`: number and title, the title wrapped (never cut).
fn key_galleys(
    ui: &egui::Ui,
    entries: &[KeyEntry],
    width: f32,
) -> Vec<std::sync::Arc<egui::Galley>> {
    let text = ui.visuals().text_color();
    entries
        .iter()
        .map(|e| {
            let mut job = egui::text::LayoutJob::default();
            job.wrap.max_width = width.max(40.0);
            job.append(
                &format!("{}  ", e.id),
                0.0,
                egui::TextFormat::simple(egui::FontId::proportional(KEY_SIZE), e.color),
            );
            job.append(
                &e.title,
                0.0,
                egui::TextFormat::simple(egui::FontId::proportional(KEY_SIZE), text),
            );
            ui.fonts_mut(|f| f.layout_job(job))
        })
        .collect()
}

/// The height the criteria, legend and key need at `width` (the criteria and legend are
/// counted at about four lines).
fn key_height(ui: &egui::Ui, entries: &[KeyEntry], width: f32) -> f32 {
    let spacing = ui.spacing().item_spacing.y;
    let body = ui.text_style_height(&egui::TextStyle::Body);
    let lines: f32 = key_galleys(ui, entries, width)
        .iter()
        .map(|g| g.size().y + spacing)
        .sum();
    lines + 5.0 * (body + spacing) + 24.0
}

/// Beside the grid: what desirability means, whose points these are, and the key from
/// number to title.
fn key_column_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut WindowState,
    all_groups: bool,
    from_all_workshops: bool,
) {
    crate::ui::grid::criteria_ui(ui);
    ui.add_space(6.0);
    if from_all_workshops {
        ui.horizontal_wrapped(|ui| {
            for (i, w) in doc.session().workshops.iter().enumerate() {
                if state.hidden_layers.contains(&w.id) {
                    continue;
                }
                let (color, shape) = crate::ui::style::workshop_style(i);
                marker_swatch(ui, shape, color);
                ui.label(RichText::new(&w.details.name).strong());
                ui.add_space(8.0);
            }
        });
        ui.label(tr(
            "Ring: median of all groups · box: middle half · red: the workshops disagree most · blue: selected at two or more",
        ));
    } else if all_groups {
        crate::ui::grid::legend_ui(ui, doc.workshop(state.workshop_index));
    }
}

/// The key from number to title, below the criteria and the legend: laid out once per
/// content and width, and only as far down as the wall shows.
fn key_lines_ui(ui: &mut egui::Ui, memo: egui::Id, mut key: WallKey) {
    ui.add_space(6.0);
    let width = ui.available_width();
    let galleys = match &key.galleys {
        Some((w, galleys)) if *w == width => std::sync::Arc::clone(galleys),
        _ => {
            let galleys: std::sync::Arc<[_]> = key_galleys(ui, &key.entries, width).into();
            key.galleys = Some((width, std::sync::Arc::clone(&galleys)));
            ui.data_mut(|d| d.insert_temp(memo, key));
            galleys
        }
    };
    let bottom = ui.clip_rect().bottom();
    for galley in galleys.iter() {
        if ui.cursor().top() > bottom {
            break; // past the wall's edge: nothing more would show
        }
        ui.add(egui::Label::new(galley.clone()).selectable(false));
    }
}
