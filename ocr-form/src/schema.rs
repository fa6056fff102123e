//! What a form is: its fields, each with its labels, the kind of value and
//! where the value stands. Written in Rust with the builder methods or read
//! from TOML or JSON ([`FormSchema::from_toml`], [`FormSchema::from_json`]).

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};

/// A form: its name and its fields, in the order they are reported.
///
/// # Examples
///
/// ```
/// use ocr_form::{FieldSpec, FormSchema, ValueKind};
/// let by_hand = FormSchema::new("membership")
///     .field(FieldSpec::new("member", ValueKind::Text, ["会员姓名", "姓名"]).required())
///     .field(FieldSpec::new("joined", ValueKind::Date, ["入会日期"]));
/// let from_toml = FormSchema::from_toml(r#"
///     form = "membership"
///     [[field]]
///     key = "member"
///     labels = ["会员姓名", "姓名"]
///     required = true
///     [[field]]
///     key = "joined"
///     kind = "date"
///     labels = ["入会日期"]
/// "#).unwrap();
/// assert_eq!(by_hand, from_toml);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormSchema {
    /// The form's name, reported with every reading (`business-licence`).
    pub form: String,
    /// A value whose lines' confidence (0–100) is below this is flagged
    /// `low_confidence`.
    #[serde(default = "default_min_confidence")]
    pub min_confidence: f32,
    /// The fields, in the order they are reported.
    #[serde(rename = "field", default)]
    pub fields: Vec<FieldSpec>,
}

fn default_min_confidence() -> f32 {
    80.0
}

/// One field of a [`FormSchema`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// The key the value is reported under (a date range reports
    /// `KEY_from` and `KEY_to`).
    pub key: String,
    /// The labels that name this field, each an alternative (法定代表人 |
    /// 投资人 | 经营者). Matched without their spaces (`名　　称` is 名称),
    /// fused with the value (`名称某某公司`), split over two OCR lines, or
    /// with one character misread when four or more long.
    pub labels: Vec<String>,
    /// What the value is.
    #[serde(default)]
    pub kind: ValueKind,
    /// Where the value stands relative to its label.
    #[serde(default)]
    pub position: ValuePosition,
    /// A form without this field is for review (`missing`).
    #[serde(default)]
    pub required: bool,
    /// Also report which label was read, under this key (the label as the
    /// schema writes it): `representative_label` = 投资人.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_key: Option<String>,
    /// A named code check (see [`Validators`](crate::Validators)); for
    /// [`ValueKind::Code`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validator: Option<String>,
    /// The values the field can take. A reading within one proven repair of
    /// one choice is repaired to it; any other is flagged `not_in_choices`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    /// A regular expression the whole value must match, else `invalid`;
    /// an optional field's text that does not match is not taken as its
    /// value (another field may own it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// An invalid value rejects the form (else it is for review).
    #[serde(default)]
    pub reject_if_invalid: bool,
}

/// What a field's value is, and so how it is read and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// One line of text, continued on following lines aligned with it.
    #[default]
    Text,
    /// Lines joined in order, to the end of the value's column.
    Paragraph,
    /// `2016年07月17日` (also `2016-07-17`, `2016.07.17`) → an ISO date.
    Date,
    /// `DATE至DATE` or `DATE至长期` → `KEY_from` and `KEY_to`.
    DateRange,
    /// Chinese upper-case numerals or Arabic with 万/亿 (`壹佰万元整`,
    /// `人民币100万元`, `100万元人民币`) → an amount and a currency; the
    /// printed text is kept.
    Amount,
    /// Letters and digits, spaces dropped, checked by its validator.
    Code,
}

impl ValueKind {
    /// Whether the value may continue on the lines below its first.
    pub fn wraps(self) -> bool {
        matches!(self, ValueKind::Text | ValueKind::Paragraph)
    }
}

/// Where a value stands relative to its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValuePosition {
    /// In the label's row, after it (fused with it or in the next boxes).
    #[default]
    Right,
    /// The nearest line under the label that reads as the field's kind
    /// (a date printed under a seal).
    Below,
}

impl FieldSpec {
    /// A field with its key, kind and labels; optional, to the right of its
    /// label, with no checks beyond its kind's.
    pub fn new<L: Into<String>>(key: impl Into<String>, kind: ValueKind, labels: impl IntoIterator<Item = L>) -> Self {
        Self {
            key: key.into(),
            labels: labels.into_iter().map(Into::into).collect(),
            kind,
            position: ValuePosition::Right,
            required: false,
            label_key: None,
            validator: None,
            choices: Vec::new(),
            pattern: None,
            reject_if_invalid: false,
        }
    }

    /// The form is for review without it.
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// The value stands under its label ([`ValuePosition::Below`]).
    pub fn below(mut self) -> Self {
        self.position = ValuePosition::Below;
        self
    }

    /// Reports the label read under `key`.
    pub fn label_key(mut self, key: impl Into<String>) -> Self {
        self.label_key = Some(key.into());
        self
    }

    /// Checks the value with the named validator.
    pub fn validator(mut self, name: impl Into<String>) -> Self {
        self.validator = Some(name.into());
        self
    }

    /// The values the field can take.
    pub fn choices<C: Into<String>>(mut self, choices: impl IntoIterator<Item = C>) -> Self {
        self.choices = choices.into_iter().map(Into::into).collect();
        self
    }

