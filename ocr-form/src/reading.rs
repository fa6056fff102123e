//! What comes out: a [`FormReading`] with one [`FieldReading`] per schema
//! field, its [`FormWarning`]s and a [`FormStatus`]; and the flat JSON the
//! CLI and the server print.

use std::fmt;

use ocr_core::{Masked, Quad};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::schema::ValueKind;
use crate::values::{Parsed, RangeEnd};

/// One field of a form as read.
///
/// `Debug` masks the value (a form holds personal data).
#[derive(Clone, PartialEq, Serialize)]
pub struct FieldReading {
    /// The schema's key.
    pub key: String,
    /// The schema's kind.
    pub kind: ValueKind,
    /// The value as printed (a code normalised, a choice as the schema
    /// writes it); `None` when not found.
    pub value: Option<String>,
    /// The value read as its kind (dates, ranges, amounts).
    pub parsed: Option<Parsed>,
    /// The label that was read, as the schema writes it.
    pub label: Option<String>,
    /// Where the label read is reported ([`FieldSpec::label_key`](crate::FieldSpec::label_key)).
    pub label_key: Option<String>,
    /// Where the value stands, in image pixels.
    pub quad: Option<Quad>,
    /// The lowest confidence (0–100) of the lines it was read from.
    pub confidence: Option<f32>,
    /// A check proved the value: its validator passed, or it is one of the
    /// schema's choices.
    pub verified: bool,
    /// The indices (in the caller's lines) it was read from.
    pub lines: Vec<usize>,
    /// The characters of those lines it was read from, in reading order
    /// (a caller that keeps its own view of the lines maps the value onto
    /// it; not serialized).
    #[serde(skip)]
    pub spans: Vec<LineSpan>,
}

/// Characters of one of the caller's lines that a value was read from.
///
/// ```
/// use ocr_core::{Quad, TextLine};
/// use ocr_form::{FieldSpec, FormExtractor, FormSchema, ValueKind};
///
/// let schema = FormSchema::new("note").field(FieldSpec::new("name", ValueKind::Text, ["名称"]));
/// let lines = [TextLine::new("名称 某某公司", 99.0).with_polygon(Quad::from_rect(0.0, 0.0, 300.0, 30.0))];
/// let reading = FormExtractor::new(schema).unwrap().extract(&lines);
/// let span = &reading.get("name").unwrap().spans[0];
/// assert_eq!(span.line, 0);
/// let text: String = lines[0].text.chars().skip(span.chars.start).take(span.chars.len()).collect();
/// assert_eq!(text, "某某公司");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSpan {
    /// The line's index in the caller's lines.
    pub line: usize,
    /// The characters, as indices into the line's text's `chars()`.
    pub chars: std::ops::Range<usize>,
}

impl fmt::Debug for FieldReading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FieldReading")
            .field("key", &self.key)
            .field("value", &self.value.as_deref().map(Masked))
            .field("label", &self.label)
            .field("confidence", &self.confidence)
            .field("verified", &self.verified)
            .finish_non_exhaustive()
    }
}

impl FieldReading {
    pub(crate) fn absent(key: &str, kind: ValueKind, label_key: Option<String>) -> Self {
        Self {
            key: key.to_string(),
            kind,
            value: None,
            parsed: None,
            label: None,
            label_key,
            quad: None,
            confidence: None,
            verified: false,
            lines: Vec::new(),
            spans: Vec::new(),
        }
    }
}

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FormWarningCode {
    /// A required field was not found.
    Missing,
    /// A required field's label was read but no value next to it (an
    /// optional field may be left blank).
    LabelWithoutValue,
    /// The value's lines are below the schema's confidence.
    LowConfidence,
    /// The value does not read as its kind, fails its validator or its
    /// pattern.
    Invalid,
    /// The value is none of the field's choices, and no single choice is
    /// proven.
    NotInChoices,
    /// The value was repaired to the one candidate that fits (validator or
    /// choices); the reading is kept in the message's place, not the value.
    Repaired,
    /// Two fields disagree (a form's own cross-check).
    Mismatch,
    /// The document's term ended before the day it was read.
    Expired,
}

pub use ocr_core::Severity;

/// One thing a reader should know about a form. The message names fields,
/// never their values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormWarning {
    /// What it is.
    pub code: FormWarningCode,
    /// The field's key.
    pub field: String,
    /// How much it weighs.
    pub severity: Severity,
    /// For a person.
    pub message: String,
}

impl FormWarning {
    /// A warning about `field`.
    pub fn new(
        code: FormWarningCode,
        field: impl Into<String>,
        severity: Severity,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code,
            field: field.into(),
            severity,
            message: message.into(),
        }
    }
}

/// The verdict on a form, as for an ID card: `ok` goes through untouched
/// ([`ocr_core::Status`], shared by every reader).
pub type FormStatus = ocr_core::Status;

