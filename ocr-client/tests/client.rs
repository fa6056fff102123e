//! End-to-end tests of the client against a real HTTP server on 127.0.0.1.

mod common;

use std::time::{Duration, Instant};

use base64::Engine as _;
use common::{FAILURE, Reply, SUCCESS, TestServer, noisy_png, png};
use ocr_client::{ClientConfig, ErrorKind, OcrClient, OversizePolicy, RetryPolicy};
use ocr_core::{ImageInput, Recognize, recognize_batch};

fn fast_retries(n: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_retries(n)
        .with_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

fn client_for(server: &TestServer) -> OcrClient {
    let config = ClientConfig::builder(server.url())
        .app_code("test-appcode")
        .retry_policy(fast_retries(2))
        .build()
        .unwrap();
    OcrClient::new(config).unwrap()
}

#[tokio::test]
async fn file_input_arrives_as_file_part_with_sniffed_type_and_appcode() {
    let server = TestServer::fixed(Reply::json(200, SUCCESS)).await;
    let client = client_for(&server);
    let image = png(4, 3);
    client.recognize(&ImageInput::from_bytes(image.clone())).await.unwrap();
    let got = server.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].authorization.as_deref(), Some("APPCODE test-appcode"));
    assert_eq!(got[0].fields.len(), 1);
    let field = &got[0].fields[0];
    assert_eq!(field.name, "file");
    assert_eq!(field.file_name.as_deref(), Some("image.png"));
    assert_eq!(field.content_type.as_deref(), Some("image/png"));
    assert_eq!(field.data, image);
}

