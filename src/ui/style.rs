//! Colours and marker shapes: groups stay apart on a washed-out projector and in greyscale
//! (Okabe–Ito colours, each with its own shape); themes are letters in grey tags, never a
//! group's colour.

use egui::{Color32, Painter, Pos2, RichText, Shape, Stroke, Vec2};
use egui_plot::MarkerShape;

/// Okabe–Ito colours, dark enough to read on white (yellow left out).
pub const GROUP_COLORS: [Color32; 7] = [
    Color32::from_rgb(0x00, 0x72, 0xB2), // blue
    Color32::from_rgb(0xD5, 0x5E, 0x00), // vermillion
    Color32::from_rgb(0x00, 0x9E, 0x73), // bluish green
    Color32::from_rgb(0xCC, 0x79, 0xA7), // reddish purple
    Color32::from_rgb(0xE6, 0x9F, 0x00), // orange
    Color32::from_rgb(0x56, 0xB4, 0xE9), // sky blue
    Color32::from_rgb(0x33, 0x33, 0x33), // near black
];

/// Marker shapes, in the order groups get them.
pub const GROUP_SHAPES: [MarkerShape; 8] = [
    MarkerShape::Circle,
    MarkerShape::Square,
    MarkerShape::Diamond,
    MarkerShape::Up,
    MarkerShape::Down,
    MarkerShape::Cross,
    MarkerShape::Plus,
    MarkerShape::Asterisk,
];

/// A group's colour and shape, from its stable id.
pub fn group_style(group_id: u32) -> (Color32, MarkerShape) {
    let i = group_id.saturating_sub(1) as usize;
    (
        GROUP_COLORS[i % GROUP_COLORS.len()],
        GROUP_SHAPES[i % GROUP_SHAPES.len()],
    )
}

