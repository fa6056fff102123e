//! `docstruct score` on a page corpus (truth files listing `cards`): cards
//! found, fields of every card, expected warnings, card quads.

use std::collections::{BTreeMap, HashMap};

use idcard::report::TRUTH_KEYS as FIELDS;
use serde_json::{Value, json};

use crate::score_measure::{corner_error, pct, print_quads, quad_of, quads_json, warning_codes};

/// What the page score counts.
#[derive(Default)]
pub struct PageScore {
    pages: usize,
    /// Every card found, none twice, no phantom card.
    cards_exact: usize,
    /// Pages whose cards' fields are all visible.
    fully_visible: usize,
    /// … of them with every card found and every field right.
    fields_right: usize,
    /// Pages with expected warnings, and of them those raising them all.
    expecting: usize,
    expected_raised: usize,
    /// Pages whose cards lie whole in the image, and of them those raising
    /// `border_incomplete` (false alarms).
    whole_pages: usize,
    border_false_alarms: usize,
    /// Quad errors by the card's side.
    quad_errors: BTreeMap<String, Vec<f64>>,
    per_kind: BTreeMap<String, [usize; 4]>,
    failures: Vec<(String, String)>,
}

fn inside(p: [f64; 2], q: &[[f64; 2]; 4]) -> bool {
    let side = |a: [f64; 2], b: [f64; 2]| (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
    let s: Vec<f64> = (0..4).map(|k| side(q[k], q[(k + 1) % 4])).collect();
    s.iter().all(|&v| v >= 0.0) || s.iter().all(|&v| v <= 0.0)
}

fn centre(q: &[[f64; 2]; 4]) -> [f64; 2] {
    [
        q.iter().map(|p| p[0]).sum::<f64>() / 4.0,
        q.iter().map(|p| p[1]).sum::<f64>() / 4.0,
    ]
}

/// For each truth card, the predicted cards whose quad centre lies inside it.
fn matches(truth_cards: &[Value], preds: &[Value]) -> Vec<Vec<usize>> {
    truth_cards
        .iter()
        .map(|t| {
            let Some(tq) = quad_of(&t["quad"]) else {
                return Vec::new();
            };
            (0..preds.len())
                .filter(|&i| quad_of(&preds[i]["quad"]).is_some_and(|pq| inside(centre(&pq), &tq)))
                .collect()
        })
        .collect()
}

/// The visible fields of a truth card that the prediction gets wrong.
fn wrong_fields(truth: &Value, pred: &Value) -> Vec<&'static str> {
    FIELDS
        .iter()
        .filter(|(t, _)| !truth["fields"][t].is_null() && truth["fields_visible"][t] != false)
        .filter(|(t, p)| pred[p] != truth["fields"][t])
        .map(|(_, p)| *p)
        .collect()
}

fn score_page(id: &str, truth: &Value, preds: &[Value], s: &mut PageScore) {
    let kind = truth["kind"].as_str().unwrap_or("?").to_owned();
    let truth_cards = truth["cards"].as_array().cloned().unwrap_or_default();
    let preds: Vec<Value> = preds
        .iter()
        .filter(|p| p["cards_on_page"].as_u64().unwrap_or(0) > 0)
        .cloned()
        .collect();
    let found = matches(&truth_cards, &preds);
    let exact = found.iter().all(|m| m.len() == 1) && preds.len() == truth_cards.len();
    let tally = s.per_kind.entry(kind.clone()).or_default();
    tally[0] += 1;
    if exact {
        s.cards_exact += 1;
        tally[1] += 1;
    } else {
        s.failures.push((
            id.to_owned(),
            format!("{kind}: {} cards found, {} on the page", preds.len(), truth_cards.len()),
        ));
    }
    for (t, m) in truth_cards.iter().zip(&found) {
        if let (Some(tq), Some(&i)) = (quad_of(&t["quad"]), m.first())
            && let Some(pq) = quad_of(&preds[i]["quad"])
        {
            let side = t["side"].as_str().unwrap_or("unknown").to_owned();
            s.quad_errors.entry(side).or_default().push(corner_error(&pq, &tq));
        }
    }
    let visible = truth_cards.iter().all(|c| {
        c["fields_visible"]
            .as_object()
            .is_none_or(|v| v.values().all(|x| x == true))
    });
    if visible {
        s.fully_visible += 1;
        let wrong: Vec<&str> = truth_cards
            .iter()
            .zip(&found)
            .flat_map(|(t, m)| m.first().map_or(vec!["(card missed)"], |&i| wrong_fields(t, &preds[i])))
            .collect();
        if exact && wrong.is_empty() {
            s.fields_right += 1;
            tally[2] += 1;
        } else if exact {
            s.failures
                .push((id.to_owned(), format!("{kind}: wrong {}", wrong.join(", "))));
        }
    }
    let expected: Vec<&str> = truth["expected_warnings"]
        .as_array()
        .map_or(Vec::new(), |a| a.iter().filter_map(Value::as_str).collect());
    if visible && !expected.contains(&"border_incomplete") {
        s.whole_pages += 1;
        let raised = warning_codes(&preds).contains("border_incomplete");
        s.border_false_alarms += usize::from(raised);
    }
    if !expected.is_empty() {
        s.expecting += 1;
        let mut raised = warning_codes(&preds);
        // glare is raised at either grade: review, or info when it lies only
        // over fields the number proves
        if raised.contains("glare_over_proven_fields") {
            raised.insert("glare".to_owned());
        }
        let missing: Vec<&str> = expected.iter().copied().filter(|e| !raised.contains(*e)).collect();
        if missing.is_empty() {
            s.expected_raised += 1;
            tally[3] += 1;
        } else {
            s.failures.push((
                id.to_owned(),
                format!("{kind}: warning not raised: {}", missing.join(", ")),
            ));
        }
    }
}

