mod common;

use chrono::NaiveDate;
use common::make_number;
use idcard::number::{
    IdKind, IdNumber, InvalidIdNumber, InvalidReason, NumberOptions, OcrNormalization, Sex, repair_confusable,
};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn parse_on(input: &str, today: NaiveDate) -> Result<IdNumber, InvalidIdNumber> {
    IdNumber::parse_with(input, &NumberOptions::default().on(today)).map(|(n, _)| n)
}

fn parse_ocr_on(input: &str, today: NaiveDate) -> Result<(IdNumber, OcrNormalization), InvalidIdNumber> {
    IdNumber::parse_with(input, &NumberOptions::ocr().on(today))
}

fn reason(input: &str) -> InvalidReason {
    parse_on(input, today()).unwrap_err().reason
}

#[test]
fn normalises_whitespace_fullwidth_and_check_character_forms() {
    let canonical = "11010519491231002X";
    for input in [
        " 11010519491231002X\n",
        "11010519491231002x",
        "11010519491231002×",
        "11010519491231002Ⅹ",
        "11010519491231002Ｘ",
        "１１０１０５１９４９１２３１００２Ｘ",
    ] {
        assert_eq!(parse_on(input, today()).unwrap().reveal(), canonical, "{input:?}");
    }
}

#[test]
fn inner_separators_only_through_the_ocr_entry_point() {
    let spaced = "1101 0519 4912 3100 2X";
    assert_eq!(reason(spaced), InvalidReason::Length);
    let (n, how) = parse_ocr_on(spaced, today()).unwrap();
    assert_eq!(n.reveal(), "11010519491231002X");
    assert!(how.removed_separators && !how.converted_fullwidth);
    let (_, how) = parse_ocr_on("110105-19491231-002Ｘ", today()).unwrap();
    assert!(how.removed_separators && how.converted_fullwidth);
    let (_, how) = parse_ocr_on("11010519491231002X", today()).unwrap();
    assert_eq!(how, Default::default());
}

#[test]
fn every_invalid_reason() {
    assert_eq!(reason(""), InvalidReason::Length);
    assert_eq!(reason("1101051949123100"), InvalidReason::Length);
    assert_eq!(reason("11010519491231002X1"), InvalidReason::Length);
    assert_eq!(reason("1101051949123100AX"), InvalidReason::Format);
    assert_eq!(reason("X10105194912310020"), InvalidReason::Format);
    assert_eq!(reason("110105194912310021"), InvalidReason::Checksum);
    assert_eq!(reason(&make_number("110105", "19490230", 2)), InvalidReason::Birth); // 30 Feb
    assert_eq!(reason(&make_number("110105", "18991231", 2)), InvalidReason::Birth); // before 1900
    assert_eq!(reason(&make_number("110105", "20261125", 2)), InvalidReason::Birth); // tomorrow
    assert_eq!(reason(&make_number("999999", "19491231", 2)), InvalidReason::Region);
    assert_eq!(reason(&make_number("110199", "19491231", 2)), InvalidReason::Region);
}

#[test]
fn leap_days() {
    assert!(parse_on(&make_number("110105", "20000229", 1), today()).is_ok());
    assert!(parse_on(&make_number("110105", "19960229", 1), today()).is_ok());
    assert_eq!(reason(&make_number("110105", "19000229", 1)), InvalidReason::Birth);
    assert_eq!(reason(&make_number("110105", "20230229", 1)), InvalidReason::Birth);
}

#[test]
fn sex_from_parity_of_digit_17() {
    assert_eq!(
        parse_on(&make_number("110105", "19800101", 1), today()).unwrap().sex(),
        Sex::Male
    );
    assert_eq!(
        parse_on(&make_number("110105", "19800101", 2), today()).unwrap().sex(),
        Sex::Female
    );
}

#[test]
fn kinds() {
    let n = |r: &str| parse_on(&make_number(r, "19800101", 3), today()).unwrap();
    assert_eq!(n("110105").kind(), IdKind::Resident);
    for r in ["810000", "820000", "830000"] {
        assert_eq!(n(r).kind(), IdKind::HkMacaoTaiwanPermit);
    }
    // 2023 foreigner's ID: 9, province 11, nationality 840
    let f = n("911840");
    assert_eq!(f.kind(), IdKind::ForeignPermanentResident);
    assert_eq!(f.region_code(), "110000");
    assert_eq!(f.region().unwrap().name, "北京市");
    assert_eq!(reason(&make_number("999840", "19800101", 3)), InvalidReason::Region);
}

#[test]
fn abolished_codes_resolve_with_their_years() {
    let n = parse_on(&make_number("110103", "19700101", 1), today()).unwrap();
    let r = n.region().unwrap();
    assert_eq!(r.name, "崇文区");
    assert!(!r.in_use);
    assert_eq!((r.periods[0].start_year, r.periods[0].end_year), (1980, Some(2009)));
}