#[tokio::test]
async fn file_from_path_keeps_its_name() {
    let server = TestServer::fixed(Reply::json(200, SUCCESS)).await;
    let dir = std::env::temp_dir().join(format!("ocr-client-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("card photo.png");
    std::fs::write(&path, png(2, 2)).unwrap();
    client_for(&server)
        .recognize(&ImageInput::from_path(&path).unwrap())
        .await
        .unwrap();
    assert_eq!(
        server.received()[0].fields[0].file_name.as_deref(),
        Some("card photo.png")
    );
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn url_input_arrives_as_img_url() {
    let server = TestServer::fixed(Reply::json(200, SUCCESS)).await;
    client_for(&server)
        .recognize(&ImageInput::url("https://images.example.com/card.jpg?sig=abc"))
        .await
        .unwrap();
    let field = &server.received()[0].fields[0];
    assert_eq!(field.name, "imgUrl");
    assert_eq!(field.file_name, None);
    assert_eq!(field.data, b"https://images.example.com/card.jpg?sig=abc");
}

#[tokio::test]
async fn raw_base64_gets_the_sniffed_data_url_prefix() {
    let server = TestServer::fixed(Reply::json(200, SUCCESS)).await;
    let image = png(3, 3);
    let raw = base64::engine::general_purpose::STANDARD.encode(&image);
    client_for(&server)
        .recognize(&ImageInput::base64(raw.clone()))
        .await
        .unwrap();
    let field = &server.received()[0].fields[0];
    assert_eq!(field.name, "imgBase64");
    assert_eq!(
        String::from_utf8(field.data.clone()).unwrap(),
        format!("data:image/png;base64,{raw}")
    );
}

#[tokio::test]
async fn data_url_base64_is_sent_as_a_data_url() {
    let server = TestServer::fixed(Reply::json(200, SUCCESS)).await;
    let raw = base64::engine::general_purpose::STANDARD.encode(png(3, 3));
    // a wrong declared type is corrected to the sniffed one
    let input = ImageInput::base64(format!("data:image/jpeg;base64,{raw}"));
    client_for(&server).recognize(&input).await.unwrap();
    let field = &server.received()[0].fields[0];
    assert_eq!(
        String::from_utf8(field.data.clone()).unwrap(),
        format!("data:image/png;base64,{raw}")
    );
}

#[tokio::test]
async fn empty_and_non_image_inputs_are_rejected_before_any_request() {
    let server = TestServer::fixed(Reply::json(200, SUCCESS)).await;
    let client = client_for(&server);
    for input in [
        ImageInput::from_bytes(Vec::new()),
        ImageInput::from_bytes(b"%PDF-1.7 not an image".to_vec()),
        ImageInput::base64(""),
        ImageInput::base64("data:image/png;base64,"),
        ImageInput::base64("!!!not base64!!!"),
        ImageInput::base64(base64::engine::general_purpose::STANDARD.encode(b"plain text")),
        ImageInput::url(""),
        ImageInput::url("ftp://example.com/a.jpg"),
        ImageInput::url("not a url"),
    ] {
        let err = client.recognize(&input).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{input:?}: {err}");
    }
    assert_eq!(server.attempts(), 0);
}

#[tokio::test]
async fn vendor_success_example_decodes() {
    let server = TestServer::fixed(Reply::json(200, SUCCESS)).await;
    let response = client_for(&server)
        .recognize(&ImageInput::from_bytes(png(2, 2)))
        .await
        .unwrap();
    assert_eq!(response.lines.len(), 7);
    insta::assert_json_snapshot!("vendor_success_example", response);
}

#[tokio::test]
async fn vendor_failure_example_is_a_business_error_with_code_and_serial() {
    let server = TestServer::fixed(Reply::json(400, FAILURE)).await;
    let err = client_for(&server)
        .recognize(&ImageInput::from_bytes(png(2, 2)))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Business);
    assert!(err.is_business());
    assert_eq!(err.http_status(), Some(400));
    assert_eq!(err.api_code(), Some(5003));
    assert_eq!(err.api_message(), Some("图片内容为空"));
    assert_eq!(err.serial_no(), Some("343765566521698769"));
    assert_eq!(server.attempts(), 1, "business errors are never retried");
    assert!(err.to_string().contains("5003"), "{err}");
}

#[tokio::test]
async fn business_error_inside_http_200_is_an_error() {
    let server = TestServer::fixed(Reply::json(200, FAILURE)).await;
    let err = client_for(&server)
        .recognize(&ImageInput::from_bytes(png(2, 2)))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Business);
    assert_eq!(err.api_code(), Some(5003));
    assert_eq!(server.attempts(), 1);
}

/// Every status/header class: expected kind, and whether it is retried.
#[tokio::test]
async fn every_status_maps_to_its_kind_and_only_retryable_ones_are_retried() {
    let cases: Vec<(Reply, ErrorKind, bool)> = vec![
        (
            Reply::json(400, r#"{"status":400,"code":4001,"message":"bad"}"#),
            ErrorKind::Business,
            false,
        ),
        (
            Reply::json(401, r#"{"message":"Invalid AppCode"}"#),
            ErrorKind::Unauthorized,
            false,
        ),
        (
            Reply::json(402, "").header("x-ca-error-message", "Quota Exhausted"),
            ErrorKind::QuotaExhausted,
            false,
        ),
        (
            Reply::json(403, "").header("x-ca-error-message", "Quota Exhausted"),
            ErrorKind::QuotaExhausted,
            false,
        ),
        (
            Reply::json(403, "").header("x-ca-error-message", "Throttled by USER Flow Control"),
            ErrorKind::Throttled,
            true,
        ),
        (
            Reply::json(403, "").header("x-ca-error-message", "Unauthorized AppCode"),
            ErrorKind::Forbidden,
            false,
        ),
        (Reply::json(404, ""), ErrorKind::NotFound, false),
        (
            Reply::json(413, "")
                .header("x-ca-error-code", "I413RL")
                .header("x-ca-error-message", "Body too large"),
            ErrorKind::PayloadTooLarge,
            false,
        ),
        (Reply::json(429, ""), ErrorKind::Throttled, true),
        (
            Reply::json(500, r#"{"status":500,"message":"internal"}"#),
            ErrorKind::Internal,
            true,
        ),
        (Reply::json(502, ""), ErrorKind::Gateway, true),
        (Reply::json(503, ""), ErrorKind::Gateway, true),
        (Reply::json(504, ""), ErrorKind::Gateway, true),
        (Reply::json(418, ""), ErrorKind::UnexpectedStatus, false),
    ];
    for (reply, kind, retried) in cases {
        let status = reply.status;
        let server = TestServer::fixed(reply.clone()).await;
        let err = client_for(&server)
            .recognize(&ImageInput::from_bytes(png(2, 2)))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), kind, "HTTP {status}: {err}");
        assert_eq!(err.http_status(), Some(status));
        assert_eq!(err.is_retryable(), retried, "HTTP {status}");
        assert_eq!(server.attempts(), if retried { 3 } else { 1 }, "HTTP {status}");
        for (name, value) in &reply.headers {
            match *name {
                "x-ca-error-code" => assert_eq!(err.gateway_error_code(), Some(value.as_str())),
                "x-ca-error-message" => assert_eq!(err.gateway_error_message(), Some(value.as_str())),
                _ => {}
            }
        }
    }
}

#[tokio::test]
async fn retry_succeeds_after_transient_failures() {
    let server = TestServer::start(|n, _| match n {
        0 => Reply::json(502, ""),
        1 => Reply::json(500, ""),
        _ => Reply::json(200, SUCCESS),
    })
    .await;
    let response = client_for(&server)
        .recognize(&ImageInput::from_bytes(png(2, 2)))
        .await
        .unwrap();
    assert_eq!(response.lines.len(), 7);
    assert_eq!(server.attempts(), 3);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = TestServer::start(|n, _| match n {
        0 => Reply::json(503, "").header("retry-after", "1"),
        _ => Reply::json(200, SUCCESS),
    })
    .await;
    let started = Instant::now();
    client_for(&server)
        .recognize(&ImageInput::from_bytes(png(2, 2)))
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited only {:?}",
        started.elapsed()
    );
    assert_eq!(server.attempts(), 2);
}

#[tokio::test]
async fn retry_after_longer_than_the_cap_stops_retrying() {
    let server = TestServer::fixed(Reply::json(429, "").header("retry-after", "3600")).await;
    let err = client_for(&server)
        .recognize(&ImageInput::from_bytes(png(2, 2)))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Throttled);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(server.attempts(), 1);
}

