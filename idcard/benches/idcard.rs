//! Layout + parse time per card, `IdNumber` parse throughput, and the
//! card localisation stage on the sample photos (the outline from the
//! image's edges alone, from the shadow lines of its sides, and the whole
//! pixel pass with quality scores).
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

    let mut group = c.benchmark_group("card_localisation");
    group.sample_size(20);
    for side in ["front", "back"] {
        let dir = format!("{}/../samples", env!("CARGO_MANIFEST_DIR"));
        let image = ocr_image::decode_image(&std::fs::read(format!("{dir}/{side}.jpg")).unwrap(), u64::MAX).unwrap();
        let json = std::fs::read(format!("{dir}/{side}.ocr.json")).unwrap();
        let lines = OcrResponse::from_json(&json).unwrap().lines;
        let page = idcard::page::parse_page(&lines, &idcard::ParseOptions::default());
        let placed = page.cards[0].quad.expect("the sample is placed by its text");
        let text: Vec<ocr_core::Point> = lines.iter().filter_map(|l| l.polygon).flat_map(|q| q.points).collect();
        let search = ocr_image::OutlineSearch::with_aspect(ocr_image::ID1_ASPECT);
        group.bench_function(BenchmarkId::new("locate_outline", side), |b| {
            b.iter(|| black_box(ocr_image::locate_outline(&image, &placed, &text, &search)))
        });
        let mut wide = ocr_image::OutlineSearch::with_aspect(ocr_image::ID1_ASPECT);
        wide.reach = 0.5;
        group.bench_function(BenchmarkId::new("locate_outline_from_sides", side), |b| {
            b.iter(|| black_box(ocr_image::locate_outline_from_sides(&image, &placed, &text, &wide)))
        });
        let limits = idcard::pixels::QualityLimits::default();
        group.bench_function(BenchmarkId::new("assess_image", side), |b| {
            b.iter(|| {
                let mut p = page.clone();
                p.assess_image(&image, &limits);
                black_box(p)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
