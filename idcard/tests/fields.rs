//! Every failure shape, warning and repair, on synthetic lines.

mod common;

use common::{parse_back, parse_front};

use chrono::NaiveDate;
use common::{make_number, rows};
use idcard::model::ValidUntil;
use idcard::{IdCard, ParseOptions, Side, WarningCode};

/// Parses with default options.
fn parse(lines: &[ocr_core::TextLine]) -> idcard::IdCard {
    idcard::parse(lines, &idcard::ParseOptions::default())
}

fn number() -> String {
    make_number("110105", "19491231", 3) // male
}

fn front(lines: &[&[&str]]) -> IdCard {
    parse(&rows(lines))
}

fn codes(card: &IdCard) -> Vec<WarningCode> {
    card.warnings.iter().map(|w| w.code).collect()
}

fn standard(name_row: &[&str], sex_row: &[&str], address: &[&[&str]]) -> IdCard {
    let n = number();
    let mut all: Vec<&[&str]> = vec![name_row, sex_row, &["出生1949年12月31日"]];
    all.extend_from_slice(address);
    let num_row = ["公民身份号码", n.as_str()];
    all.push(&num_row);
    front(&all)
}

#[test]
fn clean_front_has_every_field_and_no_warning() {
    let card = standard(&["姓名张三"], &["性别男民族汉"], &[&["住址北京市朝阳区建国路1号"]]);
    assert_eq!(card.side, Some(Side::Front));
    assert_eq!(card.name.as_ref().unwrap().value.reveal(), "张三");
    assert_eq!(card.sex.as_ref().unwrap().value.as_chinese(), "男");
    assert_eq!(card.ethnicity.as_ref().unwrap().value, "汉");
    assert_eq!(
        card.birth_date.as_ref().unwrap().value,
        NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
    );
    assert_eq!(card.address.as_ref().unwrap().value.reveal(), "北京市朝阳区建国路1号");
    assert_eq!(card.valid_id_number().unwrap().reveal(), number());
    assert!(card.warnings.is_empty(), "{:?}", card.warnings);
    // provenance
    let name = card.name.as_ref().unwrap();
    assert_eq!(name.lines, vec![0]);
    assert_eq!(name.rows, vec![0]);
    assert_eq!(name.confidence, 99.0);
}

#[test]
fn debug_output_masks_name_address_and_number() {
    let card = standard(&["姓名张三丰"], &["性别男民族汉"], &[&["住址北京市朝阳区建国路1号"]]);
    let debug = format!("{card:?}");
    assert!(!debug.contains("张三丰"), "{debug}");
    assert!(!debug.contains("建国路"), "{debug}");
    assert!(!debug.contains(&number()), "{debug}");
}

#[test]
fn value_before_label_in_reading_order_and_separate_boxes() {
    let n = number();
    // the number's box listed before its label, label and value in separate boxes
    let mut lines = rows(&[
        &["姓名", "张三"],
        &["性别", "男", "民族", "汉"],
        &["出生", "1949年12月31日"],
        &["住址", "北京市朝阳区建国路1号"],
        &["公民身份号码", &n],
    ]);
    let last = lines.len() - 1;
    lines.swap(last - 1, last);
    let card = parse(&lines);
    assert_eq!(card.name.as_ref().unwrap().value.reveal(), "张三");
    assert_eq!(card.ethnicity.as_ref().unwrap().value, "汉");
    assert_eq!(card.valid_id_number().unwrap().reveal(), n);
    assert!(card.warnings.is_empty(), "{:?}", card.warnings);
}

#[test]
fn spaced_and_misread_labels() {
    let card = standard(&["姓 名 张三"], &["性制男展族汉"], &[&["维址北京市朝阳区建国路1号"]]);
    assert_eq!(card.name.unwrap().value.reveal(), "张三");
    assert_eq!(card.sex.unwrap().value.as_chinese(), "男");
    assert_eq!(card.ethnicity.unwrap().value, "汉");
    assert_eq!(card.address.unwrap().value.reveal(), "北京市朝阳区建国路1号");
    let card = standard(&["姓者张三"], &["性别男民族汉"], &[&["住 址 北京市朝阳区建国路1号"]]);
    assert_eq!(card.name.unwrap().value.reveal(), "张三");
    assert_eq!(card.address.unwrap().value.reveal(), "北京市朝阳区建国路1号");
}

#[test]
fn stray_character_after_the_address_label() {
    let card = standard(&["姓名张三"], &["性别男民族汉"], &[&["住址国北京市朝阳区建国路1号"]]);
    assert_eq!(card.address.unwrap().value.reveal(), "北京市朝阳区建国路1号");
}

