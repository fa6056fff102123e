//! Finding the schema's labels among the lines: at a line's start, whole or
//! fused with its value, spaced (`名　　称`), split over two or three boxes
//! (`名` + `称某某公司`), or with one character misread when four or more
//! characters long and no other label is as close.

use ocr_core::fuzzy::substitutions;

use crate::pieces::Piece;
use crate::schema::FormSchema;
use crate::values::{fold_width, is_symbol};

/// One label text of the schema and the fields it names.
#[derive(Debug, Clone)]
pub(crate) struct Variant {
    /// Spaces dropped, width folded.
    pub chars: Vec<char>,
    /// The label as the schema writes it.
    pub label: String,
    /// The fields (indices into the schema's) it names.
    pub fields: Vec<usize>,
    /// Whether one of them reports which label was read.
    pub reports_label: bool,
}

/// Every distinct label of the schema.
pub(crate) fn variants(schema: &FormSchema) -> Vec<Variant> {
    let mut out: Vec<Variant> = Vec::new();
    for (f, field) in schema.fields.iter().enumerate() {
        for label in &field.labels {
            let chars = normalise(label).0;
            if chars.is_empty() {
                continue;
            }
            match out.iter_mut().find(|v| v.chars == chars) {
                Some(v) if !v.fields.contains(&f) => {
                    v.fields.push(f);
                    v.reports_label |= field.label_key.is_some();
                }
                Some(_) => {}
                None => out.push(Variant {
                    chars,
                    label: label.clone(),
                    fields: vec![f],
                    reports_label: field.label_key.is_some(),
                }),
            }
        }
    }
    out
}

/// A label found: which, over which pieces, and where its value may start.
#[derive(Debug, Clone)]
pub(crate) struct LabelHit {
    pub variant: usize,
    /// The pieces it spans, left to right (one unless split).
    pub pieces: Vec<usize>,
    /// The character of the last piece where the text after the label
    /// begins (separators skipped); the piece's length when none follows.
    pub value_from: usize,
    /// Its extent in the frame.
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
}

impl LabelHit {
    pub fn height(&self) -> f64 {
        (self.y1 - self.y0).max(1.0)
    }

