//! `docstruct idcard --ocr-json FILE...`

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use idcard::report::CardReport;
use idcard::{IdCard, ParseOptions, parse_with};
use serde::Serialize;

use crate::engines::{AnyEngine, EngineArgs};
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

/// A card read by the fast local detector that shows trouble is read once
/// more at full resolution, and the better reading kept.
fn second_look(engine: &AnyEngine, path: &std::path::Path, card: IdCard, options: &ParseOptions) -> IdCard {
    let AnyEngine::Local(local) = engine else { return card };
    let before = card.reading_problems();
    if before == 0 {
        return card;
    }
    let mut config = ocr_engine::EngineConfig::rapidocr_compatible();
    config.threads = local.config().threads;
    let thorough = local.with_config(config);
    let Ok(bytes) = std::fs::read(path) else { return card };
    match thorough.recognize_bytes(&bytes) {
        Ok((lines, _)) => {
            let again = parse_with(&lines, options);
            if again.reading_problems() < before { again } else { card }
        }
        Err(_) => card,
    }
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
        let mut out = std::io::stdout().lock();
        let mut failures = 0;
        let written = crate::ocr_cmd::recognize_all(&engine, &args.images, |i, result| {
            failures += usize::from(result.is_err());
            let card = result.map(|r| second_look(&engine, &args.images[i], parse_with(&r.lines, &options), &options));
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
        let card = read_response(path).map(|r| parse_with(&r.lines, &options));
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
