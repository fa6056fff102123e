//! Helpers shared by the server's test files (each file uses some).
#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use idcard::CardReader;
use ocr_core::{ImageInput, InputError, OcrResponse, Quad, Recognize, StageTime, TextLine};
use ocr_server::{ServeOptions, ServerConfig, router, serve};
use tokio::sync::oneshot;

/// An 8×8 black PNG: a valid image that shows nothing.
pub fn png() -> Vec<u8> {
    let mut out = Vec::new();
    image::RgbImage::new(8, 8)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// Synthetic card text (test data only).
pub const NAME: &str = "测试甲";
pub const NUMBER: &str = "110105194912310038";

/// An engine that "reads" a synthetic front side after `delay`, reporting
/// stage times like the local engine.
#[derive(Clone)]
pub struct SlowCard {
    pub delay: Duration,
}

impl Recognize for SlowCard {
    type Error = InputError;
    async fn recognize(&self, _: &ImageInput) -> Result<OcrResponse, InputError> {
        tokio::time::sleep(self.delay).await;
        let row = |text: &str, y: f64| TextLine::new(text, 99.0).with_polygon(Quad::from_rect(0.0, y, 400.0, 30.0));
        let mut response = OcrResponse::success(vec![
            row(&format!("姓名{NAME}"), 0.0),
            row("性别男民族汉", 50.0),
            row("出生1949年12月31日", 100.0),
            row("住址北京市朝阳区建国路1号", 150.0),
            row(&format!("公民身份号码{NUMBER}"), 250.0),
        ]);
        response.stage_times = vec![StageTime {
            stage: "detect",
            duration: self.delay,
        }];
        Ok(response)
    }
}

/// Starts `serve` with `options`; the sender stops it, the handle ends when it returned.
pub async fn start(
    app: Router,
    options: ServeOptions,
) -> (SocketAddr, oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let handle = tokio::spawn(async move {
        serve(listener, app, &options, async {
            let _ = stopped.await;
        })
        .await
        .unwrap()
    });
    (addr, stop, handle)
}

pub fn options(header_read_timeout: Duration) -> ServeOptions {
    let mut o = ServeOptions::default();
    o.header_read_timeout = header_read_timeout;
    o
}

pub fn card_app(delay: Duration, config: ServerConfig) -> Router {
    router(CardReader::new(SlowCard { delay }), config)
}

pub async fn post_card(addr: SocketAddr, path: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("http://{addr}{path}"))
        .multipart(reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(png())))
        .send()
        .await
        .unwrap()
}
