//! From OCR lines to an [`IdCard`]: layout, orientation by content, side,
//! fields, cross-checks.

use chrono::NaiveDate;
use ocr_core::TextLine;
use ocr_layout::{LayoutItem, OrientationSource, PageFrame, estimate_frame, rows_in_frame};

use crate::check::confidence::flag_low_confidence;
use crate::check::cross::{check_back, check_front};
use crate::check::fields::{check_address, check_name};
use crate::check::line_length::{check_address_end, check_ethnicity_length, check_name_length};
use crate::check::unread_box::check_unread_continuation;
use crate::model::card::{IdCard, Side};
use crate::model::field_key::FieldKey;
use crate::model::warning::{Warning, WarningCode};
use crate::options::ParseOptions;
use crate::read::back::read_back_fields;
use crate::read::field_boxes::locate_fields;
use crate::read::front::{NumberCandidate, number_candidates, read_front_fields};
use crate::read::rows::{RowText, row_texts};
use crate::read::side::{detect_side, orientation_score};

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
    let rows_in = |frame: &PageFrame| row_texts(&rows_in_frame(&valid, frame, &options.layout.rows), lines);
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

/// Parses one card's OCR lines: the side told from the content (or
/// [`ParseOptions::side`]), every field read and checked.
///
/// More lines than a card can have ([`ParseOptions::max_card_lines`]): an empty
/// card with a [`WarningCode::TooManyLines`] warning (reject).
///
/// [`ParseOptions::max_card_lines`]: crate::ParseOptions::max_card_lines
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
/// // read as a back, the same lines hold no back's fields
/// let as_back = parse(&lines, &ParseOptions::default().with_side(Side::Back));
/// assert!(as_back.issuer.is_none() && as_back.has_warning(idcard::WarningCode::FieldMissing));
/// ```
pub fn parse(lines: &[TextLine], options: &ParseOptions) -> IdCard {
    if let Some(card) = too_many_lines(lines, options.max_card_lines) {
        return card;
    }
    let prepared = prepare(lines, options);
    let mut card = match options.side {
        Some(Side::Back) => read_back(lines, prepared, options),
        Some(Side::Front) => {
            let candidates = number_candidates(&prepared.rows, today(options));
            front_from(lines, prepared, candidates, options)
        }
        None => read_either_side(lines, prepared, options),
    };
    flag_item_box_geometry(lines, &mut card);
    locate_fields(&mut card, lines);
    card
}

/// An empty card with a [`WarningCode::TooManyLines`] warning when there are
/// more than `limit` lines.
fn too_many_lines(lines: &[TextLine], limit: usize) -> Option<IdCard> {
    (lines.len() > limit).then(|| {
        let mut card = IdCard::empty(ocr_layout::PageFrame::default());
        card.warnings.push(Warning::new(
            WarningCode::TooManyLines,
            format!("{} OCR lines; a card has at most {limit}: not parsed", lines.len()),
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

fn read_either_side(lines: &[TextLine], prepared: Prepared, options: &ParseOptions) -> IdCard {
    let candidates = number_candidates(&prepared.rows, today(options));
    let has_number = candidates.iter().any(|c| c.text.chars().count() == 18);
    match detect_side(&prepared.rows, has_number) {
        Some(Side::Front) => front_from(lines, prepared, candidates, options),
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

fn missing(card: &mut IdCard, fields: &[FieldKey]) {
    let states = card.field_states();
    let absent: Vec<&str> = fields
        .iter()
        .filter(|k| states.iter().any(|(key, state)| key == *k && state.is_none()))
        .map(|k| k.as_str())
        .collect();
    if !absent.is_empty() {
        card.warnings.push(Warning::new(
            WarningCode::FieldMissing,
            format!("not found: {}", absent.join(", ")),
        ));
    }
}

fn front_from(
    lines: &[TextLine],
    prepared: Prepared,
    candidates: Vec<NumberCandidate>,
    options: &ParseOptions,
) -> IdCard {
    let mut card = IdCard::empty(prepared.frame);
    card.side = Some(Side::Front);
    read_front_fields(&prepared.rows, lines, candidates, &mut card);
    check_front(&mut card);
    check_name(&mut card);
    check_name_length(&mut card, lines);
    check_address_end(&mut card, lines);
    check_unread_continuation(&mut card, lines);
    check_ethnicity_length(&mut card, lines);
    check_address(&mut card);
    flag_low_confidence(&mut card, &options.confidence);
    missing(&mut card, &FieldKey::FRONT);
    card
}

fn read_back(lines: &[TextLine], prepared: Prepared, options: &ParseOptions) -> IdCard {
    let mut card = IdCard::empty(prepared.frame);
    card.side = Some(Side::Back);
    read_back_fields(&prepared.rows, lines, &prepared.frame, &mut card);
    check_back(&mut card, options.today);
    flag_low_confidence(&mut card, &options.confidence);
    missing(&mut card, &FieldKey::BACK);
    card
}
