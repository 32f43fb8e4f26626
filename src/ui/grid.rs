//! The desirability × ambition grid (egui_plot). It draws a workshop's placements and
//! reports drags and drops; it changes nothing itself.

use crate::i18n::{tr, trf};
use egui::{Align2, Color32, RichText, Stroke, Vec2};
use egui_plot::{
    GridMark, Line, MarkerShape, Plot, PlotPoint, PlotPoints, Points, Polygon, Text, VLine,
};

use crate::model::{
    AMBITION_MAX, AmbitionLevel, Commitment, DESIRABILITY_CRITERIA, DESIRABILITY_MAX, Workshop,
};
use crate::stats::Aggregate;
use crate::ui::style::group_style;

/// What the grid shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GridMode {
    /// One group's placements, draggable.
    Group(u32),
    /// Every group's points and the aggregate per commitment.
    AllGroups,
}

/// What happened on the grid this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum GridEvent {
    /// A drag began on this commitment's point.
    DragStarted(String),
    /// The dragged point is now here.
    DraggedTo {
        /// Commitment id.
        commitment: String,
        /// 0–10.
        desirability: f64,
        /// 0–3.
        ambition: f64,
    },
    /// The drag ended.
    DragStopped,
    /// A commitment from the tray was dropped here.
    Dropped {
        /// Commitment id.
        commitment: String,
        /// 0–10.
        desirability: f64,
        /// 0–3.
        ambition: f64,
    },
    /// A point was clicked.
    Clicked(String),
}

/// Everything the grid needs to draw.
pub struct GridInput<'a> {
    /// The commitment list (titles for hover).
    pub commitments: &'a [Commitment],
    /// The workshop whose placements are drawn.
    pub workshop: &'a Workshop,
    /// Aggregates, drawn in [`GridMode::AllGroups`].
    pub aggregates: &'a [Aggregate],
    /// What to draw.
    pub mode: GridMode,
    /// Highlighted commitment.
    pub focus: Option<&'a str>,
    /// The commitment being dragged.
    pub dragging: Option<&'a str>,
}

pub const X_RANGE: (f64, f64) = (-0.35, AMBITION_MAX + 0.35);
pub const Y_RANGE: (f64, f64) = (-0.4, DESIRABILITY_MAX + 0.75);
/// How close (in points) the pointer must be to pick up a marker.
const PICK_RADIUS: f32 = 16.0;

/// The plot with the grid's fixed axes: ambition levels on x, desirability 0–10 on y; no
/// panning or zooming, so a drag always moves a point.
pub fn base_plot(id: &str) -> Plot<'static> {
    Plot::new(id)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .x_axis_label(tr("Ambition — potential impact"))
        .y_axis_label(tr("Desirability"))
        .x_grid_spacer(|_| {
            (0..=3)
                .map(|i| GridMark {
                    value: f64::from(i),
                    step_size: 1.0,
                })
                .collect()
        })
        .x_axis_formatter(|mark, _| {
            let v = mark.value;
            if (v - v.round()).abs() < 1e-6 && (0.0..=3.0).contains(&v) {
                AmbitionLevel::nearest(v).label()
            } else {
                String::new()
            }
        })
        .y_grid_spacer(|_| {
            (0..=10)
                .map(|i| GridMark {
                    value: f64::from(i),
                    step_size: if i % 5 == 0 { 5.0 } else { 1.0 },
                })
                .collect()
        })
        .y_axis_formatter(|mark, _| match mark.value.round() as i64 {
            0 => tr("0 low").to_owned(),
            10 => tr("10 high").to_owned(),
            v => v.to_string(),
        })
}

/// Where the grid keeps its last screen ↔ plot transform (in egui's temporary data), so
/// tests can find a point on screen.
pub fn transform_id() -> egui::Id {
    egui::Id::unique("cocreate_grid_transform")
}

