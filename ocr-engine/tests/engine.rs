//! The engine on real card photos. Needs the models: `docstruct models fetch`
//! (CI fetches them first; elsewhere these tests say so and skip).

use ocr_core::{ImageInput, Recognize};
use ocr_engine::{EngineConfig, ErrorKind, LocalEngine};

/// The local engine; the tests that call it are `#[ignore]`d until the
/// models are fetched (`.ci/run` runs them with `--include-ignored`).
fn engine() -> LocalEngine {
    LocalEngine::from_default_models(EngineConfig::default()).expect("the OCR models (docstruct models fetch)")
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../samples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[tokio::test]
#[ignore = "needs the OCR models: docstruct models fetch"]
async fn reads_the_sample_card_with_text_ordered_polygons() {
    let engine = engine();
    let response = engine
        .recognize(&ImageInput::from_bytes(sample("front.jpg")))
        .await
        .unwrap();
    let texts: Vec<&str> = response.lines.iter().map(|l| l.text.as_str()).collect();
    assert!(texts.contains(&"522723198111257400"), "{texts:?}");
    assert!(texts.iter().any(|t| t.starts_with("姓名")), "{texts:?}");
    for line in &response.lines {
        assert!(line.confidence > 50.0 && line.confidence <= 100.0);
        let q = line.polygon.unwrap();
        // text runs from the first vertex to the second: left to right here
        assert!(q.points[1].x > q.points[0].x, "{q:?}");
    }
}

#[tokio::test]
#[ignore = "needs the OCR models: docstruct models fetch"]
async fn a_page_turned_upside_down_reads_the_same() {
    let engine = engine();
    let img = image::load_from_memory(&sample("back.jpg")).unwrap();
    let mut turned = Vec::new();
    img.rotate180()
        .write_to(&mut std::io::Cursor::new(&mut turned), image::ImageFormat::Png)
        .unwrap();
    let a = engine
        .recognize(&ImageInput::from_bytes(sample("back.jpg")))
        .await
        .unwrap();
    let b = engine.recognize(&ImageInput::from_bytes(turned)).await.unwrap();
    // the same characters either way up (a detector may cut the lines
    // differently on the turned page, and read a stray mark as letters)
    let characters = |r: &ocr_core::OcrResponse| {
        let mut c: Vec<char> = r
            .lines
            .iter()
            .flat_map(|l| l.text.chars())
            .filter(|c| !c.is_ascii_alphabetic() && !c.is_whitespace())
            .collect();
        c.sort_unstable();
        c
    };
    assert_eq!(characters(&a), characters(&b));
    // the vertex order follows the text: on the turned page it runs right to left
    let line = b.lines.iter().find(|l| l.text.contains("公安局")).unwrap();
    let q = line.polygon.unwrap();
    assert!(q.points[1].x < q.points[0].x, "{q:?}");
}

#[tokio::test]
#[ignore = "needs the OCR models: docstruct models fetch"]
async fn bad_input_through_the_trait_is_a_typed_error() {
    let engine = engine();
    for input in [
        ImageInput::from_bytes(Vec::new()),
        ImageInput::from_bytes(b"GIF89a\x02\x00\x02\x00\x00".to_vec()),
        ImageInput::url("https://example.com/card.jpg"),
    ] {
        let err = engine.recognize(&input).await.unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidImage { .. }), "{input:?}: {err}");
    }
}

#[tokio::test]
#[ignore = "needs the OCR models: docstruct models fetch"]
async fn a_blank_image_has_no_lines() {
    let engine = engine();
    let mut png = Vec::new();
    image::RgbImage::from_pixel(300, 200, image::Rgb([250, 250, 250]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let r = engine.recognize(&ImageInput::from_bytes(png)).await.unwrap();
    assert!(r.lines.is_empty());
}
