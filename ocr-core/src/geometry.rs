//! Points, quadrilaterals and axis-aligned boxes in image pixel coordinates.

use serde::{Deserialize, Serialize};

/// A point in image pixel coordinates (x to the right, y down).
///
/// # Examples
///
/// ```
/// use ocr_core::Point;
/// let p = Point::new(3.0, 4.0);
/// assert_eq!(p.distance(Point::new(0.0, 0.0)), 5.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Point {
    /// Horizontal coordinate in pixels.
    pub x: f64,
    /// Vertical coordinate in pixels.
    pub y: f64,
}

impl Point {
    /// Creates a point.
    pub const fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }

    /// Euclidean distance to `other`.
    pub fn distance(self, other: Point) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }

    /// Whether both coordinates are finite numbers.
    pub fn is_finite(self) -> bool {
        self.x.is_finite() && self.y.is_finite()
    }
}

/// A quadrilateral given by four vertices.
///
/// For upright text the vertices are, in order, top-left, top-right,
/// bottom-right and bottom-left *of the text* (so for text turned 90° the
/// first vertex is not the image's top-left-most point). Engines keep that
/// order; `ocr-layout` uses it to detect page orientation.
///
/// # Examples
///
/// ```
/// use ocr_core::{Point, Quad};
/// let q = Quad::from_rect(10.0, 20.0, 100.0, 30.0);
/// assert_eq!(q.points[2], Point::new(110.0, 50.0));
/// assert_eq!(q.center(), Point::new(60.0, 35.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Quad {
    /// The four vertices: top-left, top-right, bottom-right, bottom-left of the text.
    pub points: [Point; 4],
}

impl Quad {
    /// Creates a quad from its four vertices.
    pub const fn new(points: [Point; 4]) -> Self {
        Self { points }
    }

    /// An axis-aligned quad with top-left corner `(x, y)`.
    pub fn from_rect(x: f64, y: f64, width: f64, height: f64) -> Self {
        Self::new([
            Point::new(x, y),
            Point::new(x + width, y),
            Point::new(x + width, y + height),
            Point::new(x, y + height),
        ])
    }

    /// Mean of the four vertices.
    pub fn center(&self) -> Point {
        let (sx, sy) = self.points.iter().fold((0.0, 0.0), |(sx, sy), p| (sx + p.x, sy + p.y));
        Point::new(sx / 4.0, sy / 4.0)
    }

    /// The smallest axis-aligned box containing the quad.
    pub fn bounding_box(&self) -> ItemBox {
        let min_x = self.points.iter().map(|p| p.x).fold(f64::INFINITY, f64::min);
        let min_y = self.points.iter().map(|p| p.y).fold(f64::INFINITY, f64::min);
        let max_x = self.points.iter().map(|p| p.x).fold(f64::NEG_INFINITY, f64::max);
        let max_y = self.points.iter().map(|p| p.y).fold(f64::NEG_INFINITY, f64::max);
        ItemBox {
            x: min_x,
            y: min_y,
            width: max_x - min_x,
            height: max_y - min_y,
        }
    }

    /// [`Quad::bounding_box`] as min/max bounds.
    pub fn bounds(&self) -> Rect {
        Rect::from(self.bounding_box())
    }

    /// Whether every coordinate is a finite number.
    pub fn is_finite(&self) -> bool {
        self.points.iter().all(|p| p.is_finite())
    }

