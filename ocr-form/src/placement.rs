//! Where a label's value lies, measured on the document in hand (the
//! label's own height is the unit):
//!
//! - **right**: the rest of the label's box, then the boxes after it in
//!   its row up to the next label (a two-column page keeps its columns
//!   apart: the other column starts with a label);
//! - **continued** (text and paragraphs): from a line that fills its
//!   column (reaches within 2.5 line heights of where the column's lines
//!   end), the lines below whose left edge is aligned with the value's
//!   first character, each close under the last, until a line that starts a label, has a label of this column
//!   before it, or is another field's value by its text (one of its
//!   choices: a label the engine did not read);
//! - **below**: the nearest line under the label that reads as the kind
//!   (a date under a seal).

use crate::labels::LabelHit;
use crate::pieces::Piece;

/// Characters `from..to` of piece `piece`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Span {
    pub piece: usize,
    pub from: usize,
    pub to: usize,
}

/// How far (label heights) a value's first box may stand from its label.
const FIRST_GAP: f64 = 12.0;
/// How far (line heights) the next box of a value may stand in its row.
const NEXT_GAP: f64 = 3.0;
/// How far (line heights) a continued line's left edge may be from the
/// value's first character.
const ALIGNMENT: f64 = 1.5;
/// The most space (line heights) between a line and the one it continues.
const LINE_GAP: f64 = 0.9;
/// How far short (line heights) of its column's end a line may stop and
/// still be full: a value wraps only from a full line.
const FULL_SLACK: f64 = 2.5;
/// How far under its label (label heights) a value below it may stand.
const BELOW_REACH: f64 = 4.0;

/// The pieces that state labels, and the ones taken by values so far.
pub(crate) struct Claims {
    pub label: Vec<bool>,
    pub taken: Vec<bool>,
}

impl Claims {
    pub fn new(pieces: &[Piece], hits: &[LabelHit]) -> Claims {
        let mut label = vec![false; pieces.len()];
        for hit in hits {
            for &p in &hit.pieces {
                label[p] = true;
            }
        }
        Claims {
            taken: vec![false; pieces.len()],
            label,
        }
    }

    fn free(&self, p: usize) -> bool {
        !self.label[p] && !self.taken[p]
    }

    pub fn take(&mut self, spans: &[Span]) {
        for s in spans {
            self.taken[s.piece] = true;
        }
    }
}

/// The value to the right of `hit`, continued on the lines below when
/// `wraps`.
/// `wraps` says whether the value may continue below; `foreign` whether a
/// line is another field's value by its text (one of that field's
/// choices), which ends a continuation as a label would.
pub(crate) fn value_right(
    pieces: &[Piece],
    hits: &[LabelHit],
    hit: usize,
    claims: &Claims,
    wraps: bool,
    foreign: &dyn Fn(&str) -> bool,
) -> Vec<Span> {
    let label = &hits[hit];
    let h = label.height();
    let mut spans = Vec::new();
    let last = *label.pieces.last().expect("a label spans a piece");
    if label.value_from < pieces[last].chars.len() {
        spans.push(Span {
            piece: last,
            from: label.value_from,
            to: pieces[last].chars.len(),
        });
    }
    let row = &label.pieces;
    let cursor = if spans.is_empty() { label.x1 } else { pieces[last].x1 };
    let first = spans.is_empty();
    let after = RowStart {
        cursor,
        after: label.x1,
        h,
        first,
    };
    spans.extend(rest_of_row_from(pieces, claims, row, &[], after));
    if !wraps || spans.is_empty() {
        return spans;
    }
    let column_x = pieces[spans[0].piece].char_x(spans[0].from);
    // a label fused with its value hides the space printed after it: the
    // value's column may start up to the label's width further right
    let hidden = if spans[0].piece == last && spans[0].from > 0 {
        label.x1 - pieces[last].x0
    } else {
        0.0
    };
    let mut heights: Vec<f64> = spans.iter().map(|s| pieces[s.piece].height()).collect();
    heights.push(h);
    heights.sort_by(f64::total_cmp);
    let line_h = heights[heights.len() / 2];
    let aligned = |j: usize| {
        let shift = pieces[j].x0 - column_x;
        shift >= -ALIGNMENT * line_h && shift <= ALIGNMENT * line_h + hidden
    };
    // the column's right end, as the lines that start in it reach
    let column_end = (0..pieces.len())
        .filter(|&j| !claims.label[j] && aligned(j))
        .chain(spans.iter().map(|s| s.piece))
        .map(|j| pieces[j].x1)
        .fold(f64::NEG_INFINITY, f64::max);
    let mut line: Vec<usize> = spans.iter().map(|s| s.piece).collect();
    loop {
        // a value wraps only where its line is full
        let reach = line.iter().map(|&p| pieces[p].x1).fold(f64::NEG_INFINITY, f64::max);
        if reach < column_end - FULL_SLACK * line_h {
            break;
        }
        let bottom = line.iter().map(|&p| pieces[p].y1).fold(f64::NEG_INFINITY, f64::max);
        let middle = line.iter().map(|&p| pieces[p].cy()).sum::<f64>() / line.len() as f64;
        let next = (0..pieces.len())
            .filter(|&j| claims.free(j) && !spans.iter().any(|s| s.piece == j))
            .filter(|&j| aligned(j))
            .filter(|&j| pieces[j].y0 > middle && pieces[j].y0 - bottom <= LINE_GAP * line_h)
            .min_by(|&a, &b| pieces[a].cy().total_cmp(&pieces[b].cy()));
        let Some(next) = next else { break };
        // a label of this column (or one further right) before it in its
        // row: the line is that label's value
        let labelled = hits.iter().any(|other| {
            pieces[other.pieces[0]].shares_row(&pieces[next])
                && other.x0 < pieces[next].x0
                && other.x0 >= label.x0 - 3.0 * h
        });
        if labelled || foreign(&pieces[next].chars.iter().collect::<String>()) {
            break;
        }
        let start = Span {
            piece: next,
            from: 0,
            to: pieces[next].chars.len(),
        };
        spans.push(start);
        let taken: Vec<usize> = spans.iter().map(|s| s.piece).collect();
        let more = rest_of_row(pieces, claims, &[next], &taken, pieces[next].x1, line_h);
        line = std::iter::once(next).chain(more.iter().map(|s| s.piece)).collect();
        spans.extend(more);
    }
    spans
}

