//! An outline found from the sides that show. A white card on a white
//! scanner bed (or white paper) differs from what it lies on only by the
//! thin shadow line along its edge, and the lamp casts that shadow on some
//! sides only. Three sides that show, two of them opposite, fix a
//! rectangle of known proportions: their lines give its place, turn and
//! one dimension, the proportions the other. Where a shadow ends does not
//! measure a side: a faint shadow fades before its corner (on A4 scans,
//! sizes measured so came out 2–5 % short), so two adjacent sides alone
//! are no outline.

use image::{GrayImage, RgbImage};
use ocr_core::{Point, Quad};

use super::{
    Frame, Line, Outline, OutlineSearch, SearchArea, WorkImage, holds, keep_band, lines_along_side, straight_lines,
};
use crate::edges::{longest_side, outline_aspect};

/// The shadow along a side: darker than the pixels a few pixels either
/// side of it by at least this much luma (0–1; about 3 grey levels).
const SHADOW_DEPTH: f64 = 0.012;

/// The depth a pixel's shadow needs to count in the map lines are looked
/// for in: twice [`SHADOW_DEPTH`], since a scan's noise is mostly under
/// it (a faint side's line is found where it is deeper, and its run
/// measured at [`SHADOW_DEPTH`]).
const MAP_DEPTH: f64 = 2.0 * SHADOW_DEPTH;

/// How far either side of a shadow line the surface is sampled (working px).
const SHADOW_FLANK: f64 = 3.0;

/// A side shows when its shadow runs along at least this share of the
/// placement's side.
const MIN_SHOWN: f64 = 0.5;

/// Gaps (working px) a shadow line may have and still run on: a faint
/// shadow shows in dashes.
const MAX_GAP: f64 = 24.0;

/// The least share of a run's length its shadow must show on: gaps bridge
/// dashes, not specks of dust strung along a line.
const MIN_DENSITY: f64 = 0.3;

/// How much larger or smaller than the placement the outline may be: a
/// design whose text stands elsewhere than the layout expects places the
/// card at down to three quarters of its size; an outline much larger
/// than its text calls for ends on some other line (a neighbour's edge, a
/// fold of the page).
const MAX_SIZE_RATIO: f64 = 1.4;

/// How far a seen side may turn from the rectangle's axes (degrees): the
/// fine-tuning step of a line, and a little more.
const SQUARE_DEG: f64 = 0.6;

/// Shadow lines kept per side: the outline is the combination of sides
/// (or no line for a side) that fits the object best.
const LINES_PER_SIDE: usize = 3;

/// Step along a candidate line (working px).
const STEP: f64 = 2.0;

/// The turns tried about a line found (degrees: the line finder's step is
/// one), least first: of lines alike, the least turned is kept.
const TURNS_DEG: [f64; 9] = [0.0, -0.25, 0.25, -0.5, 0.5, -0.75, 0.75, -1.0, 1.0];

/// A side's shadow line: the line and the stretch of it that shows.
#[derive(Debug, Clone, Copy)]
struct ShadowLine {
    /// The line, normal outward.
    line: Line,
    /// Where the shadow starts and ends, in the side's direction.
    from: Point,
    to: Point,
}

impl ShadowLine {
    /// The middle of the stretch that shows.
    fn middle(&self) -> Point {
        midpoint(self.from, self.to)
    }
}

/// The longest stretch of a candidate line that shows a shadow.
#[derive(Debug, Clone, Copy, Default)]
struct Run {
    length: f64,
    start: f64,
    end: f64,
    /// The summed shadow depth of its samples: of two runs alike in
    /// length, the line that lies on the shadow is the deeper.
    depth: f64,
}

impl Run {
    /// Whether it is longer than `other`, or as long (within a step) and deeper.
    fn beats(&self, other: &Run) -> bool {
        if (self.length - other.length).abs() > STEP {
            self.length > other.length
        } else {
            self.depth > other.depth
        }
    }
}

