//! Checks that every value can be its field, and that a field read from a
//! doubtful OCR line is flagged: never a silent wrong value.
//!
//! Each rule is general (no corpus card in it) and has its own unit test on
//! synthetic lines.

use crate::model::card::{Field, IdCard};

use crate::model::warning::{Warning, WarningCode};
use crate::number::region::division_prefix_len;

/// Label words of the front: a name containing one is a label misread into
/// the value (`姓名`, `年月` of 出生…年…月, …).
const LABEL_WORDS: [&str; 12] = [
    "姓名", "性别", "民族", "出生", "住址", "公民", "身份", "号码", "年月", "月日", "签发", "有效",
];

/// The name's shape: 1–4 Han characters, or `·`-joined transliterated parts.
/// A name with a label word, or read from a row another field was read
/// from, cannot be the name: it is dropped (`field_rejected`). One
/// character, or five and more without `·`, is possible but rare: review
/// (`field_unusual`).
pub(crate) fn check_name(card: &mut IdCard) {
    let Some(name) = &card.name else { return };
    let value = name.value.reveal();
    let shares_row = other_field_rows(card).iter().any(|r| name.rows.contains(r));
    if LABEL_WORDS.iter().any(|w| value.contains(w)) || shares_row {
        card.name = None;
        card.warnings.push(Warning::new(
            WarningCode::FieldRejected,
            "the text read as the name cannot be a name (a label word, or another field's row); dropped",
        ));
        return;
    }
    let chars = value.chars().filter(|&c| c != '·').count();
    if chars == 1 || (chars >= 5 && !value.contains('·')) {
        card.warnings.push(Warning::new(
            WarningCode::FieldUnusual,
            "the name has an unusual length for a Chinese name (1, or 5 and more without ·): a character may be lost or a separator missed",
        ));
    }
}

fn other_field_rows(card: &IdCard) -> Vec<usize> {
    fn rows<T>(f: &Option<Field<T>>) -> &[usize] {
        f.as_ref().map_or(&[], |f| f.rows.as_slice())
    }
    [
        rows(&card.sex),
        rows(&card.ethnicity),
        rows(&card.birth_date),
        rows(&card.address),
        rows(&card.id_number),
    ]
    .concat()
}

/// The address's shape, three rules; each failure is `field_unusual`
/// (review):
/// - it starts with a division's name (the province or municipality),
///   otherwise its start may be lost;
/// - a trailing number is a room number after a building or unit mark
///   (`3幢425`, `2单元301`); any other bare trailing number (`14队70`) has
///   probably lost its `号` or `室`. After a building, block, unit or
///   entrance a room number is a floor and a two-digit door (`3幢402`,
///   `2单元1201`): one of one or two digits (`3幢42`) has probably lost
///   its last digit;
/// - a village (`…村`) right after the divisions lies in a township: the
///   text before `村` names one (`乡`, `镇`, `街道`, …) or is a street
///   address (`…号`, `…路`); four characters or more without either have
///   probably lost the township's mark (`大河团结村` for `大河乡团结村`).
///   Shorter place names with `村` in them (`中关村`) are left alone;
/// - it holds no character that place names almost never use but that is
///   a common misread of one they use often (`士` for `土`: `黄士岗镇`).
pub(crate) fn check_address(card: &mut IdCard) {
    let Some(address) = &card.address else { return };
    let chars: Vec<char> = address.value.reveal().chars().collect();
    let misread = chars
        .iter()
        .find_map(|c| PLACE_NAME_MISREADS.iter().find(|(misread, _)| misread == c));
    let problem = if division_prefix_len(&chars).is_none() {
        Some("the address does not start with a province or municipality: its start may be lost".to_owned())
    } else if ends_in_bare_number(&chars) {
        Some(
            "the address ends in a number that is not a room number after a building: its last character may be lost"
                .to_owned(),
        )
    } else if village_without_township(&chars) {
        Some("the address names a village but no township before it: a character may be lost".to_owned())
    } else {
        misread.map(|(misread, common)| {
            format!("the address holds {misread}, rare in place names and a common misread of {common}")
        })
    };
    if let Some(problem) = problem {
        card.warnings.push(Warning::new(WarningCode::FieldUnusual, problem));
    }
}

