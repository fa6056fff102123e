#![allow(dead_code)]

use idcard::{IdCard, ParseOptions, Side};
use ocr_core::{Quad, TextLine};

/// Lines laid out top to bottom, one per text, 50 px apart; several texts in
/// one tuple share a row left to right.
pub fn rows(texts: &[&[&str]]) -> Vec<TextLine> {
    let mut lines = Vec::new();
    for (r, row) in texts.iter().enumerate() {
        let mut x = 0.0;
        for t in row.iter() {
            let w = 32.0 * t.chars().count().max(1) as f64;
            lines.push(TextLine::new(*t, 99.0).with_polygon(Quad::from_rect(x, r as f64 * 50.0, w, 30.0)));
            x += w + 20.0;
        }
    }
    lines
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A valid number for region, birth date (YYYYMMDD) and sequence.
pub fn make_number(region: &str, birth: &str, seq: u32) -> String {
    let first17 = format!("{region}{birth}{seq:03}");
    let check = idcard::number::check_char(&first17).unwrap();
    format!("{first17}{check}")
}

/// The lines read as a front.
pub fn parse_front(lines: &[TextLine], options: &ParseOptions) -> IdCard {
    idcard::parse(lines, &options.clone().with_side(Side::Front))
}

/// The lines read as a back.
pub fn parse_back(lines: &[TextLine], options: &ParseOptions) -> IdCard {
    idcard::parse(lines, &options.clone().with_side(Side::Back))
}