#[test]
fn addresses_over_three_rows_and_label_after_first_row() {
    let card = standard(
        &["姓名张三"],
        &["性别男民族汉"],
        &[&["北京市朝阳区建国路", "住址"], &["幸福小区18号楼"], &["3单元402室"]],
    );
    // the label box is to the left in the image even when listed later
    assert!(card.address.unwrap().value.reveal().starts_with("北京市"));
}

#[test]
fn fullwidth_and_spaced_digits() {
    let n = number();
    let wide: String = n
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
        .collect();
    let card = standard(&["姓名张三"], &["性别男民族汉"], &[&["住址北京市朝阳区建国路1号"]]);
    assert!(card.valid_id_number().is_some());
    let card = front(&[&["姓名张三"], &["出生1949年12月31日"], &["公民身份号码", &wide]]);
    assert_eq!(card.valid_id_number().unwrap().reveal(), n);
    let spaced = format!("{} {} {}", &n[..6], &n[6..14], &n[14..]);
    let card = front(&[
        &["姓名张三"],
        &["出生１９４９年１２月３１日"],
        &["公民身份号码", &spaced],
    ]);
    assert_eq!(card.valid_id_number().unwrap().reveal(), n);
    assert_eq!(
        card.birth_date.unwrap().value,
        NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
    );
}

#[test]
fn names_with_a_middle_dot_and_long_ethnic_names() {
    let n = make_number("653000", "19850101", 2);
    for dot in ["·", "・", "•"] {
        let name = format!("姓名帕丽达{dot}伊力哈木");
        let card = front(&[
            &[&name],
            &["性别女民族柯尔克孜"],
            &["出生1985年1月1日"],
            &["住址新疆克孜勒苏柯尔克孜自治州阿图什市"],
            &["公民身份号码", &n],
        ]);
        assert_eq!(card.name.unwrap().value.reveal(), "帕丽达·伊力哈木");
        assert_eq!(card.ethnicity.unwrap().value, "柯尔克孜");
    }
    let card = standard(&["姓名张三"], &["性别男民族鄂伦春"], &[&["住址北京市朝阳区建国路1号"]]);
    assert_eq!(card.ethnicity.unwrap().value, "鄂伦春");
}

#[test]
fn back_side_with_lost_hyphen_and_misread_label() {
    let card = parse(&rows(&[
        &["中华人民共和国"],
        &["居民身份证"],
        &["签发机关北京市公安局朝阳分局"],
        &["有对期限2020.01.13长期"],
    ]));
    assert_eq!(card.side, Some(Side::Back));
    assert_eq!(card.issuer.as_ref().unwrap().value, "北京市公安局朝阳分局");
    let v = card.validity.unwrap().value;
    assert_eq!(v.from, NaiveDate::from_ymd_opt(2020, 1, 13).unwrap());
    assert_eq!(v.until, ValidUntil::LongTerm);
    let card = parse(&rows(&[
        &["签发机关", "北京市公安局"],
        &["有效期限", "2015.06.01 2035.06.01"],
    ]));
    assert_eq!(
        card.validity.unwrap().value.until,
        ValidUntil::Date(NaiveDate::from_ymd_opt(2035, 6, 1).unwrap())
    );
}

#[test]
fn back_side_with_the_issuer_label_lost() {
    let card = parse(&rows(&[
        &["中华人民共和国"],
        &["居民身份证"],
        &["淮南市公安局谢家集分局"],
        &["有效期限2024.11.07-长期"],
    ]));
    assert_eq!(card.issuer.unwrap().value, "淮南市公安局谢家集分局");
}

#[test]
fn a_stray_fragment_before_a_title_does_not_turn_a_back_over() {
    // a back cut off below its titles; a speck read as a character ahead of
    // the second title: the titles' order still says which way is up
    let at = |t: &str, x: f64, y: f64, w: f64| {
        ocr_core::TextLine::new(t, 99.0).with_polygon(ocr_core::Quad::from_rect(x, y, w, 50.0))
    };
    let lines = vec![
        at("中华人民共和国", 494.0, 1240.0, 394.0),
        at("美", 308.0, 1339.0, 40.0),
        at("居民身份证", 482.0, 1330.0, 420.0),
    ];
    let card = parse(&lines);
    assert_eq!(card.side, Some(idcard::Side::Back));
    assert_eq!(card.frame.orientation, ocr_layout::Orientation::Deg0);
}

