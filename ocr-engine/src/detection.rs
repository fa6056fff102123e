//! Stage 1: text detection with PP-OCRv4's DBNet, and its post-processing
//! (threshold, dilate, contours, minimum-area rectangles, box score, unclip).

use geo::{Area, MinimumRotatedRect, MultiPoint};
use image::{GrayImage, Luma, RgbImage, imageops::FilterType};
use ocr_core::{Point, Quad};
use rten::Model;
use rten_tensor::NdTensor;
use rten_tensor::prelude::*;

use crate::error::Error;

/// How the detector input is sized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SideLimit {
    /// Scale so the longer side is at most this (never up). Fast on photos.
    Max(u32),
    /// Scale up so the shorter side is at least this (never down): what
    /// RapidOCR does (736).
    Min(u32),
}

/// Detector settings; the defaults are RapidOCR's except the input size.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DetectorConfig {
    /// Input sizing (default: longer side at most 960).
    pub limit: SideLimit,
    /// Probability threshold of the text map (0.3).
    pub thresh: f32,
    /// Minimum mean probability inside a box (0.5).
    pub box_thresh: f32,
    /// How far boxes are expanded: area × ratio / perimeter on every side (1.6).
    pub unclip_ratio: f64,
    /// At most this many regions are considered (1000).
    pub max_candidates: usize,
}

impl Default for DetectorConfig {
    fn default() -> Self {
        Self {
            limit: SideLimit::Max(960),
            thresh: 0.3,
            box_thresh: 0.5,
            unclip_ratio: 1.6,
            max_candidates: 1000,
        }
    }
}

/// Python's `round` (half to even), as RapidOCR uses it.
fn round_half_even(v: f64) -> f64 {
    let r = v.round();
    if (v - v.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
        r - v.signum()
    } else {
        r
    }
}

impl SideLimit {
    /// The detector input size for a `width × height` image: this limit
    /// applied, truncated to whole pixels, then each side rounded (half to
    /// even) to a multiple of 32.
    ///
    /// ```
    /// use ocr_engine::SideLimit;
    /// assert_eq!(SideLimit::Min(736).input_size(856, 540), (1152, 736));
    /// assert_eq!(SideLimit::Max(960).input_size(1600, 1200), (960, 704));
    /// ```
    pub fn input_size(self, width: u32, height: u32) -> (u32, u32) {
        input_size(width, height, self)
    }
}

fn input_size(width: u32, height: u32, limit: SideLimit) -> (u32, u32) {
    let (w, h) = (width as f64, height as f64);
    let ratio = match limit {
        SideLimit::Max(m) if w.max(h) > m as f64 => m as f64 / w.max(h),
        SideLimit::Min(m) if w.min(h) < m as f64 => m as f64 / w.min(h),
        _ => 1.0,
    };
    let side = |v: f64| ((round_half_even((v * ratio).trunc() / 32.0) * 32.0) as u32).max(32);
    (side(w), side(h))
}

/// Normalised NCHW input in BGR order: `(v / 255 − 0.5) / 0.5`.
pub(crate) fn to_tensor_bgr(img: &RgbImage) -> NdTensor<f32, 4> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let mut data = vec![0.0f32; 3 * w * h];
    crate::tensor::write_bgr_planes(img, w, &mut data);
    NdTensor::from_data([1, 3, h, w], data)
}

/// Runs the detector and returns text quads in `image` pixels, corners in
/// image order (top-left, top-right, bottom-right, bottom-left).
pub(crate) fn detect(
    model: &Model,
    image: &RgbImage,
    config: &DetectorConfig,
    run: Option<rten::RunOptions>,
) -> Result<Vec<Quad>, Error> {
    let (iw, ih) = image.dimensions();
    let (dw, dh) = input_size(iw, ih, config.limit);
    let resized = if (dw, dh) == (iw, ih) {
        image.clone()
    } else {
        image::imageops::resize(image, dw, dh, FilterType::Triangle)
    };
    let input = to_tensor_bgr(&resized);
    let prob: NdTensor<f32, 4> = crate::tensor::run_model(model, input, run, "detector")?;
    let [_, _, ph, pw] = prob.shape();
    let map: Vec<f32> = prob.to_vec();
    Ok(boxes_from_map(&map[..ph * pw], pw, ph, iw, ih, config))
}

