//! Layout rows as character sequences that remember which OCR line each
//! character came from.

use std::ops::Range;

use ocr_core::TextLine;
use ocr_layout::RowMember;

use crate::model::card::Field;
use crate::read::text::{halfwidth_char, kept_chars, standard_form};

/// One layout row: its characters (half-width, no whitespace, the card's
/// vocabulary in its standard forms) and, per character, the OCR line it
/// came from.
#[derive(Clone)]
pub(crate) struct RowText {
    pub chars: Vec<char>,
    /// The characters as read (half-width, no whitespace), for values that
    /// are not the card's vocabulary (a name keeps the form it was read in).
    pub read: Vec<char>,
    pub owner: Vec<usize>,
    /// Per character, its position among its OCR line's characters.
    pub pos: Vec<usize>,
}

impl RowText {
    pub fn string(&self, range: Range<usize>) -> String {
        self.chars[range].iter().collect()
    }
}

/// Row texts from rows given as their members in reading order.
pub(crate) fn row_texts(rows: &[Vec<RowMember>], lines: &[TextLine]) -> Vec<RowText> {
    rows.iter()
        .map(|members| {
            let mut chars = Vec::new();
            let mut read = Vec::new();
            let mut owner = Vec::new();
            let mut pos = Vec::new();
            let texts: Vec<Vec<char>> = members.iter().map(|m| kept_chars(&lines[m.index].text)).collect();
            for (k, m) in members.iter().enumerate() {
                let twice = match (members.get(k + 1), texts.get(k + 1)) {
                    (Some(next), Some(next_text)) => read_twice(m, &texts[k], next, next_text),
                    _ => 0,
                };
                let kept = texts[k].len() - twice;
                for (p, &c) in texts[k][..kept].iter().enumerate() {
                    chars.push(standard_form(c));
                    read.push(c);
                    owner.push(m.index);
                    pos.push(p);
                }
            }
            RowText {
                chars,
                read,
                owner,
                pos,
            }
        })
        .collect()
}

/// How many characters at the end of a row member the next member read
/// again: the detector sometimes cuts a label's line through the value's
/// first character, and the recognizer reads that character in both lines
/// (`有效期限2` + `2011.09.09-长期`). The two lines then overlap along the
/// row by about that many of the first line's characters, and the first
/// line's last characters are the second's first ones. Without both, nothing
/// is dropped.
fn read_twice(member: &RowMember, text: &[char], next: &RowMember, next_text: &[char]) -> usize {
    let overlap = member.x1 - next.x0;
    if text.len() < 2 || overlap <= 0.0 || next.x0 <= member.x0 {
        return 0;
    }
    let pitch = (member.x1 - member.x0) / text.len() as f64;
    let k = ((overlap / pitch).round() as usize)
        .min(text.len() - 1)
        .min(next_text.len());
    if k > 0 && text[text.len() - k..] == next_text[..k] {
        k
    } else {
        0
    }
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
    let spans = char_spans(spans, rows);
    let lowest = line_ids
        .iter()
        .map(|&l| lines[l].confidence)
        .fold(f32::INFINITY, f32::min);
    Field {
        value,
        confidence: if lowest.is_finite() { lowest } else { 0.0 },
        characters_confidence: characters_confidence(&spans, lines),
        rows: row_ids,
        lines: line_ids,
        verified: false,
        quad: None,
        spans,
    }
}

/// A line's glyphs for the characters the rows keep (see [`kept_chars`]),
/// when it has glyphs.
fn kept_glyphs(line: &TextLine) -> Option<Vec<ocr_core::Glyph>> {
    let glyphs = line.glyphs()?;
    Some(
        line.text
            .chars()
            .zip(glyphs)
            .filter(|(c, _)| !halfwidth_char(*c).is_whitespace())
            .map(|(_, g)| *g)
            .collect(),
    )
}

/// The OCR line of a row's character `i` and where the recognizer placed it
/// along that line (0–1), when the line has glyphs.
pub(crate) fn glyph_centre(row: &RowText, i: usize, lines: &[TextLine]) -> Option<(usize, f32)> {
    let line = *row.owner.get(i)?;
    let glyph = *kept_glyphs(lines.get(line)?)?.get(row.pos[i])?;
    Some((line, glyph.center))
}

/// The lowest, over the value's lines, of the mean glyph confidence of the
/// value's characters on the line; `None` unless every one of those lines
/// has glyphs.
fn characters_confidence(spans: &[(usize, Range<usize>)], lines: &[TextLine]) -> Option<f32> {
    let mut lowest: Option<f32> = None;
    for (line, range) in spans {
        let kept = kept_glyphs(lines.get(*line)?)?;
        let own = kept.get(range.clone())?;
        if own.is_empty() {
            return None;
        }
        let mean = own.iter().map(|g| g.confidence).sum::<f32>() / own.len() as f32;
        lowest = Some(lowest.map_or(mean, |l| l.min(mean)));
    }
    lowest
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

#[cfg(test)]
mod tests {
    use super::*;

    fn member(line: usize, x0: f64, x1: f64) -> RowMember {
        RowMember { index: line, x0, x1 }
    }

    fn row_of(parts: &[(&str, f64, f64)]) -> String {
        let lines: Vec<TextLine> = parts.iter().map(|(t, _, _)| TextLine::new(*t, 99.0)).collect();
        let members: Vec<RowMember> = parts
            .iter()
            .enumerate()
            .map(|(i, (_, a, b))| member(i, *a, *b))
            .collect();
        let rows = row_texts(&[members], &lines);
        rows[0].string(0..rows[0].chars.len())
    }

    #[test]
    fn a_character_read_by_two_overlapping_lines_is_kept_once() {
        // the label's line ends a little inside the value's line, on its first digit
        assert_eq!(
            row_of(&[("有效期限2", 0.0, 200.0), ("2020.01.02-长期", 175.0, 480.0)]),
            "有效期限2020.01.02-长期"
        );
    }

    #[test]
    fn lines_that_only_touch_keep_every_character() {
        assert_eq!(
            row_of(&[("性别男", 0.0, 120.0), ("男民族汉", 118.0, 280.0)]),
            "性别男男民族汉"
        );
        assert_eq!(row_of(&[("住址22", 0.0, 160.0), ("2号", 170.0, 230.0)]), "住址222号");
    }

    #[test]
    fn overlapping_lines_with_different_characters_keep_them_all() {
        assert_eq!(
            row_of(&[("出生1990", 0.0, 200.0), ("年1月", 170.0, 260.0)]),
            "出生1990年1月"
        );
    }
}