#[tokio::test]
async fn timeout_fires_and_is_retryable() {
    let server = TestServer::fixed(Reply::json(200, SUCCESS).delayed(Duration::from_secs(3))).await;
    let config = ClientConfig::builder(server.url())
        .timeout(Duration::from_millis(200))
        .retry_policy(fast_retries(1))
        .build()
        .unwrap();
    let err = OcrClient::new(config)
        .unwrap()
        .recognize(&ImageInput::from_bytes(png(2, 2)))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(server.attempts(), 2);
}

#[tokio::test]
async fn connection_refused_is_a_connection_error() {
    // bind then drop to get a port nobody listens on
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = ClientConfig::builder(format!("http://127.0.0.1:{port}/ocr/general"))
        .retry_policy(fast_retries(1))
        .build()
        .unwrap();
    let err = OcrClient::new(config)
        .unwrap()
        .recognize(&ImageInput::from_bytes(png(2, 2)))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connection, "{err:?}");
}

#[tokio::test]
async fn malformed_bodies_are_decode_errors_naming_the_field() {
    let cases = [
        ("not json at all", "$"),
        (r#"{"status":200,"code":0,"message":"success"}"#, "data"),
        (r#"{"status":200,"data":{"value":"x"}}"#, "data"),
        (
            r#"{"status":200,"data":[{"value":"x","confidence":"high"}]}"#,
            "data[0].confidence",
        ),
        (
            r#"{"status":200,"data":[{"value":"a"},{"value":"x","polygon":[{"x":"1","y":"2"},{"x":"abc","y":"2"},{"x":"1","y":"2"},{"x":"1","y":"2"}]}]}"#,
            "data[1].polygon[1].x",
        ),
        (
            r#"{"status":200,"data":[{"value":"x","polygon":[{"x":1,"y":2}]}]}"#,
            "data[0].polygon",
        ),
        (r#"{"status":"ok","data":[]}"#, "status"),
        (r#"[1,2,3]"#, "$"),
    ];
    for (body, path) in cases {
        let server = TestServer::fixed(Reply::json(200, body)).await;
        let err = client_for(&server)
            .recognize(&ImageInput::from_bytes(png(2, 2)))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode, "{body}");
        let detail = err.detail().unwrap_or_default();
        assert!(detail.starts_with(path), "{body}: detail {detail:?} should name {path}");
        assert_eq!(server.attempts(), 1);
        assert!(err.body_excerpt().is_some());
    }
}

#[tokio::test]
async fn numbers_strings_and_null_polygons_all_decode() {
    let body = r#"{"status":200,"code":"0","message":"success","serialNo":12345,"data":[
        {"value":"a","confidence":99,"polygon":null,"itemPolygon":{"x":1,"y":2.5,"width":"30","height":"10.5"}},
        {"value":"b","confidence":"87.5","polygon":[{"x":1,"y":2},{"x":"3.5","y":"2"},{"x":3,"y":4},{"x":1,"y":4}]}]}"#;
    let server = TestServer::fixed(Reply::json(200, body)).await;
    let r = client_for(&server)
        .recognize(&ImageInput::from_bytes(png(2, 2)))
        .await
        .unwrap();
    assert_eq!(r.serial_no.as_deref(), Some("12345"));
    assert_eq!(r.lines[0].polygon, None);
    assert_eq!(r.lines[0].item_box.unwrap().height, 10.5);
    assert_eq!(r.lines[1].confidence, 87.5);
    assert_eq!(r.lines[1].polygon.unwrap().points[1].x, 3.5);
}

/// The server answers with a polygon at the centre of the image it received;
/// the client must map it back to the centre of the original.
fn centre_reply(_: usize, received: &common::Received) -> Reply {
    let field = &received.fields[0];
    let bytes = if field.name == "imgBase64" {
        let text = String::from_utf8(field.data.clone()).unwrap();
        let payload = text.split_once(',').unwrap().1.to_owned();
        base64::engine::general_purpose::STANDARD.decode(payload).unwrap()
    } else {
        field.data.clone()
    };
    let img = image::load_from_memory(&bytes).unwrap();
    let (w, h) = (img.width() as f64, img.height() as f64);
    let body = serde_json::json!({"status":200,"code":0,"message":"success","serialNo":"1","data":[{
        "value":"x","confidence":90,
        "polygon":[{"x":"0","y":"0"},{"x":w.to_string(),"y":"0"},{"x":w.to_string(),"y":h.to_string()},{"x":"0","y":h.to_string()}],
        "itemPolygon":{"x":"0","y":"0","width":w.to_string(),"height":h.to_string()}}]});
    Reply::json(200, body.to_string())
}

#[tokio::test]
async fn oversized_image_is_downscaled_and_coordinates_mapped_back() {
    let server = TestServer::start(centre_reply).await;
    let limit = 60_000;
    let config = ClientConfig::builder(server.url())
        .request_limit(limit)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let client = OcrClient::new(config).unwrap();
    let original = noisy_png(400, 300);
    assert!(original.len() > limit);
    for input in [
        ImageInput::from_bytes(original.clone()),
        ImageInput::base64(base64::engine::general_purpose::STANDARD.encode(&original)),
    ] {
        let r = client.recognize(&input).await.unwrap();
        let q = r.lines[0].polygon.unwrap();
        assert!((q.points[2].x - 400.0).abs() < 1.0, "{q:?}");
        assert!((q.points[2].y - 300.0).abs() < 1.0, "{q:?}");
        let b = r.lines[0].item_box.unwrap();
        assert!((b.width - 400.0).abs() < 1.0 && (b.height - 300.0).abs() < 1.0, "{b:?}");
    }
    for got in server.received() {
        assert!(
            got.content_length.unwrap() <= limit,
            "sent {:?} bytes",
            got.content_length
        );
        let field = &got.fields[0];
        if field.name == "file" {
            assert_eq!(field.content_type.as_deref(), Some("image/jpeg"));
            assert_eq!(field.file_name.as_deref(), Some("image.jpg"));
        } else {
            assert!(field.data.starts_with(b"data:image/jpeg;base64,"));
        }
    }
}

#[tokio::test]
async fn oversized_image_is_rejected_unsent_when_downscaling_is_off() {
    let server = TestServer::start(centre_reply).await;
    let config = ClientConfig::builder(server.url())
        .request_limit(10_000)
        .oversize_policy(OversizePolicy::Reject)
        .build()
        .unwrap();
    let err = OcrClient::new(config)
        .unwrap()
        .recognize(&ImageInput::from_bytes(noisy_png(200, 200)))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PayloadTooLarge);
    assert_eq!(server.attempts(), 0);
}

