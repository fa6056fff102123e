//! `ocr-client` against this server on 127.0.0.1: every input form, every
//! error status mapped to its kind, SSRF refused, overload with Retry-After.

mod common;
use common::png;

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use ocr_client::{ClientConfig, ErrorKind, OcrClient, RetryPolicy};
use ocr_core::{ImageInput, Recognize};
use ocr_server::{ServerConfig, UrlFetchConfig, router};
use serde_json::json;

async fn serve(app: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn client(addr: SocketAddr, path: &str, app_code: Option<&str>) -> OcrClient {
    let mut b = ClientConfig::builder(format!("http://{addr}{path}")).retry_policy(RetryPolicy::none());
    if let Some(code) = app_code {
        b = b.app_code(code);
    }
    OcrClient::new(b.build().unwrap()).unwrap()
}

/// An engine that forwards to an upstream API: here, one that is not
/// there (every call fails with a connection error).
fn unreachable_upstream() -> OcrClient {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    client(format!("127.0.0.1:{port}").parse().unwrap(), "/ocr/general", None)
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../samples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The local engine; the tests that call it are `#[ignore]`d until the
/// models are fetched (`.ci/run` runs them with `--include-ignored`).
fn local_engine() -> ocr_engine::LocalEngine {
    ocr_engine::LocalEngine::from_default_models(ocr_engine::EngineConfig::default())
        .expect("the OCR models (docstruct models fetch)")
}

#[tokio::test]
#[ignore = "needs the OCR models: docstruct models fetch"]
async fn every_input_form_end_to_end_with_the_local_engine() {
    let engine = local_engine();
    // an image host on 127.0.0.1, explicitly allowed
    let image = sample("front.jpg");
    let host = serve(Router::new().route(
        "/card.jpg",
        axum::routing::get(move || {
            let image = image.clone();
            async move { image }
        }),
    ))
    .await;
    let mut config = ServerConfig::default();
    let mut fetch = UrlFetchConfig::allow_hosts(["127.0.0.1"]);
    fetch.allowed_addresses = vec!["127.0.0.1".parse().unwrap()];
    config.url_fetch = Some(fetch);
    let addr = serve(router(idcard::CardReader::new(engine), config)).await;
    let c = client(addr, "/ocr/general", None);
    let b64 = base64_encode(&sample("front.jpg"));
    for input in [
        ImageInput::from_bytes(sample("front.jpg")),
        ImageInput::base64(b64),
        ImageInput::url(format!("http://{host}/card.jpg")),
    ] {
        let r = c.recognize(&input).await.unwrap();
        assert_eq!(r.serial_no.as_deref().map(str::len), Some(18), "{input:?}");
        let texts: Vec<&str> = r.lines.iter().map(|l| l.text.as_str()).collect();
        assert!(texts.contains(&"522723198111257400"), "{input:?}: {texts:?}");
    }
    // /idcard over the same transport
    let card = idcard::extract_id_card(&c, &ImageInput::from_bytes(sample("front.jpg")))
        .await
        .unwrap();
    assert_eq!(card.valid_id_number().unwrap().reveal(), "522723198111257400");
    let resp = reqwest::Client::new()
        .post(format!("http://{addr}/idcard"))
        .multipart(reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(sample("back.jpg"))))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["cards"][0]["side"], "back");
    assert_eq!(body["cards"][0]["issuer"], "滑县公安局");
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Posts `file` as is (what ocr-client refuses to send); the status and the
/// vendor-format body.
async fn raw_upload(addr: SocketAddr, file: Vec<u8>) -> (u16, serde_json::Value) {
    let resp = reqwest::Client::new()
        .post(format!("http://{addr}/ocr/general"))
        .header("authorization", "APPCODE secret")
        .multipart(reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(file)))
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

#[tokio::test]
async fn error_statuses_map_to_the_clients_error_kinds() {
    let mut config = ServerConfig::default();
    config.app_code = Some("secret".into());
    config.max_request_bytes = 64 * 1024;
    let addr = serve(router(idcard::CardReader::new(unreachable_upstream()), config)).await;

    // 401: no or wrong AppCode
    for code in [None, Some("wrong")] {
        let err = client(addr, "/ocr/general", code)
            .recognize(&ImageInput::from_bytes(png()))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unauthorized);
        assert_eq!(err.http_status(), Some(401));
        assert_eq!(err.serial_no().map(str::len), Some(18));
    }
    let ok = client(addr, "/ocr/general", Some("secret"));
    // 404
    let err = client(addr, "/nope", Some("secret"))
        .recognize(&ImageInput::from_bytes(png()))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    // 413: over the server's limit (the client's own limit is larger)
    let big = vec![0xFFu8; 100 * 1024];
    let mut jpeg_like = vec![0xFF, 0xD8, 0xFF, 0xE0];
    jpeg_like.extend_from_slice(&big);
    let err = ok.recognize(&ImageInput::from_bytes(jpeg_like)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PayloadTooLarge, "{err}");
    // 400 + 5003: an empty image (sent raw: the client refuses to send one)
    let (status, body) = raw_upload(addr, Vec::new()).await;
    assert_eq!(
        (status, &body["status"], &body["code"]),
        (400, &json!(400), &json!(5003))
    );
    assert_eq!(body["message"], "图片内容为空");
    // 400 + 5004: not an image (sent raw: the client refuses to send one)
    let (status, body) = raw_upload(addr, b"%PDF-1.7".to_vec()).await;
    assert_eq!((status, &body["code"]), (400, &json!(5004)));
    // 500: the engine fails (its upstream is down)
    let err = ok.recognize(&ImageInput::from_bytes(png())).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Internal);
    assert_eq!(err.http_status(), Some(500));
}

