//! Snapping an approximate quad to the object's edges in the image (a card
//! against the table, a page against the scanner lid).

use image::RgbImage;
use ocr_core::{Point, Quad};

/// How [`snap_quad_to_edges`] searches.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EdgeSearch {
    /// How far each edge may move, as a share of the quad's longer side
    /// (default 0.05).
    pub reach: f64,
    /// An edge that finds no straight edge within `reach` is searched
    /// once more this far, from where the edges found put its ends
    /// (default 0.09; at most `reach`: no second search). A guess off by a
    /// small turn or by a perspective it did not model is often off at one
    /// edge only. [`snap_outline_with_aspect`] also searches this far.
    pub retry_reach: f64,
    /// Points sampled along each edge (default 32).
    pub samples: usize,
    /// The smallest luma step (0–1) across an edge that counts (default 0.03).
    pub min_contrast: f64,
    /// Sampled points that must agree on a straight edge (default 0.4).
    pub min_agreement: f64,
}

impl Default for EdgeSearch {
    fn default() -> Self {
        Self {
            reach: 0.05,
            retry_reach: 0.09,
            samples: 32,
            min_contrast: 0.03,
            min_agreement: 0.4,
        }
    }
}

fn luma_at(image: &RgbImage, p: Point) -> Option<f64> {
    let (w, h) = (image.width() as f64, image.height() as f64);
    if !(p.x >= 0.0 && p.y >= 0.0 && p.x <= w - 1.0 && p.y <= h - 1.0) {
        return None;
    }
    let (x0, y0) = (p.x.floor(), p.y.floor());
    let (fx, fy) = (p.x - x0, p.y - y0);
    let px = |x: f64, y: f64| {
        let c = image.get_pixel((x as u32).min(image.width() - 1), (y as u32).min(image.height() - 1));
        (0.299 * c[0] as f64 + 0.587 * c[1] as f64 + 0.114 * c[2] as f64) / 255.0
    };
    let top = px(x0, y0) * (1.0 - fx) + px(x0 + 1.0, y0) * fx;
    let bottom = px(x0, y0 + 1.0) * (1.0 - fx) + px(x0 + 1.0, y0 + 1.0) * fx;
    Some(top * (1.0 - fy) + bottom * fy)
}

/// Along the normal through `p`, the offset (px, outward positive) of the
/// strongest luma step with an offset in `range`, if it beats
/// `min_contrast`.
fn strongest_step(image: &RgbImage, p: Point, normal: Point, range: (f64, f64), min_contrast: f64) -> Option<f64> {
    let at = |s: f64| luma_at(image, Point::new(p.x + normal.x * s, p.y + normal.y * s));
    let profile: Vec<(f64, f64)> = (range.0.ceil() as i64..=range.1.floor() as i64)
        .filter_map(|k| {
            let s = k as f64;
            Some((s, (at(s + 1.5)? - at(s - 1.5)?).abs()))
        })
        .collect();
    let (peak, strongest) = profile
        .iter()
        .enumerate()
        .fold(None, |best: Option<(usize, f64)>, (i, &(_, step))| match best {
            Some((_, b)) if b >= step => best,
            _ => Some((i, step)),
        })?;
    if strongest < min_contrast {
        return None;
    }
    // a sharp edge gives a plateau of equal steps: its middle is the edge
    let level = strongest * (1.0 - 1e-3);
    let first = (0..=peak)
        .rev()
        .take_while(|&i| profile[i].1 >= level)
        .last()
        .unwrap_or(peak);
    let last = (peak..profile.len())
        .take_while(|&i| profile[i].1 >= level)
        .last()
        .unwrap_or(peak);
    Some((profile[first].0 + profile[last].0) / 2.0)
}

/// The line `s(t) = a + b·t` through the most `(t, s)` points (within
/// `tolerance`), refitted by least squares over them; ties go to the
/// outermost line. `None` when fewer than `min_points` agree.
/// Points `(t, s)` agreeing on one line: how many, their mean offset, them.
type Consensus = (usize, f64, Vec<(f64, f64)>);

