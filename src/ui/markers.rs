//! Group markers as a small texture: each of the eight shapes is rasterized once (with
//! anti-aliased edges) for the size on screen, so a marker on the grid is one textured
//! quad — four vertices — however many thousands a big event has. The geometry is the
//! legends' ([`marker_geometry`]).

use egui::{Color32, ColorImage, Mesh, Pos2, Rect, TextureHandle, TextureOptions, Vec2};
use egui_plot::MarkerShape;

use crate::ui::style::{GROUP_SHAPES, MARKER_STROKE, MarkerGeometry, marker_geometry};

/// Half the side of a marker's cell, in units of the marker's radius: the largest shape
/// (the median's ring, 1.29 + 0.13) fits inside.
const HALF_CELL: f32 = 1.5;
/// The median's ring: its radius and half its stroke's width, in marker radii (a ring of
/// 0.9 × the grid's marker radius with a 1.5-point stroke, where markers are 0.7 ×).
const RING: (f32, f32) = (0.9 / 0.7, 0.75 / 5.6);
/// Samples per pixel along each axis, for the edges' coverage.
const SUPERSAMPLE: usize = 4;

/// The rasterized markers for one radius on screen.
#[derive(Clone)]
pub struct MarkerAtlas {
    texture: TextureHandle,
    /// The side of a marker's quad, in points.
    side: f32,
    /// Where each shape of [`GROUP_SHAPES`], then the ring, sits in the texture
    /// (normalized).
    uvs: [Rect; GROUP_SHAPES.len() + 1],
    /// Lines 1 and 2 points wide: each a profile across the line in its own cell — the
    /// texture's `u` at the line's two edges, its `v`, and half the quad's width in points.
    lines: [LineProfile; 2],
}

#[derive(Clone, Copy)]
struct LineProfile {
    u: (f32, f32),
    v: f32,
    half_width: f32,
}

impl MarkerAtlas {
    /// The atlas for markers of `radius` points at the context's zoom; made once per
    /// radius and zoom, then kept in the context's memory.
    pub fn get(ctx: &egui::Context, radius: f32) -> Self {
        let pixels_per_point = ctx.pixels_per_point();
        let radius_px = radius * pixels_per_point;
        let id = egui::Id::unique(("cocreate_marker_atlas", radius_px.to_bits()));
        if let Some(atlas) = ctx.data(|d| d.get_temp::<Self>(id)) {
            return atlas;
        }
        let half = (HALF_CELL * radius_px).ceil() as usize + 1;
        let cell = 2 * half;
        let mut uvs = [Rect::NOTHING; GROUP_SHAPES.len() + 1];
        let line_widths = [1.0, 2.0];
        let cells = uvs.len() + line_widths.len();
        let mut image = ColorImage::filled([cell * cells, cell], Color32::TRANSPARENT);
        let width = image.size[0] as f32;
        let lines = std::array::from_fn(|k| {
            let x0 = (uvs.len() + k) * cell + 1;
            let texels = line_profile(&mut image, x0, line_widths[k] * pixels_per_point);
            LineProfile {
                u: (x0 as f32 / width, (x0 + texels) as f32 / width),
                v: 0.5,
                half_width: texels as f32 / 2.0 / pixels_per_point,
            }
        });
        for (n, uv) in uvs.iter_mut().enumerate() {
            let shape = GROUP_SHAPES.get(n).copied();
            rasterize(&mut image, n * cell, cell, radius_px, shape);
            *uv = Rect::from_min_max(
                Pos2::new((n * cell) as f32 / width, 0.0),
                Pos2::new(((n + 1) * cell) as f32 / width, 1.0),
            );
        }
        let atlas = Self {
            texture: ctx.load_texture("cocreate-markers", image, TextureOptions::LINEAR),
            side: cell as f32 / pixels_per_point,
            uvs,
            lines,
        };
        ctx.data_mut(|d| d.insert_temp(id, atlas.clone()));
        atlas
    }

    /// An empty mesh drawing with this atlas.
    pub fn mesh(&self) -> Mesh {
        Mesh::with_texture(self.texture.id())
    }

