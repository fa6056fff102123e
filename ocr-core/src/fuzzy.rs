//! Comparing OCR text with the text it should be: how many characters
//! differ, and a weighted edit distance in which a look-alike (a character
//! an engine confuses with another) costs less than any other change.
//!
//! Every fuzzy match of the pipeline — labels, place names, ethnicities,
//! issuers — counts with these, so a repair rule states its budget in one
//! currency. [`match_name`] and its variants are the one repair rule for
//! values from a closed list: a reading is repaired only when exactly one
//! name is within its [`edit_budget`], every other at least
//! [`REPAIR_MARGIN`] further, and the name is not shorter than the reading;
//! otherwise it stays as read ([`NameMatch`]).

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

/// How many edits a name of `len` characters may be off and still be
/// recognised: about a third of its characters, at least one (one in a
/// two-character name, two in a seven-character one).
///
/// ```
/// use ocr_core::fuzzy::edit_budget;
/// assert_eq!(edit_budget(2), 1.0);
/// assert_eq!(edit_budget(7), 2.0);
/// assert_eq!(edit_budget(10), 3.0);
/// ```
pub fn edit_budget(len: usize) -> f64 {
    (len / 3).max(1) as f64
}

/// How much cheaper than every other name a repair's name must be: one
/// whole edit.
pub const REPAIR_MARGIN: f64 = 1.0;

/// What a reading is, among a closed list of names.
#[derive(Debug, Clone, PartialEq)]
pub enum NameMatch<'a> {
    /// The reading is the name.
    Exact(&'a str),
    /// Exactly one name is within its [`edit_budget`] of the reading, every
    /// other name at least [`REPAIR_MARGIN`] further, and the name is not
    /// shorter than what was read (a character the reading has more is no
    /// proof of a shorter name). `read` is how many characters of the text
    /// the name replaces.
    Repaired {
        /// The name the reading is.
        name: &'a str,
        /// The edits' cost.
        cost: f64,
        /// The characters of the text it stands for.
        read: usize,
    },
    /// One name is proven, but not which characters of the text it stands
    /// for: a character lost and one misread explain the text alike
    /// (长安建设路 is 长安 + 建设路 with 区 lost, or 长安建 + 设路 with 区 read
    /// as 建). `reads` are the extents that fit alike, shortest first; other
    /// evidence (the line's length) may choose.
    SpanUnproven {
        /// The name the reading is.
        name: &'a str,
        /// The characters of the text it may stand for.
        reads: Vec<usize>,
    },
    /// Names fit, but not one alone: the reading is kept and flagged.
    Unproven {
        /// How many names are within their budget.
        within_budget: usize,
    },
    /// No name is within its budget.
    NoFit,
}

/// Matches a whole reading against `names` (see [`NameMatch`]).
///
/// ```
/// use ocr_core::fuzzy::{EditCosts, NameMatch, match_name};
/// let chars = |s: &str| s.chars().collect::<Vec<_>>();
/// let names = ["鄂温克", "鄂伦春", "汉", "回"];
/// let costs = EditCosts::default();
/// assert_eq!(match_name(&chars("鄂温克"), names, &costs), NameMatch::Exact("鄂温克"));
/// assert!(matches!(match_name(&chars("鄂温充"), names, &costs), NameMatch::Repaired { name: "鄂温克", .. }));
/// // one character read wrong in a one-character name: 汉 and 回 fit alike
/// assert_eq!(match_name(&chars("纳"), names, &costs), NameMatch::Unproven { within_budget: 2 });
/// assert_eq!(match_name(&chars("火星人"), names, &costs), NameMatch::NoFit);
/// ```
pub fn match_name<'a>(read: &[char], names: impl IntoIterator<Item = &'a str>, costs: &EditCosts<'_>) -> NameMatch<'a> {
    match_name_with_priors(read, names.into_iter().map(|n| (n, 0.0)), costs)
}

