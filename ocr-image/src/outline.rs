//! Locating a rectangular object of known proportions (an ID-1 card) from
//! the image's own edges, with a rough placement as the prior.
//!
//! Stages, each on a grey working copy of the part of the image around the
//! placement, shrunk by a whole factor to about
//! [`OutlineSearch::work_size`]:
//! 1. an edge map ([`imageproc::edges::canny`]) restricted to the band
//!    around the rough placement, outside the points that must lie inside
//!    the object (its text);
//! 2. straight lines in it ([`imageproc::hough::detect_lines`]), each
//!    assigned to the side of the placement it runs along (within
//!    [`OutlineSearch::max_turn_deg`]) and kept when every inside point is
//!    on its inner side;
//! 3. every combination of one line per side is a candidate outline
//!    (perspective allowed: four free lines), kept when its proportions are
//!    the object's within [`OutlineSearch::aspect_tolerance`] and each of
//!    its sides is *supported*: along most of its length the luma steps
//!    across it in one direction, as an object's edge against what it lies
//!    on does (a printed line or a stripe of the table steps both ways);
//! 4. the best-supported candidate, its sides fitted to the steps at full
//!    resolution.
//!
//! The placement only says roughly where and which way; the outline comes
//! from the pixels, and when they show no such outline the answer is
//! `None` (the caller keeps its placement and says so).

use image::{GrayImage, RgbImage};
use imageproc::hough::{LineDetectionOptions, PolarLine, detect_lines};
use ocr_core::{Point, Quad};

use crate::edges::{EdgeSearch, longest_side, outline_aspect, snap_outline_with_aspect, snap_quad_to_edges};

/// The proportions of an ID-1 card (ISO/IEC 7810: 85.60 × 53.98 mm), long
/// side ÷ short side.
pub const ID1_ASPECT: f64 = 85.60 / 53.98;

mod from_sides;
pub use from_sides::locate_outline_from_sides;

/// What [`locate_outline`] looks for.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct OutlineSearch {
    /// Long side ÷ short side of the object.
    pub aspect: f64,
    /// How far the outline's proportions (the mean of each pair of opposite
    /// sides) may be off, as a share of `aspect` (default 0.06: perspective).
    pub aspect_tolerance: f64,
    /// The placement's longer side in the working copy, in pixels: the
    /// image is shrunk by the largest whole factor that keeps at least this
    /// (default 300; never enlarged).
    pub work_size: u32,
    /// How far a side's line may turn from the placement's side (default 20°).
    pub max_turn_deg: f64,
    /// How far beyond the placement a side may lie, as a share of the
    /// placement's longer side (default 0.3).
    pub reach: f64,
    /// The smallest luma step (0–1) across a side that counts (default 0.025).
    pub min_contrast: f64,
    /// Share of a side's length that must step across it, all in one
    /// direction (default 0.55).
    pub min_support: f64,
}

impl OutlineSearch {
    /// The defaults for objects of proportions `aspect` (long ÷ short).
    ///
    /// ```
    /// let search = ocr_image::OutlineSearch::with_aspect(ocr_image::ID1_ASPECT);
    /// assert_eq!(search.work_size, 300);
    /// ```
    pub fn with_aspect(aspect: f64) -> Self {
        Self {
            aspect,
            aspect_tolerance: 0.06,
            work_size: 300,
            max_turn_deg: 20.0,
            reach: 0.3,
            min_contrast: 0.025,
            min_support: 0.55,
        }
    }
}

/// An object's outline found by [`locate_outline`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Outline {
    /// The corners, in the order of the placement's corners.
    pub quad: Quad,
    /// Per side (the placement's sides: corner k to corner k + 1), the
    /// share of its length stepping across it in one direction
    /// ([`locate_outline`]), or its shadow runs along
    /// ([`locate_outline_from_sides`]: 0 for a side unseen).
    pub support: [f64; 4],
}

/// A grey working copy of the part of the image around the placement,
/// shrunk by a whole factor so that the placement's longer side is at
/// least [`OutlineSearch::work_size`] pixels (never enlarged).
struct WorkImage {
    grey: GrayImage,
    /// Working px per image px.
    scale: f64,
    /// The copy's top-left corner in the image.
    origin: Point,
    /// The whole image's size, in image px.
    image_size: (f64, f64),
}

impl WorkImage {
    /// The copy of `image` around `guide`, out to `margin` image px beyond
    /// its bounding box.
    fn around(image: &RgbImage, guide: &Quad, margin: f64, work_size: u32) -> Option<Self> {
        let (iw, ih) = (image.width() as f64, image.height() as f64);
        let b = guide.bounds();
        let x0 = (b.x0 - margin).floor().clamp(0.0, iw - 1.0);
        let y0 = (b.y0 - margin).floor().clamp(0.0, ih - 1.0);
        let x1 = (b.x1 + margin).ceil().clamp(x0 + 1.0, iw);
        let y1 = (b.y1 + margin).ceil().clamp(y0 + 1.0, ih);
        let long = longest_side(guide);
        // an integer shrink, each working pixel the mean luma of its block
        let factor = ((long / work_size.max(1) as f64).floor() as u32).max(1);
        let (w, h) = (((x1 - x0) as u32) / factor, ((y1 - y0) as u32) / factor);
        if w < 8 || h < 8 {
            return None;
        }
        let (ox, oy) = (x0 as u32, y0 as u32);
        let mut grey = GrayImage::new(w, h);
        let area = (factor * factor) as f32;
        for (x, y, out) in grey.enumerate_pixels_mut() {
            let mut sum = 0.0f32;
            for dy in 0..factor {
                for dx in 0..factor {
                    let c = image.get_pixel(ox + x * factor + dx, oy + y * factor + dy);
                    sum += 0.299 * c[0] as f32 + 0.587 * c[1] as f32 + 0.114 * c[2] as f32;
                }
            }
            *out = image::Luma([(sum / area).round() as u8]);
        }
        Some(Self {
            grey,
            scale: 1.0 / factor as f64,
            origin: Point::new(x0, y0),
            image_size: (iw, ih),
        })
    }

