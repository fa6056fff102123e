//! A form defined only in a schema file, read from synthetic lines; the
//! reading does not depend on where the page lies or how it is turned;
//! bad input gives warnings, never a panic.

use ocr_core::{Point, Quad, TextLine};
use ocr_form::{FormExtractor, FormSchema, FormStatus, FormWarningCode};
use proptest::prelude::*;

/// A permit nobody wrote code for: its fields, kinds and checks in TOML.
const PERMIT: &str = r#"
form = "food-permit"
min_confidence = 85

[[field]]
key = "operator"
labels = ["经营者名称"]
required = true

[[field]]
key = "holder"
labels = ["法定代表人", "负责人"]
label_key = "holder_label"
required = true

[[field]]
key = "number"
labels = ["许可证编号"]
kind = "code"
pattern = "JY[0-9]{14}"
required = true

[[field]]
key = "premises"
labels = ["经营场所"]

[[field]]
key = "scope"
labels = ["经营项目"]
kind = "paragraph"

[[field]]
key = "valid"
labels = ["有效期"]
kind = "date_range"
required = true

[[field]]
key = "fee"
labels = ["工本费"]
kind = "amount"

[[field]]
key = "issued"
labels = ["发证机关"]
kind = "date"
position = "below"
"#;

/// The permit's lines `(text, x, y)`, two columns, 30 px type.
fn permit_lines() -> Vec<(String, f64, f64)> {
    [
        ("经营者名称", 0.0, 0.0),
        ("城南棋社餐饮店", 180.0, 0.0),
        ("许可证编号", 600.0, 0.0),
        ("JY 1350 1020 0123 45", 780.0, 0.0),
        ("负 责 人：王小明", 0.0, 50.0),
        ("有效期", 600.0, 50.0),
        ("2020年01月01日至2025年12月31日", 720.0, 50.0),
        ("经营场所", 0.0, 100.0),
        ("湖南省长沙市天心区", 150.0, 100.0),
        ("工本费", 600.0, 100.0),
        ("人民币伍拾元整", 720.0, 100.0),
        ("书院路9号", 150.0, 135.0),
        ("经营项目", 0.0, 180.0),
        ("热食类食品制售；", 150.0, 180.0),
        ("冷食类食品制售。", 150.0, 215.0),
        ("发证机关", 600.0, 300.0),
        ("2020年01月01日", 640.0, 345.0),
    ]
    .into_iter()
    .map(|(t, x, y)| (t.to_string(), x, y))
    .collect()
}

fn to_lines(lines: &[(String, f64, f64)], place: impl Fn(Point) -> Point) -> Vec<TextLine> {
    lines
        .iter()
        .map(|(t, x, y)| {
            let w = 30.0 * t.chars().count() as f64;
            let quad = Quad::from_rect(*x, *y, w, 30.0).map(&place);
            TextLine::new(t.clone(), 97.0).with_polygon(quad)
        })
        .collect()
}

#[test]
fn a_form_defined_only_in_toml_is_extracted() {
    let extractor = FormExtractor::new(FormSchema::from_toml(PERMIT).unwrap()).unwrap();
    let reading = extractor.extract(&to_lines(&permit_lines(), |p| p));
    let json = reading.to_flat_json();
    assert_eq!(json["operator"], "城南棋社餐饮店");
    assert_eq!(json["holder"], "王小明");
    assert_eq!(json["holder_label"], "负责人");
    assert_eq!(json["number"], "JY13501020012345");
    assert_eq!(json["premises"], "湖南省长沙市天心区书院路9号");
    assert_eq!(json["scope"], "热食类食品制售；冷食类食品制售。");
    assert_eq!(json["valid_from"], "2020-01-01");
    assert_eq!(json["valid_to"], "2025-12-31");
    assert_eq!(json["fee"], "人民币伍拾元整");
    assert_eq!(json["fee_amount"]["value"], 50.0);
    assert_eq!(json["issued"], "2020-01-01");
    assert_eq!(reading.status(), FormStatus::Ok, "{:?}", reading.warnings);
}

