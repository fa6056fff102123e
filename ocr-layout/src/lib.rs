//! # ocr-layout
//!
//! Rows and reading order from OCR text polygons. Generic: it knows nothing
//! of ID cards and works for any form or page.
//!
//! The usual recipe — sort boxes by their first vertex's y and swap
//! neighbours within a fixed 10 px — puts labels after their values,
//! interleaves rows on a 3° tilt and breaks multi-line blocks. This crate
//! works in the page's own frame instead:
//!
//! | stage | function | what it does |
//! |---|---|---|
//! | 0 | [`validate_items`] | drops NaN, zero-area and self-intersecting quads ([`Skipped`]) |
//! | 0b | [`split_documents`] | a page's fragments split into documents (cards, forms side by side) by the gaps between them, with the caller's veto |
//! | 1 | [`estimate_frame`] | page orientation (0/90/180/270) and skew → [`PageFrame`] |
//! | 2, 3 | [`rows_in_frame`] | rows by vertical overlap with a running band, split at column gaps, in reading order: each row's members with their extent along the row ([`RowMember`]) |
//! | 4 | (in [`layout`]) | one [`Row`] per row: joined text, merged polygon, confidence, member indices |
//!
//! [`layout`] runs them all; a parser that reads its own fields from the
//! rows (and may try a second frame, say the page turned over) takes
//! stages 0–3: [`validate_items`], [`estimate_frame`], [`rows_in_frame`]. Every threshold is relative to the median text
//! height, so the result does not change when the page is translated,
//! scaled or rotated, nor when the input is permuted.
//!
//! # Examples
//!
//! ```
//! use ocr_core::{Point, Quad};
//! use ocr_layout::{LayoutConfig, LayoutItem, layout};
//!
//! // a page tilted by 5°, value listed before its label
//! let tilt = 5f64.to_radians();
//! let rot = |x: f64, y: f64| Point::new(x * tilt.cos() - y * tilt.sin(), x * tilt.sin() + y * tilt.cos());
//! let rect = |x: f64, y: f64, w: f64| Quad::new([rot(x, y), rot(x + w, y), rot(x + w, y + 30.0), rot(x, y + 30.0)]);
//! let items = vec![
//!     LayoutItem::new(0, rect(300.0, 100.0, 500.0), "530402198811012844", 99.0),
//!     LayoutItem::new(1, rect(0.0, 0.0, 120.0), "姓名", 99.0),
//!     LayoutItem::new(2, rect(140.0, 0.0, 100.0), "罗芳", 98.0),
//!     LayoutItem::new(3, rect(0.0, 100.0, 250.0), "公民身份号码", 99.0),
//! ];
//! let page = layout(&items, &LayoutConfig::default());
//! let rows: Vec<&str> = page.rows.iter().map(|r| r.text.as_str()).collect();
//! assert_eq!(rows, ["姓名罗芳", "公民身份号码530402198811012844"]);
//! assert_eq!(page.rows[1].members, vec![3, 0]);
//! assert!((page.frame.skew_degrees - 5.0).abs() < 1e-6);
//! ```
#![deny(missing_docs)]

mod document_split;
mod item;
mod page_frame;
mod row_grouping;
mod row_merging;

pub use document_split::{SplitConfig, split_documents};
pub use item::{LayoutItem, SkipReason, Skipped, check_quad, validate_items};
pub use page_frame::{Orientation, OrientationConfig, OrientationSource, PageFrame, estimate_frame};
pub use row_grouping::RowConfig;
pub use row_merging::{MergeConfig, Row};

use row_grouping::{frame_boxes, group_rows};
use row_merging::merge_row;

use ocr_core::TextLine;
use serde::Serialize;

/// Settings for every stage; `Default` suits printed forms and cards.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct LayoutConfig {
    /// Stage 1.
    pub orientation: OrientationConfig,
    /// Stages 2 and 3.
    pub rows: RowConfig,
    /// Stage 4.
    pub merge: MergeConfig,
}

/// The result of [`layout`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    /// The page frame the rows were built in.
    pub frame: PageFrame,
    /// Rows in reading order.
    pub rows: Vec<Row>,
    /// Input fragments that were left out, and why.
    pub skipped: Vec<Skipped>,
}