/// Characters rare in Chinese place names, each with the common one it is
/// a look-alike of: OCR reads `土` (earth: 黄土岗, 土城) as `士`.
const PLACE_NAME_MISREADS: [(char, char); 1] = [('士', '土')];

/// Marks after which a bare number is a room number: building, block,
/// floor, unit, entrance.
const ROOM_NUMBER_MARKS: [char; 7] = ['幢', '栋', '楼', '座', '层', '元', '门'];

/// Of those, the marks after which a room number is a floor and a
/// two-digit door: three digits or more.
const FLOOR_AND_DOOR_MARKS: [char; 5] = ['幢', '栋', '座', '元', '门'];

fn ends_in_bare_number(chars: &[char]) -> bool {
    let digits = chars.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || chars.len() <= digits {
        return false;
    }
    let mark = chars[chars.len() - digits - 1];
    !ROOM_NUMBER_MARKS.contains(&mark) || (FLOOR_AND_DOOR_MARKS.contains(&mark) && digits < 3)
}

/// Township-level units and what marks a street address.
const TOWNSHIP_MARKS: [&str; 6] = ["乡", "镇", "街道", "办事处", "苏木", "农场"];
const STREET_MARKS: [char; 5] = ['号', '路', '街', '道', '巷'];

fn village_without_township(chars: &[char]) -> bool {
    let mut end = 0;
    while let Some(n) = division_prefix_len(&chars[end..]) {
        end += n;
    }
    let Some(village) = chars[end..].iter().position(|&c| c == '村') else {
        return false;
    };
    let before: String = chars[end..end + village].iter().collect();
    village >= 4 && !TOWNSHIP_MARKS.iter().any(|m| before.contains(m)) && !before.contains(STREET_MARKS)
}

#[cfg(test)]
mod tests {
    use crate::options::ParseOptions;
    use crate::parse::parse;
    use crate::{CardStatus, WarningCode};
    use ocr_core::{Quad, TextLine};

    fn card(rows: &[(&str, f32)]) -> crate::IdCard {
        let lines: Vec<TextLine> = rows
            .iter()
            .enumerate()
            .map(|(i, (t, c))| TextLine::new(*t, *c).with_polygon(Quad::from_rect(0.0, i as f64 * 50.0, 500.0, 30.0)))
            .collect();
        parse(&lines, &ParseOptions::default())
    }

    fn front(name: &str, name_conf: f32, address: &str, address_conf: f32) -> crate::IdCard {
        card(&[
            (name, name_conf),
            ("性别男民族汉", 99.0),
            ("出生1949年12月31日", 99.0),
            (address, address_conf),
            ("公民身份号码110105194912310038", 99.0),
        ])
    }

    /// A front whose name line has glyphs of these confidences.
    fn front_with_name_glyphs(name: &str, line_conf: f32, glyph_confs: &[f32]) -> crate::IdCard {
        let n = glyph_confs.len() as f32;
        let glyphs = glyph_confs
            .iter()
            .enumerate()
            .map(|(i, &c)| ocr_core::Glyph::new(c, (i as f32 + 0.5) / n))
            .collect();
        let mut lines: Vec<TextLine> = [
            (name, line_conf),
            ("性别男民族汉", 99.0),
            ("出生1949年12月31日", 99.0),
            ("住址北京市朝阳区建国路1号", 99.0),
            ("公民身份号码110105194912310038", 99.0),
        ]
        .iter()
        .enumerate()
        .map(|(i, (t, c))| TextLine::new(*t, *c).with_polygon(Quad::from_rect(0.0, i as f64 * 50.0, 500.0, 30.0)))
        .collect();
        // the name's line as long as its characters, one line height each
        let width = 30.0 * name.chars().count() as f64;
        lines[0] = TextLine::new(name, line_conf)
            .with_polygon(Quad::from_rect(0.0, 0.0, width, 30.0))
            .with_glyphs(glyphs);
        parse(&lines, &ParseOptions::default())
    }

