//! Which side a card shows, and which way up it is, judged from content.

use crate::model::card::Side;
use crate::read::labels::{BACK_ORDER, FRONT_ORDER, ISSUER, Label, VALIDITY};
use crate::read::rows::RowText;

/// How well the rows read as a card the right way up: labels at the start
/// of their rows (+2) rather than at the end (−2), and labels in printed
/// order from row to row (+3 per pair in order, −3 per pair reversed).
///
/// Reading a page upside down reverses both the rows and the fragments in
/// each row, so the wrong direction scores lower. The order of the rows
/// weighs more than a label's place in its row: one stray fragment read
/// before a label (a speck, the emblem read as a character) moves the label
/// off its row's start, but no fragment changes which row is above.
pub(crate) fn orientation_score(rows: &[RowText]) -> i32 {
    let mut score = 0;
    for order in [&FRONT_ORDER[..], &BACK_ORDER[..]] {
        let mut found: Vec<usize> = Vec::new();
        for label in order {
            let hit = rows
                .iter()
                .enumerate()
                .find_map(|(i, r)| label.find_exact(r).map(|m| (i, m, r.chars.len())));
            if let Some((row, m, len)) = hit {
                if m.start == 0 && m.end < len {
                    score += 2;
                } else if m.start > 0 && m.end == len {
                    score -= 2;
                }
                found.push(row);
            }
        }
        for i in 0..found.len() {
            for j in i + 1..found.len() {
                score += match found[i].cmp(&found[j]) {
                    std::cmp::Ordering::Less => 3,
                    std::cmp::Ordering::Greater => -3,
                    std::cmp::Ordering::Equal => 0,
                };
            }
        }
    }
    score
}

fn count(labels: &[Label], rows: &[RowText]) -> usize {
    labels
        .iter()
        .filter(|l| rows.iter().any(|r| l.find_exact(r).is_some()))
        .count()
}

/// Front if front labels (or a long digit run) outnumber back labels (or a
/// date range), back if the reverse; `None` when neither shows.
pub(crate) fn detect_side(rows: &[RowText], has_number_run: bool) -> Option<Side> {
    let labels_front = [
        crate::read::labels::NAME,
        crate::read::labels::SEX,
        crate::read::labels::ETHNICITY,
        crate::read::labels::BIRTH,
        crate::read::labels::ADDRESS,
        crate::read::labels::NUMBER,
    ];
    let front = count(&labels_front, rows) + if has_number_run { 2 } else { 0 };
    let fuzzy_back = [ISSUER, VALIDITY]
        .iter()
        .filter(|l| rows.iter().any(|r| l.find(r).is_some()))
        .count();
    let back = count(&BACK_ORDER, rows).max(fuzzy_back) + usize::from(rows.iter().any(has_date_range));
    match (front, back) {
        (0, 0) => None,
        (f, b) if f >= b => Some(Side::Front),
        _ => Some(Side::Back),
    }
}

/// Whether a row holds something like `2015.06.01-2025.06.01` or `…-长期`.
fn has_date_range(row: &RowText) -> bool {
    let digits = row.chars.iter().filter(|c| c.is_ascii_digit()).count();
    let dots = row.chars.iter().filter(|&&c| c == '.').count();
    (digits >= 16 && dots >= 2) || (digits >= 8 && dots >= 2 && row.chars.windows(2).any(|w| w == ['长', '期']))
}