/// The outline of a light object roughly placed at `guide` (corners in
/// reading order, clockwise) whose edges show only as thin shadow lines,
/// on three of its sides at least: each side's line the longest shadow
/// near parallel to it with every `inside` point inward of it, a side
/// counted when its shadow runs along at least half of it; the seen sides
/// square to each other, two of them meeting at a corner, a fourth side
/// unseen placed from its opposite one at the object's proportions.
/// `None` when that does not show, or the outline is not of the object's
/// proportions (within [`OutlineSearch::aspect_tolerance`]), not within
/// 1.4 times the guide's size either way, or does not hold the inside
/// points.
///
/// The outline is a rectangle: the object lies flat (a scan), not seen in
/// perspective.
///
/// ```
/// use image::{Rgb, RgbImage};
/// use ocr_core::{Point, Quad};
/// use ocr_image::{ID1_ASPECT, OutlineSearch, locate_outline_from_sides};
/// // a white 428 × 270 card at (100, 80) on white paper: its top, left
/// // and bottom edges cast a shadow, a line 2 px wide; its right edge none
/// let img = RgbImage::from_fn(700, 480, |x, y| {
///     let top = (80..82).contains(&y) && (110..518).contains(&x);
///     let bottom = (348..350).contains(&y) && (110..518).contains(&x);
///     let left = (100..102).contains(&x) && (90..340).contains(&y);
///     if top || bottom || left { Rgb([215, 215, 215]) } else { Rgb([250, 250, 250]) }
/// });
/// let guide = Quad::from_rect(130.0, 95.0, 400.0, 252.0);
/// let text = [Point::new(200.0, 150.0), Point::new(450.0, 300.0)];
/// let search = OutlineSearch::with_aspect(ID1_ASPECT);
/// let found = locate_outline_from_sides(&img, &guide, &text, &search).unwrap();
/// assert!(found.quad.points[0].distance(Point::new(100.5, 80.5)) < 3.0, "{:?}", found.quad);
/// assert!(found.quad.points[2].distance(Point::new(528.0, 349.0)) < 6.0, "{:?}", found.quad);
/// ```
pub fn locate_outline_from_sides(
    image: &RgbImage,
    guide: &Quad,
    inside: &[Point],
    search: &OutlineSearch,
) -> Option<Outline> {
    let area = SearchArea::around(image, guide, inside, search)?;
    let mut map = shadow_map(&area.work);
    keep_band(&mut map, &area.frame, &area.inside, area.reach);
    let found = straight_lines(&map, &area.frame);
    let candidates: [Vec<ShadowLine>; 4] = std::array::from_fn(|k| shadows_along(&area, &found, k, search));
    let (quad, shadows) = best_rectangle(&candidates, &area.frame, &area.inside, search)?;
    let support = std::array::from_fn(|k| {
        shadows[k].map_or(0.0, |s| {
            let side = quad.points[k].distance(quad.points[(k + 1) % 4]);
            (s.from.distance(s.to) / side.max(1.0)).min(1.0)
        })
    });
    Some(Outline {
        quad: quad.map(|p| area.work.to_image(p)),
        support,
    })
}

/// How deep a thin dark line through `p` (across the normal `n`) lies
/// under both its sides: the darker of the two flanks' luma less the
/// darkest luma within a pixel of `p` across the line (a line a pixel off
/// still counts), and less the luma at `p` itself (deepest on the line's
/// middle: which of the lines alike is on it).
fn shadow_depth(work: &WorkImage, p: Point, n: Point) -> Option<(f64, f64)> {
    let at = |d: f64| work.luma(Point::new(p.x + n.x * d, p.y + n.y * d));
    let flanks = at(SHADOW_FLANK)?.min(at(-SHADOW_FLANK)?);
    let middle = at(0.0)?;
    let line = at(-1.0)?.min(middle).min(at(1.0)?);
    Some((flanks - line, flanks - middle))
}

