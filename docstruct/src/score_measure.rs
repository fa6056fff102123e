//! Measures shared by `docstruct score` on cards and on pages.

use std::path::Path;

use serde_json::Value;

/// Every warning code raised on an image's cards or page, once.
pub(crate) fn warning_codes(preds: &[Value]) -> std::collections::BTreeSet<String> {
    preds
        .iter()
        .flat_map(|p| {
            let list = |k: &str| p[k].as_array().cloned().unwrap_or_default();
            list("warnings").into_iter().chain(list("page_warnings"))
        })
        .filter_map(|w| w["code"].as_str().map(str::to_owned))
        .collect()
}

/// Four `[x, y]` corners.
pub(crate) fn quad_of(v: &Value) -> Option<[[f64; 2]; 4]> {
    let corners = v.as_array()?;
    let mut out = [[0.0; 2]; 4];
    for (o, c) in out.iter_mut().zip(corners) {
        *o = [c[0].as_f64()?, c[1].as_f64()?];
    }
    (corners.len() == 4).then_some(out)
}

/// Mean distance between corresponding corners ÷ the truth's longer
/// horizontal edge.
pub(crate) fn corner_error(found: &[[f64; 2]; 4], truth: &[[f64; 2]; 4]) -> f64 {
    let d = |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).hypot(a[1] - b[1]);
    let long = d(truth[0], truth[1]).max(d(truth[3], truth[2]));
    (0..4).map(|k| d(found[k], truth[k])).sum::<f64>() / 4.0 / long
}

/// Share (%) of `errors` at or under `limit`.
pub(crate) fn share_within(errors: &[f64], limit: f64) -> f64 {
    pct(errors.iter().filter(|&&e| e <= limit).count(), errors.len())
}

pub(crate) fn pct(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 }
}

/// The card id of a path: its file name up to the first dot.
pub(crate) fn card_id(path: &str) -> String {
    let name = Path::new(path).file_name().map_or(path.into(), |n| n.to_string_lossy());
    name.split('.').next().unwrap_or_default().to_owned()
}

/// Every `NNNN.truth.json` of `corpus`, by card id, in id order.
pub(crate) fn load_truths(corpus: &Path) -> Result<Vec<(String, Value)>, String> {
    let mut truths: Vec<(String, Value)> = std::fs::read_dir(corpus)
        .map_err(|e| format!("cannot read {}: {e}", corpus.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".truth.json"))
        .filter_map(|p| {
            let v = serde_json::from_slice(&std::fs::read(&p).ok()?).ok()?;
            Some((card_id(&p.to_string_lossy()), v))
        })
        .collect();
    truths.sort_by(|a, b| a.0.cmp(&b.0));
    if truths.is_empty() {
        return Err(format!("no *.truth.json in {}", corpus.display()));
    }
    Ok(truths)
}
