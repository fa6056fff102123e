//! From OCR lines to an [`IdCard`]: layout, orientation by content, side,
//! fields, cross-checks.

use chrono::NaiveDate;
use ocr_core::TextLine;
use ocr_layout::{LayoutConfig, LayoutItem, OrientationSource, PageFrame, estimate_frame, frame_boxes, group_rows};

use crate::back;
use crate::card::{IdCard, Side, Warning, WarningCode};
use crate::checks::{check_back, check_front};
use crate::field_boxes::locate_fields;
use crate::field_checks::{check_address, check_name, flag_low_confidence};
use crate::front::{self, NumberCandidate, number_candidates};
use crate::name_length::check_name_length;
use crate::rows::{RowMember, RowText, row_texts};
use crate::side::{detect_side, orientation_score};

/// Settings for parsing.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ParseOptions {
    /// The date to check expiry against (no expiry check when `None`), and
    /// the limit for birth dates in ID numbers (today when `None`).
    pub today: Option<NaiveDate>,
    /// Layout settings.
    pub layout: LayoutConfig,
}

impl ParseOptions {
    /// Options that check expiry (and birth dates) against `today`.
    pub fn on(today: NaiveDate) -> Self {
        Self {
            today: Some(today),
            ..Self::default()
        }
    }
}

/// An orientation score above this (two labels leading their rows, say)
/// settles the direction.
const CLEARLY_UPRIGHT: i32 = 3;

struct Prepared {
    rows: Vec<RowText>,
    frame: ocr_layout::PageFrame,
}

/// Lays the lines out in the estimated frame and in its flip, and keeps the
/// one whose content reads better (labels first in their rows, in printed
/// order). Geometry alone cannot tell a page from the same page upside
/// down when the engine's vertex order is not text-aware.
fn prepare(lines: &[TextLine], options: &ParseOptions) -> Prepared {
    let (items, _) = LayoutItem::from_lines(lines);
    let (valid, _) = ocr_layout::validate_items(&items);
    let frame = estimate_frame(&valid, &options.layout.orientation);
    // only the rows' members are needed: stages 1-3 of the layout, no merging
    let rows_in = |frame: &PageFrame| {
        let boxes = frame_boxes(&valid, frame);
        let groups: Vec<Vec<RowMember>> = group_rows(&valid, &boxes, &options.layout.rows)
            .into_iter()
            .map(|g| {
                g.into_iter()
                    .map(|p| RowMember {
                        line: valid[p].index,
                        x0: boxes[p].x0,
                        x1: boxes[p].x1,
                    })
                    .collect()
            })
            .collect();
        row_texts(&groups, lines)
    };
    let rows = rows_in(&frame);
    if frame.source == OrientationSource::Fixed {
        return Prepared { rows, frame };
    }
    // Turning a page over reverses its rows and each row's fragments, so the
    // score of the flip is about minus this one: a clearly positive score
    // needs no second layout.
    let score = orientation_score(&rows);
    if score > CLEARLY_UPRIGHT {
        return Prepared { rows, frame };
    }
    let flipped_frame = frame.flipped();
    let flipped_rows = rows_in(&flipped_frame);
    if orientation_score(&flipped_rows) > score {
        Prepared {
            rows: flipped_rows,
            frame: flipped_frame,
        }
    } else {
        Prepared { rows, frame }
    }
}

fn today(options: &ParseOptions) -> NaiveDate {
    options.today.unwrap_or_else(|| chrono::Utc::now().date_naive())
}

/// Parses OCR lines of either side, telling the side from the content.
///
/// # Examples
///
/// ```
/// use ocr_core::{Quad, TextLine};
/// use idcard::{ParseOptions, Side, parse};
/// let row = |text: &str, y: f64| TextLine::new(text, 99.0).with_polygon(Quad::from_rect(0.0, y, 400.0, 30.0));
/// let lines = vec![
///     row("姓名张三", 0.0),
///     row("性别男民族汉", 50.0),
///     row("出生1949年12月31日", 100.0),
///     row("住址北京市朝阳区建国路1号", 150.0),
///     row("公民身份号码110105194912310038", 250.0),
/// ];
/// let card = parse(&lines, &ParseOptions::default());
/// assert_eq!(card.side, Some(Side::Front));
/// assert_eq!(card.name.as_ref().unwrap().value.reveal(), "张三");
/// assert!(card.valid_id_number().is_some());
/// assert!(card.warnings.is_empty(), "{:?}", card.warnings);
/// ```
pub fn parse(lines: &[TextLine], options: &ParseOptions) -> IdCard {
    if let Some(card) = too_many_lines(lines) {
        return card;
    }
    let mut card = parse_any_side(lines, options);
    flag_item_box_geometry(lines, &mut card);
    locate_fields(&mut card, lines);
    card
}

