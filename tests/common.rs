//! Shared by the end-to-end tests.

#![allow(dead_code)]

use serde_json::Value;

/// Asserts that a card report (as JSON) holds the truth of every field.
pub fn assert_matches_truth(report: &Value, truth: &Value, what: &str) {
    assert_eq!(report["side"], truth["side"], "{what}: side");
    for (t, g) in idcard::report::TRUTH_KEYS {
        assert_eq!(report[g], truth[t], "{what}: {g}");
    }
}