    /// A front whose name line (`姓名` + the name) has its glyphs at the
    /// given centres, in line heights from the line's start (30 px each).
    fn front_with_glyph_places(name: &str, places: &[f64]) -> crate::IdCard {
        let text = format!("姓名{name}");
        let width = 30.0 * (places.last().copied().unwrap_or(0.0) + 0.5);
        let glyphs = places
            .iter()
            .map(|&p| ocr_core::Glyph::new(99.0, (30.0 * p / width) as f32))
            .collect();
        let mut lines = vec![
            TextLine::new(&text, 99.0)
                .with_polygon(Quad::from_rect(0.0, 0.0, width, 30.0))
                .with_glyphs(glyphs),
        ];
        for (i, t) in [
            "性别男民族汉",
            "出生1949年12月31日",
            "住址北京市朝阳区建国路1号",
            "公民身份号码110105194912310038",
        ]
        .iter()
        .enumerate()
        {
            lines.push(TextLine::new(*t, 99.0).with_polygon(Quad::from_rect(0.0, (i + 1) as f64 * 50.0, 500.0, 30.0)));
        }
        parse(&lines, &ParseOptions::default())
    }

    #[test]
    fn a_gap_of_a_character_between_two_of_the_name_s_characters_needs_review() {
        // label 姓名 set wide, then the name at one line height per character
        let even = front_with_glyph_places("张三丰", &[0.5, 2.0, 3.5, 4.5, 5.5]);
        assert!(!even.has_warning(WarningCode::FieldUnusual), "{:?}", even.warnings);
        // 张 ? 丰: the middle character not read, its place left empty
        let gap = front_with_glyph_places("张丰", &[0.5, 2.0, 3.5, 5.5]);
        assert!(gap.has_warning(WarningCode::FieldUnusual), "{:?}", gap.warnings);
        let gap3 = front_with_glyph_places("张三丰", &[0.5, 2.0, 3.5, 4.5, 6.5]);
        assert!(gap3.has_warning(WarningCode::FieldUnusual), "{:?}", gap3.warnings);
        // two characters at their usual advance
        let two = front_with_glyph_places("张三", &[0.5, 2.0, 3.5, 4.5]);
        assert!(!two.has_warning(WarningCode::FieldUnusual), "{:?}", two.warnings);
    }

    #[test]
    fn with_glyphs_the_name_is_judged_by_its_own_characters() {
        // a badly read label drags the line down; the name itself is sure
        let sure = front_with_name_glyphs("姓名张三", 80.0, &[40.0, 50.0, 99.0, 99.0]);
        assert_eq!(sure.name.as_ref().unwrap().characters_confidence, Some(99.0));
        assert_eq!(sure.status(), CardStatus::Ok, "{:?}", sure.warnings);
        // a sure line around a doubtful name character
        let doubtful = front_with_name_glyphs("姓名张三", 92.0, &[99.0, 99.0, 99.0, 60.0]);
        assert!(
            doubtful.has_warning(WarningCode::LowConfidence),
            "{:?}",
            doubtful.warnings
        );
    }

    #[test]
    fn a_clean_front_is_ok() {
        let c = front("姓名张三", 99.0, "住址北京市朝阳区建国路1号", 99.0);
        assert_eq!(c.status(), CardStatus::Ok, "{:?}", c.warnings);
    }

    #[test]
    fn a_name_under_its_threshold_needs_review() {
        let c = front("姓名张三", 85.0, "住址北京市朝阳区建国路1号", 99.0);
        assert!(c.has_warning(WarningCode::LowConfidence));
        assert_eq!(c.status(), CardStatus::Review);
    }