    fn to_work(&self, p: Point) -> Point {
        Point::new((p.x - self.origin.x) * self.scale, (p.y - self.origin.y) * self.scale)
    }

    fn to_image(&self, p: Point) -> Point {
        Point::new(p.x / self.scale + self.origin.x, p.y / self.scale + self.origin.y)
    }

    /// Whether the working point `p` lies in the whole image.
    fn in_frame(&self, p: Point) -> bool {
        let q = self.to_image(p);
        q.x >= 0.0 && q.y >= 0.0 && q.x <= self.image_size.0 - 1.0 && q.y <= self.image_size.1 - 1.0
    }

    /// Bilinear luma (0–1) at the working point `p`, `None` outside the copy.
    fn luma(&self, p: Point) -> Option<f64> {
        let (w, h) = (self.grey.width() as f64, self.grey.height() as f64);
        if !(p.x >= 0.0 && p.y >= 0.0 && p.x <= w - 1.0 && p.y <= h - 1.0) {
            return None;
        }
        let (x0, y0) = (p.x.floor(), p.y.floor());
        let (fx, fy) = (p.x - x0, p.y - y0);
        let px = |x: f64, y: f64| {
            let x = (x as u32).min(self.grey.width() - 1);
            let y = (y as u32).min(self.grey.height() - 1);
            self.grey.get_pixel(x, y)[0] as f64 / 255.0
        };
        let top = px(x0, y0) * (1.0 - fx) + px(x0 + 1.0, y0) * fx;
        let bottom = px(x0, y0 + 1.0) * (1.0 - fx) + px(x0 + 1.0, y0 + 1.0) * fx;
        Some(top * (1.0 - fy) + bottom * fy)
    }
}

/// A straight line `n·p = r` with `n` a unit normal.
#[derive(Debug, Clone, Copy)]
struct Line {
    n: Point,
    r: f64,
}

impl Line {
    fn from_polar(l: &PolarLine) -> Self {
        let a = (l.angle_in_degrees as f64).to_radians();
        Line {
            n: Point::new(a.cos(), a.sin()),
            r: l.r as f64,
        }
    }

    fn offset(&self, p: Point) -> f64 {
        self.n.x * p.x + self.n.y * p.y - self.r
    }

    /// The point of the line nearest `p`.
    fn foot(&self, p: Point) -> Point {
        let off = self.offset(p);
        Point::new(p.x - self.n.x * off, p.y - self.n.y * off)
    }

    fn meet(&self, other: &Line) -> Option<Point> {
        let det = self.n.x * other.n.y - self.n.y * other.n.x;
        if det.abs() < 1e-6 {
            return None;
        }
        Some(Point::new(
            (self.r * other.n.y - self.n.y * other.r) / det,
            (self.n.x * other.r - self.r * other.n.x) / det,
        ))
    }
}

/// The guide's frame: origin at its first corner, `u` along its first
/// side, `v` along its last side reversed (both unit), and its size.
struct Frame {
    origin: Point,
    u: Point,
    v: Point,
    width: f64,
    height: f64,
}

impl Frame {
    fn of(q: &Quad) -> Option<Self> {
        let p = q.points;
        let (w, h) = (p[0].distance(p[1]), p[0].distance(p[3]));
        if !(w > 1.0 && h > 1.0) {
            return None;
        }
        Some(Frame {
            origin: p[0],
            u: Point::new((p[1].x - p[0].x) / w, (p[1].y - p[0].y) / w),
            v: Point::new((p[3].x - p[0].x) / h, (p[3].y - p[0].y) / h),
            width: w,
            height: h,
        })
    }

    fn coords(&self, p: Point) -> (f64, f64) {
        let (dx, dy) = (p.x - self.origin.x, p.y - self.origin.y);
        (dx * self.u.x + dy * self.u.y, dx * self.v.x + dy * self.v.y)
    }
}

/// Where an outline is looked for: the working copy around the guide,
/// the guide and the inside points in working px, the guide's frame, and
/// how far beyond it a side may lie (working px).
struct SearchArea {
    work: WorkImage,
    guide: Quad,
    inside: Vec<Point>,
    frame: Frame,
    reach: f64,
}

impl SearchArea {
    /// `None` for a guide not finite or degenerate, or an image too small.
    fn around(image: &RgbImage, guide: &Quad, inside: &[Point], search: &OutlineSearch) -> Option<Self> {
        if !guide.is_finite() || image.width() < 8 || image.height() < 8 {
            return None;
        }
        let long = longest_side(guide);
        let work = WorkImage::around(image, guide, (search.reach + 0.2) * long, search.work_size)?;
        let guide = guide.map(|p| work.to_work(p));
        let inside: Vec<Point> = (inside.iter())
            .filter(|p| p.is_finite())
            .map(|&p| work.to_work(p))
            .collect();
        let frame = Frame::of(&guide)?;
        let reach = search.reach * frame.width.max(frame.height);
        Some(Self {
            work,
            guide,
            inside,
            frame,
            reach,
        })
    }
}

