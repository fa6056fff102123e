//! `docstruct score --corpus DIR PREDICTIONS.jsonl`: accuracy of
//! `docstruct idcard` output against the corpus's `NNNN.truth.json`; with
//! `--corrupt`, the corruption benchmark on the corpora's OCR responses.

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use serde_json::{Value, json};

/// Arguments of `docstruct score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Directory holding `NNNN.truth.json` files (with `--corrupt`, one or
    /// more, `--corpus A --corpus B`, each with its `NNNN.ocr.json` responses).
    #[arg(long, required = true)]
    pub corpus: Vec<PathBuf>,
    /// JSON lines from `docstruct idcard` (or `docstruct extract` for a
    /// licence corpus; `-` for standard input).
    #[arg(required_unless_present = "corrupt")]
    pub predictions: Option<PathBuf>,
    /// Run the corruption benchmark instead: each card read right and `ok`
    /// from its OCR response is read again with its response corrupted in
    /// each detectable way, and the outcomes counted (repaired, flagged,
    /// silent) per kind.
    #[arg(long, conflicts_with = "predictions")]
    pub corrupt: bool,
    /// The corruption benchmark's seed.
    #[arg(long, default_value_t = 1, requires = "corrupt")]
    pub seed: u64,
    /// With `--corrupt`: check expiry against this date (YYYY-MM-DD).
    #[arg(long, value_parser = crate::idcard_cmd::parse_date, requires = "corrupt")]
    pub today: Option<chrono::NaiveDate>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// List each wrong field by card id (no values are printed).
    #[arg(long)]
    pub verbose: bool,
}

use idcard::report::TRUTH_KEYS as FIELDS;

use crate::score_measure::{card_id, corner_error, load_truths, pct, print_quads, quad_of, quads_json, warning_codes};

fn read_predictions(path: &Path) -> Result<HashMap<String, Vec<Value>>, String> {
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    }
    let mut out = HashMap::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).map_err(|e| format!("predictions line {}: {e}", i + 1))?;
        let source = v["source"]
            .as_str()
            .ok_or(format!("predictions line {}: no source", i + 1))?;
        out.entry(card_id(source)).or_insert_with(Vec::new).push(v);
    }
    Ok(out)
}

#[derive(Default)]
struct Tally {
    correct: usize,
    total: usize,
}

