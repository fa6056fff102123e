//! `docstruct score --corrupt --corpus DIR...`: the corruption benchmark.
//!
//! Every card of the corpora that is read right and `ok` from its OCR
//! response is read again once per [`Corruption`] kind, its response
//! corrupted by a seeded generator, and the outcome counted:
//!
//! - **repaired**: every field right and the status `ok` (the reader undid
//!   the corruption or it did not matter);
//! - **flagged**: the status is `review` or `reject`, or no card was found
//!   (a person looks at it);
//! - **silent**: `ok` with a field wrong, the outcome a KYC backend cannot
//!   afford.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use idcard::ParseOptions;
use idcard::page::parse_page;
use idcard::report::PageCardReport;
use ocr_core::TextLine;
use serde_json::{Value, json};

use crate::corrupt::{Corruption, SplitMix};
use crate::score_measure::pct;

/// The outcomes of one kind.
#[derive(Default)]
struct Outcomes {
    cards: usize,
    repaired: usize,
    flagged: usize,
    silent: usize,
    /// `corpus/card (wrong fields)` of each silent error (no values).
    silent_cards: Vec<String>,
}

/// Reads a response's lines, `None` when it cannot be read.
fn lines_of(path: &Path) -> Option<Vec<TextLine>> {
    crate::layout_cmd::read_response(path).ok().map(|r| r.lines)
}

/// The first card's report as JSON, `None` when no card was found.
fn read_card(lines: &[TextLine], options: &ParseOptions) -> Option<Value> {
    if options.check_line_count(lines).is_err() {
        return None;
    }
    let page = parse_page(lines, options);
    let report = PageCardReport::all(&page).into_iter().next()?;
    serde_json::to_value(report).ok()
}

/// The keys of the fields `pred` has wrong against `truth`.
fn wrong_keys(pred: &Value, truth: &Value) -> Vec<&'static str> {
    idcard::report::TRUTH_KEYS
        .iter()
        .filter(|(t, p)| !truth[t].is_null() && pred[p] != truth[t])
        .map(|&(_, p)| p)
        .collect()
}

/// Whether `pred` has every field of `truth` right.
fn all_right(pred: &Value, truth: &Value) -> bool {
    wrong_keys(pred, truth).is_empty()
}

/// Runs the benchmark on the corpora; the report as JSON.
pub(crate) fn run(corpora: &[PathBuf], seed: u64, options: &ParseOptions) -> Result<Value, String> {
    let mut by_kind: BTreeMap<usize, Outcomes> = BTreeMap::new();
    let mut eligible = 0;
    let mut cards = 0;
    for corpus in corpora {
        let corpus_name = corpus
            .file_name()
            .map_or_else(|| corpus.to_string_lossy(), |n| n.to_string_lossy())
            .into_owned();
        for (id, truth) in crate::score_measure::load_truths(corpus)? {
            cards += 1;
            let Some(lines) = lines_of(&corpus.join(format!("{id}.ocr.json"))) else {
                continue;
            };
            let baseline = read_card(&lines, options);
            if !baseline.is_some_and(|p| p["status"] == "ok" && all_right(&p, &truth)) {
                continue;
            }
            eligible += 1;
            let card = format!("{corpus_name}/{id}");
            for (k, kind) in Corruption::ALL.iter().enumerate() {
                let mut rng = SplitMix::new(seed, &card, *kind);
                let Some(corrupted) = kind.apply(&lines, &truth, &mut rng) else {
                    continue;
                };
                let outcome = by_kind.entry(k).or_default();
                outcome.cards += 1;
                match read_card(&corrupted, options) {
                    Some(p) if p["status"] == "ok" && all_right(&p, &truth) => outcome.repaired += 1,
                    Some(p) if p["status"] == "ok" => {
                        outcome.silent += 1;
                        outcome
                            .silent_cards
                            .push(format!("{card} ({})", wrong_keys(&p, &truth).join(", ")));
                    }
                    _ => outcome.flagged += 1,
                }
            }
        }
    }
    let kinds: Vec<Value> = by_kind
        .iter()
        .map(|(&k, o)| {
            let kind = Corruption::ALL[k];
            json!({
                "kind": kind.name(),
                "place_name": kind.is_place_name(),
                "cards": o.cards,
                "repaired": o.repaired,
                "flagged": o.flagged,
                "silent": o.silent,
                "repaired_pct": pct(o.repaired, o.cards),
                "flagged_pct": pct(o.flagged, o.cards),
                "silent_pct": pct(o.silent, o.cards),
                "silent_cards": o.silent_cards,
            })
        })
        .collect();
    Ok(json!({"seed": seed, "cards": cards, "eligible": eligible, "kinds": kinds}))
}

/// The report as a table; with `verbose`, each silent card's id.
pub(crate) fn print_text(report: &Value, verbose: bool, out: &mut impl std::io::Write) -> std::io::Result<()> {
    writeln!(
        out,
        "corruption benchmark (seed {}): {} cards read right and ok of {}",
        report["seed"], report["eligible"], report["cards"]
    )?;
    writeln!(
        out,
        "{:<26} {:>6} {:>9} {:>9} {:>9}",
        "kind", "cards", "repaired", "flagged", "silent"
    )?;
    for k in report["kinds"].as_array().into_iter().flatten() {
        writeln!(
            out,
            "{:<26} {:>6} {:>8.1}% {:>8.1}% {:>8.2}%",
            k["kind"].as_str().unwrap_or_default(),
            k["cards"],
            k["repaired_pct"].as_f64().unwrap_or_default(),
            k["flagged_pct"].as_f64().unwrap_or_default(),
            k["silent_pct"].as_f64().unwrap_or_default(),
        )?;
        if verbose {
            for card in k["silent_cards"].as_array().into_iter().flatten() {
                writeln!(out, "    silent: {}", card.as_str().unwrap_or_default())?;
            }
        }
    }
    Ok(())
}