#[test]
fn what_is_missing_or_wrong_is_a_warning() {
    let extractor = FormExtractor::new(FormSchema::from_toml(PERMIT).unwrap()).unwrap();
    let mut lines = permit_lines();
    lines.retain(|l| !l.0.starts_with("负 责 人"));
    lines.iter_mut().find(|l| l.0.starts_with("JY")).unwrap().0 = "JX1350".into();
    let reading = extractor.extract(&to_lines(&lines, |p| p));
    let codes: Vec<(FormWarningCode, &str)> = reading.warnings.iter().map(|w| (w.code, w.field.as_str())).collect();
    assert!(codes.contains(&(FormWarningCode::Missing, "holder")), "{codes:?}");
    assert!(codes.contains(&(FormWarningCode::Invalid, "number")), "{codes:?}");
    assert_eq!(reading.status(), FormStatus::Review);
    // nothing at all, or lines without a polygon: every required field missing
    for lines in [vec![], vec![TextLine::new("经营者名称 城南棋社", 90.0)]] {
        let empty = extractor.extract(&lines);
        assert_eq!(empty.status(), FormStatus::Review);
        assert!(empty.fields.iter().all(|f| f.value.is_none()));
    }
}

#[test]
fn debug_output_masks_values() {
    let extractor = FormExtractor::new(FormSchema::from_toml(PERMIT).unwrap()).unwrap();
    let reading = extractor.extract(&to_lines(&permit_lines(), |p| p));
    let debug = format!("{reading:?}");
    assert!(
        !debug.contains("王小明") && !debug.contains("城南棋社餐饮店"),
        "{debug}"
    );
}

proptest! {
    /// The same page moved, scaled and turned (up to 8°, plus any quarter
    /// turn) reads the same.
    #[test]
    fn the_reading_does_not_depend_on_where_the_page_lies(
        dx in -500.0f64..500.0,
        dy in -500.0f64..500.0,
        scale in 0.6f64..2.5,
        degrees in -8.0f64..8.0,
        quarter_turns in 0u8..4,
    ) {
        let extractor = FormExtractor::new(FormSchema::from_toml(PERMIT).unwrap()).unwrap();
        let upright = extractor.extract(&to_lines(&permit_lines(), |p| p)).to_flat_json();
        let angle = (degrees + 90.0 * f64::from(quarter_turns)).to_radians();
        let (s, c) = angle.sin_cos();
        let place = |p: Point| Point::new(scale * (p.x * c - p.y * s) + dx, scale * (p.x * s + p.y * c) + dy);
        let moved = extractor.extract(&to_lines(&permit_lines(), place)).to_flat_json();
        for key in ["operator", "holder", "number", "premises", "scope", "valid_from", "valid_to", "fee", "issued"] {
            prop_assert_eq!(&moved[key], &upright[key], "{}", key);
        }
        prop_assert_eq!(&moved["status"], &upright["status"]);
    }
}

#[test]
fn a_choice_is_read_whole_or_repaired_only_when_proven() {
    let schema = FormSchema::from_toml(
        r#"
        form = "t"
        [[field]]
        key = "name"
        labels = ["名称"]
        [[field]]
        key = "type"
        labels = ["类型"]
        choices = ["股份有限公司(非上市、自然人投资或控股)", "股份有限公司(上市、自然人投资或控股)", "个体工商户"]
        "#,
    )
    .unwrap();
    let extractor = FormExtractor::new(schema).unwrap();
    let read = |lines: &[(&str, f64, f64)]| {
        let lines: Vec<(String, f64, f64)> = lines.iter().map(|(t, x, y)| (t.to_string(), *x, *y)).collect();
        extractor.extract(&to_lines(&lines, |p| p))
    };
    // the closing bracket lost: one choice is the text with it
    let lost = read(&[
        ("类型", 0.0, 0.0),
        ("股份有限公司（非上市、自然人投资或控股", 90.0, 0.0),
    ]);
    assert_eq!(lost.value("type"), Some("股份有限公司(非上市、自然人投资或控股)"));
    assert_eq!(lost.status(), FormStatus::Ok, "{:?}", lost.warnings);
    // 非 lost: both listed companies' types are within reach, neither proven
    let unproven = read(&[("类型", 0.0, 0.0), ("股份有限公司(上市、自然人投资或控", 90.0, 0.0)]);
    assert_eq!(unproven.status(), FormStatus::Review);
    // the type's label unread: its value (one of its choices) is not the
    // name's next line
    let unlabelled = read(&[("名称", 0.0, 0.0), ("城南棋社", 90.0, 0.0), ("个体工商户", 90.0, 35.0)]);
    assert_eq!(unlabelled.value("name"), Some("城南棋社"));
}

