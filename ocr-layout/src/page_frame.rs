//! Stage 1: page orientation and skew, and the deskewed coordinate frame.

use std::f64::consts::{FRAC_PI_2, PI};

use ocr_core::{Point, Quad};
use serde::Serialize;

use crate::item::LayoutItem;

/// Which way the text reads on the page, as a clockwise turn from upright.
///
/// `Deg90` means text runs from top to bottom (the page was turned 90°
/// clockwise); `Deg180` upside down; `Deg270` bottom to top. Serialized as
/// the number of degrees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Orientation {
    /// Upright: text reads left to right.
    #[default]
    Deg0,
    /// Text reads top to bottom.
    Deg90,
    /// Upside down: text reads right to left.
    Deg180,
    /// Text reads bottom to top.
    Deg270,
}

impl Orientation {
    /// The turn in degrees: 0, 90, 180 or 270.
    pub fn degrees(self) -> u16 {
        match self {
            Orientation::Deg0 => 0,
            Orientation::Deg90 => 90,
            Orientation::Deg180 => 180,
            Orientation::Deg270 => 270,
        }
    }

    /// The orientation for a multiple of 90 degrees (other values are rounded
    /// to the nearest quarter turn).
    ///
    /// ```
    /// use ocr_layout::Orientation;
    /// assert_eq!(Orientation::from_degrees(-90.0), Orientation::Deg270);
    /// assert_eq!(Orientation::from_degrees(181.0), Orientation::Deg180);
    /// ```
    pub fn from_degrees(deg: f64) -> Self {
        match ((deg / 90.0).round() as i64).rem_euclid(4) {
            0 => Orientation::Deg0,
            1 => Orientation::Deg90,
            2 => Orientation::Deg180,
            _ => Orientation::Deg270,
        }
    }

    /// The opposite orientation (turned by 180°).
    pub fn flipped(self) -> Self {
        Orientation::from_degrees(self.degrees() as f64 + 180.0)
    }

    fn radians(self) -> f64 {
        (self.degrees() as f64).to_radians()
    }
}

impl Serialize for Orientation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u16(self.degrees())
    }
}

/// How the orientation was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrientationSource {
    /// From the vertex order of the polygons (their first edge runs along the text).
    VertexOrder,
    /// The vertex order was uninformative: the text axis came from the box
    /// shapes and the direction is the one closest to upright. A caller that
    /// can judge content should also try [`PageFrame::flipped`].
    Assumed,
    /// Given by the caller.
    Fixed,
}

/// Settings for [`estimate_frame`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct OrientationConfig {
    /// Boxes at least this many times longer than thick are "elongated" and
    /// vote on the text angle (default 1.5). When none is, every box votes.
    pub min_elongation: f64,
    /// Skip the estimate and use this orientation (skew is still measured).
    pub fixed: Option<Orientation>,
}

impl Default for OrientationConfig {
    fn default() -> Self {
        Self {
            min_elongation: 1.5,
            fixed: None,
        }
    }
}

/// The page's reading frame: orientation plus skew. Rotating image points
/// by minus [`PageFrame::angle`] gives frame coordinates in which text runs
/// along +x and lines follow each other along +y.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PageFrame {
    /// Quarter-turn orientation.
    pub orientation: Orientation,
    /// Remaining tilt in degrees, in (-45, 45], clockwise positive.
    pub skew_degrees: f64,
    /// How the orientation was decided.
    pub source: OrientationSource,
}

impl Default for PageFrame {
    fn default() -> Self {
        Self {
            orientation: Orientation::Deg0,
            skew_degrees: 0.0,
            source: OrientationSource::Assumed,
        }
    }
}

impl PageFrame {
    /// The reading direction's angle in radians (orientation plus skew),
    /// clockwise from the image's +x axis.
    pub fn angle(&self) -> f64 {
        self.orientation.radians() + self.skew_degrees.to_radians()
    }

    /// The same frame turned by 180°.
    pub fn flipped(&self) -> Self {
        Self {
            orientation: self.orientation.flipped(),
            ..*self
        }
    }