/// The longest stretch along the line through `centre` in direction `dir`
/// (normal `n`), from `t0` to `t1`, that shows a shadow: gaps up to
/// [`MAX_GAP`] bridged, the shadow showing on [`MIN_DENSITY`] of it.
fn longest_run(work: &WorkImage, centre: Point, dir: Point, n: Point, (t0, t1): (f64, f64)) -> Run {
    let mut best = Run::default();
    // the stretch being followed: its start, last shadow, shadow count and depth
    let mut current: Option<(f64, f64, usize, f64)> = None;
    let close = |run: Option<(f64, f64, usize, f64)>, best: &mut Run| {
        if let Some((start, last, hits, depth)) = run {
            let run = Run {
                length: last - start,
                start,
                end: last,
                depth,
            };
            if run.beats(best) && hits as f64 * STEP >= MIN_DENSITY * run.length {
                *best = run;
            }
        }
    };
    // a shadow sample counts when a neighbour is one too: a speck of dust
    // beyond a side's end does not lengthen it
    let depths: Vec<(f64, f64)> = std::iter::successors(Some(t0), |t| Some(t + STEP))
        .take_while(|&t| t <= t1)
        .map(|t| {
            let p = Point::new(centre.x + dir.x * t, centre.y + dir.y * t);
            shadow_depth(work, p, n).unwrap_or((0.0, 0.0))
        })
        .collect();
    let shadowed = |i: usize| depths.get(i).is_some_and(|&(d, _)| d >= SHADOW_DEPTH);
    for (i, &(_, depth)) in depths.iter().enumerate() {
        let paired = (i > 0 && shadowed(i - 1)) || shadowed(i + 1);
        if !(shadowed(i) && paired) {
            continue;
        }
        let t = t0 + STEP * i as f64;
        current = match current {
            Some((start, last, hits, sum)) if t - last <= MAX_GAP + STEP => Some((start, t, hits + 1, sum + depth)),
            other => {
                close(other, &mut best);
                Some((t, t, 1, depth))
            }
        };
    }
    close(current, &mut best);
    best
}

/// The point halfway from `a` to `b`.
fn midpoint(a: Point, b: Point) -> Point {
    Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0)
}

/// The unit vector from `a` towards `b` (`a` and `b` a pixel apart at least).
fn unit(a: Point, b: Point) -> Point {
    let len = a.distance(b).max(1.0);
    Point::new((b.x - a.x) / len, (b.y - a.y) / len)
}

/// `v` turned by `deg` degrees.
fn turned(v: Point, deg: f64) -> Point {
    let (s, c) = deg.to_radians().sin_cos();
    Point::new(v.x * c - v.y * s, v.x * s + v.y * c)
}

/// The working pixels a thin dark line crosses, along either axis (a line
/// within 45° of the other axis): set where the darkest of the pixel and
/// its two neighbours lies [`MAP_DEPTH`] under both flanks
/// [`SHADOW_FLANK`] px away.
fn shadow_map(work: &WorkImage) -> GrayImage {
    let grey = &work.grey;
    let (w, h) = grey.dimensions();
    let flank = SHADOW_FLANK as u32;
    let least = (MAP_DEPTH * 255.0).ceil() as i32;
    let g = |x: u32, y: u32| grey.get_pixel(x, y)[0] as i32;
    GrayImage::from_fn(w, h, |x, y| {
        let across_y = y >= flank && y + flank < h && {
            let line = g(x, y - 1).min(g(x, y)).min(g(x, y + 1));
            g(x, y - flank).min(g(x, y + flank)) - line >= least
        };
        let across_x = x >= flank && x + flank < w && {
            let line = g(x - 1, y).min(g(x, y)).min(g(x + 1, y));
            g(x - flank, y).min(g(x + flank, y)) - line >= least
        };
        image::Luma([if across_y || across_x { 255 } else { 0 }])
    })
}

/// Where runs along `line` are measured from for the guide side from `a`
/// to `b`: the point of the line nearest the side's middle, and the
/// line's direction.
fn line_axis(line: &Line, (a, b): (Point, Point)) -> (Point, Point) {
    (line.foot(midpoint(a, b)), Point::new(-line.n.y, line.n.x))
}

/// A candidate line's shadow run along the guide side from `a` to `b`
/// (out to `reach` beyond its ends), measured from its [`line_axis`].
fn run_along(work: &WorkImage, line: &Line, (a, b): (Point, Point), reach: f64) -> Run {
    let (centre, dir) = line_axis(line, (a, b));
    let half = a.distance(b) / 2.0 + reach;
    longest_run(work, centre, dir, line.n, (-half, half))
}

