//! Medians, spreads and agreement. Pure functions, computed when the session changes, not
//! every frame.

use crate::model::{AMBITION_MAX, DESIRABILITY_MAX, Workshop};

/// The aggregate placement of one commitment over all groups that placed it.
#[derive(Clone, Debug, PartialEq)]
pub struct Aggregate {
    /// [`crate::model::Commitment::id`].
    pub commitment: String,
    /// How many groups placed it.
    pub groups: usize,
    /// Median desirability, 0–10.
    pub desirability: f64,
    /// Median ambition, 0–3.
    pub ambition: f64,
    /// First and third quartile of desirability.
    pub desirability_quartiles: (f64, f64),
    /// First and third quartile of ambition.
    pub ambition_quartiles: (f64, f64),
    /// Disagreement, 0 (all groups on one spot) to about 1 (opposite corners): the
    /// root-mean-square distance of the groups' points from the median point, with both axes
    /// scaled to 0–1.
    pub spread: f64,
}

/// Aggregates per commitment, in the order of `commitment_ids`, over the placements of the
/// given workshops. Commitments nobody placed are left out.
pub fn aggregates<'a>(
    commitment_ids: impl IntoIterator<Item = &'a str>,
    workshops: &[&Workshop],
) -> Vec<Aggregate> {
    let mut by_commitment: std::collections::HashMap<&str, Vec<(f64, f64)>> =
        std::collections::HashMap::new();
    for w in workshops {
        for p in &w.placements {
            by_commitment
                .entry(p.commitment.as_str())
                .or_default()
                .push((p.desirability, p.ambition));
        }
    }
    commitment_ids
        .into_iter()
        .filter_map(|id| {
            let points = by_commitment.get(id)?;
            Some(aggregate(id, points))
        })
        .collect()
}

/// The aggregate of one commitment's points `(desirability, ambition)`; `points` is not empty.
pub fn aggregate(commitment: &str, points: &[(f64, f64)]) -> Aggregate {
    let mut d: Vec<f64> = points.iter().map(|p| p.0).collect();
    let mut a: Vec<f64> = points.iter().map(|p| p.1).collect();
    d.sort_by(f64::total_cmp);
    a.sort_by(f64::total_cmp);
    let (md, ma) = (quantile(&d, 0.5), quantile(&a, 0.5));
    let mean_square = points
        .iter()
        .map(|(pd, pa)| {
            let dy = (pd - md) / DESIRABILITY_MAX;
            let dx = (pa - ma) / AMBITION_MAX;
            dx * dx + dy * dy
        })
        .sum::<f64>()
        / points.len() as f64;
    Aggregate {
        commitment: commitment.to_owned(),
        groups: points.len(),
        desirability: md,
        ambition: ma,
        desirability_quartiles: (quantile(&d, 0.25), quantile(&d, 0.75)),
        ambition_quartiles: (quantile(&a, 0.25), quantile(&a, 0.75)),
        spread: mean_square.sqrt(),
    }
}

/// Linear-interpolation quantile of sorted, non-empty values.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let pos = q.clamp(0.0, 1.0) * (n - 1) as f64;
            let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
            sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
        }
    }
}

/// The median of values in any order.
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    quantile(&v, 0.5)
}

#[cfg(test)]
mod tests {
    /// One group's point as a median: desirability `d`, ambition `a`.
    fn point(d: f64, a: f64) -> super::Aggregate {
        super::Aggregate {
            commitment: String::new(),
            groups: 1,
            desirability: d,
            ambition: a,
            desirability_quartiles: (d, d),
            ambition_quartiles: (a, a),
            spread: 0.0,
        }
    }

    #[test]
    fn the_workshops_disagreement_is_their_medians_distance_on_the_unit_square() {
        use crate::model::Workshop;
        let at = |d: f64, a: f64| {
            let mut w = Workshop::new(format!("w{d}{a}"), "W");
            let g = w.add_group();
            w.place(g, "1", d, a);
            w
        };
        let disagreement =
            |a: &Workshop, b: &Workshop| super::event_rows(["1"], &[a, b])[0].disagreement;
        // Corner to corner: both axes' whole length.
        assert!((disagreement(&at(10.0, 0.0), &at(0.0, 3.0)) - 2f64.sqrt()).abs() < 1e-12);
        // Half the ambition axis, the same desirability.
        assert!((disagreement(&at(5.0, 0.0), &at(5.0, 1.5)) - 0.5).abs() < 1e-12);
        // A fifth of the desirability axis.
        assert!((disagreement(&at(2.0, 1.0), &at(4.0, 1.0)) - 0.2).abs() < 1e-12);
        assert_eq!(disagreement(&at(4.0, 1.0), &at(4.0, 1.0)), 0.0);
        assert_eq!(
            super::event_rows(["1"], &[&at(4.0, 1.0)])[0].disagreement,
            0.0,
            "one workshop"
        );
    }