#[test]
fn city_district_codes_missing_from_the_table_resolve_through_their_city() {
    let n = parse_on(&make_number("370101", "19700101", 1), today()).unwrap();
    assert_eq!(n.region().unwrap().prefecture.as_deref(), Some("济南市"));
}

#[test]
fn fifteen_digit_upgrade() {
    let n = IdNumber::upgrade_15("110105491231002").unwrap();
    assert_eq!(n.reveal(), "11010519491231002X");
    assert_eq!(
        IdNumber::upgrade_15("11010549123100").unwrap_err().reason,
        InvalidReason::Length
    );
    assert_eq!(
        IdNumber::upgrade_15("11010549123100A").unwrap_err().reason,
        InvalidReason::Format
    );
    assert_eq!(
        IdNumber::upgrade_15("110105491331002").unwrap_err().reason,
        InvalidReason::Birth
    );
    // 15 digits are not valid input on their own
    assert_eq!(reason("110105491231002"), InvalidReason::Length);
}

#[test]
fn masked_everywhere_but_reveal() {
    let n = parse_on("530402198811012844", today()).unwrap();
    assert_eq!(n.to_string(), "5304**********2844");
    assert_eq!(format!("{n:?}"), "IdNumber(5304**********2844)");
    let err = parse_on("530402198811012845", today()).unwrap_err();
    assert!(!err.to_string().contains("530402198811012845"));
    assert!(err.to_string().contains("checksum"));
}

#[test]
fn confusable_repair_only_when_everything_checks() {
    let good = make_number("110105", "19800101", 1);
    let with_o = good.replacen('0', "O", 1);
    let (n, fix) = repair_confusable(&with_o, today()).unwrap();
    assert_eq!(n.reveal(), good);
    assert_eq!(fix.read, 'O');
    // B for 8
    let good8 = make_number("110105", "19880101", 1);
    let with_b = format!("{}B{}", &good8[..8], &good8[9..]);
    assert_eq!(repair_confusable(&with_b, today()).unwrap().0.reveal(), good8);
    // two confusables: no repair
    let two = with_o.replacen('1', "I", 1);
    assert!(repair_confusable(&two, today()).is_none());
    // a confusable that would give a wrong checksum: no repair
    let wrong = format!("{}O{}", &good[..3], &good[4..]).replace('X', "1");
    if parse_on(&wrong.replace('O', "0"), today()).is_err() {
        assert!(repair_confusable(&wrong, today()).is_none());
    }
}

fn arb_valid() -> impl Strategy<Value = String> {
    let regions = prop::sample::select(vec![
        "110105", "320830", "522723", "440106", "650102", "810000", "830000",
    ]);
    let date = (1900i32..=2025, 1u32..=12, 1u32..=28);
    (regions, date, 0u32..1000).prop_map(|(r, (y, m, d), seq)| make_number(r, &format!("{y:04}{m:02}{d:02}"), seq))
}

proptest! {
    #[test]
    fn generated_numbers_round_trip(s in arb_valid()) {
        let n = parse_on(&s, today()).unwrap();
        prop_assert_eq!(n.reveal(), s.as_str());
        prop_assert_eq!(n.birth_date().format("%Y%m%d").to_string(), &s[6..14]);
        let odd = (s.as_bytes()[16] - b'0') % 2 == 1;
        prop_assert_eq!(n.sex() == Sex::Male, odd);
        let (m, _) = parse_ocr_on(&format!(" {} {} ", &s[..6], &s[6..]), today()).unwrap();
        prop_assert_eq!(m, n);
    }

    #[test]
    fn any_single_substitution_is_caught(s in arb_valid(), pos in 0usize..18, c in prop::sample::select("0123456789X".chars().collect::<Vec<_>>())) {
        let mut chars: Vec<char> = s.chars().collect();
        prop_assume!(chars[pos] != c);
        chars[pos] = c;
        let corrupted: String = chars.into_iter().collect();
        prop_assert!(parse_on(&corrupted, today()).is_err(), "{} accepted", corrupted);
    }

    #[test]
    fn any_adjacent_transposition_is_caught(s in arb_valid(), pos in 0usize..17) {
        let mut chars: Vec<char> = s.chars().collect();
        prop_assume!(chars[pos] != chars[pos + 1]);
        chars.swap(pos, pos + 1);
        let corrupted: String = chars.into_iter().collect();
        prop_assert!(parse_on(&corrupted, today()).is_err(), "{} accepted", corrupted);
    }

    #[test]
    fn parse_never_panics(s in "\\PC{0,40}") {
        let _ = parse_on(&s, today());
        let _ = parse_ocr_on(&s, today());
        let _ = IdNumber::upgrade_15(&s);
        let _ = repair_confusable(&s, today());
    }
}
