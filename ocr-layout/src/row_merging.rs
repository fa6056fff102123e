//! Stage 4: merging the fragments of a row into one [`Row`].

use ocr_core::Masked;
use ocr_core::{Point, Quad};
use serde::Serialize;

use crate::item::LayoutItem;
use crate::page_frame::PageFrame;
use crate::row_grouping::FrameBox;

/// One row of text in reading order, merged from one or more fragments.
///
/// `Debug` masks the text.
#[derive(Clone, PartialEq, Serialize)]
pub struct Row {
    /// Input indices of the fragments, in reading order along the row.
    pub members: Vec<usize>,
    /// The fragments' texts joined: no separator between CJK text, a space
    /// between Latin letters or digits when the gap is wide enough.
    pub text: String,
    /// The row's polygon in image pixels: the rectangle spanning the members
    /// along the text and the row's mean band across it, with the vertices
    /// in text order (top-left, top-right, bottom-right, bottom-left).
    pub quad: Quad,
    /// The members' confidences averaged, weighted by their number of
    /// characters (a fragment with no text weighs as one). Always between
    /// the smallest and the largest member confidence.
    pub confidence: f32,
}

impl std::fmt::Debug for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Row")
            .field("members", &self.members)
            .field("text", &Masked(&self.text))
            .field("quad", &self.quad)
            .field("confidence", &self.confidence)
            .finish()
    }
}

/// Settings for merging each row into one [`crate::Row`] ([`crate::layout`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MergeConfig {
    /// Between two fragments that meet at Latin letters or digits, a gap of
    /// at least this × the row's thickness becomes a space (default 0.3).
    pub latin_space_gap: f64,
}

impl Default for MergeConfig {
    fn default() -> Self {
        Self { latin_space_gap: 0.3 }
    }
}

fn is_latin_or_digit(c: char) -> bool {
    c.is_ascii_alphanumeric() || ('\u{00C0}'..='\u{024F}').contains(&c) || ('\u{FF10}'..='\u{FF5A}').contains(&c)
}

/// Merges the fragments at `members` (positions into `items` and `boxes`,
/// left to right) into a row.
pub(crate) fn merge_row(
    items: &[&LayoutItem],
    boxes: &[FrameBox],
    frame: &PageFrame,
    members: &[usize],
    config: &MergeConfig,
) -> Row {
    let n = members.len().max(1) as f64;
    let cy = members.iter().map(|&m| boxes[m].cy).sum::<f64>() / n;
    let h = members.iter().map(|&m| boxes[m].height).sum::<f64>() / n;
    let x0 = members.iter().map(|&m| boxes[m].x0).fold(f64::INFINITY, f64::min);
    let x1 = members.iter().map(|&m| boxes[m].x1).fold(f64::NEG_INFINITY, f64::max);

    let mut text = String::new();
    let mut prev: Option<usize> = None;
    let (mut weighted, mut weight) = (0.0f64, 0.0f64);
    let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
    for &m in members {
        let item = items[m];
        if let Some(p) = prev {
            let gap = boxes[m].x0 - boxes[p].x1;
            let left = text.chars().next_back();
            let right = item.text.chars().next();
            if let (Some(l), Some(r)) = (left, right)
                && is_latin_or_digit(l)
                && is_latin_or_digit(r)
                && gap >= config.latin_space_gap * h
            {
                text.push(' ');
            }
        }
        text.push_str(&item.text);
        let w = item.text.chars().count().max(1) as f64;
        weighted += item.confidence as f64 * w;
        weight += w;
        lo = lo.min(item.confidence);
        hi = hi.max(item.confidence);
        prev = Some(m);
    }
    let confidence = if weight > 0.0 {
        ((weighted / weight) as f32).clamp(lo, hi)
    } else {
        0.0
    };
    let (top, bottom) = (cy - h / 2.0, cy + h / 2.0);
    let quad = Quad::new([
        frame.from_frame(Point::new(x0, top)),
        frame.from_frame(Point::new(x1, top)),
        frame.from_frame(Point::new(x1, bottom)),
        frame.from_frame(Point::new(x0, bottom)),
    ]);
    Row {
        members: members.iter().map(|&m| items[m].index).collect(),
        text,
        quad,
        confidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::row_grouping::frame_boxes;

    #[test]
    fn a_row_joins_its_members_text_and_keeps_their_indices() {
        let items = [
            LayoutItem::new(7, Quad::from_rect(0.0, 0.0, 40.0, 20.0), "住址", 90.0),
            LayoutItem::new(3, Quad::from_rect(50.0, 0.0, 100.0, 20.0), "北京市", 60.0),
            LayoutItem::new(5, Quad::from_rect(160.0, 0.0, 60.0, 20.0), "12", 99.0),
            LayoutItem::new(9, Quad::from_rect(230.0, 0.0, 60.0, 20.0), "AB", 99.0),
        ];
        let refs: Vec<_> = items.iter().collect();
        let frame = PageFrame::default();
        let row = merge_row(
            &refs,
            &frame_boxes(&refs, &frame),
            &frame,
            &[0, 1, 2, 3],
            &MergeConfig::default(),
        );
        assert_eq!(row.text, "住址北京市12 AB");
        assert_eq!(row.members, vec![7, 3, 5, 9]);
        assert!(row.confidence >= 60.0 && row.confidence <= 99.0);
    }
}
