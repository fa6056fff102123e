//! The parsers never panic and never invent text, whatever the lines.

mod common;

use common::{parse_back, parse_front};

use idcard::ParseOptions;
use ocr_core::{Point, Quad, TextLine};
use proptest::prelude::*;

/// Parses with default options.
fn parse(lines: &[ocr_core::TextLine]) -> idcard::IdCard {
    idcard::parse(lines, &idcard::ParseOptions::default())
}

fn arb_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "姓名",
        "性别",
        "男",
        "女",
        "民族",
        "汉",
        "出生",
        "年",
        "月",
        "日",
        "住址",
        "公民身份号码",
        "签发机关",
        "有效期限",
        "长期",
        "-",
        ".",
        " ",
        "·",
        "1",
        "9",
        "0",
        "X",
        "O",
        "１",
        "省",
        "市",
        "县",
        "公安局",
        "址",
        "名",
        "★",
        "",
    ]);
    prop::collection::vec(pieces, 0..12).prop_map(|p| p.concat())
}

fn arb_line() -> impl Strategy<Value = TextLine> {
    let coord = prop_oneof![8 => -500.0..2000.0f64, 1 => Just(f64::NAN), 1 => Just(0.0)];
    (
        arb_text(),
        -10.0..120.0f32,
        prop::option::of(prop::array::uniform8(coord)),
    )
        .prop_map(|(t, c, q)| {
            let line = TextLine::new(t, c);
            match q {
                Some(c) => line.with_polygon(Quad::new([
                    Point::new(c[0], c[1]),
                    Point::new(c[2], c[3]),
                    Point::new(c[4], c[5]),
                    Point::new(c[6], c[7]),
                ])),
                None => line,
            }
        })
}

/// Rows of label-ish text on a grid, so that the parsers' deeper paths run.
fn arb_grid() -> impl Strategy<Value = Vec<TextLine>> {
    prop::collection::vec(prop::collection::vec(arb_text(), 1..4), 0..8).prop_map(|rows| {
        rows.iter()
            .enumerate()
            .flat_map(|(r, row)| {
                row.iter().enumerate().map(move |(c, t)| {
                    TextLine::new(t.clone(), 90.0).with_polygon(Quad::from_rect(
                        c as f64 * 300.0,
                        r as f64 * 50.0,
                        280.0,
                        30.0,
                    ))
                })
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn parsers_never_panic_on_arbitrary_lines(lines in prop::collection::vec(arb_line(), 0..16)) {
        let opts = ParseOptions::default();
        let _ = parse(&lines);
        let _ = parse_front(&lines, &opts);
        let _ = parse_back(&lines, &opts);
    }

    #[test]
    fn parsers_never_panic_on_label_grids(lines in arb_grid()) {
        let opts = ParseOptions::default();
        let card = parse(&lines);
        let _ = parse_front(&lines, &opts).combine(parse_back(&lines, &opts));
        // nothing is invented: a reported valid number is the number as read,
        // or a repair announced by its warning
        if let Some(f) = &card.id_number
            && let Some(valid) = &f.value.valid
        {
            prop_assert!(
                valid.reveal() == f.value.text.reveal() || card.has_warning(idcard::WarningCode::IdNumberRepaired)
            );
        }
        // and every character of a name or an issuer was on the page
        let page: String = lines.iter().map(|l| l.text.as_str()).collect();
        let read = card.name.as_ref().map(|f| f.value.reveal().to_owned()).into_iter()
            .chain(card.issuer.as_ref().map(|f| f.value.clone()));
        for value in read {
            // (a name's middle dot is normalised from any dot-like character)
            let on_page = |c: char| page.contains(c) || (c == '·' && page.contains(['.', '·', '•', '・', '‧']));
            prop_assert!(value.chars().all(on_page), "{:?} is not on the page", value);
        }
    }
}

/// A front drawn to the card's column layout: label and gap `lead` px, each
/// value character `pitch` px; the name's line drawn `drawn` characters long.
fn column_front(name: &str, drawn: usize, address: &str, lead: f64, pitch: f64) -> idcard::IdCard {
    let line = |text: String, y: f64, chars: f64| {
        TextLine::new(text, 99.0).with_polygon(Quad::from_rect(0.0, y, lead + pitch * chars, pitch))
    };
    let address_chars = address.chars().count() as f64;
    let lines = vec![
        line(format!("姓名{name}"), 0.0, drawn as f64),
        line("性别男".into(), 2.0 * pitch, 1.0),
        line("出生1949年12月31日".into(), 4.0 * pitch, 8.0),
        line(format!("住址{address}"), 6.0 * pitch, address_chars),
        line("公民身份号码110105194912310038".into(), 10.0 * pitch, 14.0),
    ];
    parse(&lines)
}

proptest! {
    /// A name line as long as its name is never flagged by its length; one
    /// drawn a character longer always is — at any scale and label width.
    #[test]
    fn a_name_line_one_character_too_long_is_flagged(
        name_len in 2usize..=4,
        address_len in 6usize..=11,
        lead in 60.0f64..200.0,
        pitch in 15.0f64..60.0,
    ) {
        let name: String = "欧阳建国".chars().take(name_len).collect();
        let address: String = "北京市朝阳区建国路安华里".chars().take(address_len).collect();
        let unusual = |card: &idcard::IdCard| card.warnings.iter().any(|w| w.code == idcard::WarningCode::FieldUnusual);
        let exact = column_front(&name, name_len, &address, lead, pitch);
        prop_assert!(!unusual(&exact), "{:?}", exact.warnings);
        let longer = column_front(&name, name_len + 1, &address, lead, pitch);
        prop_assert!(unusual(&longer), "{:?}", longer.warnings);
    }
}
