//! The server as operators and hostile clients see it, over real sockets on
//! 127.0.0.1: header-read deadline (slowloris), connection cap, shutdown
//! deadline, body deadline, vendor bodies on 405/431, Retry-After from the
//! queue, readiness and drain, Prometheus metrics without personal data.

mod common;
use common::{NAME, NUMBER, SlowCard, card_app, options, post_card, start};

use std::time::{Duration, Instant};

use idcard::CardReader;
use ocr_server::{Health, ServerConfig, router_loading};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Reads until EOF or `limit`; whether the server closed the connection.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    let mut buf = [0u8; 1024];
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
            Err(_) => return false,
        }
    }
}

#[tokio::test]
async fn slowloris_connections_neither_block_health_nor_stay_open() {
    let (addr, _stop, _) = start(
        card_app(Duration::ZERO, ServerConfig::default()),
        options(Duration::from_millis(800)),
    )
    .await;
    let mut idle = Vec::new();
    for _ in 0..150 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await
            .unwrap();
        idle.push(s);
    }
    let started = Instant::now();
    let health = reqwest::get(format!("http://{addr}/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    // every unfinished head is cut off at the deadline
    for s in &mut idle {
        assert!(closed_within(s, Duration::from_secs(5)).await);
    }
    // and an idle keep-alive connection too
    let mut keep_alive = TcpStream::connect(addr).await.unwrap();
    keep_alive
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    assert!(closed_within(&mut keep_alive, Duration::from_secs(5)).await);
}

#[tokio::test]
async fn connections_over_the_cap_wait_for_a_free_slot() {
    let mut o = options(Duration::from_millis(500));
    o.max_connections = 2;
    let (addr, _stop, _) = start(card_app(Duration::ZERO, ServerConfig::default()), o).await;
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        held.push(s);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    // a third connection is only served once a held one is cut off
    let started = Instant::now();
    let health = reqwest::get(format!("http://{addr}/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn shutdown_closes_what_is_left_at_its_deadline() {
    let mut o = options(Duration::from_secs(30));
    o.shutdown_timeout = Duration::from_millis(500);
    let (addr, stop, handle) = start(card_app(Duration::from_secs(20), ServerConfig::default()), o).await;
    // one request that would take 20 s, one connection that never finishes its head
    let slow = tokio::spawn(post_card(addr, "/idcard"));
    let mut lingering = TcpStream::connect(addr).await.unwrap();
    lingering.write_all(b"GET /healthz HTTP/1.1\r\n").await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), handle)
        .await
        .expect("serve returns at its deadline")
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(3));
    slow.abort();
}

#[tokio::test]
async fn a_body_sent_too_slowly_is_408_in_the_vendor_format() {
    let mut config = ServerConfig::default();
    config.body_read_timeout = Duration::from_millis(500);
    let (addr, _stop, _) = start(card_app(Duration::ZERO, config), options(Duration::from_secs(10))).await;
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(
        b"POST /ocr/general HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: 100000\r\n\r\n--B\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc",
    )
    .await
    .unwrap();
    let mut response = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut response)).await;
    let text = String::from_utf8_lossy(&response);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("\"code\":408") && text.contains("serialNo"), "{text}");
}

#[tokio::test]
async fn wrong_method_and_oversized_headers_get_vendor_bodies() {
    let (addr, _stop, _) = start(
        card_app(Duration::ZERO, ServerConfig::default()),
        options(Duration::from_secs(10)),
    )
    .await;
    let resp = reqwest::get(format!("http://{addr}/ocr/general")).await.unwrap();
    assert_eq!(resp.status(), 405);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!((body["status"].as_i64(), body["code"].as_i64()), (Some(405), Some(405)));
    assert_eq!(body["serialNo"].as_str().map(str::len), Some(18));

    let resp = reqwest::Client::new()
        .get(format!("http://{addr}/healthz"))
        .header("x-padding", "a".repeat(40_000))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 431);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["code"].as_i64(), Some(431));
}