#[test]
fn a_name_from_lines_over_the_same_ink_or_far_apart_is_for_review() {
    let at = |t: &str, x: f64, y: f64, w: f64| {
        ocr_core::TextLine::new(t, 99.0).with_polygon(ocr_core::Quad::from_rect(x, y, w, 36.0))
    };
    let n = number();
    let card_with = |name_lines: Vec<ocr_core::TextLine>| {
        let mut lines = name_lines;
        lines.push(at("性别男民族汉", 100.0, 80.0, 240.0));
        lines.push(at("出生1949年12月31日", 100.0, 140.0, 300.0));
        lines.push(at("住址北京市朝阳区建国路1号", 100.0, 200.0, 420.0));
        lines.push(at(&format!("公民身份号码{n}"), 100.0, 330.0, 600.0));
        parse(&lines)
    };
    // a stray character read at the label's end, over the name's own ink
    let overlapping = card_with(vec![at("姓名享", 100.0, 20.0, 120.0), at("郭刚刚", 205.0, 22.0, 108.0)]);
    assert!(
        overlapping.has_warning(WarningCode::FieldUnusual),
        "{:?}",
        overlapping.warnings
    );
    // a mark far from the name
    let apart = card_with(vec![at("姓名享", 100.0, 20.0, 120.0), at("郭刚刚", 300.0, 22.0, 108.0)]);
    assert!(apart.has_warning(WarningCode::FieldUnusual), "{:?}", apart.warnings);
    // the label on a line of its own: the name comes from one line
    let label_apart = card_with(vec![at("姓名", 100.0, 20.0, 80.0), at("郭刚刚", 205.0, 22.0, 108.0)]);
    assert!(
        !label_apart.has_warning(WarningCode::FieldUnusual),
        "{:?}",
        label_apart.warnings
    );
    assert_eq!(label_apart.name.unwrap().value.reveal(), "郭刚刚");
}

/// A standard front whose name line carries glyphs at `centres`.
fn front_with_name_glyphs(name_line: &str, centres: &[f32]) -> IdCard {
    let n = number();
    let num_row = ["公民身份号码", n.as_str()];
    let mut lines = rows(&[
        &[name_line],
        &["性别男民族汉"],
        &["出生1949年12月31日"],
        &["住址北京市朝阳区建国路1号"],
        &num_row,
    ]);
    if !centres.is_empty() {
        let glyphs = centres.iter().map(|&c| ocr_core::Glyph::new(99.0, c)).collect();
        lines[0] = lines[0].clone().with_glyphs(glyphs);
    }
    parse(&lines)
}

#[test]
fn a_name_label_read_as_xing_and_another_character() {
    // text only: the character after 姓 may be 名 misread, or the name's
    // first character with 名 lost: review
    let card = front_with_name_glyphs("姓方兰萍", &[]);
    assert!(card.has_warning(WarningCode::FieldUnusual), "{:?}", card.warnings);
    // glyphs set at a label's spacing, then the value's: 名 misread
    let misread = front_with_name_glyphs("姓方兰萍", &[0.08, 0.36, 0.72, 0.88]);
    assert_eq!(misread.name.as_ref().unwrap().value.reveal(), "兰萍");
    assert!(
        !misread.has_warning(WarningCode::FieldUnusual),
        "{:?}",
        misread.warnings
    );
    // a gap after 姓 wide enough for 名 and the label's gap: 名 lost
    let lost = front_with_name_glyphs("姓方兰萍", &[0.08, 0.6, 0.72, 0.88]);
    assert_eq!(lost.name.as_ref().unwrap().value.reveal(), "方兰萍");
    assert!(!lost.has_warning(WarningCode::FieldUnusual), "{:?}", lost.warnings);
    // the label read right needs no glyphs
    let plain = front_with_name_glyphs("姓名兰萍", &[]);
    assert!(!plain.has_warning(WarningCode::FieldUnusual), "{:?}", plain.warnings);
}