/// DB post-processing of a `w × h` probability map into quads in a
/// `dest_w × dest_h` image.
pub(crate) fn boxes_from_map(
    map: &[f32],
    w: usize,
    h: usize,
    dest_w: u32,
    dest_h: u32,
    config: &DetectorConfig,
) -> Vec<Quad> {
    // threshold, then dilate with a 2×2 kernel (OpenCV anchor: the pixel and its up/left neighbours)
    let mut bitmap = GrayImage::new(w as u32, h as u32);
    for y in 0..h {
        for x in 0..w {
            let on = |xx: usize, yy: usize| map[yy * w + xx] > config.thresh;
            let v =
                on(x, y) || (x > 0 && on(x - 1, y)) || (y > 0 && on(x, y - 1)) || (x > 0 && y > 0 && on(x - 1, y - 1));
            if v {
                bitmap.put_pixel(x as u32, y as u32, Luma([255]));
            }
        }
    }
    let contours = imageproc::contours::find_contours::<i32>(&bitmap);
    let mut quads = Vec::new();
    for contour in contours
        .iter()
        .filter(|c| c.border_type == imageproc::contours::BorderType::Outer)
        .take(config.max_candidates)
    {
        let Some((rect, short)) = min_area_rect(contour.points.iter().map(|p| (p.x as f64, p.y as f64))) else {
            continue;
        };
        if short < 3.0 {
            continue;
        }
        if box_score(map, w, h, &rect) < config.box_thresh {
            continue;
        }
        let Some((expanded, short)) = unclip(&rect, config.unclip_ratio) else {
            continue;
        };
        if short < 5.0 {
            continue;
        }
        let sx = dest_w as f64 / w as f64;
        let sy = dest_h as f64 / h as f64;
        let scaled = expanded.map(|p| {
            Point::new(
                round_half_even(p.x * sx).clamp(0.0, dest_w as f64),
                round_half_even(p.y * sy).clamp(0.0, dest_h as f64),
            )
        });
        // order, clip to the last pixel, drop slivers (RapidOCR's filter_tag_det_res)
        let ordered = order_corners(&scaled.points).map(|p| {
            Point::new(
                p.x.clamp(0.0, (dest_w - 1) as f64).trunc(),
                p.y.clamp(0.0, (dest_h - 1) as f64).trunc(),
            )
        });
        let q = Quad::new(ordered);
        let [p0, p1, _, p3] = q.points;
        if p0.distance(p1) as i64 <= 3 || p0.distance(p3) as i64 <= 3 {
            continue;
        }
        quads.push(q);
    }
    quads
}

/// The minimum-area rectangle of a point set, corners ordered, and its
/// shorter side.
fn min_area_rect(points: impl Iterator<Item = (f64, f64)>) -> Option<([Point; 4], f64)> {
    let mp: MultiPoint<f64> = points.map(|(x, y)| geo::point! { x: x, y: y }).collect();
    let rect = mp.minimum_rotated_rect()?;
    let c: Vec<Point> = rect.exterior().coords().take(4).map(|c| Point::new(c.x, c.y)).collect();
    if c.len() < 4 {
        return None;
    }
    let pts = [c[0], c[1], c[2], c[3]];
    let short = pts[0].distance(pts[1]).min(pts[1].distance(pts[2]));
    Some((order_corners(&pts), short))
}

/// Top-left, top-right, bottom-right, bottom-left: the two leftmost points
/// by y are top-left and bottom-left, the two rightmost top-right and
/// bottom-right (RapidOCR's `order_points_clockwise`).
fn order_corners(pts: &[Point; 4]) -> [Point; 4] {
    let mut by_x = *pts;
    by_x.sort_by(|a, b| a.x.total_cmp(&b.x));
    let (mut left, mut right) = ([by_x[0], by_x[1]], [by_x[2], by_x[3]]);
    left.sort_by(|a, b| a.y.total_cmp(&b.y));
    right.sort_by(|a, b| a.y.total_cmp(&b.y));
    [left[0], right[0], right[1], left[1]]
}