#[tokio::test]
async fn batch_keeps_order_isolates_errors_bounds_concurrency_and_reports_progress() {
    // the server fails every request whose file is 1x1, and is slow so requests overlap
    let server = TestServer::start(|_, received| {
        let img = image::load_from_memory(&received.fields[0].data).unwrap();
        let body = serde_json::json!({"status":200,"code":0,"message":"success","data":[
            {"value": format!("{}", img.width()), "confidence": 99, "polygon": null}]});
        if img.width() == 1 {
            Reply::json(400, FAILURE)
        } else {
            Reply::json(200, body.to_string())
        }
        .delayed(Duration::from_millis(50))
    })
    .await;
    let config = ClientConfig::builder(server.url())
        .max_concurrent_requests(3)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let client = OcrClient::new(config).unwrap();
    let widths = [5u32, 1, 7, 2, 1, 9, 3, 4, 6, 8];
    let images: Vec<_> = widths.iter().map(|&w| ImageInput::from_bytes(png(w, 2))).collect();
    let mut progress = Vec::new();
    let results = recognize_batch(&client, &images, 8, |p| progress.push(p)).await;
    assert_eq!(results.len(), widths.len());
    for (w, r) in widths.iter().zip(&results) {
        match r {
            Ok(resp) => assert_eq!(resp.lines[0].text, w.to_string()),
            Err(e) => {
                assert_eq!(*w, 1);
                assert_eq!(e.api_code(), Some(5003));
            }
        }
    }
    assert_eq!(results.iter().filter(|r| r.is_err()).count(), 2);
    assert_eq!(progress.len(), widths.len());
    assert_eq!(progress.last().unwrap().done, widths.len());
    assert!(progress.iter().all(|p| p.total == widths.len()));
    assert_eq!(progress.iter().filter(|p| !p.ok).count(), 2);
    let mut seen: Vec<_> = progress.iter().map(|p| p.index).collect();
    seen.sort();
    assert_eq!(seen, (0..widths.len()).collect::<Vec<_>>());
    assert!(
        server.max_in_flight() <= 3,
        "client limit exceeded: {}",
        server.max_in_flight()
    );
    assert!(server.max_in_flight() >= 2, "requests never overlapped");
}