#[test]
fn upside_down_card_is_read_the_right_way_up() {
    // every box turned by 180° about the page centre; vertex order kept image-based
    let n = number();
    let upright = rows(&[
        &["姓名张三"],
        &["性别男", "民族汉"],
        &["出生1949年12月31日"],
        &["住址北京市朝阳区建国路1号"],
        &["公民身份号码", &n],
    ]);
    let turned: Vec<_> = upright
        .iter()
        .map(|l| {
            let b = l.polygon.unwrap().bounding_box();
            let q = ocr_core::Quad::from_rect(1000.0 - b.x - b.width, 1000.0 - b.y - b.height, b.width, b.height);
            ocr_core::TextLine::new(l.text.clone(), l.confidence).with_polygon(q)
        })
        .collect();
    let card = parse(&turned);
    assert_eq!(card.frame.orientation, ocr_layout::Orientation::Deg180);
    assert_eq!(card.name.unwrap().value.reveal(), "张三");
    assert_eq!(card.address.unwrap().value.reveal(), "北京市朝阳区建国路1号");
    assert!(card.warnings.is_empty(), "{:?}", card.warnings);
}

// ---- warnings and repairs ----

#[test]
fn warning_side_unknown() {
    assert_eq!(
        codes(&parse(&rows(&[&["hello"], &["world"]]))),
        vec![WarningCode::SideUnknown]
    );
    assert_eq!(codes(&parse(&[])), vec![WarningCode::SideUnknown]);
}

#[test]
fn warning_field_missing() {
    let card = front(&[&["姓名张三"], &["出生1949年12月31日"], &["公民身份号码", &number()]]);
    let missing = card
        .warnings
        .iter()
        .find(|w| w.code == WarningCode::FieldMissing)
        .unwrap();
    assert!(
        missing.message.contains("ethnicity") && missing.message.contains("address"),
        "{}",
        missing.message
    );
    assert!(!missing.message.contains("name"));
}

#[test]
fn warning_id_number_invalid_and_never_valid() {
    let bad = format!("{}{}", &number()[..17], if number().ends_with('0') { '1' } else { '0' });
    let card = standard(&["姓名张三"], &["性别男民族汉"], &[&["住址北京市朝阳区建国路1号"]]);
    assert!(card.valid_id_number().is_some());
    let card = front(&[
        &["姓名张三"],
        &["性别男民族汉"],
        &["出生1949年12月31日"],
        &["公民身份号码", &bad],
    ]);
    assert!(card.valid_id_number().is_none());
    assert!(codes(&card).contains(&WarningCode::IdNumberInvalid));
    assert!(card.warnings.iter().all(|w| !w.message.contains(&bad)));
}

#[test]
fn repair_id_number_confusable() {
    let read = number().replacen('0', "O", 1);
    let card = front(&[
        &["姓名张三"],
        &["性别男民族汉"],
        &["出生1949年12月31日"],
        &["公民身份号码", &read],
    ]);
    assert_eq!(card.valid_id_number().unwrap().reveal(), number());
    assert_eq!(
        codes(&card),
        vec![WarningCode::IdNumberRepaired, WarningCode::FieldMissing]
    );
}

#[test]
fn warning_birth_mismatch_and_birth_from_number() {
    let n = number();
    let card = front(&[
        &["姓名张三"],
        &["性别男民族汉"],
        &["出生1949年12月30日"],
        &["住址北京市朝阳区"],
        &["公民身份号码", &n],
    ]);
    assert_eq!(codes(&card), vec![WarningCode::BirthMismatch]);
    let card = front(&[
        &["姓名张三"],
        &["性别男民族汉"],
        &["出生一九四九"],
        &["住址北京市朝阳区"],
        &["公民身份号码", &n],
    ]);
    assert_eq!(codes(&card), vec![WarningCode::BirthFromNumber]);
    assert_eq!(
        card.birth_date.unwrap().value,
        NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
    );
}

#[test]
fn warning_sex_mismatch_and_sex_from_number() {
    let n = number();
    let card = front(&[
        &["姓名张三"],
        &["性别女民族汉"],
        &["出生1949年12月31日"],
        &["住址北京市朝阳区"],
        &["公民身份号码", &n],
    ]);
    assert_eq!(codes(&card), vec![WarningCode::SexMismatch]);
    let card = front(&[
        &["姓名张三"],
        &["性别文民族汉"],
        &["出生1949年12月31日"],
        &["住址北京市朝阳区"],
        &["公民身份号码", &n],
    ]);
    assert_eq!(codes(&card), vec![WarningCode::SexFromNumber]);
    assert_eq!(card.sex.unwrap().value.as_chinese(), "男");
}

#[test]
fn warning_ethnicity_unknown_and_repaired() {
    let card = standard(&["姓名张三"], &["性别男民族火星"], &[&["住址北京市朝阳区"]]);
    assert_eq!(codes(&card), vec![WarningCode::EthnicityUnknown]);
    let card = standard(&["姓名张三"], &["性别男民族鄂温充"], &[&["住址北京市朝阳区"]]);
    assert_eq!(codes(&card), vec![WarningCode::EthnicityRepaired]);
    assert_eq!(card.ethnicity.unwrap().value, "鄂温克");
}

