//! The desirability × ambition grid (egui_plot). It draws a workshop's placements and
//! reports drags and drops; it changes nothing itself.

use crate::i18n::{tr, trf};
use std::collections::HashMap;
use std::sync::Arc;

use egui::{Align2, Color32, Mesh, RichText, Shape, Stroke, Vec2};
use egui_plot::{GridMark, MarkerShape, Plot, PlotPoint, PlotPoints, Points, Text, VLine};

use crate::model::{
    AmbitionLevel, AmbitionScale, Commitment, DESIRABILITY_CRITERIA, DESIRABILITY_MAX, Workshop,
};
use crate::stats::Aggregate;
use crate::ui::markers::MarkerAtlas;
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
        /// 0 to the top of the session's scale.
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
        /// 0 to the top of the session's scale.
        ambition: f64,
    },
    /// A point was clicked (on the all-groups grid).
    Clicked(String),
    /// A group's point was clicked: pick it out (ring it, show its reason).
    Picked(String),
    /// A group's point was right-clicked: send it back to the tray.
    SendBack(String),
}

/// Everything the grid needs to draw.
pub struct GridInput<'a> {
    /// The commitment list (titles for hover).
    pub commitments: &'a [Commitment],
    /// The workshop whose placements are drawn.
    pub workshop: &'a Workshop,
    /// The session's ambition scale: the x axis, its levels and their bands.
    pub scale: AmbitionScale,
    /// Aggregates, drawn in [`GridMode::AllGroups`].
    pub aggregates: &'a [Aggregate],
    /// What to draw.
    pub mode: GridMode,
    /// Highlighted commitment.
    pub focus: Option<&'a str>,
    /// The commitment being dragged.
    pub dragging: Option<&'a str>,
    /// Changes whenever the session or the workshop shown does
    /// (`AppState::content_version`): the all-groups
    /// drawing is rebuilt only when it, the focus or the plot's frame changes.
    pub version: u64,
}

/// Where one ambition level of `scale` ends and the next begins: halfway between two.
fn boundaries(scale: AmbitionScale) -> impl Iterator<Item = f64> {
    (1..scale.levels().len()).map(|i| i as f64 - 0.5)
}
/// The boundaries' colour, whether egui_plot draws them or the all-groups mesh does: solid
/// lines at 4:1 or more on either band, so a washed-out projector still shows them (dashed
/// light-grey lines vanished there).
pub const BOUNDARY_COLOR: Color32 = Color32::from_gray(115);
/// The boundaries' width in points: a line of one point vanished on a soft projector.
const BOUNDARY_WIDTH: f32 = 1.5;
const _: () = assert!(BOUNDARY_WIDTH >= 1.5);

/// The part of an ambition level's band the plot shows: the outer bands are cut by the
/// plot's edges.
fn band_span(scale: AmbitionScale, level: AmbitionLevel) -> (f64, f64) {
    let x = level.value();
    let (left, right) = x_range(scale);
    ((x - 0.5).max(left), (x + 0.5).min(right))
}

/// The x axis's range for a scale: half a level beyond its lowest and its top level.
pub fn x_range(scale: AmbitionScale) -> (f64, f64) {
    (-0.5, scale.max() + 0.5)
}
pub const Y_RANGE: (f64, f64) = (-0.4, DESIRABILITY_MAX + 0.75);
/// How close (in points) the pointer must be to pick up a marker.
const PICK_RADIUS: f32 = 16.0;

