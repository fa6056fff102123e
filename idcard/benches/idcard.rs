//! Layout + parse time per card, and `IdNumber` parse throughput.
//!
//! `cargo bench -p idcard --bench idcard`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use idcard::IdNumber;
use ocr_core::OcrResponse;

/// Parses with default options.
fn parse(lines: &[ocr_core::TextLine]) -> idcard::IdCard {
    idcard::parse(lines, &idcard::ParseOptions::default())
}

fn lines(card: &str) -> Vec<ocr_core::TextLine> {
    let path = format!("{}/tests/fixtures/{card}.ocr.json", env!("CARGO_MANIFEST_DIR"));
    OcrResponse::from_json(&std::fs::read(path).unwrap()).unwrap().lines
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_card");
    for card in ["0000", "0121", "0035"] {
        let l = lines(card);
        group.bench_function(
            BenchmarkId::new("layout+parse", format!("{card} ({} lines)", l.len())),
            |b| b.iter(|| black_box(parse(black_box(&l)))),
        );
    }
    group.finish();

    let numbers = [
        "11010519491231002X",
        "530402198811012844",
        "110105194912310038",
        "１１０１０５１９４９１２３１００２Ｘ",
        "110105194912310021",
    ];
    let mut group = c.benchmark_group("id_number");
    group.throughput(Throughput::Elements(numbers.len() as u64));
    group.bench_function("parse", |b| {
        b.iter(|| {
            for n in numbers {
                let _ = black_box(IdNumber::parse(black_box(n)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
