//! # ocr-form
//!
//! Any label → value form from OCR lines, described by a schema instead of
//! code. It knows nothing of ID cards or licences: a form is a
//! [`FormSchema`] (built in Rust or read from TOML / JSON), a
//! [`FormExtractor`] reads documents with it, and each reading is a
//! [`FormReading`]: per field the value, the label read, its box, its
//! confidence and whether a check proved it; per document warnings and a
//! status (`ok` / `review` / `reject`, as for an ID card).
//!
//! | stage | module | what it does |
//! |---|---|---|
//! | frame | (`ocr-layout`) | the page's orientation and skew; every line in the upright frame |
//! | labels | `labels` | each schema label at a line's start: alone, fused with its value, spaced, split over boxes, one character misread in a long one |
//! | placement | `placement` | each value right of its label up to the next label (columns kept apart), continued on aligned lines below, or under its label |
//! | kinds | `values` | text, paragraph, date, date range, amount ([`Amount`]), code |
//! | checks | `extractor` | validators ([`Validators`], proven repairs only), choices (one proven repair or `not_in_choices`), patterns, confidence, required fields |
//!
//! Every distance is measured in the label's or the line's own height on
//! the document in hand: no position of any one layout is built in.
//!
//! # The schema format
//!
//! A TOML file (JSON has the same keys; the list of fields is `field`):
//!
//! ```toml
//! form = "business-licence"      # reported with every reading
//! min_confidence = 80            # lines under this (0–100) are `low_confidence`
//!
//! [[field]]
//! key = "credit_code"            # the output key
//! labels = ["统一社会信用代码"]     # alternatives; spaces inside are ignored
//! kind = "code"                  # text (default) | paragraph | date | date_range | amount | code
//! validator = "gb32100"          # a check registered with the extractor
//! required = true                # missing → review
//! reject_if_invalid = true       # failing its check → reject (else review)
//!
//! [[field]]
//! key = "representative"
//! labels = ["法定代表人", "投资人", "执行事务合伙人", "经营者"]
//! label_key = "representative_label"   # also report which label was read
//!
//! [[field]]
//! key = "type"
//! labels = ["类型"]
//! choices = ["有限责任公司(自然人独资)", "个体工商户"]   # one proven repair, else review
//!
//! [[field]]
//! key = "issued"
//! labels = ["登记机关"]
//! kind = "date"
//! position = "below"             # right (default) | below
//! pattern = "\\d{4}.*"            # the whole value must match
//! ```
//!
//! # Examples
//!
//! A two-column page: each value stops at the other column's label, the
//! address, its line full, continues on the aligned line below.
//!
//! ```
//! use ocr_core::{Quad, TextLine};
//! use ocr_form::{FormExtractor, FormSchema};
//! let schema = FormSchema::from_toml(r#"
//!     form = "club"
//!     [[field]]
//!     key = "name"
//!     labels = ["名称"]
//!     [[field]]
//!     key = "address"
//!     labels = ["住所"]
//!     [[field]]
//!     key = "founded"
//!     kind = "date"
//!     labels = ["成立日期"]
//! "#).unwrap();
//! let line = |text: &str, x: f64, y: f64| {
//!     TextLine::new(text, 99.0).with_polygon(Quad::from_rect(x, y, 30.0 * text.chars().count() as f64, 30.0))
//! };
//! let lines = [
//!     line("名称 城南棋社", 0.0, 0.0),
//!     line("成立日期", 600.0, 0.0),
//!     line("2001年05月04日", 740.0, 0.0),
//!     line("住所", 600.0, 50.0),
//!     line("湖南省长沙市天心区书院路", 700.0, 50.0),
//!     line("9号", 700.0, 85.0),
//! ];
//! let reading = FormExtractor::new(schema).unwrap().extract(&lines);
//! assert_eq!(reading.value("name"), Some("城南棋社"));
//! assert_eq!(reading.value("address"), Some("湖南省长沙市天心区书院路9号"));
//! assert_eq!(reading.to_flat_json()["founded"], "2001-05-04");
//! ```
#![deny(missing_docs)]

mod error;
mod extractor;
mod labels;
mod pieces;
mod placement;
mod reading;
mod schema;
mod values;

pub use error::{Error, ErrorKind};
pub use extractor::{CodeCheck, FormExtractor, Validators};
pub use reading::{FieldReading, FormReading, FormStatus, FormWarning, FormWarningCode, LineSpan, Severity};
pub use schema::{FieldSpec, FormSchema, ValueKind, ValuePosition};
pub use values::{Amount, Parsed, RangeEnd, fold_width, parse_date, parse_date_range};
