//! Extraction after OCR: a two-column form of 25 lines, schema prepared once.

use criterion::{Criterion, criterion_group, criterion_main};
use ocr_core::{Quad, TextLine};
use ocr_form::{FieldSpec, FormExtractor, FormSchema, ValueKind};

fn lines() -> Vec<TextLine> {
    let line = |text: &str, x: f64, y: f64| {
        TextLine::new(text, 99.0).with_polygon(Quad::from_rect(x, y, 24.0 * text.chars().count() as f64, 24.0))
    };
    let mut out = vec![
        line("名称", 0.0, 0.0),
        line("城南棋社有限公司", 120.0, 0.0),
        line("注册资本", 700.0, 0.0),
        line("壹佰万元整", 820.0, 0.0),
        line("类型", 0.0, 40.0),
        line("有限责任公司(自然人独资)", 120.0, 40.0),
        line("成立日期", 700.0, 40.0),
        line("2001年05月04日", 820.0, 40.0),
        line("住所", 700.0, 80.0),
        line("湖南省长沙市天心区书院路", 820.0, 80.0),
        line("9号", 820.0, 112.0),
        line("经营范围", 0.0, 80.0),
    ];
    for i in 0..10 {
        out.push(line(
            "棋类培训；文化活动组织；体育用品销售；",
            120.0,
            80.0 + 32.0 * i as f64,
        ));
    }
    out
}

fn bench(c: &mut Criterion) {
    let schema = FormSchema::new("club")
        .field(FieldSpec::new("name", ValueKind::Text, ["名称"]))
        .field(FieldSpec::new("type", ValueKind::Text, ["类型"]).choices(["有限责任公司(自然人独资)", "个体工商户"]))
        .field(FieldSpec::new("capital", ValueKind::Amount, ["注册资本"]))
        .field(FieldSpec::new("founded", ValueKind::Date, ["成立日期"]))
        .field(FieldSpec::new("address", ValueKind::Text, ["住所"]))
        .field(FieldSpec::new("scope", ValueKind::Paragraph, ["经营范围"]));
    let extractor = FormExtractor::new(schema).expect("a valid schema");
    let lines = lines();
    c.bench_function("extract_two_column_form", |b| {
        b.iter(|| extractor.extract(std::hint::black_box(&lines)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
