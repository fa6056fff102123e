//! Worked examples, each a compiled doctest.
//!
//! # The KYC call with the local engine
//!
//! Read one card photo offline and decide: a card whose
//! [`status`](crate::IdCard::status) is `Ok` has every field proven or read
//! cleanly; anything else goes to review or is rejected.
//!
//! ```no_run
//! use idcard::{CardStatus, extract_id_card};
//! use ocr_core::ImageInput;
//! use ocr_engine::{EngineConfig, LocalEngine};
//! # async fn kyc() -> Result<(), Box<dyn std::error::Error>> {
//! // loads (and on first use fetches) the PP-OCRv4 models
//! let engine = LocalEngine::from_default_models(EngineConfig::default())?;
//! let card = extract_id_card(&engine, &ImageInput::from_path("front.jpg")?).await?;
//! match card.status() {
//!     CardStatus::Ok => println!("accepted: {}", card.valid_id_number().unwrap()), // masked
//!     CardStatus::Review => println!("to review: {:?}", card.warnings),
//!     CardStatus::Reject => println!("rejected: {:?}", card.warnings),
//! }
//! # Ok(()) }
//! ```
//!
//! # One reader for many images, with a second look
//!
//! Build a [`CardReader`](crate::CardReader) once; it reads again at full
//! resolution only the images whose first reading shows problems.
//!
//! ```no_run
//! use idcard::{CardReader, ParseOptions};
//! use ocr_core::ImageInput;
//! use ocr_engine::{EngineConfig, LocalEngine};
//! # async fn batch() -> Result<(), Box<dyn std::error::Error>> {
//! let fast = LocalEngine::from_default_models(EngineConfig::default())?;
//! let thorough = fast.with_config(EngineConfig::rapidocr_compatible());
//! let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
//! let reader = CardReader::new(fast).with_second_look(thorough).with_options(ParseOptions::on(today));
//! for path in ["a.jpg", "b.jpg"] {
//!     match reader.read(&ImageInput::from_path(path)?).await {
//!         Ok(card) => println!("{path}: {:?}", card.status()),
//!         Err(e) => println!("{path}: {e}"), // one bad file does not stop the rest
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! # Parsing an OCR response you already have
//!
//! Any engine's output in the vendor's format (or your own [`ocr_core::TextLine`]s):
//!
//! ```
//! use idcard::{ParseOptions, Side, parse};
//! use ocr_core::OcrResponse;
//! let body = r#"{"status":200,"code":0,"message":"success","data":[
//!   {"value":"姓名张三","confidence":"99","polygon":[{"x":"0","y":"0"},{"x":"400","y":"0"},{"x":"400","y":"30"},{"x":"0","y":"30"}]},
//!   {"value":"公民身份号码110105194912310038","confidence":"99",
//!    "polygon":[{"x":"0","y":"250"},{"x":"600","y":"250"},{"x":"600","y":"280"},{"x":"0","y":"280"}]}]}"#;
//! let response = OcrResponse::from_json(body.as_bytes()).unwrap();
//! let card = parse(&response.lines, &ParseOptions::default());
//! assert_eq!(card.side, Some(Side::Front));
//! assert_eq!(card.name.unwrap().value.reveal(), "张三");
//! ```
//!
//! # Both sides of one card
//!
//! ```
//! use idcard::{ParseOptions, Side, WarningCode, parse};
//! use ocr_core::{Quad, TextLine};
//! let row = |t: &str, y: f64| TextLine::new(t, 99.0).with_polygon(Quad::from_rect(0.0, y, 400.0, 30.0));
//! let opts = ParseOptions::default();
//! let front = parse(&[row("出生1990年1月1日", 0.0), row("公民身份号码110105199001010014", 50.0)], &opts.clone().with_side(Side::Front));
//! let back = parse(&[row("签发机关北京市公安局朝阳分局", 0.0), row("有效期限2015.06.01-2035.06.01", 50.0)], &opts.clone().with_side(Side::Back));
//! let card = front.combine(back); // issued at 25: a 10-year term was due, not 20
//! assert!(card.has_warning(WarningCode::ValidityTermMismatch));
//! ```
//!
//! # A misread repaired only when proven
//!
//! A value from a closed list (an ethnicity, a division name) is corrected
//! only when exactly one name fits within its edit budget and every other
//! is a whole edit further; otherwise it is kept as read and the card goes
//! to review.
//!
//! ```
//! use idcard::check::{EthnicityMatch, resolve_ethnicity};
//! use idcard::{ParseOptions, WarningCode, parse};
//! use ocr_core::{Quad, TextLine};
//! assert_eq!(resolve_ethnicity("鄂温充"), EthnicityMatch::Repaired("鄂温克"));
//! assert_eq!(resolve_ethnicity("土些"), EthnicityMatch::Unknown); // 土 or 土家?
//!
//! // the county 盱眙县 misread in the address: the number's region proves it
//! let row = |t: &str, y: f64| TextLine::new(t, 99.0).with_polygon(Quad::from_rect(0.0, y, 400.0, 30.0));
//! let lines = [
//!     row("姓名张三", 0.0),
//!     row("住址江苏省淮安市盱胎县建国路1号", 50.0),
//!     row("公民身份号码320830194912310031", 100.0),
//! ];
//! let card = parse(&lines, &ParseOptions::default());
//! assert_eq!(card.address.as_ref().unwrap().value.reveal(), "江苏省淮安市盱眙县建国路1号");
//! assert!(card.has_warning(WarningCode::AddressRepaired));
//! ```
//!
//! # Validating a number typed by a person
//!
//! ```
//! use idcard::number::{IdNumber, InvalidReason, Sex};
//! let n = IdNumber::parse("11010519491231002X").unwrap();
//! assert_eq!(n.sex(), Sex::Female);
//! assert_eq!(n.to_string(), "1101**********002X"); // masked everywhere but reveal()
//! let e = IdNumber::parse("110105194912310021").unwrap_err();
//! assert_eq!(e.reason, InvalidReason::Checksum);
//! ```

/// The README's Rust examples, compiled as doctests so that they follow the
/// names of the API.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeExamples;