#[test]
fn warning_address_region_mismatch() {
    let card = standard(&["姓名张三"], &["性别男民族汉"], &[&["住址上海市黄浦区南京路1号"]]);
    assert_eq!(codes(&card), vec![WarningCode::AddressRegionMismatch]);
}

/// A front born 1980-01-01 with `number` and the address row `address`.
fn front_with_address(number: &str, address: &str) -> IdCard {
    parse(&rows(&[
        &["姓名张三"],
        &["性别男民族汉"],
        &["出生1980年1月1日"],
        &[address],
        &["公民身份号码", number],
    ]))
}

#[test]
fn repair_county_name_only_to_the_numbers_region() {
    let n = make_number("320830", "19800101", 1);
    let lines = |county: &str| front_with_address(&n, &format!("住址江苏省淮安市{county}白沙镇8号"));
    let card = lines("盱胎县");
    assert_eq!(
        card.address.as_ref().unwrap().value.reveal(),
        "江苏省淮安市盱眙县白沙镇8号"
    );
    assert_eq!(codes(&card), vec![WarningCode::AddressRepaired]);
    // two characters off: not repaired
    let card = lines("吁胎县");
    assert_eq!(card.address.unwrap().value.reveal(), "江苏省淮安市吁胎县白沙镇8号");
}

#[test]
fn repair_two_character_county_only_when_the_reading_is_no_sibling_division() {
    // 140322 盂县, under 阳泉市 with 城区, 矿区, 郊区
    let n = make_number("140322", "19800101", 1);
    let lines = |county: &str| front_with_address(&n, &format!("住址山西省阳泉市{county}李庄镇8号"));
    let card = lines("孟县");
    assert_eq!(
        card.address.as_ref().unwrap().value.reveal(),
        "山西省阳泉市盂县李庄镇8号"
    );
    assert!(codes(&card).contains(&WarningCode::AddressRepaired));
    // a real district of the same city one character away: the holder lives there
    let card = lines("城区");
    assert_eq!(
        card.address.as_ref().unwrap().value.reveal(),
        "山西省阳泉市城区李庄镇8号"
    );
    assert!(!codes(&card).contains(&WarningCode::AddressRepaired));
}

#[test]
fn warning_validity_unreadable_and_inconsistent() {
    let card = parse(&rows(&[&["签发机关北京市公安局"], &["有效期限2010.01"]]));
    assert!(codes(&card).contains(&WarningCode::ValidityUnreadable));
    let card = parse(&rows(&[&["签发机关北京市公安局"], &["有效期限2010.01.01-2017.01.01"]]));
    assert_eq!(codes(&card), vec![WarningCode::ValidityInconsistent]);
}

#[test]
fn warning_expired_against_the_callers_date() {
    let lines = rows(&[&["签发机关北京市公安局"], &["有效期限2010.01.01-2020.01.01"]]);
    assert!(parse(&lines).warnings.is_empty());
    let card = idcard::parse(&lines, &ParseOptions::on(NaiveDate::from_ymd_opt(2021, 1, 1).unwrap()));
    assert_eq!(codes(&card), vec![WarningCode::Expired]);
    let card = idcard::parse(
        &lines,
        &ParseOptions::on(NaiveDate::from_ymd_opt(2019, 12, 31).unwrap()),
    );
    assert!(card.warnings.is_empty());
}

#[test]
fn both_sides_an_issuer_near_the_number_s_county_is_for_review() {
    // 320324 is 睢宁县; 宁县 (a county of Gansu) is 睢宁县 with its first
    // character lost — real, but more likely misread than issued there
    let opts = ParseOptions::default();
    let n = make_number("320324", "19800101", 1);
    let front = parse_front(&rows(&[&["出生1980年1月1日"], &["公民身份号码", &n]]), &opts);
    let back = |issuer: &str| {
        parse_back(
            &rows(&[&[&format!("签发机关{issuer}")], &["有效期限2010.06.01-2030.06.01"]]),
            &opts,
        )
    };
    let lost = front.clone().combine(back("宁县公安局"));
    assert!(lost.has_warning(WarningCode::IssuerUnverified), "{:?}", lost.warnings);
    assert!(!lost.issuer.unwrap().verified);
    let right = front.clone().combine(back("睢宁县公安局"));
    assert!(
        !right.has_warning(WarningCode::IssuerUnverified),
        "{:?}",
        right.warnings
    );
    assert!(right.issuer.unwrap().verified);
    // moved away: an issuer unrelated to the number's county stands as read
    let elsewhere = front.combine(back("盱眙县公安局"));
    assert!(
        !elsewhere.has_warning(WarningCode::IssuerUnverified),
        "{:?}",
        elsewhere.warnings
    );
}

