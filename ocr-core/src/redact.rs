//! Masking of personal data for `Debug`, `Display`, logs and error messages.
//!
//! OCR text is personal data: a line may be a name, an address or an
//! identity number. Every type in this workspace that holds such text prints
//! it through [`mask`], and the full value is only reachable through an
//! explicit accessor.

use std::fmt;

/// Masks `text`, keeping only enough to recognise it.
///
/// Up to 4 characters keep the first one; up to 8 keep the first and the
/// last; up to 15 keep two at each end; longer text (an 18-character ID
/// number) keeps the first 4 and the last 4. Every other character becomes
/// `*`, so the length stays visible and at least half is always hidden.
///
/// # Examples
///
/// ```
/// use ocr_core::mask;
/// assert_eq!(mask("530402198811012844"), "5304**********2844");
/// assert_eq!(mask("罗芳"), "罗*");
/// assert_eq!(mask("帕丽达·伊力"), "帕****力");
/// assert_eq!(mask(""), "");
/// ```
pub fn mask(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let (head, tail) = match n {
        0 => return String::new(),
        1 => (0, 0),
        2..=4 => (1, 0),
        5..=8 => (1, 1),
        9..=15 => (2, 2),
        _ => (4, 4),
    };
    let mut out = String::with_capacity(text.len());
    out.extend(&chars[..head]);
    out.extend(std::iter::repeat_n('*', n - head - tail));
    out.extend(&chars[n - tail..]);
    out
}

/// A `Display`/`Debug` wrapper that prints its text masked with [`mask`].
///
/// # Examples
///
/// ```
/// use ocr_core::Masked;
/// assert_eq!(format!("{}", Masked("530402198811012844")), "5304**********2844");
/// assert_eq!(format!("{:?}", Masked("罗芳")), "\"罗*\"");
/// ```
#[derive(Clone, Copy)]
pub struct Masked<'a>(pub &'a str);

impl fmt::Display for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask(self.0))
    }
}

impl fmt::Debug for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", mask(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_length_and_hides_the_middle() {
        for s in [
            "a",
            "ab",
            "abcd",
            "abcde",
            "abcdefgh",
            "abcdefghi",
            "住址贵州省黔南布依族苗族自治州",
        ] {
            let m = mask(s);
            assert_eq!(m.chars().count(), s.chars().count(), "{s}");
            let stars = m.chars().filter(|&c| c == '*').count();
            assert!(stars * 2 >= s.chars().count(), "too little hidden in {m}");
        }
    }
}