/// [`match_name`] with a prior cost per name, in edits: what other evidence
/// says against it (see [`match_name_at_start_with_priors`]).
///
/// ```
/// use ocr_core::fuzzy::{EditCosts, NameMatch, match_name_with_priors};
/// let chars = |s: &str| s.chars().collect::<Vec<_>>();
/// // 博市: 芒市 and 博乐市 fit alike, unless the evidence names one
/// let names = [("博乐市", 0.0), ("芒市", 1.0)];
/// assert!(matches!(
///     match_name_with_priors(&chars("博市"), names, &EditCosts::default()),
///     NameMatch::Repaired { name: "博乐市", .. }
/// ));
/// ```
pub fn match_name_with_priors<'a>(
    read: &[char],
    names: impl IntoIterator<Item = (&'a str, f64)>,
    costs: &EditCosts<'_>,
) -> NameMatch<'a> {
    let mut scored = Vec::new();
    for (name, prior) in names {
        let reference: Vec<char> = name.chars().collect();
        if reference == read {
            return NameMatch::Exact(name);
        }
        scored.push((
            name,
            edit_distance(read, &reference, costs) + prior,
            read.len(),
            reference.len(),
        ));
    }
    decide(scored)
}

/// Matches the start of `text` against `names`: each name is compared with
/// the text's first characters, as many as the name has give or take its
/// budget, and the cheapest extent counts (see [`NameMatch`]; `read` says
/// how far the name reaches). The longest name the text starts with is an
/// exact match.
///
/// ```
/// use ocr_core::fuzzy::{EditCosts, NameMatch, match_name_at_start};
/// let chars = |s: &str| s.chars().collect::<Vec<_>>();
/// let counties = ["户县", "周至县", "蓝田县"];
/// let costs = EditCosts::default();
/// // 户县 lost its first character: 县 then the street
/// assert_eq!(
///     match_name_at_start(&chars("县长江北路"), counties, &costs),
///     NameMatch::Repaired { name: "户县", cost: 1.0, read: 1 }
/// );
/// assert_eq!(match_name_at_start(&chars("周至县二曲镇"), counties, &costs), NameMatch::Exact("周至县"));
/// ```
pub fn match_name_at_start<'a>(
    text: &[char],
    names: impl IntoIterator<Item = &'a str>,
    costs: &EditCosts<'_>,
) -> NameMatch<'a> {
    match_name_at_start_with_priors(text, names.into_iter().map(|n| (n, 0.0)), costs)
}

/// [`match_name_at_start`] with a prior cost per name: what else speaks
/// against it, in edits (another source of evidence, such as an ID number
/// naming one of the names, makes every other name dearer). A prior
/// counts towards the budget and the margin; an exact reading needs none.
///
/// ```
/// use ocr_core::fuzzy::{EditCosts, NameMatch, match_name_at_start_with_priors};
/// let chars = |s: &str| s.chars().collect::<Vec<_>>();
/// // 涞源县 lost its first character; 易县 is one substitution away too,
/// // but the ID number names 涞源县
/// let counties = [("涞源县", 0.0), ("易县", 1.0), ("雄县", 1.0)];
/// assert!(matches!(
///     match_name_at_start_with_priors(&chars("源县青山镇"), counties, &EditCosts::default()),
///     NameMatch::Repaired { name: "涞源县", read: 2, .. }
/// ));
/// ```
pub fn match_name_at_start_with_priors<'a>(
    text: &[char],
    names: impl IntoIterator<Item = (&'a str, f64)>,
    costs: &EditCosts<'_>,
) -> NameMatch<'a> {
    let mut exact: Option<&'a str> = None;
    let mut scored = Vec::new();
    let mut tied: Vec<(&'a str, Vec<usize>)> = Vec::new();
    for (name, prior) in names {
        let reference: Vec<char> = name.chars().collect();
        if text.starts_with(&reference) {
            if exact.is_none_or(|e| e.chars().count() < reference.len()) {
                exact = Some(name);
            }
            continue;
        }
        let budget = edit_budget(reference.len()) as usize;
        let lo = reference.len().saturating_sub(budget).max(1);
        let hi = (reference.len() + budget).min(text.len());
        let extents: Vec<(f64, usize)> = (lo..=hi)
            .map(|extent| (edit_distance(&text[..extent], &reference, costs), extent))
            .collect();
        let Some(cost) = extents.iter().map(|e| e.0).min_by(f64::total_cmp) else {
            continue;
        };
        let reads: Vec<usize> = extents.iter().filter(|e| e.0 == cost).map(|e| e.1).collect();
        // the shortest of tied extents: a name never claims more than proven
        scored.push((name, cost + prior, reads[0], reference.len()));
        if reads.len() > 1 {
            tied.push((name, reads));
        }
    }
    match exact {
        Some(name) => NameMatch::Exact(name),
        None => match decide(scored) {
            NameMatch::Repaired { name, .. } if let Some((_, reads)) = tied.iter().find(|(n, _)| *n == name) => {
                NameMatch::SpanUnproven {
                    name,
                    reads: reads.clone(),
                }
            }
            other => other,
        },
    }
}