#[test]
fn warning_validity_term_vs_age_at_issue() {
    let opts = ParseOptions::default();
    let n = make_number("110105", "20000101", 1);
    let f = parse_front(&rows(&[&["出生2000年1月1日"], &["公民身份号码", &n]]), &opts);
    let back = |v: &str| parse_back(&rows(&[&["签发机关北京市公安局"], &[v]]), &opts);
    // issued at 12 → 5 years
    let ok = f.clone().combine(back("有效期限2012.06.01-2017.06.01"));
    assert!(!ok.has_warning(WarningCode::ValidityTermMismatch), "{:?}", ok.warnings);
    let wrong = f.clone().combine(back("有效期限2012.06.01-2022.06.01"));
    assert!(wrong.has_warning(WarningCode::ValidityTermMismatch));
    // issued at 20 → 10 years; at 30 → 20 years; at 50 → 长期
    assert!(
        !f.clone()
            .combine(back("有效期限2020.06.01-2030.06.01"))
            .has_warning(WarningCode::ValidityTermMismatch)
    );
    let old = make_number("110105", "19600101", 1);
    let f2 = parse_front(&rows(&[&["出生1960年1月1日"], &["公民身份号码", &old]]), &opts);
    assert!(
        !f2.clone()
            .combine(back("有效期限1990.06.01-2010.06.01"))
            .has_warning(WarningCode::ValidityTermMismatch)
    );
    assert!(
        !f2.clone()
            .combine(back("有效期限2010.06.01-长期"))
            .has_warning(WarningCode::ValidityTermMismatch)
    );
    assert!(
        f2.combine(back("有效期限2010.06.01-2030.06.01"))
            .has_warning(WarningCode::ValidityTermMismatch)
    );
}

#[test]
fn lines_with_only_item_boxes_are_laid_out_by_them_and_flagged() {
    // the vendor's spec allows polygon: null; itemPolygon is then the only geometry
    let n = make_number("110105", "19800101", 1);
    let texts = [
        "姓名张三",
        "性别男民族汉",
        "出生1980年1月1日",
        "住址北京市朝阳区建国路1号",
    ];
    let mut lines: Vec<ocr_core::TextLine> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            ocr_core::TextLine::new(*t, 99.0).with_item_box(ocr_core::ItemBox {
                x: 0.0,
                y: i as f64 * 50.0,
                width: 400.0,
                height: 30.0,
            })
        })
        .collect();
    lines.push(
        ocr_core::TextLine::new(format!("公民身份号码{n}"), 99.0).with_item_box(ocr_core::ItemBox {
            x: 0.0,
            y: 250.0,
            width: 600.0,
            height: 30.0,
        }),
    );
    let card = parse(&lines);
    assert_eq!(card.name.as_ref().unwrap().value.reveal(), "张三");
    assert_eq!(card.valid_id_number().unwrap().reveal(), n);
    assert!(codes(&card).contains(&WarningCode::GeometryFromItemBoxes));
    assert!(card.needs_review());
}

#[test]
fn a_full_alphabet_engine_s_traditional_forms_read_as_the_card_prints_them() {
    // 漢 for 汉, 廣東省廣州市越秀區 for 广东省广州市越秀区, labels too (號碼, 簽發機關)
    let n = make_number("440104", "19800101", 3);
    let card = front(&[
        &["姓名", "张三"],
        &["性別男", "民族漢"],
        &["出生1980年1月1日"],
        &["住址廣東省廣州市越秀區北京路1號"],
        &["公民身份號碼", &n],
    ]);
    assert_eq!(card.ethnicity.as_ref().unwrap().value, "汉");
    assert_eq!(
        card.address.as_ref().unwrap().value.reveal(),
        "广东省广州市越秀区北京路1号"
    );
    assert!(card.warnings.is_empty(), "{:?}", codes(&card));
    let back = parse_back(
        &rows(&[&["簽發機關廣州市公安局越秀分局"], &["有效期限2015.06.01-2035.06.01"]]),
        &ParseOptions::default(),
    );
    assert_eq!(back.issuer.as_ref().unwrap().value, "广州市公安局越秀分局");
}