/// Runs every stage: validate, estimate the frame, group, merge.
///
/// Empty input gives an empty layout. Every input index ends up in exactly
/// one row or in `skipped`.
pub fn layout(items: &[LayoutItem], config: &LayoutConfig) -> Layout {
    let (valid, skipped) = validate_items(items);
    let frame = estimate_frame(&valid, &config.orientation);
    layout_valid(&valid, skipped, frame, config)
}

/// Like [`layout`] but in a frame the caller chose, e.g. [`PageFrame::flipped`]
/// when content shows the page is upside down.
pub fn layout_in_frame(items: &[LayoutItem], frame: PageFrame, config: &LayoutConfig) -> Layout {
    let (valid, skipped) = validate_items(items);
    layout_valid(&valid, skipped, frame, config)
}

/// [`layout`] over OCR lines; lines without a polygon are skipped.
///
/// ```
/// use ocr_core::{Quad, TextLine};
/// use ocr_layout::{LayoutConfig, layout_lines};
/// let lines = vec![
///     TextLine::new("world", 99.0).with_polygon(Quad::from_rect(80.0, 0.0, 60.0, 20.0)),
///     TextLine::new("hello", 99.0).with_polygon(Quad::from_rect(0.0, 0.0, 60.0, 20.0)),
/// ];
/// assert_eq!(layout_lines(&lines, &LayoutConfig::default()).rows[0].text, "hello world");
/// ```
pub fn layout_lines(lines: &[TextLine], config: &LayoutConfig) -> Layout {
    let (items, mut no_polygon) = LayoutItem::from_lines(lines);
    let mut result = layout(&items, config);
    result.skipped.append(&mut no_polygon);
    result.skipped.sort_by_key(|s| s.index);
    result
}

/// One fragment's place in a row: its index (as in
/// [`LayoutItem::index`]) and its extent along the row, in the page frame.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RowMember {
    /// The fragment's index in the caller's list.
    pub index: usize,
    /// Where it starts along the row (frame x).
    pub x0: f64,
    /// Where it ends along the row (frame x).
    pub x1: f64,
}

/// Stages 2 and 3 alone: the rows of `items` (already validated) in
/// `frame`, in reading order, each as its members from left to right with
/// their extent along the row.
///
/// ```
/// use ocr_core::Quad;
/// use ocr_layout::{LayoutItem, OrientationConfig, RowConfig, estimate_frame, rows_in_frame, validate_items};
/// let items = vec![
///     LayoutItem::new(0, Quad::from_rect(140.0, 0.0, 100.0, 30.0), "罗芳", 98.0),
///     LayoutItem::new(1, Quad::from_rect(0.0, 0.0, 120.0, 30.0), "姓名", 99.0),
///     LayoutItem::new(2, Quad::from_rect(0.0, 100.0, 250.0, 30.0), "公民身份号码", 99.0),
/// ];
/// let (valid, _) = validate_items(&items);
/// let frame = estimate_frame(&valid, &OrientationConfig::default());
/// let rows = rows_in_frame(&valid, &frame, &RowConfig::default());
/// let indices: Vec<Vec<usize>> = rows.iter().map(|r| r.iter().map(|m| m.index).collect()).collect();
/// assert_eq!(indices, [vec![1, 0], vec![2]]);
/// assert_eq!((rows[0][0].x0, rows[0][0].x1), (0.0, 120.0));
/// ```
pub fn rows_in_frame(items: &[&LayoutItem], frame: &PageFrame, config: &RowConfig) -> Vec<Vec<RowMember>> {
    let boxes = frame_boxes(items, frame);
    group_rows(items, &boxes, config)
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|p| RowMember {
                    index: items[p].index,
                    x0: boxes[p].x0,
                    x1: boxes[p].x1,
                })
                .collect()
        })
        .collect()
}

fn layout_valid(valid: &[&LayoutItem], mut skipped: Vec<Skipped>, frame: PageFrame, config: &LayoutConfig) -> Layout {
    let boxes = frame_boxes(valid, &frame);
    let rows = group_rows(valid, &boxes, &config.rows)
        .iter()
        .map(|members| merge_row(valid, &boxes, &frame, members, &config.merge))
        .collect();
    skipped.sort_by_key(|s| s.index);
    Layout { frame, rows, skipped }
}
