//! Card photos → local engine → layout → idcard, against the ground truth,
//! with snapshots of what is read. Needs the models (`docstruct models
//! fetch`; CI fetches them first, elsewhere these tests say so and skip).

mod common;

use idcard::report::CardReport;
use ocr_core::ImageInput;
use ocr_engine::{EngineConfig, LocalEngine};
use serde_json::Value;

/// The local engine; the tests that call it are `#[ignore]`d until the
/// models are fetched (`.ci/run` runs them with `--include-ignored`).
fn engine() -> LocalEngine {
    LocalEngine::from_default_models(EngineConfig::default()).expect("the OCR models (docstruct models fetch)")
}

fn path(name: &str) -> String {
    let fixtures = format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::path::Path::new(&fixtures).exists() {
        fixtures
    } else {
        format!("{}/../samples/{name}", env!("CARGO_MANIFEST_DIR"))
    }
}

#[tokio::test]
#[ignore = "needs the OCR models: docstruct models fetch"]
async fn card_photos_read_as_their_truth() {
    let engine = engine();
    for name in ["front", "back", "turned-270", "turned-180"] {
        let image = ImageInput::from_path(path(&format!("{name}.jpg"))).unwrap();
        let card = idcard::extract_id_card(&engine, &image).await.unwrap();
        let report = serde_json::to_value(CardReport::from(&card)).unwrap();
        let truth: Value =
            serde_json::from_slice(&std::fs::read(path(&format!("{name}.truth.json"))).unwrap()).unwrap();
        common::assert_matches_truth(&report, &truth, name);
        insta::assert_json_snapshot!(format!("photo_{name}"), report, {
            ".confidence.*" => "[confidence]",
            ".characters_confidence.*" => "[confidence]",
        });
    }
}
