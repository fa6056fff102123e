//! Accuracy floors on the development corpora, from their vendor-format OCR
//! responses (`docstruct idcard --ocr-json`) and, for dev2, end to end from
//! the photos with the local engine; scored by `docstruct score`.
//!
//! The corpora live beside the project (`../shared/corpus`, or the directory
//! in `DOCSTRUCT_CORPUS`), not in a user's clone, so these tests are
//! `#[ignore]`d; CI runs them with `cargo test -- --ignored`. A floor is the
//! figure measured when it was set: a change that lowers it fails here.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const IGNORE_REASON: &str = "needs the development corpora (../shared/corpus or DOCSTRUCT_CORPUS)";

fn corpus(name: &str) -> PathBuf {
    let root = std::env::var_os("DOCSTRUCT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    let dir = root.join(name);
    assert!(dir.is_dir(), "{IGNORE_REASON}: {} is not a directory", dir.display());
    dir
}

fn files(dir: &Path, suffix: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .filter(|p| p.ends_with(suffix))
        .collect();
    files.sort();
    files
}

fn run(args: &[String]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_docstruct"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "docstruct {} failed: {}",
        args[0],
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `docstruct score --json` of the corpus read from its OCR responses (and,
/// with `pixels`, the photos beside them).
fn score(name: &str, pixels: bool) -> Value {
    let dir = corpus(name);
    let mut args: Vec<String> = ["idcard", "--today", "2026-01-01"].map(String::from).to_vec();
    if pixels {
        args.push("--pixels".into());
    }
    args.push("--ocr-json".into());
    args.extend(files(&dir, ".ocr.json"));
    let predictions = std::env::temp_dir().join(format!("docstruct-floor-{name}-{}.jsonl", std::process::id()));
    let report = predict_and_score(&args, &predictions, &dir);
    std::fs::remove_file(&predictions).ok();
    report
}

/// Runs `docstruct` with `args` into `predictions`, then scores them
/// against the truth files in `truths`.
fn predict_and_score(args: &[String], predictions: &Path, truths: &Path) -> Value {
    std::fs::write(predictions, run(args)).unwrap();
    let report = run(&[
        "score".into(),
        "--corpus".into(),
        truths.to_string_lossy().into_owned(),
        predictions.to_string_lossy().into_owned(),
        "--json".into(),
    ]);
    serde_json::from_str(&report).unwrap()
}

/// `docstruct score --json` of every `step`-th card of the corpus read end
/// to end from its photo with the local engine (the slice's truth files are
/// copied to a directory of their own, so that only the slice is scored).
fn score_end_to_end(name: &str, step: usize) -> Value {
    let dir = corpus(name);
    let photos: Vec<String> = files(&dir, ".jpg").into_iter().step_by(step).collect();
    let slice = std::env::temp_dir().join(format!("docstruct-slice-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&slice).unwrap();
    for photo in &photos {
        let truth = photo.replace(".jpg", ".truth.json");
        let file = Path::new(&truth).file_name().unwrap();
        std::fs::copy(&truth, slice.join(file)).unwrap();
    }
    let mut args: Vec<String> = ["idcard", "--today", "2026-01-01"].map(String::from).to_vec();
    args.extend(photos);
    let report = predict_and_score(&args, &slice.join("predictions.jsonl"), &slice);
    std::fs::remove_dir_all(&slice).ok();
    report
}

/// `docstruct score --json` of a licence corpus read by `docstruct extract
/// --form business-licence`: from its OCR responses, or (`step` > 0) every
/// `step`-th licence end to end from its photo with the local engine.
fn score_licences(name: &str, step: usize) -> Value {
    let dir = corpus(name);
    let mut args: Vec<String> = ["extract", "--form", "business-licence", "--today", "2026-01-01"]
        .map(String::from)
        .to_vec();
    let truths = if step == 0 {
        args.push("--ocr-json".into());
        args.extend(files(&dir, ".ocr.json"));
        dir.clone()
    } else {
        let photos: Vec<String> = files(&dir, ".jpg").into_iter().step_by(step).collect();
        let slice = std::env::temp_dir().join(format!("docstruct-slice-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&slice).unwrap();
        for photo in &photos {
            let truth = photo.replace(".jpg", ".truth.json");
            std::fs::copy(&truth, slice.join(Path::new(&truth).file_name().unwrap())).unwrap();
        }
        args.extend(photos);
        slice
    };
    let predictions = std::env::temp_dir().join(format!("docstruct-floor-{name}-{step}-{}.jsonl", std::process::id()));
    let report = predict_and_score(&args, &predictions, &truths);
    std::fs::remove_file(&predictions).ok();
    if step > 0 {
        std::fs::remove_dir_all(&truths).ok();
    }
    report
}

fn at_least(report: &Value, key: &str, floor: f64) {
    let value = report[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} missing in {report}"));
    assert!(value >= floor, "{key} = {value}, below its floor {floor}");
}

fn at_most(report: &Value, key: &str, ceiling: f64) {
    let value = report[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} missing in {report}"));
    assert!(value <= ceiling, "{key} = {value}, above its ceiling {ceiling}");
}

#[test]
#[ignore = "needs the development corpora (../shared/corpus or DOCSTRUCT_CORPUS)"]
fn dev_cards_keep_their_accuracy() {
    let report = score("dev", false);
    // measured 197 all right, 94.5 % straight through
    at_least(&report, "all_fields_correct", 197.0);
    at_least(&report, "straight_through_rate", 94.5);
    at_most(&report, "silent_errors", 0.0);
    at_most(&report, "wrong_numbers_reported_valid", 0.0);
    at_most(&report, "images_not_one_card", 0.0);
}

#[test]
#[ignore = "needs the development corpora (../shared/corpus or DOCSTRUCT_CORPUS)"]
fn dev2_cards_keep_their_accuracy() {
    let report = score("dev2", false);
    // measured 372 (371 before a row whose two labels slipped, 男民汉, was
    // taken as the sex's; 372 before the repair discipline: 买藏, 藏 with a
    // misread label character, is no longer cut down to the shorter name 藏)
    at_least(&report, "all_fields_correct", 372.0);
    at_least(&report, "straight_through_rate", 90.0);
    at_most(&report, "silent_error_rate", 0.5);
    at_most(&report, "wrong_numbers_reported_valid", 0.0);
    at_most(&report, "images_not_one_card", 0.0);
}

#[test]
#[ignore = "needs the development corpora (../shared/corpus or DOCSTRUCT_CORPUS)"]
fn dev3_cards_of_varying_designs_keep_their_accuracy() {
    // the card design varies card to card; measured 378 all right, 90.0 %
    // straight through, 2 silent errors (0.56 %: two names read as other
    // real characters); 80.5 % straight through before the name's line was
    // measured on the card itself, 88.0 % before the address's lines were
    // measured against each other, the ethnicity's threshold recalibrated and
    // an ethnicity printed far from the sex read from its own row, 89.8 %
    // before a row whose two labels slipped (男民汉) or were not read at all
    // (男 汉) was taken as the sex's
    let report = score("dev3", false);
    at_least(&report, "all_fields_correct", 378.0);
    at_least(&report, "straight_through_rate", 90.0);
    at_most(&report, "silent_error_rate", 0.6);
    at_most(&report, "wrong_numbers_reported_valid", 0.0);
}

#[test]
#[ignore = "needs the development corpora and the OCR models (docstruct models fetch)"]
fn dev2_cards_read_end_to_end_keep_their_accuracy() {
    // every card from its photo with the local engine's default models
    // (PP-OCRv6 small; per-character confidences and glyph places
    // included); measured 384 all right, 91.2 % straight through, no silent
    // error (PP-OCRv4: 373, 90.0 %, none)
    let report = score_end_to_end("dev2", 1);
    at_least(&report, "all_fields_correct", 383.0);
    at_least(&report, "straight_through_rate", 90.5);
    at_most(&report, "silent_error_rate", 0.5);
    at_most(&report, "wrong_numbers_reported_valid", 0.0);
}

#[test]
#[ignore = "needs the development corpora and the OCR models (docstruct models fetch)"]
fn rare_characters_are_read_or_flagged_end_to_end() {
    // names with characters beyond GB 2312, 仫佬, counties such as 隰县:
    // with the default full-alphabet models, every card from its photo;
    // measured 183 all right, 78.0 % straight through, 2 silent errors
    // (1.28 %: 赟 read as 赞 at 98 % confidence); PP-OCRv4 gave 98, 57.5 %
    // and 31 (27.0 %)
    let report = score_end_to_end("dev-rare", 1);
    at_least(&report, "all_fields_correct", 182.0);
    at_least(&report, "straight_through_rate", 77.0);
    at_most(&report, "silent_error_rate", 1.5);
    at_most(&report, "wrong_numbers_reported_valid", 0.0);
}

/// The corruption benchmark's silent-error ceiling (%) per kind, as
/// measured on dev and dev2 with seed 1; every kind not listed: 0.5.
const SILENT_CEILINGS: [(&str, f64); 2] = [
    // a line whose card holds no other line to measure it against (the
    // sex and ethnicity read as one line, the address with its label on
    // one line) cannot show a lost last character, nor can a lost digit
    // always be told from a digit's varying width (`…1幢1515` read
    // `…1幢151`); measured 2.26 % and 0.90 % (3.17 % and 4.07 % before the
    // address alone measured the name's label, boxes read as nothing were
    // looked at and a room number's digits counted; 38.4 % and 31.1 %
    // before the lines were measured at all)
    ("name_last_lost", 2.3),
    ("address_last_lost", 1.0),
];

#[test]
#[ignore = "needs the development corpora (../shared/corpus or DOCSTRUCT_CORPUS)"]
fn detectable_corruptions_are_caught() {
    let args: Vec<String> = [
        "score",
        "--corrupt",
        "--today",
        "2026-01-01",
        "--seed",
        "1",
        "--json",
        "--corpus",
    ]
    .map(String::from)
    .into_iter()
    .chain([corpus("dev").to_string_lossy().into_owned(), "--corpus".into()])
    .chain([corpus("dev2").to_string_lossy().into_owned()])
    .collect();
    let report: Value = serde_json::from_str(&run(&args)).unwrap();
    let kinds = report["kinds"].as_array().unwrap();
    assert_eq!(kinds.len(), 14, "{report}");
    let (mut place_cards, mut place_flagged) = (0.0, 0.0);
    for kind in kinds {
        let name = kind["kind"].as_str().unwrap();
        assert!(kind["cards"].as_f64().unwrap() >= 50.0, "{name}: too few cards: {kind}");
        let ceiling = SILENT_CEILINGS
            .iter()
            .find(|(k, _)| *k == name)
            .map_or(0.5, |(_, c)| *c);
        at_most(kind, "silent_pct", ceiling);
        if kind["place_name"] == true {
            place_cards += kind["cards"].as_f64().unwrap();
            place_flagged += kind["flagged"].as_f64().unwrap();
        }
    }
    // place-name corruptions repaired rather than flagged: 16.8 % flagged
    // when measured (20.4 % before an address line was measured against
    // the address line after it, 30.6 % before a lost level character was
    // told by the division read after it; a county's last character lost
    // and one misread still explain 长安建设路 alike unless a line's length
    // tells which, and an issuer's one- or two-character county fits many)
    assert!(
        place_flagged / place_cards <= 0.18,
        "{place_flagged} of {place_cards} flagged"
    );
}

#[test]
#[ignore = "needs the development corpora (../shared/corpus or DOCSTRUCT_CORPUS)"]
fn dev_pages_keep_their_cards() {
    let report = score("dev-pages", true);
    at_least(&report, "pages_every_card_found", 119.0);
    at_least(&report, "pages_all_fields_right", 64.0);
    // 117 with the quads placed by the labels: on two glare pages the
    // glare score over the fields' places fell under its limit (0.465 ->
    // 0.413, 0.453 -> 0.387) once the quad fitted the card's edges (both
    // cards stay `review` for their names' lines)
    at_least(&report, "pages_expected_warnings_raised", 115.0);
    // measured 92.6 % of fronts and 98.6 % of backs, as when the card was
    // placed by its labels and snapped to nearby edges
    at_least(&report["card_quads"]["front"], "within_2pct", 92.5);
    at_least(&report["card_quads"]["back"], "within_2pct", 98.5);
    at_most(&report, "border_incomplete_false_alarms", 0.0);
}

#[test]
#[ignore = "needs the development corpora (../shared/corpus or DOCSTRUCT_CORPUS)"]
fn dev3_pages_of_varying_designs_keep_their_cards() {
    // A4 scans and desk photos of cards whose design varies; measured
    // 92.2 % of fronts' and 79.2 % of backs' quads within 2 % (82.2 and
    // 66.0 % placed by the labels; 75.5 % of backs before a card was also
    // placed by three sides' shadow lines): a greyscale scan's card edge
    // can be too faint to see, and the quad then stays where the text
    // places it
    let report = score("dev3-pages", true);
    at_least(&report, "pages_every_card_found", 89.0);
    at_least(&report["card_quads"]["front"], "within_2pct", 92.0);
    at_least(&report["card_quads"]["back"], "within_2pct", 79.0);
    at_most(&report, "border_incomplete_false_alarms", 0.0);
}

#[test]
#[ignore = "needs the development corpora (../shared/corpus or DOCSTRUCT_CORPUS)"]
fn card_quads_keep_to_the_cards_edges() {
    // from the OCR geometry and the photo's pixels: per side, the share of
    // cards whose mean corner error is within 2 % of the card's long side
    // (a card without a quad counts as missed)
    for (name, front, back) in [("dev", 99.0, 99.0), ("dev2", 97.5, 99.0), ("dev3", 97.0, 99.0)] {
        let report = score(name, true);
        at_least(&report["quads"]["front"], "within_2pct", front);
        at_least(&report["quads"]["back"], "within_2pct", back);
    }
}

#[test]
#[ignore = "needs the development corpora (../shared/corpus or DOCSTRUCT_CORPUS)"]
fn business_licences_keep_their_accuracy() {
    // 150 licences from their OCR responses (a full-alphabet engine's):
    // measured 143 every field right (95.3 %), 87.3 % straight through
    // (11 rejected: terms ended before the scoring date), 1 silent error
    // (0.76 %: 郑凤 read as 郑风 in a line of confidence 92), the scope's
    // characters 99.97 %
    let report = score_licences("dev-bizlic", 0);
    at_least(&report, "all_fields_correct", 143.0);
    at_least(&report, "straight_through_rate", 87.0);
    at_most(&report, "silent_errors", 1.0);
    at_most(&report, "ok_with_wrong_credit_code", 0.0);
    at_least(&report, "scope_character_accuracy", 99.9);
}

#[test]
#[ignore = "needs the development corpora and the OCR models (docstruct models fetch)"]
fn business_licences_read_end_to_end_keep_their_accuracy() {
    // every second licence from its photo with the local engine's default
    // models: measured 72 / 75 every field right (96.0 %), 86.7 % straight
    // through, no silent error (all 150: 145, 96.7 %, 88.0 %, none)
    let report = score_licences("dev-bizlic", 2);
    at_least(&report, "all_fields_correct_rate", 95.0);
    at_most(&report, "silent_errors", 0.0);
    at_most(&report, "ok_with_wrong_credit_code", 0.0);
    at_least(&report, "scope_character_accuracy", 99.5);
}
