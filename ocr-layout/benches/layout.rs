//! Layout time per card (a dev-corpus OCR response, ~10 boxes), scaling
//! on synthetic pages of 100, 1 000 and 10 000 boxes, and the adversarial
//! shape: 1 000 to 100 000 identical boxes sharing one band (each must
//! become a row of its own).
//!
//! `cargo bench -p ocr-layout --bench layout`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ocr_core::{OcrResponse, Point, Quad};
use ocr_layout::{LayoutConfig, LayoutItem, layout};

fn card_items(name: &str) -> Vec<LayoutItem> {
    let path = format!("{}/tests/fixtures/{name}.ocr.json", env!("CARGO_MANIFEST_DIR"));
    let response = OcrResponse::from_json(&std::fs::read(path).unwrap()).unwrap();
    LayoutItem::from_lines(&response.lines).0
}

/// A page of `n` boxes: rows of 10 words, tilted by 3°, with a little jitter.
fn page(n: usize) -> Vec<LayoutItem> {
    let mut rng = fastrand::Rng::with_seed(42);
    let (s, c) = 3f64.to_radians().sin_cos();
    (0..n)
        .map(|i| {
            let (row, col) = (i / 10, i % 10);
            let x = col as f64 * 130.0 + rng.f64() * 4.0;
            let y = row as f64 * 36.0 + rng.f64() * 4.0;
            let q = Quad::from_rect(x, y, 100.0 + rng.f64() * 20.0, 20.0)
                .map(|p| Point::new(p.x * c - p.y * s, p.x * s + p.y * c));
            LayoutItem::new(i, q, "word", 90.0)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let config = LayoutConfig::default();
    let mut group = c.benchmark_group("card");
    for name in ["0000", "0121", "0123"] {
        let items = card_items(name);
        group.throughput(Throughput::Elements(items.len() as u64));
        group.bench_function(
            BenchmarkId::new("layout", format!("{name} ({} boxes)", items.len())),
            |b| b.iter(|| black_box(layout(black_box(&items), &config))),
        );
    }
    group.finish();

    let mut group = c.benchmark_group("page");
    group.sample_size(20);
    for n in [100, 1_000, 10_000] {
        let items = page(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("layout", n), &items, |b, items| {
            b.iter(|| black_box(layout(black_box(items), &config)))
        });
    }
    group.finish();
}

/// `n` identical boxes: every one in the same band, each clashing with all others.
fn stacked(n: usize) -> Vec<LayoutItem> {
    (0..n)
        .map(|i| LayoutItem::new(i, Quad::from_rect(10.0, 10.0, 200.0, 30.0), "dup", 90.0))
        .collect()
}

fn bench_one_band(c: &mut Criterion) {
    let config = LayoutConfig::default();
    let mut group = c.benchmark_group("one_band");
    group.sample_size(10);
    for n in [1_000, 10_000, 100_000] {
        let items = stacked(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("layout", n), &items, |b, items| {
            b.iter(|| black_box(layout(black_box(items), &config)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench, bench_one_band);
criterion_main!(benches);
