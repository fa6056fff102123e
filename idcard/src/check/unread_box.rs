//! A box the recognizer read nothing in, where a value goes on.
//!
//! A detector finds the ink of every line; a recognizer may still read
//! nothing in one of its boxes (a character it cannot place, a single
//! character left alone on a line where the value wraps: `…4单元502` and
//! `室` below it). The value then ends early with no trace in its text,
//! while the empty box stands where the value goes on. Such a box is told
//! by its place, measured on the card in hand (the value's own lines, in
//! its own line height):
//!
//! - on the row of the value's last line, starting within two line heights
//!   after its end (the line's continuation, cut off);
//! - for the address, which wraps, also on the next row below its last
//!   line (within two line heights of it), starting in the address's
//!   columns (between the leftmost start of its lines, less a line height,
//!   and its last line's end).
//!
//! The field is flagged (`field_unusual`, review); nothing is repaired,
//! since nothing was read.

use ocr_core::TextLine;

use crate::check::line_length::{Measured, measure};
use crate::model::card::IdCard;
use crate::model::warning::{Warning, WarningCode};

/// Whether `unread` lies on `last`'s row and starts within two of its
/// heights after its end.
fn continues_row(last: &Measured, unread: &Measured) -> bool {
    (unread.middle - last.middle).abs() < last.height / 2.0
        && unread.start > last.end - last.height / 2.0
        && unread.start < last.end + 2.0 * last.height
}

/// Whether `unread` lies on the row below `last` (its middle half a height
/// to two heights further) and starts between `column_start` less a
/// height and `last`'s end.
fn continues_below(last: &Measured, column_start: f64, unread: &Measured) -> bool {
    let below = unread.middle - last.middle;
    below > last.height / 2.0
        && below < 2.0 * last.height
        && unread.start > column_start - last.height
        && unread.start < last.end
}

/// Flags the name and the address (`field_unusual`, review) when a box read
/// as nothing (no text but spaces) lies where the value goes on: after its
/// last line on its row, or, for the address, on the row below in its
/// columns. The value's last characters may stand in it, unread.
pub(crate) fn check_unread_continuation(card: &mut IdCard, lines: &[TextLine]) {
    let unread: Vec<Measured> = lines
        .iter()
        .filter(|l| l.text.trim().is_empty())
        .filter_map(|l| measure(card, l))
        .collect();
    if unread.is_empty() {
        return;
    }
    // (the field's name in the message, its lines in reading order, whether it wraps)
    let fields = [
        ("name", card.name.as_ref().map(|f| f.lines_in_reading_order()), false),
        (
            "address",
            card.address.as_ref().map(|f| f.lines_in_reading_order()),
            true,
        ),
    ];
    let mut flagged = Vec::new();
    for (field, order, wraps) in fields {
        let Some(order) = order else { continue };
        let boxes: Vec<Measured> = order.iter().filter_map(|&i| measure(card, lines.get(i)?)).collect();
        let (Some(last), Some(column_start)) = (
            order.last().and_then(|&i| measure(card, lines.get(i)?)),
            boxes.iter().map(|b| b.start).min_by(f64::total_cmp),
        ) else {
            continue;
        };
        if unread
            .iter()
            .any(|u| continues_row(&last, u) || (wraps && continues_below(&last, column_start, u)))
        {
            flagged.push(field);
        }
    }
    for field in flagged {
        card.warnings.push(Warning::new(
            WarningCode::FieldUnusual,
            format!("a box read as nothing lies where the {field} goes on: its last characters may be unread"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::test_lines::rect;
    use ocr_core::TextLine;

    use crate::{ParseOptions, WarningCode, parse};

    /// A front whose address wraps after `北京市朝阳区建国路`, with `extra`
    /// boxes added.
    fn front(extra: &[TextLine]) -> crate::IdCard {
        let mut lines = vec![
            rect("姓名张三", 0.0, 0.0, 170.0),
            rect("性别男", 0.0, 60.0, 140.0),
            rect("民族汉", 300.0, 60.0, 140.0),
            rect("出生1949年12月31日", 0.0, 110.0, 350.0),
            rect("住址北京市朝阳区建国路", 0.0, 160.0, 380.0),
            rect("幸福里小区十二号", 110.0, 200.0, 240.0),
            rect("公民身份号码110105194912310038", 0.0, 280.0, 530.0),
        ];
        lines.extend(extra.iter().cloned());
        parse(&lines, &ParseOptions::default())
    }

    fn unread_flagged(card: &crate::IdCard, field: &str) -> bool {
        card.warnings
            .iter()
            .any(|w| w.code == WarningCode::FieldUnusual && w.message.contains(&format!("where the {field} goes on")))
    }

    #[test]
    fn an_empty_box_below_the_address_s_last_line_flags_the_address() {
        // `室` alone on the next row, read as nothing
        for text in ["", " "] {
            let card = front(&[rect(text, 110.0, 240.0, 32.0)]);
            assert!(unread_flagged(&card, "address"), "{:?}", card.warnings);
            assert_eq!(card.status(), crate::CardStatus::Review);
        }
    }

    #[test]
    fn an_empty_box_after_a_value_on_its_row_flags_that_value() {
        let card = front(&[rect("", 360.0, 200.0, 32.0)]);
        assert!(unread_flagged(&card, "address"), "{:?}", card.warnings);
        let card = front(&[rect("", 180.0, 0.0, 32.0)]);
        assert!(unread_flagged(&card, "name"), "{:?}", card.warnings);
        assert!(!unread_flagged(&card, "address"), "{:?}", card.warnings);
    }

    #[test]
    fn an_empty_box_elsewhere_flags_nothing() {
        for (x, y) in [
            // in the photo's place, right of the values
            (600.0, 100.0),
            // two rows below the address, at the number's row
            (110.0, 330.0),
            // before the name's label
            (-200.0, 0.0),
        ] {
            let card = front(&[rect("", x, y, 32.0)]);
            assert!(
                !card.has_warning(WarningCode::FieldUnusual),
                "{x} {y}: {:?}",
                card.warnings
            );
        }
        // and a card without one
        let card = front(&[]);
        assert_eq!(card.status(), crate::CardStatus::Ok, "{:?}", card.warnings);
    }
}