fn robust_line(points: &[(f64, f64)], tolerance: f64, min_points: usize) -> Option<(f64, f64)> {
    let mut best: Option<Consensus> = None;
    for i in 0..points.len() {
        for j in i + 1..points.len() {
            let ((t1, s1), (t2, s2)) = (points[i], points[j]);
            if (t2 - t1).abs() < 1e-9 {
                continue;
            }
            let b = (s2 - s1) / (t2 - t1);
            let a = s1 - b * t1;
            let agree: Vec<(f64, f64)> = points
                .iter()
                .copied()
                .filter(|&(t, s)| (a + b * t - s).abs() <= tolerance)
                .collect();
            let mean = agree.iter().map(|p| p.1).sum::<f64>() / agree.len() as f64;
            if best
                .as_ref()
                .is_none_or(|(n, m, _)| agree.len() > *n || (agree.len() == *n && mean > *m))
            {
                best = Some((agree.len(), mean, agree));
            }
        }
    }
    let (n, _, agree) = best?;
    if n < min_points.max(2) {
        return None;
    }
    let k = agree.len() as f64;
    let (mt, ms) = (
        agree.iter().map(|p| p.0).sum::<f64>() / k,
        agree.iter().map(|p| p.1).sum::<f64>() / k,
    );
    let var: f64 = agree.iter().map(|p| (p.0 - mt).powi(2)).sum();
    let cov: f64 = agree.iter().map(|p| (p.0 - mt) * (p.1 - ms)).sum();
    let b = if var > 1e-12 { cov / var } else { 0.0 };
    Some((ms - b * mt, b))
}

fn intersect(p1: Point, p2: Point, q1: Point, q2: Point) -> Option<Point> {
    let (d1, d2) = (
        Point::new(p2.x - p1.x, p2.y - p1.y),
        Point::new(q2.x - q1.x, q2.y - q1.y),
    );
    let det = d1.x * d2.y - d1.y * d2.x;
    if det.abs() < 1e-9 {
        return None;
    }
    let t = ((q1.x - p1.x) * d2.y - (q1.y - p1.y) * d2.x) / det;
    Some(Point::new(p1.x + t * d1.x, p1.y + t * d1.y))
}

/// Moves each edge of `quad` (an object's outline, roughly known) onto the
/// straight luma edge near it: along each edge, the strongest step across
/// it within [`EdgeSearch::reach`]; the straight line most of those steps
/// agree on; the corners where the new lines meet. An edge without enough
/// agreeing evidence (outside the image, no contrast) is searched again
/// within [`EdgeSearch::retry_reach`] from where the other edges put it, and
/// stays where it was if that finds nothing either.
///
/// ```
/// use image::{Rgb, RgbImage};
/// use ocr_core::Quad;
/// use ocr_image::{EdgeSearch, snap_quad_to_edges};
/// // a pale card at (100, 80)–(528, 350) on a dark table
/// let img = RgbImage::from_fn(640, 440, |x, y| {
///     if (100..528).contains(&x) && (80..350).contains(&y) { Rgb([230, 225, 210]) } else { Rgb([60, 50, 40]) }
/// });
/// let guess = Quad::from_rect(108.0, 74.0, 416.0, 280.0); // a few px off
/// let snapped = snap_quad_to_edges(&img, &guess, &EdgeSearch::default());
/// assert!(snapped.points[0].distance(ocr_core::Point::new(100.0, 80.0)) < 1.5);
/// assert!(snapped.points[2].distance(ocr_core::Point::new(528.0, 350.0)) < 1.5);
/// ```
pub fn snap_quad_to_edges(image: &RgbImage, quad: &Quad, search: &EdgeSearch) -> Quad {
    let long = longest_side(quad);
    let reach = search.reach * long;
    let mut lines = [None; 4];
    for (k, line) in lines.iter_mut().enumerate() {
        *line = find_edge(image, quad, k, (-reach, reach), search);
    }
    let first = with_edges(quad, &lines, 2.0 * reach);
    let retry = search.retry_reach * long;
    if retry <= reach || lines.iter().all(Option::is_some) {
        return first;
    }
    let mut again = [None; 4];
    for (k, line) in again.iter_mut().enumerate() {
        if lines[k].is_none() {
            *line = find_edge(image, &first, k, (-retry, retry), search);
        }
    }
    with_edges(&first, &again, 2.0 * retry)
}