    /// Adds a marker centred on `center` to a mesh from [`Self::mesh`].
    pub fn add(&self, mesh: &mut Mesh, center: Pos2, shape: MarkerShape, color: Color32) {
        let n = GROUP_SHAPES
            .iter()
            .position(|s| *s == shape)
            .unwrap_or_default();
        let rect = Rect::from_center_size(center, Vec2::splat(self.side));
        mesh.add_rect_with_uv(rect, self.uvs[n], color);
    }

    /// Adds a median's ring (black, hollow) centred on `center`.
    pub fn add_ring(&self, mesh: &mut Mesh, center: Pos2) {
        let rect = Rect::from_center_size(center, Vec2::splat(self.side));
        mesh.add_rect_with_uv(rect, self.uvs[GROUP_SHAPES.len()], Color32::BLACK);
    }

    /// Adds a straight line, 1 point wide (2 when `thick`), with soft edges: one quad whose
    /// texture is the line's profile across.
    pub fn add_line(&self, mesh: &mut Mesh, a: Pos2, b: Pos2, thick: bool, color: Color32) {
        let along = b - a;
        if along.length_sq() < 1e-6 {
            return;
        }
        let profile = self.lines[usize::from(thick)];
        let across = along.normalized().rot90() * profile.half_width;
        let base = mesh.vertices.len() as u32;
        for (pos, u) in [
            (a + across, profile.u.0),
            (a - across, profile.u.1),
            (b + across, profile.u.0),
            (b - across, profile.u.1),
        ] {
            mesh.vertices.push(egui::epaint::Vertex {
                pos,
                uv: Pos2::new(u, profile.v),
                color,
            });
        }
        mesh.add_triangle(base, base + 1, base + 2);
        mesh.add_triangle(base + 1, base + 3, base + 2);
    }

    /// Identifies the texture, for caches of meshes that use it.
    pub fn texture_id(&self) -> egui::TextureId {
        self.texture.id()
    }
}

/// Fills one cell (`x0`, side `cell` pixels) with the shape's coverage (the ring's for
/// `None`) as white alpha.
fn rasterize(
    image: &mut ColorImage,
    x0: usize,
    cell: usize,
    radius_px: f32,
    shape: Option<MarkerShape>,
) {
    let half = cell as f32 / 2.0;
    let step = 1.0 / SUPERSAMPLE as f32;
    let total = (SUPERSAMPLE * SUPERSAMPLE) as f32;
    for y in 0..cell {
        for x in 0..cell {
            let mut hits = 0usize;
            for sy in 0..SUPERSAMPLE {
                for sx in 0..SUPERSAMPLE {
                    let px = x as f32 + (sx as f32 + 0.5) * step - half;
                    let py = y as f32 + (sy as f32 + 0.5) * step - half;
                    let p = Vec2::new(px, py) / radius_px;
                    let hit = match shape {
                        Some(shape) => inside(shape, p),
                        None => (p.length() - RING.0).abs() <= RING.1,
                    };
                    if hit {
                        hits += 1;
                    }
                }
            }
            let alpha = (hits as f32 / total * 255.0).round() as u8;
            image.pixels[y * image.size[0] + x0 + x] = Color32::from_white_alpha(alpha);
        }
    }
}

/// Writes, from column `x0` across every row, the coverage of a line `width_px` wide
/// centred in a run of texels with a transparent texel on each side; returns the run's
/// length.
fn line_profile(image: &mut ColorImage, x0: usize, width_px: f32) -> usize {
    let texels = width_px.ceil() as usize + 2;
    let centre = texels as f32 / 2.0;
    let (from, to) = (centre - width_px / 2.0, centre + width_px / 2.0);
    for i in 0..texels {
        let covered = ((i + 1) as f32).min(to) - (i as f32).max(from);
        let alpha = (covered.clamp(0.0, 1.0) * 255.0).round() as u8;
        for y in 0..image.size[1] {
            image.pixels[y * image.size[0] + x0 + i] = Color32::from_white_alpha(alpha);
        }
    }
    texels
}