    pub fn cy(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
}

/// A text's characters for matching (whitespace dropped, width folded),
/// each with the index of the character it came from.
fn normalise(text: &str) -> (Vec<char>, Vec<usize>) {
    let mut chars = Vec::new();
    let mut from = Vec::new();
    for (i, c) in text.chars().enumerate() {
        // an engine may read a label's wide spacing as a mark (类☑型)
        if c.is_whitespace() || is_symbol(c) {
            continue;
        }
        chars.extend(fold_width(&c.to_string()).chars().filter(|c| !c.is_whitespace()));
        from.resize(chars.len(), i);
    }
    (chars, from)
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || is_symbol(c) || matches!(c, ':' | '：' | '.' | '·')
}

/// How a piece's start matches the variants: the longest read exactly, else
/// the one variant (four or more characters) one substitution away.
fn match_at_start(text: &[char], variants: &[Variant]) -> Option<usize> {
    let exact = variants
        .iter()
        .enumerate()
        .filter(|(_, v)| text.starts_with(&v.chars))
        .max_by_key(|(_, v)| v.chars.len())
        .map(|(i, _)| i);
    if exact.is_some() {
        return exact;
    }
    let near: Vec<usize> = variants
        .iter()
        .enumerate()
        .filter(|(_, v)| {
            v.chars.len() >= 4
                && text.len() >= v.chars.len()
                && substitutions(&text[..v.chars.len()], &v.chars) == Some(1)
        })
        .map(|(i, _)| i)
        .collect();
    match near[..] {
        [one] => Some(one),
        _ => None,
    }
}

/// Every label at the start of a piece, in the pieces' order. A piece
/// begins at most one label.
pub(crate) fn find_labels(pieces: &[Piece], variants: &[Variant]) -> Vec<LabelHit> {
    let normalised: Vec<(Vec<char>, Vec<usize>)> = pieces
        .iter()
        .map(|p| normalise(&p.chars.iter().collect::<String>()))
        .collect();
    let mut used = vec![false; pieces.len()];
    let mut hits = Vec::new();
    // left to right, so that a label split over boxes is met at its start
    // whatever the boxes' heights
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    order.sort_by(|&a, &b| pieces[a].x0.total_cmp(&pieces[b].x0));
    for i in order {
        let piece = &pieces[i];
        if used[i] {
            continue;
        }
        let (text, from) = &normalised[i];
        let hit = match match_at_start(text, variants) {
            Some(v) => Some((v, vec![i], after_label(piece, from, variants[v].chars.len()))),
            None => split_label(pieces, &normalised, i, variants, &used),
        };
        let Some((variant, spanned, value_from)) = hit else {
            continue;
        };
        for &p in &spanned {
            used[p] = true;
        }
        let last_index = *spanned.last().unwrap_or(&i);
        let last = &pieces[last_index];
        let x1 = last.char_x(label_end(last, &normalised[last_index], value_from));
        hits.push(LabelHit {
            variant,
            x0: piece.x0,
            x1,
            y0: spanned.iter().map(|&p| pieces[p].y0).fold(f64::INFINITY, f64::min),
            y1: spanned.iter().map(|&p| pieces[p].y1).fold(f64::NEG_INFINITY, f64::max),
            pieces: spanned,
            value_from,
        });
    }
    let partial = partial_labels(pieces, &normalised, variants, &used, &hits);
    hits.extend(partial);
    hits.sort_by_key(|h| h.pieces[0]);
    hits
}

/// Labels an engine read in part — a character lost at either end
/// (`称某某公司` for 名称某某公司, `型` for 类型, `住` for 住所) — found where
/// labels stand: a piece in the label column (its left edge near a whole
/// label's, shifted right by at most the lost characters' width) whose
/// start is at least half of one label's characters, the start or the end
/// of it, naming one field only (and one label, when the field reports
/// which), a field no whole label was found for.
fn partial_labels(
    pieces: &[Piece],
    normalised: &[(Vec<char>, Vec<usize>)],
    variants: &[Variant],
    used: &[bool],
    whole: &[LabelHit],
) -> Vec<LabelHit> {
    let found: Vec<usize> = whole.iter().flat_map(|h| variants[h.variant].fields.clone()).collect();
    let mut out: Vec<LabelHit> = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let (text, from) = &normalised[i];
        if used[i] || text.is_empty() {
            continue;
        }
        // (variant, characters of it read, characters lost before them)
        let mut fits: Vec<(usize, usize, usize)> = Vec::new();
        for (v, variant) in variants.iter().enumerate() {
            let n = variant.chars.len();
            if n < 2 || variant.fields.iter().any(|f| found.contains(f)) {
                continue;
            }
            for len in n.div_ceil(2)..n {
                if text.starts_with(&variant.chars[..len]) {
                    fits.push((v, len, 0));
                }
                if text.starts_with(&variant.chars[n - len..]) {
                    fits.push((v, len, n - len));
                }
            }
        }
        let Some(&(v, len, lost)) = fits.iter().max_by_key(|f| f.1) else {
            continue;
        };
        let longest: Vec<&(usize, usize, usize)> = fits.iter().filter(|f| f.1 == len).collect();
        let one_field = longest.iter().all(|f| variants[f.0].fields == variants[v].fields);
        let one_label = longest.iter().all(|f| f.0 == v) || !variants[v].reports_label;
        if !one_field || !one_label || out.iter().any(|h| variants[h.variant].fields == variants[v].fields) {
            continue;
        }
        // a label's size, near a whole label's left edge
        let in_label_column = whole.iter().any(|w| {
            let (h, shift) = (w.height(), piece.x0 - w.x0);
            let size = piece.height() / h;
            (0.6..=1.6).contains(&size) && shift >= -h && shift <= (lost as f64 + 2.0) * h
        });
        if !in_label_column {
            continue;
        }
        let value_from = after_label(piece, from, len);
        out.push(LabelHit {
            variant: v,
            x0: piece.x0,
            x1: piece.char_x(label_end(piece, &normalised[i], value_from)),
            y0: piece.y0,
            y1: piece.y1,
            pieces: vec![i],
            value_from,
        });
    }
    out
}

