//! `docstruct idcard --ocr-json FILE...`

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use idcard::report::CardReport;
use idcard::{ParseOptions, parse_with};
use serde::Serialize;

use crate::layout_cmd::read_response;

/// Arguments of `docstruct idcard`.
#[derive(Debug, Args)]
pub struct IdcardArgs {
    /// Vendor-format OCR responses (`{"status":200,"data":[...]}`), one card each.
    #[arg(long = "ocr-json", required = true, num_args = 1..)]
    pub ocr_json: Vec<PathBuf>,
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

pub fn run(args: &IdcardArgs) -> Result<ExitCode, String> {
    let mut options = ParseOptions::default();
    options.today = args.today;
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
