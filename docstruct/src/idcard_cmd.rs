//! `docstruct idcard IMAGE...` (through the engine's `CardReader`, second look
//! included) and `docstruct idcard --ocr-json FILE...` (parse only).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use idcard::{CardReport, IdCard, ParseOptions, parse};
use serde::Serialize;

use crate::engines::EngineArgs;
use crate::layout_cmd::read_response;

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

fn card_line(source: &str, response: Result<IdCard, String>) -> String {
    let json = match response {
        Ok(card) => serde_json::to_string(&Line {
            source,
            report: CardReport::from(&card),
        }),
        Err(error) => {
            eprintln!("docstruct: {source}: {error}");
            serde_json::to_string(&ErrorLine { source, error })
        }
    };
    json.unwrap_or_else(|e| format!("{{\"source\":{source:?},\"error\":\"{e}\"}}"))
}

pub fn run(args: &IdcardArgs) -> Result<ExitCode, String> {
    let mut options = ParseOptions::default();
    options.today = args.today;
    if !args.images.is_empty() {
        let engine = crate::engines::build(&args.engine)?;
        let concurrency = engine.concurrency();
        let reader = crate::engines::card_reader(engine).with_options(options);
        let mut out = std::io::stdout().lock();
        let mut failures = 0;
        let job = |input: ocr_core::ImageInput| {
            let reader = &reader;
            async move { reader.read(&input).await.map_err(|e| ocr_core::error_chain(&e)) }
        };
        let written = crate::ocr_cmd::process_all(&args.images, concurrency, job, |i, card| {
            failures += usize::from(card.is_err());
            let line = card_line(&args.images[i].to_string_lossy(), card);
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
        let card = read_response(path).and_then(|r| parse_card(&r.lines, &options));
        failures += usize::from(card.is_err());
        if let Err(e) = writeln!(out, "{}", card_line(&path.to_string_lossy(), card)) {
            return crate::output_result(Err(e));
        }
    }
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Parses one response; more lines than a card can have is an error line,
/// as [`idcard::CardReader::read`] makes it for images.
fn parse_card(lines: &[ocr_core::TextLine], options: &idcard::ParseOptions) -> Result<IdCard, String> {
    idcard::check_line_count(lines).map_err(|e| e.to_string())?;
    Ok(parse(lines, options))
}
