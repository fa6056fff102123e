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

/// Reads and decodes a vendor-format response file.
pub fn read_response(path: &std::path::Path) -> Result<OcrResponse, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
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
        serde_json::to_writer_pretty(&mut out, &layout)
            .map_err(std::io::Error::other)
            .and_then(|_| writeln!(out))
    } else {
        layout.rows.iter().try_for_each(|row| writeln!(out, "{}", row.text))
    };
    crate::output_result(written)
}