/// The outline of the object roughly placed at `guide` (its corners in
/// reading order: top-left, top-right, bottom-right, bottom-left of the
/// object as it should be read) whose `inside` points (its text) all lie
/// within it, found from the image's edges; `None` when the image shows no
/// supported outline of the wanted proportions around them.
///
/// ```
/// use image::{Rgb, RgbImage};
/// use ocr_core::{Point, Quad};
/// use ocr_image::{ID1_ASPECT, OutlineSearch, locate_outline};
/// // a 428 × 270 card at (100, 80) on a dark table, placed 40 px off
/// let img = RgbImage::from_fn(700, 480, |x, y| match (x, y) {
///     (100..528, 80..350) => Rgb([230, 225, 210]),
///     _ => Rgb([70, 60, 50]),
/// });
/// let guide = Quad::from_rect(140.0, 60.0, 428.0, 270.0);
/// let text = [Point::new(200.0, 150.0), Point::new(450.0, 300.0)];
/// let found = locate_outline(&img, &guide, &text, &OutlineSearch::with_aspect(ID1_ASPECT)).unwrap();
/// assert!(found.quad.points[0].distance(Point::new(100.0, 80.0)) < 2.0, "{:?}", found.quad);
/// assert!(found.quad.points[2].distance(Point::new(528.0, 350.0)) < 2.0, "{:?}", found.quad);
/// ```
pub fn locate_outline(image: &RgbImage, guide: &Quad, inside: &[Point], search: &OutlineSearch) -> Option<Outline> {
    let SearchArea {
        work,
        guide: guide_w,
        inside: inside_w,
        frame,
        reach,
    } = SearchArea::around(image, guide, inside, search)?;
    let surface = surface_luma(&work, &frame, &inside_w);
    let lines = side_lines(&work, &frame, &guide_w, &inside_w, reach, surface, search);
    // the placement snapped to the nearest edges competes too: a faint
    // edge (a card on a white scanner lid) may show too little for the
    // edge map
    let snapped = snap_outline_with_aspect(
        image,
        guide,
        &EdgeSearch::default(),
        search.aspect,
        search.aspect_tolerance,
    )
    .map(|q| q.map(|p| work.to_work(p)))
    .filter(|q| holds(q, &inside_w));
    // a side of the placement within reach of the frame may be cut off
    let off_frame = |p: Point| !work.in_frame(p);
    let g = guide_w.points;
    let beyond_frame: [bool; 4] = std::array::from_fn(|k| {
        let out = guide_side_line(&guide_w, k).n;
        let moved = |p: Point| Point::new(p.x + out.x * reach, p.y + out.y * reach);
        off_frame(moved(g[k])) || off_frame(moved(g[(k + 1) % 4]))
    });
    let long_first = frame.width >= frame.height;
    let reference = Reference {
        surface,
        area: area(&guide_w),
        inside: &inside_w,
    };
    let best = best_outline(&work, &lines, (beyond_frame, long_first), snapped, &reference, search);
    let best = best?;
    let full = best.quad.map(|p| work.to_image(p));
    Some(Outline {
        quad: refined(image, &full),
        support: best.support,
    })
}

/// Canny edges of the band around the guide (out to `reach` beyond it),
/// minus the box of the inside points; Hough lines in them, per side of
/// the guide, oriented with an outward normal and with every inside point
/// on their inner side.
fn side_lines(
    work: &WorkImage,
    frame: &Frame,
    guide: &Quad,
    inside: &[Point],
    reach: f64,
    surface: f64,
    search: &OutlineSearch,
) -> [Vec<Line>; 4] {
    let mut edges = imageproc::edges::canny(&work.grey, 12.0, 30.0);
    keep_band(&mut edges, frame, inside, reach);
    let found = straight_lines(&edges, frame);
    std::array::from_fn(|k| {
        let mut lines = lines_along_side(&found, guide, k, inside, reach, search.max_turn_deg);
        // the lines best supported along the guide's side with the
        // object's surface inside (beyond its edge a table's stripes may
        // repeat, each as well supported)
        let prev = guide_side_line(guide, (k + 3) % 4);
        let next = guide_side_line(guide, (k + 1) % 4);
        let mut scored: Vec<(f64, Line)> = lines
            .drain(..)
            .filter_map(|line| {
                let (a, b) = (prev.meet(&line)?, line.meet(&next)?);
                let side = segment_support(work, a, b, search.min_contrast);
                let rank = side.support - side.inside_luma.map_or(0.0, |l| (l - surface).abs());
                (side.support >= search.min_support / 2.0).then_some((rank, line))
            })
            .collect();
        scored.sort_by(|x, y| y.0.total_cmp(&x.0));
        scored.truncate(LINES_PER_SIDE);
        scored.into_iter().map(|(_, line)| line).collect()
    })
}

