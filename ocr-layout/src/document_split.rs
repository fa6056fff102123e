//! Stage 0b: a page's fragments split into separate documents (cards,
//! receipts, forms lying side by side) by the gaps between them.
//!
//! Single-linkage clustering in the order of increasing gap (Kruskal's
//! algorithm on the fragments' gap graph): two fragments are neighbours
//! when the empty space between their quads is at most
//! [`SplitConfig::max_gap`] times their mean text height. Before two groups
//! are joined the caller's veto is asked — a generic gap cannot tell two
//! stacked cards from the rows of one card, but the caller knows its
//! documents (two name labels are two cards).

use ocr_core::{Point, Quad, Rect};

use crate::item::LayoutItem;

/// Settings for [`split_documents`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SplitConfig {
    /// The widest gap, in mean text heights of the two fragments, that
    /// still links them (default 8: the rows and columns of one document
    /// are closer; documents further apart are never joined).
    pub max_gap: f64,
}

impl Default for SplitConfig {
    fn default() -> Self {
        Self { max_gap: 8.0 }
    }
}

/// Groups `items` into documents: each group lists positions in `items`,
/// in ascending order; groups are ordered by their first position.
///
/// `accept(a, b)` is asked before groups `a` and `b` are joined (over the
/// closest pair of fragments between them, nearest pairs first); `false`
/// keeps them apart for that pair — a later, wider pair may ask again.
/// Pass `|_, _| true` to split by gaps alone.
///
/// Complexity: `O(n² log n)` in the worst case (every pair within reach);
/// meant for a page's lines (hundreds), not for a whole book.
///
/// # Examples
///
/// ```
/// use ocr_core::Quad;
/// use ocr_layout::{LayoutItem, SplitConfig, split_documents};
/// // two blocks of two rows each, 400 px (20 line heights) apart
/// let item = |i: usize, x: f64, y: f64| LayoutItem::new(i, Quad::from_rect(x, y, 200.0, 20.0), "text", 99.0);
/// let items = [item(0, 0.0, 0.0), item(1, 500.0, 0.0), item(2, 0.0, 30.0), item(3, 500.0, 30.0)];
/// let refs: Vec<&LayoutItem> = items.iter().collect();
/// let groups = split_documents(&refs, &SplitConfig::default(), |_, _| true);
/// assert_eq!(groups, vec![vec![0, 2], vec![1, 3]]);
/// // a veto keeps rows apart that the gap alone would join
/// let apart = split_documents(&refs, &SplitConfig::default(), |a, b| a.len() + b.len() < 2);
/// assert_eq!(apart.len(), 4);
/// ```
pub fn split_documents<F>(items: &[&LayoutItem], config: &SplitConfig, mut accept: F) -> Vec<Vec<usize>>
where
    F: FnMut(&[usize], &[usize]) -> bool,
{
    let edges = neighbour_pairs(items, config.max_gap);
    let mut parent: Vec<usize> = (0..items.len()).collect();
    let mut members: Vec<Vec<usize>> = (0..items.len()).map(|i| vec![i]).collect();
    for (_, i, j) in edges {
        let (a, b) = (find(&mut parent, i), find(&mut parent, j));
        if a == b || !accept(&members[a], &members[b]) {
            continue;
        }
        let (keep, gone) = if members[a].len() >= members[b].len() {
            (a, b)
        } else {
            (b, a)
        };
        let moved = std::mem::take(&mut members[gone]);
        members[keep].extend(moved);
        members[keep].sort_unstable();
        parent[gone] = keep;
    }
    let mut groups: Vec<Vec<usize>> = members.into_iter().filter(|m| !m.is_empty()).collect();
    groups.sort_by_key(|g| g[0]);
    groups
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Pairs `(gap in mean heights, i, j)` with `i < j` within `max_gap`, sorted
/// by gap (ties by position, so the result does not depend on float noise
/// between equal gaps). A sweep over the bounding boxes sorted by left
/// edge skips pairs that are too far apart horizontally.
fn neighbour_pairs(items: &[&LayoutItem], max_gap: f64) -> Vec<(f64, usize, usize)> {
    let boxes: Vec<(Rect, f64)> = items.iter().map(|it| (it.quad.bounds(), thickness(&it.quad))).collect();
    let tallest = boxes.iter().map(|b| b.1).fold(0.0, f64::max);
    let reach = max_gap * tallest;
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| boxes[a].0.x0.total_cmp(&boxes[b].0.x0));
    let mut pairs = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        let (bi, hi) = boxes[i];
        for &j in &order[k + 1..] {
            let (bj, hj) = boxes[j];
            if bj.x0 > bi.x1 + reach {
                break;
            }
            if bj.y0 > bi.y1 + reach || bi.y0 > bj.y1 + reach {
                continue;
            }
            let gap = quad_gap(&items[i].quad, &items[j].quad) / ((hi + hj) / 2.0).max(f64::EPSILON);
            if gap <= max_gap {
                pairs.push((gap, i.min(j), i.max(j)));
            }
        }
    }
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    pairs
}

/// A quad's text height: the mean of its two shorter opposite edges.
fn thickness(q: &Quad) -> f64 {
    let [a, b, c, d] = q.points;
    let across = (a.distance(d) + b.distance(c)) / 2.0;
    let along = (a.distance(b) + c.distance(d)) / 2.0;
    across.min(along)
}

