//! The flat JSON shape of a card, shared by the CLI and the server.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::card::{IdCard, Side};

use crate::model::field_key::FieldKey;
use crate::model::sensitive::Sensitive;
use crate::model::warning::{CardStatus, Warning};

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
/// use idcard::report::CardReport;
/// use idcard::{ParseOptions, parse};
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
/// let report = idcard::report::CardReport::from(&idcard::parse(&lines, &Default::default()));
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
    pub confidence: BTreeMap<FieldKey, f32>,
    /// Per field read, when the engine reports characters: the confidence of
    /// the value's own characters (see [`crate::model::Field::characters_confidence`]).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub characters_confidence: BTreeMap<FieldKey, f32>,
    /// `ok`, `review` or `reject`: what a KYC backend does with the card.
    pub status: CardStatus,
    /// The fields proven by the number, the region table or a cross-check
    /// (report keys); the others were read by OCR only.
    pub verified: Vec<FieldKey>,
    /// Problems found, each with its severity.
    pub warnings: Vec<ReportWarning>,
}

/// A warning as reported: code, severity, message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportWarning {
    /// What kind of problem (`field_missing`, …).
    pub code: crate::model::warning::WarningCode,
    /// `info`, `review` or `reject`.
    pub severity: crate::model::warning::Severity,
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
        let mut characters_confidence = BTreeMap::new();
        let mut verified = Vec::new();
        for (name, state) in card.field_states() {
            if let Some(s) = state {
                confidence.insert(name, s.confidence);
                if let Some(c) = s.characters_confidence {
                    characters_confidence.insert(name, c);
                }
                if s.verified {
                    verified.push(name);
                }
            }
        }
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
            characters_confidence,
            status: card.status(),
            verified,
            warnings: card.warnings.iter().map(ReportWarning::from).collect(),
        }
    }
}

/// A quad as JSON: four `[x, y]` corners in image pixels, top-left as read
/// first, clockwise.
pub type QuadJson = [[f64; 2]; 4];

fn quad_json(q: &ocr_core::Quad) -> QuadJson {
    q.points
        .map(|p| [(p.x * 10.0).round() / 10.0, (p.y * 10.0).round() / 10.0])
}

/// One card of a page as flat JSON: where it is on the page, the
/// [`CardReport`] keys, where each field is printed, and its image-quality
/// scores. The CLI writes one per line; the server's `/idcard` returns them
/// as `cards`.
///
/// # Examples
///
/// ```
/// use ocr_core::{Quad, TextLine};
/// use idcard::page::parse_page;
/// use idcard::report::PageCardReport;
/// use idcard::ParseOptions;
/// let at = |t: &str, x: f64, y: f64| TextLine::new(t, 99.0).with_polygon(Quad::from_rect(x, y, 20.0 * t.chars().count() as f64, 23.0));
/// let page = parse_page(&[at("姓名张三", 56.0, 72.0), at("住址北京市朝阳区建国路1号", 56.0, 256.0), at("公民身份号码110105194912310038", 56.0, 462.0)], &ParseOptions::default());
/// let reports = PageCardReport::all(&page);
/// let json = serde_json::to_value(&reports[0]).unwrap();
/// assert_eq!((json["card"].as_u64(), json["cards_on_page"].as_u64()), (Some(0), Some(1)));
/// assert_eq!(json["side"], "front");
/// assert!(json["quad"].as_array().unwrap().len() == 4 && json["boxes"]["name"].is_array());
/// assert!(!format!("{reports:?}").contains("张三"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageCardReport {
    /// The card's index on the page, in reading order.
    pub card: usize,
    /// How many cards the page holds.
    pub cards_on_page: usize,
    /// The identity the card belongs to (a front and a back of the same
    /// person share it).
    pub person: usize,
    /// The card's corners in image pixels (`null` when it could not be
    /// placed).
    pub quad: Option<QuadJson>,
    /// What the quad was found from: `edges` (the card's outline in the
    /// image) or `text` (where its labels are printed); `null` without a
    /// quad.
    pub quad_source: Option<crate::page::QuadSource>,
    /// The fields, status and warnings of the card.
    #[serde(flatten)]
    pub fields: CardReport,
    /// Field (report key; `validity` for the period) → where it is printed.
    pub boxes: BTreeMap<FieldKey, QuadJson>,
    /// Image-quality scores (`null` when the image was not at hand).
    pub quality: Option<crate::pixels::quality::Quality>,
    /// Page-level warnings (`multiple_cards`), the same on every card of
    /// the page; they do not change the card's `status`.
    pub page_warnings: Vec<ReportWarning>,
}

impl PageCardReport {
    /// The report of every card on the page, in reading order. A page
    /// without a card gives one report: `cards_on_page` 0, no side, and the
    /// `side_unknown` warning (status `reject`).
    pub fn all(page: &crate::page::PageReading) -> Vec<PageCardReport> {
        let page_warnings: Vec<ReportWarning> = page.warnings.iter().map(ReportWarning::from).collect();
        if page.cards.is_empty() {
            return vec![PageCardReport {
                card: 0,
                cards_on_page: 0,
                person: 0,
                quad: None,
                quad_source: None,
                fields: CardReport::from(&page.clone().into_first_identity()),
                boxes: BTreeMap::new(),
                quality: None,
                page_warnings,
            }];
        }
        page.cards
            .iter()
            .enumerate()
            .map(|(i, c)| PageCardReport {
                card: i,
                cards_on_page: page.cards.len(),
                person: c.person,
                quad: c.quad.as_ref().map(quad_json),
                quad_source: c.quad.map(|_| c.quad_source),
                fields: CardReport::from(&c.card),
                boxes: field_boxes(&c.card),
                quality: c.quality,
                page_warnings: page_warnings.clone(),
            })
            .collect()
    }
}

fn field_boxes(card: &IdCard) -> BTreeMap<FieldKey, QuadJson> {
    card.field_quads()
        .into_iter()
        .filter_map(|(key, quad)| Some((key, quad_json(&quad?))))
        .collect()
}
