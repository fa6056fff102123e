//! [`Similarity`]: a rotation, uniform scale and translation of the plane.

use crate::geometry::Point;

/// A similarity transform: `p ↦ [a −b; b a]·p + t`, a rotation by
/// `atan2(b, a)` with a uniform scale `hypot(a, b)`, then a shift by `t`.
///
/// The usual use maps a document's own coordinates (millimetres on a card,
/// say) into the image: [`Similarity::apply`] takes a point across,
/// [`Similarity::inverse`] comes back, [`Similarity::compose`] chains two.
///
/// ```
/// use ocr_core::{Point, Similarity};
/// // 10 px per unit, turned 90° clockwise (y down), then shifted by (100, 50)
/// let t = Similarity::new(0.0, 10.0, Point::new(100.0, 50.0));
/// let p = t.apply(Point::new(1.0, 0.0));
/// assert!((p.x - 100.0).abs() < 1e-9 && (p.y - 60.0).abs() < 1e-9);
/// assert!((t.scale() - 10.0).abs() < 1e-12);
/// assert!((t.angle().to_degrees() - 90.0).abs() < 1e-9);
/// let back = t.inverse().unwrap().apply(p);
/// assert!(back.distance(Point::new(1.0, 0.0)) < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Similarity {
    a: f64,
    b: f64,
    t: Point,
}

impl Similarity {
    /// The identity.
    pub const IDENTITY: Similarity = Similarity {
        a: 1.0,
        b: 0.0,
        t: Point::new(0.0, 0.0),
    };

    /// `p ↦ [a −b; b a]·p + t`: `a = s·cos θ`, `b = s·sin θ`.
    pub const fn new(a: f64, b: f64, t: Point) -> Self {
        Self { a, b, t }
    }

    /// A rotation by `angle` radians (clockwise on screen, where y points
    /// down) with scale `scale`, then a shift by `t`.
    pub fn from_scale_angle(scale: f64, angle: f64, t: Point) -> Self {
        Self::new(scale * angle.cos(), scale * angle.sin(), t)
    }

    /// Where `p` goes.
    pub fn apply(&self, p: Point) -> Point {
        Point::new(
            self.a * p.x - self.b * p.y + self.t.x,
            self.b * p.x + self.a * p.y + self.t.y,
        )
    }

    /// The uniform scale (output units per input unit).
    pub fn scale(&self) -> f64 {
        self.a.hypot(self.b)
    }

    /// The rotation in radians.
    pub fn angle(&self) -> f64 {
        self.b.atan2(self.a)
    }

    /// The translation (where the origin goes).
    pub fn translation(&self) -> Point {
        self.t
    }

    /// `self` after `first`: `self.compose(&first).apply(p) ==
    /// self.apply(first.apply(p))`.
    ///
    /// ```
    /// use ocr_core::{Point, Similarity};
    /// let shift = Similarity::new(1.0, 0.0, Point::new(5.0, 0.0));
    /// let double = Similarity::new(2.0, 0.0, Point::new(0.0, 0.0));
    /// assert_eq!(double.compose(&shift).apply(Point::new(1.0, 1.0)), Point::new(12.0, 2.0));
    /// ```
    pub fn compose(&self, first: &Similarity) -> Similarity {
        Similarity {
            a: self.a * first.a - self.b * first.b,
            b: self.b * first.a + self.a * first.b,
            t: self.apply(first.t),
        }
    }

    /// The inverse; `None` when the scale is zero or not finite.
    pub fn inverse(&self) -> Option<Similarity> {
        let n = self.a * self.a + self.b * self.b;
        if !(n > 0.0 && n.is_finite()) {
            return None;
        }
        let (a, b) = (self.a / n, -self.b / n);
        let t = Point::new(-(a * self.t.x - b * self.t.y), -(b * self.t.x + a * self.t.y));
        Some(Similarity { a, b, t })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(p: Point, q: Point) -> bool {
        p.distance(q) <= 1e-6 * (1.0 + p.x.abs().max(p.y.abs()))
    }

    proptest! {
        #[test]
        fn inverse_undoes_and_compose_chains(
            s in 0.01f64..100.0, angle in -4.0f64..4.0, tx in -1e3f64..1e3, ty in -1e3f64..1e3,
            s2 in 0.01f64..100.0, angle2 in -4.0f64..4.0, x in -1e3f64..1e3, y in -1e3f64..1e3,
        ) {
            let t = Similarity::from_scale_angle(s, angle, Point::new(tx, ty));
            let u = Similarity::from_scale_angle(s2, angle2, Point::new(ty, tx));
            let p = Point::new(x, y);
            prop_assert!(close(t.inverse().unwrap().apply(t.apply(p)), p));
            prop_assert!(close(t.compose(&u).apply(p), t.apply(u.apply(p))));
            prop_assert!((t.compose(&u).scale() - s * s2).abs() <= 1e-9 * s * s2);
            // distances scale uniformly
            let q = Point::new(y, x);
            prop_assert!((t.apply(p).distance(t.apply(q)) - s * p.distance(q)).abs() <= 1e-6 * (1.0 + s * p.distance(q)));
        }
    }

    #[test]
    fn a_zero_scale_has_no_inverse() {
        assert!(Similarity::new(0.0, 0.0, Point::new(1.0, 1.0)).inverse().is_none());
        assert_eq!(Similarity::IDENTITY.apply(Point::new(3.0, 4.0)), Point::new(3.0, 4.0));
    }
}
