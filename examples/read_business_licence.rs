//! A business licence from an OCR response you already have (vendor
//! format), then a form of your own from a TOML schema.
//!
//! ```sh
//! cargo run -p docstruct-examples --example read_business_licence [RESPONSE.json]
//! ```

use bizlicence::LicenceReader;
use ocr_core::OcrResponse;
use ocr_form::{FormExtractor, FormSchema, FormStatus};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../bizlicence/tests/fixtures/landscape.ocr.json"
        )
        .to_string()
    });
    let response = OcrResponse::from_json(&std::fs::read(&path)?)?;

    // the built-in licence: its schema plus the credit code's checks and the cross-checks
    let licence = LicenceReader::new().read(&response.lines);
    println!("{}", serde_json::to_string_pretty(&licence.to_flat_json())?);
    match licence.status() {
        FormStatus::Ok => println!("ok: every field read and checked"),
        status => {
            println!("{status:?}:");
            for w in &licence.warnings {
                println!("  {:?} {} ({:?}): {}", w.code, w.field, w.severity, w.message);
            }
        }
    }

    // the same lines through a schema of your own: two fields, no code
    let schema = FormSchema::from_toml(
        r#"
        form = "kyb-summary"
        [[field]]
        key = "company"
        labels = ["名称"]
        required = true
        [[field]]
        key = "founded"
        kind = "date"
        labels = ["成立日期", "注册日期"]
        "#,
    )?;
    let summary = FormExtractor::new(schema)?.extract(&response.lines);
    println!("{}", summary.to_flat_json());
    Ok(())
}
