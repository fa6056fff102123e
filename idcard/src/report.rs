//! The flat JSON shape of a card, shared by the CLI and the server.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::card::{CardStatus, IdCard, Side, Warning};
use crate::sensitive::Sensitive;

/// For each field of the report, the key of the same field in the dev
/// corpus's `NNNN.truth.json` (truth key, report key). `side` has the same
/// key in both. Used by `docstruct score` and the corpus tests.
pub const TRUTH_KEYS: [(&str, &str); 9] = [
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

/// A card as flat JSON: every key always present, absent fields `null`.
///
/// Serializes the unmasked values (it is what the caller asked for); its
/// `Debug` masks the name, address and number.
///
/// # Examples
///
/// ```
/// use idcard::{CardReport, ParseOptions, parse};
/// let card = parse(&[], &ParseOptions::default());
/// let json = serde_json::to_value(CardReport::from(&card)).unwrap();
/// assert!(json["name"].is_null());
/// assert_eq!(json["warnings"][0]["code"], "side_unknown");
/// assert_eq!(json["warnings"][0]["severity"], "reject");
/// assert_eq!(json["status"], "reject");
/// ```
///
/// ```
/// use ocr_core::{Quad, TextLine};
/// let lines = [TextLine::new("公民身份号码11010519491231002X", 99.0).with_polygon(Quad::from_rect(0.0, 0.0, 600.0, 30.0))];
/// let report = idcard::CardReport::from(&idcard::parse(&lines, &Default::default()));
/// assert!(!format!("{report:?}").contains("11010519491231002X"));
/// assert_eq!(serde_json::to_value(&report).unwrap()["id_number"], "11010519491231002X");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardReport {
    /// `front` or `back`.
    pub side: Option<Side>,
    /// 姓名 (masked in `Debug`).
    pub name: Option<Sensitive>,
    /// 性别: `男` or `女`.
    pub sex: Option<String>,
    /// 民族.
    pub ethnicity: Option<String>,
    /// 出生, `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    /// 住址 (masked in `Debug`).
    pub address: Option<Sensitive>,
    /// 公民身份号码 as read, normalised (masked in `Debug`).
    pub id_number: Option<Sensitive>,
    /// Whether the number passed every check (`null` when none was read).
    pub id_valid: Option<bool>,
    /// 签发机关.
    pub issuer: Option<String>,
    /// Start of 有效期限, `YYYY-MM-DD`.
    pub valid_from: Option<String>,
    /// End of 有效期限, `YYYY-MM-DD` or `长期`.
    pub valid_until: Option<String>,
    /// Per field read: the lowest confidence of its OCR lines.
    pub confidence: BTreeMap<&'static str, f32>,
    /// `ok`, `review` or `reject`: what a KYC backend does with the card.
    pub status: CardStatus,
    /// The fields proven by the number, the region table or a cross-check
    /// (report keys); the others were read by OCR only.
    pub verified: Vec<&'static str>,
    /// Problems found, each with its severity.
    pub warnings: Vec<ReportWarning>,
}

/// A warning as reported: code, severity, message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportWarning {
    /// What kind of problem (`field_missing`, …).
    pub code: crate::card::WarningCode,
    /// `info`, `review` or `reject`.
    pub severity: crate::card::Severity,
    /// A description for people, without personal data.
    pub message: String,
}

impl From<&Warning> for ReportWarning {
    fn from(w: &Warning) -> Self {
        Self {
            code: w.code,
            severity: w.code.severity(),
            message: w.message.clone(),
        }
    }
}

impl From<&IdCard> for CardReport {
    fn from(card: &IdCard) -> Self {
        let mut confidence = BTreeMap::new();
        let mut verified = Vec::new();
        let mut note = |name: &'static str, field: Option<(f32, bool)>| {
            if let Some((c, v)) = field {
                confidence.insert(name, c);
                if v {
                    verified.push(name);
                }
            }
        };
        note("name", card.name.as_ref().map(|f| (f.confidence, f.verified)));
        note("sex", card.sex.as_ref().map(|f| (f.confidence, f.verified)));
        note("ethnicity", card.ethnicity.as_ref().map(|f| (f.confidence, f.verified)));
        note(
            "birth_date",
            card.birth_date.as_ref().map(|f| (f.confidence, f.verified)),
        );
        note("address", card.address.as_ref().map(|f| (f.confidence, f.verified)));
        note("id_number", card.id_number.as_ref().map(|f| (f.confidence, f.verified)));
        note("issuer", card.issuer.as_ref().map(|f| (f.confidence, f.verified)));
        note("validity", card.validity.as_ref().map(|f| (f.confidence, f.verified)));
        CardReport {
            side: card.side,
            name: card.name.as_ref().map(|f| f.value.clone()),
            sex: card.sex.as_ref().map(|f| f.value.as_chinese().to_owned()),
            ethnicity: card.ethnicity.as_ref().map(|f| f.value.clone()),
            birth_date: card.birth_date.as_ref().map(|f| f.value.format("%Y-%m-%d").to_string()),
            address: card.address.as_ref().map(|f| f.value.clone()),
            id_number: card.id_number.as_ref().map(|f| f.value.text.clone()),
            id_valid: card.id_number.as_ref().map(|f| f.value.valid.is_some()),
            issuer: card.issuer.as_ref().map(|f| f.value.clone()),
            valid_from: card
                .validity
                .as_ref()
                .map(|f| f.value.from.format("%Y-%m-%d").to_string()),
            valid_until: card.validity.as_ref().map(|f| f.value.until.to_string()),
            confidence,
            status: card.status(),
            verified,
            warnings: card.warnings.iter().map(ReportWarning::from).collect(),
        }
    }
}
