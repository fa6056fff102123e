//! Scoring `docstruct extract --form business-licence` output against a
//! licence corpus (`document: "business_licence"` truths): every field
//! right, straight-through, silent errors, the scope's character accuracy,
//! wrong credit codes let through.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Value, json};

use ocr_core::fuzzy::{EditCosts, edit_distance};
use ocr_form::fold_width;

use crate::score_measure::pct;

/// The licence's keys scored exactly (the truth's `null` keys must be
/// `null` too).
const KEYS: [&str; 13] = [
    "credit_code",
    "name",
    "type",
    "representative",
    "representative_label",
    "capital",
    "composition",
    "founded",
    "term_from",
    "term_to",
    "address",
    "scope",
    "issued",
];

/// Keys read only when legible and never guessed: `null` is "not read",
/// not wrong; a value other than the truth's is wrong.
const NEVER_GUESSED: [&str; 1] = ["authority"];

/// What `score` counts on a licence corpus.
#[derive(Debug, Default)]
pub struct FormScore {
    documents: usize,
    missing: usize,
    all_correct: usize,
    straight_through: usize,
    silent_errors: usize,
    ok_with_wrong_code: usize,
    rejected: usize,
    per_field: BTreeMap<&'static str, (usize, usize)>,
    /// Scope characters: edit distance summed, truth length summed.
    scope_edits: usize,
    scope_chars: usize,
    read_never_guessed: BTreeMap<&'static str, usize>,
    right_documents: usize,
    false_alarms: BTreeMap<String, usize>,
    failures: Vec<(String, Vec<&'static str>)>,
}

/// Full-width punctuation read as its ASCII form ([`ocr_form::fold_width`]):
/// an engine cannot tell `（` from `(` or `；` from `;` in print.
fn fold_brackets(v: &Value) -> Value {
    match v.as_str() {
        Some(s) => Value::String(fold_width(s)),
        None => v.clone(),
    }
}

/// Whether the truths are a licence corpus.
pub fn is_form_corpus(truths: &[(String, Value)]) -> bool {
    truths.iter().any(|(_, t)| t["document"] == "business_licence")
}

pub fn score_forms(truths: &[(String, Value)], predictions: &HashMap<String, Vec<Value>>) -> FormScore {
    let mut s = FormScore {
        documents: truths.len(),
        ..FormScore::default()
    };
    for (id, truth) in truths {
        let Some(pred) = predictions.get(id).and_then(|p| p.first()) else {
            s.missing += 1;
            s.failures.push((id.clone(), vec!["(no prediction)"]));
            continue;
        };
        let mut wrong = Vec::new();
        for key in KEYS {
            let tally = s.per_field.entry(key).or_default();
            tally.1 += 1;
            if fold_brackets(&pred[key]) == fold_brackets(&truth[key]) {
                tally.0 += 1;
            } else {
                wrong.push(key);
            }
        }
        for key in NEVER_GUESSED {
            if !pred[key].is_null() {
                *s.read_never_guessed.entry(key).or_default() += 1;
                if fold_brackets(&pred[key]) != fold_brackets(&truth[key]) {
                    wrong.push(key);
                }
            }
        }
        if let Some(scope) = truth["scope"].as_str() {
            let truth_chars: Vec<char> = fold_width(scope).chars().collect();
            let read: Vec<char> = fold_width(pred["scope"].as_str().unwrap_or_default()).chars().collect();
            s.scope_edits += edit_distance(&read, &truth_chars, &EditCosts::default()) as usize;
            s.scope_chars += truth_chars.len();
        }
        let ok = pred["status"] == "ok";
        s.straight_through += usize::from(ok);
        s.rejected += usize::from(pred["status"] == "reject");
        s.silent_errors += usize::from(ok && !wrong.is_empty());
        s.ok_with_wrong_code += usize::from(ok && wrong.contains(&"credit_code"));
        if wrong.is_empty() {
            s.all_correct += 1;
            s.right_documents += 1;
            let mut codes: Vec<String> = pred["warnings"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|w| Some(format!("{}:{}", w["code"].as_str()?, w["field"].as_str()?)))
                .collect();
            codes.sort();
            codes.dedup();
            for code in codes {
                *s.false_alarms.entry(code).or_default() += 1;
            }
        } else {
            s.failures.push((id.clone(), wrong));
        }
    }
    s
}

fn scope_accuracy(s: &FormScore) -> f64 {
    if s.scope_chars == 0 {
        0.0
    } else {
        100.0 * (1.0 - s.scope_edits as f64 / s.scope_chars as f64)
    }
}

pub fn print(s: &FormScore, as_json: bool, verbose: bool, out: &mut impl std::io::Write) -> std::io::Result<()> {
    if as_json {
        let report = json!({
            "documents": s.documents,
            "all_fields_correct": s.all_correct,
            "all_fields_correct_rate": pct(s.all_correct, s.documents),
            "straight_through": s.straight_through,
            "straight_through_rate": pct(s.straight_through, s.documents),
            "silent_errors": s.silent_errors,
            "silent_error_rate": pct(s.silent_errors, s.straight_through),
            "ok_with_wrong_credit_code": s.ok_with_wrong_code,
            "rejected": s.rejected,
            "missing_predictions": s.missing,
            "scope_character_accuracy": scope_accuracy(s),
            "fields": s.per_field.iter().map(|(k, (c, t))| (*k, json!({"correct": c, "total": t, "accuracy": pct(*c, *t)}))).collect::<BTreeMap<_, _>>(),
            "read_never_guessed": s.read_never_guessed,
            "right_documents": s.right_documents,
            "false_alarms_on_right_documents": s.false_alarms.iter().map(|(k, n)| (k.clone(), json!({"documents": n, "rate": pct(*n, s.right_documents)}))).collect::<BTreeMap<_, _>>(),
        });
        return writeln!(out, "{report}");
    }
    writeln!(
        out,
        "documents: {}   every field right: {} ({:.1} %)   scope characters right: {:.2} %",
        s.documents,
        s.all_correct,
        pct(s.all_correct, s.documents),
        scope_accuracy(s)
    )?;
    writeln!(
        out,
        "straight through (status ok): {} ({:.1} %)   silent errors (ok but wrong): {} ({:.2} % of ok)   ok with a wrong credit code: {}   rejected: {}",
        s.straight_through,
        pct(s.straight_through, s.documents),
        s.silent_errors,
        pct(s.silent_errors, s.straight_through),
        s.ok_with_wrong_code,
        s.rejected
    )?;
    writeln!(out, "missing predictions: {}", s.missing)?;
    for (field, (c, t)) in &s.per_field {
        writeln!(out, "  {field:<22} {c:>4}/{t:<4} {:6.1} %", pct(*c, *t))?;
    }
    let read: Vec<String> = s.read_never_guessed.iter().map(|(k, n)| format!("{k} {n}")).collect();
    writeln!(out, "read where never guessed (null otherwise): {}", read.join(", "))?;
    let alarms: Vec<String> = s
        .false_alarms
        .iter()
        .map(|(k, n)| format!("{k} {:.1} %", pct(*n, s.right_documents)))
        .collect();
    writeln!(
        out,
        "warnings on the {} right documents: {}",
        s.right_documents,
        alarms.join(", ")
    )?;
    if verbose {
        for (id, wrong) in &s.failures {
            writeln!(out, "  {id}: {}", wrong.join(", "))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_wrong_or_a_guess_counts_and_brackets_do_not() {
        let truth = json!({"document": "business_licence", "credit_code": "X", "type": "有限责任公司(自然人独资)", "authority": "某局", "scope": "ab"});
        let right = json!({"source": "0001.ocr.json", "credit_code": "X", "type": "有限责任公司（自然人独资）", "authority": null, "scope": "ab", "status": "ok", "warnings": []});
        let guessed = json!({"source": "0002.ocr.json", "credit_code": "X", "type": "有限责任公司(自然人独资)", "authority": "他局", "scope": "ac", "status": "ok", "warnings": []});
        let truths = vec![("0001".to_string(), truth.clone()), ("0002".to_string(), truth)];
        let predictions = HashMap::from([("0001".to_string(), vec![right]), ("0002".to_string(), vec![guessed])]);
        let s = score_forms(&truths, &predictions);
        assert_eq!((s.all_correct, s.straight_through, s.silent_errors), (1, 2, 1));
        assert_eq!(s.read_never_guessed["authority"], 1);
        assert_eq!((s.scope_edits, s.scope_chars), (1, 4));
    }
}
