//! # bizlicence
//!
//! Chinese business licences (营业执照) from OCR lines, the second form on
//! the [`ocr_form`] pipeline: the licence is a schema
//! ([`schema/business-licence.toml`](LICENCE_SCHEMA)) plus what no schema
//! can state:
//!
//! | stage | where | what it does |
//! |---|---|---|
//! | fields | [`ocr_form::FormExtractor`] with [`schema()`] | every field by its labels (法定代表人 \| 投资人 \| 执行事务合伙人 \| 经营者), two-column and one-column pages, the scope over every line of its column, the date under the seal |
//! | code | [`CreditCode`], [`check_credit_code`] | GB 32100-2015: character set, authority and category, the organisation code's GB 11714 check, the check character; a misread repaired only when one look-alike alone passes; an invalid code is `reject` |
//! | cross-checks | (private `checks`) | term from the founding date, type against the representative's label and the code's category, the fields the type prints, the address's division chain and the code's region |
//!
//! [`LicenceReader`] runs them over lines; [`extract_business_licence`] over
//! a photo with any engine. The registration authority's name stands only
//! inside the seal: it is reported when an engine read it there, never
//! guessed.
//!
//! # Examples
//!
//! ```
//! use bizlicence::LicenceReader;
//! use ocr_core::{Quad, TextLine};
//! use ocr_form::FormStatus;
//! let line = |text: &str, x: f64, y: f64| {
//!     TextLine::new(text, 99.0).with_polygon(Quad::from_rect(x, y, 24.0 * text.chars().count() as f64, 24.0))
//! };
//! let lines = [
//!     line("统一社会信用代码 91350100M000100Y43", 0.0, 0.0),
//!     line("名称", 0.0, 60.0),
//!     line("福州某某餐饮有限公司", 120.0, 60.0),
//!     line("类型", 0.0, 100.0),
//!     line("有限责任公司(自然人独资)", 120.0, 100.0),
//!     line("法定代表人", 0.0, 140.0),
//!     line("张三", 140.0, 140.0),
//!     line("注册资本", 0.0, 180.0),
//!     line("伍拾万元整", 120.0, 180.0),
//!     line("成立日期", 0.0, 220.0),
//!     line("2017年11月03日", 120.0, 220.0),
//!     line("营业期限", 0.0, 260.0),
//!     line("2017年11月03日至长期", 120.0, 260.0),
//!     line("住所", 0.0, 300.0),
//!     line("福建省福州市鼓楼区东街1号", 120.0, 300.0),
//!     line("经营范围", 0.0, 340.0),
//!     line("餐饮服务；食品经营(销售预包装食品)；", 120.0, 340.0),
//!     line("日用百货销售。", 120.0, 372.0),
//!     line("登记机关", 500.0, 460.0),
//!     line("2023年03月14日", 560.0, 500.0),
//! ];
//! let reading = LicenceReader::new().read(&lines);
//! assert_eq!(reading.value("scope"), Some("餐饮服务；食品经营(销售预包装食品)；日用百货销售。"));
//! let json = reading.to_flat_json();
//! assert_eq!(json["capital_amount"]["value"], 500000.0);
//! assert_eq!(json["issued"], "2023-03-14");
//! assert_eq!(json["authority"], serde_json::Value::Null); // in the seal, not read
//! assert_eq!(reading.status(), FormStatus::Ok, "{:?}", reading.warnings);
//! ```
#![deny(missing_docs)]

mod checks;
pub mod cookbook;
mod credit_code;
mod error;

use ocr_core::{ImageInput, Recognize, TextLine};
use ocr_form::{FormExtractor, FormReading, FormSchema, Validators};

pub use credit_code::{CreditCode, CreditCodeError, check_credit_code, credit_code_check_char};
pub use error::{Error, ErrorKind};

/// The licence's schema, as written in the crate's
/// `schema/business-licence.toml`: every field, its labels, kind and
/// checks — an example of the schema format too.
pub const LICENCE_SCHEMA: &str = include_str!("../schema/business-licence.toml");

/// The licence's schema ([`LICENCE_SCHEMA`] read).
///
/// ```
/// let schema = bizlicence::schema();
/// assert_eq!(schema.form, "business-licence");
/// assert!(schema.fields.iter().any(|f| f.key == "credit_code"));
/// ```
pub fn schema() -> FormSchema {
    FormSchema::from_toml(LICENCE_SCHEMA).expect("the built-in schema is valid: tested")
}

/// The validators the licence's schema names: `gb32100`
/// ([`check_credit_code`]).
pub fn validators() -> Validators {
    Validators::new().with("gb32100", check_credit_code)
}

/// Reads business licences from OCR lines: the schema's fields, then the
/// cross-checks. Build it once; it is cheap to clone.
#[derive(Debug, Clone)]
pub struct LicenceReader {
    extractor: FormExtractor,
    today: Option<chrono::NaiveDate>,
}

impl Default for LicenceReader {
    fn default() -> Self {
        Self::new()
    }
}

impl LicenceReader {
    /// The built-in schema with its validators.
    pub fn new() -> Self {
        Self {
            extractor: FormExtractor::with_validators(schema(), validators())
                .expect("the built-in schema is valid: tested"),
            today: None,
        }
    }

    /// Checks the term against `today` instead of the system's date.
    pub fn on(mut self, today: chrono::NaiveDate) -> Self {
        self.today = Some(today);
        self
    }

    /// Reads one licence's lines. Never fails: what is missing or wrong is
    /// a warning, and the status says what to do.
    pub fn read(&self, lines: &[TextLine]) -> FormReading {
        let mut reading = self.extractor.extract(lines);
        let today = self.today.unwrap_or_else(|| chrono::Local::now().date_naive());
        checks::cross_check(&mut reading, today);
        reading
    }

    /// Whether a reading found any of the licence's labels.
    pub fn found_a_licence(reading: &FormReading) -> bool {
        reading.fields.iter().any(|f| f.label.is_some())
    }
}

/// Recognizes `image` with `engine` and reads the licence on it. An image
/// with none of the licence's labels is [`ErrorKind::NotALicence`].
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let engine = ocr_engine::LocalEngine::from_default_models(Default::default())?;
/// let licence = bizlicence::extract_business_licence(&engine, &ocr_core::ImageInput::from_path("licence.jpg")?).await?;
/// println!("{}", licence.to_flat_json());
/// # Ok(()) }
/// ```
pub async fn extract_business_licence<E: Recognize>(engine: &E, image: &ImageInput) -> Result<FormReading, Error> {
    let response = engine
        .recognize(image)
        .await
        .map_err(|e| Error::from(ErrorKind::Engine(Box::new(e))))?;
    if !response.is_success() {
        return Err(ErrorKind::Recognition {
            status: response.status,
            code: response.code,
            message: response.message,
        }
        .into());
    }
    let reading = LicenceReader::new().read(&response.lines);
    if !LicenceReader::found_a_licence(&reading) {
        return Err(ErrorKind::NotALicence.into());
    }
    Ok(reading)
}
