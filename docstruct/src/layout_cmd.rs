//! `docstruct layout RESPONSE.json`

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use ocr_core::OcrResponse;
use ocr_layout::{LayoutConfig, layout_lines};

/// Arguments of `docstruct layout`.
#[derive(Debug, Args)]
pub struct LayoutArgs {
    /// A response in the vendor's format (`{"status":200,"data":[...]}`).
    pub response: PathBuf,
    /// Print JSON (frame, rows with member indices and polygons, skipped lines) instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Reads and decodes a vendor-format response file of at most
/// [`ocr_core::MAX_RESPONSE_BYTES`]; errors keep the OS reason.
pub fn read_response(path: &std::path::Path) -> Result<OcrResponse, String> {
    let bytes = ocr_core::read_capped(path, ocr_core::MAX_RESPONSE_BYTES).map_err(|e| match e {
        ocr_core::InputError::TooLarge { limit } => {
            format!("{}: larger than {limit} bytes; not an OCR response", path.display())
        }
        other => ocr_core::error_chain(&other),
    })?;
    let response = OcrResponse::from_json(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    if !response.is_success() {
        return Err(format!(
            "{}: the response is an error (status {}, code {}: {})",
            path.display(),
            response.status,
            response.code,
            response.message
        ));
    }
    Ok(response)
}

pub fn run(args: &LayoutArgs) -> Result<ExitCode, String> {
    let response = read_response(&args.response)?;
    let layout = layout_lines(&response.lines, &LayoutConfig::default());
    let mut out = std::io::stdout().lock();
    let written = if args.json {
        // serialized first, so that a closed pipe surfaces as the write's own
        // BrokenPipe (quiet), not wrapped in a serialization error
        let text = serde_json::to_string_pretty(&layout).map_err(|e| ocr_core::error_chain(&e))?;
        writeln!(out, "{text}")
    } else {
        layout.rows.iter().try_for_each(|row| writeln!(out, "{}", row.text))
    };
    crate::output_result(written)
}