    /// Image point → frame point.
    ///
    /// ```
    /// use ocr_core::Point;
    /// use ocr_layout::{Orientation, OrientationSource, PageFrame};
    /// let frame = PageFrame { orientation: Orientation::Deg90, skew_degrees: 0.0, source: OrientationSource::Fixed };
    /// let p = frame.to_frame(Point::new(0.0, 10.0)); // 10 px down the page = 10 px along the text
    /// assert!((p.x - 10.0).abs() < 1e-9 && p.y.abs() < 1e-9);
    /// assert!(frame.from_frame(p).distance(Point::new(0.0, 10.0)) < 1e-9);
    /// ```
    pub fn to_frame(&self, p: Point) -> Point {
        rotate(p, -self.angle())
    }

    /// Frame point → image point.
    pub fn from_frame(&self, p: Point) -> Point {
        rotate(p, self.angle())
    }

    /// A quad in frame coordinates.
    pub fn quad_to_frame(&self, q: &Quad) -> Quad {
        let (s, c) = (-self.angle()).sin_cos();
        q.map(|p| Point::new(p.x * c - p.y * s, p.x * s + p.y * c))
    }
}

fn rotate(p: Point, angle: f64) -> Point {
    let (s, c) = angle.sin_cos();
    Point::new(p.x * c - p.y * s, p.x * s + p.y * c)
}

/// A quad's long axis (angle mod π, in [0, π)), elongation, and — when its
/// first edge is a long edge — that edge's direction.
pub(crate) struct Axis {
    pub angle: f64,
    pub elongation: f64,
    pub first_edge: Option<Point>,
}

pub(crate) fn axis(q: &Quad) -> Axis {
    let [a, b, c, d] = q.points;
    let e0 = Point::new((b.x - a.x + c.x - d.x) / 2.0, (b.y - a.y + c.y - d.y) / 2.0);
    let e1 = Point::new((c.x - b.x + d.x - a.x) / 2.0, (c.y - b.y + d.y - a.y) / 2.0);
    let (l0, l1) = (e0.x.hypot(e0.y), e1.x.hypot(e1.y));
    let (long, long_len, short_len) = if l0 >= l1 { (e0, l0, l1) } else { (e1, l1, l0) };
    let angle = long.y.atan2(long.x).rem_euclid(PI);
    let angle = if angle >= PI { 0.0 } else { angle };
    Axis {
        angle,
        elongation: if short_len > 0.0 {
            long_len / short_len
        } else {
            f64::INFINITY
        },
        first_edge: (l0 >= l1).then_some(Point::new(b.x - a.x, b.y - a.y)),
    }
}

/// The median of `values` (which it sorts); `None` when empty.
pub(crate) fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

/// Estimates the page orientation and skew from the boxes' shapes and
/// vertex order.
///
/// 1. The text axis is the median angle (mod 180°) of the long edges of the
///    elongated boxes, taken around their doubled-angle circular mean.
/// 2. The reading direction along that axis comes from the boxes whose first
///    edge (vertex 0 → 1) is a long edge: the majority direction of those
///    edges. Without such votes, or on a tie, the direction closest to
///    upright is assumed ([`OrientationSource::Assumed`]).
/// 3. Orientation is the nearest quarter turn; skew the remainder.
///
/// # Examples
///
/// ```
/// use ocr_core::Quad;
/// use ocr_layout::{LayoutItem, Orientation, OrientationConfig, estimate_frame};
/// let items = vec![
///     LayoutItem::new(0, Quad::from_rect(0.0, 0.0, 200.0, 20.0), "a", 99.0),
///     LayoutItem::new(1, Quad::from_rect(0.0, 40.0, 150.0, 20.0), "b", 99.0),
/// ];
/// let frame = estimate_frame(&items.iter().collect::<Vec<_>>(), &OrientationConfig::default());
/// assert_eq!(frame.orientation, Orientation::Deg0);
/// assert!(frame.skew_degrees.abs() < 1e-9);
/// ```
pub fn estimate_frame(items: &[&LayoutItem], config: &OrientationConfig) -> PageFrame {
    let axes: Vec<Axis> = items.iter().map(|i| axis(&i.quad)).collect();
    let voters = voting_axes(&axes, config.min_elongation);
    if voters.is_empty() {
        return PageFrame {
            orientation: config.fixed.unwrap_or_default(),
            skew_degrees: 0.0,
            source: if config.fixed.is_some() {
                OrientationSource::Fixed
            } else {
                OrientationSource::Assumed
            },
        };
    }
    let axis_angle = text_axis_angle(&voters);
    let (reading, source) = reading_direction(&voters, axis_angle, config.fixed);
    frame_from_reading(reading.to_degrees(), source, config.fixed)
}