/// Scores page predictions (JSON lines grouped by image) against the truth.
pub fn score_pages(truths: &[(String, Value)], predictions: &HashMap<String, Vec<Value>>) -> PageScore {
    let mut s = PageScore::default();
    for (id, truth) in truths {
        s.pages += 1;
        let preds = predictions.get(id).cloned().unwrap_or_default();
        score_page(id, truth, &preds, &mut s);
    }
    s
}

/// Prints the page score as text or JSON.
pub fn print(s: &PageScore, as_json: bool, verbose: bool, out: &mut impl std::io::Write) -> std::io::Result<()> {
    if as_json {
        let report = json!({
            "pages": s.pages,
            "pages_every_card_found": s.cards_exact,
            "pages_every_card_found_rate": pct(s.cards_exact, s.pages),
            "pages_fully_visible": s.fully_visible,
            "pages_all_fields_right": s.fields_right,
            "pages_all_fields_right_rate": pct(s.fields_right, s.fully_visible),
            "pages_expecting_warnings": s.expecting,
            "pages_expected_warnings_raised": s.expected_raised,
            "pages_expected_warnings_raised_rate": pct(s.expected_raised, s.expecting),
            "card_quads": quads_json(&s.quad_errors),
            "pages_whole": s.whole_pages,
            "border_incomplete_false_alarms": s.border_false_alarms,
            "border_incomplete_false_alarm_rate": pct(s.border_false_alarms, s.whole_pages),
            "per_kind": s.per_kind,
        });
        return writeln!(out, "{report}");
    }
    writeln!(
        out,
        "pages: {}   every card found (none missed, no phantom): {} ({:.1} %)",
        s.pages,
        s.cards_exact,
        pct(s.cards_exact, s.pages)
    )?;
    writeln!(
        out,
        "pages with every field visible: {}   all fields of every card right: {} ({:.1} %)",
        s.fully_visible,
        s.fields_right,
        pct(s.fields_right, s.fully_visible)
    )?;
    writeln!(
        out,
        "pages expecting warnings: {}   all expected raised: {} ({:.1} %)",
        s.expecting,
        s.expected_raised,
        pct(s.expected_raised, s.expecting)
    )?;
    print_quads(&s.quad_errors, out)?;
    writeln!(
        out,
        "pages with every card whole: {}   raising border_incomplete: {} ({:.1} %)",
        s.whole_pages,
        s.border_false_alarms,
        pct(s.border_false_alarms, s.whole_pages)
    )?;
    writeln!(out, "per kind (pages, cards found, fields right, warnings raised):")?;
    for (kind, t) in &s.per_kind {
        writeln!(out, "  {kind:<18} {:>3} {:>3} {:>3} {:>3}", t[0], t[1], t[2], t[3])?;
    }
    if verbose {
        for (id, why) in &s.failures {
            writeln!(out, "  {id}: {why}")?;
        }
    }
    Ok(())
}