/// Everything `score` counts.
#[derive(Default)]
struct Score {
    cards: usize,
    per_field: BTreeMap<&'static str, Tally>,
    all_correct: usize,
    side_correct: usize,
    missing: usize,
    wrong_numbers: usize,
    wrong_valid_numbers: usize,
    /// Cards whose status is `ok` (let through untouched).
    straight_through: usize,
    /// `ok` cards with a wrong or missing field.
    silent_errors: usize,
    failures: Vec<(String, Vec<&'static str>)>,
    /// Images with other than one card found.
    not_one_card: usize,
    /// Per image warning code → images raising it (any card or the page).
    warned: BTreeMap<String, usize>,
    /// Mean corner error ÷ card long side, per side (`front`, `back`), per
    /// image whose truth has a quad.
    quad_errors: BTreeMap<String, Vec<f64>>,
    /// Cards whose fields are all right.
    right_cards: usize,
    /// Per warning code → right cards raising it (false alarms).
    false_alarms: BTreeMap<String, usize>,
}

/// The fields of `pred` that differ from `truth` (the truth's `null` fields are not scored).
fn wrong_fields(pred: &Value, truth: &Value, per_field: &mut BTreeMap<&'static str, Tally>) -> Vec<&'static str> {
    let mut wrong = Vec::new();
    for (t, p) in FIELDS {
        if truth[t].is_null() {
            continue;
        }
        let tally = per_field.entry(p).or_default();
        tally.total += 1;
        if pred[p] == truth[t] {
            tally.correct += 1;
        } else {
            wrong.push(p);
        }
    }
    wrong
}

fn score(truths: &[(String, Value)], predictions: &HashMap<String, Vec<Value>>) -> Score {
    let mut s = Score {
        cards: truths.len(),
        ..Score::default()
    };
    for (id, truth) in truths {
        let Some(preds) = predictions.get(id).filter(|p| !p.is_empty()) else {
            s.missing += 1;
            s.failures.push((id.clone(), vec!["(no prediction)"]));
            continue;
        };
        let pred = &preds[0];
        s.not_one_card += usize::from(preds.len() != 1 || pred["cards_on_page"] != 1);
        let codes = warning_codes(preds);
        for code in &codes {
            *s.warned.entry(code.clone()).or_default() += 1;
        }
        if let Some(truth_quad) = quad_of(&truth["augmentation"]["card_quad"]) {
            // a card without a quad counts as missed by any margin
            let error = quad_of(&pred["quad"]).map_or(f64::INFINITY, |found| corner_error(&found, &truth_quad));
            let side = truth["side"].as_str().unwrap_or("unknown").to_owned();
            s.quad_errors.entry(side).or_default().push(error);
        }
        s.side_correct += usize::from(pred["side"] == truth["side"]);
        let wrong = wrong_fields(pred, truth, &mut s.per_field);
        if let Some(number) = pred["id_number"].as_str()
            && !number.is_empty()
            && truth["id_number"].as_str() != Some(number)
        {
            s.wrong_numbers += 1;
            s.wrong_valid_numbers += usize::from(pred["id_valid"] == true);
        }
        let ok = pred["status"] == "ok";
        s.straight_through += usize::from(ok);
        s.silent_errors += usize::from(ok && !wrong.is_empty());
        if wrong.is_empty() {
            s.all_correct += 1;
            s.right_cards += usize::from(pred["side"] == truth["side"]);
            for code in codes.into_iter().filter(|_| pred["side"] == truth["side"]) {
                *s.false_alarms.entry(code).or_default() += 1;
            }
        } else {
            s.failures.push((id.clone(), wrong));
        }
    }
    s
}

fn print_json(s: &Score, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let fields: BTreeMap<&str, Value> = s
        .per_field
        .iter()
        .map(|(k, t)| {
            (
                *k,
                json!({"correct": t.correct, "total": t.total, "accuracy": pct(t.correct, t.total)}),
            )
        })
        .collect();
    let report = json!({
        "cards": s.cards,
        "all_fields_correct": s.all_correct,
        "all_fields_correct_rate": pct(s.all_correct, s.cards),
        "side_correct": s.side_correct,
        "wrong_numbers": s.wrong_numbers,
        "wrong_numbers_reported_valid": s.wrong_valid_numbers,
        "missing_predictions": s.missing,
        "straight_through": s.straight_through,
        "straight_through_rate": pct(s.straight_through, s.cards),
        "silent_errors": s.silent_errors,
        "silent_error_rate": pct(s.silent_errors, s.straight_through),
        "fields": fields,
        "images_not_one_card": s.not_one_card,
        "images_warned": s.warned,
        "quads": quads_json(&s.quad_errors),
        "right_cards": s.right_cards,
        "false_alarms_on_right_cards": s.false_alarms.iter().map(|(k, n)| (k.clone(), json!({"cards": n, "rate": pct(*n, s.right_cards)}))).collect::<BTreeMap<_, _>>(),
    });
    writeln!(out, "{report}")
}

fn print_text(s: &Score, verbose: bool, out: &mut impl std::io::Write) -> std::io::Result<()> {
    writeln!(
        out,
        "cards: {}   all fields correct: {} ({:.1} %)",
        s.cards,
        s.all_correct,
        pct(s.all_correct, s.cards)
    )?;
    writeln!(
        out,
        "straight through (status ok): {} ({:.1} %)   silent errors (ok but wrong): {} ({:.2} % of ok)",
        s.straight_through,
        pct(s.straight_through, s.cards),
        s.silent_errors,
        pct(s.silent_errors, s.straight_through)
    )?;
    writeln!(
        out,
        "side correct: {}   missing predictions: {}",
        s.side_correct, s.missing
    )?;
    writeln!(
        out,
        "wrong non-empty numbers: {}   of them reported valid: {}",
        s.wrong_numbers, s.wrong_valid_numbers
    )?;
    for (field, t) in &s.per_field {
        writeln!(
            out,
            "  {field:<12} {:>4}/{:<4} {:6.1} %",
            t.correct,
            t.total,
            pct(t.correct, t.total)
        )?;
    }
    writeln!(out, "images with other than one card: {}", s.not_one_card)?;
    let warned: Vec<String> = s.warned.iter().map(|(k, n)| format!("{k} {n}")).collect();
    writeln!(out, "images raising: {}", warned.join(", "))?;
    let alarms: Vec<String> = s
        .false_alarms
        .iter()
        .map(|(k, n)| format!("{k} {:.1} %", pct(*n, s.right_cards)))
        .collect();
    writeln!(
        out,
        "warnings on the {} right cards: {}",
        s.right_cards,
        alarms.join(", ")
    )?;
    print_quads(&s.quad_errors, out)?;
    if verbose {
        for (id, wrong) in &s.failures {
            writeln!(out, "  {id}: {}", wrong.join(", "))?;
        }
    }
    Ok(())
}

pub fn run(args: &ScoreArgs) -> Result<ExitCode, String> {
    if args.corrupt {
        let mut options = idcard::ParseOptions::default();
        options.today = args.today;
        let report = crate::score_corrupt::run(&args.corpus, args.seed, &options)?;
        let mut out = std::io::stdout().lock();
        return crate::output_result(if args.json {
            writeln!(out, "{report}")
        } else {
            crate::score_corrupt::print_text(&report, args.verbose, &mut out)
        });
    }
    let (Some(predictions), [corpus]) = (&args.predictions, &args.corpus[..]) else {
        return Err("scoring predictions takes one --corpus and a predictions file".into());
    };
    let predictions = read_predictions(predictions)?;
    let truths = load_truths(corpus)?;
    if crate::score_forms::is_form_corpus(&truths) {
        let s = crate::score_forms::score_forms(&truths, &predictions);
        return crate::output_result(crate::score_forms::print(
            &s,
            args.json,
            args.verbose,
            &mut std::io::stdout().lock(),
        ));
    }
    if truths.iter().any(|(_, t)| t["cards"].is_array()) {
        let s = crate::score_pages::score_pages(&truths, &predictions);
        return crate::output_result(crate::score_pages::print(
            &s,
            args.json,
            args.verbose,
            &mut std::io::stdout().lock(),
        ));
    }
    let s = score(&truths, &predictions);
    let mut out = std::io::stdout().lock();
    crate::output_result(if args.json {
        print_json(&s, &mut out)
    } else {
        print_text(&s, args.verbose, &mut out)
    })
}
