//! A bounded load test on loopback: the server with the local engine, the
//! sample card photo posted N times at concurrency 1, 4 and 16. Prints
//! throughput, p50/p99 latency, failures, memory, and the slowest answer of
//! `GET /healthz` polled every 50 ms meanwhile; stops by itself.
//!
//! `cargo bench -p ocr-server --bench load -- [REQUESTS]` (default 24)

use std::time::{Duration, Instant};

use ocr_client::{ClientConfig, OcrClient, RetryPolicy};
use ocr_core::{ImageInput, Recognize};
use ocr_server::{ServerConfig, router};

fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let requests: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(24);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let engine = ocr_engine::LocalEngine::from_default_models(ocr_engine::EngineConfig::default())?;
        let mut config = ServerConfig::default();
        config.queue_limit = 64;
        config.request_timeout = Duration::from_secs(120);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let app = router(idcard::CardReader::new(engine), config);
        tokio::spawn(async move {
            ocr_server::serve(
                listener,
                app,
                &ocr_server::ServeOptions::default(),
                std::future::pending(),
            )
            .await
        });
        let client = OcrClient::new(
            ClientConfig::builder(format!("http://{addr}/ocr/general"))
                .retry_policy(RetryPolicy::none())
                .timeout(Duration::from_secs(120))
                .max_concurrent_requests(64)
                .build()?,
        )?;
        let image = ImageInput::from_path(format!("{}/../samples/front.jpg", env!("CARGO_MANIFEST_DIR")))?;
        client.recognize(&image).await?; // warm-up
        println!(
            "{requests} requests per level, loopback, {} cores, {} images recognized at once",
            std::thread::available_parallelism().map_or(1, |n| n.get()),
            ServerConfig::default().max_concurrent
        );
        println!("concurrency  req/s   p50      p99      failed  RSS after  /healthz max");
        for concurrency in [1usize, 4, 16] {
            let started = Instant::now();
            let level_done = std::sync::Arc::new(tokio::sync::Notify::new());
            let probe = tokio::spawn(poll_healthz(addr, level_done.clone()));
            let sem = std::sync::Arc::new(tokio::sync::Semaphore::new(concurrency));
            let mut tasks = Vec::new();
            for _ in 0..requests {
                let (client, image, sem) = (client.clone(), image.clone(), sem.clone());
                tasks.push(tokio::spawn(async move {
                    let _p = sem.acquire().await;
                    let t = Instant::now();
                    let ok = client
                        .recognize(&image)
                        .await
                        .map(|r| !r.lines.is_empty())
                        .unwrap_or(false);
                    (t.elapsed(), ok)
                }));
            }
            let mut lat = Vec::new();
            let mut failed = 0;
            for t in tasks {
                let (d, ok) = t.await?;
                lat.push(d);
                failed += usize::from(!ok);
            }
            let wall = started.elapsed();
            level_done.notify_one();
            let healthz_max = probe.await??;
            lat.sort();
            let p = |q: f64| lat[((lat.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e3;
            println!(
                "{concurrency:>11}  {:>5.2}  {:>5.0} ms  {:>5.0} ms  {failed:>6}  {:>6.0} MiB  {:>9.1} ms",
                requests as f64 / wall.as_secs_f64(),
                p(0.5),
                p(0.99),
                rss_mib(),
                healthz_max.as_secs_f64() * 1e3
            );
        }
        Ok::<_, Box<dyn std::error::Error>>(())
    })
}

/// Polls `GET /healthz` every 50 ms on a fresh connection until `done`;
/// returns the slowest answer (an error when one is not a 200).
async fn poll_healthz(
    addr: std::net::SocketAddr,
    done: std::sync::Arc<tokio::sync::Notify>,
) -> Result<Duration, std::io::Error> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut slowest = Duration::ZERO;
    loop {
        let t = Instant::now();
        let mut stream = tokio::net::TcpStream::connect(addr).await?;
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
            .await?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await?;
        if !answer.starts_with(b"HTTP/1.1 200") {
            return Err(std::io::Error::other("/healthz did not answer 200"));
        }
        slowest = slowest.max(t.elapsed());
        tokio::select! {
            () = done.notified() => return Ok(slowest),
            () = tokio::time::sleep(Duration::from_millis(50)) => {}
        }
    }
}
