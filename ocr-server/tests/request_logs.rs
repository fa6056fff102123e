//! The JSON request log, in a process of its own: the subscriber is the
//! global default, so no other test's thread can race it for the log
//! callsites.

mod common;
use common::{NAME, NUMBER, card_app, options, post_card, start};

use std::time::Duration;

use ocr_server::ServerConfig;

/// A `MakeWriter` into a shared buffer.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

#[tokio::test]
async fn json_request_logs_carry_route_status_code_and_serial_but_no_card_data() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_writer(captured.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber of this test binary");
    let (addr, _stop, _) = start(
        card_app(Duration::ZERO, ServerConfig::default()),
        options(Duration::from_secs(10)),
    )
    .await;
    let resp = post_card(addr, "/idcard").await;
    assert_eq!(resp.status(), 200);
    let body = resp.text().await.unwrap();
    assert!(body.contains(NUMBER), "the response itself carries the card");
    // the request line is written when the response has gone out: wait for it
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let (logs, line) = loop {
        let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        let line = logs
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .find(|v| v["message"] == "request");
        match line {
            Some(line) => break (logs, line),
            None if std::time::Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(10)).await,
            None => panic!("no request log line: {logs}"),
        }
    };
    assert!(
        !logs.contains(NAME) && !logs.contains(NUMBER) && !logs.contains("建国路"),
        "{logs}"
    );
    assert_eq!(line["route"], "/idcard");
    assert_eq!(line["status"], 200);
    assert_eq!(line["code"], 0);
    assert!(line["ms"].is_u64() && line["timestamp"].is_string() && line["level"] == "INFO");
    assert_eq!(line["serialNo"].as_str().map(str::len), Some(18));
}