#[tokio::test]
async fn img_url_is_off_by_default() {
    let addr = serve(router(
        idcard::CardReader::new(unreachable_upstream()),
        ServerConfig::default(),
    ))
    .await;
    let err = client(addr, "/ocr/general", None)
        .recognize(&ImageInput::url("https://example.com/a.jpg"))
        .await
        .unwrap_err();
    assert_eq!((err.kind(), err.api_code()), (ErrorKind::Business, Some(5005)));
}

#[tokio::test]
async fn ssrf_attempts_are_refused() {
    // an allowed image host on 127.0.0.1 that redirects wherever asked
    let host = serve(Router::new().route(
        "/to",
        axum::routing::get(|q: axum::extract::RawQuery| async move {
            let target = q.0.unwrap_or_default().trim_start_matches("u=").to_owned();
            axum::response::Redirect::temporary(&target)
        }),
    ))
    .await;
    let mut fetch = UrlFetchConfig::allow_hosts(["127.0.0.1", "localhost", "10.0.0.1", "169.254.169.254", "127.0.0.2"]);
    let mut config = ServerConfig::default();
    config.url_fetch = Some(fetch.clone());
    let strict = serve(router(idcard::CardReader::new(unreachable_upstream()), config.clone())).await;
    // the same, but trusting 127.0.0.1 itself (so that redirects can be tested)
    fetch.allowed_addresses = vec!["127.0.0.1".parse().unwrap()];
    config.url_fetch = Some(fetch);
    let trusting = serve(router(idcard::CardReader::new(unreachable_upstream()), config)).await;

    let refused = |addr: SocketAddr, url: String| async move {
        let err = client(addr, "/ocr/general", None)
            .recognize(&ImageInput::url(url.clone()))
            .await
            .unwrap_err();
        assert_eq!(
            (err.kind(), err.api_code()),
            (ErrorKind::Business, Some(5005)),
            "{url}: {err}"
        );
        err.api_message().unwrap_or_default().to_owned()
    };
    let port = host.port();
    for url in [
        format!("http://127.0.0.1:{port}/to?u=x"),
        format!("http://localhost:{port}/x"),
        "http://10.0.0.1/x".to_owned(),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        "http://[::1]/x".to_owned(),
        "http://images.example.com/x.jpg".to_owned(),
    ] {
        refused(strict, url).await;
    }
    for target in [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/x",
        "http://127.0.0.2:9/x",
    ] {
        let msg = refused(trusting, format!("http://127.0.0.1:{port}/to?u={target}")).await;
        assert!(msg.contains("non-public") || msg.contains("fetched"), "{target}: {msg}");
    }
}

