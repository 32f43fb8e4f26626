//! The Compare view: every group's point per commitment with the aggregate, and a sortable
//! table to select from.

use crate::i18n::{tr, trf};
use crate::ui::LazyHover as _;
use egui::{RichText, Role};

use crate::app::{Command, SortColumn, WindowState};
use crate::document::Document;
use crate::model::{AmbitionScale, Commitment};
use crate::stats::Aggregate;
use crate::ui::grid::{GridEvent, GridInput, GridMode, grid_ui};
use crate::ui::name_widget;
use crate::ui::style::{paint_theme_chip, theme_chip_size};
use crate::ui::widgets::{selection_checkbox, sort_arrow, sort_arrow_size};

/// The Compare view.
pub fn compare_view_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut WindowState,
    commands: &mut Vec<Command>,
) {
    let aggregates = doc.aggregates(state.workshop_index);
    // Never narrower than the table's columns (the commitment at its narrowest).
    let frame = crate::ui::style::side_panel_frame(ui);
    let margins = frame.inner_margin.sum().x;
    let scale = doc.session().ambition_scale;
    let widths = column_widths(ui, scale);
    let narrowest =
        column_spans(&widths, 0.0)[5].max + ui.spacing().scroll.allocated_width() + margins;
    egui::Panel::right("compare_table")
        .frame(frame)
        .default_size(narrowest.max(540.0))
        .size_range(narrowest..=narrowest.max(900.0))
        .show(ui, |ui| {
            ui.heading(tr("All groups"));
            ui.label(
                RichText::new(tr(
                    "Click a column to sort, a row to pick it out on the grid. Tick a commitment to select it for refinement.",
                ))
                .weak(),
            );
            let themes = crate::ui::style::themes_of(
                doc.session().commitments.iter().map(|c| c.theme.as_str()),
            );
            crate::ui::style::theme_legend_ui(ui, &themes);
            table_ui(ui, doc, state, &aggregates, &widths, commands);
        });
    egui::CentralPanel::default()
        .frame(crate::ui::style::central_panel_frame(ui))
        .show(ui, |ui| {
            let input = GridInput {
                commitments: &doc.session().commitments,
                workshop: doc.workshop(state.workshop_index),
                scale,
                aggregates: &aggregates,
                mode: GridMode::AllGroups,
                focus: state.focus.as_deref(),
                dragging: None,
                version: crate::app::content_version(doc, state.workshop_index),
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

/// Height of a table row and of the header, in points.
const ROW_HEIGHT: f32 = 24.0;
const HEADER_HEIGHT: f32 = 26.0;
/// Space between two columns.
const COLUMN_GAP: f32 = 8.0;
/// The checkbox column.
const SELECT_WIDTH: f32 = 28.0;
/// The commitment column never gets narrower than this; the numbers keep their width.
const MIN_TITLE_WIDTH: f32 = 140.0;

/// The sortable columns, left to right after the checkbox.
const SORTABLE: [SortColumn; 5] = [
    SortColumn::Commitment,
    SortColumn::Desirability,
    SortColumn::Ambition,
    SortColumn::Spread,
    SortColumn::Groups,
];

fn column_title(column: SortColumn) -> String {
    match column {
        SortColumn::Commitment => tr("Commitment"),
        SortColumn::Desirability => tr("Desirability"),
        SortColumn::Ambition => tr("Ambition"),
        SortColumn::Spread => tr("Spread"),
        SortColumn::Groups => tr("Groups"),
    }
}

/// The columns' widths: the checkbox, then the [`SORTABLE`] columns. The numbers are as
/// wide as their header button (or the widest ambition level); the commitment's is its
/// narrowest ([`MIN_TITLE_WIDTH`] or its header), [`column_spans`] gives it the rest.
fn column_widths(ui: &egui::Ui, scale: AmbitionScale) -> [f32; 6] {
    let text_width = |text: RichText, style: egui::TextStyle| {
        egui::WidgetText::from(text)
            .into_galley(ui, Some(egui::TextWrapMode::Extend), f32::INFINITY, style)
            .size()
            .x
    };
    let spacing = ui.spacing();
    let arrow = sort_arrow_size(ui);
    let header = |column| {
        text_width(
            RichText::new(column_title(column)).strong(),
            egui::TextStyle::Button,
        ) + 2.0 * spacing.button_padding.x
            + spacing.item_spacing.x
            + arrow
    };
    let ambition_labels = scale
        .levels()
        .iter()
        .map(|level| {
            text_width(
                RichText::new(crate::i18n::localized(level)),
                egui::TextStyle::Body,
            )
        })
        .fold(0.0, f32::max);
    [
        SELECT_WIDTH,
        MIN_TITLE_WIDTH.max(header(SortColumn::Commitment)),
        header(SortColumn::Desirability),
        header(SortColumn::Ambition).max(ambition_labels),
        header(SortColumn::Spread),
        header(SortColumn::Groups),
    ]
}

/// Where each column lies, measured from the table's left edge, for a table `width` wide:
/// the commitment column takes what the others leave, and at least its narrowest.
fn column_spans(widths: &[f32; 6], width: f32) -> [egui::Rangef; 6] {
    let others: f32 = widths.iter().sum::<f32>() - widths[1] + COLUMN_GAP * 5.0;
    let mut spans = [egui::Rangef::new(0.0, 0.0); 6];
    let mut x = 0.0;
    for (i, span) in spans.iter_mut().enumerate() {
        let w = if i == 1 {
            (width - others).max(widths[1])
        } else {
            widths[i]
        };
        *span = egui::Rangef::new(x, x + w);
        x += w + COLUMN_GAP;
    }
    spans
}

/// The table: a header of sort buttons, then one row per commitment, only the rows in view
/// laid out (a big event has hundreds). A row is one widget, painted directly: clicking it
/// focuses the commitment on the grid, hovering it shows the whole title, and a screen
/// reader hears the row's values as its name. Its checkbox is a real checkbox.
fn table_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut WindowState,
    aggregates: &[Aggregate],
    widths: &[f32; 6],
    commands: &mut Vec<Command>,
) {
    let rows = sorted_rows(aggregates, state.sort);
    // Nothing in the table is text to copy; selectable labels cost time in every row.
    ui.style_mut().interaction.selectable_labels = false;
    let spans = column_spans(
        widths,
        ui.available_width() - ui.spacing().scroll.allocated_width(),
    );
    // Narrower than its columns need, the table widens the panel (up to the panel's limit).
    let width = spans[5].max;

    let (_, header) = ui.allocate_space(egui::vec2(width, HEADER_HEIGHT));
    let cell = |i: usize, y: egui::Rangef| {
        egui::Rect::from_x_y_ranges(shifted(spans[i], header.left()), y)
    };
    let layout = egui::Layout::left_to_right(egui::Align::Center);
    let mut sel = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(cell(0, header.y_range()))
            .layout(layout),
    );
    sel.label(tr("Sel."))
        .on_hover_text_with(|| tr("Selected for refinement"));
    for (i, column) in SORTABLE.into_iter().enumerate() {
        let rect = cell(i + 1, header.y_range());
        let mut ui = ui.new_child(egui::UiBuilder::new().max_rect(rect).layout(layout));
        let response = sort_header(&mut ui, column, state);
        if column == SortColumn::Spread {
            response.on_hover_text_with(|| {
                tr("How far the groups are apart: 0 = all on one spot, about 1 = opposite corners")
            });
        }
    }

    if rows.is_empty() {
        ui.add_space(8.0);
        ui.label(
            RichText::new(tr(
                "Nothing placed yet: the groups place the commitments in the Plot view.",
            ))
            .weak(),
        );
        return;
    }
    ui.scope(|ui| {
        ui.spacing_mut().item_spacing.y = 0.0;
        egui::ScrollArea::vertical()
            .auto_shrink([false; 2])
            .show_rows(ui, ROW_HEIGHT, rows.len(), |ui, range| {
                let origin = ui.max_rect().left_top();
                for (k, index) in range.enumerate() {
                    let a = rows[index];
                    let Some(c) = doc.session().commitment(&a.commitment) else {
                        continue;
                    };
                    let top = origin.y + k as f32 * ROW_HEIGHT;
                    let rect = egui::Rect::from_min_size(
                        egui::pos2(origin.x, top),
                        egui::vec2(width, ROW_HEIGHT),
                    );
                    row_ui(ui, rect, &spans, index, a, c, doc, state, commands);
                }
            });
    });
}

fn shifted(span: egui::Rangef, x: f32) -> egui::Rangef {
    egui::Rangef::new(span.min + x, span.max + x)
}

/// One column header: a button that sorts by the column (again: reverses), and the arrow
/// of the current sort.
fn sort_header(ui: &mut egui::Ui, column: SortColumn, state: &mut WindowState) -> egui::Response {
    let label = column_title(column);
    let response = ui.button(RichText::new(&label).strong());
    // The arrow's space is kept on every column, so sorting does not shift the layout.
    sort_arrow(ui, (state.sort.0 == column).then_some(state.sort.1));
    name_widget(&response, Role::Button, || {
        trf("Sort by %{label}", &[("label", &label)])
    });
    if response.clicked() {
        // Numbers sort high-first on the first click: the room asks "what ranks highest?".
        let ascending = if state.sort.0 == column {
            !state.sort.1
        } else {
            column == SortColumn::Commitment
        };
        state.sort = (column, ascending);
    }
    response
}

#[allow(clippy::too_many_arguments)]
fn row_ui(
    ui: &mut egui::Ui,
    rect: egui::Rect,
    spans: &[egui::Rangef; 6],
    index: usize,
    a: &Aggregate,
    c: &Commitment,
    doc: &Document,
    state: &mut WindowState,
    commands: &mut Vec<Command>,
) {
    let response = ui.interact(
        rect,
        ui.make_persistent_id(("compare-row", &c.id)),
        egui::Sense::click(),
    );
    let line = format!("{}. {}", c.id, c.title);
    let ambition = crate::i18n::localized(&doc.session().ambition_scale.nearest(a.ambition));
    let desirability = format!("{:.1}", a.desirability);
    let spread = format!("{:.2}", a.spread);
    let groups = a.groups.to_string();
    let focused = state.focus.as_deref() == Some(c.id.as_str());
    let enabled = response.enabled();
    // Named only when asked (a screen reader or a test is listening); "selected" is the
    // row picked out on the grid.
    response.widget_info(|| {
        let name = trf(
            "%{commitment}: desirability %{desirability}, ambition %{ambition}, spread %{spread}, %{groups} groups",
            &[
                ("commitment", &line),
                ("desirability", &desirability),
                ("ambition", &ambition),
                ("spread", &spread),
                ("groups", &groups),
            ],
        );
        egui::WidgetInfo::selected(Role::Button, enabled, focused, name)
    });

    let visuals = ui.visuals();
    let fill = if focused {
        Some(visuals.selection.bg_fill)
    } else if response.contains_pointer() {
        // Also over the row's checkbox, which takes the hover for itself.
        Some(visuals.widgets.hovered.weak_bg_fill)
    } else {
        (index % 2 == 1).then_some(visuals.faint_bg_color)
    };
    let painter = ui.painter();
    if let Some(fill) = fill {
        painter.rect_filled(rect, 0.0, fill);
    }
    let cell =
        |i: usize| egui::Rect::from_x_y_ranges(shifted(spans[i], rect.left()), rect.y_range());
    let color = visuals.text_color();
    let text = |rect: egui::Rect, text: String| {
        let galley = egui::WidgetText::from(text).into_galley(
            ui,
            Some(egui::TextWrapMode::Truncate),
            rect.width(),
            egui::TextStyle::Body,
        );
        let pos = egui::pos2(rect.left(), rect.center().y - galley.size().y / 2.0);
        painter.galley(pos, galley, color);
    };

    let title = cell(1);
    let chip = theme_chip_size(ui);
    let chip_rect = egui::Rect::from_center_size(
        egui::pos2(title.left() + chip / 2.0, title.center().y),
        egui::Vec2::splat(chip),
    );
    paint_theme_chip(painter, chip_rect, &c.theme);
    let title = title.with_min_x(chip_rect.right() + ui.spacing().item_spacing.x);
    text(title, line.clone());
    text(cell(2), desirability);
    text(cell(3), ambition);
    text(cell(4), spread);
    text(cell(5), groups);

    let response = response.on_hover_ui(|ui| {
        ui.label(RichText::new(&line).strong());
        ui.label(RichText::new(&c.theme).weak());
        ui.label(trf(
            "Ambition: median %{0}",
            &[("0", &format!("{:.2}", a.ambition))],
        ));
        // The groups' reasons for where they put it.
        let w = doc.workshop(state.workshop_index);
        for p in w
            .placements
            .iter()
            .filter(|p| p.commitment == c.id && !p.note.trim().is_empty())
        {
            let group = w.group(p.group).map_or("", |g| g.name.as_str());
            ui.label(trf(
                "%{group}: “%{note}”",
                &[("group", &group), ("note", &p.note.trim())],
            ));
        }
    });
    if response.clicked() {
        state.focus = Some(c.id.clone());
    }
    crate::ui::scroll_into_view_when_focused(&response);
    if response.has_focus() {
        // Reached with Tab: Enter or Space picks the commitment out on the grid.
        ui.painter().rect_stroke(
            rect.shrink(1.0),
            2.0,
            ui.visuals().selection.stroke,
            egui::StrokeKind::Inside,
        );
    }

    // The checkbox last, so it is on top of the row for the pointer.
    let mut check = ui.new_child(
        egui::UiBuilder::new()
            .scope_id(ui.make_persistent_id(("select", &c.id)))
            .max_rect(cell(0))
            .layout(egui::Layout::left_to_right(egui::Align::Center)),
    );
    selection_checkbox(&mut check, doc, state, &c.id, commands);
}