    /// Whether `p` lies inside (or on the edge of) the quad, taken as convex,
    /// whichever way its vertices wind.
    ///
    /// ```
    /// use ocr_core::{Point, Quad};
    /// let q = Quad::from_rect(0.0, 0.0, 10.0, 5.0);
    /// assert!(q.contains(Point::new(3.0, 4.0)) && q.contains(Point::new(10.0, 5.0)));
    /// assert!(!q.contains(Point::new(11.0, 2.0)));
    /// ```
    pub fn contains(&self, p: Point) -> bool {
        let side = |a: Point, b: Point| (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
        let s = [0, 1, 2, 3].map(|k| side(self.points[k], self.points[(k + 1) % 4]));
        s.iter().all(|&v| v >= 0.0) || s.iter().all(|&v| v <= 0.0)
    }

    /// Angle of the top edge (first to second vertex) in radians, measured
    /// from the x axis towards y (clockwise on screen).
    pub fn angle(&self) -> f64 {
        let [a, b, _, _] = self.points;
        (b.y - a.y).atan2(b.x - a.x)
    }

    /// The box in the rotation-corrected frame, like the vendor's
    /// `itemPolygon`: the quad turned by minus [`Quad::angle`] about its centre,
    /// then bounded. `width` is the text's length, `height` its thickness.
    ///
    /// ```
    /// use ocr_core::{Point, Quad};
    /// // a 100 x 20 box turned by 90 degrees
    /// let q = Quad::new([Point::new(20.0, 0.0), Point::new(20.0, 100.0), Point::new(0.0, 100.0), Point::new(0.0, 0.0)]);
    /// let b = q.item_box();
    /// assert!((b.width - 100.0).abs() < 1e-9 && (b.height - 20.0).abs() < 1e-9);
    /// ```
    pub fn item_box(&self) -> ItemBox {
        let c = self.center();
        let (sin, cos) = (-self.angle()).sin_cos();
        self.map(|p| {
            let (dx, dy) = (p.x - c.x, p.y - c.y);
            Point::new(c.x + dx * cos - dy * sin, c.y + dx * sin + dy * cos)
        })
        .bounding_box()
    }

    /// Applies `f` to every vertex.
    pub fn map(&self, mut f: impl FnMut(Point) -> Point) -> Quad {
        Quad::new(self.points.map(&mut f))
    }

    /// Scales every coordinate: x by `sx`, y by `sy`.
    ///
    /// ```
    /// use ocr_core::{Point, Quad};
    /// let q = Quad::from_rect(10.0, 10.0, 10.0, 10.0).scale(2.0, 0.5);
    /// assert_eq!(q.points[2], Point::new(40.0, 10.0));
    /// ```
    pub fn scale(&self, sx: f64, sy: f64) -> Quad {
        self.map(|p| Point::new(p.x * sx, p.y * sy))
    }
}

/// An axis-aligned box: top-left corner, width and height, in pixels.
///
/// The vendor API returns one per line as `itemPolygon`, measured in the
/// *rotation-corrected* image, so `width` is the line's length and `height`
/// its thickness even when the photo is tilted.
///
/// # Examples
///
/// ```
/// use ocr_core::ItemBox;
/// let b = ItemBox { x: 1.0, y: 2.0, width: 3.0, height: 4.0 };
/// assert_eq!(b.scale(2.0, 2.0), ItemBox { x: 2.0, y: 4.0, width: 6.0, height: 8.0 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct ItemBox {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width (the text line's length).
    pub width: f64,
    /// Height (the text line's thickness).
    pub height: f64,
}

impl ItemBox {
    /// Scales position and size: horizontally by `sx`, vertically by `sy`.
    pub fn scale(&self, sx: f64, sy: f64) -> ItemBox {
        ItemBox {
            x: self.x * sx,
            y: self.y * sy,
            width: self.width * sx,
            height: self.height * sy,
        }
    }
}

/// An axis-aligned rectangle by its bounds: `x0 ≤ x ≤ x1`, `y0 ≤ y ≤ y1`,
/// in whatever units the caller works in (image pixels, a page frame,
/// millimetres on a document). [`ItemBox`] is the vendor's wire shape of a
/// box (corner and size); this is the one for computing with.
///
/// ```
/// use ocr_core::{Point, Quad, Rect};
/// let a = Rect::new(0.0, 0.0, 10.0, 5.0);
/// let b = Rect::new(13.0, 9.0, 20.0, 12.0);
/// assert_eq!(a.union(&b), Rect::new(0.0, 0.0, 20.0, 12.0));
/// assert_eq!(a.gap(&b), 5.0); // 3 across, 4 down
/// assert_eq!((a.width(), a.height()), (10.0, 5.0));
/// assert_eq!(Rect::EMPTY.union(&a), a);
/// assert_eq!(Quad::from_rect(1.0, 2.0, 3.0, 4.0).bounds(), Rect::new(1.0, 2.0, 4.0, 6.0));
/// assert!(a.contains(Point::new(10.0, 5.0)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    /// Left (smallest x).
    pub x0: f64,
    /// Top (smallest y).
    pub y0: f64,
    /// Right (largest x).
    pub x1: f64,
    /// Bottom (largest y).
    pub y1: f64,
}

impl Rect {
    /// Holds nothing: the neutral element of [`Rect::union`].
    pub const EMPTY: Rect = Rect {
        x0: f64::INFINITY,
        y0: f64::INFINITY,
        x1: f64::NEG_INFINITY,
        y1: f64::NEG_INFINITY,
    };

    /// The rectangle with these bounds.
    pub const fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Self {
        Self { x0, y0, x1, y1 }
    }

    /// `x1 − x0`.
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    /// `y1 − y0`.
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    /// The distance between the two rectangles' nearest points (0 when
    /// they touch or overlap).
    pub fn gap(&self, other: &Rect) -> f64 {
        let dx = (self.x0.max(other.x0) - self.x1.min(other.x1)).max(0.0);
        let dy = (self.y0.max(other.y0) - self.y1.min(other.y1)).max(0.0);
        dx.hypot(dy)
    }

    /// Whether `p` lies inside or on the border.
    pub fn contains(&self, p: Point) -> bool {
        (self.x0..=self.x1).contains(&p.x) && (self.y0..=self.y1).contains(&p.y)
    }

    /// The corners as a quad, clockwise from the top-left.
    pub fn to_quad(&self) -> Quad {
        Quad::new([
            Point::new(self.x0, self.y0),
            Point::new(self.x1, self.y0),
            Point::new(self.x1, self.y1),
            Point::new(self.x0, self.y1),
        ])
    }
}

impl From<ItemBox> for Rect {
    /// `x1 = x + width`, `y1 = y + height`.
    fn from(b: ItemBox) -> Self {
        Rect::new(b.x, b.y, b.x + b.width, b.y + b.height)
    }
}