/// Whether a point (in units of the radius, y down) is inside the shape, as
/// [`marker_geometry`] describes it.
fn inside(shape: MarkerShape, p: Vec2) -> bool {
    match marker_geometry(shape) {
        MarkerGeometry::Disc => p.length_sq() <= 1.0,
        MarkerGeometry::Polygon(corners) => in_convex_polygon(p, corners),
        MarkerGeometry::Strokes(segments) => segments
            .iter()
            .any(|(a, b)| distance_to_segment(p, *a, *b) <= MARKER_STROKE / 2.0),
    }
}

/// Whether `p` is on the same side of every edge of the convex polygon.
fn in_convex_polygon(p: Vec2, corners: &[Vec2]) -> bool {
    let sides = corners
        .iter()
        .zip(corners.iter().cycle().skip(1))
        .map(|(u, v)| (v.x - u.x) * (p.y - u.y) - (v.y - u.y) * (p.x - u.x));
    let (mut negative, mut positive) = (false, false);
    for side in sides {
        negative |= side < 0.0;
        positive |= side > 0.0;
    }
    !(negative && positive)
}

fn distance_to_segment(p: Vec2, a: Vec2, b: Vec2) -> f32 {
    let ab = b - a;
    let t = ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0);
    (p - (a + ab * t)).length()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_covers_its_centre_region_and_not_its_corners() {
        for shape in GROUP_SHAPES {
            // Every shape passes through or contains its centre...
            assert!(inside(shape, Vec2::ZERO), "{shape:?} misses its centre");
            // ...and stays inside its cell.
            for corner in [
                Vec2::new(1.3, 1.3),
                Vec2::new(-1.3, -1.3),
                Vec2::new(1.3, -1.3),
            ] {
                assert!(
                    !inside(shape, corner),
                    "{shape:?} reaches its cell's corner"
                );
            }
        }
        assert!(inside(MarkerShape::Square, Vec2::new(0.8, 0.8)));
        assert!(!inside(MarkerShape::Circle, Vec2::new(0.8, 0.8)));
        assert!(inside(MarkerShape::Up, Vec2::new(0.0, -1.0)));
        assert!(!inside(MarkerShape::Down, Vec2::new(0.0, -1.0)));
        assert!(!inside(MarkerShape::Plus, Vec2::new(0.6, 0.6)));
        assert!(inside(MarkerShape::Cross, Vec2::new(0.6, 0.6)));
    }

    #[test]
    fn the_atlas_has_one_cell_per_shape_with_soft_edges() {
        let ctx = egui::Context::default();
        let atlas = MarkerAtlas::get(&ctx, 6.0);
        assert_eq!(atlas.uvs.len(), GROUP_SHAPES.len() + 1);
        let mut image = ColorImage::filled([20, 20], Color32::TRANSPARENT);
        rasterize(&mut image, 0, 20, 5.5, Some(MarkerShape::Circle));
        let alpha = |x: usize, y: usize| image.pixels[y * 20 + x].a();
        assert_eq!(alpha(10, 10), 255, "the centre is solid");
        assert_eq!(alpha(0, 0), 0, "the corner is empty");
        // The edge, 5.5 px from the centre, is partly covered: anti-aliased.
        assert!(
            (1..255).contains(&alpha(15, 10)),
            "edge alpha {}",
            alpha(15, 10)
        );
    }

    #[test]
    fn a_line_profile_is_solid_in_the_middle_and_clear_at_the_edges() {
        let mut image = ColorImage::filled([8, 2], Color32::TRANSPARENT);
        assert_eq!(line_profile(&mut image, 0, 1.0), 3);
        let row: Vec<u8> = image.pixels[..3].iter().map(|c| c.a()).collect();
        assert_eq!(row, [0, 255, 0]);
        assert_eq!(line_profile(&mut image, 3, 1.5), 4);
        let row: Vec<u8> = image.pixels[3..7].iter().map(|c| c.a()).collect();
        assert_eq!(row, [0, 191, 191, 0]);
        assert_eq!(image.pixels[8 + 4].a(), 191, "every row holds the profile");
    }
}
