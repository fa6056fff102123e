//! The input: text fragments with a polygon, and their validation.

use geo::{Area, Validation};
use ocr_core::Masked;
use ocr_core::{Quad, TextLine};
use serde::Serialize;

/// One text fragment to lay out: a polygon, its text and confidence, and the
/// index that points back to the caller's input.
///
/// `Debug` masks the text.
///
/// # Examples
///
/// ```
/// use ocr_core::{Quad, TextLine};
/// use ocr_layout::LayoutItem;
/// let lines = vec![
///     TextLine::new("a", 90.0).with_polygon(Quad::from_rect(0.0, 0.0, 50.0, 10.0)),
///     TextLine::new("no polygon", 90.0),
/// ];
/// let (items, skipped) = LayoutItem::from_lines(&lines);
/// assert_eq!(items.len(), 1);
/// assert_eq!(skipped[0].index, 1);
/// ```
#[derive(Clone, PartialEq)]
pub struct LayoutItem {
    /// Position in the caller's input.
    pub index: usize,
    /// The fragment's four vertices; for text-aware engines top-left,
    /// top-right, bottom-right, bottom-left of the text.
    pub quad: Quad,
    /// The fragment's text.
    pub text: String,
    /// Confidence, 0–100.
    pub confidence: f32,
}

impl std::fmt::Debug for LayoutItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LayoutItem")
            .field("index", &self.index)
            .field("quad", &self.quad)
            .field("text", &Masked(&self.text))
            .field("confidence", &self.confidence)
            .finish()
    }
}

impl LayoutItem {
    /// Creates an item.
    pub fn new(index: usize, quad: Quad, text: impl Into<String>, confidence: f32) -> Self {
        Self {
            index,
            quad,
            text: text.into(),
            confidence,
        }
    }

    /// Items from OCR lines, indexed by their position in `lines`. A line
    /// without a polygon (the vendor's spec allows `polygon: null`) uses its
    /// axis-aligned `item_box` instead; a line with neither is returned as
    /// skipped ([`SkipReason::NoPolygon`]).
    pub fn from_lines(lines: &[TextLine]) -> (Vec<LayoutItem>, Vec<Skipped>) {
        let mut items = Vec::with_capacity(lines.len());
        let mut skipped = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            let quad = line
                .polygon
                .or_else(|| line.item_box.map(|b| Quad::from_rect(b.x, b.y, b.width, b.height)));
            match quad {
                Some(quad) => items.push(LayoutItem::new(index, quad, line.text.clone(), line.confidence)),
                None => skipped.push(Skipped {
                    index,
                    reason: SkipReason::NoPolygon,
                }),
            }
        }
        (items, skipped)
    }
}

/// Why an input fragment was left out of the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SkipReason {
    /// The line has no polygon.
    NoPolygon,
    /// A coordinate is NaN or infinite.
    NonFinite,
    /// The polygon encloses (almost) no area.
    ZeroArea,
    /// The polygon's edges cross each other (a "bow tie").
    SelfIntersecting,
}

/// A fragment left out of the layout, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The fragment's input index.
    pub index: usize,
    /// Why it was left out.
    pub reason: SkipReason,
}