/// Side `k`'s shadow lines: of the straight lines through the shadow map
/// along the guide's side (see [`super::lines_along_side`]), each
/// fine-tuned by a fraction of a degree and a pixel, those whose shadow
/// runs along [`MIN_SHOWN`] of the side at least, longest first, at most
/// [`LINES_PER_SIDE`] and each apart from the others.
fn shadows_along(area: &SearchArea, found: &[Line], k: usize, search: &OutlineSearch) -> Vec<ShadowLine> {
    let (work, guide, inside, reach) = (&area.work, &area.guide, &area.inside[..], area.reach);
    let ends = (guide.points[k], guide.points[(k + 1) % 4]);
    let len = ends.0.distance(ends.1);
    let mid = midpoint(ends.0, ends.1);
    let mut lines: Vec<(Run, Line)> = lines_along_side(found, guide, k, inside, reach, search.max_turn_deg)
        .into_iter()
        .map(|line| (run_along(work, &line, ends, reach), line))
        .filter(|(run, _)| run.length >= MIN_SHOWN * len / 2.0)
        .collect();
    lines.sort_by(|x, y| y.0.length.total_cmp(&x.0.length));
    let mut kept: Vec<(Run, Line)> = Vec::new();
    for (_, line) in lines.iter().take(4 * LINES_PER_SIDE) {
        // turned about its point nearest the side's middle, and moved
        let pivot = line.foot(mid);
        // the best turn through the pivot, then the best offset at that turn
        let tuned = |deg: f64, step: i32| {
            let n = turned(line.n, deg);
            let line = Line {
                n,
                r: n.x * pivot.x + n.y * pivot.y + 0.5 * step as f64,
            };
            let clear = inside.iter().all(|&q| line.offset(q) <= -1.0);
            clear.then(|| (run_along(work, &line, ends, reach), line))
        };
        let better = |best: Option<(Run, Line)>, next: Option<(Run, Line)>| match (best, next) {
            (Some(b), Some(n)) => Some(if n.0.beats(&b.0) { n } else { b }),
            (b, n) => b.or(n),
        };
        let mut turn: (f64, Option<Run>) = (0.0, None);
        for deg in TURNS_DEG {
            if let Some((run, _)) = tuned(deg, 0)
                && turn.1.is_none_or(|b| run.beats(&b))
            {
                turn = (deg, Some(run));
            }
        }
        let best = (-3..=3).map(|step| tuned(turn.0, step)).fold(None, better);
        if let Some((run, line)) = best
            && run.length >= MIN_SHOWN * len
            && kept
                .iter()
                .all(|(_, other)| (other.offset(mid) - line.offset(mid)).abs() > 4.0)
        {
            kept.push((run, line));
        }
    }
    kept.sort_by(|x, y| y.0.length.total_cmp(&x.0.length));
    kept.truncate(LINES_PER_SIDE);
    kept.into_iter()
        .map(|(run, line)| {
            let (centre, dir) = line_axis(&line, ends);
            let at = |t: f64| Point::new(centre.x + dir.x * t, centre.y + dir.y * t);
            ShadowLine {
                line,
                from: at(run.start),
                to: at(run.end),
            }
        })
        .collect()
}

/// Of every combination of one shadow line or none per side (three sides
/// at least, see [`rectangle_from`]), the rectangle ([`rectangle_from`]) that holds the inside
/// points, has each seen side's shadow within its side and no shadow of an
/// unseen side inside it ([`passes_shadow`]), and is seen most:
/// the largest sum over its sides of the share of the side its shadow
/// runs along.
fn best_rectangle(
    candidates: &[Vec<ShadowLine>; 4],
    frame: &Frame,
    inside: &[Point],
    search: &OutlineSearch,
) -> Option<(Quad, [Option<ShadowLine>; 4])> {
    let options = |k: usize| -> Vec<Option<ShadowLine>> {
        std::iter::once(None)
            .chain(candidates[k].iter().copied().map(Some))
            .collect()
    };
    let (o0, o1, o2, o3) = (options(0), options(1), options(2), options(3));
    let mut best: Option<(f64, Quad, [Option<ShadowLine>; 4])> = None;
    for &s0 in &o0 {
        for &s1 in &o1 {
            for &s2 in &o2 {
                for &s3 in &o3 {
                    let sides = [s0, s1, s2, s3];
                    let Some(quad) = rectangle_from(&sides, frame, search) else {
                        continue;
                    };
                    if !holds(&quad, inside) || passes_shadow(&quad, &sides, candidates) {
                        continue;
                    }
                    let Some(seen) = seen_share(&quad, &sides) else {
                        continue;
                    };
                    if best.as_ref().is_none_or(|b| seen > b.0) {
                        best = Some((seen, quad, sides));
                    }
                }
            }
        }
    }
    best.map(|(_, quad, sides)| (quad, sides))
}