/// The most OCR lines a card parse considers. A card side has fewer than
/// 40; a photo with some background text stays well under this. Beyond
/// it, [`parse`] returns an empty card with a [`WarningCode::TooManyLines`]
/// warning (severity reject) instead of laying out a page that is no card,
/// and [`crate::CardReader::read`] fails with [`crate::Error::TooManyLines`].
pub const MAX_CARD_LINES: usize = 300;

/// An empty card with a [`WarningCode::TooManyLines`] warning when there are
/// more than [`MAX_CARD_LINES`] lines.
fn too_many_lines(lines: &[TextLine]) -> Option<IdCard> {
    (lines.len() > MAX_CARD_LINES).then(|| {
        let mut card = IdCard::empty(ocr_layout::PageFrame::default());
        card.warnings.push(Warning::new(
            WarningCode::TooManyLines,
            format!(
                "{} OCR lines; a card has at most {MAX_CARD_LINES}: not parsed",
                lines.len()
            ),
        ));
        card
    })
}

/// Lines that came with only their axis-aligned `itemPolygon` were laid out
/// by it: rows may merge or split on a tilted card, so the card needs review.
fn flag_item_box_geometry(lines: &[TextLine], card: &mut IdCard) {
    if lines.iter().any(|l| l.polygon.is_none() && l.item_box.is_some()) {
        card.warnings.push(Warning::new(
            WarningCode::GeometryFromItemBoxes,
            "some lines had no polygon; their axis-aligned itemPolygon boxes were used for the layout",
        ));
    }
}

fn parse_any_side(lines: &[TextLine], options: &ParseOptions) -> IdCard {
    let prepared = prepare(lines, options);
    let today = today(options);
    let candidates = number_candidates(&prepared.rows, today);
    let has_number = candidates.iter().any(|c| c.text.chars().count() == 18);
    match detect_side(&prepared.rows, has_number) {
        Some(Side::Front) => front_from(lines, prepared, candidates),
        Some(Side::Back) => read_back(lines, prepared, options),
        None => {
            let mut card = IdCard::empty(prepared.frame);
            card.warnings.push(Warning::new(
                WarningCode::SideUnknown,
                "no ID-card label and no ID number found",
            ));
            card
        }
    }
}

/// Parses OCR lines as the front (人像面).
pub fn parse_front(lines: &[TextLine], options: &ParseOptions) -> IdCard {
    if let Some(card) = too_many_lines(lines) {
        return card;
    }
    let prepared = prepare(lines, options);
    let today = today(options);
    let candidates = number_candidates(&prepared.rows, today);
    let mut card = front_from(lines, prepared, candidates);
    flag_item_box_geometry(lines, &mut card);
    locate_fields(&mut card, lines);
    card
}

/// Parses OCR lines as the back (国徽面).
pub fn parse_back(lines: &[TextLine], options: &ParseOptions) -> IdCard {
    if let Some(card) = too_many_lines(lines) {
        return card;
    }
    let mut card = read_back(lines, prepare(lines, options), options);
    flag_item_box_geometry(lines, &mut card);
    locate_fields(&mut card, lines);
    card
}

fn missing(card: &mut IdCard, fields: &[(&str, bool)]) {
    let absent: Vec<&str> = fields.iter().filter(|(_, present)| !present).map(|(n, _)| *n).collect();
    if !absent.is_empty() {
        card.warnings.push(Warning::new(
            WarningCode::FieldMissing,
            format!("not found: {}", absent.join(", ")),
        ));
    }
}

fn front_from(lines: &[TextLine], prepared: Prepared, candidates: Vec<NumberCandidate>) -> IdCard {
    let mut card = IdCard::empty(prepared.frame);
    card.side = Some(Side::Front);
    front::parse_front(&prepared.rows, lines, candidates, &mut card);
    check_front(&mut card);
    check_name(&mut card);
    check_name_length(&mut card, lines);
    check_address(&mut card);
    flag_low_confidence(&mut card);
    let present = [
        ("name", card.name.is_some()),
        ("sex", card.sex.is_some()),
        ("ethnicity", card.ethnicity.is_some()),
        ("birth_date", card.birth_date.is_some()),
        ("address", card.address.is_some()),
        ("id_number", card.id_number.is_some()),
    ];
    missing(&mut card, &present);
    card
}

fn read_back(lines: &[TextLine], prepared: Prepared, options: &ParseOptions) -> IdCard {
    let mut card = IdCard::empty(prepared.frame);
    card.side = Some(Side::Back);
    back::parse_back(&prepared.rows, lines, &mut card);
    check_back(&mut card, options.today);
    flag_low_confidence(&mut card);
    let present = [("issuer", card.issuer.is_some()), ("validity", card.validity.is_some())];
    missing(&mut card, &present);
    card
}
