//! The document's OCR lines in its own frame (upright, deskewed): each a
//! [`Piece`] with its box and its characters' places along it.

use ocr_core::{Point, Quad, TextLine};
use ocr_layout::{LayoutItem, OrientationConfig, PageFrame, estimate_frame, validate_items};

/// One OCR line in the page frame.
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    /// Its index in the caller's lines.
    pub line: usize,
    /// Its characters, as read.
    pub chars: Vec<char>,
    /// Frame box.
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
    pub confidence: f32,
}

impl Piece {
    pub fn height(&self) -> f64 {
        (self.y1 - self.y0).max(1.0)
    }

    pub fn cy(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }

    /// Where character `i` starts along the line (characters taken as
    /// equally wide: the engine reports the line, not its characters).
    pub fn char_x(&self, i: usize) -> f64 {
        let n = self.chars.len().max(1) as f64;
        self.x0 + (self.x1 - self.x0) * (i as f64 / n)
    }

    /// Whether `other` stands in this piece's row: its centre within this
    /// one's extent, or this one's centre within its extent.
    pub fn shares_row(&self, other: &Piece) -> bool {
        let inside = |c: f64, p: &Piece| c >= p.y0 && c <= p.y1;
        inside(other.cy(), self) || inside(self.cy(), other)
    }
}

/// The lines in the page's frame, in reading order (top to bottom, then
/// left to right); lines without a usable polygon are left out.
pub(crate) struct Pieces {
    pub frame: PageFrame,
    pub pieces: Vec<Piece>,
}

impl Pieces {
    pub fn new(lines: &[TextLine]) -> Pieces {
        let (items, _) = LayoutItem::from_lines(lines);
        let (valid, _) = validate_items(&items);
        let frame = estimate_frame(&valid, &OrientationConfig::default());
        let mut pieces: Vec<Piece> = valid
            .iter()
            .filter(|item| !item.text.trim().is_empty())
            .map(|item| {
                let q = frame.quad_to_frame(&item.quad);
                let xs = q.points.map(|p| p.x);
                let ys = q.points.map(|p| p.y);
                let fold = |v: [f64; 4], f: fn(f64, f64) -> f64, start: f64| v.into_iter().fold(start, f);
                Piece {
                    line: item.index,
                    chars: item.text.chars().collect(),
                    x0: fold(xs, f64::min, f64::INFINITY),
                    x1: fold(xs, f64::max, f64::NEG_INFINITY),
                    y0: fold(ys, f64::min, f64::INFINITY),
                    y1: fold(ys, f64::max, f64::NEG_INFINITY),
                    confidence: item.confidence,
                }
            })
            .collect();
        pieces.sort_by(|a, b| a.cy().total_cmp(&b.cy()).then(a.x0.total_cmp(&b.x0)));
        Pieces { frame, pieces }
    }

    /// A frame rectangle back in image pixels.
    pub fn quad_of(&self, x0: f64, x1: f64, y0: f64, y1: f64) -> Quad {
        let corners = [
            Point::new(x0, y0),
            Point::new(x1, y0),
            Point::new(x1, y1),
            Point::new(x0, y1),
        ];
        Quad::new(corners.map(|p| self.frame.from_frame(p)))
    }
}