/// The repair rule over `(name, cost, characters read, name's length)`.
fn decide(mut scored: Vec<(&str, f64, usize, usize)>) -> NameMatch<'_> {
    scored.sort_by(|a, b| a.1.total_cmp(&b.1));
    let within_budget = scored
        .iter()
        .filter(|&&(_, cost, _, len)| cost <= edit_budget(len))
        .count();
    match (scored.first(), scored.get(1)) {
        (Some(&(name, cost, read, len)), runner_up)
            if within_budget == 1
                && cost <= edit_budget(len)
                && len >= read
                && runner_up.is_none_or(|r| r.1 >= cost + REPAIR_MARGIN) =>
        {
            NameMatch::Repaired { name, cost, read }
        }
        _ if within_budget > 0 => NameMatch::Unproven { within_budget },
        _ => NameMatch::NoFit,
    }
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

    #[test]
    fn a_shorter_name_is_never_the_repair_of_a_longer_reading() {
        // 任南县 (辉南县 misread): 南县 is one deletion away, but a reading
        // with a character more proves no shorter name
        let names = ["南县"];
        assert_eq!(
            match_name(&chars("任南县"), names, &EditCosts::default()),
            NameMatch::Unproven { within_budget: 1 }
        );
    }

    #[test]
    fn a_runner_up_within_the_margin_leaves_the_reading_unproven() {
        // 鄂温克 at 0.5 (a look-alike), 鄂伦春 at 2: clearly apart
        let costs = EditCosts {
            lookalike: 0.5,
            lookalikes: &[('克', '充')],
            ..EditCosts::default()
        };
        assert!(matches!(
            match_name(&chars("鄂温充"), ["鄂温克", "鄂伦春"], &costs),
            NameMatch::Repaired { name: "鄂温克", .. }
        ));
        // two names one substitution away: neither is proven
        assert_eq!(
            match_name(&chars("博市"), ["芒市", "博乐市"], &EditCosts::default()),
            NameMatch::Unproven { within_budget: 2 }
        );
    }

    #[test]
    fn a_name_at_the_start_reaches_as_far_as_its_cheapest_extent() {
        let costs = EditCosts::default();
        // 济南市市中区 read with one 市 lost: 中区 then the street
        assert_eq!(
            match_name_at_start(&chars("中区幸福路"), ["市中区", "历下区", "槐荫区"], &costs),
            NameMatch::Repaired {
                name: "市中区",
                cost: 1.0,
                read: 2
            }
        );
        // nothing near
        assert_eq!(
            match_name_at_start(&chars("幸福路"), ["市中区"], &costs),
            NameMatch::NoFit
        );
    }

    proptest! {
        #[test]
        fn a_repair_is_unique_and_within_budget(read in "[甲乙丙丁]{1,5}", names in proptest::collection::vec("[甲乙丙丁]{1,5}", 1..6)) {
            let read = chars(&read);
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            let costs = EditCosts::default();
            if let NameMatch::Repaired { name, cost, .. } = match_name(&read, refs.iter().copied(), &costs) {
                let len = name.chars().count();
                prop_assert!(cost <= edit_budget(len));
                prop_assert!(len >= read.len());
                for other in refs.iter().filter(|n| **n != name) {
                    prop_assert!(edit_distance(&read, &chars(other), &costs) >= cost + REPAIR_MARGIN);
                }
            }
        }

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
