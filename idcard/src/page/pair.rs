//! The cards of a page in reading order, and the two sides of one person
//! joined.

use ocr_core::Quad;

use crate::model::card::{IdCard, Side};
use crate::model::warning::WarningCode;
use crate::page::reading::CardOnPage;

/// Top to bottom, and left to right among cards beside each other (whose
/// vertical extents overlap by more than half).
pub(crate) fn order_for_reading(cards: &mut [CardOnPage]) {
    let extent = |c: &CardOnPage| c.quad.unwrap_or_else(|| Quad::from_rect(0.0, 0.0, 0.0, 0.0)).bounds();
    cards.sort_by(|a, b| {
        let (ea, eb) = (extent(a), extent(b));
        let overlap = ea.y1.min(eb.y1) - ea.y0.max(eb.y0);
        let shorter = ea.height().min(eb.height());
        if shorter > 0.0 && overlap > shorter / 2.0 {
            ea.x0.total_cmp(&eb.x0)
        } else {
            (ea.y0 + ea.y1).total_cmp(&(eb.y0 + eb.y1))
        }
    });
}

/// Gives each card its person: each back joins the nearest unpaired front
/// (with more than one front and back on the page, only one whose number
/// and birth date agree with the back's validity term).
pub(crate) fn pair_sides(cards: &mut [CardOnPage]) {
    let mut partner: Vec<Option<usize>> = vec![None; cards.len()];
    for b in (0..cards.len()).filter(|&i| cards[i].card.side == Some(Side::Back)) {
        let candidates = (0..cards.len()).filter(|&f| cards[f].card.side == Some(Side::Front) && partner[f].is_none());
        let nearest = candidates
            .filter(|&f| {
                let joined = cards[f].card.clone().combine(cards[b].card.clone());
                !joined.has_warning(WarningCode::ValidityTermMismatch) || cards.len() == 2
            })
            .min_by(|&x, &y| distance(&cards[x], &cards[b]).total_cmp(&distance(&cards[y], &cards[b])));
        if let Some(f) = nearest {
            partner[f] = Some(b);
            partner[b] = Some(f);
        }
    }
    let mut persons = 0;
    for i in 0..cards.len() {
        match partner[i] {
            Some(p) if p < i => cards[i].person = cards[p].person,
            _ => {
                cards[i].person = persons;
                persons += 1;
            }
        }
    }
}

/// The checks across a person's two sides (the validity term against the
/// birth date, the issuer against the number's region) land on both cards.
pub(crate) fn share_cross_checks(cards: &mut [CardOnPage]) {
    for f in 0..cards.len() {
        let Some(b) = (0..cards.len()).find(|&b| {
            b != f
                && cards[b].person == cards[f].person
                && cards[b].card.side == Some(Side::Back)
                && cards[f].card.side == Some(Side::Front)
        }) else {
            continue;
        };
        let joined = cards[f].card.clone().combine(cards[b].card.clone());
        for w in &joined.warnings {
            if !cards[f].card.warnings.contains(w) && !cards[b].card.warnings.contains(w) {
                cards[f].card.warnings.push(w.clone());
                cards[b].card.warnings.push(w.clone());
            }
        }
        if let (Some(issuer), Some(joined)) = (cards[b].card.issuer.as_mut(), joined.issuer.as_ref()) {
            issuer.verified |= joined.verified;
            if issuer.value != joined.value {
                // repaired with the front's number: the back's doubt is settled
                issuer.value = joined.value.clone();
                cards[b]
                    .card
                    .warnings
                    .retain(|w| w.code != WarningCode::IssuerUnverified);
            }
        }
    }
}

/// One card per person, in the order of the persons: a front and a back
/// combined ([`IdCard::combine`]), any other card as read.
pub(crate) fn identities(cards: &[CardOnPage]) -> Vec<IdCard> {
    let persons = cards.iter().map(|c| c.person + 1).max().unwrap_or(0);
    (0..persons)
        .filter_map(|p| {
            let mine: Vec<&IdCard> = cards.iter().filter(|c| c.person == p).map(|c| &c.card).collect();
            let front = mine.iter().find(|c| c.side == Some(Side::Front));
            let back = mine.iter().find(|c| c.side == Some(Side::Back));
            match (front, back) {
                (Some(f), Some(b)) => Some((*f).clone().combine((*b).clone())),
                _ => mine.first().map(|c| (*c).clone()),
            }
        })
        .collect()
}

fn distance(a: &CardOnPage, b: &CardOnPage) -> f64 {
    match (a.quad, b.quad) {
        (Some(p), Some(q)) => p.center().distance(q.center()),
        _ => f64::INFINITY,
    }
}
