//! Shared by the corpus test and the `label_value_rows` example: checks that
//! each label's row also holds its value, using the `layout` of a card's
//! `.truth.json` (the rendered text runs with their quads).

#![allow(dead_code)]

use geo::Contains;
use ocr_core::{OcrResponse, Point};
use ocr_layout::{Layout, LayoutConfig, layout_lines};
use serde_json::Value;

/// Label field → value field in the truth layout.
pub const PAIRS: [(&str, &str); 8] = [
    ("label_name", "name"),
    ("label_sex", "sex"),
    ("label_ethnicity", "ethnicity"),
    ("label_birth", "birth_year"),
    ("label_address", "address_line1"),
    ("label_id_number", "id_number"),
    ("label_issuer", "issuer"),
    ("label_validity", "validity"),
];

pub struct PairCheck {
    pub label: &'static str,
    /// `None`: the OCR found no box for the label or the value (nothing to check).
    pub same_row: Option<bool>,
}

fn truth_center(run: &Value) -> Point {
    let q = run["quad"].as_array().unwrap();
    let (sx, sy) = q.iter().fold((0.0, 0.0), |(x, y), p| {
        (x + p[0].as_f64().unwrap(), y + p[1].as_f64().unwrap())
    });
    Point::new(sx / 4.0, sy / 4.0)
}

/// Index of the OCR line whose polygon contains `p`.
fn line_at(response: &OcrResponse, p: Point) -> Option<usize> {
    response.lines.iter().position(|l| {
        l.polygon.is_some_and(|q| {
            let ring: Vec<geo::Coord<f64>> = q.points.iter().map(|v| geo::coord! { x: v.x, y: v.y }).collect();
            geo::Polygon::new(ring.into(), vec![]).contains(&geo::point! { x: p.x, y: p.y })
        })
    })
}

fn row_of(layout: &Layout, line: usize) -> Option<usize> {
    layout.rows.iter().position(|r| r.members.contains(&line))
}

pub fn check_card(ocr_json: &[u8], truth_json: &[u8]) -> (Layout, Vec<PairCheck>) {
    let response = OcrResponse::from_json(ocr_json).unwrap();
    let truth: Value = serde_json::from_slice(truth_json).unwrap();
    let layout = layout_lines(&response.lines, &LayoutConfig::default());
    let runs = truth["layout"].as_array().unwrap();
    let find = |field: &str| runs.iter().find(|r| r["field"] == field);
    let checks = PAIRS
        .iter()
        .filter_map(|&(label, value)| {
            let (l, v) = (find(label)?, find(value)?);
            let same_row = match (line_at(&response, truth_center(l)), line_at(&response, truth_center(v))) {
                (Some(a), Some(b)) => Some(row_of(&layout, a) == row_of(&layout, b)),
                _ => None,
            };
            Some(PairCheck { label, same_row })
        })
        .collect();
    (layout, checks)
}