/// Draws the criteria line and the grid; returns what the user did.
pub fn grid_ui(ui: &mut egui::Ui, input: &GridInput<'_>) -> Vec<GridEvent> {
    let mut events = Vec::new();
    criteria_ui(ui);

    let marker_radius = 8.0;
    let label_size = 15.0;
    // Points of the plot that can be hovered or dragged: (commitment, ambition, desirability).
    let mut pickable: Vec<(&str, f64, f64)> = Vec::new();

    let plot = base_plot("grid");
    if input.mode == GridMode::AllGroups {
        legend_ui(ui, input.workshop);
    }

    let title_of = |id: &str| {
        input
            .commitments
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_owned(), |c| c.title.clone())
    };

    let response = plot.show(ui, |plot_ui| {
        plot_ui.set_plot_bounds_x(X_RANGE.0..=X_RANGE.1);
        plot_ui.set_plot_bounds_y(Y_RANGE.0..=Y_RANGE.1);
        bands(plot_ui);
        let mut labels = Vec::new();
        match input.mode {
            GridMode::Group(group) => {
                let (color, shape) = group_style(group);
                let placed: Vec<_> = input
                    .workshop
                    .placements
                    .iter()
                    .filter(|p| p.group == group)
                    .collect();
                let name = input
                    .workshop
                    .group(group)
                    .map_or("group", |g| g.name.as_str());
                let points: Vec<[f64; 2]> = placed
                    .iter()
                    .map(|p| [p.ambition, p.desirability])
                    .collect();
                plot_ui.points(
                    Points::new(name, PlotPoints::from(points))
                        .shape(shape)
                        .color(color)
                        .radius(marker_radius)
                        .filled(true)
                        .allow_hover(false),
                );
                for p in &placed {
                    let highlighted = input.focus == Some(p.commitment.as_str())
                        || input.dragging == Some(p.commitment.as_str());
                    if highlighted {
                        plot_ui.points(
                            Points::new("", vec![[p.ambition, p.desirability]])
                                .shape(MarkerShape::Circle)
                                .filled(false)
                                .radius(marker_radius + 5.0)
                                .color(Color32::BLACK)
                                .allow_hover(false),
                        );
                    }
                    labels.push(PointLabel::new(
                        &p.commitment,
                        p.ambition,
                        p.desirability,
                        Color32::BLACK,
                    ));
                    pickable.push((&p.commitment, p.ambition, p.desirability));
                }
            }
            GridMode::AllGroups => {
                labels = all_groups(plot_ui, input, marker_radius);
                for a in input.aggregates {
                    pickable.push((&a.commitment, a.ambition, a.desirability));
                }
            }
        }
        labels
    });

    let transform = response.transform;
    paint_labels(
        ui,
        &transform,
        response.response.rect,
        &response.inner,
        label_size,
        marker_radius + 2.0,
    );
    ui.data_mut(|d| d.insert_temp(transform_id(), transform));
    let plot_response = &response.response;
    let nearest = |pos: egui::Pos2| {
        pickable
            .iter()
            .map(|(id, a, d)| {
                let screen = transform.position_from_point(&PlotPoint::new(*a, *d));
                (*id, screen.distance(pos))
            })
            .filter(|(_, dist)| *dist <= PICK_RADIUS)
            .min_by(|x, y| x.1.total_cmp(&y.1))
            .map(|(id, _)| id)
    };
    let value_at = |pos: egui::Pos2| {
        let v = transform.value_from_position(pos);
        (
            v.y.clamp(0.0, DESIRABILITY_MAX),
            v.x.clamp(0.0, AMBITION_MAX),
        )
    };

    // Hover: the title of the nearest point.
    if input.dragging.is_none()
        && let Some(pos) = plot_response.hover_pos()
        && let Some(id) = nearest(pos)
    {
        let title = title_of(id);
        let text = match input.mode {
            GridMode::AllGroups => {
                let agg = input.aggregates.iter().find(|a| a.commitment == id);
                agg.map_or(title.clone(), |a| {
                    trf("%{id}. %{title}\nMedian desirability %{0}, ambition %{1} (%{2}); spread %{3}; %{4} groups", &[("id", &id), ("title", &title), ("0", &format!("{:.1}", a.desirability)), ("1", &a.ambition_level().label()), ("2", &format!("{:.1}", a.ambition)), ("3", &format!("{:.2}", a.spread)), ("4", &a.groups)])
                })
            }
            GridMode::Group(_) => trf(
                "%{id}. %{title}\nDrag to move; right-click to send back to the tray.",
                &[("id", &id), ("title", &title)],
            ),
        };
        egui::Tooltip::always_open(
            ui.ctx().clone(),
            ui.layer_id(),
            egui::Id::unique("grid_hover"),
            egui::PopupAnchor::Pointer,
        )
        .show(|ui| ui.label(text));
    }

    if let GridMode::Group(_) = input.mode {
        if plot_response.drag_started()
            && let Some(origin) = ui.input(|i| i.pointer.press_origin())
            && let Some(id) = nearest(origin)
        {
            events.push(GridEvent::DragStarted(id.to_owned()));
        }
        let dragging = input
            .dragging
            .map(str::to_owned)
            .or_else(|| match events.first() {
                Some(GridEvent::DragStarted(id)) => Some(id.clone()),
                _ => None,
            });
        if let Some(commitment) = dragging {
            if plot_response.dragged()
                && let Some(pos) = plot_response.interact_pointer_pos()
            {
                let (desirability, ambition) = value_at(pos);
                events.push(GridEvent::DraggedTo {
                    commitment,
                    desirability,
                    ambition,
                });
            }
            if plot_response.drag_stopped() || !plot_response.dragged() {
                events.push(GridEvent::DragStopped);
            }
        }
        if let Some(payload) = plot_response.dnd_release_payload::<String>()
            && let Some(pos) = ui.input(|i| i.pointer.interact_pos())
        {
            let (desirability, ambition) = value_at(pos);
            events.push(GridEvent::Dropped {
                commitment: (*payload).clone(),
                desirability,
                ambition,
            });
        }
        if plot_response.dnd_hover_payload::<String>().is_some() {
            ui.painter().rect_stroke(
                plot_response.rect,
                4.0,
                Stroke::new(3.0, ui.visuals().selection.stroke.color),
                egui::StrokeKind::Inside,
            );
        }
        if plot_response.secondary_clicked()
            && let Some(pos) = plot_response.interact_pointer_pos()
            && let Some(id) = nearest(pos)
        {
            events.push(GridEvent::Clicked(id.to_owned()));
        }
    } else if plot_response.clicked()
        && let Some(pos) = plot_response.interact_pointer_pos()
        && let Some(id) = nearest(pos)
    {
        events.push(GridEvent::Clicked(id.to_owned()));
    }
    events
}

