//! Worked examples, each a compiled doctest.
//!
//! # KYB: the licence beside the representative's ID card
//!
//! Read the licence photo offline; a licence whose status is `Ok` has a
//! valid credit code and every field read and checked.
//!
//! ```no_run
//! use bizlicence::extract_business_licence;
//! use ocr_core::ImageInput;
//! use ocr_engine::{EngineConfig, LocalEngine};
//! use ocr_form::FormStatus;
//! # async fn kyb() -> Result<(), Box<dyn std::error::Error>> {
//! let engine = LocalEngine::from_default_models(EngineConfig::default())?;
//! let licence = extract_business_licence(&engine, &ImageInput::from_path("licence.jpg")?).await?;
//! match licence.status() {
//!     FormStatus::Ok => println!("accepted: {}", licence.value("credit_code").unwrap_or_default()),
//!     FormStatus::Review => println!("to review: {:?}", licence.warnings),
//!     FormStatus::Reject => println!("rejected: {:?}", licence.warnings),
//! }
//! # Ok(()) }
//! ```
//!
//! # From a vendor-format OCR response
//!
//! ```
//! use bizlicence::LicenceReader;
//! use ocr_core::OcrResponse;
//! let json = r#"{"code":0,"status":200,"message":"success","data":[
//!   {"value":"统一社会信用代码91350100M000100Y43","confidence":99,
//!    "polygon":[{"x":0,"y":0},{"x":500,"y":0},{"x":500,"y":30},{"x":0,"y":30}]}]}"#;
//! let response = OcrResponse::from_json(json.as_bytes()).unwrap();
//! let reading = LicenceReader::new().read(&response.lines);
//! assert_eq!(reading.value("credit_code"), Some("91350100M000100Y43"));
//! assert!(reading.get("credit_code").unwrap().verified);
//! // the rest of the licence was not in the response: for review
//! assert_eq!(reading.status(), ocr_form::FormStatus::Review);
//! ```
//!
//! # Is this a credit code?
//!
//! ```
//! use bizlicence::{CreditCode, CreditCodeError};
//! let code = CreditCode::parse("91350100M000100Y43").unwrap();
//! assert_eq!(code.region().unwrap().name, "福州市");
//! assert_eq!(CreditCode::parse("91350100M000100Y44"), Err(CreditCodeError::Check));
//! ```
//!
//! # A form of your own, from a schema file
//!
//! ```
//! use ocr_core::{Quad, TextLine};
//! use ocr_form::{FormExtractor, FormSchema};
//! let schema = FormSchema::from_toml(r#"
//!     form = "food-permit"
//!     [[field]]
//!     key = "operator"
//!     labels = ["经营者名称"]
//!     required = true
//!     [[field]]
//!     key = "valid"
//!     kind = "date_range"
//!     labels = ["有效期至", "有效期"]
//! "#).unwrap();
//! let line = |t: &str, y: f64| TextLine::new(t, 97.0).with_polygon(Quad::from_rect(0.0, y, 24.0 * t.chars().count() as f64, 24.0));
//! let lines = [line("经营者名称：城南棋社", 0.0), line("有效期：2020年01月01日至2025年12月31日", 40.0)];
//! let json = FormExtractor::new(schema).unwrap().extract(&lines).to_flat_json();
//! assert_eq!(json["operator"], "城南棋社");
//! assert_eq!(json["valid_to"], "2025-12-31");
//! ```