/// The character where the label's last character ends: the value start
/// minus the separators before it.
fn label_end(piece: &Piece, normalised: &(Vec<char>, Vec<usize>), value_from: usize) -> usize {
    let mut end = value_from;
    while end > 0 && is_separator(piece.chars[end - 1]) {
        end -= 1;
    }
    if normalised.0.is_empty() { 0 } else { end }
}

/// The first character after a label of `len` matching characters, with
/// separators skipped.
fn after_label(piece: &Piece, from: &[usize], len: usize) -> usize {
    let mut i = match from.get(len) {
        Some(&orig) => orig,
        None => piece.chars.len(),
    };
    while i < piece.chars.len() && is_separator(piece.chars[i]) {
        i += 1;
    }
    i
}

/// A label begun by piece `i` and ended by the next one or two pieces to
/// its right in the row (`名` + `称某某公司`, `类` + `型`).
fn split_label(
    pieces: &[Piece],
    normalised: &[(Vec<char>, Vec<usize>)],
    i: usize,
    variants: &[Variant],
    used: &[bool],
) -> Option<(usize, Vec<usize>, usize)> {
    let first = &normalised[i].0;
    if first.is_empty() {
        return None;
    }
    let candidates: Vec<usize> = variants
        .iter()
        .enumerate()
        .filter(|(_, v)| v.chars.len() > first.len() && v.chars.starts_with(first))
        .map(|(k, _)| k)
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let piece = &pieces[i];
    let h = piece.height();
    let mut chain = vec![i];
    let mut text = first.clone();
    let mut cursor = piece.x1;
    for _ in 0..2 {
        let next = (0..pieces.len())
            .filter(|&j| !used[j] && !chain.contains(&j) && piece.shares_row(&pieces[j]))
            .filter(|&j| pieces[j].x0 >= cursor - 0.5 * h && pieces[j].x0 - cursor <= 2.0 * h)
            .min_by(|&a, &b| pieces[a].x0.total_cmp(&pieces[b].x0))?;
        chain.push(next);
        let (more, from) = &normalised[next];
        let start = text.len();
        text.extend(more);
        if let Some(&v) = candidates
            .iter()
            .filter(|&&v| text.starts_with(&variants[v].chars))
            .max_by_key(|&&v| variants[v].chars.len())
        {
            let consumed = variants[v].chars.len() - start;
            return Some((v, chain, after_label(&pieces[next], from, consumed)));
        }
        if !candidates.iter().any(|&v| variants[v].chars.starts_with(&text)) {
            return None;
        }
        cursor = pieces[next].x1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{FieldSpec, ValueKind};

    fn piece(line: usize, text: &str, x0: f64, y0: f64) -> Piece {
        let n = text.chars().count() as f64;
        Piece {
            line,
            chars: text.chars().collect(),
            x0,
            x1: x0 + 30.0 * n,
            y0,
            y1: y0 + 30.0,
            confidence: 99.0,
        }
    }

    fn schema() -> FormSchema {
        FormSchema::new("t")
            .field(FieldSpec::new("name", ValueKind::Text, ["名称"]))
            .field(FieldSpec::new("code", ValueKind::Code, ["统一社会信用代码"]))
            .field(FieldSpec::new("rep", ValueKind::Text, ["法定代表人", "经营者"]))
            .field(FieldSpec::new("scope", ValueKind::Paragraph, ["经营范围"]))
            .field(FieldSpec::new("place", ValueKind::Text, ["经营场所"]))
            .field(FieldSpec::new("term", ValueKind::DateRange, ["营业期限"]))
    }

    fn found(pieces: &[Piece]) -> Vec<(String, Vec<usize>, usize)> {
        let variants = variants(&schema());
        find_labels(pieces, &variants)
            .into_iter()
            .map(|h| (variants[h.variant].label.clone(), h.pieces, h.value_from))
            .collect()
    }

    #[test]
    fn a_label_alone_fused_spaced_or_after_a_colon() {
        assert_eq!(found(&[piece(0, "名称", 0.0, 0.0)]), [("名称".into(), vec![0], 2)]);
        assert_eq!(
            found(&[piece(0, "名称某某公司", 0.0, 0.0)]),
            [("名称".into(), vec![0], 2)]
        );
        assert_eq!(
            found(&[piece(0, "名　　称：某某公司", 0.0, 0.0)]),
            [("名称".into(), vec![0], 5)]
        );
        assert_eq!(
            found(&[piece(0, "经营者 张三", 0.0, 0.0)]),
            [("经营者".into(), vec![0], 4)]
        );
    }

    #[test]
    fn a_label_split_over_boxes_in_its_row() {
        let pieces = [piece(0, "名", 0.0, 0.0), piece(1, "称 某某公司", 40.0, 2.0)];
        assert_eq!(found(&pieces), [("名称".into(), vec![0, 1], 2)]);
        let pieces = [
            piece(0, "经", 0.0, 0.0),
            piece(1, "营", 35.0, 0.0),
            piece(2, "范围", 70.0, 0.0),
        ];
        assert_eq!(found(&pieces), [("经营范围".into(), vec![0, 1, 2], 2)]);
        // not in the same row: no label
        assert!(found(&[piece(0, "名", 0.0, 0.0), piece(1, "称", 40.0, 80.0)]).is_empty());
    }

    #[test]
    fn one_misread_character_only_in_a_long_label_and_only_when_one_label_fits() {
        assert_eq!(
            found(&[piece(0, "统一社会信用代玛", 0.0, 0.0)])[0].0,
            "统一社会信用代码"
        );
        // 经营范围 and 经营场所 are two characters apart: 经营场围 fits neither by one
        assert!(found(&[piece(0, "经营场围", 0.0, 0.0)]).is_empty());
        assert_eq!(found(&[piece(0, "经营范囤", 0.0, 0.0)])[0].0, "经营范围");
        // a short label needs every character
        assert!(found(&[piece(0, "名林", 0.0, 0.0)]).is_empty());
    }

    #[test]
    fn a_split_label_is_found_whichever_box_sits_higher() {
        let pieces = [
            piece(1, "称", 40.0, 0.0),
            piece(0, "名", 0.0, 3.0),
            piece(2, "某某公司", 120.0, 0.0),
        ];
        assert_eq!(found(&pieces), [("名称".into(), vec![1, 0], 1)]);
    }

    #[test]
    fn a_label_read_in_part_counts_only_in_the_label_column() {
        let pieces = [
            piece(0, "经营者 张三", 0.0, 0.0),
            piece(1, "称某某商店", 40.0, 50.0),
            piece(2, "经营范围", 0.0, 100.0),
        ];
        assert_eq!(found(&pieces)[1], ("名称".into(), vec![1], 1));
        // the same text in the value column is a value
        let far = [piece(0, "经营者 张三", 0.0, 0.0), piece(1, "称某某商店", 200.0, 50.0)];
        assert_eq!(found(&far).len(), 1);
        // a title in large type is not a label read in part (营业 of 营业期限)
        let title = [
            piece(0, "经营者 张三", 0.0, 0.0),
            Piece {
                y1: 150.0,
                ..piece(1, "营业执照", 20.0, 50.0)
            },
        ];
        assert_eq!(found(&title).len(), 1);
        // a fragment of two fields' labels (营 of 经营者 and 经营范围) names neither
        let both = [piece(0, "名称某某", 0.0, 0.0), piece(1, "经营", 0.0, 50.0)];
        assert_eq!(found(&both).len(), 1);
    }

    #[test]
    fn a_label_inside_a_line_is_not_a_label() {
        assert!(found(&[piece(0, "某某公司名称", 0.0, 0.0)]).is_empty());
    }
}
