//! Recognize an image through the General Text Recognition API.
//!
//! ```sh
//! export OCR_ENDPOINT=https://<your-endpoint>/ocr/general OCR_APPCODE=<your AppCode>
//! cargo run -p docstruct-examples --example recognize -- samples/front.jpg
//! ```

use ocr_client::OcrClient;
use ocr_core::{ImageInput, Recognize};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: recognize IMAGE")?;
    let client = OcrClient::from_env()?;
    let response = client.recognize(&ImageInput::from_path(&path)?).await?;
    eprintln!("serialNo {:?}, {} lines", response.serial_no, response.lines.len());
    println!("{}", serde_json::to_string_pretty(&response.to_vendor_json())?);
    Ok(())
}