/// WCAG relative luminance of an sRGB colour.
pub fn luminance(c: Color32) -> f32 {
    let channel = |v: u8| {
        let v = f32::from(v) / 255.0;
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

/// WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A colour darkened until text in it reaches 4.5:1 on `background` (markers keep the
/// bright colour; their names use this).
pub fn readable_on(color: Color32, background: Color32) -> Color32 {
    let mut c = color;
    for _ in 0..20 {
        if contrast(c, background) >= 4.5 {
            break;
        }
        c = Color32::from_rgb(
            (f32::from(c.r()) * 0.9) as u8,
            (f32::from(c.g()) * 0.9) as u8,
            (f32::from(c.b()) * 0.9) as u8,
        );
    }
    c
}

/// A group's colour for its name in text.
pub fn group_text_color(group_id: u32, background: Color32) -> Color32 {
    readable_on(group_style(group_id).0, background)
}

/// Paints a marker like the plot's, for legends and lists.
pub fn paint_marker(painter: &Painter, center: Pos2, r: f32, shape: MarkerShape, color: Color32) {
    painter.add(marker_shape(center, r, shape, color));
}

/// A marker's geometry in units of its radius (y down): the one description behind the
/// legends' vector markers ([`marker_shape`]) and the grid's rasterized ones
/// (`ui::markers`).
#[derive(Clone, Copy, Debug)]
pub enum MarkerGeometry {
    /// A filled unit circle.
    Disc,
    /// A filled convex polygon, clockwise on screen.
    Polygon(&'static [Vec2]),
    /// Line segments [`MARKER_STROKE`] radii wide.
    Strokes(&'static [(Vec2, Vec2)]),
}

/// The width of the cross, plus and asterisk strokes, in radii.
pub const MARKER_STROKE: f32 = 0.45;

/// The ring around a commitment picked out (a row clicked in a table): no group's colour.
/// What holds, is met or was chosen (a check, a workshop's selection, a conflict's choice).
pub const HOLDS: Color32 = Color32::from_rgb(0x00, 0x6e, 0x4f);
/// What falls short or is still owed (a check not met, an idea selected and not adopted).
pub const FALLS_SHORT: Color32 = Color32::from_rgb(0xb0, 0x3a, 0x00);

pub const FOCUS_RING: Color32 = Color32::from_rgb(0x5a, 0x2d, 0x82);

/// The geometry of a marker shape (left and right triangles look like up and down).
pub fn marker_geometry(shape: MarkerShape) -> MarkerGeometry {
    const SQUARE: [Vec2; 4] = [
        Vec2::new(-0.85, -0.85),
        Vec2::new(0.85, -0.85),
        Vec2::new(0.85, 0.85),
        Vec2::new(-0.85, 0.85),
    ];
    const DIAMOND: [Vec2; 4] = [
        Vec2::new(0.0, -1.2),
        Vec2::new(1.2, 0.0),
        Vec2::new(0.0, 1.2),
        Vec2::new(-1.2, 0.0),
    ];
    const UP: [Vec2; 3] = [
        Vec2::new(0.0, -1.2),
        Vec2::new(1.1, 0.8),
        Vec2::new(-1.1, 0.8),
    ];
    const DOWN: [Vec2; 3] = [
        Vec2::new(-1.1, -0.8),
        Vec2::new(1.1, -0.8),
        Vec2::new(0.0, 1.2),
    ];
    const CROSS: [(Vec2, Vec2); 2] = [
        (Vec2::new(-1.0, -1.0), Vec2::new(1.0, 1.0)),
        (Vec2::new(-1.0, 1.0), Vec2::new(1.0, -1.0)),
    ];
    const PLUS: [(Vec2, Vec2); 2] = [
        (Vec2::new(-1.0, 0.0), Vec2::new(1.0, 0.0)),
        (Vec2::new(0.0, -1.0), Vec2::new(0.0, 1.0)),
    ];
    // Three strokes through the centre at 0°, 60° and 120°.
    const ASTERISK: [(Vec2, Vec2); 3] = [
        (Vec2::new(-1.0, 0.0), Vec2::new(1.0, 0.0)),
        (Vec2::new(-0.5, -0.866_025), Vec2::new(0.5, 0.866_025)),
        (Vec2::new(0.5, -0.866_025), Vec2::new(-0.5, 0.866_025)),
    ];
    match shape {
        MarkerShape::Circle => MarkerGeometry::Disc,
        MarkerShape::Square => MarkerGeometry::Polygon(&SQUARE),
        MarkerShape::Diamond => MarkerGeometry::Polygon(&DIAMOND),
        MarkerShape::Up | MarkerShape::Right => MarkerGeometry::Polygon(&UP),
        MarkerShape::Down | MarkerShape::Left => MarkerGeometry::Polygon(&DOWN),
        MarkerShape::Cross => MarkerGeometry::Strokes(&CROSS),
        MarkerShape::Plus => MarkerGeometry::Strokes(&PLUS),
        MarkerShape::Asterisk => MarkerGeometry::Strokes(&ASTERISK),
    }
}

/// A group's marker as a shape: filled outlines for the solid shapes, strokes for the
/// cross, plus and asterisk.
pub fn marker_shape(center: Pos2, r: f32, shape: MarkerShape, color: Color32) -> Shape {
    match marker_geometry(shape) {
        MarkerGeometry::Disc => Shape::circle_filled(center, r, color),
        MarkerGeometry::Polygon(points) => Shape::convex_polygon(
            points.iter().map(|p| center + *p * r).collect(),
            color,
            Stroke::NONE,
        ),
        MarkerGeometry::Strokes(segments) => Shape::Vec(
            segments
                .iter()
                .map(|(a, b)| {
                    Shape::line_segment(
                        [center + *a * r, center + *b * r],
                        Stroke::new(r * MARKER_STROKE, color),
                    )
                })
                .collect(),
        ),
    }
}

/// A marker swatch as a small widget, for legends.
pub fn marker_swatch(ui: &mut egui::Ui, shape: MarkerShape, color: Color32) -> egui::Response {
    let size = ui.text_style_height(&egui::TextStyle::Body);
    let (rect, response) = ui.allocate_exact_size(Vec2::splat(size), egui::Sense::hover());
    paint_swatch(ui.painter(), rect.center(), size, shape, color);
    response
}

/// A legend's marker, centred on `center` in a square `size` points wide.
fn paint_swatch(painter: &Painter, center: Pos2, size: f32, shape: MarkerShape, color: Color32) {
    paint_marker(painter, center, size * 0.32, shape, color);
}

/// A group in a legend: its marker and its name in its colour (darkened to stay readable).
/// One widget, so in a wrapped legend the marker and the name move to the next line
/// together and a name is never broken across lines.
pub fn group_legend_entry(ui: &mut egui::Ui, group: &crate::model::Group) {
    let (color, shape) = group_style(group.id);
    let text_color = readable_on(color, ui.visuals().panel_fill);
    let galley =
        egui::WidgetText::from(egui::RichText::new(&group.name).strong().color(text_color))
            .into_galley(
                ui,
                Some(egui::TextWrapMode::Extend),
                f32::INFINITY,
                egui::TextStyle::Body,
            );
    let marker = ui.text_style_height(&egui::TextStyle::Body);
    let gap = ui.spacing().item_spacing.x;
    let size = Vec2::new(marker + gap + galley.size().x, marker.max(galley.size().y));
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let centre_y = rect.center().y;
    paint_swatch(
        ui.painter(),
        Pos2::new(rect.left() + marker / 2.0, centre_y),
        marker,
        shape,
        color,
    );
    let text_pos = Pos2::new(rect.left() + marker + gap, centre_y - galley.size().y / 2.0);
    ui.painter().galley(text_pos, galley, text_color);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &group.name));
}

/// The frame of a top or side panel: egui's, without its fill. The window is cleared to
/// the panel colour before every frame (the shell's `App::clear_color`), so filling
/// the panels as well paints the whole window twice; with a software renderer (Xvfb, a
/// laptop without a working GPU driver) that second coat is a tenth of the start-up time.
pub fn side_panel_frame(ui: &egui::Ui) -> egui::Frame {
    egui::Frame::side_top_panel(ui.style()).fill(Color32::TRANSPARENT)
}

/// The central panel's frame, without its fill: see [`side_panel_frame`].
pub fn central_panel_frame(ui: &egui::Ui) -> egui::Frame {
    egui::Frame::central_panel(ui.style()).fill(Color32::TRANSPARENT)
}

/// A theme's tag: its letter in a neutral outlined box. No colour: a theme must never look
/// like a group (the groups have the colours and marker shapes).
pub fn theme_chip(ui: &mut egui::Ui, theme: &str) -> egui::Response {
    let size = theme_chip_size(ui);
    let (rect, response) = ui.allocate_exact_size(Vec2::splat(size), egui::Sense::hover());
    paint_theme_chip(ui.painter(), rect, theme);
    response.on_hover_text(theme)
}

/// The side of a theme chip: about a line of text.
pub fn theme_chip_size(ui: &egui::Ui) -> f32 {
    ui.text_style_height(&egui::TextStyle::Body) * 0.95
}

/// A theme's letter: fixed for the four seed themes (T, A, P, I), the first letter of any
/// other.
pub fn theme_letter(theme: &str) -> String {
    match theme.trim().to_lowercase().as_str() {
        "transparency" => "T".to_owned(),
        "accountability" => "A".to_owned(),
        "public participation" => "P".to_owned(),
        "technology and innovation" => "I".to_owned(),
        other => other
            .chars()
            .find(|c| c.is_alphanumeric())
            .map_or_else(|| "·".to_owned(), |c| c.to_uppercase().collect()),
    }
}

/// The grey of theme tags: 7:1 on the light panels.
const THEME_INK: Color32 = Color32::from_gray(70);

/// Paints a theme chip into `rect` (for lists painted without widgets).
pub fn paint_theme_chip(painter: &Painter, rect: egui::Rect, theme: &str) {
    painter.rect_stroke(
        rect.shrink(0.5),
        3.0,
        Stroke::new(1.0, THEME_INK),
        egui::StrokeKind::Inside,
    );
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        theme_letter(theme),
        egui::FontId::proportional(rect.height() * 0.72),
        THEME_INK,
    );
}

/// The themes of a list, each once, in the order they first appear.
pub fn themes_of<'a>(commitments: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut themes: Vec<&str> = Vec::new();
    for t in commitments {
        if !themes
            .iter()
            .any(|x| x.trim().eq_ignore_ascii_case(t.trim()))
        {
            themes.push(t);
        }
    }
    themes
}