/// Mean probability inside the rectangle (pixels whose centre is inside or
/// on its edge), over its bounding box clipped to the map.
fn box_score(map: &[f32], w: usize, h: usize, rect: &[Point; 4]) -> f32 {
    let b = Quad::new(*rect).bounding_box();
    let clip = |v: f64, n: usize| v.clamp(0.0, (n - 1) as f64) as usize;
    let (xmin, xmax) = (clip(b.x.floor(), w), clip((b.x + b.width).ceil(), w));
    let (ymin, ymax) = (clip(b.y.floor(), h), clip((b.y + b.height).ceil(), h));
    let inside = |x: f64, y: f64| {
        let mut sign = 0i8;
        for i in 0..4 {
            let (a, b) = (rect[i], rect[(i + 1) % 4]);
            let cross = (b.x - a.x) * (y - a.y) - (b.y - a.y) * (x - a.x);
            let s = if cross > 1e-9 {
                1
            } else if cross < -1e-9 {
                -1
            } else {
                0
            };
            if s != 0 {
                if sign != 0 && s != sign {
                    return false;
                }
                sign = s;
            }
        }
        true
    };
    let (mut sum, mut n) = (0.0f64, 0usize);
    for y in ymin..=ymax {
        for x in xmin..=xmax {
            if inside(x as f64, y as f64) {
                sum += map[y * w + x] as f64;
                n += 1;
            }
        }
    }
    if n == 0 { 0.0 } else { (sum / n as f64) as f32 }
}

/// Expands a rectangle by `area × ratio / perimeter` on every side.
fn unclip(rect: &[Point; 4], ratio: f64) -> Option<(Quad, f64)> {
    let poly = geo::Polygon::new(
        geo::LineString::from(rect.iter().map(|p| (p.x, p.y)).collect::<Vec<_>>()),
        vec![],
    );
    let area = poly.unsigned_area();
    let perimeter: f64 = (0..4).map(|i| rect[i].distance(rect[(i + 1) % 4])).sum();
    if perimeter <= 0.0 {
        return None;
    }
    let d = area * ratio / perimeter;
    let c = Point::new(
        rect.iter().map(|p| p.x).sum::<f64>() / 4.0,
        rect.iter().map(|p| p.y).sum::<f64>() / 4.0,
    );
    // unit vectors along the two axes
    let (u, lu) = unit(rect[0], rect[1]);
    let (v, lv) = unit(rect[0], rect[3]);
    if lu == 0.0 || lv == 0.0 {
        return None;
    }
    let (hu, hv) = (lu / 2.0 + d, lv / 2.0 + d);
    let corner =
        |su: f64, sv: f64| Point::new(c.x + su * hu * u.x + sv * hv * v.x, c.y + su * hu * u.y + sv * hv * v.y);
    let q = Quad::new([
        corner(-1.0, -1.0),
        corner(1.0, -1.0),
        corner(1.0, 1.0),
        corner(-1.0, 1.0),
    ]);
    Some((q, 2.0 * hu.min(hv)))
}

fn unit(a: Point, b: Point) -> (Point, f64) {
    let l = a.distance(b);
    if l == 0.0 {
        (Point::new(0.0, 0.0), 0.0)
    } else {
        (Point::new((b.x - a.x) / l, (b.y - a.y) / l), l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bright_bar_becomes_one_expanded_box() {
        let (w, h) = (100usize, 40usize);
        let mut map = vec![0.0f32; w * h];
        for y in 15..25 {
            for x in 10..90 {
                map[y * w + x] = 0.9;
            }
        }
        let boxes = boxes_from_map(&map, w, h, 200, 80, &DetectorConfig::default());
        assert_eq!(boxes.len(), 1);
        let b = boxes[0].bounding_box();
        // expanded beyond the bar (x 20..180, y 30..50 in the 2x image)
        assert!(b.x < 20.0 && b.x + b.width > 178.0, "{b:?}");
        assert!(b.y < 30.0 && b.y + b.height > 48.0, "{b:?}");
    }

    #[test]
    fn weak_or_tiny_regions_are_dropped() {
        let (w, h) = (50usize, 50usize);
        let mut map = vec![0.0f32; w * h];
        for y in 10..20 {
            for x in 10..40 {
                map[y * w + x] = 0.35; // above thresh, below box_thresh
            }
        }
        map[45 * w + 45] = 0.99; // a single pixel
        assert!(boxes_from_map(&map, w, h, 50, 50, &DetectorConfig::default()).is_empty());
    }
}