    #[test]
    fn an_address_under_its_threshold_needs_review() {
        let c = front("姓名张三", 99.0, "住址北京市朝阳区建国路1号", 80.0);
        assert!(c.has_warning(WarningCode::LowConfidence));
    }

    #[test]
    fn a_name_with_a_label_word_is_dropped() {
        let c = front("姓名年月", 99.0, "住址北京市朝阳区建国路1号", 99.0);
        assert!(c.name.is_none());
        assert!(c.has_warning(WarningCode::FieldRejected));
        assert_eq!(c.status(), CardStatus::Review);
    }

    #[test]
    fn a_one_character_or_five_character_undotted_name_needs_review() {
        for name in ["姓名张", "姓名再努尔艾力"] {
            let c = front(name, 99.0, "住址北京市朝阳区建国路1号", 99.0);
            assert!(c.has_warning(WarningCode::FieldUnusual), "{name}");
        }
        let c = front("姓名再努尔·艾力", 99.0, "住址北京市朝阳区建国路1号", 99.0);
        assert!(!c.has_warning(WarningCode::FieldUnusual));
    }

    #[test]
    fn an_address_ending_in_a_bare_number_is_usual() {
        let c = front("姓名张三", 99.0, "住址北京市朝阳区建国路12号院3幢425", 99.0);
        assert!(!c.has_warning(WarningCode::FieldUnusual));
    }

    #[test]
    fn an_address_ending_in_a_bare_number_after_no_building_needs_review() {
        for address in [
            "住址四川省成都市武侯区红星村14队70",
            "住址北京市朝阳区建国路12",
            // 3幢425 and 2单元301 with their last digit lost
            "住址北京市朝阳区建国路12号院3幢42",
            "住址北京市朝阳区建国路12号2单元30",
        ] {
            let c = front("姓名张三", 99.0, address, 99.0);
            assert!(c.has_warning(WarningCode::FieldUnusual), "{address}");
        }
        for address in [
            "住址北京市朝阳区建国路12号2单元301",
            "住址北京市朝阳区建国路1号楼5门851号",
            "住址北京市朝阳区建国路12号院3幢1201",
            // after a floor the door alone
            "住址北京市朝阳区建国路12号院3层5",
        ] {
            let c = front("姓名张三", 99.0, address, 99.0);
            assert!(!c.has_warning(WarningCode::FieldUnusual), "{address}");
        }
    }

    #[test]
    fn a_place_name_misread_needs_review() {
        let c = front("姓名张三", 99.0, "住址河南省郑州市中牟县黄士岗镇西沟村一组18号", 99.0);
        assert!(c.has_warning(WarningCode::FieldUnusual));
        let c = front("姓名张三", 99.0, "住址河南省郑州市中牟县黄土岗镇西沟村一组18号", 99.0);
        assert!(!c.has_warning(WarningCode::FieldUnusual));
    }

    #[test]
    fn a_village_without_a_township_needs_review() {
        let c = front(
            "姓名张三",
            99.0,
            "住址河南省焦作市博爱县大河团结村委会小河村民组76号",
            99.0,
        );
        assert!(c.has_warning(WarningCode::FieldUnusual));
        for address in [
            "住址河南省焦作市博爱县大河乡团结村委会小河村民组76号",
            "住址河南省焦作市博爱县大河镇团结村委会小河村民组76号",
            "住址北京市海淀区中关村南大街5号",
            "住址北京市朝阳区花园路163号名都新村35号楼5门851号",
        ] {
            let c = front("姓名张三", 99.0, address, 99.0);
            assert!(!c.has_warning(WarningCode::FieldUnusual), "{address}");
        }
    }

    #[test]
    fn an_address_not_starting_with_a_division_needs_review() {
        let c = front("姓名张三", 99.0, "住址建国路1号院3栋", 99.0);
        assert!(c.has_warning(WarningCode::FieldUnusual));
    }
}
