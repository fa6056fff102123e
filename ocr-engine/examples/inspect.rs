//! Prints every detected line with its score, before filtering, and stage
//! times: `cargo run --release -p ocr-engine --example inspect -- IMAGE`

use ocr_engine::{EngineConfig, LocalEngine};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: inspect IMAGE")?;
    let mut config = if std::env::var_os("RAPIDOCR_COMPATIBLE").is_some() {
        EngineConfig::rapidocr_compatible()
    } else {
        EngineConfig::default()
    };
    config.recognizer.min_score = 0.0;
    let engine = LocalEngine::from_default_models(config)?;
    let bytes = std::fs::read(&path)?;
    let (lines, timings) = engine.recognize_bytes(&bytes)?;
    for l in &lines {
        let q = l.polygon.unwrap();
        println!(
            "{:5.1} {:?} {}",
            l.confidence,
            q.points.map(|p| (p.x as i32, p.y as i32)),
            l.text
        );
    }
    println!("{timings:?}");
    Ok(())
}
