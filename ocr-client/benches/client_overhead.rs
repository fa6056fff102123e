//! Per-request cost of `OcrClient` against a bare `reqwest` multipart POST
//! of the same payload to the same loopback server.
//!
//! `cargo bench -p ocr-client --bench client_overhead`

use std::hint::black_box;

use axum::Router;
use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::routing::post;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ocr_client::{ClientConfig, OcrClient, RetryPolicy};
use ocr_core::ImageInput;

const SUCCESS: &str = include_str!("../tests/fixtures/general-ocr-success.json");

fn payload() -> Vec<u8> {
    let mut rng = fastrand::Rng::with_seed(1);
    let img = image::RgbImage::from_fn(160, 160, |_, _| image::Rgb([rng.u8(..), rng.u8(..), rng.u8(..)]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let addr = rt.block_on(async {
        let app = Router::new()
            .route(
                "/ocr/general",
                post(|_body: Bytes| async { ([("content-type", "application/json")], SUCCESS) }),
            )
            .layer(DefaultBodyLimit::disable());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        addr
    });
    let url = format!("http://{addr}/ocr/general");
    let image = payload();

    let mut group = c.benchmark_group("request");
    group.throughput(Throughput::Elements(1));

    let bare = reqwest::Client::new();
    group.bench_function("bare_reqwest_multipart", |b| {
        b.to_async(&rt).iter(|| async {
            let part = reqwest::multipart::Part::bytes(image.clone())
                .file_name("image.png")
                .mime_str("image/png")
                .unwrap();
            let form = reqwest::multipart::Form::new().part("file", part);
            let resp = bare
                .post(&url)
                .header("authorization", "APPCODE bench")
                .multipart(form)
                .send()
                .await
                .unwrap();
            let body = resp.bytes().await.unwrap();
            black_box(serde_json::from_slice::<serde_json::Value>(&body).unwrap());
        })
    });

    let config = ClientConfig::builder(&url)
        .app_code("bench")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let client = OcrClient::new(config).unwrap();
    let input = ImageInput::from_bytes(image.clone());
    group.bench_function("ocr_client", |b| {
        b.to_async(&rt)
            .iter(|| async { black_box(client.recognize_image(&input).await.unwrap()) })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
