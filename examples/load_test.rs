//! A bounded load through the client, retries on: `REQUESTS` posts of one
//! image at `CONCURRENCY`, then a summary line — sent, succeeded, failed,
//! throughput, p50/p99 latency. `scripts/scale-out.sh` uses it against
//! replicas behind a load balancer.
//!
//! ```sh
//! cargo run --release -p docstruct-examples --example load_test -- \
//!     http://127.0.0.1:8080/ocr/general samples/front.jpg 60 4
//! ```

use std::time::{Duration, Instant};

use ocr_client::{ClientConfig, OcrClient, RetryPolicy};
use ocr_core::{ImageInput, Recognize};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, image, rest @ ..] = args.as_slice() else {
        return Err("usage: load_test URL IMAGE [REQUESTS] [CONCURRENCY]".into());
    };
    let requests: usize = rest.first().map_or(Ok(40), |s| s.parse())?;
    let concurrency: usize = rest.get(1).map_or(Ok(4), |s| s.parse())?.max(1);
    let client = OcrClient::new(
        ClientConfig::builder(url)
            .retry_policy(RetryPolicy::default().with_max_retries(4))
            .timeout(Duration::from_secs(60))
            .max_concurrent_requests(concurrency)
            .build()?,
    )?;
    let image = ImageInput::from_path(image)?;
    let started = Instant::now();
    let gate = std::sync::Arc::new(tokio::sync::Semaphore::new(concurrency));
    let mut tasks = Vec::with_capacity(requests);
    for _ in 0..requests {
        let (client, image, gate) = (client.clone(), image.clone(), gate.clone());
        tasks.push(tokio::spawn(async move {
            let _slot = gate.acquire_owned().await;
            let t = Instant::now();
            let result = client.recognize(&image).await;
            (t.elapsed(), result.map(|r| r.lines.len()))
        }));
    }
    let mut latencies = Vec::new();
    let mut failed = 0usize;
    for task in tasks {
        let (elapsed, result) = task.await?;
        match result {
            Ok(lines) if lines > 0 => latencies.push(elapsed),
            Ok(_) => failed += 1,
            Err(e) => {
                failed += 1;
                eprintln!("load_test: {e}");
            }
        }
    }
    let wall = started.elapsed().as_secs_f64();
    latencies.sort();
    let quantile = |q: f64| {
        latencies
            .get(((latencies.len().max(1) - 1) as f64 * q).round() as usize)
            .map_or(0.0, |d| d.as_secs_f64() * 1e3)
    };
    println!(
        "sent {requests}  succeeded {}  failed {failed}  throughput {:.2} req/s  p50 {:.0} ms  p99 {:.0} ms",
        latencies.len(),
        latencies.len() as f64 / wall,
        quantile(0.5),
        quantile(0.99)
    );
    if failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}