/// Checks one quad: finite, non-degenerate, simple.
///
/// ```
/// use ocr_core::{Point, Quad};
/// use ocr_layout::{SkipReason, check_quad};
/// assert_eq!(check_quad(&Quad::from_rect(0.0, 0.0, 10.0, 5.0)), Ok(()));
/// assert_eq!(check_quad(&Quad::from_rect(0.0, 0.0, 10.0, 0.0)), Err(SkipReason::ZeroArea));
/// let bow_tie = Quad::new([Point::new(0.0, 0.0), Point::new(10.0, 5.0), Point::new(10.0, 0.0), Point::new(0.0, 5.0)]);
/// assert_eq!(check_quad(&bow_tie), Err(SkipReason::SelfIntersecting));
/// ```
pub fn check_quad(quad: &Quad) -> Result<(), SkipReason> {
    if !quad.is_finite() {
        return Err(SkipReason::NonFinite);
    }
    let bounds = quad.bounding_box();
    let scale = bounds.width.max(bounds.height);
    if bounds.width == 0.0 || bounds.height == 0.0 {
        return Err(SkipReason::ZeroArea);
    }
    let area = shoelace_area(quad).abs();
    // A quad whose turns all go the same way is convex, hence simple; only
    // the others need the full validity check.
    if !is_convex(quad) {
        let polygon = to_geo(quad);
        if !polygon.is_valid() || crosses(quad) {
            // a bow tie, or a ring that folds onto itself
            return Err(if polygon.unsigned_area() <= scale * scale * 1e-6 && !crosses(quad) {
                SkipReason::ZeroArea
            } else {
                SkipReason::SelfIntersecting
            });
        }
    }
    // below 1e-6 of the squared size: a line or a point
    if area <= scale * scale * 1e-6 {
        return Err(SkipReason::ZeroArea);
    }
    Ok(())
}

/// Whether two opposite edges of the quad properly cross.
fn crosses(q: &Quad) -> bool {
    use geo::Intersects;
    let [a, b, c, d] = q.points.map(|p| geo::coord! { x: p.x, y: p.y });
    let seg = |p, q| geo::Line::new(p, q);
    let proper = |l1: geo::Line<f64>, l2: geo::Line<f64>| {
        l1.intersects(&l2) && l1.start != l2.end && l1.end != l2.start && l1.start != l2.start && l1.end != l2.end
    };
    proper(seg(a, b), seg(c, d)) || proper(seg(b, c), seg(d, a))
}

/// Signed area (positive when the vertices run clockwise on screen).
pub(crate) fn shoelace_area(q: &Quad) -> f64 {
    let p = &q.points;
    (0..4)
        .map(|i| {
            let (a, b) = (p[i], p[(i + 1) % 4]);
            a.x * b.y - b.x * a.y
        })
        .sum::<f64>()
        / 2.0
}

fn is_convex(q: &Quad) -> bool {
    let p = &q.points;
    let turns = (0..4).map(|i| {
        let (a, b, c) = (p[i], p[(i + 1) % 4], p[(i + 2) % 4]);
        (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x)
    });
    let (mut pos, mut neg) = (false, false);
    for t in turns {
        pos |= t > 0.0;
        neg |= t < 0.0;
    }
    !(pos && neg)
}

pub(crate) fn to_geo(quad: &Quad) -> geo::Polygon<f64> {
    let ring: Vec<geo::Coord<f64>> = quad.points.iter().map(|p| geo::coord! { x: p.x, y: p.y }).collect();
    geo::Polygon::new(geo::LineString::from(ring), vec![])
}

/// Stage 0: splits items into the usable ones and the skipped ones (with
/// the reason from [`check_quad`]), keeping the input order.
///
/// ```
/// use ocr_core::{Point, Quad};
/// use ocr_layout::{LayoutItem, SkipReason, validate_items};
/// let good = LayoutItem::new(0, Quad::from_rect(0.0, 0.0, 50.0, 10.0), "ok", 99.0);
/// let flat = LayoutItem::new(1, Quad::new([Point::new(0.0, 0.0); 4]), "flat", 99.0);
/// let items = [good, flat];
/// let (valid, skipped) = validate_items(&items);
/// assert_eq!(valid.len(), 1);
/// assert_eq!((skipped[0].index, skipped[0].reason), (1, SkipReason::ZeroArea));
/// ```
pub fn validate_items(items: &[LayoutItem]) -> (Vec<&LayoutItem>, Vec<Skipped>) {
    let mut ok = Vec::with_capacity(items.len());
    let mut skipped = Vec::new();
    for item in items {
        match check_quad(&item.quad) {
            Ok(()) => ok.push(item),
            Err(reason) => skipped.push(Skipped {
                index: item.index,
                reason,
            }),
        }
    }
    (ok, skipped)
}
