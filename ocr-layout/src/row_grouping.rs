//! Stages 2 and 3: clustering fragments into rows, splitting rows at column
//! gaps, and putting everything in reading order.

use std::cmp::Ordering;

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
pub struct FrameBox {
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
pub fn frame_boxes(items: &[&LayoutItem], frame: &PageFrame) -> Vec<FrameBox> {
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
pub fn median_height(boxes: &[FrameBox]) -> f64 {
    let mut h: Vec<f64> = boxes.iter().map(|b| b.height).collect();
    median(&mut h).unwrap_or(1.0)
}

/// Settings for [`group_rows`]. Every distance is a multiple of the median
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

struct Cluster {
    members: Vec<usize>,
    sum_cy: f64,
    sum_h: f64,
}

impl Cluster {
    fn cy(&self) -> f64 {
        self.sum_cy / self.members.len() as f64
    }
    fn h(&self) -> f64 {
        self.sum_h / self.members.len() as f64
    }

    /// The row's centre line predicted at `b`: from the horizontally nearest
    /// member, following the length-weighted own slopes of that member and
    /// `b` (the frame's axis when neither has one), over at most `max_dx`.
    fn predicted_cy(&self, boxes: &[FrameBox], b: &FrameBox, max_dx: f64) -> f64 {
        let nearest = self
            .members
            .iter()
            .copied()
            .min_by(|&p, &q| {
                let dp = (boxes[p].cx() - b.cx()).abs();
                let dq = (boxes[q].cx() - b.cx()).abs();
                dp.total_cmp(&dq).then(p.cmp(&q))
            })
            .map(|m| &boxes[m]);
        let Some(m) = nearest else { return self.cy() };
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
///
/// # Examples
///
/// ```
/// use ocr_core::Quad;
/// use ocr_layout::{LayoutItem, PageFrame, RowConfig, frame_boxes, group_rows};
/// let items = vec![
///     LayoutItem::new(0, Quad::from_rect(120.0, 2.0, 100.0, 20.0), "value", 99.0),
///     LayoutItem::new(1, Quad::from_rect(0.0, 40.0, 100.0, 20.0), "next", 99.0),
///     LayoutItem::new(2, Quad::from_rect(0.0, 0.0, 100.0, 20.0), "label", 99.0),
/// ];
/// let refs: Vec<_> = items.iter().collect();
/// let boxes = frame_boxes(&refs, &PageFrame::default());
/// assert_eq!(group_rows(&refs, &boxes, &RowConfig::default()), vec![vec![2, 0], vec![1]]);
/// ```
pub fn group_rows(items: &[&LayoutItem], boxes: &[FrameBox], config: &RowConfig) -> Vec<Vec<usize>> {
    debug_assert_eq!(items.len(), boxes.len());
    if boxes.is_empty() {
        return Vec::new();
    }
    let h = median_height(boxes);
    let max_h = boxes.iter().map(|b| b.height).fold(0.0, f64::max);
    // how far below a row's mean centre line a fragment can still join it:
    // two heights plus the most the predicted line can drift
    let reach = 2.0 * max_h + MAX_EXTRAPOLATION * h * MAX_OWN_TILT.to_radians().tan();
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    order.sort_by(|&a, &b| content_order((items[a], &boxes[a]), (items[b], &boxes[b])));

    let mut clusters: Vec<Cluster> = Vec::new();
    // clusters that can still accept fragments, by index into `clusters`
    let mut active: Vec<usize> = Vec::new();
    for &i in &order {
        let b = &boxes[i];
        // a band ending more than one max height above this centre can no
        // longer be reached by this or any later fragment
        active.retain(|&c| clusters[c].cy() + reach >= b.cy);
        let mut best: Option<(f64, usize)> = None;
        for &c in &active {
            let cl = &clusters[c];
            let (ccy, ch) = (cl.predicted_cy(boxes, b, MAX_EXTRAPOLATION * h), cl.h());
            let ov = overlap(b.top(), b.bottom(), ccy - ch / 2.0, ccy + ch / 2.0) / b.height.min(ch);
            if ov < config.min_vertical_overlap {
                continue;
            }
            let clash = cl.members.iter().any(|&m| {
                let o = &boxes[m];
                overlap(b.x0, b.x1, o.x0, o.x1) > config.max_horizontal_overlap * b.width().min(o.width())
            });
            if clash {
                continue;
            }
            if best.is_none_or(|(bo, bc)| ov > bo || (ov == bo && c < bc)) {
                best = Some((ov, c));
            }
        }
        match best {
            Some((_, c)) => {
                let cl = &mut clusters[c];
                cl.members.push(i);
                cl.sum_cy += b.cy;
                cl.sum_h += b.height;
            }
            None => {
                clusters.push(Cluster {
                    members: vec![i],
                    sum_cy: b.cy,
                    sum_h: b.height,
                });
                active.push(clusters.len() - 1);
            }
        }
    }

    // reading order of the lines: by band centre, then left edge
    let mut lines: Vec<(f64, f64, Vec<usize>)> = clusters
        .into_iter()
        .map(|mut cl| {
            let cy = cl.cy();
            cl.members.sort_by(|&a, &b| {
                boxes[a]
                    .x0
                    .total_cmp(&boxes[b].x0)
                    .then_with(|| content_order((items[a], &boxes[a]), (items[b], &boxes[b])))
            });
            let x0 = boxes[cl.members[0]].x0;
            (cy, x0, cl.members)
        })
        .collect();
    lines.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));

    let mut rows = Vec::with_capacity(lines.len());
    for (_, _, members) in lines {
        let mut segment = vec![members[0]];
        let mut reach = boxes[members[0]].x1;
        for &m in &members[1..] {
            if boxes[m].x0 - reach > config.column_gap * h {
                rows.push(std::mem::take(&mut segment));
            }
            reach = reach.max(boxes[m].x1);
            segment.push(m);
        }
        rows.push(segment);
    }
    rows
}