/// Whether a side left unseen has a shadow line of its own, parallel to
/// it (within [`PARALLEL_DEG`]), inside the outline: the object ends at
/// the first shadow beyond what it holds, so an outline reaching past one
/// (to a neighbour's edge) is not its own.
fn passes_shadow(quad: &Quad, sides: &[Option<ShadowLine>; 4], candidates: &[Vec<ShadowLine>; 4]) -> bool {
    let p = quad.points;
    let parallel = PARALLEL_DEG.to_radians().cos();
    (0..4).filter(|&k| sides[k].is_none()).any(|k| {
        let along = unit(p[k], p[(k + 1) % 4]);
        candidates[k].iter().any(|s| {
            let dir = unit(s.from, s.to);
            (dir.x * along.x + dir.y * along.y).abs() >= parallel && quad.contains(s.middle())
        })
    })
}

/// How far a shadow line inside an outline may turn from the outline's
/// side and still contradict it (see [`passes_shadow`]), in degrees: a
/// card's edges are parallel; what crosses its print at a slant is print.
const PARALLEL_DEG: f64 = 3.0;

/// The sum over the seen sides of the share of the side their shadow runs
/// along; `None` when a shadow reaches past its side's ends by more than a
/// twentieth of the outline's long side (it is not this outline's edge),
/// or when no corner is seen: a corner is seen where two adjacent sides'
/// shadows both reach it (within a tenth of the long side: a faint shadow
/// may fade a little before its corner), as the shadow of one
/// object's edge turns its corner; two adjacent sides seen whose shadows
/// do not meet there are two objects' edges.
fn seen_share(quad: &Quad, sides: &[Option<ShadowLine>; 4]) -> Option<f64> {
    let slack = longest_side(quad) / 20.0;
    let mut total = 0.0;
    // per side, where its shadow starts and ends along it, and its length
    let mut spans: [Option<(f64, f64, f64)>; 4] = [None; 4];
    for (k, side) in sides.iter().enumerate() {
        let Some(s) = side else { continue };
        let (a, b) = (quad.points[k], quad.points[(k + 1) % 4]);
        let len = a.distance(b).max(1.0);
        let dir = unit(a, b);
        let along = |p: Point| (p.x - a.x) * dir.x + (p.y - a.y) * dir.y;
        let (f, t) = (along(s.from), along(s.to));
        if f.min(t) < -slack || f.max(t) > len + slack {
            return None;
        }
        spans[k] = Some((f.min(t), f.max(t), len));
        total += ((t - f).abs() / len).min(1.0);
    }
    let mut corners_seen = 0;
    for k in 0..4 {
        // the corner where side k ends and side k + 1 starts
        if let (Some((_, end, len)), Some((start, _, _))) = (spans[k], spans[(k + 1) % 4]) {
            if len - end > 2.0 * slack || start > 2.0 * slack {
                return None;
            }
            corners_seen += 1;
        }
    }
    (corners_seen > 0).then_some(total)
}