    /// A regular expression the whole value must match.
    pub fn pattern(mut self, pattern: impl Into<String>) -> Self {
        self.pattern = Some(pattern.into());
        self
    }

    /// An invalid value rejects the form.
    pub fn reject_if_invalid(mut self) -> Self {
        self.reject_if_invalid = true;
        self
    }
}

impl FormSchema {
    /// A form with no fields yet.
    pub fn new(form: impl Into<String>) -> Self {
        Self {
            form: form.into(),
            min_confidence: default_min_confidence(),
            fields: Vec::new(),
        }
    }

    /// Adds a field.
    pub fn field(mut self, field: FieldSpec) -> Self {
        self.fields.push(field);
        self
    }

    /// Reads a schema written in TOML (see the crate's docs for the format).
    ///
    /// ```
    /// let err = ocr_form::FormSchema::from_toml("form = 3").unwrap_err();
    /// assert!(err.is_schema_syntax());
    /// ```
    pub fn from_toml(text: &str) -> Result<Self, Error> {
        let schema: FormSchema = toml::from_str(text).map_err(|e| ErrorKind::Toml(Box::new(e)))?;
        schema.check()?;
        Ok(schema)
    }

    /// Reads a schema written in JSON (the same fields as the TOML form;
    /// the list of fields is `"field"`).
    ///
    /// ```
    /// let schema = ocr_form::FormSchema::from_json(
    ///     r#"{"form":"receipt","field":[{"key":"total","kind":"amount","labels":["合计"]}]}"#,
    /// ).unwrap();
    /// assert_eq!(schema.fields[0].kind, ocr_form::ValueKind::Amount);
    /// ```
    pub fn from_json(text: &str) -> Result<Self, Error> {
        let schema: FormSchema = serde_json::from_str(text).map_err(ErrorKind::Json)?;
        schema.check()?;
        Ok(schema)
    }

    /// Checks what a parser cannot: every key unique (a date range's
    /// `_from`/`_to` and label keys included), every field with a
    /// non-blank label, every pattern a valid regular expression.
    pub fn check(&self) -> Result<(), Error> {
        if self.fields.is_empty() {
            return Err(ErrorKind::NoFields.into());
        }
        let mut keys: Vec<String> = Vec::new();
        for field in &self.fields {
            if field.key.trim().is_empty() {
                return Err(ErrorKind::BlankKey.into());
            }
            if field.labels.iter().all(|l| l.chars().all(char::is_whitespace)) {
                return Err(ErrorKind::NoLabels(field.key.clone()).into());
            }
            if let Some(pattern) = &field.pattern {
                regex::Regex::new(pattern).map_err(|e| ErrorKind::Pattern {
                    key: field.key.clone(),
                    source: e,
                })?;
            }
            let mut own = match field.kind {
                ValueKind::DateRange => vec![format!("{}_from", field.key), format!("{}_to", field.key)],
                _ => vec![field.key.clone()],
            };
            own.extend(field.label_key.clone());
            for key in own {
                if keys.contains(&key) {
                    return Err(ErrorKind::DuplicateKey(key).into());
                }
                keys.push(key);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schema_file_names_its_fields_kinds_and_checks() {
        let schema = FormSchema::from_toml(
            r#"
            form = "permit"
            min_confidence = 70
            [[field]]
            key = "holder"
            labels = ["持证人", "负责人"]
            label_key = "holder_label"
            required = true
            [[field]]
            key = "valid"
            kind = "date_range"
            labels = ["有效期"]
            [[field]]
            key = "code"
            kind = "code"
            labels = ["编号"]
            pattern = "^[0-9]{6}$"
            reject_if_invalid = true
            [[field]]
            key = "issued"
            kind = "date"
            position = "below"
            labels = ["发证机关"]
            "#,
        )
        .unwrap();
        assert_eq!(schema.min_confidence, 70.0);
        assert_eq!(schema.fields.len(), 4);
        assert_eq!(schema.fields[0].label_key.as_deref(), Some("holder_label"));
        assert_eq!(schema.fields[1].kind, ValueKind::DateRange);
        assert!(schema.fields[2].reject_if_invalid);
        assert_eq!(schema.fields[3].position, ValuePosition::Below);
    }

    #[test]
    fn a_bad_schema_says_what_is_wrong() {
        let err = |text: &str| FormSchema::from_toml(text).unwrap_err();
        assert!(err("form = \"x\"").is_invalid_schema());
        assert!(err("form = \"x\"\n[[field]]\nkey = \"a\"\nlabels = [\"  \"]").is_invalid_schema());
        let dup = err(
            "form = \"x\"\n[[field]]\nkey = \"t_from\"\nlabels = [\"甲\"]\n[[field]]\nkey = \"t\"\nkind = \"date_range\"\nlabels = [\"乙\"]",
        );
        assert!(dup.to_string().contains("t_from"), "{dup}");
        let pattern = err("form = \"x\"\n[[field]]\nkey = \"a\"\nlabels = [\"甲\"]\npattern = \"(\"");
        assert!(std::error::Error::source(&pattern).is_some());
        assert!(err("form = \"x\"\n[[field]]\nkey = \"a\"\nlabels = [\"甲\"]\ncolour = 1").is_schema_syntax());
        assert!(err("form = \"x\"\n[[field]]\nkey = \"a\"\nlabels = [\"甲\"]\nkind = \"colour\"").is_schema_syntax());
    }
}