/// Clears the pixels of `map` (working px) outside the band around the
/// guide's frame (out to `reach` beyond it) and inside the convex hull of
/// the inside points, a little shrunk: what is left is where a side may run.
fn keep_band(map: &mut GrayImage, frame: &Frame, inside: &[Point], reach: f64) {
    let (w, h) = map.dimensions();
    let hull = row_spans(inside, h);
    for y in 0..h {
        let (x0, x1) = hull[y as usize];
        for x in 0..w {
            let (u, v) = frame.coords(Point::new(x as f64, y as f64));
            let in_band = u >= -reach && u <= frame.width + reach && v >= -reach && v <= frame.height + reach;
            let in_text = (x as f64) > x0 + 2.0 && (x as f64) < x1 - 2.0;
            if !in_band || in_text {
                map.put_pixel(x, y, image::Luma([0]));
            }
        }
    }
}

/// The straight lines (Hough) through the set pixels of `map`, with votes
/// from a quarter of the frame's shorter side.
fn straight_lines(map: &GrayImage, frame: &Frame) -> Vec<Line> {
    let short = frame.width.min(frame.height);
    let options = LineDetectionOptions {
        vote_threshold: ((0.25 * short) as u32).max(8),
        suppression_radius: 2,
    };
    detect_lines(map, options).iter().map(Line::from_polar).collect()
}

/// Of `found`, the lines along side `k` of the guide: turned from it by at
/// most `max_turn_deg`, at most `reach` beyond it, every inside point on
/// their inner side; oriented with the side's outward normal.
fn lines_along_side(
    found: &[Line],
    guide: &Quad,
    k: usize,
    inside: &[Point],
    reach: f64,
    max_turn_deg: f64,
) -> Vec<Line> {
    let min_dot = max_turn_deg.to_radians().cos();
    let side = guide_side_line(guide, k);
    let (outward, limit) = (side.n, side.r + reach);
    found
        .iter()
        .filter_map(|l| {
            let dot = l.n.x * outward.x + l.n.y * outward.y;
            if dot.abs() < min_dot {
                return None;
            }
            let sign = dot.signum();
            let line = Line {
                n: Point::new(l.n.x * sign, l.n.y * sign),
                r: l.r * sign,
            };
            let inner_ok = inside.iter().all(|&q| line.offset(q) <= 1.0);
            (inner_ok && line.r <= limit).then_some(line)
        })
        .collect()
}

/// Per image row `0..height`, the span `(x0, x1)` of the convex hull of
/// `points` on it (empty, `x0 > x1`, off the hull).
fn row_spans(points: &[Point], height: u32) -> Vec<(f64, f64)> {
    use geo::ConvexHull;
    let mut spans = vec![(f64::MAX, f64::MIN); height as usize];
    let cloud: geo::MultiPoint<f64> = points.iter().map(|p| geo::Point::new(p.x, p.y)).collect();
    let hull: Vec<geo::Coord<f64>> = cloud.convex_hull().exterior().coords().copied().collect();
    for pair in hull.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (lo, hi) = (a.y.min(b.y), a.y.max(b.y));
        let first = lo.ceil().max(0.0) as u32;
        let last = (hi.floor().min(height as f64 - 1.0)).max(-1.0);
        if last < 0.0 {
            continue;
        }
        for y in first..=last as u32 {
            let t = if hi > lo { (y as f64 - a.y) / (b.y - a.y) } else { 0.0 };
            let x = a.x + (b.x - a.x) * t.clamp(0.0, 1.0);
            let span = &mut spans[y as usize];
            *span = (span.0.min(x), span.1.max(x));
        }
    }
    spans
}

/// Lines kept per side: the candidates are every combination of them.
const LINES_PER_SIDE: usize = 10;

/// Side `k` of the guide as a line with its outward normal (the guide's
/// corners run clockwise on screen).
fn guide_side_line(guide: &Quad, k: usize) -> Line {
    let p = guide.points;
    let (a, b) = (p[k], p[(k + 1) % 4]);
    let len = a.distance(b).max(1e-9);
    let n = Point::new((b.y - a.y) / len, -(b.x - a.x) / len);
    Line {
        n,
        r: n.x * a.x + n.y * a.y,
    }
}

/// A candidate outline in working pixels and its sides' support.
struct Candidate {
    quad: Quad,
    support: [f64; 4],
    score: f64,
    /// Whether a side lies beyond the image's frame.
    cut_off: bool,
}

