//! Finding light rectangular objects (cards, receipts) against a darker
//! surround from the pixels alone: for when the text on an object is too
//! small, or too faint, to say where the object is.
//!
//! Stages: the image is shrunk to a working size; a pixel is *light* when
//! its luma is above the mean of its neighbourhood (a tenth of the image
//! wide) by a contrast step; the light pixels are grouped into connected
//! regions; a region is kept when its minimum-area rotated rectangle has
//! the wanted proportions and the region fills it (rectangular, solid).
//! Contrast steps are tried from the strongest down, stopping at the first
//! that finds an object.

use geo::{Area, ConvexHull, MinimumRotatedRect, MultiPoint};
use image::RgbImage;
use ocr_core::{Point, Quad};

/// What [`find_light_rectangles`] looks for.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RectangleSearch {
    /// Long side ÷ short side of the object (an ID-1 card: 85.6 / 54).
    pub aspect: f64,
    /// How far the found proportions may be off, as a share of `aspect`
    /// (default 0.12: perspective and rounded corners).
    pub aspect_tolerance: f64,
    /// The smallest object's long side, in image pixels (default 60).
    pub min_long_side: f64,
    /// The longer side of the working copy, in pixels (default 400).
    pub work_size: u32,
    /// Luma steps (0–255) above the neighbourhood that make a pixel light,
    /// tried in order (default 18, 12, 8).
    pub contrast_steps: Vec<f64>,
    /// Share of the rectangle the region's convex hull must cover
    /// (default 0.85: a rectangle, rounded corners allowed).
    pub min_hull_fill: f64,
    /// Share of the rectangle the light pixels themselves must cover
    /// (default 0.5: print and a photo on the object leave holes).
    pub min_pixel_fill: f64,
}

impl RectangleSearch {
    /// The defaults for objects of proportions `aspect` (long ÷ short).
    ///
    /// ```
    /// let search = ocr_image::RectangleSearch::with_aspect(85.6 / 54.0);
    /// assert_eq!(search.work_size, 400);
    /// ```
    pub fn with_aspect(aspect: f64) -> Self {
        Self {
            aspect,
            aspect_tolerance: 0.12,
            min_long_side: 60.0,
            work_size: 400,
            contrast_steps: vec![18.0, 12.0, 8.0],
            min_hull_fill: 0.85,
            min_pixel_fill: 0.5,
        }
    }
}

/// The light rectangles of the wanted proportions in `image`, largest
/// first, each as its four corners in image pixels: the top-left corner of
/// the object laid landscape first, clockwise. Which way up the object
/// really is cannot be told from its outline.
///
/// ```
/// use image::{Rgb, RgbImage};
/// use ocr_core::Point;
/// use ocr_image::{RectangleSearch, find_light_rectangles};
/// // a small pale card (171 × 108) on a dark desk, with dark print on it
/// let img = RgbImage::from_fn(1200, 900, |x, y| match (x, y) {
///     (820..991, 500..608) if (840..900).contains(&x) && y % 12 < 4 => Rgb([40, 40, 40]),
///     (820..991, 500..608) => Rgb([225, 228, 220]),
///     _ => Rgb([70 + (x % 7) as u8, 60, 80]),
/// });
/// let found = find_light_rectangles(&img, &RectangleSearch::with_aspect(85.6 / 54.0));
/// assert_eq!(found.len(), 1);
/// assert!(found[0].points[0].distance(Point::new(820.0, 500.0)) < 6.0);
/// assert!(found[0].points[2].distance(Point::new(991.0, 608.0)) < 6.0);
/// ```
pub fn find_light_rectangles(image: &RgbImage, search: &RectangleSearch) -> Vec<Quad> {
    let (w, h) = image.dimensions();
    if w < 8 || h < 8 || search.work_size < 8 {
        return Vec::new();
    }
    let scale = (search.work_size as f64 / w.max(h) as f64).min(1.0);
    let (sw, sh) = (
        ((w as f64 * scale).round() as u32).max(1),
        ((h as f64 * scale).round() as u32).max(1),
    );
    let small = image::imageops::thumbnail(&image::imageops::grayscale(image), sw, sh);
    let luma: Vec<f64> = small.pixels().map(|p| p[0] as f64).collect();
    let background = box_mean(&luma, sw as usize, sh as usize, (sw.max(sh) / 10).max(1) as usize);
    for &step in &search.contrast_steps {
        let light: Vec<bool> = luma.iter().zip(&background).map(|(l, b)| *l > b + step).collect();
        let mut found: Vec<(f64, Quad)> = regions(&light, sw as usize, sh as usize)
            .into_iter()
            .filter_map(|region| rectangle_of(&region, search, scale))
            .collect();
        if !found.is_empty() {
            found.sort_by(|a, b| b.0.total_cmp(&a.0));
            let to_image = |p: Point| Point::new(p.x / scale, p.y / scale);
            return found
                .into_iter()
                .map(|(_, q)| Quad::new(q.points.map(to_image)))
                .collect();
        }
    }
    Vec::new()
}

