//! The parsers never panic and never invent text, whatever the lines.

use idcard::{ParseOptions, parse_back, parse_front};
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