/// The best-supported outline from one line per side, or `extra` (an
/// outline found another way, judged alike).
fn best_outline(
    work: &WorkImage,
    lines: &[Vec<Line>; 4],
    (beyond_frame, long_first): ([bool; 4], bool),
    extra: Option<Quad>,
    reference: &Reference,
    search: &OutlineSearch,
) -> Option<Candidate> {
    // a side's evidence depends on its line and its two neighbours' (where
    // its ends are): measured once per such triple
    let mut memo: std::collections::HashMap<(usize, usize, usize, usize), SideEvidence> =
        std::collections::HashMap::new();
    let mut best = extra.and_then(|quad| {
        let aspect_ok = (outline_aspect(&quad) / search.aspect - 1.0).abs() <= search.aspect_tolerance;
        let evidence = std::array::from_fn(|k| side_support(work, &quad, k, search.min_contrast));
        aspect_ok.then(|| judged(quad, &evidence, reference, search)).flatten()
    });
    let n = [lines[0].len(), lines[1].len(), lines[2].len(), lines[3].len()];
    for i0 in 0..n[0] {
        for i1 in 0..n[1] {
            for i2 in 0..n[2] {
                for i3 in 0..n[3] {
                    let at = [i0, i1, i2, i3];
                    let sides = [&lines[0][i0], &lines[1][i1], &lines[2][i2], &lines[3][i3]];
                    let Some(quad) = corners(&sides) else {
                        continue;
                    };
                    if (outline_aspect(&quad) / search.aspect - 1.0).abs() > search.aspect_tolerance {
                        continue;
                    }
                    let evidence: [SideEvidence; 4] = std::array::from_fn(|k| {
                        let key = (k, at[(k + 3) % 4], at[k], at[(k + 1) % 4]);
                        *memo
                            .entry(key)
                            .or_insert_with(|| side_support(work, &quad, k, search.min_contrast))
                    });
                    if let Some(c) = judged(quad, &evidence, reference, search)
                        && best.as_ref().is_none_or(|b| c.score > b.score)
                    {
                        best = Some(c);
                    }
                }
            }
        }
    }
    // a side beyond the frame only when no outline shows whole
    let seen_whole = best.as_ref().is_some_and(|b| !b.cut_off);
    for k in (0..4).filter(|&k| beyond_frame[k] && !seen_whole) {
        for quad in cut_off_outlines(lines, k, long_first, search.aspect) {
            let evidence: [SideEvidence; 4] =
                std::array::from_fn(|j| side_support(work, &quad, j, search.min_contrast));
            // the side set from the proportions must indeed lie beyond the
            // frame, and the outline hold the text
            if !evidence[k].beyond_frame || !holds(&quad, reference.inside) {
                continue;
            }
            if let Some(c) = judged(quad, &evidence, reference, search)
                && best.as_ref().is_none_or(|b| c.score > b.score)
            {
                best = Some(c);
            }
        }
    }
    best
}

/// A candidate outline judged by its sides' evidence: `None` when a side
/// is not supported; else scored by the support, less the proportion
/// error and how far the luma inside its sides is from the object's
/// surface and from each other.
fn judged(
    quad: Quad,
    evidence: &[SideEvidence; 4],
    reference: &Reference,
    search: &OutlineSearch,
) -> Option<Candidate> {
    let surface = reference.surface;
    let unseen = evidence.iter().filter(|e| e.beyond_frame).count();
    let supported = evidence
        .iter()
        .all(|e| e.beyond_frame || e.support >= search.min_support);
    if unseen > 1 || !supported {
        return None;
    }
    let support = evidence.map(|e| e.support);
    let aspect_off = (outline_aspect(&quad) / search.aspect - 1.0).abs();
    let seen_support: f64 = evidence.iter().filter(|e| !e.beyond_frame).map(|e| e.support).sum();
    let score = seen_support
        + UNSEEN_SIDE_CREDIT * unseen as f64
        + AREA_WEIGHT * (area(&quad) / reference.area.max(1.0)).min(MAX_AREA_RATIO)
        - ASPECT_WEIGHT * aspect_off
        - surface_spread(evidence)
        - surface_departure(evidence, surface);
    Some(Candidate {
        quad,
        support,
        score,
        cut_off: unseen > 0,
    })
}

/// What a candidate gains per unit of its area over the placement's: of
/// two outlines alike in support, proportions and surface, the larger
/// wins — a line printed on the object parallel to its edge (a rule, a
/// pattern's row) lies inside its edge.
const AREA_WEIGHT: f64 = 0.5;

/// The largest area over the placement's that earns more (an outline far
/// larger than where the text places the object is no likelier for it).
const MAX_AREA_RATIO: f64 = 1.2;

/// Whether every point lies inside the convex quad `q` (corners clockwise
/// on screen), or within a pixel of it.
fn holds(q: &Quad, points: &[Point]) -> bool {
    (0..4).all(|k| {
        let side = guide_side_line(q, k);
        points.iter().all(|&p| side.offset(p) <= 1.0)
    })
}

/// A convex quad's area.
fn area(q: &Quad) -> f64 {
    let p = q.points;
    0.5 * (0..4)
        .map(|k| p[k].x * p[(k + 1) % 4].y - p[(k + 1) % 4].x * p[k].y)
        .sum::<f64>()
        .abs()
}

/// What the candidates are compared with: the object's surface luma and
/// the placement's area (working pixels), the points the object holds.
struct Reference<'a> {
    surface: f64,
    area: f64,
    inside: &'a [Point],
}

/// What a side beyond the image's frame counts for, against a seen side's
/// support (0–1): an outline seen whole, well supported, wins over one cut
/// off by the frame.
const UNSEEN_SIDE_CREDIT: f64 = 0.0;

/// Outlines of an object cut off by the frame: three sides from the
/// lines, the fourth (side `k`, beyond the frame) parallel to its opposite
/// side at the distance the object's proportions put it.
fn cut_off_outlines(lines: &[Vec<Line>; 4], k: usize, long_first: bool, aspect: f64) -> Vec<Quad> {
    let (prev, opposite, next) = ((k + 3) % 4, (k + 2) % 4, (k + 1) % 4);
    let mut out = Vec::new();
    for a in &lines[prev] {
        for o in &lines[opposite] {
            for b in &lines[next] {
                let (Some(p), Some(q)) = (a.meet(o), o.meet(b)) else {
                    continue;
                };
                // the opposite side is long when it is side 0 or 2 of a
                // placement whose first side is its long one
                let opposite_is_long = (opposite % 2 == 0) == long_first;
                let length = p.distance(q);
                let depth = if opposite_is_long {
                    length / aspect
                } else {
                    length * aspect
                };
                let missing = Line {
                    n: Point::new(-o.n.x, -o.n.y),
                    r: depth - o.r,
                };
                let mut sides = [a; 4];
                sides[prev] = a;
                sides[opposite] = o;
                sides[next] = b;
                sides[k] = &missing;
                if let Some(quad) = corners(&sides) {
                    out.push(quad);
                }
            }
        }
    }
    out
}