/// The rectangle the seen sides fix (see [`locate_outline_from_sides`]),
/// in the frame's orientation: corner `k` at the start of side `k`. Each
/// seen side's line places its side; the one side unseen is placed at the
/// object's proportions from its opposite side (where a shadow ends says
/// only that the side is at least that long: a faint shadow fades before
/// its corner, so no size is measured from it). `None` without a pair of
/// opposite sides and a third one, or with sides not square to each other.
fn rectangle_from(shadows: &[Option<ShadowLine>; 4], frame: &Frame, search: &OutlineSearch) -> Option<Quad> {
    let seen = shadows.iter().filter(|s| s.is_some()).count();
    let opposite_pair =
        (shadows[0].is_some() && shadows[2].is_some()) || (shadows[1].is_some() && shadows[3].is_some());
    if seen < 3 || !opposite_pair {
        return None;
    }
    // the object's axes: each seen side's normal says where u points
    // (side 0's normal is −v, side 1's u, side 2's v, side 3's −u)
    let axis =
        shadows
            .iter()
            .enumerate()
            .filter_map(|(k, s)| s.map(|s| (k, s)))
            .fold(Point::new(0.0, 0.0), |acc, (k, s)| {
                let n = s.line.n;
                let u = match k {
                    0 => Point::new(-n.y, n.x),
                    1 => n,
                    2 => Point::new(n.y, -n.x),
                    _ => Point::new(-n.x, -n.y),
                };
                let w = s.from.distance(s.to);
                Point::new(acc.x + u.x * w, acc.y + u.y * w)
            });
    let norm = (axis.x * axis.x + axis.y * axis.y).sqrt();
    if norm.is_nan() || norm <= 0.0 {
        return None;
    }
    let u = Point::new(axis.x / norm, axis.y / norm);
    let v = Point::new(-u.y, u.x);
    // a flat rectangle seen straight on: its sides are parallel or square
    // to each other; lines that are not are no such object's (or one seen
    // in perspective, which this does not measure)
    let square = SQUARE_DEG.to_radians().sin();
    let off_square = shadows.iter().enumerate().any(|(k, s)| {
        s.is_some_and(|s| {
            let axis = if k % 2 == 0 { v } else { u };
            (s.line.n.x * axis.y - s.line.n.y * axis.x).abs() > square
        })
    });
    if off_square {
        return None;
    }
    let o = frame.origin;
    // each seen side's place across it: v for sides 0 and 2, u for 1 and 3
    let across = |k: usize| {
        shadows[k].map(|s| {
            let m = s.middle();
            let (du, dv) = (m.x - o.x, m.y - o.y);
            if k.is_multiple_of(2) {
                du * v.x + dv * v.y
            } else {
                du * u.x + dv * u.y
            }
        })
    };
    let long_first = frame.width >= frame.height;
    let (ratio_w, ratio_h) = if long_first {
        (search.aspect, 1.0)
    } else {
        (1.0, search.aspect)
    };
    let (mut t, mut r, mut b, mut l) = (across(0), across(1), across(2), across(3));
    if let (Some(top), Some(bottom)) = (t, b) {
        let width = (bottom - top) / ratio_h * ratio_w;
        match (l, r) {
            (Some(left), None) => r = Some(left + width),
            (None, Some(right)) => l = Some(right - width),
            _ => {}
        }
    }
    if let (Some(left), Some(right)) = (l, r) {
        let height = (right - left) / ratio_w * ratio_h;
        match (t, b) {
            (Some(top), None) => b = Some(top + height),
            (None, Some(bottom)) => t = Some(bottom - height),
            _ => {}
        }
    }
    let (t, r, b, l) = (t?, r?, b?, l?);
    if !(r > l && b > t) {
        return None;
    }
    let at = |cu: f64, cv: f64| Point::new(o.x + u.x * cu + v.x * cv, o.y + u.y * cu + v.y * cv);
    let quad = Quad::new([at(l, t), at(r, t), at(r, b), at(l, b)]);
    let size = longest_side(&quad) / frame.width.max(frame.height);
    let sized = (1.0 / MAX_SIZE_RATIO..=MAX_SIZE_RATIO).contains(&size);
    (sized && (outline_aspect(&quad) / search.aspect - 1.0).abs() <= search.aspect_tolerance).then_some(quad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ID1_ASPECT;
    use crate::outline::tests::TurnedCard;
    use image::Rgb;

    /// A white `long`-px ID-1 card with rounded corners turned by `turn`
    /// degrees about (500, 400) on white paper, its edge drawn as a 2 px
    /// grey line on the sides in `shadowed` (0 top, 1 right, 2 bottom,
    /// 3 left), with a dark text block in its middle; and its true corners.
    fn scan(long: f64, turn: f64, shadowed: [bool; 4]) -> (RgbImage, Quad) {
        let card = TurnedCard::new(Point::new(500.0, 400.0), long, turn);
        let short = card.short;
        // ISO/IEC 7810: corners of radius 3.18 mm on the 85.60 mm long side
        let radius = 3.18 / 85.60 * long;
        let img = RgbImage::from_fn(1000, 800, |x, y| {
            let (px, py) = card.to_card(x as f64, y as f64);
            let text = px > 0.3 * long && px < 0.7 * long && py > 0.4 * short && py < 0.6 * short;
            if text && (x + y) % 3 == 0 {
                return Rgb([40, 40, 40]);
            }
            // the distance outside the rounded rectangle's border
            let (qx, qy) = (
                (px - long / 2.0).abs() - (long / 2.0 - radius),
                (py - short / 2.0).abs() - (short / 2.0 - radius),
            );
            let edge = (qx.max(0.0).hypot(qy.max(0.0)) + qx.max(qy).min(0.0)) - radius;
            let side = if qx >= qy {
                if px > long / 2.0 { 1 } else { 3 }
            } else if py > short / 2.0 {
                2
            } else {
                0
            };
            if edge.abs() < 1.0 && shadowed[side] {
                Rgb([220, 220, 220])
            } else {
                Rgb([252, 252, 252])
            }
        });
        (img, card.corners())
    }

    fn search() -> OutlineSearch {
        let mut search = OutlineSearch::with_aspect(ID1_ASPECT);
        search.reach = 0.5;
        search
    }

    /// The largest corner error as a share of the long side.
    fn error(found: &Quad, truth: &Quad) -> f64 {
        (0..4)
            .map(|k| found.points[k].distance(truth.points[k]))
            .fold(0.0, f64::max)
            / longest_side(truth)
    }

    /// The placement a text layout might give: the card scaled by `scale`
    /// about a point off its centre.
    fn placement(truth: &Quad, scale: f64) -> Quad {
        let c = truth.center();
        truth.map(|p| Point::new(c.x + 12.0 + (p.x - c.x) * scale, c.y - 8.0 + (p.y - c.y) * scale))
    }

    fn text(truth: &Quad) -> Vec<Point> {
        let c = truth.center();
        vec![Point::new(c.x - 60.0, c.y - 20.0), Point::new(c.x + 60.0, c.y + 20.0)]
    }

    #[test]
    fn three_shadowed_sides_place_the_card_within_two_percent() {
        for shadowed in [
            [true, true, true, false],
            [false, true, true, true],
            [true, false, true, true],
            [true, true, false, true],
        ] {
            for (turn, scale) in [(0.0, 1.08), (-1.5, 0.93), (2.0, 1.0)] {
                let (img, truth) = scan(500.0, turn, shadowed);
                let guide = placement(&truth, scale);
                let found = locate_outline_from_sides(&img, &guide, &text(&truth), &search())
                    .unwrap_or_else(|| panic!("{shadowed:?} turn {turn} scale {scale}"));
                let e = error(&found.quad, &truth);
                assert!(
                    e < 0.02,
                    "{shadowed:?} turn {turn} scale {scale}: {e:.4} {:?}",
                    found.quad
                );
            }
        }
    }

    #[test]
    fn four_shadowed_sides_place_the_card() {
        let (img, truth) = scan(420.0, 1.0, [true; 4]);
        let found = locate_outline_from_sides(&img, &placement(&truth, 1.05), &text(&truth), &search()).unwrap();
        assert!(error(&found.quad, &truth) < 0.02, "{:?}", found.quad);
    }

    #[test]
    fn fewer_than_three_sides_are_no_outline() {
        // two opposite lines may be two objects' edges; two adjacent ones
        // do not say how long the sides are (a shadow fades before its corner)
        for shadowed in [
            [false; 4],
            [true, false, false, false],
            [true, false, true, false],
            [false, true, false, true],
            [true, false, false, true],
            [false, true, true, false],
        ] {
            let (img, truth) = scan(500.0, 0.5, shadowed);
            let found = locate_outline_from_sides(&img, &placement(&truth, 1.0), &text(&truth), &search());
            assert!(found.is_none(), "{shadowed:?}: {found:?}");
        }
    }

    #[test]
    fn a_line_through_the_text_is_no_side() {
        // a rule across the text block (a table's line) runs long, but the
        // text lies on both sides of it
        let (mut img, truth) = scan(500.0, 0.0, [true, false, true, true]);
        let y = truth.center().y as u32;
        for x in 200..800 {
            img.put_pixel(x, y, Rgb([200, 200, 200]));
        }
        let found = locate_outline_from_sides(&img, &placement(&truth, 1.0), &text(&truth), &search()).unwrap();
        assert!(error(&found.quad, &truth) < 0.02, "{:?}", found.quad);
    }
}