#[test]
fn a_value_wraps_only_from_a_full_line() {
    let schema = FormSchema::from_toml("form = \"t\"\n[[field]]\nkey = \"name\"\nlabels = [\"名称\"]").unwrap();
    let extractor = FormExtractor::new(schema).unwrap();
    let read = |lines: &[(&str, f64, f64)]| {
        let lines: Vec<(String, f64, f64)> = lines.iter().map(|(t, x, y)| (t.to_string(), *x, *y)).collect();
        extractor
            .extract(&to_lines(&lines, |p| p))
            .value("name")
            .map(str::to_owned)
    };
    // the column's lines reach x = 630: a name ending at 330 did not wrap,
    // the line under it (a label this schema does not know) is not its
    let column = ("一二三四五六七八九十一二三四五六七", 120.0, 200.0);
    assert_eq!(
        read(&[
            ("名称", 0.0, 0.0),
            ("城南棋社", 120.0, 0.0),
            ("经营者张三", 120.0, 35.0),
            column
        ])
        .as_deref(),
        Some("城南棋社")
    );
    // one that fills the column goes on
    assert_eq!(
        read(&[
            ("名称", 0.0, 0.0),
            ("城南棋社文化传播有限公司长沙分", 120.0, 0.0),
            ("公司", 120.0, 35.0),
            column
        ])
        .as_deref(),
        Some("城南棋社文化传播有限公司长沙分公司")
    );
}

#[test]
fn a_tall_line_beside_a_continued_one_is_taken_once() {
    let schema = FormSchema::from_toml(
        "form = \"t\"\n[[field]]\nkey = \"scope\"\nkind = \"paragraph\"\nlabels = [\"经营范围\"]",
    )
    .unwrap();
    let extractor = FormExtractor::new(schema).unwrap();
    let line = |text: &str, x: f64, y: f64, w: f64, h: f64| {
        TextLine::new(text, 99.0).with_polygon(Quad::from_rect(x, y, w, h))
    };
    // the second line's box is tall (a tilted line's upright box): the
    // third line's centre lies inside it, as if in its row
    let lines = [
        line("经营范围", 0.0, 0.0, 120.0, 30.0),
        line("餐饮服务；食品经营；日用百货销售；", 150.0, 0.0, 510.0, 30.0),
        line("五金产品零售；服装服饰批发；物业管", 150.0, 34.0, 510.0, 60.0),
        line("理。", 150.0, 70.0, 60.0, 30.0),
    ];
    let reading = extractor.extract(&lines);
    assert_eq!(
        reading.value("scope"),
        Some("餐饮服务；食品经营；日用百货销售；五金产品零售；服装服饰批发；物业管理。")
    );
}

#[test]
fn a_code_is_the_one_run_of_boxes_its_validator_passes() {
    use ocr_form::{CodeCheck, Validators};
    // a toy check: six digits summing to a multiple of ten
    let check = |code: &str| {
        let digits: Vec<u32> = code.chars().filter_map(|c| c.to_digit(10)).collect();
        if digits.len() == 6 && code.len() == 6 && digits.iter().sum::<u32>() % 10 == 0 {
            CodeCheck::Valid
        } else {
            CodeCheck::Invalid("checksum".into())
        }
    };
    let schema = FormSchema::from_toml(
        "form = \"t\"\n[[field]]\nkey = \"code\"\nkind = \"code\"\nvalidator = \"sum10\"\nlabels = [\"编号\"]",
    )
    .unwrap();
    let extractor = FormExtractor::with_validators(schema, Validators::new().with("sum10", check)).unwrap();
    let read = |lines: &[(&str, f64, f64)]| {
        let lines: Vec<(String, f64, f64)> = lines.iter().map(|(t, x, y)| (t.to_string(), *x, *y)).collect();
        extractor.extract(&to_lines(&lines, |p| p))
    };
    // a stray mark beside the code: the code alone passes
    let stray = read(&[("编号", 0.0, 0.0), ("123400", 90.0, 0.0), ("4", 300.0, 0.0)]);
    assert_eq!(stray.value("code"), Some("123400"));
    assert_eq!(stray.status(), FormStatus::Ok, "{:?}", stray.warnings);
    // no run passes: the row is kept as read and flagged
    let bad = read(&[("编号", 0.0, 0.0), ("123401", 90.0, 0.0), ("4", 300.0, 0.0)]);
    assert_eq!(bad.value("code"), Some("1234014"));
    assert_eq!(bad.status(), FormStatus::Review);
}