    #[test]
    fn many_medians_on_a_triangle_or_a_line_give_their_farthest_pair() {
        // A triangle whose farthest corners are not its leftmost and rightmost ones,
        // around 40 medians inside it.
        let mut triangle = vec![point(0.0, 0.0), point(10.0, 0.3), point(0.0, 3.0)];
        for i in 0..40 {
            triangle.push(point(
                1.0 + f64::from(i % 8) * 0.5,
                0.5 + f64::from(i / 8) * 0.3,
            ));
        }
        let refs: Vec<&super::Aggregate> = triangle.iter().collect();
        let farthest = ((0.3f64 - 3.0) / 3.0).hypot(1.0);
        assert!((super::largest_distance(&refs) - farthest).abs() < 1e-12);
        // Forty medians on one line: its two ends.
        let line: Vec<super::Aggregate> =
            (0..40).map(|i| point(f64::from(i) * 0.25, 1.0)).collect();
        let refs: Vec<&super::Aggregate> = line.iter().collect();
        assert!((super::largest_distance(&refs) - 0.975).abs() < 1e-12);
    }

    proptest::proptest! {
        /// The hull-and-calipers distance is the largest distance of every pair.
        #[test]
        fn the_largest_distance_is_that_of_the_farthest_pair(
            points in proptest::collection::vec((0..=100u8, 0..=60u8), 0..200),
            circle in proptest::bool::ANY,
        ) {
            let medians: Vec<super::Aggregate> = points
                .iter()
                .enumerate()
                .map(|(i, &(d, a))| {
                    let (d, a) = if circle {
                        let t = i as f64;
                        (5.0 + 5.0 * t.sin(), 1.5 + 1.5 * t.cos())
                    } else {
                        (f64::from(d) / 10.0, f64::from(a) / 20.0)
                    };
                    point(d, a)
                })
                .collect();
            let refs: Vec<&super::Aggregate> = medians.iter().collect();
            let mut brute: f64 = 0.0;
            for (i, a) in refs.iter().enumerate() {
                for b in &refs[i + 1..] {
                    brute = brute.max(super::distance(a, b));
                }
            }
            proptest::prop_assert_eq!(super::largest_distance(&refs), brute);
        }
    }

    use super::*;
    use crate::model::Workshop;

    #[test]
    fn medians_and_quartiles() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0, 5.0], 0.25), 2.0);
        assert!(median(&[]).is_nan());
    }

    #[test]
    fn spread_is_zero_when_groups_agree_and_large_when_they_do_not() {
        let same = aggregate("1", &[(5.0, 1.0), (5.0, 1.0), (5.0, 1.0)]);
        assert_eq!(same.spread, 0.0);
        let apart = aggregate("1", &[(0.0, 0.0), (10.0, 3.0)]);
        assert!(
            (apart.spread - (0.5f64).sqrt()).abs() < 1e-9,
            "{}",
            apart.spread
        );
        assert_eq!(
            crate::model::AmbitionScale::PotentialImpact.nearest(apart.ambition),
            crate::model::AmbitionLevel::Moderate
        ); // median 1.5 rounds up
    }

    #[test]
    fn aggregates_follow_commitment_order_and_skip_unplaced() {
        let mut w = Workshop::new("w".into(), "W");
        let g1 = w.add_group();
        let g2 = w.add_group();
        w.place(g1, "b", 8.0, 2.0);
        w.place(g2, "b", 6.0, 3.0);
        w.place(g1, "a", 1.0, 0.0);
        let list = aggregates(["a", "b", "c"], &[&w]);
        // "b" was placed first; the list follows the commitments' order, without "c".
        assert_eq!(
            list.iter()
                .map(|a| a.commitment.as_str())
                .collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(
            (list[0].groups, list[0].desirability, list[0].ambition),
            (1, 1.0, 0.0)
        );
        assert_eq!(list[1].groups, 2);
        assert_eq!(list[1].desirability, 7.0);
        assert_eq!(list[1].ambition, 2.5);
    }
}

