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
/// strongest luma step within `reach`, if it beats `min_contrast`.
fn strongest_step(image: &RgbImage, p: Point, normal: Point, reach: f64, min_contrast: f64) -> Option<f64> {
    let at = |s: f64| luma_at(image, Point::new(p.x + normal.x * s, p.y + normal.y * s));
    let steps = reach.ceil() as i64;
    let mut best: Option<(f64, f64)> = None;
    for k in -steps..=steps {
        let s = k as f64;
        let (Some(inner), Some(outer)) = (at(s - 1.5), at(s + 1.5)) else {
            continue;
        };
        let step = (outer - inner).abs();
        if step >= min_contrast && best.is_none_or(|(b, _)| step > b) {
            best = Some((step, s));
        }
    }
    best.map(|(_, s)| s)
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
/// agreeing evidence (outside the image, no contrast) stays where it was.
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
    let p = quad.points;
    let long = p[0].distance(p[1]).max(p[3].distance(p[2])).max(p[0].distance(p[3]));
    let centre = quad.center();
    let reach = search.reach * long;
    let mut lines: Vec<(Point, Point)> = Vec::with_capacity(4);
    for k in 0..4 {
        let (a, b) = (p[k], p[(k + 1) % 4]);
        let len = a.distance(b).max(f64::EPSILON);
        let mut normal = Point::new((b.y - a.y) / len, -(b.x - a.x) / len);
        let mid = Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
        if (mid.x - centre.x) * normal.x + (mid.y - centre.y) * normal.y < 0.0 {
            normal = Point::new(-normal.x, -normal.y);
        }
        let found: Vec<(f64, f64)> = (0..search.samples)
            .filter_map(|i| {
                let t = 0.08 + 0.84 * (i as f64 + 0.5) / search.samples as f64;
                let at = Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
                strongest_step(image, at, normal, reach, search.min_contrast).map(|s| (t, s))
            })
            .collect();
        let min_points = (search.samples as f64 * search.min_agreement).ceil() as usize;
        let moved = robust_line(&found, 1.5 + 0.002 * long, min_points).map_or((a, b), |(s0, slope)| {
            let s1 = s0 + slope;
            (
                Point::new(a.x + normal.x * s0, a.y + normal.y * s0),
                Point::new(b.x + normal.x * s1, b.y + normal.y * s1),
            )
        });
        lines.push(moved);
    }
    let mut corners = p;
    for (k, corner) in corners.iter_mut().enumerate() {
        let (prev, next) = (lines[(k + 3) % 4], lines[k]);
        if let Some(c) = intersect(prev.0, prev.1, next.0, next.1)
            && c.distance(p[k]) <= 2.0 * reach
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
}