/// The mean of `values` (a `w` × `h` grid) over the square of half-width
/// `radius` around each cell, clipped to the grid (a summed-area table).
fn box_mean(values: &[f64], w: usize, h: usize, radius: usize) -> Vec<f64> {
    let mut sums = vec![0.0; (w + 1) * (h + 1)];
    for y in 0..h {
        let mut row = 0.0;
        for x in 0..w {
            row += values[y * w + x];
            sums[(y + 1) * (w + 1) + x + 1] = sums[y * (w + 1) + x + 1] + row;
        }
    }
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(radius), (y + radius + 1).min(h));
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(radius), (x + radius + 1).min(w));
            let at = |xx: usize, yy: usize| sums[yy * (w + 1) + xx];
            let total = at(x1, y1) - at(x0, y1) - at(x1, y0) + at(x0, y0);
            out.push(total / ((x1 - x0) * (y1 - y0)) as f64);
        }
    }
    out
}

/// The 4-connected regions of set cells in `mask` (a `w` × `h` grid), as
/// cell coordinates.
fn regions(mask: &[bool], w: usize, h: usize) -> Vec<Vec<(usize, usize)>> {
    let mut seen = vec![false; mask.len()];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for start in 0..mask.len() {
        if !mask[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let mut region = Vec::new();
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            region.push((x, y));
            let mut visit = |j: usize| {
                if mask[j] && !seen[j] {
                    seen[j] = true;
                    stack.push(j);
                }
            };
            if x > 0 {
                visit(i - 1);
            }
            if x + 1 < w {
                visit(i + 1);
            }
            if y > 0 {
                visit(i - w);
            }
            if y + 1 < h {
                visit(i + w);
            }
        }
        out.push(region);
    }
    out
}

/// The region's minimum-area rectangle (working-copy pixels) and its area,
/// when it has the wanted proportions and the region fills it.
fn rectangle_of(region: &[(usize, usize)], search: &RectangleSearch, scale: f64) -> Option<(f64, Quad)> {
    let min_long = search.min_long_side * scale;
    if (region.len() as f64) < 0.5 * min_long * min_long / search.aspect {
        return None;
    }
    // each cell covers the unit square at its coordinates
    let corners: MultiPoint<f64> = region
        .iter()
        .flat_map(|&(x, y)| {
            let (x, y) = (x as f64, y as f64);
            [(x, y), (x + 1.0, y), (x, y + 1.0), (x + 1.0, y + 1.0)]
        })
        .collect::<Vec<_>>()
        .into();
    let hull = corners.convex_hull();
    let rect = corners.minimum_rotated_rect()?;
    let points: Vec<Point> = rect
        .exterior()
        .points()
        .take(4)
        .map(|p| Point::new(p.x(), p.y()))
        .collect();
    let [a, b, c, d] = <[Point; 4]>::try_from(points).ok()?;
    let (side1, side2) = (a.distance(b), b.distance(c));
    let (long, short) = (side1.max(side2), side1.min(side2));
    let area = long * short;
    let proportion_ok = short > 0.0 && (long / short / search.aspect - 1.0).abs() <= search.aspect_tolerance;
    let filled =
        hull.unsigned_area() >= search.min_hull_fill * area && region.len() as f64 >= search.min_pixel_fill * area;
    (proportion_ok && filled && long >= min_long).then(|| (area, landscape_order([a, b, c, d])))
}

