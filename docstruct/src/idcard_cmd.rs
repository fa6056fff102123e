//! `docstruct idcard --ocr-json FILE...`

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use idcard::report::CardReport;
use idcard::{ParseOptions, parse_with};
use serde::Serialize;

use crate::engines::EngineArgs;
use crate::layout_cmd::read_response;
use ocr_client::OcrResponse;

/// Arguments of `docstruct idcard`.
#[derive(Debug, Args)]
pub struct IdcardArgs {
    /// Card photos (JPEG, PNG, WebP, BMP, GIF), one card each.
    #[arg(required_unless_present = "ocr_json")]
    pub images: Vec<PathBuf>,
    /// Vendor-format OCR responses (`{"status":200,"data":[...]}`) instead of images.
    #[arg(long = "ocr-json", num_args = 1.., conflicts_with = "images")]
    pub ocr_json: Vec<PathBuf>,
    #[command(flatten)]
    pub engine: EngineArgs,
    /// Check expiry against this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub today: Option<chrono::NaiveDate>,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("expected YYYY-MM-DD: {e}"))
}

#[derive(Serialize)]
struct Line<'a> {
    source: &'a str,
    #[serde(flatten)]
    report: CardReport,
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    source: &'a str,
    error: String,
}

fn card_line(source: &str, response: Result<OcrResponse, String>, options: &ParseOptions) -> (String, bool) {
    let json = match response {
        Ok(response) => serde_json::to_string(&Line {
            source,
            report: CardReport::from(&parse_with(&response.lines, options)),
        }),
        Err(error) => {
            eprintln!("docstruct: {source}: {error}");
            serde_json::to_string(&ErrorLine { source, error })
        }
    };
    (
        json.unwrap_or_else(|e| format!("{{\"source\":{source:?},\"error\":\"{e}\"}}")),
        false,
    )
}

pub fn run(args: &IdcardArgs) -> Result<ExitCode, String> {
    let mut options = ParseOptions::default();
    options.today = args.today;
    if !args.images.is_empty() {
        let engine = crate::engines::build(&args.engine)?;
        let mut out = std::io::stdout().lock();
        let mut failures = 0;
        let written = crate::ocr_cmd::recognize_all(&engine, &args.images, |i, result| {
            failures += usize::from(result.is_err());
            let (line, _) = card_line(&args.images[i].to_string_lossy(), result, &options);
            writeln!(out, "{line}")
        });
        crate::output_result(written)?;
        return Ok(if failures == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let mut out = std::io::stdout().lock();
    let mut failures = 0;
    for path in &args.ocr_json {
        let source = path.to_string_lossy();
        let json = match read_response(path) {
            Ok(response) => {
                let card = parse_with(&response.lines, &options);
                serde_json::to_string(&Line {
                    source: &source,
                    report: CardReport::from(&card),
                })
            }
            Err(error) => {
                failures += 1;
                eprintln!("docstruct: {error}");
                serde_json::to_string(&ErrorLine { source: &source, error })
            }
        }
        .map_err(|e| e.to_string())?;
        if let Err(e) = writeln!(out, "{json}") {
            return crate::output_result(Err(e));
        }
    }
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
