//! `ocr-client` → a vendor-compatible server on 127.0.0.1 → `idcard`.
//!
//! The server answers every upload with a recorded vendor response (real
//! OCR output on a synthetic card); the test checks that the whole chain —
//! multipart upload, AppCode, decoding, layout, parsing, checks — yields the
//! card's ground truth.

mod common;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Multipart, State};
use axum::http::HeaderMap;
use axum::routing::post;
use idcard::report::CardReport;
use ocr_client::{ClientConfig, OcrClient};
use ocr_core::ImageInput;
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// (Authorization header, multipart field name) of each part received.
type Parts = Vec<(Option<String>, String)>;

#[derive(Clone)]
struct Recorded(Arc<Mutex<Parts>>);

async fn start(response: Vec<u8>) -> (String, Recorded) {
    let recorded = Recorded(Arc::default());
    let app = Router::new()
        .route(
            "/ocr/general",
            post(
                move |State(rec): State<Recorded>, headers: HeaderMap, mut form: Multipart| {
                    let response = response.clone();
                    async move {
                        let auth = headers
                            .get("authorization")
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned);
                        while let Ok(Some(field)) = form.next_field().await {
                            rec.0
                                .lock()
                                .unwrap()
                                .push((auth.clone(), field.name().unwrap_or_default().to_owned()));
                        }
                        ([("content-type", "application/json")], response)
                    }
                },
            ),
        )
        .with_state(recorded.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/ocr/general"), recorded)
}

#[tokio::test]
async fn front_and_back_through_the_client_and_the_parser() {
    for card in ["0121", "0035"] {
        let (url, recorded) = start(fixture(&format!("{card}.ocr.json"))).await;
        let client = OcrClient::new(ClientConfig::builder(url).app_code("e2e").build().unwrap()).unwrap();
        let image = ImageInput::from_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01".to_vec());
        let parsed = idcard::extract_id_card(&client, &image).await.unwrap();
        let truth: Value = serde_json::from_slice(&fixture(&format!("{card}.truth.json"))).unwrap();
        common::assert_matches_truth(&serde_json::to_value(CardReport::from(&parsed)).unwrap(), &truth, card);
        assert_eq!(
            recorded.0.lock().unwrap().as_slice(),
            &[(Some("APPCODE e2e".to_owned()), "file".to_owned())]
        );
    }
}

#[tokio::test]
async fn a_page_without_a_card_is_an_error() {
    let body =
        br#"{"status":200,"code":0,"message":"success","data":[{"value":"hello","confidence":99,"polygon":null}]}"#;
    let (url, _) = start(body.to_vec()).await;
    let client = OcrClient::new(ClientConfig::builder(url).build().unwrap()).unwrap();
    let image = ImageInput::from_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec());
    let err = idcard::extract_id_card(&client, &image).await.unwrap_err();
    assert!(err.is_not_an_id_card(), "{err}");
}

#[tokio::test]
async fn engine_errors_keep_their_kind() {
    let (url, _) = start(
        r#"{"serialNo":"1","message":"图片内容为空","status":400,"code":5003}"#
            .as_bytes()
            .to_vec(),
    )
    .await;
    let client = OcrClient::new(ClientConfig::builder(url).build().unwrap()).unwrap();
    let image = ImageInput::from_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec());
    let err = idcard::extract_id_card(&client, &image).await.unwrap_err();
    // the class without downcasting: 5003 (empty image) is the input's fault
    assert_eq!(err.engine_failure(), Some(ocr_core::FailureKind::InvalidInput));
    assert!(err.is_invalid_input());
    // the engine's own error is the source
    let source = std::error::Error::source(&err).unwrap();
    let source = source.downcast_ref::<ocr_client::Error>().unwrap();
    assert_eq!(source.api_code(), Some(5003));
}

#[tokio::test]
async fn a_troubled_reading_gets_a_second_look_and_a_clean_one_does_not() {
    // the fast engine misread 彝 as 舞 (not an ethnic group); the thorough one reads it right
    let (fast_url, fast_calls) = start(fixture("0065-fast.ocr.json")).await;
    let (full_url, full_calls) = start(fixture("0065-full.ocr.json")).await;
    let fast = OcrClient::new(ClientConfig::builder(fast_url).build().unwrap()).unwrap();
    let thorough = OcrClient::new(ClientConfig::builder(full_url).build().unwrap()).unwrap();
    let image = ImageInput::from_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec());
    let options = idcard::ParseOptions::default();

    let alone = idcard::extract_id_card(&fast, &image).await.unwrap();
    assert!(alone.has_warning(idcard::WarningCode::EthnicityUnknown));
    let reader = idcard::CardReader::new(&fast)
        .with_second_look(&thorough)
        .with_options(options.clone());
    let card = reader.read(&image).await.unwrap();
    assert_eq!(card.ethnicity.as_ref().unwrap().value, "彝");
    assert_eq!(card.reading_problems(), 0);
    assert_eq!(full_calls.0.lock().unwrap().len(), 1);

    // clean the first time: the thorough engine is not asked
    let reader = idcard::CardReader::new(&thorough)
        .with_second_look(&fast)
        .with_options(options);
    let card = reader.read(&image).await.unwrap();
    assert_eq!(card.reading_problems(), 0);
    assert_eq!(
        fast_calls.0.lock().unwrap().len(),
        2,
        "only the two fast readings above"
    );
}
