//! Dev-corpus cards copied as fixtures: snapshots of what is read, and the
//! fields against the ground truth.

mod common;

use common::fixture;
use idcard::report::CardReport;
use ocr_core::OcrResponse;
use serde_json::Value;

/// Parses with default options.
fn parse(lines: &[ocr_core::TextLine]) -> idcard::IdCard {
    idcard::parse(lines, &idcard::ParseOptions::default())
}

const CARDS: [&str; 23] = [
    "0000", "0001", "0007", "0019", "0023", "0035", "0041", "0045", "0056", "0076", "0078", "0080", "0081", "0104",
    "0106", "0120", "0121", "0129", "0131", "0138", "0155", "0172", "0186",
];

/// Fields the OCR itself lost or left ambiguous on these cards (not in the
/// text at all, or one character from two official names): reported with a
/// warning or left empty, never guessed.
const OCR_LIMITS: [(&str, &str); 1] = [("0056", "ethnicity")];

fn report(card: &str) -> Value {
    let response = OcrResponse::from_json(&fixture(&format!("{card}.ocr.json"))).unwrap();
    serde_json::to_value(CardReport::from(&parse(&response.lines))).unwrap()
}

#[test]
fn fixture_cards_snapshot() {
    for card in CARDS {
        insta::assert_json_snapshot!(format!("card_{card}"), report(card));
    }
}

#[test]
fn fixture_cards_match_the_truth() {
    let pairs = idcard::report::TRUTH_KEYS;
    for card in CARDS {
        let truth: Value = serde_json::from_slice(&fixture(&format!("{card}.truth.json"))).unwrap();
        let got = report(card);
        assert_eq!(got["side"], truth["side"], "{card}");
        for (t, g) in pairs {
            if truth[t].is_null() || OCR_LIMITS.contains(&(card, g)) {
                continue;
            }
            assert_eq!(got[g], truth[t], "{card}: {g}");
        }
        if got["id_valid"] == true {
            assert_eq!(
                got["id_number"], truth["id_number"],
                "{card}: a wrong number reported valid"
            );
        }
    }
}