#[tokio::test]
async fn with_http_client_uses_the_callers_client() {
    let server = TestServer::fixed(Reply::json(200, SUCCESS)).await;
    let http = reqwest::Client::builder().build().unwrap();
    let config = ClientConfig::builder(server.url()).app_code("abc").build().unwrap();
    let client = OcrClient::with_http_client(config, http);
    client.recognize(&ImageInput::from_bytes(png(2, 2))).await.unwrap();
    assert_eq!(server.received()[0].authorization.as_deref(), Some("APPCODE abc"));
}

#[test]
fn config_rejects_unsafe_or_unusable_settings() {
    let err = ClientConfig::builder("http://ocr.example.com/x")
        .app_code("k")
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(
        ClientConfig::builder("http://ocr.example.com/x")
            .app_code("k")
            .allow_insecure_http(true)
            .build()
            .is_ok()
    );
    assert!(
        ClientConfig::builder("http://127.0.0.1:9/x")
            .app_code("k")
            .build()
            .is_ok()
    );
    assert!(ClientConfig::builder("not a url").build().is_err());
    assert!(ClientConfig::builder("ftp://x/y").build().is_err());
    assert!(
        ClientConfig::builder("https://x/y")
            .max_concurrent_requests(0)
            .build()
            .is_err()
    );
    assert!(
        ClientConfig::builder("https://x/y")
            .timeout(Duration::ZERO)
            .build()
            .is_err()
    );
    let config = ClientConfig::builder("https://x/y")
        .app_code("very-secret-code")
        .build()
        .unwrap();
    assert!(!format!("{config:?}").contains("very-secret-code"));
}

/// Reads one HTTP request (head and `Content-Length` body) from `stream`.
async fn read_request(stream: &mut tokio::net::TcpStream) {
    use tokio::io::AsyncReadExt;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = stream.read(&mut chunk).await.unwrap();
        assert!(n > 0, "the client closed before sending its request");
        buf.extend_from_slice(&chunk[..n]);
        let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .map_or(0, |v| v.trim().parse().unwrap());
        if buf.len() >= end + 4 + length {
            return;
        }
    }
}

/// Regression: a response cut off mid-body by the server is a transport
/// failure (connection), retried like a reset — not an undecodable 200.
#[tokio::test]
async fn a_body_cut_off_mid_way_is_a_connection_error_and_retried() {
    use tokio::io::AsyncWriteExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let attempts = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = attempts.clone();
    tokio::spawn(async move {
        loop {
            let (mut stream, _) = listener.accept().await.unwrap();
            read_request(&mut stream).await;
            let n = seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let body = SUCCESS.as_bytes();
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            stream.write_all(head.as_bytes()).await.unwrap();
            // the first answer stops half-way and the connection closes
            let sent = if n == 0 { &body[..body.len() / 2] } else { body };
            stream.write_all(sent).await.unwrap();
            stream.shutdown().await.unwrap();
        }
    });
    let url = format!("http://{addr}/ocr/general");
    let once = OcrClient::new(
        ClientConfig::builder(&url)
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap(),
    )
    .unwrap();
    let err = once.recognize(&ImageInput::from_bytes(png(2, 2))).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connection, "{err}");
    assert!(err.is_retryable());
    let retrying = OcrClient::new(
        ClientConfig::builder(&url)
            .retry_policy(fast_retries(2))
            .build()
            .unwrap(),
    )
    .unwrap();
    attempts.store(0, std::sync::atomic::Ordering::SeqCst);
    let response = retrying.recognize(&ImageInput::from_bytes(png(2, 2))).await.unwrap();
    assert_eq!(response.lines.len(), 7);
    assert_eq!(attempts.load(std::sync::atomic::Ordering::SeqCst), 2);
}