/// One row of the event view: a commitment over all workshops.
#[derive(Clone, Debug, PartialEq)]
pub struct EventRow {
    /// The aggregate over every group of every workshop given.
    pub aggregate: Aggregate,
    /// Workshops with at least one placement of it.
    pub workshops_plotted: usize,
    /// Indices (into the workshops given) of the workshops that selected it.
    pub selected_by: Vec<usize>,
    /// How far apart the workshops' own medians are: the largest distance between two of
    /// them, both axes scaled to 0–1. 0 with fewer than two workshops.
    pub disagreement: f64,
}

/// The distance between two workshops' medians, both axes scaled to 0–1.
fn distance(a: &Aggregate, b: &Aggregate) -> f64 {
    let dy = (a.desirability - b.desirability) / DESIRABILITY_MAX;
    let dx = (a.ambition - b.ambition) / AMBITION_MAX;
    (dx * dx + dy * dy).sqrt()
}

/// The largest [`distance`] between two of the medians (0 with fewer than two), in
/// O(n log n): the farthest pair lies on the convex hull, where rotating calipers visit
/// every antipodal pair once. Comparing every pair made a merge of 100,000 workshops
/// take minutes to report.
fn largest_distance(medians: &[&Aggregate]) -> f64 {
    if medians.len() <= 32 {
        let mut largest: f64 = 0.0;
        for (i, a) in medians.iter().enumerate() {
            for b in &medians[i + 1..] {
                largest = largest.max(distance(a, b));
            }
        }
        return largest;
    }
    // The hull in the scaled plane (Andrew's monotone chain), counter-clockwise.
    let scaled = |a: &Aggregate| (a.ambition / AMBITION_MAX, a.desirability / DESIRABILITY_MAX);
    let mut order: Vec<usize> = (0..medians.len()).collect();
    order.sort_by(|&i, &j| {
        let (a, b) = (scaled(medians[i]), scaled(medians[j]));
        a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1))
    });
    let cross = |o: usize, a: usize, b: usize| {
        let (o, a, b) = (scaled(medians[o]), scaled(medians[a]), scaled(medians[b]));
        (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
    };
    let mut hull: Vec<usize> = Vec::with_capacity(order.len() + 1);
    for pass in 0..2 {
        let start = hull.len();
        let points: Box<dyn Iterator<Item = &usize>> = if pass == 0 {
            Box::new(order.iter())
        } else {
            Box::new(order.iter().rev())
        };
        for &p in points {
            while hull.len() >= start + 2
                && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0
            {
                hull.pop();
            }
            hull.push(p);
        }
        hull.pop(); // the last point starts the other half
    }
    let n = hull.len();
    if n < 3 {
        // All medians on one line (or one point): its two ends are the farthest.
        let (first, last) = (order[0], order[order.len() - 1]);
        return distance(medians[first], medians[last]);
    }
    let area = |i: usize, j: usize, k: usize| cross(hull[i], hull[j], hull[k]).abs();
    let mut largest: f64 = 0.0;
    let mut j = 1;
    for i in 0..n {
        let next = (i + 1) % n;
        let mut steps = 0;
        while steps < n && area(i, next, (j + 1) % n) > area(i, next, j) {
            j = (j + 1) % n;
            steps += 1;
        }
        largest = largest
            .max(distance(medians[hull[i]], medians[hull[j]]))
            .max(distance(medians[hull[next]], medians[hull[j]]));
    }
    largest
}

/// Rows for every commitment placed in the given workshops, in `commitment_ids` order.
pub fn event_rows<'a>(
    commitment_ids: impl IntoIterator<Item = &'a str>,
    workshops: &[&Workshop],
) -> Vec<EventRow> {
    let per_workshop: Vec<std::collections::HashMap<String, Aggregate>> = workshops
        .iter()
        .map(|w| {
            let mut points: std::collections::HashMap<&str, Vec<(f64, f64)>> =
                std::collections::HashMap::new();
            for p in &w.placements {
                points
                    .entry(p.commitment.as_str())
                    .or_default()
                    .push((p.desirability, p.ambition));
            }
            points
                .into_iter()
                .map(|(id, pts)| (id.to_owned(), aggregate(id, &pts)))
                .collect()
        })
        .collect();
    aggregates(commitment_ids, workshops)
        .into_iter()
        .map(|aggregate| {
            let medians: Vec<&Aggregate> = per_workshop
                .iter()
                .filter_map(|m| m.get(&aggregate.commitment))
                .collect();
            let disagreement = largest_distance(&medians);
            let selected_by = workshops
                .iter()
                .enumerate()
                .filter(|(_, w)| w.is_selected(&aggregate.commitment))
                .map(|(i, _)| i)
                .collect();
            EventRow {
                workshops_plotted: medians.len(),
                selected_by,
                disagreement,
                aggregate,
            }
        })
        .collect()
}