#[tokio::test]
async fn idcard_returns_every_card_on_the_page() {
    // the upstream engine "reads" an A4 copy of both sides of one card
    let page: &'static [u8] = include_bytes!("../../idcard/tests/fixtures/pages/both_sides_a4.ocr.json");
    let upstream = serve(Router::new().route("/ocr/general", axum::routing::post(move || async move { page }))).await;
    let addr = serve(router(
        idcard::CardReader::new(client(upstream, "/ocr/general", None)),
        ServerConfig::default(),
    ))
    .await;
    let resp = reqwest::Client::new()
        .post(format!("http://{addr}/idcard"))
        .multipart(reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(png())))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let body: serde_json::Value = resp.json().await.unwrap();
    let cards = body["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 2, "{body}");
    assert_eq!(
        (cards[0]["side"].as_str(), cards[1]["side"].as_str()),
        (Some("front"), Some("back"))
    );
    assert!(
        cards
            .iter()
            .all(|c| c["cards_on_page"] == 2 && c["person"] == 0 && c["quad"].is_array())
    );
    assert_eq!(body["warnings"][0]["code"], "multiple_cards");
    assert!(cards[0]["boxes"]["id_number"].is_array());
}

#[tokio::test]
async fn overload_is_503_with_retry_after_and_the_client_honours_it() {
    // the engine forwards to a slow upstream so that requests overlap
    let upstream = serve(Router::new().route(
        "/ocr/general",
        axum::routing::post(|| async {
            tokio::time::sleep(Duration::from_millis(600)).await;
            r#"{"status":200,"code":0,"message":"success","data":[]}"#
        }),
    ))
    .await;
    let mut config = ServerConfig::default();
    config.max_concurrent = 1;
    config.queue_limit = 0;
    let addr = serve(router(
        idcard::CardReader::new(client(upstream, "/ocr/general", None)),
        config,
    ))
    .await;
    let c = client(addr, "/ocr/general", None);
    let img = ImageInput::from_bytes(png());
    let (a, b) = tokio::join!(c.recognize(&img), async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        c.recognize(&img).await
    });
    assert!(a.is_ok(), "{a:?}");
    let err = b.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Gateway);
    assert_eq!(err.http_status(), Some(503));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(1)));
    // with retries on, the client waits out Retry-After and gets through
    let retrying = OcrClient::new(
        ClientConfig::builder(format!("http://{addr}/ocr/general"))
            .retry_policy(RetryPolicy::default().with_max_retries(2))
            .build()
            .unwrap(),
    )
    .unwrap();
    let (a, b) = tokio::join!(retrying.recognize(&img), async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        retrying.recognize(&img).await
    });
    assert!(a.is_ok() && b.is_ok());
}

#[tokio::test]
async fn health_and_openapi() {
    let addr = serve(router(
        idcard::CardReader::new(unreachable_upstream()),
        ServerConfig::default(),
    ))
    .await;
    let get = |path: &'static str| async move {
        let resp = reqwest::get(format!("http://{addr}{path}")).await.unwrap();
        resp.json::<serde_json::Value>().await.unwrap()
    };
    assert_eq!(get("/healthz").await["status"], "ok");
    let doc = get("/openapi.json").await;
    assert_eq!(doc["openapi"], "3.0.3");
    assert!(doc["paths"]["/ocr/general"]["post"].is_object());
    assert!(doc["paths"]["/idcard"]["post"].is_object());
}

/// Regression: HTTP auth schemes are case-insensitive (`appcode …` is accepted).
#[tokio::test]
async fn the_appcode_scheme_is_case_insensitive() {
    let mut config = ServerConfig::default();
    config.app_code = Some("secret".into());
    let addr = serve(router(idcard::CardReader::new(unreachable_upstream()), config)).await;
    for (scheme, expected) in [("APPCODE", 400), ("appcode", 400), ("AppCode", 400), ("Bearer", 401)] {
        let resp = reqwest::Client::new()
            .post(format!("http://{addr}/ocr/general"))
            .header("authorization", format!("{scheme} secret"))
            .multipart(reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(b"%PDF".to_vec())))
            .send()
            .await
            .unwrap();
        // past the AppCode check, a non-image is 400; refused, it is 401
        assert_eq!(resp.status().as_u16(), expected, "{scheme}");
    }
}
