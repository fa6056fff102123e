//! Reading a licence after OCR: a fixture response from the corpus through
//! `LicenceReader::read` (schema prepared once).

use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let json = include_str!("../tests/fixtures/landscape.ocr.json");
    let response = ocr_core::OcrResponse::from_json(json.as_bytes()).expect("a fixture response");
    let reader = bizlicence::LicenceReader::new();
    c.bench_function("read_business_licence", |b| {
        b.iter(|| reader.read(std::hint::black_box(&response.lines)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
