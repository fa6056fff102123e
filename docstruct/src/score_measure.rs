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

/// The median of `values` (0 when empty).
pub(crate) fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Quad errors per group (a card's side; a card without a quad counts as
/// an infinite error): how many, the share within 2 % of the long side and
/// the median error (% of the long side).
pub(crate) fn quads_json(errors: &std::collections::BTreeMap<String, Vec<f64>>) -> Value {
    let groups: serde_json::Map<String, Value> = errors
        .iter()
        .map(|(group, e)| {
            let summary = serde_json::json!({
                "cards": e.len(),
                "within_2pct": share_within(e, 0.02),
                "median_error_pct": 100.0 * median(e),
            });
            (group.clone(), summary)
        })
        .collect();
    Value::Object(groups)
}

/// One line per group of [`quads_json`].
pub(crate) fn print_quads(
    errors: &std::collections::BTreeMap<String, Vec<f64>>,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    for (group, e) in errors.iter().filter(|(_, e)| !e.is_empty()) {
        writeln!(
            out,
            "card quads ({group}): {} cards, {:.1} % within 2 % of the long side, median error {:.2} %",
            e.len(),
            share_within(e, 0.02),
            100.0 * median(e)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_even_and_empty() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median(&[]), 0.0);
    }

    #[test]
    fn corner_error_is_relative_to_the_long_side() {
        let truth = [[0.0, 0.0], [100.0, 0.0], [100.0, 60.0], [0.0, 60.0]];
        let found = truth.map(|[x, y]| [x + 2.0, y]);
        assert!((corner_error(&found, &truth) - 0.02).abs() < 1e-12);
        assert_eq!(share_within(&[corner_error(&found, &truth), 0.5], 0.02), 50.0);
    }
}
