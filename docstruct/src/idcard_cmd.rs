//! `docstruct idcard IMAGE...` (every card on each image, through the
//! engine's `CardReader`, second look included) and `docstruct idcard
//! --ocr-json FILE...` (cards found from the OCR geometry alone). One JSON
//! line per card.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use idcard::{PageCardReport, PageReading, ParseOptions, parse_page};
use serde::Serialize;

use crate::engines::EngineArgs;
use crate::layout_cmd::read_response;

/// Arguments of `docstruct idcard`.
#[derive(Debug, Args)]
pub struct IdcardArgs {
    /// Photos or scans (JPEG, PNG, WebP, BMP, GIF); every card on each is read.
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
    /// Write each card, rectified and upright, to DIR/STEM.cardN.png (and a
    /// front's portrait to DIR/STEM.cardN.portrait.png).
    #[arg(long, value_name = "DIR", conflicts_with = "ocr_json")]
    pub crops: Option<PathBuf>,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("expected YYYY-MM-DD: {e}"))
}

#[derive(Serialize)]
struct Line<'a> {
    source: &'a str,
    #[serde(flatten)]
    report: PageCardReport,
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    source: &'a str,
    error: String,
}

/// The output lines of one input: one per card, or one error line.
fn page_lines(source: &str, page: Result<PageReading, String>) -> Vec<String> {
    match page {
        Ok(page) => PageCardReport::all(&page)
            .into_iter()
            .map(|report| {
                serde_json::to_string(&Line { source, report })
                    .unwrap_or_else(|e| format!("{{\"source\":{source:?},\"error\":\"{e}\"}}"))
            })
            .collect(),
        Err(error) => {
            eprintln!("docstruct: {source}: {error}");
            vec![
                serde_json::to_string(&ErrorLine { source, error })
                    .unwrap_or_else(|e| format!("{{\"source\":{source:?},\"error\":\"{e}\"}}")),
            ]
        }
    }
}

pub fn run(args: &IdcardArgs) -> Result<ExitCode, String> {
    let mut options = ParseOptions::default();
    options.today = args.today;
    if let Some(dir) = &args.crops {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let failures = if args.images.is_empty() {
        read_ocr_files(&args.ocr_json, &options)?
    } else {
        read_images(args, options)?
    };
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn read_images(args: &IdcardArgs, options: ParseOptions) -> Result<usize, String> {
    let engine = crate::engines::build(&args.engine)?;
    let concurrency = engine.concurrency();
    let reader = crate::engines::card_reader(engine).with_options(options);
    let mut out = std::io::stdout().lock();
    let mut failures = 0;
    let job = |input: ocr_core::ImageInput| {
        let reader = &reader;
        async move { reader.read_page(&input).await.map_err(|e| ocr_core::error_chain(&e)) }
    };
    let written = crate::ocr_cmd::process_all(&args.images, concurrency, job, |i, page| {
        failures += usize::from(page.is_err());
        let path = &args.images[i];
        if let (Some(dir), Ok(page)) = (&args.crops, &page)
            && let Err(e) = write_crops(dir, path, page)
        {
            eprintln!("docstruct: {}: crops: {e}", path.display());
            failures += 1;
        }
        for line in page_lines(&path.to_string_lossy(), page) {
            writeln!(out, "{line}")?;
        }
        Ok(())
    });
    crate::output_result(written)?;
    Ok(failures)
}

/// Writes `STEM.cardN.png` and, for a front, `STEM.cardN.portrait.png`.
fn write_crops(dir: &Path, source: &Path, page: &PageReading) -> Result<(), String> {
    if page.cards.iter().all(|c| c.quad.is_none()) {
        return Ok(());
    }
    let bytes = ocr_core::read_capped(source, ocr_core::MAX_IMAGE_BYTES).map_err(|e| e.to_string())?;
    let image = ocr_image::decode_image(&bytes, ocr_image::DEFAULT_MAX_PIXELS).map_err(|e| e.to_string())?;
    let stem = source.file_stem().map_or("image".into(), |s| s.to_string_lossy());
    for (n, card) in page.cards.iter().enumerate() {
        let Some(crop) = idcard::crop_card(card, &image) else {
            continue;
        };
        let save = |img: &image::RgbImage, name: String| {
            let path = dir.join(name);
            img.save(&path)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))
        };
        save(&crop.card, format!("{stem}.card{n}.png"))?;
        if let Some(portrait) = &crop.portrait {
            save(portrait, format!("{stem}.card{n}.portrait.png"))?;
        }
    }
    Ok(())
}

fn read_ocr_files(paths: &[PathBuf], options: &ParseOptions) -> Result<usize, String> {
    let mut out = std::io::stdout().lock();
    let mut failures = 0;
    for path in paths {
        let page = read_response(path).and_then(|r| parse_lines(&r.lines, options));
        failures += usize::from(page.is_err());
        for line in page_lines(&path.to_string_lossy(), page) {
            if let Err(e) = writeln!(out, "{line}") {
                crate::output_result(Err(e))?;
                return Ok(failures);
            }
        }
    }
    Ok(failures)
}

/// Parses one response; more lines than a card can have is an error line,
/// as [`idcard::CardReader::read_page`] makes it for images.
fn parse_lines(lines: &[ocr_core::TextLine], options: &ParseOptions) -> Result<PageReading, String> {
    idcard::check_line_count(lines).map_err(|e| e.to_string())?;
    Ok(parse_page(lines, options))
}
