//! Parse an ID card from an OCR response you already have (vendor format).
//!
//! ```sh
//! cargo run -p docstruct-examples --example parse_ocr_response -- samples/front.ocr.json
//! ```

use idcard::ParseOptions;
use idcard::report::CardReport;
use ocr_core::OcrResponse;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: parse_ocr_response RESPONSE.json")?;
    let response = OcrResponse::from_json(&std::fs::read(path)?)?;
    let card = idcard::parse(&response.lines, &ParseOptions::default());
    println!("{}", serde_json::to_string_pretty(&CardReport::from(&card))?);
    Ok(())
}
