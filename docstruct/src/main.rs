//! `docstruct`: the command-line interface to the pipeline.

mod corrupt;
mod engines;
mod extract_cmd;
mod idcard_cmd;
mod idnum_cmd;
mod layout_cmd;
mod models_cmd;
mod ocr_cmd;
mod score_cmd;
mod score_corrupt;
mod score_forms;
mod score_measure;
mod score_pages;
mod serve_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Structured data from photos of identity documents.
#[derive(Debug, Parser)]
#[command(name = "docstruct", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the rows, in reading order, of a vendor-format OCR response.
    Layout(layout_cmd::LayoutArgs),
    /// Read ID cards: one JSON object per input, on its own line.
    Idcard(idcard_cmd::IdcardArgs),
    /// Read other forms (`--form business-licence` or a schema file): one JSON object per document.
    Extract(extract_cmd::ExtractArgs),
    /// Validate ID numbers: one JSON object per input, on its own line.
    Idnum(idnum_cmd::IdnumArgs),
    /// Score `docstruct idcard` output against a corpus's `*.truth.json`.
    Score(score_cmd::ScoreArgs),
    /// Recognize images: the vendor's response format, one JSON object per image and line.
    Ocr(ocr_cmd::OcrArgs),
    /// Serve the General Text Recognition API and /idcard with the local engine.
    Serve(serve_cmd::ServeArgs),
    /// Fetch or locate the local engine's models.
    Models(models_cmd::ModelsArgs),
}

/// Maps a write result to the exit code: a closed pipe (`| head`) is not an error.
pub(crate) fn output_result(result: std::io::Result<()>) -> Result<ExitCode, String> {
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(format!("cannot write the output: {e}")),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Layout(args) => layout_cmd::run(&args),
        Command::Idcard(args) => idcard_cmd::run(&args),
        Command::Idnum(args) => idnum_cmd::run(&args),
        Command::Extract(args) => extract_cmd::run(&args),
        Command::Score(args) => score_cmd::run(&args),
        Command::Models(args) => models_cmd::run(&args),
        Command::Ocr(args) => ocr_cmd::run(&args),
        Command::Serve(args) => serve_cmd::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("docstruct: {message}");
            ExitCode::from(2)
        }
    }
}
