//! `docstruct idcard IMAGE...` (every card on each image, through the
//! engine's `CardReader`, second look included) and `docstruct idcard
//! --ocr-json FILE...` (cards found from the OCR geometry alone). One JSON
//! line per card.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use idcard::ParseOptions;
use idcard::page::{PageReading, parse_page};
use idcard::report::PageCardReport;
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
    /// front's portrait to DIR/STEM.cardN.portrait.png), and the image with
    /// the cards and their fields outlined to DIR/STEM.annotated.png.
    #[arg(long, value_name = "DIR")]
    pub crops: Option<PathBuf>,
    /// With --ocr-json: also read the image beside each response (same
    /// stem, `STEM.ocr.json` → `STEM.jpg`, `.jpeg` or `.png`) to snap card
    /// quads to the card's edges, score image quality and write crops.
    #[arg(long, requires = "ocr_json")]
    pub pixels: bool,
}

pub(crate) fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
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
    let mut options = crate::engines::parse_options(&args.engine);
    options.today = args.today;
    if let Some(dir) = &args.crops {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let failures = if args.images.is_empty() {
        read_ocr_files(args, &options)?
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
    let readers = engine.workers(args.images.len()).into_iter();
    let readers = crate::engines::Workers::new(
        readers
            .map(|e| crate::engines::card_reader(e).with_options(options.clone()))
            .collect(),
    );
    let mut out = std::io::stdout().lock();
    let mut failures = 0;
    let job = |input: ocr_core::ImageInput| {
        let readers = &readers;
        async move {
            let reader = readers.lease().await?;
            reader.read_page(&input).await.map_err(|e| ocr_core::error_chain(&e))
        }
    };
    let written = crate::ocr_cmd::process_all(&args.images, readers.count(), job, |i, page| {
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

fn load_image(path: &Path) -> Result<image::RgbImage, String> {
    let bytes = ocr_core::read_capped(path, ocr_core::MAX_IMAGE_BYTES).map_err(|e| e.to_string())?;
    ocr_image::decode_image(&bytes, ocr_image::DEFAULT_MAX_PIXELS).map_err(|e| format!("{}: {e}", path.display()))
}

/// Quads, quality and crops from the image beside an OCR response.
fn use_pixels(
    response: &Path,
    page: &mut PageReading,
    crops: Option<&Path>,
    options: &ParseOptions,
) -> Result<(), String> {
    let path = image_beside(response).ok_or("no image beside it (STEM.jpg, .jpeg or .png)")?;
    let image = load_image(&path)?;
    page.assess_image(&image, &options.quality);
    match crops {
        Some(dir) => write_crops_of(dir, &path, page, &image),
        None => Ok(()),
    }
}

/// Writes `STEM.cardN.png` and, for a front, `STEM.cardN.portrait.png`.
fn write_crops(dir: &Path, source: &Path, page: &PageReading) -> Result<(), String> {
    if page.cards.iter().all(|c| c.quad.is_none()) {
        return Ok(());
    }
    write_crops_of(dir, source, page, &load_image(source)?)
}

fn write_crops_of(dir: &Path, source: &Path, page: &PageReading, image: &image::RgbImage) -> Result<(), String> {
    let stem = source.file_stem().map_or("image".into(), |s| s.to_string_lossy());
    for (n, card) in page.cards.iter().enumerate() {
        let Some(crop) = idcard::pixels::crop_card(card, image) else {
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
    let annotated = dir.join(format!("{stem}.annotated.png"));
    idcard::pixels::annotate_page(page, image)
        .save(&annotated)
        .map_err(|e| format!("cannot write {}: {e}", annotated.display()))
}

/// The image beside an OCR response: `STEM.ocr.json` (or `STEM.json`) →
/// `STEM.jpg`, `STEM.jpeg` or `STEM.png`.
fn image_beside(response: &Path) -> Option<PathBuf> {
    let name = response.file_name()?.to_string_lossy();
    let stem = name.strip_suffix(".ocr.json").or_else(|| name.strip_suffix(".json"))?;
    ["jpg", "jpeg", "png"]
        .iter()
        .map(|ext| response.with_file_name(format!("{stem}.{ext}")))
        .find(|p| p.is_file())
}

fn read_ocr_files(args: &IdcardArgs, options: &ParseOptions) -> Result<usize, String> {
    let mut out = std::io::stdout().lock();
    let mut failures = 0;
    for path in &args.ocr_json {
        let mut page = read_response(path).and_then(|r| parse_lines(&r.lines, options));
        if args.pixels
            && let Ok(page) = page.as_mut()
        {
            match use_pixels(path, page, args.crops.as_deref(), options) {
                Ok(()) => {}
                Err(e) => {
                    eprintln!("docstruct: {}: {e}", path.display());
                    failures += 1;
                }
            }
        }
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
    options.check_line_count(lines).map_err(|e| e.to_string())?;
    Ok(parse_page(lines, options))
}