/// How much a candidate loses per unit of proportion error (a side's full
/// support is 1): of two outlines equally supported, the one nearer the
/// object's proportions wins.
const ASPECT_WEIGHT: f64 = 2.0;

/// The mean departure of the luma just inside the sides from the object's
/// surface (0–1).
fn surface_departure(evidence: &[SideEvidence; 4], surface: f64) -> f64 {
    let lumas: Vec<f64> = evidence.iter().filter_map(|e| e.inside_luma).collect();
    lumas.iter().map(|l| (l - surface).abs()).sum::<f64>() / lumas.len().max(1) as f64
}

/// The object's surface luma: the upper quartile over the box of the
/// inside points (print is darker than what it is printed on), or over the
/// middle of the working image's guide frame without them.
fn surface_luma(work: &WorkImage, frame: &Frame, inside: &[Point]) -> f64 {
    let coords: Vec<(f64, f64)> = inside.iter().map(|&p| frame.coords(p)).collect();
    let (u0, v0, u1, v1) = if coords.is_empty() {
        (
            0.2 * frame.width,
            0.2 * frame.height,
            0.8 * frame.width,
            0.8 * frame.height,
        )
    } else {
        coords
            .iter()
            .fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |b, &(u, v)| {
                (b.0.min(u), b.1.min(v), b.2.max(u), b.3.max(v))
            })
    };
    const GRID: usize = 24;
    let mut lumas: Vec<f64> = (0..GRID * GRID)
        .filter_map(|k| {
            let (i, j) = ((k % GRID) as f64 + 0.5, (k / GRID) as f64 + 0.5);
            let (u, v) = (u0 + (u1 - u0) * i / GRID as f64, v0 + (v1 - v0) * j / GRID as f64);
            let p = Point::new(
                frame.origin.x + frame.u.x * u + frame.v.x * v,
                frame.origin.y + frame.u.y * u + frame.v.y * v,
            );
            work.luma(p)
        })
        .collect();
    lumas.sort_by(f64::total_cmp);
    lumas.get(lumas.len() * 3 / 4).copied().unwrap_or(0.5)
}

/// The spread of the luma just inside the sides (max − min of their
/// medians, 0–1): an outline around the object has the object's surface
/// inside every side; one that took a line beyond the object (a stripe of
/// the table) has the table inside that side.
fn surface_spread(evidence: &[SideEvidence; 4]) -> f64 {
    let lumas: Vec<f64> = evidence.iter().filter_map(|e| e.inside_luma).collect();
    let (lo, hi) = lumas
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), &l| (lo.min(l), hi.max(l)));
    if lumas.len() < 2 { 0.0 } else { hi - lo }
}

/// The corners where consecutive sides meet (corner k between side k − 1
/// and side k); `None` when two are parallel or the outline is not convex.
fn corners(sides: &[&Line; 4]) -> Option<Quad> {
    let mut points = [Point::new(0.0, 0.0); 4];
    for (k, point) in points.iter_mut().enumerate() {
        *point = sides[(k + 3) % 4].meet(sides[k])?;
    }
    let quad = Quad::new(points);
    let cross = |k: usize| {
        let (a, b, c) = (points[k], points[(k + 1) % 4], points[(k + 2) % 4]);
        (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x)
    };
    (0..4).all(|k| cross(k) > 0.0).then_some(quad)
}

/// The share of side `k` of `quad` (its middle, clear of rounded corners)
/// across which the luma steps by at least `min_contrast`, in the
/// direction most of the side steps in, of the part inside the image
/// (taken as a third at least: a side mostly outside is not seen).
fn side_support(work: &WorkImage, quad: &Quad, k: usize, min_contrast: f64) -> SideEvidence {
    let p = quad.points;
    segment_support(work, p[k], p[(k + 1) % 4], min_contrast)
}

/// [`side_support`] of the segment from `a` to `b`, outward to its left
/// (on screen: a clockwise outline's outside).
fn segment_support(work: &WorkImage, a: Point, b: Point, min_contrast: f64) -> SideEvidence {
    const SAMPLES: usize = 32;
    let len = a.distance(b).max(1e-9);
    let n = Point::new((b.y - a.y) / len, -(b.x - a.x) / len);
    let mut insides = Vec::with_capacity(SAMPLES);
    // per sample: the step across the side (outside − inside) and how far
    // a thin dark rim on it (the card's edge where card and surface are
    // alike) lies under both sides
    let samples: Vec<Option<(f64, f64)>> = (0..SAMPLES)
        .map(|i| {
            let t = 0.08 + 0.84 * (i as f64 + 0.5) / SAMPLES as f64;
            let q = Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
            let at = |d: f64| work.luma(Point::new(q.x + n.x * d, q.y + n.y * d));
            let outside = (at(2.0)? + at(3.5)?) / 2.0;
            let inside = (at(-2.0)? + at(-3.5)?) / 2.0;
            let rim = [-1.0, 0.0, 1.0].iter().filter_map(|&d| at(d)).fold(f64::MAX, f64::min);
            insides.push(inside);
            Some((outside - inside, outside.min(inside) - rim))
        })
        .collect();
    let count = |sign: f64| {
        samples
            .iter()
            .flatten()
            .filter(|(step, rim)| step * sign >= min_contrast || *rim >= min_contrast)
            .count()
    };
    insides.sort_by(f64::total_cmp);
    // judged on the part in the image (a card cut off by the frame shows
    // part of a side), when that is a third of it at least
    let in_image = (0..SAMPLES)
        .filter(|&i| {
            let t = 0.08 + 0.84 * (i as f64 + 0.5) / SAMPLES as f64;
            work.in_frame(Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t))
        })
        .count();
    let seen = in_image.max(SAMPLES / 3);
    SideEvidence {
        support: count(1.0).max(count(-1.0)) as f64 / seen as f64,
        inside_luma: insides.get(insides.len() / 2).copied(),
        beyond_frame: in_image < SAMPLES / 3,
    }
}

