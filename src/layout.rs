//! Where a point's label goes so that labels never sit on each other or on another point:
//! plain geometry in screen coordinates (y down), shared by the window's grid
//! (`ui::grid`) and the report's SVG (`report::grid_svg`), so both place labels the same
//! way. No egui types.

/// An axis-aligned rectangle; touching rectangles count as overlapping.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left.
    pub x0: f32,
    /// Top.
    pub y0: f32,
    /// Right.
    pub x1: f32,
    /// Bottom.
    pub y1: f32,
}

impl Rect {
    /// From its top-left corner and size.
    pub fn from_min_size((x, y): (f32, f32), (w, h): (f32, f32)) -> Self {
        Self {
            x0: x,
            y0: y,
            x1: x + w,
            y1: y + h,
        }
    }

    /// From its centre and size.
    pub fn from_center_size((x, y): (f32, f32), (w, h): (f32, f32)) -> Self {
        Self::from_min_size((x - w / 2.0, y - h / 2.0), (w, h))
    }

    /// Its centre.
    pub fn center(&self) -> (f32, f32) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }

    /// Whether the two share any point (edges included).
    pub fn intersects(&self, other: &Self) -> bool {
        self.x0 <= other.x1 && other.x0 <= self.x1 && self.y0 <= other.y1 && other.y0 <= self.y1
    }

    /// Whether `other` lies wholly inside (edges included).
    pub fn contains_rect(&self, other: &Self) -> bool {
        self.x0 <= other.x0 && other.x1 <= self.x1 && self.y0 <= other.y0 && other.y1 <= self.y1
    }
}

/// Where one label goes: its rectangle, and the end of a leader line from its point when
/// it had to move away from it.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelSpot {
    /// The point it labels.
    pub point: (f32, f32),
    /// The label's rectangle.
    pub rect: Rect,
    /// Where a line from the point to the label ends, if the label stands apart.
    pub leader_to: Option<(f32, f32)>,
}

/// How far out the rings of spots go, in multiples of the nearest distance (the marker's
/// radius and a little): the first ring touches the point, the others get a leader line.
const RINGS: [f32; 8] = [1.0, 3.0, 5.0, 7.0, 9.0, 12.0, 16.0, 20.0];

/// Rectangles filed by the square cells of a grid they overlap, so that whether a new
/// rectangle touches one of them is asked of the few in its cells, not of all of them: what
/// keeps [`place_labels`] near-linear (10,000 labels). A rectangle that would span more than
/// [`SpatialGrid::MAX_CELLS`] cells (a huge label) is kept aside and always asked.
struct SpatialGrid {
    cell: f32,
    cells: std::collections::HashMap<(i32, i32), Vec<usize>>,
    wide: Vec<usize>,
    rects: Vec<Rect>,
}

impl SpatialGrid {
    const MAX_CELLS: i64 = 4096;

    /// An empty grid of cells `cell` wide (a label's size: one to four cells each).
    fn new(cell: f32) -> Self {
        Self {
            cell: if cell.is_finite() && cell >= 1.0 {
                cell
            } else {
                16.0
            },
            cells: std::collections::HashMap::new(),
            wide: Vec::new(),
            rects: Vec::new(),
        }
    }

    /// The cells a rectangle overlaps, edges included (so touching rectangles share one),
    /// or `None` when there are too many (or its corners are not numbers).
    fn span(&self, r: &Rect) -> Option<(i32, i32, i32, i32)> {
        let at = |v: f32| (v / self.cell).floor();
        let (x0, y0, x1, y1) = (at(r.x0), at(r.y0), at(r.x1), at(r.y1));
        let limit = 1.0e6;
        if ![x0, y0, x1, y1].iter().all(|v| v.abs() < limit) {
            return None;
        }
        let (x0, y0, x1, y1) = (x0 as i32, y0 as i32, x1 as i32, y1 as i32);
        let count = (i64::from(x1) - i64::from(x0) + 1) * (i64::from(y1) - i64::from(y0) + 1);
        (x1 >= x0 && y1 >= y0 && count <= Self::MAX_CELLS).then_some((x0, y0, x1, y1))
    }

    /// Files a rectangle; its index is the number filed before it.
    fn insert(&mut self, r: Rect) {
        let index = self.rects.len();
        self.rects.push(r);
        match self.span(&r) {
            Some((x0, y0, x1, y1)) => {
                for x in x0..=x1 {
                    for y in y0..=y1 {
                        self.cells.entry((x, y)).or_default().push(index);
                    }
                }
            }
            None => self.wide.push(index),
        }
    }

    /// Whether any rectangle filed, other than number `skip`, touches `r`.
    fn touches(&self, r: &Rect, skip: Option<usize>) -> bool {
        let hit = |&j: &usize| Some(j) != skip && self.rects[j].intersects(r);
        if self.wide.iter().any(hit) {
            return true;
        }
        match self.span(r) {
            Some((x0, y0, x1, y1)) => (x0..=x1).any(|x| {
                (y0..=y1).any(|y| self.cells.get(&(x, y)).is_some_and(|c| c.iter().any(hit)))
            }),
            // A rectangle too large for the cells: asked of every one.
            None => (0..self.rects.len()).any(|j| hit(&j)),
        }
    }
}

