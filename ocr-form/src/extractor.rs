//! [`FormExtractor`]: a checked schema with its validators; `extract` runs
//! the stages (frame → labels → values → kinds and checks → warnings).

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use ocr_core::TextLine;
use ocr_core::fuzzy::{EditCosts, NameMatch, match_name};
use regex::Regex;

use crate::error::{Error, ErrorKind};
use crate::labels::{LabelHit, Variant, find_labels, variants};
use crate::pieces::Pieces;
use crate::placement::{Claims, Span, value_below, value_right};
use crate::reading::{FieldReading, FormReading, FormWarning, FormWarningCode, LineSpan, Severity};
use crate::schema::{FieldSpec, FormSchema, ValueKind, ValuePosition};
use crate::values::{Amount, Parsed, find_date, fold_width, join_pieces, normalise_code, parse_date, parse_date_range};

/// What a code validator says of a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeCheck {
    /// The code passes its checks.
    Valid,
    /// The reading fails, and exactly one code within one misread
    /// character passes: this one.
    Repaired(String),
    /// The reading fails and no single repair is proven; the reason names
    /// the check, never the code.
    Invalid(String),
}

type CheckFn = dyn Fn(&str) -> CodeCheck + Send + Sync;

/// Named code checks a schema's fields can use (`validator = "NAME"`).
///
/// ```
/// use ocr_form::{CodeCheck, Validators};
/// let even = Validators::new().with("even-digits", |code: &str| {
///     if code.len() % 2 == 0 { CodeCheck::Valid } else { CodeCheck::Invalid("odd length".into()) }
/// });
/// assert!(even.contains("even-digits"));
/// ```
#[derive(Clone, Default)]
pub struct Validators {
    checks: HashMap<String, Arc<CheckFn>>,
}

impl fmt::Debug for Validators {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<&String> = self.checks.keys().collect();
        names.sort();
        f.debug_struct("Validators").field("names", &names).finish()
    }
}

impl Validators {
    /// No validators.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the check called `name`.
    pub fn with(mut self, name: impl Into<String>, check: impl Fn(&str) -> CodeCheck + Send + Sync + 'static) -> Self {
        self.checks.insert(name.into(), Arc::new(check));
        self
    }

    /// Whether a check is called `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.checks.contains_key(name)
    }

    fn get(&self, name: &str) -> Option<&CheckFn> {
        self.checks.get(name).map(|c| &**c)
    }
}

/// A schema ready to read documents: checked once, labels prepared,
/// patterns compiled, validators resolved.
///
/// # Examples
///
/// ```
/// use ocr_core::{Quad, TextLine};
/// use ocr_form::{FieldSpec, FormExtractor, FormSchema, FormStatus, ValueKind};
/// let schema = FormSchema::new("receipt")
///     .field(FieldSpec::new("shop", ValueKind::Text, ["商户名称"]).required())
///     .field(FieldSpec::new("total", ValueKind::Amount, ["合计", "总计"]).required());
/// let line = |text: &str, x: f64, y: f64| TextLine::new(text, 98.0).with_polygon(Quad::from_rect(x, y, 30.0 * text.chars().count() as f64, 30.0));
/// let lines = [line("商户名称", 0.0, 0.0), line("老王面馆", 150.0, 2.0), line("合计：人民币128元", 0.0, 60.0)];
/// let reading = FormExtractor::new(schema).unwrap().extract(&lines);
/// assert_eq!(reading.value("shop"), Some("老王面馆"));
/// assert_eq!(reading.value("total"), Some("人民币128元"));
/// assert_eq!(reading.status(), FormStatus::Ok);
/// ```
#[derive(Debug, Clone)]
pub struct FormExtractor {
    schema: FormSchema,
    variants: Vec<Variant>,
    patterns: Vec<Option<Regex>>,
    /// Per field, its choices with their width folded.
    folded_choices: Vec<Vec<String>>,
    validators: Validators,
}

impl FormExtractor {
    /// An extractor for `schema`, with no validators.
    pub fn new(schema: FormSchema) -> Result<Self, Error> {
        Self::with_validators(schema, Validators::new())
    }