/// What the pixels say of one side of a candidate outline.
#[derive(Debug, Clone, Copy)]
struct SideEvidence {
    /// The share of its length stepping across it in one direction.
    support: f64,
    /// The median luma just inside it (`None` when it lies outside the
    /// image): the object's own surface, alike along every true side.
    inside_luma: Option<f64>,
    /// Whether less than a third of it lies in the image: an object cut
    /// off by the frame, this side unseen.
    beyond_frame: bool,
}

/// The outline's sides fitted to the steps at full resolution, each
/// moving at most a little; the outline itself when the fit changes its
/// proportions.
fn refined(image: &RgbImage, quad: &Quad) -> Quad {
    let search = EdgeSearch {
        reach: 0.01,
        retry_reach: 0.0,
        ..EdgeSearch::default()
    };
    let fitted = snap_quad_to_edges(image, quad, &search);
    let moved = (0..4)
        .map(|k| fitted.points[k].distance(quad.points[k]))
        .fold(0.0, f64::max);
    if moved <= 0.02 * longest_side(quad) && (outline_aspect(&fitted) / outline_aspect(quad) - 1.0).abs() < 0.01 {
        fitted
    } else {
        *quad
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// An ID-1 card `long` px long turned by `turn` degrees about `centre`:
    /// where an image point lies on it, and its corners.
    pub(crate) struct TurnedCard {
        centre: Point,
        pub(crate) long: f64,
        pub(crate) short: f64,
        cos: f64,
        sin: f64,
    }

    impl TurnedCard {
        pub(crate) fn new(centre: Point, long: f64, turn: f64) -> Self {
            let (sin, cos) = turn.to_radians().sin_cos();
            Self {
                centre,
                long,
                short: long / ID1_ASPECT,
                cos,
                sin,
            }
        }

        /// The image point (`x`, `y`) in card px from its top-left corner.
        pub(crate) fn to_card(&self, x: f64, y: f64) -> (f64, f64) {
            let (dx, dy) = (x - self.centre.x, y - self.centre.y);
            (
                dx * self.cos + dy * self.sin + self.long / 2.0,
                -dx * self.sin + dy * self.cos + self.short / 2.0,
            )
        }

        /// Its corners in the image, clockwise from its top-left.
        pub(crate) fn corners(&self) -> Quad {
            let corner = |u: f64, v: f64| {
                let (du, dv) = (u - self.long / 2.0, v - self.short / 2.0);
                Point::new(
                    self.centre.x + du * self.cos - dv * self.sin,
                    self.centre.y + du * self.sin + dv * self.cos,
                )
            };
            Quad::new([
                corner(0.0, 0.0),
                corner(self.long, 0.0),
                corner(self.long, self.short),
                corner(0.0, self.short),
            ])
        }
    }

    /// A 1200 × 900 photo: a pale `long`-px ID-1 card turned by `turn`
    /// degrees about (600, 450) on `desk`, with dark text rows on its left
    /// two thirds and a darker photo box at its right.
    fn photo(long: f64, turn: f64, desk: impl Fn(u32, u32) -> Rgb<u8>) -> (RgbImage, Quad) {
        let card = TurnedCard::new(Point::new(600.0, 450.0), long, turn);
        let short = card.short;
        let img = RgbImage::from_fn(1200, 900, |x, y| {
            let (u, v) = card.to_card(x as f64, y as f64);
            if u < 0.0 || v < 0.0 || u > long || v > short {
                return desk(x, y);
            }
            let photo_box = u > 0.68 * long && u < 0.93 * long && v > 0.15 * short && v < 0.75 * short;
            let text = u > 0.08 * long && u < 0.6 * long && v > 0.1 * short && (v / short * 10.0).fract() < 0.35;
            if photo_box {
                Rgb([150, 160, 150])
            } else if text {
                Rgb([40, 40, 40])
            } else {
                Rgb([228, 226, 218])
            }
        });
        (img, card.corners())
    }

    /// The corners of the box the text rows of [`photo`] fill.
    fn text_points(q: &Quad) -> Vec<Point> {
        let p = q.points;
        let at = |u: f64, v: f64| {
            Point::new(
                p[0].x + (p[1].x - p[0].x) * u + (p[3].x - p[0].x) * v,
                p[0].y + (p[1].y - p[0].y) * u + (p[3].y - p[0].y) * v,
            )
        };
        vec![at(0.08, 0.1), at(0.6, 0.1), at(0.08, 0.935), at(0.6, 0.935)]
    }

    fn error(found: &Quad, truth: &Quad) -> f64 {
        (0..4).map(|k| found.points[k].distance(truth.points[k])).sum::<f64>() / 4.0
    }

    /// A guide off the truth by a shift, a scale and a turn.
    fn off_guide(truth: &Quad, shift: f64, scale: f64, turn: f64) -> Quad {
        let c = truth.center();
        let (co, si) = (turn.to_radians().cos(), turn.to_radians().sin());
        truth.map(|p| {
            let (dx, dy) = ((p.x - c.x) * scale, (p.y - c.y) * scale);
            Point::new(c.x + dx * co - dy * si + shift, c.y + dx * si + dy * co + shift / 2.0)
        })
    }

    #[test]
    fn a_card_is_found_from_a_guide_off_by_a_tenth() {
        let dark = |x: u32, y: u32| Rgb([60 + ((x * 7 + y * 3) % 11) as u8, 55, 50]);
        for turn in [0.0, 4.0, -9.0] {
            let (img, truth) = photo(640.0, turn, dark);
            let guide = off_guide(&truth, 50.0, 0.9, 3.0);
            let found = locate_outline(
                &img,
                &guide,
                &text_points(&truth),
                &OutlineSearch::with_aspect(ID1_ASPECT),
            )
            .unwrap_or_else(|| panic!("turn {turn}: not found"));
            assert!(
                error(&found.quad, &truth) < 3.0,
                "turn {turn}: {:?} vs {:?}",
                found.quad,
                truth
            );
        }
    }

    #[test]
    fn stripes_of_the_desk_and_the_photo_box_are_not_taken_for_edges() {
        // dark stripes every 40 px, parallel to the card's long side
        let striped = |_x: u32, y: u32| {
            if y % 40 < 6 {
                Rgb([70, 50, 40])
            } else {
                Rgb([150, 110, 80])
            }
        };
        let (img, truth) = photo(600.0, 0.0, striped);
        assert_found(&img, &truth, &off_guide(&truth, -30.0, 0.85, 0.0));
    }

    /// Asserts that the outline found from `guide` is within 3 px of `truth`.
    fn assert_found(img: &RgbImage, truth: &Quad, guide: &Quad) -> Outline {
        let search = OutlineSearch::with_aspect(ID1_ASPECT);
        let found = locate_outline(img, guide, &text_points(truth), &search).expect("found");
        assert!(error(&found.quad, truth) < 3.0, "{:?} vs {:?}", found.quad, truth);
        found
    }

    #[test]
    fn a_light_card_on_light_paper_is_found() {
        let paper = |_x: u32, _y: u32| Rgb([200, 200, 196]);
        let (img, truth) = photo(600.0, 2.0, paper);
        assert_found(&img, &truth, &off_guide(&truth, 20.0, 1.08, -2.0));
    }

    #[test]
    fn a_card_the_colour_of_the_paper_is_found_by_its_rim() {
        // card and paper alike: only a thin dark line shows the card's edge
        let (card, truth) = photo(600.0, 3.0, |_x, _y| Rgb([228, 226, 218]));
        let rim = |p: Point| {
            (0..4).any(|k| {
                let (a, b) = (truth.points[k], truth.points[(k + 1) % 4]);
                let len = a.distance(b);
                let d = ((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)).abs() / len;
                let t = ((p.x - a.x) * (b.x - a.x) + (p.y - a.y) * (b.y - a.y)) / (len * len);
                d < 1.5 && (0.0..=1.0).contains(&t)
            })
        };
        let img = RgbImage::from_fn(card.width(), card.height(), |x, y| {
            if rim(Point::new(x as f64, y as f64)) {
                Rgb([150, 150, 150])
            } else {
                *card.get_pixel(x, y)
            }
        });
        assert_found(&img, &truth, &off_guide(&truth, 25.0, 0.92, 2.0));
    }

    #[test]
    fn a_card_cut_off_by_the_frame_gets_its_far_side_from_its_proportions() {
        // the card's right fifth lies past the image's right edge
        let dark = |x: u32, y: u32| Rgb([60 + ((x * 7 + y * 3) % 11) as u8, 55, 50]);
        let (whole, truth) = photo(640.0, 2.0, dark);
        let cut = image::imageops::crop_imm(&whole, 0, 0, 800, 900).to_image();
        let found = assert_found(&cut, &truth, &off_guide(&truth, 10.0, 0.95, 1.0));
        assert!(found.quad.points[1].x > 800.0, "{:?}", found.quad);
    }

    #[test]
    fn no_outline_without_edges() {
        let plain = |_x: u32, _y: u32| Rgb([228, 226, 218]);
        let (img, truth) = photo(600.0, 0.0, plain);
        let found = locate_outline(
            &img,
            &truth,
            &text_points(&truth),
            &OutlineSearch::with_aspect(ID1_ASPECT),
        );
        assert!(found.is_none(), "{found:?}");
    }

    #[test]
    fn degenerate_input_gives_none() {
        let search = OutlineSearch::with_aspect(ID1_ASPECT);
        let img = RgbImage::new(4, 4);
        assert!(locate_outline(&img, &Quad::from_rect(0.0, 0.0, 3.0, 2.0), &[], &search).is_none());
        let img = RgbImage::new(100, 100);
        let nan = Quad::from_rect(f64::NAN, 0.0, 50.0, 30.0);
        assert!(locate_outline(&img, &nan, &[], &search).is_none());
        assert!(locate_outline(&img, &Quad::from_rect(10.0, 10.0, 0.0, 0.0), &[], &search).is_none());
    }
}
