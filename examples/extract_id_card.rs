//! The KYC call: an ID-card photo in, checked fields out, over the cloud API.
//!
//! ```sh
//! export OCR_ENDPOINT=https://<your-endpoint>/ocr/general OCR_APPCODE=<your AppCode>
//! cargo run -p docstruct-examples --example extract_id_card -- samples/front.jpg
//! ```

use idcard::report::CardReport;
use ocr_client::OcrClient;
use ocr_core::ImageInput;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: extract_id_card IMAGE")?;
    let engine = OcrClient::from_env()?;
    let card = idcard::extract_id_card(&engine, &ImageInput::from_path(&path)?).await?;

    // Debug output masks personal data:
    eprintln!("number: {:?}", card.valid_id_number());
    for warning in &card.warnings {
        eprintln!("warning {:?}: {}", warning.code, warning.message);
    }
    // The report holds the real values: it is the output, not a log line.
    println!("{}", serde_json::to_string_pretty(&CardReport::from(&card))?);
    Ok(())
}
