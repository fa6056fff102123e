//! Text normalisation and OCR-tolerant label search.

use std::collections::HashMap;
use std::sync::LazyLock;

use ocr_core::fuzzy::substitutions;

/// A line's characters as read, as the rows keep them: half-width, no
/// whitespace.
pub(crate) fn kept_chars(text: &str) -> Vec<char> {
    text.chars()
        .map(halfwidth_char)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Traditional and variant forms of the characters the card's own
/// vocabulary uses (labels, ethnicities, division names, the words of
/// addresses and issuers), each with the standard form the card prints:
/// `data/traditional-forms.tsv` (from OpenCC; see its licence file).
static STANDARD_FORMS: LazyLock<HashMap<char, char>> = LazyLock::new(|| {
    include_str!("../../data/traditional-forms.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (t, s) = l.split_once('\t')?;
            Some((t.chars().next()?, s.chars().next()?))
        })
        .collect()
});

/// The standard form of `c` when it is a traditional or variant form of a
/// character of the card's vocabulary (a full-alphabet engine writes 漢
/// for 汉, 縣 for 县); else `c`. Only forms that are never standard
/// characters themselves are mapped, so a standard character stays as it is.
///
pub(crate) fn standard_form(c: char) -> char {
    STANDARD_FORMS.get(&c).copied().unwrap_or(c)
}

/// A row's characters with each in its [`standard_form`].
pub(crate) fn standard_chars(chars: &[char]) -> Vec<char> {
    chars.iter().map(|&c| standard_form(c)).collect()
}

/// A line's characters as the rows match them: [`kept_chars`], each in its
/// [`standard_form`].
pub(crate) fn kept_standard_chars(text: &str) -> Vec<char> {
    standard_chars(&kept_chars(text))
}

/// Full-width ASCII forms to ASCII, U+3000 to a space, full-width colon to `:`.
#[cfg(test)]
fn halfwidth(s: &str) -> String {
    s.chars().map(halfwidth_char).collect()
}

/// One character of [`halfwidth`].
pub fn halfwidth_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Whether `c` is a CJK ideograph.
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2A6DF}' | '\u{F900}'..='\u{FAFF}')
}

/// Middle-dot look-alikes OCR returns inside names (`帕丽达·伊力哈木`).
pub fn is_middle_dot(c: char) -> bool {
    matches!(c, '·' | '・' | '•' | '‧' | '∙' | '⋅' | '.' | '｡' | '。')
}

/// A label found in a text: where it starts and ends (char indices), and how
/// many characters differ from the label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelMatch {
    /// First char index.
    pub start: usize,
    /// One past the last char index.
    pub end: usize,
    /// Characters that differ from the label (misreads).
    pub mismatches: usize,
}

/// Finds `label` in `text` allowing up to `max_mismatches` misread
/// characters; fuzzy matches count only at `text`'s start unless
/// `fuzzy_anywhere`. Exact matches win, then the earliest.
pub fn find_label(text: &[char], label: &[char], max_mismatches: usize, fuzzy_anywhere: bool) -> Option<LabelMatch> {
    let n = label.len();
    if n == 0 || text.len() < n {
        return None;
    }
    if let Some(start) = text.windows(n).position(|w| w == label) {
        return Some(LabelMatch {
            start,
            end: start + n,
            mismatches: 0,
        });
    }
    let max = max_mismatches.min(n - 1);
    if max == 0 {
        return None;
    }
    let last_start = if fuzzy_anywhere { text.len() - n } else { 0 };
    let mut best: Option<LabelMatch> = None;
    for start in 0..=last_start {
        let mismatches = substitutions(&text[start..start + n], label).unwrap_or(usize::MAX);
        if mismatches <= max && best.is_none_or(|b| mismatches < b.mismatches) {
            best = Some(LabelMatch {
                start,
                end: start + n,
                mismatches,
            });
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halfwidth_maps_fullwidth_ascii_and_ideographic_space() {
        assert_eq!(halfwidth("１２Ｘ：ａ　b"), "12X:a b");
    }

    #[test]
    fn a_label_with_one_misread_character_matches_only_at_the_row_start() {
        let text: Vec<char> = "维址江苏省".chars().collect();
        let label: Vec<char> = "住址".chars().collect();
        let m = find_label(&text, &label, 1, false).unwrap();
        assert_eq!((m.start, m.end, m.mismatches), (0, 2, 1));
        let text: Vec<char> = "江苏省维址".chars().collect();
        assert!(find_label(&text, &label, 1, false).is_none());
    }

    #[test]
    fn traditional_forms_of_the_card_s_vocabulary_read_as_the_card_prints_them() {
        let standard: String = standard_chars(&"漢族廣東省廣州市越秀區北京路號簽發機關".chars().collect::<Vec<_>>())
            .into_iter()
            .collect();
        assert_eq!(standard, "汉族广东省广州市越秀区北京路号签发机关");
        // standard characters, common or rare, stay as they are
        for c in "汉乾县燊镕赟旻霈湉璘瑀仫佬隰埇鄠浉瀍猇沚".chars() {
            assert_eq!(standard_form(c), c, "{c}");
        }
    }
}
