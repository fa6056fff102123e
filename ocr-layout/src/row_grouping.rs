//! Stages 2 and 3: clustering fragments into rows, splitting rows at column
//! gaps, and putting everything in reading order.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use serde::Serialize;

use crate::item::{LayoutItem, shoelace_area};
use crate::page_frame::{PageFrame, axis, median};

/// Fragments tilted further than this from the frame have no slope of their own.
const MAX_OWN_TILT: f64 = 30.0;
/// Fragments less elongated than this have no slope of their own.
const MIN_SLOPE_ELONGATION: f64 = 1.5;
/// A row's centre line follows local slopes over at most this × `h` along the
/// text; further out it stays level.
const MAX_EXTRAPOLATION: f64 = 25.0;

/// A fragment measured in the page frame (text along +x, lines along +y).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct FrameBox {
    /// Leftmost x.
    pub x0: f64,
    /// Rightmost x.
    pub x1: f64,
    /// Mean y of the vertices: the fragment's centre line.
    pub cy: f64,
    /// Thickness: area divided by length along the text.
    pub height: f64,
    /// The fragment's own tilt in the frame (dy/dx of its long edges), when
    /// it is elongated enough to have a reliable one. Perspective makes
    /// lines far apart on a page tilt differently; rows follow this local
    /// tilt.
    pub slope: Option<f64>,
}

impl FrameBox {
    /// Top of the fragment's band.
    pub fn top(&self) -> f64 {
        self.cy - self.height / 2.0
    }

    /// Bottom of the fragment's band.
    pub fn bottom(&self) -> f64 {
        self.cy + self.height / 2.0
    }

    /// Horizontal centre.
    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }

    /// Length along the text.
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
}

/// Measures every item in the frame.
pub(crate) fn frame_boxes(items: &[&LayoutItem], frame: &PageFrame) -> Vec<FrameBox> {
    items
        .iter()
        .map(|item| {
            let q = frame.quad_to_frame(&item.quad);
            let x0 = q.points.iter().map(|p| p.x).fold(f64::INFINITY, f64::min);
            let x1 = q.points.iter().map(|p| p.x).fold(f64::NEG_INFINITY, f64::max);
            let cy = q.points.iter().map(|p| p.y).sum::<f64>() / 4.0;
            let area = shoelace_area(&q).abs();
            let len = (x1 - x0).max(f64::MIN_POSITIVE);
            let own = axis(&q);
            let tilt = (own.angle + std::f64::consts::FRAC_PI_2).rem_euclid(std::f64::consts::PI)
                - std::f64::consts::FRAC_PI_2;
            let slope =
                (own.elongation >= MIN_SLOPE_ELONGATION && tilt.abs() < MAX_OWN_TILT.to_radians()).then(|| tilt.tan());
            FrameBox {
                x0,
                x1,
                cy,
                height: (area / len).max(f64::MIN_POSITIVE),
                slope,
            }
        })
        .collect()
}

/// The median fragment thickness: the unit of every row threshold.
pub(crate) fn median_height(boxes: &[FrameBox]) -> f64 {
    let mut h: Vec<f64> = boxes.iter().map(|b| b.height).collect();
    median(&mut h).unwrap_or(1.0)
}

/// Settings for grouping rows ([`crate::rows_in_frame`], [`crate::layout`]). Every distance is a multiple of the median
/// fragment thickness `h`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RowConfig {
    /// A fragment joins a row when its vertical extent overlaps the row's
    /// band by at least this share of the smaller of the two heights
    /// (default 0.5).
    pub min_vertical_overlap: f64,
    /// A fragment may not join a row in which it overlaps a member
    /// horizontally by more than this share of the shorter of the two
    /// (default 0.5): stacked lines are never one row, while neighbouring
    /// boxes that overlap a little (common in detector output) still are.
    pub max_horizontal_overlap: f64,
    /// A gap wider than this × `h` along a row starts a new row segment
    /// (default 3.0), so two columns never share a row.
    pub column_gap: f64,
}

impl Default for RowConfig {
    fn default() -> Self {
        Self {
            min_vertical_overlap: 0.5,
            max_horizontal_overlap: 0.5,
            column_gap: 3.0,
        }
    }
}

/// A fragment looks at no more than this many open rows, nearest band first.
/// Rows within reach of a fragment number a handful on real pages; the cap
/// bounds the work when thousands of boxes share one band (stacked
/// duplicates), which would otherwise make grouping quadratic.
const MAX_CANDIDATE_ROWS: usize = 64;

/// An f64 as an integer with the same order as [`f64::total_cmp`], for
/// ordered-set keys.
fn order_key(v: f64) -> i64 {
    let bits = v.to_bits() as i64;
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
}

