//! `docstruct extract --form business-licence PHOTO...` (or `--form
//! SCHEMA.toml|.json`, or `--ocr-json RESPONSE...`): one JSON object per
//! document with the form's keys, `status`, `warnings`, `labels`,
//! `confidence`, `verified` and `boxes`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use ocr_core::Recognize;
use ocr_form::{FormExtractor, FormReading, FormSchema};

use crate::engines::EngineArgs;
use crate::layout_cmd::read_response;

/// Arguments of `docstruct extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The form: `business-licence` (built in), or a schema file
    /// (`.toml` or `.json`, see the `ocr-form` crate's docs).
    #[arg(long, value_name = "FORM")]
    pub form: String,
    /// Photos or scans, one document each.
    #[arg(required_unless_present = "ocr_json")]
    pub images: Vec<PathBuf>,
    /// Vendor-format OCR responses instead of images.
    #[arg(long = "ocr-json", num_args = 1.., conflicts_with = "images")]
    pub ocr_json: Vec<PathBuf>,
    #[command(flatten)]
    pub engine: EngineArgs,
    /// Check terms against this date (YYYY-MM-DD) instead of today's.
    #[arg(long, value_parser = crate::idcard_cmd::parse_date)]
    pub today: Option<chrono::NaiveDate>,
}

/// A form reader: the built-in licence (with its cross-checks) or a schema
/// file's extractor (with every built-in validator at hand).
enum Reader {
    Licence(bizlicence::LicenceReader),
    Schema(FormExtractor),
}

/// The validators a schema file may name: `gb32100` (credit codes) and
/// `gb11643` (ID numbers).
fn validators() -> ocr_form::Validators {
    bizlicence::validators().with("gb11643", |code: &str| match idcard::IdNumber::parse(code) {
        Ok(_) => ocr_form::CodeCheck::Valid,
        Err(e) => ocr_form::CodeCheck::Invalid(e.to_string()),
    })
}

impl Reader {
    fn new(form: &str, today: Option<chrono::NaiveDate>) -> Result<Reader, String> {
        if form == "business-licence" {
            let reader = bizlicence::LicenceReader::new();
            return Ok(Reader::Licence(match today {
                Some(day) => reader.on(day),
                None => reader,
            }));
        }
        let path = std::path::Path::new(form);
        let text = std::fs::read_to_string(path).map_err(|e| {
            format!("--form {form}: not a built-in form (business-licence) nor a readable schema file: {e}")
        })?;
        let schema = match path.extension().and_then(|e| e.to_str()) {
            Some("json") => FormSchema::from_json(&text),
            _ => FormSchema::from_toml(&text),
        }
        .map_err(|e| format!("{form}: {}", ocr_core::error_chain(&e)))?;
        let extractor = FormExtractor::with_validators(schema, validators())
            .map_err(|e| format!("{form}: {}", ocr_core::error_chain(&e)))?;
        Ok(Reader::Schema(extractor))
    }

    fn read(&self, lines: &[ocr_core::TextLine]) -> FormReading {
        match self {
            Reader::Licence(r) => r.read(lines),
            Reader::Schema(e) => e.extract(lines),
        }
    }
}

fn output_line(source: &str, reading: Result<FormReading, String>) -> serde_json::Value {
    match reading {
        Ok(reading) => {
            let mut json = reading.to_flat_json();
            json["source"] = source.into();
            json
        }
        Err(error) => {
            eprintln!("docstruct: {source}: {error}");
            serde_json::json!({"source": source, "error": error})
        }
    }
}

pub fn run(args: &ExtractArgs) -> Result<ExitCode, String> {
    let reader = Reader::new(&args.form, args.today)?;
    let mut out = std::io::stdout().lock();
    let mut failures = 0;
    if args.images.is_empty() {
        for path in &args.ocr_json {
            let reading = read_response(path).map(|r| reader.read(&r.lines));
            failures += usize::from(reading.is_err());
            if let Err(e) = writeln!(out, "{}", output_line(&path.to_string_lossy(), reading)) {
                crate::output_result(Err(e))?;
                break;
            }
        }
    } else {
        let engine = crate::engines::build(&args.engine)?;
        let workers = crate::engines::Workers::new(engine.workers(args.images.len()));
        let job = |input: ocr_core::ImageInput| {
            let workers = &workers;
            async move {
                let engine = workers.lease().await?;
                let response = (*engine)
                    .recognize(&input)
                    .await
                    .map_err(|e| ocr_core::error_chain(&e))?;
                if !response.is_success() {
                    return Err(format!("OCR returned status {}: {}", response.status, response.message));
                }
                Ok::<Vec<ocr_core::TextLine>, String>(response.lines)
            }
        };
        let written = crate::ocr_cmd::process_all(&args.images, workers.count(), job, |i, lines| {
            let reading = lines.map(|lines| reader.read(&lines));
            failures += usize::from(reading.is_err());
            writeln!(out, "{}", output_line(&args.images[i].to_string_lossy(), reading))
        });
        crate::output_result(written)?;
    }
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