/// Groups' colours and shapes, above the grid (a legend inside it would hide points).
fn legend_ui(ui: &mut egui::Ui, workshop: &Workshop) {
    ui.horizontal_wrapped(|ui| {
        for g in &workshop.groups {
            crate::ui::style::group_legend_entry(ui, g);
            ui.add_space(8.0);
        }
        let size = ui.text_style_height(&egui::TextStyle::Body);
        let (rect, _) = ui.allocate_exact_size(Vec2::splat(size), egui::Sense::hover());
        ui.painter()
            .circle_stroke(rect.center(), size * 0.35, Stroke::new(1.5, Color32::BLACK));
        ui.label(tr(
            "median of all groups · box: middle half of the groups · blue number: selected",
        ));
    });
}

fn criteria_ui(ui: &mut egui::Ui) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr("Desirability — the commitment")).strong());
        for (i, c) in DESIRABILITY_CRITERIA.iter().enumerate() {
            ui.label(format!("{}) {}", i + 1, tr(c)));
        }
    });
}

/// The four ambition bands, alternately shaded, with their boundaries.
pub fn bands(plot_ui: &mut egui_plot::PlotUi<'_>) {
    for level in AmbitionLevel::ALL {
        let x = level.value();
        let (x0, x1) = ((x - 0.5).max(X_RANGE.0), (x + 0.5).min(X_RANGE.1));
        if level as u8 % 2 == 1 {
            plot_ui.polygon(
                Polygon::new(
                    "",
                    vec![
                        [x0, Y_RANGE.0],
                        [x1, Y_RANGE.0],
                        [x1, Y_RANGE.1],
                        [x0, Y_RANGE.1],
                    ],
                )
                .fill_color(Color32::from_black_alpha(14))
                .stroke(Stroke::NONE)
                .allow_hover(false),
            );
        }
        plot_ui.text(
            Text::new(
                "",
                PlotPoint::new(x, DESIRABILITY_MAX + 0.45),
                RichText::new(level.label().to_uppercase())
                    .size(13.0)
                    .color(Color32::from_gray(90)),
            )
            .anchor(Align2::CENTER_CENTER)
            .allow_hover(false),
        );
    }
    for boundary in [0.5, 1.5, 2.5] {
        plot_ui.vline(
            VLine::new("", boundary)
                .color(Color32::from_gray(170))
                .style(egui_plot::LineStyle::dashed_loose())
                .allow_hover(false),
        );
    }
}

