//! `POST /business-licence` over a real socket on 127.0.0.1, with an
//! engine that returns a synthetic licence's recognized lines.

mod common;
use common::{options, png, start};

use std::time::Duration;

use idcard::CardReader;
use ocr_core::{ImageInput, InputError, OcrResponse, Recognize};
use ocr_server::{ServerConfig, router};

/// "Reads" the synthetic landscape licence of `bizlicence`'s fixtures.
#[derive(Clone)]
struct Licence;

impl Recognize for Licence {
    type Error = InputError;
    async fn recognize(&self, _: &ImageInput) -> Result<OcrResponse, InputError> {
        let json = include_bytes!("../../bizlicence/tests/fixtures/landscape.ocr.json");
        Ok(OcrResponse::from_json(json).expect("a fixture response"))
    }
}

#[tokio::test]
async fn a_licence_is_read_with_its_checks() {
    let (addr, _stop, _) = start(
        router(CardReader::new(Licence), ServerConfig::default()),
        options(Duration::from_secs(5)),
    )
    .await;
    let response = reqwest::Client::new()
        .post(format!("http://{addr}/business-licence"))
        .multipart(reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(png())))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], 0);
    assert_eq!(body["serialNo"].as_str().map(str::len), Some(18));
    let licence = &body["licence"];
    assert_eq!(licence["credit_code"], "91370281N656614487");
    assert_eq!(licence["representative_label"], "法定代表人");
    assert_eq!(licence["term_to"], "长期");
    assert!(licence["boxes"]["scope"].is_array());
    assert!(licence["verified"].as_array().unwrap().contains(&"credit_code".into()));
    assert_eq!(licence["labels"]["founded"], "成立日期");
    assert!(["ok", "review", "reject"].contains(&licence["status"].as_str().unwrap()));
    // the API documents it
    let openapi: serde_json::Value = reqwest::get(format!("http://{addr}/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(openapi["paths"]["/business-licence"]["post"].is_object());
}