/// The fragments whose axis votes: the elongated ones, or all when none is.
fn voting_axes(axes: &[Axis], min_elongation: f64) -> Vec<&Axis> {
    let elongated: Vec<&Axis> = axes.iter().filter(|a| a.elongation >= min_elongation).collect();
    if elongated.is_empty() {
        axes.iter().collect()
    } else {
        elongated
    }
}

/// The text axis (an angle modulo π): the median deviation from the
/// doubled-angle mean, which a few stray boxes cannot pull.
fn text_axis_angle(voters: &[&Axis]) -> f64 {
    // summed in sorted order: deterministic
    let mut doubled: Vec<(f64, f64)> = voters
        .iter()
        .map(|a| ((2.0 * a.angle).cos(), (2.0 * a.angle).sin()))
        .collect();
    doubled.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.total_cmp(&y.1)));
    let (sc, ss) = doubled.iter().fold((0.0, 0.0), |(c, s), (dc, ds)| (c + dc, s + ds));
    let reference = ss.atan2(sc) / 2.0;
    let mut deviations: Vec<f64> = voters
        .iter()
        .map(|a| (a.angle - reference + FRAC_PI_2).rem_euclid(PI) - FRAC_PI_2)
        .collect();
    reference + median(&mut deviations).unwrap_or(0.0)
}

/// Which way along the axis text reads: towards the fixed orientation when
/// one is set, else the way most first edges point, else the more upright way.
fn reading_direction(voters: &[&Axis], axis_angle: f64, fixed: Option<Orientation>) -> (f64, OrientationSource) {
    let dir = Point::new(axis_angle.cos(), axis_angle.sin());
    if let Some(fixed) = fixed {
        let target = fixed.radians();
        let d0 = angular_distance(axis_angle, target);
        let d1 = angular_distance(axis_angle + PI, target);
        let reading = if d0 <= d1 { axis_angle } else { axis_angle + PI };
        return (reading, OrientationSource::Fixed);
    }
    let (mut forward, mut backward) = (0usize, 0usize);
    for e in voters.iter().filter_map(|a| a.first_edge) {
        let dot = e.x * dir.x + e.y * dir.y;
        if dot > 0.0 {
            forward += 1;
        } else if dot < 0.0 {
            backward += 1;
        }
    }
    if forward != backward {
        let reading = if forward > backward {
            axis_angle
        } else {
            axis_angle + PI
        };
        return (reading, OrientationSource::VertexOrder);
    }
    // closest to upright: cos > 0, or straight down on a tie
    let upright = dir.x > 1e-12 || (dir.x.abs() <= 1e-12 && dir.y > 0.0);
    (
        if upright { axis_angle } else { axis_angle + PI },
        OrientationSource::Assumed,
    )
}

/// The frame for a reading direction in degrees: the nearest quarter turn
/// (or the fixed one) and the skew left over, in (−45°, 45°] when not fixed.
fn frame_from_reading(degrees: f64, source: OrientationSource, fixed: Option<Orientation>) -> PageFrame {
    let signed = |d: f64| (d + 180.0).rem_euclid(360.0) - 180.0;
    if let Some(fixed) = fixed {
        // a fixed orientation wins; the skew is what is left relative to it
        return PageFrame {
            orientation: fixed,
            skew_degrees: signed(degrees - fixed.degrees() as f64),
            source,
        };
    }
    let mut orientation = Orientation::from_degrees(degrees);
    let mut skew = signed(degrees - orientation.degrees() as f64);
    if skew <= -45.0 {
        skew += 90.0;
        orientation = Orientation::from_degrees(orientation.degrees() as f64 - 90.0);
    }
    PageFrame {
        orientation,
        skew_degrees: skew,
        source,
    }
}

fn angular_distance(a: f64, b: f64) -> f64 {
    let d = (a - b).rem_euclid(2.0 * PI);
    d.min(2.0 * PI - d)
}