/// The plot with the grid's fixed axes: the levels of the session's ambition scale on x,
/// desirability 0–10 on y; no panning or zooming, so a drag always moves a point.
pub fn base_plot(id: &str, scale: AmbitionScale) -> Plot<'static> {
    let top = scale.levels().len() - 1;
    Plot::new(id)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .x_axis_label(tr(scale.axis_name()))
        .y_axis_label(tr("Desirability"))
        .x_grid_spacer(move |_| {
            (0..=top)
                .map(|i| GridMark {
                    value: i as f64,
                    step_size: 1.0,
                })
                .collect()
        })
        .x_axis_formatter(move |mark, _| {
            let v = mark.value;
            if (v - v.round()).abs() < 1e-6 && (0.0..=scale.max()).contains(&v) {
                crate::i18n::localized(&scale.nearest(v))
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
    criteria_ui(ui);
    if input.mode == GridMode::AllGroups {
        legend_ui(ui, input.workshop);
    }
    grid_plot_ui(ui, input)
}

/// The grid alone, filling the space it is given (the wall puts the criteria and the
/// legend beside it).
pub fn grid_plot_ui(ui: &mut egui::Ui, input: &GridInput<'_>) -> Vec<GridEvent> {
    let mut events = Vec::new();
    let marker_radius = 8.0;
    let label_size = LABEL_SIZE;
    // Points of the plot that can be hovered or dragged: (commitment, ambition, desirability).
    let mut pickable: Vec<(&str, f64, f64)> = Vec::new();

    let title_of = |id: &str| {
        input
            .commitments
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_owned(), |c| c.title.clone())
    };

    let scale = input.scale;
    let (left, right) = x_range(scale);
    let response = show_grid_plot(ui, "grid", scale, |plot_ui| {
        plot_ui.set_plot_bounds_x(left..=right);
        plot_ui.set_plot_bounds_y(Y_RANGE.0..=Y_RANGE.1);
        bands(plot_ui, scale, input.mode != GridMode::AllGroups);
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
                for a in input.aggregates {
                    pickable.push((&a.commitment, a.ambition, a.desirability));
                }
            }
        }
        labels
    });

    let transform = response.transform;
    let mut labels = response.inner;
    if input.mode == GridMode::AllGroups {
        // Painted over the plot's bands, under the labels.
        labels = paint_all_groups(ui, &transform, response.response.rect, input, marker_radius);
    }
    paint_labels(
        ui,
        &transform,
        response.response.rect,
        &labels,
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
            v.x.clamp(0.0, scale.max()),
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
                    trf("%{id}. %{title}\nMedian desirability %{0}, ambition %{1} (%{2}); spread %{3}; %{4} groups", &[("id", &id), ("title", &title), ("0", &format!("{:.1}", a.desirability)), ("1", &crate::i18n::localized(&scale.nearest(a.ambition))), ("2", &format!("{:.1}", a.ambition)), ("3", &format!("{:.2}", a.spread)), ("4", &a.groups)])
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
            events.push(GridEvent::SendBack(id.to_owned()));
        }
        if plot_response.clicked()
            && let Some(pos) = plot_response.interact_pointer_pos()
            && let Some(id) = nearest(pos)
        {
            events.push(GridEvent::Picked(id.to_owned()));
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
pub fn legend_ui(ui: &mut egui::Ui, workshop: &Workshop) {
    ui.horizontal_wrapped(|ui| {
        ui.style_mut().interaction.selectable_labels = false;
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

pub fn criteria_ui(ui: &mut egui::Ui) {
    // One label (a bold heading, then the criteria), wrapped as one text: a single widget.
    let style = ui.style();
    let mut job = egui::text::LayoutJob::default();
    RichText::new(tr("Desirability — the commitment"))
        .strong()
        .append_to(
            &mut job,
            style,
            egui::FontSelection::Default,
            egui::Align::Center,
        );
    for (i, c) in DESIRABILITY_CRITERIA.iter().enumerate() {
        RichText::new(format!("   {}) {}", i + 1, tr(c))).append_to(
            &mut job,
            style,
            egui::FontSelection::Default,
            egui::Align::Center,
        );
    }
    ui.add(egui::Label::new(job).selectable(false));
}

/// The shade of every other band: black at alpha 14 over the plain background. Subtle on
/// purpose (points sit on it); the solid boundaries mark the levels on any projector.
pub fn band_shade(plain: Color32) -> Color32 {
    plain.lerp_to_gamma(Color32::BLACK, 14.0 / 255.0)
}

/// Shows a plot made by [`base_plot`]`(id, scale)` with the grid's background: a band per
/// ambition level of the scale, alternately shaded, painted once under the plot as one mesh,
/// with the plot's frame. (egui_plot's own background with translucent bands over it painted
/// half the plot twice; with a software renderer every layer over the whole plot costs time.)
pub fn show_grid_plot<'a, R>(
    ui: &mut egui::Ui,
    id: &str,
    scale: AmbitionScale,
    build: impl FnOnce(&mut egui_plot::PlotUi<'a>) -> R + 'a,
) -> egui_plot::PlotResponse<R> {
    let background = ui.painter().add(Shape::Noop);
    // The level names under the axis are set smaller where a band is narrower than its
    // name (egui_plot leaves out a tick label that does not fit: "transformative" vanished
    // on a narrow wall).
    let body = egui::TextStyle::Body.resolve(ui.style());
    let band = (ui.available_width() - 70.0) / scale.levels().len() as f32;
    let longest = scale
        .levels()
        .iter()
        .map(|l| {
            ui.painter()
                .layout_no_wrap(
                    crate::i18n::localized(l),
                    body.clone(),
                    Color32::PLACEHOLDER,
                )
                .size()
                .x
        })
        .fold(0.0, f32::max);
    let response = ui
        .scope(|ui| {
            if longest > band * 0.9 {
                let size = (body.size * band * 0.9 / longest).max(body.size * 0.6);
                ui.style_mut()
                    .text_styles
                    .insert(egui::TextStyle::Body, egui::FontId::proportional(size));
            }
            base_plot(id, scale).show_background(false).show(ui, build)
        })
        .inner;
    let t = &response.transform;
    let visuals = ui.visuals();
    let plain = visuals.extreme_bg_color;
    let shaded = band_shade(plain);
    let mut mesh = Mesh::default();
    for (i, &level) in scale.levels().iter().enumerate() {
        let (x0, x1) = band_span(scale, level);
        let rect = egui::Rect::from_two_pos(
            t.position_from_point(&PlotPoint::new(x0, Y_RANGE.0)),
            t.position_from_point(&PlotPoint::new(x1, Y_RANGE.1)),
        );
        let color = if i % 2 == 1 { shaded } else { plain };
        mesh.add_colored_rect(rect, color);
    }
    let frame = egui::epaint::RectShape::stroke(
        *t.frame(),
        2,
        visuals.widgets.noninteractive.bg_stroke,
        egui::StrokeKind::Inside,
    );
    ui.painter().set(
        background,
        Shape::Vec(vec![Shape::mesh(mesh), frame.into()]),
    );
    response
}

/// The band names over the ambition bands of the scale, and the bands' boundaries (solid
/// lines) when `with_boundaries` — the all-groups grid draws those in its cached mesh
/// instead. (The bands themselves are the background, [`show_grid_plot`].)
pub fn bands(plot_ui: &mut egui_plot::PlotUi<'_>, scale: AmbitionScale, with_boundaries: bool) {
    let transform = *plot_ui.transform();
    for &level in scale.levels() {
        // Centred on the part of the band the plot shows: a long name ("TRANSFORMATIVE")
        // centred on the whole band would be cut at the plot's edge on a narrow plot.
        let (x0, x1) = band_span(scale, level);
        let name = crate::i18n::localized(&level).to_uppercase();
        let width =
            (transform.position_from_point_x(x1) - transform.position_from_point_x(x0)).abs();
        // Set smaller until it fits its band; too small to read, it is left out (the axis
        // below names every level too).
        let Some(size) = fitted_size(plot_ui.ctx(), &name, BAND_NAME_SIZE, width - 6.0) else {
            continue;
        };
        plot_ui.text(
            Text::new(
                "",
                PlotPoint::new((x0 + x1) / 2.0, DESIRABILITY_MAX + 0.45),
                RichText::new(name).size(size).color(Color32::from_gray(90)),
            )
            .anchor(Align2::CENTER_CENTER)
            .allow_hover(false),
        );
    }
    for boundary in boundaries(scale).filter(|_| with_boundaries) {
        plot_ui.vline(
            VLine::new("", boundary)
                .color(BOUNDARY_COLOR)
                .width(BOUNDARY_WIDTH)
                .allow_hover(false),
        );
    }
}

/// The points' numbers: on the wall (zoom 2 at 1080 px) 30 px, 2.8 % of the screen's height.
pub const LABEL_SIZE: f32 = 15.0;

/// The colour of a selected commitment's number.
pub const SELECTED_LABEL: Color32 = Color32::from_rgb(0x00, 0x55, 0x88);

/// The band names' type size, when they fit.
const BAND_NAME_SIZE: f32 = 13.0;

/// The largest size up to `size` (down to two thirds of it) at which `text` fits `width`
/// points; `None` if it does not fit even then.
pub fn fitted_size(ctx: &egui::Context, text: &str, size: f32, width: f32) -> Option<f32> {
    let natural = ctx.fonts_mut(|f| {
        f.layout_no_wrap(
            text.to_owned(),
            egui::FontId::proportional(size),
            Color32::PLACEHOLDER,
        )
        .size()
        .x
    });
    if natural <= width {
        return Some(size);
    }
    let smaller = (size * width / natural).floor();
    (smaller >= size * 2.0 / 3.0).then_some(smaller)
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
    use std::hash::{Hash as _, Hasher as _};
    let painter = ui.painter_at(clip);
    let font = egui::FontId::proportional(size);
    let galleys: Vec<_> = labels
        .iter()
        .map(|l| painter.layout_no_wrap(l.text.clone(), font.clone(), l.color))
        .collect();
    // Where each label goes depends only on the labels, their sizes and the plot's frame:
    // placing them is quadratic, so it is done again only when one of those changes.
    let key = {
        let mut h = std::hash::DefaultHasher::new();
        for (l, g) in labels.iter().zip(&galleys) {
            l.text.hash(&mut h);
            (l.at.x.to_bits(), l.at.y.to_bits()).hash(&mut h);
            (g.size().x.to_bits(), g.size().y.to_bits()).hash(&mut h);
        }
        hash_rects(&mut h, [clip, *transform.frame()]);
        marker_radius.to_bits().hash(&mut h);
        h.finish()
    };
    let id = ui.scope_id().with("label_spots");
    let spots = match ui.data(|d| d.get_temp::<(u64, Arc<Vec<LabelSpot>>)>(id)) {
        Some((cached, spots)) if cached == key => spots,
        _ => {
            let sizes: Vec<Vec2> = galleys.iter().map(|g| g.size()).collect();
            let spots = Arc::new(place_labels(transform, clip, labels, &sizes, marker_radius));
            ui.data_mut(|d| d.insert_temp(id, (key, Arc::clone(&spots))));
            spots
        }
    };
    for ((label, galley), spot) in labels.iter().zip(galleys).zip(spots.iter()) {
        if let Some(end) = spot.leader_to {
            painter.line_segment(
                [spot.point, end],
                egui::Stroke::new(1.0, label.color.gamma_multiply(0.7)),
            );
        }
        painter.galley(spot.rect.min, galley, label.color);
    }
}

/// Feeds rectangles to a cache key's hasher, exactly (bit for bit).
fn hash_rects<const N: usize>(h: &mut impl std::hash::Hasher, rects: [egui::Rect; N]) {
    for r in rects {
        for v in [r.min.x, r.min.y, r.max.x, r.max.y] {
            h.write_u32(v.to_bits());
        }
    }
}

/// Where a label goes: its rectangle, and the end of a leader line from its point when it
/// had to move away.
#[derive(Clone, Debug)]
struct LabelSpot {
    point: egui::Pos2,
    rect: egui::Rect,
    leader_to: Option<egui::Pos2>,
}

/// Places each label (of the given size) beside its point with the library's placement
/// ([`crate::layout::place_labels`], which the report's SVG uses too), in screen points.
fn place_labels(
    transform: &egui_plot::PlotTransform,
    clip: egui::Rect,
    labels: &[PointLabel],
    sizes: &[Vec2],
    marker_radius: f32,
) -> Vec<LabelSpot> {
    use crate::layout::Rect;
    let pos = |p: (f32, f32)| egui::pos2(p.0, p.1);
    let rect = |r: Rect| egui::Rect::from_min_max(pos((r.x0, r.y0)), pos((r.x1, r.y1)));
    let points: Vec<(f32, f32)> = labels
        .iter()
        .map(|l| transform.position_from_point(&l.at))
        .map(|p| (p.x, p.y))
        .collect();
    let sizes: Vec<(f32, f32)> = sizes.iter().map(|s| (s.x, s.y)).collect();
    let clip = Rect {
        x0: clip.min.x,
        y0: clip.min.y,
        x1: clip.max.x,
        y1: clip.max.y,
    };
    crate::layout::place_labels(&points, &sizes, clip, marker_radius)
        .into_iter()
        .map(|s| LabelSpot {
            point: pos(s.point),
            rect: rect(s.rect),
            leader_to: s.leader_to.map(pos),
        })
        .collect()
}

/// Draws every group's points, the spokes from each median to them, the interquartile
/// boxes and the medians; returns the medians' labels. A big event has thousands of
/// points, so they are built once into meshes that are reused until what they show, the
/// plot's frame or the zoom changes: a frame where nothing changed only copies them.
fn paint_all_groups(
    ui: &egui::Ui,
    transform: &egui_plot::PlotTransform,
    clip: egui::Rect,
    input: &GridInput<'_>,
    radius: f32,
) -> Vec<PointLabel> {
    use std::hash::{Hash as _, Hasher as _};
    let pixels_per_point = ui.ctx().pixels_per_point();
    let atlas = MarkerAtlas::get(ui.ctx(), radius * 0.7);
    let key = {
        let mut h = std::hash::DefaultHasher::new();
        (input.version, atlas.texture_id()).hash(&mut h);
        input.focus.hash(&mut h);
        hash_rects(&mut h, [clip, *transform.frame()]);
        let bounds = transform.bounds();
        for v in [bounds.min(), bounds.max()] {
            (v[0].to_bits(), v[1].to_bits()).hash(&mut h);
        }
        (pixels_per_point.to_bits(), radius.to_bits()).hash(&mut h);
        h.finish()
    };
    let id = ui.scope_id().with("all_groups_mesh");
    let meshes = match ui.data(|d| d.get_temp::<(u64, [Arc<Mesh>; 2])>(id)) {
        Some((cached, meshes)) if cached == key => meshes,
        _ => {
            let meshes = all_groups_meshes(ui.ctx(), transform, clip, input, &atlas).map(Arc::new);
            ui.data_mut(|d| d.insert_temp(id, (key, meshes.clone())));
            meshes
        }
    };
    let painter = ui.painter_at(clip);
    for mesh in meshes {
        painter.add(Shape::Mesh(mesh));
    }

    input
        .aggregates
        .iter()
        .map(|a| {
            let color = if input.workshop.is_selected(&a.commitment) {
                SELECTED_LABEL
            } else {
                Color32::BLACK
            };
            PointLabel::new(&a.commitment, a.ambition, a.desirability, color)
        })
        .collect()
}

/// The all-groups drawing as two meshes, bottom to top: the bands' boundaries and the
/// boxes, tessellated; then the spokes (the focused commitment's on top), the groups'
/// markers and the medians' rings, a textured quad each.
fn all_groups_meshes(
    ctx: &egui::Context,
    transform: &egui_plot::PlotTransform,
    clip: egui::Rect,
    input: &GridInput<'_>,
    atlas: &MarkerAtlas,
) -> [Mesh; 2] {
    let w = input.workshop;
    let screen = |ambition: f64, desirability: f64| {
        transform.position_from_point(&PlotPoint::new(ambition, desirability))
    };
    let medians: HashMap<&str, egui::Pos2> = input
        .aggregates
        .iter()
        .map(|a| (a.commitment.as_str(), screen(a.ambition, a.desirability)))
        .collect();
    let mut shapes = Vec::new();
    for boundary in boundaries(input.scale) {
        let line = [screen(boundary, Y_RANGE.0), screen(boundary, Y_RANGE.1)];
        shapes.push(Shape::line_segment(
            line,
            Stroke::new(BOUNDARY_WIDTH, BOUNDARY_COLOR),
        ));
    }
    for a in input.aggregates {
        let (q1a, q3a) = a.ambition_quartiles;
        let (q1d, q3d) = a.desirability_quartiles;
        shapes.push(Shape::Rect(egui::epaint::RectShape::new(
            egui::Rect::from_two_pos(screen(q1a, q1d), screen(q3a, q3d)),
            0.0,
            Color32::from_black_alpha(10),
            Stroke::new(1.0, Color32::from_gray(150)),
            egui::StrokeKind::Middle,
        )));
    }
    let options = ctx.tessellation_options(|o| *o);
    let pixels_per_point = ctx.pixels_per_point();
    // Only shapes without text: the font atlas's size does not matter.
    let mut tessellator =
        egui::epaint::Tessellator::new(pixels_per_point, options, [1, 1], Vec::new());
    tessellator.set_clip_rect(clip);
    let mut lines = Mesh::default();
    for shape in shapes {
        tessellator.tessellate_shape(shape, &mut lines);
    }
    // Spokes: thousands in a big event, so each is one textured quad, like the markers.
    let mut markers = atlas.mesh();
    let spoke = Color32::from_gray(160);
    let mut focused = Vec::new();
    for p in &w.placements {
        let Some(median) = medians.get(p.commitment.as_str()) else {
            continue;
        };
        let end = screen(p.ambition, p.desirability);
        if input.focus == Some(p.commitment.as_str()) {
            focused.push((*median, end));
        } else {
            atlas.add_line(&mut markers, *median, end, false, spoke);
        }
    }
    for (median, end) in focused {
        atlas.add_line(&mut markers, median, end, true, Color32::from_gray(60));
    }
    for p in &w.placements {
        let (color, shape) = group_style(p.group);
        let center = screen(p.ambition, p.desirability);
        if clip.contains(center) {
            atlas.add(&mut markers, center, shape, color);
        }
    }
    for median in medians.values() {
        atlas.add_ring(&mut markers, *median);
    }
    [lines, markers]
}

#[cfg(test)]
mod projector_tests {
    use super::*;

    /// On a washed-out projector the level boundaries must still show: solid lines at 4:1 or
    /// more against both bands, in both themes (the dashed light-grey ones were 1.6:1).
    #[test]
    fn level_boundaries_stand_out_on_both_bands() {
        for presenting in [false, true] {
            let plain = crate::ui::theme::visuals(presenting).extreme_bg_color;
            for band in [plain, band_shade(plain)] {
                let c = crate::ui::style::contrast(BOUNDARY_COLOR, band);
                assert!(c >= 4.0, "boundary on {band:?}: {c:.2}:1");
            }
        }
    }
}