/// [`snap_quad_to_edges`] for an object of known proportions, `aspect` =
/// long side ÷ short side (an ID-1 card: 85.6 / 54). When the snapped
/// outline's proportions (the mean of each pair of opposite sides) are off
/// by more than `tolerance` (a share), an edge stuck to a straight line
/// inside the object (a photo printed on a card) or beyond it: each edge in
/// turn is searched again, beyond and before the line it found, within
/// [`EdgeSearch::retry_reach`], and the outline whose proportions come
/// closest wins. `None` when no outline has the proportions.
///
/// ```
/// use image::{Rgb, RgbImage};
/// use ocr_core::{Point, Quad};
/// use ocr_image::{EdgeSearch, snap_outline_with_aspect};
/// // a 428 × 270 card whose printed photo ends 30 px before its right edge
/// let img = RgbImage::from_fn(640, 440, |x, y| match (x, y) {
///     (100..528, 80..350) if (380..498).contains(&x) && (120..300).contains(&y) => Rgb([40, 40, 60]),
///     (100..528, 80..350) => Rgb([230, 225, 210]),
///     _ => Rgb([90, 80, 70]),
/// });
/// let guess = Quad::from_rect(104.0, 82.0, 396.0, 266.0); // right edge near the photo's
/// let card = snap_outline_with_aspect(&img, &guess, &EdgeSearch::default(), 428.0 / 270.0, 0.04).unwrap();
/// assert!(card.points[1].distance(Point::new(528.0, 80.0)) < 2.0, "{:?}", card.points);
/// ```
pub fn snap_outline_with_aspect(
    image: &RgbImage,
    quad: &Quad,
    search: &EdgeSearch,
    aspect: f64,
    tolerance: f64,
) -> Option<Quad> {
    let off = |q: &Quad| (outline_aspect(q) / aspect - 1.0).abs();
    let snapped = snap_quad_to_edges(image, quad, search);
    if off(&snapped) <= tolerance {
        return Some(snapped);
    }
    let long = longest_side(&snapped);
    let reach = search.retry_reach.max(search.reach) * long;
    // beyond the band the found line's own samples fill
    let margin = 2.0 * (1.5 + 0.002 * long);
    let mut best: Option<(f64, Quad)> = None;
    for k in 0..4 {
        for range in [(margin, reach), (-reach, -margin)] {
            let mut lines = [None; 4];
            lines[k] = find_edge(image, &snapped, k, range, search);
            if lines[k].is_none() {
                continue;
            }
            let candidate = with_edges(&snapped, &lines, 2.0 * reach);
            let e = off(&candidate);
            if e <= tolerance && best.as_ref().is_none_or(|(b, _)| e < *b) {
                best = Some((e, candidate));
            }
        }
    }
    best.map(|(_, q)| q)
}

/// The longest side of `quad`.
pub(crate) fn longest_side(quad: &Quad) -> f64 {
    let p = quad.points;
    (0..4).map(|k| p[k].distance(p[(k + 1) % 4])).fold(0.0, f64::max)
}

/// Long side ÷ short side of an outline: the mean of each pair of opposite
/// sides.
pub(crate) fn outline_aspect(quad: &Quad) -> f64 {
    let p = quad.points;
    let side = |k: usize| p[k].distance(p[(k + 1) % 4]);
    let (a, b) = (side(0) + side(2), side(1) + side(3));
    a.max(b) / a.min(b).max(f64::EPSILON)
}

/// Edge `k` of `quad` (corner `k` to `k + 1`) found in the image: along it,
/// the strongest step across it at an offset in `range` (px, outward
/// positive); the straight line most of those steps agree on, as the two
/// points where it passes the edge's ends. `None` without enough agreeing
/// evidence.
fn find_edge(
    image: &RgbImage,
    quad: &Quad,
    k: usize,
    range: (f64, f64),
    search: &EdgeSearch,
) -> Option<(Point, Point)> {
    let (a, b) = (quad.points[k], quad.points[(k + 1) % 4]);
    let long = longest_side(quad);
    let centre = quad.center();
    let len = a.distance(b).max(f64::EPSILON);
    let mut normal = Point::new((b.y - a.y) / len, -(b.x - a.x) / len);
    let mid = Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
    if (mid.x - centre.x) * normal.x + (mid.y - centre.y) * normal.y < 0.0 {
        normal = Point::new(-normal.x, -normal.y);
    }
    let steps: Vec<(f64, f64)> = (0..search.samples)
        .filter_map(|i| {
            let t = 0.08 + 0.84 * (i as f64 + 0.5) / search.samples as f64;
            let at = Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
            strongest_step(image, at, normal, range, search.min_contrast).map(|s| (t, s))
        })
        .collect();
    let min_points = (search.samples as f64 * search.min_agreement).ceil() as usize;
    robust_line(&steps, 1.5 + 0.002 * long, min_points).map(|(s0, slope)| {
        let s1 = s0 + slope;
        (
            Point::new(a.x + normal.x * s0, a.y + normal.y * s0),
            Point::new(b.x + normal.x * s1, b.y + normal.y * s1),
        )
    })
}

