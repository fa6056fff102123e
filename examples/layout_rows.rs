//! Rows in reading order for any form: `ocr-layout` on its own.
//!
//! ```sh
//! cargo run -p docstruct-examples --example layout_rows -- samples/front.ocr.json
//! ```

use ocr_core::OcrResponse;
use ocr_layout::{LayoutConfig, layout_lines};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: layout_rows RESPONSE.json")?;
    let response = OcrResponse::from_json(&std::fs::read(path)?)?;
    // every threshold is relative to the median text height; here, split
    // rows at gaps wider than 5 heights instead of 3
    let mut config = LayoutConfig::default();
    config.rows.column_gap = 5.0;
    let layout = layout_lines(&response.lines, &config);
    eprintln!(
        "orientation {}°, skew {:.1}° ({:?})",
        layout.frame.orientation.degrees(),
        layout.frame.skew_degrees,
        layout.frame.source
    );
    for row in &layout.rows {
        println!("{:>5.1}  {:?}  {}", row.confidence, row.members, row.text);
    }
    Ok(())
}