/// The corners of a rectangle as the top-left of its landscape reading
/// first, clockwise (image y down): the long side nearest to horizontal is
/// the top or the bottom, the top the one above.
fn landscape_order(corners: [Point; 4]) -> Quad {
    // clockwise in image coordinates: positive shoelace sum with y down
    let signed: f64 = (0..4)
        .map(|k| {
            let (p, q) = (corners[k], corners[(k + 1) % 4]);
            p.x * q.y - q.x * p.y
        })
        .sum();
    let mut c = corners;
    if signed < 0.0 {
        c.reverse();
    }
    // the start whose first side is long and whose side runs most to the right
    let start = (0..4)
        .filter(|&k| {
            let (next, prev) = (c[(k + 1) % 4], c[(k + 3) % 4]);
            c[k].distance(next) >= c[k].distance(prev)
        })
        .max_by(|&i, &j| {
            let run = |k: usize| (c[(k + 1) % 4].x - c[k].x) / c[k].distance(c[(k + 1) % 4]).max(1e-9);
            run(i).total_cmp(&run(j))
        })
        .unwrap_or(0);
    Quad::new([0, 1, 2, 3].map(|k| c[(start + k) % 4]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// A pale card of `long` px turned by `angle` degrees, centred at
    /// (cx, cy), on a textured dark desk, with print stripes on the card.
    fn photo(w: u32, h: u32, cx: f64, cy: f64, long: f64, angle: f64) -> RgbImage {
        let (s, c) = angle.to_radians().sin_cos();
        let (hl, hs) = (long / 2.0, long / 2.0 / (85.6 / 54.0));
        RgbImage::from_fn(w, h, |x, y| {
            let (dx, dy) = (x as f64 - cx, y as f64 - cy);
            let (u, v) = (dx * c + dy * s, -dx * s + dy * c);
            if u.abs() <= hl && v.abs() <= hs {
                if u < 0.0 && (v * 3.0 / hs).fract().abs() < 0.3 {
                    Rgb([50, 50, 60])
                } else {
                    Rgb([228, 230, 222])
                }
            } else {
                let t = ((x * 7 + y * 13) % 23) as u8;
                Rgb([80 + t, 70 + t, 90])
            }
        })
    }

    #[test]
    fn finds_a_turned_small_card_and_its_corners() {
        let img = photo(1600, 1200, 1000.0, 400.0, 220.0, 12.0);
        let found = find_light_rectangles(&img, &RectangleSearch::with_aspect(85.6 / 54.0));
        assert_eq!(found.len(), 1, "{found:?}");
        let q = found[0];
        let (s, c) = 12f64.to_radians().sin_cos();
        let tl = Point::new(1000.0 - 110.0 * c + 69.4 * s, 400.0 - 110.0 * s - 69.4 * c);
        assert!(q.points[0].distance(tl) < 8.0, "{:?} vs {tl:?}", q.points);
        assert!((q.points[0].distance(q.points[1]) - 220.0).abs() < 10.0);
    }

    #[test]
    fn a_square_or_a_strip_is_not_a_card() {
        for (long, aspect) in [(200.0, 1.0), (300.0, 3.0)] {
            let img = RgbImage::from_fn(800, 600, |x, y| {
                let inside = (x as f64 - 400.0).abs() <= long / 2.0 && (y as f64 - 300.0).abs() <= long / aspect / 2.0;
                if inside {
                    Rgb([230, 230, 230])
                } else {
                    Rgb([60, 60, 60])
                }
            });
            assert!(find_light_rectangles(&img, &RectangleSearch::with_aspect(85.6 / 54.0)).is_empty());
        }
    }

    #[test]
    fn a_blank_or_tiny_image_has_none() {
        let search = RectangleSearch::with_aspect(1.5);
        assert!(find_light_rectangles(&RgbImage::new(640, 480), &search).is_empty());
        assert!(find_light_rectangles(&RgbImage::new(3, 2), &search).is_empty());
        assert!(find_light_rectangles(&RgbImage::new(0, 0), &search).is_empty());
    }

    #[test]
    fn landscape_order_starts_top_left_clockwise() {
        let (tl, tr, br, bl) = (
            Point::new(0.0, 0.0),
            Point::new(16.0, 0.0),
            Point::new(16.0, 10.0),
            Point::new(0.0, 10.0),
        );
        for corners in [[br, bl, tl, tr], [tl, bl, br, tr], [bl, tl, tr, br]] {
            assert_eq!(landscape_order(corners).points, [tl, tr, br, bl]);
        }
    }

    proptest::proptest! {
        #[test]
        fn box_mean_of_a_constant_is_that_constant(w in 1usize..20, h in 1usize..20, r in 0usize..6, v in -5.0f64..5.0) {
            let out = box_mean(&vec![v; w * h], w, h, r);
            proptest::prop_assert!(out.iter().all(|m| (m - v).abs() < 1e-9));
        }

        #[test]
        fn regions_cover_every_set_cell_once(cells in proptest::collection::vec(proptest::bool::ANY, 1..120), w in 1usize..12) {
            let h = cells.len() / w;
            proptest::prop_assume!(h > 0);
            let mask = &cells[..w * h];
            let found = regions(mask, w, h);
            let total: usize = found.iter().map(Vec::len).sum();
            proptest::prop_assert_eq!(total, mask.iter().filter(|&&c| c).count());
        }
    }
}