/// A point's number, placed after the plot is drawn so labels never sit on each other.
#[derive(Clone, Debug)]
pub struct PointLabel {
    /// The text (a commitment id).
    pub text: String,
    /// The point it belongs to.
    pub at: PlotPoint,
    /// Its colour.
    pub color: Color32,
}

impl PointLabel {
    /// A label for a point.
    pub fn new(text: &str, ambition: f64, desirability: f64, color: Color32) -> Self {
        Self {
            text: text.to_owned(),
            at: PlotPoint::new(ambition, desirability),
            color,
        }
    }
}

/// Paints labels beside their points, each at the first of several spots (up-right,
/// down-right, up-left, ...) that covers no other label or point; where all are taken, a
/// spot further out with a leader line to the point.
pub fn paint_labels(
    ui: &egui::Ui,
    transform: &egui_plot::PlotTransform,
    clip: egui::Rect,
    labels: &[PointLabel],
    size: f32,
    marker_radius: f32,
) {
    let painter = ui.painter_at(clip);
    let font = egui::FontId::proportional(size);
    let points: Vec<egui::Pos2> = labels
        .iter()
        .map(|l| transform.position_from_point(&l.at))
        .collect();
    let markers: Vec<egui::Rect> = points
        .iter()
        .map(|p| egui::Rect::from_center_size(*p, Vec2::splat(marker_radius * 2.0)))
        .collect();
    let mut taken: Vec<egui::Rect> = Vec::with_capacity(labels.len());
    let mut order: Vec<usize> = (0..labels.len()).collect();
    order.sort_by(|a, b| {
        points[*a]
            .y
            .total_cmp(&points[*b].y)
            .then(points[*a].x.total_cmp(&points[*b].x))
    });
    for i in order {
        let label = &labels[i];
        let p = points[i];
        let galley = painter.layout_no_wrap(label.text.clone(), font.clone(), label.color);
        let (w, h) = (galley.size().x, galley.size().y);
        let spots = |d: f32| {
            [
                Vec2::new(d * 0.6, -d * 0.6 - h),
                Vec2::new(d * 0.6, d * 0.6),
                Vec2::new(-d * 0.6 - w, -d * 0.6 - h),
                Vec2::new(-d * 0.6 - w, d * 0.6),
                Vec2::new(d, -h / 2.0),
                Vec2::new(-d - w, -h / 2.0),
                Vec2::new(-w / 2.0, -d - h),
                Vec2::new(-w / 2.0, d),
            ]
        };
        let near = marker_radius + 2.0;
        let free = |r: &egui::Rect| {
            clip.contains_rect(*r)
                && !taken.iter().any(|t| t.intersects(*r))
                && !markers
                    .iter()
                    .enumerate()
                    .any(|(j, m)| j != i && m.intersects(*r))
        };
        let rect_at = |offset: Vec2| egui::Rect::from_min_size(p + offset, galley.size());
        let chosen = spots(near)
            .into_iter()
            .map(|o| (rect_at(o), false))
            .chain(spots(near * 3.0).into_iter().map(|o| (rect_at(o), true)))
            .chain(spots(near * 5.0).into_iter().map(|o| (rect_at(o), true)))
            .find(|(r, _)| free(r))
            .unwrap_or((rect_at(spots(near)[0]), false));
        let (rect, leader) = chosen;
        if leader {
            let end = rect.center() + (p - rect.center()).normalized() * (w.max(h) * 0.5);
            painter.line_segment(
                [p, end],
                egui::Stroke::new(1.0, label.color.gamma_multiply(0.7)),
            );
        }
        painter.galley(rect.min, galley, label.color);
        taken.push(rect);
    }
}