/// Where the rest of a row starts: the right end of what was taken
/// (`cursor`), the label's end (`after`: a box counts when its centre is
/// past it), the unit height, and whether no box has been taken yet (the
/// first may stand further off).
struct RowStart {
    cursor: f64,
    after: f64,
    h: f64,
    first: bool,
}

/// The rest of a continued line's row: the free boxes after `x`.
fn rest_of_row(pieces: &[Piece], claims: &Claims, row: &[usize], taken: &[usize], x: f64, h: f64) -> Vec<Span> {
    let start = RowStart {
        cursor: x,
        after: x,
        h,
        first: false,
    };
    rest_of_row_from(pieces, claims, row, taken, start)
}

/// The free boxes (not in `taken`) after `start` in the row of `row`'s
/// pieces, up to the next label there, each close to the one before.
fn rest_of_row_from(pieces: &[Piece], claims: &Claims, row: &[usize], taken: &[usize], start: RowStart) -> Vec<Span> {
    let RowStart {
        mut cursor,
        after,
        h,
        mut first,
    } = start;
    let in_row = |j: usize| row.iter().any(|&r| r == j || pieces[r].shares_row(&pieces[j]));
    let next_label = (0..pieces.len())
        .filter(|&j| claims.label[j] && !row.contains(&j) && in_row(j) && centre(&pieces[j]) > after)
        .map(|j| pieces[j].x0)
        .fold(f64::INFINITY, f64::min);
    let mut candidates: Vec<usize> = (0..pieces.len())
        .filter(|&j| claims.free(j) && !row.contains(&j) && !taken.contains(&j) && in_row(j))
        // boxes of one row may overlap by a character: a box is past
        // `after` when its centre is
        .filter(|&j| centre(&pieces[j]) > after && pieces[j].x0 < next_label)
        .collect();
    candidates.sort_by(|&a, &b| pieces[a].x0.total_cmp(&pieces[b].x0));
    let mut out = Vec::new();
    for j in candidates {
        let gap = pieces[j].x0 - cursor;
        let limit = if first { FIRST_GAP } else { NEXT_GAP };
        if gap > limit * h {
            break;
        }
        out.push(Span {
            piece: j,
            from: 0,
            to: pieces[j].chars.len(),
        });
        cursor = cursor.max(pieces[j].x1);
        first = false;
    }
    out
}

fn centre(p: &Piece) -> f64 {
    (p.x0 + p.x1) / 2.0
}

/// The nearest free line under the label in which `finds` finds the value
/// (its characters `from..to`: a date may share its line with the seal's
/// text).
pub(crate) fn value_below(
    pieces: &[Piece],
    label: &LabelHit,
    claims: &Claims,
    finds: impl Fn(&str) -> Option<(usize, usize)>,
) -> Vec<Span> {
    let h = label.height();
    (0..pieces.len())
        .filter(|&j| claims.free(j))
        .filter(|&j| {
            let p = &pieces[j];
            p.y0 >= label.cy()
                && p.y0 - label.y1 <= BELOW_REACH * h
                && p.x1 >= label.x0
                && p.x0 <= label.x1 + FIRST_GAP * h
        })
        .filter_map(|j| {
            finds(&pieces[j].chars.iter().collect::<String>()).map(|(from, to)| Span { piece: j, from, to })
        })
        .min_by(|a, b| pieces[a.piece].y0.total_cmp(&pieces[b.piece].y0))
        .into_iter()
        .collect()
}
