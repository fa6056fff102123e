//! Comparing OCR text with the text it should be: how many characters
//! differ, and a weighted edit distance in which a look-alike (a character
//! an engine confuses with another) costs less than any other change.
//!
//! Every fuzzy match of the pipeline — labels, place names, ethnicities,
//! issuers — counts with these, so a repair rule states its budget in one
//! currency.

/// How many positions differ between two texts of the same length; `None`
/// when the lengths differ (then it takes an insertion or a deletion, see
/// [`edit_distance`]).
///
/// ```
/// use ocr_core::fuzzy::substitutions;
/// let chars = |s: &str| s.chars().collect::<Vec<_>>();
/// assert_eq!(substitutions(&chars("盱胎县"), &chars("盱眙县")), Some(1));
/// assert_eq!(substitutions(&chars("平山县"), &chars("平山县")), Some(0));
/// assert_eq!(substitutions(&chars("陵县"), &chars("鄢陵县")), None);
/// ```
pub fn substitutions(a: &[char], b: &[char]) -> Option<usize> {
    (a.len() == b.len()).then(|| a.iter().zip(b).filter(|(x, y)| x != y).count())
}

/// The costs of [`edit_distance`]'s edits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EditCosts<'a> {
    /// A character the reading has and the reference lacks.
    pub insertion: f64,
    /// A character of the reference the reading lost.
    pub deletion: f64,
    /// One character read as another.
    pub substitution: f64,
    /// One character read as its look-alike (either order of a pair in
    /// `lookalikes`).
    pub lookalike: f64,
    /// Pairs of characters an engine confuses.
    pub lookalikes: &'a [(char, char)],
}

impl Default for EditCosts<'_> {
    /// Every edit costs 1: the Levenshtein distance.
    fn default() -> Self {
        Self {
            insertion: 1.0,
            deletion: 1.0,
            substitution: 1.0,
            lookalike: 1.0,
            lookalikes: &[],
        }
    }
}

impl EditCosts<'_> {
    fn substitution_cost(&self, read: char, reference: char) -> f64 {
        if read == reference {
            0.0
        } else if self
            .lookalikes
            .iter()
            .any(|&(x, y)| (x, y) == (read, reference) || (y, x) == (read, reference))
        {
            self.lookalike
        } else {
            self.substitution
        }
    }
}

/// The cheapest edits that turn `reference` into `read`: insertions,
/// deletions and substitutions, each at its cost in `costs` (a look-alike
/// substitution at [`EditCosts::lookalike`]).
///
/// ```
/// use ocr_core::fuzzy::{EditCosts, edit_distance};
/// let chars = |s: &str| s.chars().collect::<Vec<_>>();
/// let plain = EditCosts::default();
/// assert_eq!(edit_distance(&chars("宁县"), &chars("睢宁县"), &plain), 1.0); // one lost
/// assert_eq!(edit_distance(&chars("德宏体族景族自治州"), &chars("德宏傣族景颇族自治州"), &plain), 2.0);
/// let ocr = EditCosts { lookalike: 0.5, lookalikes: &[('土', '士')], ..EditCosts::default() };
/// assert_eq!(edit_distance(&chars("士家"), &chars("土家"), &ocr), 0.5);
/// ```
pub fn edit_distance(read: &[char], reference: &[char], costs: &EditCosts<'_>) -> f64 {
    // row[j]: the cost of turning reference[..j] into read[..i]
    let mut row: Vec<f64> = (0..=reference.len()).map(|j| j as f64 * costs.deletion).collect();
    for (i, &r) in read.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = (i + 1) as f64 * costs.insertion;
        for (j, &c) in reference.iter().enumerate() {
            let above = row[j + 1];
            let best = (diagonal + costs.substitution_cost(r, c))
                .min(above + costs.insertion)
                .min(row[j] + costs.deletion);
            diagonal = above;
            row[j + 1] = best;
        }
    }
    row[reference.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn insertions_deletions_and_lookalikes_cost_what_they_are_given() {
        let costs = EditCosts {
            insertion: 2.0,
            deletion: 3.0,
            substitution: 5.0,
            lookalike: 0.25,
            lookalikes: &[('具', '县')],
        };
        assert_eq!(edit_distance(&chars("平山具"), &chars("平山县"), &costs), 0.25);
        assert_eq!(edit_distance(&chars("平山县x"), &chars("平山县"), &costs), 2.0);
        assert_eq!(edit_distance(&chars("山县"), &chars("平山县"), &costs), 3.0);
        // a substitution dearer than a deletion and an insertion is not taken
        assert_eq!(edit_distance(&chars("a"), &chars("b"), &costs), 5.0);
        assert_eq!(edit_distance(&[], &chars("ab"), &costs), 6.0);
    }

    proptest! {
        #[test]
        fn levenshtein_is_a_metric_and_bounds_substitutions(a in "[甲乙丙丁]{0,6}", b in "[甲乙丙丁]{0,6}", c in "[甲乙丙丁]{0,6}") {
            let (a, b, c) = (chars(&a), chars(&b), chars(&c));
            let d = |x: &[char], y: &[char]| edit_distance(x, y, &EditCosts::default());
            prop_assert_eq!(d(&a, &a), 0.0);
            prop_assert_eq!(d(&a, &b), d(&b, &a));
            prop_assert!(d(&a, &c) <= d(&a, &b) + d(&b, &c));
            prop_assert!(d(&a, &b) >= (a.len() as f64 - b.len() as f64).abs());
            if let Some(s) = substitutions(&a, &b) {
                prop_assert!(d(&a, &b) <= s as f64);
            }
        }
    }
}
