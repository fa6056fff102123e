//! Layout rows as character sequences that remember which OCR line each
//! character came from.

use std::ops::Range;

use ocr_core::TextLine;

use crate::card::Field;
use crate::text::halfwidth_char;

/// One layout row: its characters (half-width, no whitespace) and, per
/// character, the OCR line it came from.
#[derive(Clone)]
pub(crate) struct RowText {
    pub chars: Vec<char>,
    pub owner: Vec<usize>,
    /// Per character, its position among its OCR line's characters.
    pub pos: Vec<usize>,
}

impl RowText {
    pub fn string(&self, range: Range<usize>) -> String {
        self.chars[range].iter().collect()
    }
}

/// Row texts from rows given as OCR line indices in reading order.
pub(crate) fn row_texts(rows: &[Vec<usize>], lines: &[TextLine]) -> Vec<RowText> {
    rows.iter()
        .map(|members| {
            let mut chars = Vec::new();
            let mut owner = Vec::new();
            let mut pos = Vec::new();
            for &m in members {
                let kept = lines[m].text.chars().map(halfwidth_char).filter(|c| !c.is_whitespace());
                for (k, c) in kept.enumerate() {
                    chars.push(c);
                    owner.push(m);
                    pos.push(k);
                }
            }
            RowText { chars, owner, pos }
        })
        .collect()
}

/// A span of characters in one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Span {
    pub row: usize,
    pub range: Range<usize>,
}

/// Builds a field from the spans its value was read from: the rows, the OCR
/// lines and their lowest confidence.
pub(crate) fn field_from<T>(value: T, spans: &[Span], rows: &[RowText], lines: &[TextLine]) -> Field<T> {
    let mut row_ids: Vec<usize> = spans.iter().map(|s| s.row).collect();
    row_ids.sort_unstable();
    row_ids.dedup();
    let mut line_ids: Vec<usize> = spans
        .iter()
        .flat_map(|s| rows[s.row].owner[s.range.clone()].iter().copied())
        .collect();
    line_ids.sort_unstable();
    line_ids.dedup();
    let confidence = line_ids
        .iter()
        .map(|&l| lines[l].confidence)
        .fold(f32::INFINITY, f32::min);
    Field {
        value,
        confidence: if confidence.is_finite() { confidence } else { 0.0 },
        rows: row_ids,
        lines: line_ids,
        verified: false,
        quad: None,
        spans: char_spans(spans, rows),
    }
}

/// Per OCR line, the range of its characters (whitespace removed) that the
/// spans cover.
fn char_spans(spans: &[Span], rows: &[RowText]) -> Vec<(usize, Range<usize>)> {
    let mut out: Vec<(usize, Range<usize>)> = Vec::new();
    for s in spans {
        let row = &rows[s.row];
        for i in s.range.clone() {
            let (line, p) = (row.owner[i], row.pos[i]);
            match out.iter_mut().find(|(l, _)| *l == line) {
                Some((_, r)) => *r = r.start.min(p)..r.end.max(p + 1),
                None => out.push((line, p..p + 1)),
            }
        }
    }
    out
}
