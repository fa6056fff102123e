//! Image → lines on a directory of card photos: median and p90 per image,
//! detection and recognition separately, with 1 and 2 threads, and peak
//! memory. A release bench binary that prints its figures:
//!
//! ```sh
//! cargo bench -p ocr-engine --bench engine -- ../shared/corpus/dev 40 [pp-ocrv4]
//! ```
//! (directory, how many images, the model set; defaults: `samples/`, all,
//! the default set).

use std::time::Duration;

use ocr_engine::{EngineConfig, LocalEngine, StageTimings};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let dir = args
        .first()
        .cloned()
        .unwrap_or_else(|| format!("{}/../samples", env!("CARGO_MANIFEST_DIR")));
    let limit: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(usize::MAX);
    let mut images: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "jpg" || e == "jpeg" || e == "png"))
        .collect();
    images.sort();
    images.truncate(limit);
    let set = match args.get(2) {
        Some(name) => ocr_engine::ModelSpec::by_name(name).ok_or_else(|| format!("unknown model set {name}"))?,
        None => ocr_engine::DEFAULT_MODEL_SET,
    };
    let paths = ocr_engine::locate_models(None, set)?;
    let bytes: Vec<Vec<u8>> = images.iter().map(std::fs::read).collect::<Result<_, _>>()?;
    println!("{} images from {dir}, model set {}", bytes.len(), set.name);
    println!("threads  total-median  total-p90  detect-median  recognize-median  lines/image");
    for threads in [1, 2] {
        let engine = LocalEngine::load(&paths, EngineConfig::for_model_set(set).with_threads(threads))?;
        // warm-up
        engine.recognize_bytes(&bytes[0])?;
        let mut all: Vec<StageTimings> = Vec::new();
        let mut lines = 0;
        for b in &bytes {
            let (l, t) = engine.recognize_bytes(b)?;
            lines += l.len();
            all.push(t);
        }
        let mut total: Vec<Duration> = all.iter().map(StageTimings::total).collect();
        let mut det: Vec<Duration> = all.iter().map(|t| t.detect).collect();
        let mut rec: Vec<Duration> = all.iter().map(|t| t.recognize + t.classify).collect();
        total.sort();
        det.sort();
        rec.sort();
        println!(
            "{threads:>7}  {:>10.0} ms  {:>6.0} ms  {:>10.0} ms  {:>13.0} ms  {:>10.1}",
            percentile(&total, 0.5).as_secs_f64() * 1e3,
            percentile(&total, 0.9).as_secs_f64() * 1e3,
            percentile(&det, 0.5).as_secs_f64() * 1e3,
            percentile(&rec, 0.5).as_secs_f64() * 1e3,
            lines as f64 / bytes.len() as f64
        );
    }
    if let Some(mib) = peak_rss_mib() {
        println!("peak RSS: {mib:.0} MiB");
    }
    Ok(())
}
