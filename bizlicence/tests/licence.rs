//! The licence read from synthetic lines (each cross-check has its own
//! case) and from three vendor-format responses of synthetic licences
//! (landscape two-column, portrait one-column, an individual business).

use bizlicence::LicenceReader;
use chrono::NaiveDate;
use ocr_core::{OcrResponse, Quad, TextLine};
use ocr_form::{FormReading, FormStatus, FormWarningCode};
use serde_json::Value;

/// A one-column licence: every line `(text, x, y)`; `edit` changes them.
fn licence(edit: impl FnOnce(&mut Vec<(String, f64, f64)>)) -> FormReading {
    let mut lines: Vec<(String, f64, f64)> = [
        ("统一社会信用代码 91350100M000100Y43", 0.0, 0.0),
        ("名称", 0.0, 60.0),
        ("福州某某餐饮有限公司", 120.0, 60.0),
        ("类型", 0.0, 100.0),
        ("有限责任公司(自然人独资)", 120.0, 100.0),
        ("法定代表人", 0.0, 140.0),
        ("张三", 140.0, 140.0),
        ("注册资本", 0.0, 180.0),
        ("伍拾万元整", 120.0, 180.0),
        ("成立日期", 0.0, 220.0),
        ("2017年11月03日", 120.0, 220.0),
        ("营业期限", 0.0, 260.0),
        ("2017年11月03日至长期", 120.0, 260.0),
        ("住所", 0.0, 300.0),
        ("福建省福州市鼓楼区东街1号", 120.0, 300.0),
        ("经营范围", 0.0, 340.0),
        (
            "餐饮服务；食品经营(销售预包装食品)。(依法须经批准的项目，",
            120.0,
            340.0,
        ),
        ("经相关部门批准后方可开展经营活动)", 120.0, 372.0),
        ("登记机关", 500.0, 460.0),
        ("2023年03月14日", 560.0, 500.0),
    ]
    .into_iter()
    .map(|(t, x, y)| (t.to_string(), x, y))
    .collect();
    edit(&mut lines);
    let lines: Vec<TextLine> = lines
        .into_iter()
        .map(|(t, x, y)| {
            let w = 24.0 * t.chars().count() as f64;
            TextLine::new(t, 99.0).with_polygon(Quad::from_rect(x, y, w, 24.0))
        })
        .collect();
    LicenceReader::new()
        .on(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
        .read(&lines)
}

fn set(lines: &mut [(String, f64, f64)], from: &str, to: &str) {
    let line = lines.iter_mut().find(|l| l.0 == from).expect("a line of the licence");
    line.0 = to.to_string();
}

fn codes(reading: &FormReading) -> Vec<(FormWarningCode, String)> {
    reading.warnings.iter().map(|w| (w.code, w.field.clone())).collect()
}

#[test]
fn a_clean_licence_goes_through() {
    let reading = licence(|_| {});
    assert_eq!(reading.status(), FormStatus::Ok, "{:?}", reading.warnings);
    assert!(reading.get("credit_code").unwrap().verified);
    assert!(reading.get("type").unwrap().verified);
}

#[test]
fn a_code_failing_its_check_rejects_and_a_lookalike_is_repaired() {
    let bad = licence(|l| {
        set(
            l,
            "统一社会信用代码 91350100M000100Y43",
            "统一社会信用代码 91350100M000100Y44",
        )
    });
    assert_eq!(bad.status(), FormStatus::Reject);
    let misread = licence(|l| {
        set(
            l,
            "统一社会信用代码 91350100M000100Y43",
            "统一社会信用代码 9135O100M000100Y43",
        )
    });
    assert_eq!(misread.value("credit_code"), Some("91350100M000100Y43"));
    assert_eq!(misread.status(), FormStatus::Ok, "{:?}", misread.warnings);
}

#[test]
fn a_term_not_from_the_founding_date_is_for_review() {
    let reading = licence(|l| set(l, "2017年11月03日至长期", "2017年11月04日至长期"));
    assert!(codes(&reading).contains(&(FormWarningCode::Mismatch, "term".into())));
    assert_eq!(reading.status(), FormStatus::Review);
}

#[test]
fn dates_out_of_order_or_a_term_too_long_are_for_review() {
    let early = licence(|l| set(l, "2023年03月14日", "2013年03月14日"));
    assert!(codes(&early).contains(&(FormWarningCode::Mismatch, "issued".into())));
    let long = licence(|l| set(l, "2017年11月03日至长期", "2017年11月03日至8017年11月02日"));
    assert!(codes(&long).contains(&(FormWarningCode::Invalid, "term".into())));
    let thirty = licence(|l| set(l, "2017年11月03日至长期", "2017年11月03日至2047年11月02日"));
    assert_eq!(thirty.status(), FormStatus::Ok, "{:?}", thirty.warnings);
}

#[test]
fn an_ended_term_rejects() {
    let reading = licence(|l| set(l, "2017年11月03日至长期", "2017年11月03日至2025年11月02日"));
    assert!(codes(&reading).contains(&(FormWarningCode::Expired, "term".into())));
    assert_eq!(reading.status(), FormStatus::Reject);
}

#[test]
fn the_type_decides_the_label_and_the_code_s_category() {
    let label = licence(|l| set(l, "法定代表人", "经营者"));
    assert!(codes(&label).contains(&(FormWarningCode::Mismatch, "representative".into())));
    // an individual business's code is 92…: a company's 91… does not fit
    let category = licence(|l| {
        set(l, "有限责任公司(自然人独资)", "个体工商户");
        set(l, "法定代表人", "经营者");
    });
    assert!(codes(&category).contains(&(FormWarningCode::Mismatch, "credit_code".into())));
}

#[test]
fn a_company_without_its_capital_is_for_review() {
    let reading = licence(|l| l.retain(|line| line.0 != "注册资本" && line.0 != "伍拾万元整"));
    assert!(codes(&reading).contains(&(FormWarningCode::Missing, "capital".into())));
}

#[test]
fn the_address_s_chain_is_walked_and_names_the_code_s_region() {
    // 福洲市: one character off 福州市, the one division of the code's region that fits
    let repaired = licence(|l| set(l, "福建省福州市鼓楼区东街1号", "福建省福洲市鼓楼区东街1号"));
    assert_eq!(repaired.value("address"), Some("福建省福州市鼓楼区东街1号"));
    assert_eq!(repaired.status(), FormStatus::Ok, "{:?}", repaired.warnings);
    let elsewhere = licence(|l| set(l, "福建省福州市鼓楼区东街1号", "江苏省淮安市盱眙县东街1号"));
    assert!(codes(&elsewhere).contains(&(FormWarningCode::Mismatch, "address".into())));
    let unknown = licence(|l| set(l, "福建省福州市鼓楼区东街1号", "东街1号"));
    assert!(codes(&unknown).contains(&(FormWarningCode::Invalid, "address".into())));
}

#[test]
fn the_scope_s_statement_is_repaired_and_stray_punctuation_flagged() {
    let lost_bracket = licence(|l| set(l, "经相关部门批准后方可开展经营活动)", "经相关部门批准后方可开展经营活"));
    assert!(lost_bracket.value("scope").unwrap().ends_with("开展经营活动)"));
    assert_eq!(lost_bracket.status(), FormStatus::Ok, "{:?}", lost_bracket.warnings);
    let colon = licence(|l| {
        set(
            l,
            "餐饮服务；食品经营(销售预包装食品)。(依法须经批准的项目，",
            "餐饮服务：食品经营(销售预包装食品)。(依法须经批准的项目，",
        )
    });
    assert!(codes(&colon).contains(&(FormWarningCode::Invalid, "scope".into())));
    let stop = licence(|l| {
        set(
            l,
            "餐饮服务；食品经营(销售预包装食品)。(依法须经批准的项目，",
            "餐饮服务。食品经营(销售预包装食品)。(依法须经批准的项目，",
        )
    });
    assert!(codes(&stop).contains(&(FormWarningCode::Invalid, "scope".into())));
}

#[test]
fn a_name_one_character_off_its_division_is_for_review() {
    let reading = licence(|l| set(l, "福州某某餐饮有限公司", "福洲某某餐饮有限公司"));
    assert!(codes(&reading).contains(&(FormWarningCode::Mismatch, "name".into())));
}

#[test]
fn a_type_none_of_the_choices_is_for_review() {
    let reading = licence(|l| set(l, "有限责任公司(自然人独资)", "火星贸易联合体"));
    assert!(codes(&reading).contains(&(FormWarningCode::NotInChoices, "type".into())));
}

fn fixture(name: &str) -> (FormReading, Value) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/");
    let response = std::fs::read(format!("{dir}{name}.ocr.json")).unwrap();
    let truth: Value = serde_json::from_slice(&std::fs::read(format!("{dir}{name}.truth.json")).unwrap()).unwrap();
    let lines = OcrResponse::from_json(&response).unwrap().lines;
    (
        LicenceReader::new()
            .on(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
            .read(&lines),
        truth,
    )
}

/// Full-width brackets and punctuation as ASCII (an engine cannot tell
/// them apart in print).
fn fold(v: &Value) -> Value {
    match v.as_str() {
        Some(s) => Value::String(
            s.chars()
                .map(|c| match c {
                    '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap(),
                    c => c,
                })
                .collect(),
        ),
        None => v.clone(),
    }
}

#[test]
fn three_layouts_read_as_their_truth() {
    for name in ["landscape", "portrait", "individual"] {
        let (reading, truth) = fixture(name);
        let json = reading.to_flat_json();
        for key in [
            "credit_code",
            "name",
            "type",
            "representative",
            "representative_label",
            "capital",
            "composition",
            "founded",
            "term_from",
            "term_to",
            "address",
            "scope",
            "issued",
        ] {
            assert_eq!(fold(&json[key]), fold(&truth[key]), "{name}: {key}");
        }
        assert_eq!(
            json["authority"],
            Value::Null,
            "{name}: the seal's text is never guessed"
        );
        assert_eq!(reading.status(), FormStatus::Ok, "{name}: {:?}", reading.warnings);
        insta::assert_json_snapshot!(name, json);
    }
}