/// A row being built: its members, also indexed by horizontal centre.
///
/// Members never clash (overlap horizontally by more than half the shorter),
/// so none contains another: ordered by centre they are also ordered by
/// left and by right edge. Lookups by position are then `O(log m)`.
struct Cluster {
    members: Vec<usize>,
    by_cx: BTreeSet<(i64, usize)>,
    sum_cy: f64,
    sum_h: f64,
}

impl Cluster {
    fn new(i: usize, b: &FrameBox) -> Self {
        let mut cluster = Self {
            members: Vec::new(),
            by_cx: BTreeSet::new(),
            sum_cy: 0.0,
            sum_h: 0.0,
        };
        cluster.push(i, b);
        cluster
    }

    fn push(&mut self, i: usize, b: &FrameBox) {
        self.members.push(i);
        self.by_cx.insert((order_key(b.cx()), i));
        self.sum_cy += b.cy;
        self.sum_h += b.height;
    }

    fn cy(&self) -> f64 {
        self.sum_cy / self.members.len() as f64
    }
    fn h(&self) -> f64 {
        self.sum_h / self.members.len() as f64
    }

    /// The member whose centre is horizontally nearest `b`'s (the lower
    /// index on a tie).
    fn nearest_member(&self, boxes: &[FrameBox], b: &FrameBox) -> Option<usize> {
        let k = (order_key(b.cx()), 0);
        let left = self.by_cx.range(..k).next_back().map(|&(_, m)| m);
        let right = self.by_cx.range(k..).next().map(|&(_, m)| m);
        let distance = |m: usize| (boxes[m].cx() - b.cx()).abs();
        match (left, right) {
            (Some(l), Some(r)) => Some(match distance(l).total_cmp(&distance(r)) {
                Ordering::Less => l,
                Ordering::Greater => r,
                Ordering::Equal => l.min(r),
            }),
            (l, r) => l.or(r),
        }
    }

    /// The row's centre line predicted at `b`: from the horizontally nearest
    /// member, following the length-weighted own slopes of that member and
    /// `b` (the frame's axis when neither has one), over at most `max_dx`.
    fn predicted_cy(&self, boxes: &[FrameBox], b: &FrameBox, max_dx: f64) -> f64 {
        let Some(m) = self.nearest_member(boxes, b).map(|m| &boxes[m]) else {
            return self.cy();
        };
        let (mut num, mut den) = (0.0, 0.0);
        for f in [m, b] {
            if let Some(s) = f.slope {
                num += s * f.width();
                den += f.width();
            }
        }
        let slope = if den > 0.0 { num / den } else { 0.0 };
        m.cy + slope * (b.cx() - m.cx()).clamp(-max_dx, max_dx)
    }

    /// Whether `b` overlaps a member horizontally by more than
    /// `max_overlap` × the shorter of the two. Walks outwards from `b`'s
    /// centre and stops at the first disjoint member on each side.
    fn clashes(&self, boxes: &[FrameBox], b: &FrameBox, max_overlap: f64) -> bool {
        let clash = |m: usize| {
            let o = &boxes[m];
            overlap(b.x0, b.x1, o.x0, o.x1) > max_overlap * b.width().min(o.width())
        };
        let k = (order_key(b.cx()), 0);
        for &(_, m) in self.by_cx.range(k..) {
            if boxes[m].x0 >= b.x1 {
                break;
            }
            if clash(m) {
                return true;
            }
        }
        for &(_, m) in self.by_cx.range(..k).rev() {
            if boxes[m].x1 <= b.x0 {
                break;
            }
            if clash(m) {
                return true;
            }
        }
        false
    }
}

fn overlap(a0: f64, a1: f64, b0: f64, b1: f64) -> f64 {
    (a1.min(b1) - a0.max(b0)).max(0.0)
}

/// Content order of two items: position first, then text and the rest, so
/// the result never depends on the input order.
fn content_order(a: (&LayoutItem, &FrameBox), b: (&LayoutItem, &FrameBox)) -> Ordering {
    let (ia, ba) = a;
    let (ib, bb) = b;
    ba.cy
        .total_cmp(&bb.cy)
        .then(ba.x0.total_cmp(&bb.x0))
        .then(ba.x1.total_cmp(&bb.x1))
        .then(ba.height.total_cmp(&bb.height))
        .then_with(|| ia.text.cmp(&ib.text))
        .then(ia.confidence.total_cmp(&ib.confidence))
        .then_with(|| {
            ia.quad
                .points
                .iter()
                .zip(&ib.quad.points)
                .map(|(p, q)| p.x.total_cmp(&q.x).then(p.y.total_cmp(&q.y)))
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        })
}