/// A form as read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormReading {
    /// The schema's form name.
    pub form: String,
    /// One per schema field, in the schema's order.
    pub fields: Vec<FieldReading>,
    /// What a reader should know.
    pub warnings: Vec<FormWarning>,
}

impl FormReading {
    /// The field under `key`.
    pub fn get(&self, key: &str) -> Option<&FieldReading> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The field under `key`, to change it (a form's own cross-checks).
    pub fn get_mut(&mut self, key: &str) -> Option<&mut FieldReading> {
        self.fields.iter_mut().find(|f| f.key == key)
    }

    /// The value under `key`, when read.
    pub fn value(&self, key: &str) -> Option<&str> {
        self.get(key)?.value.as_deref()
    }

    /// The heaviest warning decides: `reject`, `review`, else `ok`.
    pub fn status(&self) -> FormStatus {
        FormStatus::of(self.warnings.iter().map(|w| w.severity))
    }

    /// Adds a warning, once.
    pub fn warn(&mut self, warning: FormWarning) {
        if !self.warnings.contains(&warning) {
            self.warnings.push(warning);
        }
    }

    /// One flat JSON object: every schema key (a date as ISO, a range as
    /// `KEY_from` / `KEY_to` with an open end as printed, an amount as
    /// printed plus `KEY_amount` {value, currency}, `null` when not read),
    /// each label key, then `form`, `status`, `warnings`, and per field read
    /// `labels` (the label read), `confidence` (0–100), `verified` (the keys
    /// a check proved) and `boxes` (the value's corners `[x, y]` in image
    /// pixels, to a tenth).
    ///
    /// ```
    /// use ocr_core::{Quad, TextLine};
    /// use ocr_form::{FieldSpec, FormExtractor, FormSchema, ValueKind};
    /// let schema = FormSchema::new("permit").field(FieldSpec::new("term", ValueKind::DateRange, ["有效期"]));
    /// let lines = [TextLine::new("有效期 2020年01月01日至长期", 99.0).with_polygon(Quad::from_rect(0.0, 0.0, 400.0, 30.0))];
    /// let json = FormExtractor::new(schema).unwrap().extract(&lines).to_flat_json();
    /// assert_eq!(json["term_from"], "2020-01-01");
    /// assert_eq!(json["term_to"], "长期");
    /// assert_eq!(json["status"], "ok");
    /// assert_eq!(json["labels"]["term"], "有效期");
    /// assert_eq!(json["confidence"]["term"], 99.0);
    /// ```
    pub fn to_flat_json(&self) -> Value {
        let mut out = Map::new();
        let (mut boxes, mut confidences, mut labels) = (Map::new(), Map::new(), Map::new());
        let mut verified = Vec::new();
        for field in &self.fields {
            match (field.kind, &field.parsed) {
                (ValueKind::DateRange, Some(Parsed::DateRange { from, to })) => {
                    out.insert(format!("{}_from", field.key), json!(from.to_string()));
                    let to = match to {
                        RangeEnd::Date(d) => d.to_string(),
                        RangeEnd::Open(text) => text.clone(),
                    };
                    out.insert(format!("{}_to", field.key), json!(to));
                }
                (ValueKind::DateRange, _) => {
                    out.insert(format!("{}_from", field.key), Value::Null);
                    out.insert(format!("{}_to", field.key), Value::Null);
                }
                (ValueKind::Date, Some(Parsed::Date { date })) => {
                    out.insert(field.key.clone(), json!(date.to_string()));
                }
                (ValueKind::Amount, parsed) => {
                    out.insert(field.key.clone(), json!(field.value));
                    if let Some(Parsed::Amount(a)) = parsed {
                        out.insert(
                            format!("{}_amount", field.key),
                            json!({"value": a.value(), "currency": a.currency}),
                        );
                    }
                }
                _ => {
                    out.insert(field.key.clone(), json!(field.value));
                }
            }
            if let Some(key) = &field.label_key {
                out.insert(key.clone(), json!(field.label));
            }
            if let Some(quad) = &field.quad {
                // a tenth of a pixel: what a box means, and stable text
                let points: Vec<Value> = quad
                    .points
                    .iter()
                    .map(|p| json!([(p.x * 10.0).round() / 10.0, (p.y * 10.0).round() / 10.0]))
                    .collect();
                boxes.insert(field.key.clone(), Value::Array(points));
            }
            if let Some(confidence) = field.confidence {
                confidences.insert(field.key.clone(), json!(confidence));
            }
            if let Some(label) = &field.label {
                labels.insert(field.key.clone(), json!(label));
            }
            if field.verified {
                verified.push(json!(field.key));
            }
        }
        out.insert("form".into(), json!(self.form));
        out.insert("status".into(), json!(self.status()));
        out.insert("warnings".into(), json!(self.warnings));
        out.insert("labels".into(), Value::Object(labels));
        out.insert("confidence".into(), Value::Object(confidences));
        out.insert("verified".into(), Value::Array(verified));
        out.insert("boxes".into(), Value::Object(boxes));
        Value::Object(out)
    }
}