/// The empty space between two quads: 0 when they touch or overlap, else
/// the shortest distance between their edges.
pub(crate) fn quad_gap(a: &Quad, b: &Quad) -> f64 {
    if a.points.iter().any(|&p| b.contains(p)) || b.points.iter().any(|&p| a.contains(p)) {
        return 0.0;
    }
    let mut best = f64::INFINITY;
    for (q, r) in [(a, b), (b, a)] {
        for &p in &q.points {
            for k in 0..4 {
                best = best.min(point_segment(p, r.points[k], r.points[(k + 1) % 4]));
            }
        }
    }
    if edges_cross(a, b) { 0.0 } else { best }
}

fn cross(o: Point, a: Point, b: Point) -> f64 {
    (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
}

fn segments_cross(p1: Point, p2: Point, q1: Point, q2: Point) -> bool {
    let d1 = cross(q1, q2, p1);
    let d2 = cross(q1, q2, p2);
    let d3 = cross(p1, p2, q1);
    let d4 = cross(p1, p2, q2);
    d1 * d2 < 0.0 && d3 * d4 < 0.0
}

fn edges_cross(a: &Quad, b: &Quad) -> bool {
    (0..4)
        .any(|i| (0..4).any(|j| segments_cross(a.points[i], a.points[(i + 1) % 4], b.points[j], b.points[(j + 1) % 4])))
}

fn point_segment(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    p.distance(Point::new(a.x + t * dx, a.y + t * dy))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn item(i: usize, x: f64, y: f64, w: f64, h: f64) -> LayoutItem {
        LayoutItem::new(i, Quad::from_rect(x, y, w, h), "x", 99.0)
    }

    fn split(items: &[LayoutItem]) -> Vec<Vec<usize>> {
        let refs: Vec<&LayoutItem> = items.iter().collect();
        split_documents(&refs, &SplitConfig::default(), |_, _| true)
    }

    #[test]
    fn gap_between_quads() {
        let a = Quad::from_rect(0.0, 0.0, 10.0, 10.0);
        assert_eq!(quad_gap(&a, &Quad::from_rect(5.0, 5.0, 10.0, 10.0)), 0.0);
        assert!((quad_gap(&a, &Quad::from_rect(13.0, 0.0, 10.0, 10.0)) - 3.0).abs() < 1e-9);
        assert!((quad_gap(&a, &Quad::from_rect(13.0, 14.0, 1.0, 1.0)) - 5.0).abs() < 1e-9);
        // a cross: no vertex inside the other, but the edges cross
        let wide = Quad::from_rect(-5.0, 4.0, 20.0, 2.0);
        let tall = Quad::from_rect(4.0, -5.0, 2.0, 20.0);
        assert_eq!(quad_gap(&wide, &tall), 0.0);
    }

    #[test]
    fn rows_of_one_block_stay_together_and_distant_blocks_split() {
        // rows 1.5 heights apart; the second block 12 heights below
        let items: Vec<LayoutItem> = (0..4)
            .map(|k| item(k, 0.0, k as f64 * 30.0, 300.0, 20.0))
            .chain((4..6).map(|k| item(k, 0.0, 330.0 + (k - 4) as f64 * 30.0, 300.0, 20.0)))
            .collect();
        assert_eq!(split(&items), vec![vec![0, 1, 2, 3], vec![4, 5]]);
    }

    #[test]
    fn a_veto_holds_for_every_pair_between_the_groups() {
        // two stacked blocks 3 heights apart: the gap joins them, the veto
        // (no group with items from both "documents") keeps them apart
        let items: Vec<LayoutItem> = (0..6)
            .map(|k| item(k, 0.0, k as f64 * 30.0 + if k >= 3 { 40.0 } else { 0.0 }, 300.0, 20.0))
            .collect();
        let refs: Vec<&LayoutItem> = items.iter().collect();
        let doc = |members: &[usize]| members.iter().map(|&m| m >= 3).collect::<Vec<_>>();
        let groups = split_documents(&refs, &SplitConfig::default(), |a, b| {
            let (da, db) = (doc(a), doc(b));
            da.iter().chain(&db).all(|&d| d == da[0])
        });
        assert_eq!(groups, vec![vec![0, 1, 2], vec![3, 4, 5]]);
    }

    #[test]
    fn empty_and_single_inputs() {
        assert!(split(&[]).is_empty());
        assert_eq!(split(&[item(7, 0.0, 0.0, 10.0, 10.0)]), vec![vec![0]]);
    }

    proptest! {
        /// Every item lands in exactly one group, whatever the input; and
        /// translating and scaling the page changes no group.
        #[test]
        fn a_partition_invariant_under_translation_and_scale(
            boxes in prop::collection::vec((0.0f64..2000.0, 0.0f64..2000.0, 5.0f64..300.0, 5.0f64..40.0), 0..40),
            dx in -500.0f64..500.0, dy in -500.0f64..500.0, scale in 0.5f64..3.0,
        ) {
            let items: Vec<LayoutItem> = boxes.iter().enumerate().map(|(i, &(x, y, w, h))| item(i, x, y, w, h)).collect();
            let groups = split(&items);
            let mut all: Vec<usize> = groups.iter().flatten().copied().collect();
            all.sort_unstable();
            prop_assert_eq!(all, (0..items.len()).collect::<Vec<_>>());
            let moved: Vec<LayoutItem> = boxes.iter().enumerate()
                .map(|(i, &(x, y, w, h))| item(i, x * scale + dx, y * scale + dy, w * scale, h * scale))
                .collect();
            prop_assert_eq!(split(&moved), groups);
        }
    }
}