#[tokio::test]
async fn retry_after_grows_with_the_work_queued_ahead() {
    let mut config = ServerConfig::default();
    config.max_concurrent = 1;
    config.queue_limit = 3;
    let (addr, _stop, _) = start(
        card_app(Duration::from_millis(1500), config),
        options(Duration::from_secs(10)),
    )
    .await;
    // one request teaches the server its service time
    assert_eq!(post_card(addr, "/ocr/general").await.status(), 200);
    // one running and three waiting fill it
    let mut busy = Vec::new();
    for _ in 0..4 {
        busy.push(tokio::spawn(post_card(addr, "/ocr/general")));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let refused = post_card(addr, "/ocr/general").await;
    assert_eq!(refused.status(), 503);
    let retry_after: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    // four requests of ~1.5 s ahead on one slot: ~6 s, not 1
    assert!((5..=8).contains(&retry_after), "Retry-After {retry_after}");
    for b in busy {
        assert_eq!(b.await.unwrap().status(), 200);
    }
}

#[tokio::test]
async fn readiness_follows_model_load_queue_and_drain() {
    let health = Health::default();
    let mut config = ServerConfig::default();
    config.health = health.clone();
    config.max_concurrent = 1;
    config.queue_limit = 1;
    let (app, slot) = router_loading::<SlowCard, SlowCard>(config);
    let (addr, _stop, _) = start(app, options(Duration::from_secs(10))).await;
    let ready = || async move {
        let resp = reqwest::get(format!("http://{addr}/readyz")).await.unwrap();
        let status = resp.status().as_u16();
        let body: serde_json::Value = resp.json().await.unwrap();
        (status, body["status"].as_str().unwrap().to_owned())
    };
    // before the models are loaded: alive, not ready, recognition refused
    assert_eq!(
        reqwest::get(format!("http://{addr}/healthz")).await.unwrap().status(),
        200
    );
    assert_eq!(ready().await, (503, "loading models".to_owned()));
    let loading = post_card(addr, "/idcard").await;
    assert_eq!(loading.status(), 503);
    assert!(loading.headers().contains_key("retry-after"));

    assert!(
        slot.install(
            CardReader::new(SlowCard {
                delay: Duration::from_millis(700)
            }),
            Duration::from_millis(1234)
        )
        .is_ok()
    );
    assert_eq!(ready().await, (200, "ready".to_owned()));

    // the queue full: not ready
    let running = tokio::spawn(post_card(addr, "/idcard"));
    tokio::time::sleep(Duration::from_millis(100)).await;
    let waiting = tokio::spawn(post_card(addr, "/idcard"));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(ready().await, (503, "queue full".to_owned()));
    assert_eq!(running.await.unwrap().status(), 200);
    assert_eq!(waiting.await.unwrap().status(), 200);
    assert_eq!(ready().await.0, 200);

    // draining: not ready, requests still served
    health.start_draining();
    assert_eq!(ready().await, (503, "draining".to_owned()));
    assert_eq!(post_card(addr, "/idcard").await.status(), 200);
}

#[tokio::test]
async fn metrics_count_requests_and_stages_without_personal_data() {
    let (addr, _stop, _) = start(
        card_app(Duration::from_millis(20), ServerConfig::default()),
        options(Duration::from_secs(10)),
    )
    .await;
    for _ in 0..3 {
        assert_eq!(post_card(addr, "/idcard").await.status(), 200);
    }
    assert_eq!(post_card(addr, "/ocr/general").await.status(), 200);
    assert_eq!(reqwest::get(format!("http://{addr}/nope")).await.unwrap().status(), 404);

    let resp = reqwest::get(format!("http://{addr}/metrics")).await.unwrap();
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("openmetrics-text")
    );
    let text = resp.text().await.unwrap();
    assert!(!text.contains(NAME) && !text.contains(NUMBER) && !text.contains(&NUMBER[..6]));
    let scrape = prometheus_parse::Scrape::parse(text.lines().map(|l| Ok(l.to_owned()))).unwrap();
    let value = |name: &str, labels: &[(&str, &str)]| -> Option<f64> {
        scrape
            .samples
            .iter()
            .find(|s| s.metric == name && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
            .map(|s| match &s.value {
                prometheus_parse::Value::Counter(v)
                | prometheus_parse::Value::Gauge(v)
                | prometheus_parse::Value::Untyped(v) => *v,
                prometheus_parse::Value::Histogram(buckets) => buckets.last().map_or(0.0, |b| b.count),
                other => panic!("{name}: {other:?}"),
            })
    };
    let ok = [("status", "200"), ("code", "0")];
    assert_eq!(
        value(
            "docstruct_http_requests_total",
            &[&[("route", "/idcard")], &ok[..]].concat()
        ),
        Some(3.0)
    );
    assert_eq!(
        value(
            "docstruct_http_requests_total",
            &[&[("route", "/ocr/general")], &ok[..]].concat()
        ),
        Some(1.0)
    );
    // every request's latency, and the engine's and the parser's stages
    assert!(
        value("docstruct_http_request_duration_seconds_count", &[("route", "/idcard")]).is_some_and(|n| n >= 3.0)
            || value("docstruct_http_request_duration_seconds", &[("route", "/idcard")]).is_some_and(|n| n >= 3.0)
    );
    for stage in ["detect", "parse"] {
        let n = value("docstruct_stage_duration_seconds_count", &[("stage", stage)])
            .or_else(|| value("docstruct_stage_duration_seconds", &[("stage", stage)]));
        assert!(n.is_some_and(|n| n >= 3.0), "{stage}: {n:?}\n{text}");
    }
    assert_eq!(value("docstruct_in_flight_requests", &[]), Some(0.0));
    assert_eq!(value("docstruct_queue_depth", &[]), Some(0.0));
}
