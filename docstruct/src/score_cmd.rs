//! `docstruct score --corpus DIR PREDICTIONS.jsonl`: accuracy of
//! `docstruct idcard` output against the corpus's `NNNN.truth.json`.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use serde_json::{Value, json};

/// Arguments of `docstruct score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Directory holding `NNNN.truth.json` files.
    #[arg(long)]
    pub corpus: PathBuf,
    /// JSON lines from `docstruct idcard` (`-` for standard input).
    pub predictions: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// List each wrong field by card id (no values are printed).
    #[arg(long)]
    pub verbose: bool,
}

use idcard::TRUTH_KEYS as FIELDS;

/// The card id of a path: its file name up to the first dot.
fn card_id(path: &str) -> String {
    let name = Path::new(path).file_name().map_or(path.into(), |n| n.to_string_lossy());
    name.split('.').next().unwrap_or_default().to_owned()
}

fn read_predictions(path: &Path) -> Result<HashMap<String, Value>, String> {
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
        out.insert(card_id(source), v);
    }
    Ok(out)
}

#[derive(Default)]
struct Tally {
    correct: usize,
    total: usize,
}

pub fn run(args: &ScoreArgs) -> Result<ExitCode, String> {
    let predictions = read_predictions(&args.predictions)?;
    let mut truths: Vec<(String, Value)> = std::fs::read_dir(&args.corpus)
        .map_err(|e| format!("cannot read {}: {e}", args.corpus.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".truth.json"))
        .filter_map(|p| {
            let v = serde_json::from_slice(&std::fs::read(&p).ok()?).ok()?;
            Some((card_id(&p.to_string_lossy()), v))
        })
        .collect();
    truths.sort_by(|a, b| a.0.cmp(&b.0));
    if truths.is_empty() {
        return Err(format!("no *.truth.json in {}", args.corpus.display()));
    }

    let mut per_field: BTreeMap<&str, Tally> = BTreeMap::new();
    let (mut all_correct, mut wrong_numbers, mut wrong_valid_numbers, mut missing) = (0, 0, 0, 0);
    let mut side_correct = 0;
    let mut failures: Vec<(String, Vec<&str>)> = Vec::new();
    for (id, truth) in &truths {
        let Some(pred) = predictions.get(id) else {
            missing += 1;
            failures.push((id.clone(), vec!["(no prediction)"]));
            continue;
        };
        side_correct += usize::from(pred["side"] == truth["side"]);
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
        if let Some(number) = pred["id_number"].as_str()
            && !number.is_empty()
            && truth["id_number"].as_str() != Some(number)
        {
            wrong_numbers += 1;
            if pred["id_valid"] == true {
                wrong_valid_numbers += 1;
            }
        }
        if wrong.is_empty() {
            all_correct += 1;
        } else {
            failures.push((id.clone(), wrong));
        }
    }
    let n = truths.len();
    let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 };
    if args.json {
        let fields: BTreeMap<&str, Value> = per_field
            .iter()
            .map(|(k, t)| {
                (
                    *k,
                    json!({"correct": t.correct, "total": t.total, "accuracy": pct(t.correct, t.total)}),
                )
            })
            .collect();
        let report = json!({
            "cards": n,
            "all_fields_correct": all_correct,
            "all_fields_correct_rate": pct(all_correct, n),
            "side_correct": side_correct,
            "wrong_numbers": wrong_numbers,
            "wrong_numbers_reported_valid": wrong_valid_numbers,
            "missing_predictions": missing,
            "fields": fields,
        });
        println!("{report}");
    } else {
        println!(
            "cards: {n}   all fields correct: {all_correct} ({:.1} %)",
            pct(all_correct, n)
        );
        println!("side correct: {side_correct}   missing predictions: {missing}");
        println!("wrong non-empty numbers: {wrong_numbers}   of them reported valid: {wrong_valid_numbers}");
        for (field, t) in &per_field {
            println!(
                "  {field:<12} {:>4}/{:<4} {:6.1} %",
                t.correct,
                t.total,
                pct(t.correct, t.total)
            );
        }
        if args.verbose {
            for (id, wrong) in &failures {
                println!("  {id}: {}", wrong.join(", "));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