    /// An extractor for `schema`; every validator a field names must be in
    /// `validators`.
    pub fn with_validators(schema: FormSchema, validators: Validators) -> Result<Self, Error> {
        schema.check()?;
        for field in &schema.fields {
            if let Some(name) = &field.validator
                && !validators.contains(name)
            {
                return Err(ErrorKind::UnknownValidator {
                    key: field.key.clone(),
                    name: name.clone(),
                }
                .into());
            }
        }
        let patterns = schema
            .fields
            .iter()
            .map(|f| {
                f.pattern
                    .as_deref()
                    .map(|p| Regex::new(&format!("^(?:{p})$")))
                    .transpose()
                    .map_err(|e| ErrorKind::Pattern {
                        key: f.key.clone(),
                        source: e,
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            variants: variants(&schema),
            folded_choices: schema
                .fields
                .iter()
                .map(|f| f.choices.iter().map(|c| fold_width(c)).collect())
                .collect(),
            schema,
            patterns,
            validators,
        })
    }

    /// The schema.
    pub fn schema(&self) -> &FormSchema {
        &self.schema
    }

    /// Reads one document's lines. Never fails: what is missing or wrong is
    /// a warning; lines without a usable polygon are left out.
    pub fn extract(&self, lines: &[TextLine]) -> FormReading {
        let pieces = Pieces::new(lines);
        let hits = find_labels(&pieces.pieces, &self.variants);
        let mut claims = Claims::new(&pieces.pieces, &hits);
        let mut located: Vec<Option<(usize, Vec<Span>)>> = vec![None; self.schema.fields.len()];
        // values to the right first (they own their rows), then below
        for position in [ValuePosition::Right, ValuePosition::Below] {
            for (h, hit) in hits.iter().enumerate() {
                for &f in &self.variants[hit.variant].fields {
                    let spec = &self.schema.fields[f];
                    if spec.position != position || located[f].as_ref().is_some_and(|(_, s)| !s.is_empty()) {
                        continue;
                    }
                    let spans = match position {
                        ValuePosition::Right => {
                            let foreign = |text: &str| self.is_choice_of_another(f, text);
                            value_right(&pieces.pieces, &hits, h, &claims, spec.kind.wraps(), &foreign)
                        }
                        ValuePosition::Below => {
                            value_below(&pieces.pieces, hit, &claims, |text| find_kind(spec.kind, text))
                        }
                    };
                    let spans = self.unless_unlike(f, spans, &pieces);
                    claims.take(&spans);
                    if located[f].is_none() || !spans.is_empty() {
                        located[f] = Some((h, spans));
                    }
                }
            }
        }
        let mut reading = FormReading {
            form: self.schema.form.clone(),
            fields: Vec::with_capacity(self.schema.fields.len()),
            warnings: Vec::new(),
        };
        for (f, spec) in self.schema.fields.iter().enumerate() {
            let field = match &located[f] {
                None => {
                    if spec.required {
                        reading.warn(FormWarning::new(
                            FormWarningCode::Missing,
                            &spec.key,
                            Severity::Review,
                            format!("{}: no label of the field was found", spec.key),
                        ));
                    }
                    FieldReading::absent(&spec.key, spec.kind, spec.label_key.clone())
                }
                Some((h, spans)) => self.read_field(f, &hits[*h], spans, &pieces, &mut reading),
            };
            reading.fields.push(field);
        }
        reading
    }

    /// Whether `text` is exactly one of the choices of a field other than
    /// `f` (spaces and width aside).
    fn is_choice_of_another(&self, f: usize, text: &str) -> bool {
        let read: String = fold_width(text).chars().filter(|c| !c.is_whitespace()).collect();
        self.folded_choices
            .iter()
            .enumerate()
            .any(|(g, choices)| g != f && choices.contains(&read))
    }

    /// An optional field's text that does not match its pattern is not
    /// its value (another field may own it): no spans.
    fn unless_unlike(&self, f: usize, spans: Vec<Span>, pieces: &Pieces) -> Vec<Span> {
        let spec = &self.schema.fields[f];
        let Some(pattern) = self.patterns[f].as_ref().filter(|_| !spec.required) else {
            return spans;
        };
        let (text, _, failure) = read_kind(spec.kind, &span_text(&spans, pieces));
        if failure.is_none() && pattern.is_match(&text) {
            spans
        } else {
            Vec::new()
        }
    }

    /// A code's boxes: when the whole row fails its validator, the run of
    /// boxes (up to three) that passes it, if exactly one does (a stray
    /// mark or a character of the label read beside the code).
    fn code_spans(&self, spec: &FieldSpec, spans: &[Span], pieces: &Pieces) -> Vec<Span> {
        let check = match spec.validator.as_deref().and_then(|n| self.validators.get(n)) {
            Some(check) if spec.kind == ValueKind::Code && spans.len() > 1 => check,
            _ => return spans.to_vec(),
        };
        if check(&normalise_code(&span_text(spans, pieces))) == CodeCheck::Valid {
            return spans.to_vec();
        }
        let n = spans.len().min(6);
        let runs: Vec<&[Span]> = (0..n)
            .flat_map(|a| (a + 1..=n.min(a + 3)).map(move |b| (a, b)))
            .map(|(a, b)| &spans[a..b])
            .filter(|run| run.len() < spans.len())
            .filter(|run| check(&normalise_code(&span_text(run, pieces))) == CodeCheck::Valid)
            .collect();
        match runs[..] {
            [one] => one.to_vec(),
            _ => spans.to_vec(),
        }
    }

    fn read_field(
        &self,
        f: usize,
        hit: &LabelHit,
        spans: &[Span],
        pieces: &Pieces,
        reading: &mut FormReading,
    ) -> FieldReading {
        let spec = &self.schema.fields[f];
        let mut field = FieldReading::absent(&spec.key, spec.kind, spec.label_key.clone());
        field.label = Some(self.variants[hit.variant].label.clone());
        let spans = &self.code_spans(spec, spans, pieces);
        let text = span_text(spans, pieces);
        if text.is_empty() {
            // an optional field may be left blank: only a required one warns
            if spec.required {
                reading.warn(FormWarning::new(
                    FormWarningCode::LabelWithoutValue,
                    &spec.key,
                    Severity::Review,
                    format!("{}: its label was read but no value with it", spec.key),
                ));
            }
            return field;
        }
        let confidence = spans
            .iter()
            .map(|s| pieces.pieces[s.piece].confidence)
            .fold(f32::INFINITY, f32::min);
        field.confidence = Some(confidence);
        field.lines = spans.iter().map(|s| pieces.pieces[s.piece].line).collect();
        field.spans = spans
            .iter()
            .map(|s| LineSpan {
                line: pieces.pieces[s.piece].line,
                chars: s.from..s.to,
            })
            .collect();
        field.quad = Some(value_quad(spans, pieces));
        if confidence < self.schema.min_confidence {
            reading.warn(FormWarning::new(
                FormWarningCode::LowConfidence,
                &spec.key,
                Severity::Review,
                format!(
                    "{}: read with confidence {confidence:.0}, under {:.0}",
                    spec.key, self.schema.min_confidence
                ),
            ));
        }
        let (value, parsed, failure) = read_kind(spec.kind, &text);
        field.value = Some(value);
        field.parsed = parsed;
        if let Some(why) = failure {
            self.invalid(spec, reading, why);
            return field;
        }
        self.check_value(f, &mut field, reading);
        field
    }

    fn invalid(&self, spec: &FieldSpec, reading: &mut FormReading, why: String) {
        let severity = if spec.reject_if_invalid {
            Severity::Reject
        } else {
            Severity::Review
        };
        reading.warn(FormWarning::new(
            FormWarningCode::Invalid,
            &spec.key,
            severity,
            format!("{}: {why}", spec.key),
        ));
    }

    /// The field's validator, choices and pattern.
    fn check_value(&self, f: usize, field: &mut FieldReading, reading: &mut FormReading) {
        let spec = &self.schema.fields[f];
        let Some(value) = field.value.clone() else { return };
        if let Some(check) = spec.validator.as_deref().and_then(|n| self.validators.get(n)) {
            match check(&value) {
                CodeCheck::Valid => field.verified = true,
                CodeCheck::Repaired(code) => {
                    field.value = Some(code);
                    field.verified = true;
                    reading.warn(FormWarning::new(
                        FormWarningCode::Repaired,
                        &spec.key,
                        Severity::Info,
                        format!(
                            "{}: one misread character repaired; the one code that passes its check",
                            spec.key
                        ),
                    ));
                }
                CodeCheck::Invalid(why) => {
                    self.invalid(spec, reading, why);
                    return;
                }
            }
        }
        if !spec.choices.is_empty() {
            let read: Vec<char> = fold_width(&value).chars().filter(|c| !c.is_whitespace()).collect();
            let folded = &self.folded_choices[f];
            let pick = |name: &str| folded.iter().position(|c| c == name).map(|i| spec.choices[i].clone());
            // a closing bracket lost at the end: proven when the text with
            // it is a choice, read whole
            let closed: String = read.iter().collect::<String>() + ")";
            let unclosed = read.iter().filter(|&&c| c == '(').count() > read.iter().filter(|&&c| c == ')').count();
            let outcome = match folded.iter().find(|c| unclosed && **c == closed) {
                Some(name) => NameMatch::Repaired {
                    name,
                    cost: 1.0,
                    read: read.len(),
                },
                None => match_name(&read, folded.iter().map(String::as_str), &EditCosts::default()),
            };
            match outcome {
                NameMatch::Exact(name) => {
                    field.value = pick(name);
                    field.verified = true;
                }
                NameMatch::Repaired { name, .. } => {
                    field.value = pick(name);
                    field.verified = true;
                    reading.warn(FormWarning::new(
                        FormWarningCode::Repaired,
                        &spec.key,
                        Severity::Info,
                        format!("{}: repaired to the one choice within its edit budget", spec.key),
                    ));
                }
                _ => reading.warn(FormWarning::new(
                    FormWarningCode::NotInChoices,
                    &spec.key,
                    Severity::Review,
                    format!("{}: none of the field's choices, and no single one fits", spec.key),
                )),
            }
        }
        if let (Some(pattern), Some(value)) = (&self.patterns[f], &field.value)
            && !pattern.is_match(value)
        {
            field.verified = false;
            self.invalid(spec, reading, "does not match the field's pattern".into());
        }
    }
}

/// Where in a line below its label a value of `kind` is (characters
/// `from..to`): a date anywhere in it, any other kind the whole line when
/// it reads as the kind.
fn find_kind(kind: ValueKind, text: &str) -> Option<(usize, usize)> {
    match kind {
        ValueKind::Date => find_date(text),
        _ => read_kind(kind, text).2.is_none().then(|| (0, text.chars().count())),
    }
}

/// The value as `kind`: its text, what it parses to, and why not.
fn read_kind(kind: ValueKind, text: &str) -> (String, Option<Parsed>, Option<String>) {
    let text = text.to_string();
    match kind {
        ValueKind::Text | ValueKind::Paragraph => (text, None, None),
        ValueKind::Code => (normalise_code(&text), None, None),
        ValueKind::Date => match parse_date(&text) {
            Some(date) => (text, Some(Parsed::Date { date }), None),
            None => (text, None, Some("not a date".into())),
        },
        ValueKind::DateRange => match parse_date_range(&text) {
            Some(range) => (text, Some(range), None),
            None => (text, None, Some("not a date range".into())),
        },
        ValueKind::Amount => match Amount::parse(&text) {
            Some(amount) => (text, Some(Parsed::Amount(amount)), None),
            None => (text, None, Some("not an amount".into())),
        },
    }
}

/// The value's text: its spans joined.
fn span_text(spans: &[Span], pieces: &Pieces) -> String {
    let parts: Vec<String> = spans
        .iter()
        .map(|s| pieces.pieces[s.piece].chars[s.from..s.to].iter().collect())
        .collect();
    join_pieces(&parts)
}

/// The frame rectangle around the value's characters, in image pixels.
fn value_quad(spans: &[Span], pieces: &Pieces) -> ocr_core::Quad {
    let (mut x0, mut x1, mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
    for s in spans {
        let p = &pieces.pieces[s.piece];
        x0 = x0.min(p.char_x(s.from));
        x1 = x1.max(p.char_x(s.to));
        y0 = y0.min(p.y0);
        y1 = y1.max(p.y1);
    }
    pieces.quad_of(x0, x1, y0, y1)
}
