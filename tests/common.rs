//! Shared by the end-to-end tests.

#![allow(dead_code)]

use serde_json::Value;

/// Truth-file key → report key, for every field a card can have.
pub const FIELDS: [(&str, &str); 10] = [
    ("side", "side"),
    ("name", "name"),
    ("sex", "sex"),
    ("ethnicity", "ethnicity"),
    ("birth", "birth_date"),
    ("address", "address"),
    ("id_number", "id_number"),
    ("issuer", "issuer"),
    ("valid_from", "valid_from"),
    ("valid_to", "valid_until"),
];

/// Asserts that a card report (as JSON) holds the truth of every field.
pub fn assert_matches_truth(report: &Value, truth: &Value, what: &str) {
    for (t, g) in FIELDS {
        assert_eq!(report[g], truth[t], "{what}: {g}");
    }
}
