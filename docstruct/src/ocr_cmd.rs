//! `docstruct ocr IMAGE...`: raw recognition in the vendor's response format.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use ocr_core::{ImageInput, Recognize};

use crate::engines::EngineArgs;

/// Arguments of `docstruct ocr`.
#[derive(Debug, Args)]
pub struct OcrArgs {
    /// Images (JPEG, PNG, WebP, BMP, GIF).
    #[arg(required = true)]
    pub images: Vec<PathBuf>,
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// Runs `job` on every image with at most `concurrency` in flight and a
/// progress bar on a terminal; calls `each` with the input index and the
/// result, in input order. A file that cannot be read gets its own error and
/// the rest go on.
pub fn process_all<T, F, Fut>(
    images: &[PathBuf],
    concurrency: usize,
    job: F,
    mut each: impl FnMut(usize, Result<T, String>) -> std::io::Result<()>,
) -> std::io::Result<()>
where
    F: Fn(ImageInput) -> Fut,
    Fut: std::future::Future<Output = Result<T, String>>,
{
    use futures_util::StreamExt as _;
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
    runtime.block_on(async {
        // files are read lazily, so a large batch never sits in memory
        let mut results = futures_util::stream::iter(images.iter())
            .map(|path| {
                let input = ImageInput::from_path(path).map_err(|e| ocr_core::error_chain(&e));
                async {
                    let result = match input {
                        Ok(input) => job(input).await,
                        Err(e) => Err(e),
                    };
                    bar.inc(1);
                    result
                }
            })
            .buffered(concurrency.max(1))
            .enumerate();
        while let Some((index, result)) = results.next().await {
            bar.suspend(|| each(index, result))?;
        }
        Ok::<_, std::io::Error>(())
    })?;
    bar.finish_and_clear();
    Ok(())
}

pub fn run(args: &OcrArgs) -> Result<ExitCode, String> {
    let engine = crate::engines::build(&args.engine)?;
    let mut out = std::io::stdout().lock();
    let mut failures = 0;
    let workers = crate::engines::Workers::new(engine.workers(args.images.len()));
    let job = |input: ImageInput| {
        let workers = &workers;
        async move {
            let engine = workers.lease().await?;
            engine.recognize(&input).await.map_err(|e| ocr_core::error_chain(&e))
        }
    };
    let written = process_all(&args.images, workers.count(), job, |i, result| {
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