/// Groups fragments into rows and orders them for reading.
///
/// Fragments are taken top to bottom; each joins the row whose running band
/// (mean centre line and mean thickness of its members so far) it overlaps
/// most, provided the overlap is large enough and it does not sit on top of
/// a member; otherwise it starts a row. Because the band is a mean, not a
/// union, a gradual skew cannot chain two lines together. Each row is then
/// split at gaps wider than [`RowConfig::column_gap`].
///
/// Returns rows in reading order (top to bottom; segments of one line left
/// to right), each a list of positions into `items`, left to right.
pub(crate) fn group_rows(items: &[&LayoutItem], boxes: &[FrameBox], config: &RowConfig) -> Vec<Vec<usize>> {
    debug_assert_eq!(items.len(), boxes.len());
    if boxes.is_empty() {
        return Vec::new();
    }
    let h = median_height(boxes);
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    order.sort_by(|&a, &b| content_order((items[a], &boxes[a]), (items[b], &boxes[b])));
    let clusters = cluster_rows(boxes, &order, h, config);
    let lines = lines_in_reading_order(items, boxes, clusters);
    split_at_column_gaps(boxes, lines, config.column_gap * h)
}

/// Stage 2: takes fragments in content order; each joins the open row it
/// overlaps most (see [`group_rows`]) or opens one.
fn cluster_rows(boxes: &[FrameBox], order: &[usize], h: f64, config: &RowConfig) -> Vec<Cluster> {
    let max_h = boxes.iter().map(|b| b.height).fold(0.0, f64::max);
    // how far below a row's mean centre line a fragment can still join it:
    // two heights plus the most the predicted line can drift
    let reach = 2.0 * max_h + MAX_EXTRAPOLATION * h * MAX_OWN_TILT.to_radians().tan();
    let mut clusters: Vec<Cluster> = Vec::new();
    // rows that can still accept fragments, keyed by their mean centre line
    let mut open: BTreeSet<(i64, usize)> = BTreeSet::new();
    for &i in order {
        let b = &boxes[i];
        // fragments come top to bottom: a row whose band ends above this
        // one's reach is closed for good
        while let Some(&(_, c)) = open.first() {
            if clusters[c].cy() + reach >= b.cy {
                break;
            }
            open.pop_first();
        }
        let mut best: Option<(f64, usize)> = None;
        for &(_, c) in open.iter().rev().take(MAX_CANDIDATE_ROWS) {
            let cl = &clusters[c];
            let (ccy, ch) = (cl.predicted_cy(boxes, b, MAX_EXTRAPOLATION * h), cl.h());
            let ov = overlap(b.top(), b.bottom(), ccy - ch / 2.0, ccy + ch / 2.0) / b.height.min(ch);
            if ov < config.min_vertical_overlap || cl.clashes(boxes, b, config.max_horizontal_overlap) {
                continue;
            }
            if best.is_none_or(|(bo, bc)| ov > bo || (ov == bo && c < bc)) {
                best = Some((ov, c));
            }
        }
        match best {
            Some((_, c)) => {
                open.remove(&(order_key(clusters[c].cy()), c));
                clusters[c].push(i, b);
                open.insert((order_key(clusters[c].cy()), c));
            }
            None => {
                clusters.push(Cluster::new(i, b));
                let c = clusters.len() - 1;
                open.insert((order_key(clusters[c].cy()), c));
            }
        }
    }
    clusters
}

/// Each row's members left to right, rows by band centre, then left edge.
fn lines_in_reading_order(items: &[&LayoutItem], boxes: &[FrameBox], clusters: Vec<Cluster>) -> Vec<Vec<usize>> {
    let mut lines: Vec<(f64, f64, Vec<usize>)> = clusters
        .into_iter()
        .map(|cl| {
            let cy = cl.cy();
            let mut members = cl.members;
            members.sort_by(|&a, &b| {
                boxes[a]
                    .x0
                    .total_cmp(&boxes[b].x0)
                    .then_with(|| content_order((items[a], &boxes[a]), (items[b], &boxes[b])))
            });
            let x0 = boxes[members[0]].x0;
            (cy, x0, members)
        })
        .collect();
    lines.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    lines.into_iter().map(|(_, _, members)| members).collect()
}