/// One theme of the legend, its tag and its name as one widget, so a wrapped legend never
/// splits an entry or lays it past the edge.
fn theme_legend_entry(ui: &mut egui::Ui, theme: &str) {
    let galley = egui::WidgetText::from(RichText::new(theme).weak()).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Body,
    );
    let chip = theme_chip_size(ui);
    let gap = 4.0;
    let size = Vec2::new(chip + gap + galley.size().x, chip.max(galley.size().y));
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let chip_rect = egui::Rect::from_center_size(
        Pos2::new(rect.left() + chip / 2.0, rect.center().y),
        Vec2::splat(chip),
    );
    paint_theme_chip(ui.painter(), chip_rect, theme);
    let text_pos = Pos2::new(
        chip_rect.right() + gap,
        rect.center().y - galley.size().y / 2.0,
    );
    ui.painter()
        .galley(text_pos, galley.clone(), ui.visuals().text_color());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, galley.text()));
}

/// "Themes: \[T\] transparency  \[A\] accountability …", wrapped.
pub fn theme_legend_ui(ui: &mut egui::Ui, themes: &[&str]) {
    if themes.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(crate::i18n::tr("Themes:")).weak());
        for t in themes {
            theme_legend_entry(ui, t);
        }
    });
}

/// A workshop's colour and shape on the event grid, by its place in the session.
pub fn workshop_style(index: usize) -> (Color32, MarkerShape) {
    (
        GROUP_COLORS[index % GROUP_COLORS.len()],
        GROUP_SHAPES[index % GROUP_SHAPES.len()],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_themes_have_fixed_letters_and_any_other_its_first() {
        for (theme, letter) in [
            ("transparency", "T"),
            ("Accountability", "A"),
            (" public participation ", "P"),
            ("technology and innovation", "I"),
            ("health", "H"),
            ("éducation", "É"),
            ("2030 agenda", "2"),
            ("— civic space", "C"),
            ("", "·"),
            ("…", "·"),
        ] {
            assert_eq!(theme_letter(theme), letter, "{theme:?}");
        }
    }

    #[test]
    fn each_group_has_its_own_colour_and_shape() {
        // Seven colours and eight shapes: no two of the first 56 groups look alike, and
        // the first seven differ in colour and in shape alike.
        let styles: Vec<(Color32, MarkerShape)> = (1..=56).map(group_style).collect();
        for (i, a) in styles.iter().enumerate() {
            for (j, b) in styles.iter().enumerate().skip(i + 1) {
                assert_ne!(a, b, "groups {} and {}", i + 1, j + 1);
                if j < 7 {
                    assert_ne!(a.0, b.0, "colours of groups {} and {}", i + 1, j + 1);
                    assert_ne!(a.1, b.1, "shapes of groups {} and {}", i + 1, j + 1);
                }
            }
        }
        assert_eq!(group_style(1), (GROUP_COLORS[0], GROUP_SHAPES[0]));
        assert_eq!(group_style(9), (GROUP_COLORS[1], GROUP_SHAPES[0]));
        // A stable id: a group keeps its look when another is removed.
        assert_eq!(group_style(3), (GROUP_COLORS[2], GROUP_SHAPES[2]));
    }

    #[test]
    fn text_reaches_4_5_to_1_in_both_themes() {
        for presenting in [false, true] {
            let v = crate::ui::theme::visuals(presenting);
            let text = v.override_text_color.expect("set");
            for bg in [v.panel_fill, v.window_fill, v.extreme_bg_color] {
                assert!(
                    contrast(text, bg) >= 4.5,
                    "text {text:?} on {bg:?}: {}",
                    contrast(text, bg)
                );
                for g in 1..=8 {
                    let c = group_text_color(g, bg);
                    assert!(contrast(c, bg) >= 4.5, "group {g} on {bg:?}");
                }
            }
        }
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
    }
}