fn all_groups(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    input: &GridInput<'_>,
    radius: f32,
) -> Vec<PointLabel> {
    let mut labels = Vec::new();
    let w = input.workshop;
    // Spokes from each median to the groups' points.
    // One pass over the placements, not one per commitment (200 x 8,000 in a big event).
    let mut by_commitment: std::collections::HashMap<&str, Vec<[f64; 2]>> =
        std::collections::HashMap::with_capacity(input.aggregates.len());
    let mut by_group: std::collections::HashMap<u32, Vec<[f64; 2]>> =
        std::collections::HashMap::with_capacity(w.groups.len());
    for p in &w.placements {
        by_commitment
            .entry(p.commitment.as_str())
            .or_default()
            .push([p.ambition, p.desirability]);
        by_group
            .entry(p.group)
            .or_default()
            .push([p.ambition, p.desirability]);
    }
    for a in input.aggregates {
        let mut spokes = Vec::new();
        for point in by_commitment
            .get(a.commitment.as_str())
            .into_iter()
            .flatten()
        {
            spokes.push([a.ambition, a.desirability]);
            spokes.push(*point);
        }
        let focused = input.focus == Some(a.commitment.as_str());
        plot_ui.line(
            Line::new("", spokes)
                .color(if focused {
                    Color32::from_gray(60)
                } else {
                    Color32::from_gray(185)
                })
                .width(if focused { 2.0 } else { 1.0 })
                .allow_hover(false),
        );
        let (q1a, q3a) = a.ambition_quartiles;
        let (q1d, q3d) = a.desirability_quartiles;
        plot_ui.polygon(
            Polygon::new("", vec![[q1a, q1d], [q3a, q1d], [q3a, q3d], [q1a, q3d]])
                .fill_color(Color32::from_black_alpha(10))
                .stroke(Stroke::new(1.0, Color32::from_gray(150)))
                .allow_hover(false),
        );
    }
    for g in &w.groups {
        let (color, shape) = group_style(g.id);
        let points: Vec<[f64; 2]> = by_group.remove(&g.id).unwrap_or_default();
        plot_ui.points(
            Points::new(g.name.clone(), points)
                .shape(shape)
                .color(color)
                .radius(radius * 0.7)
                .filled(true)
                .allow_hover(false),
        );
    }
    let medians: Vec<[f64; 2]> = input
        .aggregates
        .iter()
        .map(|a| [a.ambition, a.desirability])
        .collect();
    plot_ui.points(
        Points::new("Median of all groups", medians)
            .shape(MarkerShape::Circle)
            .color(Color32::BLACK)
            .radius(radius * 0.9)
            .filled(false)
            .allow_hover(false),
    );
    for a in input.aggregates {
        let selected = w.is_selected(&a.commitment);
        let color = if selected {
            Color32::from_rgb(0x00, 0x55, 0x88)
        } else {
            Color32::BLACK
        };
        labels.push(PointLabel::new(
            &a.commitment,
            a.ambition,
            a.desirability,
            color,
        ));
    }
    labels
}