/// `quad` with the edges found in `lines` (the others where they were):
/// each corner where its two edges' lines meet, unless that is more than
/// `max_move` px from where it was.
fn with_edges(quad: &Quad, lines: &[Option<(Point, Point)>; 4], max_move: f64) -> Quad {
    let p = quad.points;
    let line = |k: usize| lines[k].unwrap_or((p[k], p[(k + 1) % 4]));
    let mut corners = p;
    for (k, corner) in corners.iter_mut().enumerate() {
        let (prev, next) = (line((k + 3) % 4), line(k));
        if let Some(c) = intersect(prev.0, prev.1, next.0, next.1)
            && c.distance(p[k]) <= max_move
        {
            *corner = c;
        }
    }
    Quad::new(corners)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn the_line_most_points_agree_on_wins_over_strays() {
        let mut pts: Vec<(f64, f64)> = (0..20)
            .map(|i| (i as f64 / 20.0, 3.0 + 2.0 * i as f64 / 20.0))
            .collect();
        pts.extend([(0.3, -9.0), (0.5, 12.0), (0.7, -4.0)]);
        let (a, b) = robust_line(&pts, 0.5, 8).unwrap();
        assert!((a - 3.0).abs() < 1e-6 && (b - 2.0).abs() < 1e-6);
        assert!(robust_line(&pts[..3], 0.5, 8).is_none());
    }

    #[test]
    fn an_edge_outside_the_image_stays_put() {
        // the object runs past the right border: that edge has no evidence
        let img = RgbImage::from_fn(300, 200, |x, y| {
            if x >= 50 && (40..160).contains(&y) {
                Rgb([230; 3])
            } else {
                Rgb([40; 3])
            }
        });
        let guess = Quad::from_rect(54.0, 44.0, 400.0, 112.0);
        let snapped = snap_quad_to_edges(&img, &guess, &EdgeSearch::default());
        assert!((snapped.points[0].x - 50.0).abs() < 1.5 && (snapped.points[0].y - 40.0).abs() < 1.5);
        assert!((snapped.points[1].x - 454.0).abs() < 1.5, "{:?}", snapped.points[1]);
    }

    /// A pale `w × h` card at `(x, y)` on a dark table.
    fn card_on_table(x: u32, y: u32, w: u32, h: u32) -> RgbImage {
        RgbImage::from_fn(x + w + 80, y + h + 80, |px, py| {
            if (x..x + w).contains(&px) && (y..y + h).contains(&py) {
                Rgb([225, 220, 205])
            } else {
                Rgb([70, 60, 50])
            }
        })
    }

    #[test]
    fn an_edge_beyond_the_first_reach_is_found_on_the_second_search() {
        let img = card_on_table(100, 80, 428, 270);
        // the right edge 30 px (7 % of the long side) inside the card's
        let guess = Quad::from_rect(100.0, 80.0, 398.0, 270.0);
        let snapped = snap_quad_to_edges(&img, &guess, &EdgeSearch::default());
        assert!((snapped.points[1].x - 528.0).abs() < 1.5, "{:?}", snapped.points);
        let one_pass = EdgeSearch {
            retry_reach: 0.0,
            ..EdgeSearch::default()
        };
        let stuck = snap_quad_to_edges(&img, &guess, &one_pass);
        assert!((stuck.points[1].x - 498.0).abs() < 1e-9, "{:?}", stuck.points);
    }

    #[test]
    fn no_outline_with_the_proportions_gives_none() {
        // a square object: no 1.585 outline anywhere near
        let img = card_on_table(100, 80, 300, 300);
        let guess = Quad::from_rect(104.0, 84.0, 292.0, 292.0);
        assert!(snap_outline_with_aspect(&img, &guess, &EdgeSearch::default(), 85.6 / 54.0, 0.04).is_none());
        // …and a card whose outline has them comes back snapped, unchanged in shape
        let img = card_on_table(100, 80, 428, 270);
        let guess = Quad::from_rect(106.0, 76.0, 420.0, 268.0);
        let card = snap_outline_with_aspect(&img, &guess, &EdgeSearch::default(), 428.0 / 270.0, 0.04).unwrap();
        assert!(
            card.points[2].distance(Point::new(528.0, 350.0)) < 1.5,
            "{:?}",
            card.points
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        #[test]
        fn a_guess_within_reach_snaps_to_the_card(
            x in 40u32..120, y in 40u32..120, w in 200u32..420,
            dx in -4.0f64..4.0, dy in -4.0f64..4.0, dw in -4.0f64..4.0, dh in -4.0f64..4.0,
        ) {
            let h = (w as f64 / 1.585).round() as u32;
            let img = card_on_table(x, y, w, h);
            let guess = Quad::from_rect(x as f64 + dx, y as f64 + dy, w as f64 + dw, h as f64 + dh);
            let snapped = snap_quad_to_edges(&img, &guess, &EdgeSearch::default());
            let want = Quad::from_rect(x as f64, y as f64, w as f64, h as f64);
            for (got, corner) in snapped.points.iter().zip(want.points) {
                proptest::prop_assert!(got.distance(corner) < 2.0, "{:?} vs {:?}", snapped.points, want.points);
            }
        }
    }
}
