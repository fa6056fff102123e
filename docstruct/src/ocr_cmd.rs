//! `docstruct ocr IMAGE...`: raw recognition in the vendor's response format.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use ocr_core::ImageInput;

use crate::engines::{AnyEngine, EngineArgs};

/// Arguments of `docstruct ocr`.
#[derive(Debug, Args)]
pub struct OcrArgs {
    /// Images (JPEG, PNG, WebP, BMP, GIF).
    #[arg(required = true)]
    pub images: Vec<PathBuf>,
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// Recognizes `images` with a progress bar on a terminal; calls `each` with
/// the input index and the result, in input order.
pub fn recognize_all(
    engine: &AnyEngine,
    images: &[PathBuf],
    mut each: impl FnMut(usize, Result<ocr_core::OcrResponse, String>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let bar = indicatif::ProgressBar::new(images.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} images, {elapsed} elapsed, ~{eta} left")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    if images.len() < 2 {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    // read inputs one chunk at a time so a large batch never sits in memory
    for (chunk_no, chunk) in images.chunks(16).enumerate() {
        let mut inputs = Vec::with_capacity(chunk.len());
        let mut read_errors = Vec::with_capacity(chunk.len());
        for path in chunk {
            match ImageInput::from_path(path) {
                Ok(input) => {
                    inputs.push(input);
                    read_errors.push(None);
                }
                Err(e) => {
                    inputs.push(ImageInput::from_bytes(Vec::new()));
                    read_errors.push(Some(e.to_string()));
                }
            }
        }
        let results = runtime.block_on(ocr_core::recognize_batch(
            engine,
            &inputs,
            engine.concurrency(),
            |_| bar.inc(1),
        ));
        for (k, (result, read_error)) in results.into_iter().zip(read_errors).enumerate() {
            let result = match read_error {
                Some(e) => Err(e),
                None => result.map_err(|e| e.to_string()),
            };
            bar.suspend(|| each(chunk_no * 16 + k, result))?;
        }
    }
    bar.finish_and_clear();
    Ok(())
}

pub fn run(args: &OcrArgs) -> Result<ExitCode, String> {
    let engine = crate::engines::build(&args.engine)?;
    let mut out = std::io::stdout().lock();
    let mut failures = 0;
    let written = recognize_all(&engine, &args.images, |i, result| {
        let source = args.images[i].to_string_lossy();
        let line = match result {
            Ok(response) => {
                let mut v = response.to_vendor_json();
                v["source"] = source.as_ref().into();
                v
            }
            Err(error) => {
                failures += 1;
                eprintln!("docstruct: {source}: {error}");
                serde_json::json!({"source": source, "error": error})
            }
        };
        writeln!(out, "{line}")
    });
    crate::output_result(written)?;
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
