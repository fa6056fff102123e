//! Dev-corpus cards (real OCR output on synthetic cards) as fixtures:
//! snapshots of their rows, and every label in the same row as its value.

mod support;

use serde_json::json;

const CARDS: [&str; 14] = [
    "0000", "0001", "0035", "0043", "0047", "0074", "0076", "0078", "0081", "0096", "0121", "0123", "0129", "0138",
];

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn every_label_shares_its_row_with_its_value() {
    for card in CARDS {
        let (_, checks) = support::check_card(
            &fixture(&format!("{card}.ocr.json")),
            &fixture(&format!("{card}.truth.json")),
        );
        assert!(checks.iter().any(|c| c.same_row.is_some()), "{card}: nothing checked");
        for c in checks {
            assert_ne!(c.same_row, Some(false), "{card}: {} is not in its value's row", c.label);
        }
    }
}

#[test]
fn corpus_rows_snapshot() {
    for card in CARDS {
        let (layout, _) = support::check_card(
            &fixture(&format!("{card}.ocr.json")),
            &fixture(&format!("{card}.truth.json")),
        );
        let rows: Vec<_> = layout
            .rows
            .iter()
            .map(|r| json!({"text": r.text, "members": r.members}))
            .collect();
        let summary = json!({
            "orientation": layout.frame.orientation,
            "source": layout.frame.source,
            "skew_degrees": (layout.frame.skew_degrees * 10.0).round() / 10.0,
            "rows": rows,
            "skipped": layout.skipped,
        });
        insta::assert_json_snapshot!(format!("card_{card}"), summary);
    }
}
