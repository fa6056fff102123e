//! A character lost from the name, told by its line's length.
//!
//! On the card the labels 姓名, 性别 and 住址 stand in one column and the
//! values start in the next, so a line holding a label and its value is as
//! long as the label, the gap and the value's characters. The sex line
//! (`性别男`) and the address's first line (`住址` + many characters) give the
//! label-and-gap length and the value's character pitch; the name's line
//! then says how many characters it holds. A recognizer that drops a
//! character (a rare one, at either end) leaves its line as long as before.

use ocr_core::TextLine;

use crate::model::card::IdCard;

use crate::model::warning::{Warning, WarningCode};
use crate::read::labels::{ADDRESS, NAME, SEX};
use crate::read::text::is_cjk;
use crate::read::text::kept_chars;

/// Characters of pitch the name's line may hold beyond its name, plus a
/// share per further character (the pitch is an estimate).
const SLACK: f64 = 0.6;
const SLACK_PER_CHARACTER: f64 = 0.05;

/// Flags the name (`field_unusual`, review) when its line is longer than
/// its characters account for.
pub(crate) fn check_name_length(card: &mut IdCard, lines: &[TextLine]) {
    if let Some(excess) = name_line_excess(card, lines) {
        let name_width = card.name.as_ref().map_or(0.0, |n| value_width(n.value.reveal()));
        if excess >= SLACK + SLACK_PER_CHARACTER * (name_width - 1.0).max(0.0) {
            card.warnings.push(Warning::new(
                WarningCode::FieldUnusual,
                "the name's line is longer than its characters (measured against the sex and address lines): a character may be lost",
            ));
        }
    }
}

/// How many characters of pitch the name's line holds beyond its name;
/// `None` unless the name, the sex and the address's first line were each
/// read on one line together with their full label.
fn name_line_excess(card: &IdCard, lines: &[TextLine]) -> Option<f64> {
    let name = card.name.as_ref()?;
    let [name_line] = name.lines[..] else { return None };
    let length = |i: usize| -> Option<f64> {
        let polygon = lines.get(i)?.polygon?;
        Some(card.frame.quad_to_frame(&polygon).bounding_box().width)
    };
    let with_label = |i: usize, label: &[char]| -> Option<Vec<char>> {
        let chars = kept_chars(&lines.get(i)?.text);
        chars.starts_with(label).then(|| chars[label.len()..].to_vec())
    };
    let name_value = with_label(name_line, NAME.text)?;
    if name_value.iter().collect::<String>() != *name.value.reveal() {
        return None;
    }
    let sex_line = (0..lines.len()).find(|&i| with_label(i, SEX.text).is_some_and(|v| v.len() == 1))?;
    let (address_line, address_width) = (0..lines.len()).find_map(|i| {
        let value = with_label(i, ADDRESS.text)?;
        let width = value_width(&value.iter().collect::<String>());
        (width >= 4.0).then_some((i, width))
    })?;
    let sex_length = length(sex_line)?;
    let pitch = (length(address_line)? - sex_length) / (address_width - 1.0);
    if pitch.is_nan() || pitch <= 0.0 {
        return None;
    }
    let held = 1.0 + (length(name_line)? - sex_length) / pitch;
    Some(held - value_width(name.value.reveal()))
}

/// A value's width in characters: Han characters and `·` are one each;
/// digits, letters and punctuation about half (0.55).
fn value_width(value: &str) -> f64 {
    value
        .chars()
        .map(|c| if is_cjk(c) || c == '·' { 1.0 } else { 0.55 })
        .sum()
}

#[cfg(test)]
mod tests {
    use ocr_core::{Quad, TextLine};

    use crate::{ParseOptions, WarningCode, parse};

    /// A front drawn to the card's column layout: a label and its gap take
    /// 110 px, each value character 30 px (a digit 16.5 px); the name's line
    /// is drawn `name_chars` characters long whatever its text.
    fn front(name_line: &str, name_chars: f64) -> crate::IdCard {
        let line = |text: &str, y: f64, value_chars: f64| {
            TextLine::new(text, 99.0).with_polygon(Quad::from_rect(0.0, y, 110.0 + 30.0 * value_chars, 30.0))
        };
        let lines = vec![
            line(name_line, 0.0, name_chars),
            line("性别男", 50.0, 1.0),
            line("民族汉", 50.0, 1.0).with_polygon(Quad::from_rect(220.0, 50.0, 140.0, 30.0)),
            line("出生1949年12月31日", 100.0, 8.0),
            line("住址北京市朝阳区建国路1号", 150.0, 10.55),
            line("公民身份号码110105194912310038", 250.0, 14.0),
        ];
        parse(&lines, &ParseOptions::default())
    }

    #[test]
    fn a_name_line_as_long_as_its_name_is_not_flagged() {
        for (text, chars) in [("姓名张三", 2.0), ("姓名欧阳娜娜", 4.0), ("姓名阿依达娜·库尔班", 8.0)]
        {
            let card = front(text, chars);
            assert!(
                !card.has_warning(WarningCode::FieldUnusual),
                "{text}: {:?}",
                card.warnings
            );
        }
    }

    #[test]
    fn a_name_line_a_character_longer_than_its_name_is_for_review() {
        // 张三丰 read as 张三: the line still spans three characters
        let card = front("姓名张三", 3.0);
        assert!(card.has_warning(WarningCode::FieldUnusual), "{:?}", card.warnings);
        assert_eq!(card.status(), crate::CardStatus::Review);
    }

    #[test]
    fn without_a_sex_line_of_its_own_nothing_is_concluded() {
        let lines = vec![
            TextLine::new("姓名张三", 99.0).with_polygon(Quad::from_rect(0.0, 0.0, 200.0, 30.0)),
            TextLine::new("性别男民族汉", 99.0).with_polygon(Quad::from_rect(0.0, 50.0, 360.0, 30.0)),
            TextLine::new("出生1949年12月31日", 99.0).with_polygon(Quad::from_rect(0.0, 100.0, 350.0, 30.0)),
            TextLine::new("住址北京市朝阳区建国路1号", 99.0).with_polygon(Quad::from_rect(0.0, 150.0, 426.5, 30.0)),
            TextLine::new("公民身份号码110105194912310038", 99.0)
                .with_polygon(Quad::from_rect(0.0, 250.0, 530.0, 30.0)),
        ];
        let card = parse(&lines, &ParseOptions::default());
        assert!(!card.has_warning(WarningCode::FieldUnusual), "{:?}", card.warnings);
    }
}