/// Places each label (its size given in `sizes`) beside its point: at the first of eight
/// spots around it (up-right, down-right, up-left, down-left, right, left, above, below)
/// that lies inside `clip` and covers no label placed before and no other point's marker
/// (a square of `marker_radius` around it); where all are taken, the same spots further out,
/// ring by ring, with a leader line. Only when every ring is full does a label go to its
/// first spot regardless. Labels are placed top to bottom, then left to right, so the
/// result depends only on the input.
pub fn place_labels(
    points: &[(f32, f32)],
    sizes: &[(f32, f32)],
    clip: Rect,
    marker_radius: f32,
) -> Vec<LabelSpot> {
    // The grid's cells are as wide as the largest label or marker, so a rectangle lies
    // in at most four of them.
    let cell = sizes
        .iter()
        .flat_map(|&(w, h)| [w, h])
        .filter(|v| v.is_finite())
        .fold(marker_radius * 2.0, f32::max);
    let mut markers = SpatialGrid::new(cell);
    for p in points {
        markers.insert(Rect::from_center_size(
            *p,
            (marker_radius * 2.0, marker_radius * 2.0),
        ));
    }
    let mut taken = SpatialGrid::new(cell);
    let mut order: Vec<usize> = (0..points.len().min(sizes.len())).collect();
    order.sort_by(|a, b| {
        points[*a]
            .1
            .total_cmp(&points[*b].1)
            .then(points[*a].0.total_cmp(&points[*b].0))
    });
    let mut spots: Vec<Option<LabelSpot>> = vec![None; order.len()];
    let near = marker_radius + 2.0;
    for i in order {
        let p = points[i];
        let (w, h) = sizes[i];
        let around = |d: f32| {
            [
                (d * 0.6, -d * 0.6 - h),
                (d * 0.6, d * 0.6),
                (-d * 0.6 - w, -d * 0.6 - h),
                (-d * 0.6 - w, d * 0.6),
                (d, -h / 2.0),
                (-d - w, -h / 2.0),
                (-w / 2.0, -d - h),
                (-w / 2.0, d),
            ]
        };
        let free = |r: &Rect| {
            clip.contains_rect(r) && !taken.touches(r, None) && !markers.touches(r, Some(i))
        };
        let rect_at = |(dx, dy): (f32, f32)| Rect::from_min_size((p.0 + dx, p.1 + dy), (w, h));
        let (rect, leader) = RINGS
            .iter()
            .flat_map(|k| around(near * k).into_iter().map(move |o| (o, *k > 1.0)))
            .map(|(o, leader)| (rect_at(o), leader))
            .find(|(r, _)| free(r))
            .unwrap_or((rect_at(around(near)[0]), false));
        let leader_to = leader.then(|| {
            let c = rect.center();
            let (dx, dy) = (p.0 - c.0, p.1 - c.1);
            let len = (dx * dx + dy * dy).sqrt();
            let (nx, ny) = if len > 0.0 {
                (dx / len, dy / len)
            } else {
                (dx, dy)
            };
            let r = w.max(h) * 0.5;
            (c.0 + nx * r, c.1 + ny * r)
        });
        taken.insert(rect);
        spots[i] = Some(LabelSpot {
            point: p,
            rect,
            leader_to,
        });
    }
    spots.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const CLIP: Rect = Rect {
        x0: 0.0,
        y0: 0.0,
        x1: 800.0,
        y1: 560.0,
    };

    #[test]
    fn a_lone_label_sits_up_right_of_its_point() {
        let spots = place_labels(&[(100.0, 100.0)], &[(12.0, 15.0)], CLIP, 6.0);
        let r = spots[0].rect;
        assert!(r.x0 > 100.0 && r.y1 < 100.0, "{r:?}");
        assert_eq!(spots[0].leader_to, None);
    }

    #[test]
    fn labels_of_one_spot_spread_out_with_leaders() {
        let points = vec![(400.0, 300.0); 15];
        let sizes = vec![(16.0, 15.0); 15];
        let spots = place_labels(&points, &sizes, CLIP, 6.0);
        assert_eq!(spots.len(), 15);
        for (i, a) in spots.iter().enumerate() {
            for b in &spots[i + 1..] {
                assert!(!a.rect.intersects(&b.rect), "{a:?} {b:?}");
            }
        }
        assert!(spots.iter().any(|s| s.leader_to.is_some()));
    }

    proptest! {
        /// Up to fifteen labels (the top-voted list) anywhere on the plot: none covers
        /// another, none covers another point, all inside the frame.
        #[test]
        fn labels_never_overlap(
            points in prop::collection::vec((30.0f32..770.0, 30.0f32..530.0), 0..=15),
            width in 8.0f32..40.0,
        ) {
            let sizes = vec![(width, 15.0); points.len()];
            let spots = place_labels(&points, &sizes, CLIP, 6.0);
            prop_assert_eq!(spots.len(), points.len());
            for (i, a) in spots.iter().enumerate() {
                prop_assert!(CLIP.contains_rect(&a.rect));
                for (j, b) in spots.iter().enumerate() {
                    if i != j {
                        prop_assert!(!a.rect.intersects(&b.rect), "{:?} {:?}", a, b);
                        let marker = Rect::from_center_size(b.point, (12.0, 12.0));
                        prop_assert!(!a.rect.intersects(&marker), "{:?} on {:?}", a, b.point);
                    }
                }
            }
        }
    }

    /// The placement as it was before the spatial grid: every label checked against every
    /// label and marker. The grid must give the very same spots.
    fn brute_force(
        points: &[(f32, f32)],
        sizes: &[(f32, f32)],
        clip: Rect,
        marker_radius: f32,
    ) -> Vec<LabelSpot> {
        let markers: Vec<Rect> = points
            .iter()
            .map(|p| Rect::from_center_size(*p, (marker_radius * 2.0, marker_radius * 2.0)))
            .collect();
        let mut taken: Vec<Rect> = Vec::with_capacity(points.len());
        let mut order: Vec<usize> = (0..points.len().min(sizes.len())).collect();
        order.sort_by(|a, b| {
            points[*a]
                .1
                .total_cmp(&points[*b].1)
                .then(points[*a].0.total_cmp(&points[*b].0))
        });
        let mut spots: Vec<Option<LabelSpot>> = vec![None; order.len()];
        let near = marker_radius + 2.0;
        for i in order {
            let p = points[i];
            let (w, h) = sizes[i];
            let around = |d: f32| {
                [
                    (d * 0.6, -d * 0.6 - h),
                    (d * 0.6, d * 0.6),
                    (-d * 0.6 - w, -d * 0.6 - h),
                    (-d * 0.6 - w, d * 0.6),
                    (d, -h / 2.0),
                    (-d - w, -h / 2.0),
                    (-w / 2.0, -d - h),
                    (-w / 2.0, d),
                ]
            };
            let free = |r: &Rect| {
                clip.contains_rect(r)
                    && !taken.iter().any(|t| t.intersects(r))
                    && !markers
                        .iter()
                        .enumerate()
                        .any(|(j, m)| j != i && m.intersects(r))
            };
            let rect_at = |(dx, dy): (f32, f32)| Rect::from_min_size((p.0 + dx, p.1 + dy), (w, h));
            let (rect, leader) = RINGS
                .iter()
                .flat_map(|k| around(near * k).into_iter().map(move |o| (o, *k > 1.0)))
                .map(|(o, leader)| (rect_at(o), leader))
                .find(|(r, _)| free(r))
                .unwrap_or((rect_at(around(near)[0]), false));
            let leader_to = leader.then(|| {
                let c = rect.center();
                let (dx, dy) = (p.0 - c.0, p.1 - c.1);
                let len = (dx * dx + dy * dy).sqrt();
                let (nx, ny) = if len > 0.0 {
                    (dx / len, dy / len)
                } else {
                    (dx, dy)
                };
                let r = w.max(h) * 0.5;
                (c.0 + nx * r, c.1 + ny * r)
            });
            taken.push(rect);
            spots[i] = Some(LabelSpot {
                point: p,
                rect,
                leader_to,
            });
        }
        spots.into_iter().flatten().collect()
    }

    proptest! {
        /// Crowded and sparse, small and large: the grid places every label where checking
        /// against all of them would (the usual 15 and the report's thousands alike).
        #[test]
        fn the_grid_places_labels_exactly_as_checking_them_all(
            points in prop::collection::vec((-20.0f32..820.0, -20.0f32..580.0), 0..=300),
            widths in prop::collection::vec(1.0f32..120.0, 1..=8),
            marker in 0.5f32..12.0,
        ) {
            let sizes: Vec<(f32, f32)> = (0..points.len()).map(|i| (widths[i % widths.len()], 15.0)).collect();
            prop_assert_eq!(
                place_labels(&points, &sizes, CLIP, marker),
                brute_force(&points, &sizes, CLIP, marker)
            );
        }
    }

    #[test]
    fn the_grid_agrees_on_piles_huge_labels_and_odd_numbers() {
        let mut points = vec![(400.0, 300.0); 200];
        points.extend([
            (f32::NAN, 1.0),
            (f32::INFINITY, 5.0),
            (1.0e30, -1.0e30),
            (5.0, 5.0),
        ]);
        let mut sizes = vec![(16.0, 15.0); points.len()];
        sizes[3] = (5000.0, 15.0);
        sizes[7] = (f32::NAN, 15.0);
        for marker in [6.0, 0.0, f32::NAN] {
            // Compared as text: NaN is not equal to itself.
            assert_eq!(
                format!("{:?}", place_labels(&points, &sizes, CLIP, marker)),
                format!("{:?}", brute_force(&points, &sizes, CLIP, marker))
            );
        }
    }
}