/// Stage 3: splits each line where the gap to everything left of it is
/// wider than `max_gap`.
fn split_at_column_gaps(boxes: &[FrameBox], lines: Vec<Vec<usize>>, max_gap: f64) -> Vec<Vec<usize>> {
    let mut rows = Vec::with_capacity(lines.len());
    for members in lines {
        let mut segment = vec![members[0]];
        let mut reach = boxes[members[0]].x1;
        for &m in &members[1..] {
            if boxes[m].x0 - reach > max_gap {
                rows.push(std::mem::take(&mut segment));
            }
            reach = reach.max(boxes[m].x1);
            segment.push(m);
        }
        rows.push(segment);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn frame_box(x0: f64, w: f64, cy: f64) -> FrameBox {
        FrameBox {
            x0,
            x1: x0 + w,
            cy,
            height: 10.0,
            slope: None,
        }
    }

    /// A row of members that do not clash, as `cluster_rows` builds them.
    fn row_of(boxes: &[FrameBox]) -> Cluster {
        let mut cluster = Cluster::new(0, &boxes[0]);
        for (i, b) in boxes.iter().enumerate().skip(1) {
            if !cluster.clashes(boxes, b, 0.5) {
                cluster.push(i, b);
            }
        }
        cluster
    }

    proptest! {
        #[test]
        fn order_key_sorts_like_total_cmp(a in any::<f64>(), b in any::<f64>()) {
            prop_assert_eq!(order_key(a).cmp(&order_key(b)), a.total_cmp(&b));
        }

        /// The indexed lookups agree with a scan of every member.
        #[test]
        fn indexed_lookups_match_a_full_scan(
            spans in prop::collection::vec((0.0..500.0f64, 1.0..80.0f64), 1..40),
            probe in (0.0..500.0f64, 1.0..80.0f64),
        ) {
            let mut boxes: Vec<FrameBox> = spans.iter().map(|&(x, w)| frame_box(x, w, 0.0)).collect();
            boxes.push(frame_box(probe.0, probe.1, 0.0));
            let b = *boxes.last().unwrap();
            let row = row_of(&boxes[..boxes.len() - 1]);
            let scan_clash = row.members.iter().any(|&m| {
                let o = &boxes[m];
                overlap(b.x0, b.x1, o.x0, o.x1) > 0.5 * b.width().min(o.width())
            });
            prop_assert_eq!(row.clashes(&boxes, &b, 0.5), scan_clash);
            let scan_nearest = row.members.iter().copied().min_by(|&p, &q| {
                let (dp, dq) = ((boxes[p].cx() - b.cx()).abs(), (boxes[q].cx() - b.cx()).abs());
                dp.total_cmp(&dq).then(p.cmp(&q))
            });
            prop_assert_eq!(row.nearest_member(&boxes, &b), scan_nearest);
        }
    }

    fn group(boxes: &[FrameBox]) -> Vec<Vec<usize>> {
        let items: Vec<LayoutItem> = (0..boxes.len())
            .map(|i| LayoutItem::new(i, ocr_core::Quad::from_rect(0.0, 0.0, 1.0, 1.0), "x", 90.0))
            .collect();
        let refs: Vec<&LayoutItem> = items.iter().collect();
        group_rows(&refs, boxes, &RowConfig::default())
    }

    /// Stacked duplicates each make a row of their own, and a band of
    /// side-by-side boxes stays one row — at sizes where the former
    /// all-rows scan took seconds.
    #[test]
    fn thousands_of_boxes_in_one_band_are_grouped() {
        let stacked: Vec<FrameBox> = (0..20_000).map(|_| frame_box(0.0, 50.0, 0.0)).collect();
        let rows = group(&stacked);
        assert_eq!(rows.len(), 20_000);
        assert!(rows.iter().all(|r| r.len() == 1));

        let side_by_side: Vec<FrameBox> = (0..20_000).map(|i| frame_box(i as f64 * 12.0, 10.0, 0.0)).collect();
        let rows = group(&side_by_side);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0], (0..20_000).collect::<Vec<_>>());
    }

    #[test]
    fn rows_are_grouped_in_reading_order_with_positions_into_the_items() {
        let items = [
            LayoutItem::new(0, ocr_core::Quad::from_rect(120.0, 2.0, 100.0, 20.0), "value", 99.0),
            LayoutItem::new(1, ocr_core::Quad::from_rect(0.0, 40.0, 100.0, 20.0), "next", 99.0),
            LayoutItem::new(2, ocr_core::Quad::from_rect(0.0, 0.0, 100.0, 20.0), "label", 99.0),
        ];
        let refs: Vec<_> = items.iter().collect();
        let boxes = frame_boxes(&refs, &PageFrame::default());
        assert_eq!(
            group_rows(&refs, &boxes, &RowConfig::default()),
            vec![vec![2, 0], vec![1]]
        );
    }
}
