//! The unified social credit code (统一社会信用代码, GB 32100-2015): 18
//! characters over the 31-character set without I O S V Z — the
//! registration authority, the category, the region code (GB/T 2260), the
//! organisation code (GB 11714, its own check character) and the check
//! character over the whole.

use idcard::number::Region;
use ocr_form::CodeCheck;

/// The code's character set: digits and capitals without I, O, S, V, Z.
const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The registration authorities (first character) and the categories
/// (second) each registers (GB 32100-2015, annex A).
const AUTHORITIES: [(char, &str, &str); 12] = [
    ('1', "机构编制", "1239"),
    ('2', "外交", "19"),
    ('3', "司法行政", "1234559"),
    ('4', "文化", "19"),
    ('5', "民政", "1239"),
    ('6', "旅游", "129"),
    ('7', "宗教", "129"),
    ('8', "工会", "19"),
    ('9', "工商", "123"),
    ('A', "中央军委改革和编制办公室", "19"),
    ('N', "农业", "1239"),
    ('Y', "其他", "1"),
];

/// Characters an engine reads for one another in a code (either way).
const LOOKALIKES: [(char, char); 22] = [
    ('0', 'O'),
    ('0', 'D'),
    ('0', 'Q'),
    ('0', 'U'),
    ('1', 'I'),
    ('1', 'L'),
    ('1', 'T'),
    ('1', '7'),
    ('2', 'Z'),
    ('5', 'S'),
    ('8', 'B'),
    ('3', '8'),
    ('6', 'G'),
    ('C', 'G'),
    ('U', 'V'),
    ('Y', 'V'),
    ('X', 'K'),
    ('X', 'Y'),
    ('M', 'N'),
    ('H', 'N'),
    ('E', 'F'),
    ('P', 'R'),
];

fn value_of(c: char) -> Option<u32> {
    ALPHABET.find(c).map(|i| i as u32)
}

/// The check character of a code's first 17 characters; `None` when one
/// is outside the set.
///
/// ```
/// assert_eq!(bizlicence::credit_code_check_char("91350100M000100Y4"), Some('3'));
/// assert_eq!(bizlicence::credit_code_check_char("91350100M000100Y"), None);
/// ```
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    let chars: Vec<char> = first17.chars().collect();
    if chars.len() != 17 {
        return None;
    }
    let mut weight = 1u32;
    let mut sum = 0u32;
    for c in chars {
        sum += value_of(c)? * weight;
        weight = weight * 3 % 31;
    }
    let check = (31 - sum % 31) % 31;
    ALPHABET.chars().nth(check as usize)
}

/// The GB 11714 check character of an organisation code's first eight
/// characters (digits and capitals).
fn organisation_check_char(body: &[char]) -> Option<char> {
    const WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let mut sum = 0;
    for (c, w) in body.iter().zip(WEIGHTS) {
        sum += c.to_digit(36)? * w;
    }
    Some(match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10)?,
    })
}

/// Why a code is not valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditCodeError {
    /// Not 18 characters.
    Length,
    /// A character outside the code's set (I, O, S, V, Z, lower case, …).
    Character,
    /// No registration authority has this first character, or it does not
    /// register this category.
    Authority,
    /// The organisation code's check character (GB 11714) is wrong.
    OrganisationCheck,
    /// The check character is wrong.
    Check,
}

impl CreditCodeError {
    /// For a person; names the check, never the code.
    pub fn describe(self) -> &'static str {
        match self {
            CreditCodeError::Length => "not 18 characters",
            CreditCodeError::Character => "a character outside the code's set",
            CreditCodeError::Authority => {
                "no registration authority and category of GB 32100 fits its first two characters"
            }
            CreditCodeError::OrganisationCheck => "the organisation code's check character (GB 11714) is wrong",
            CreditCodeError::Check => "the check character (GB 32100) is wrong",
        }
    }
}

/// A valid unified social credit code.
///
/// # Examples
///
/// ```
/// use bizlicence::{CreditCode, CreditCodeError};
/// let code = CreditCode::parse("91350100M000100Y43").unwrap();
/// assert_eq!(code.authority(), "工商");
/// assert_eq!(code.region_code(), "350100");
/// assert_eq!(code.organisation_code(), "M000100Y4");
/// assert_eq!(CreditCode::parse("91350100M000100Y44"), Err(CreditCodeError::Check));
/// assert_eq!(CreditCode::parse("9135010OM000100Y43"), Err(CreditCodeError::Character));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditCode(String);

impl CreditCode {
    /// Checks every part the code's standard fixes: length, character set,
    /// authority and category, the organisation code's check, the check
    /// character. The region code is looked up separately
    /// ([`CreditCode::region`]): the table ends in 2020.
    pub fn parse(text: &str) -> Result<CreditCode, CreditCodeError> {
        let chars: Vec<char> = text.chars().collect();
        if chars.len() != 18 {
            return Err(CreditCodeError::Length);
        }
        if chars.iter().any(|&c| value_of(c).is_none()) {
            return Err(CreditCodeError::Character);
        }
        if !AUTHORITIES
            .iter()
            .any(|(a, _, categories)| *a == chars[0] && categories.contains(chars[1]))
        {
            return Err(CreditCodeError::Authority);
        }
        if organisation_check_char(&chars[8..16]) != Some(chars[16]) {
            return Err(CreditCodeError::OrganisationCheck);
        }
        if credit_code_check_char(&text[..17]) != Some(chars[17]) {
            return Err(CreditCodeError::Check);
        }
        Ok(CreditCode(text.to_string()))
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The registration authority (工商 for a business).
    pub fn authority(&self) -> &'static str {
        let first = self.0.chars().next();
        AUTHORITIES
            .iter()
            .find(|(a, _, _)| Some(*a) == first)
            .map_or("", |(_, name, _)| name)
    }

    /// The category's character (for 工商: 1 enterprise, 2 individual
    /// business, 3 farmers' cooperative).
    pub fn category(&self) -> char {
        self.0.chars().nth(1).unwrap_or('0')
    }

    /// The six-digit region code (GB/T 2260) of the registering division.
    pub fn region_code(&self) -> &str {
        &self.0[2..8]
    }

    /// The registering division, when the region table has it.
    pub fn region(&self) -> Option<Region> {
        Region::lookup(self.region_code())
    }

    /// The organisation code (GB 11714), check character included.
    pub fn organisation_code(&self) -> &str {
        &self.0[8..17]
    }
}

/// The credit-code validator of the business licence's schema: a valid
/// code passes; a reading that fails is repaired only when exactly one
/// code within one look-alike character (0/O, 1/I, 2/Z, 5/S, 8/B, …)
/// passes every check and names a division of the region table; else it
/// is invalid.
///
/// ```
/// use ocr_form::CodeCheck;
/// assert_eq!(bizlicence::check_credit_code("91350100M000100Y43"), CodeCheck::Valid);
/// // 0 read as O: the one repair that passes
/// assert_eq!(bizlicence::check_credit_code("9135O100M000100Y43"), CodeCheck::Repaired("91350100M000100Y43".into()));
/// assert!(matches!(bizlicence::check_credit_code("91350100M000100"), CodeCheck::Invalid(_)));
/// ```
pub fn check_credit_code(read: &str) -> CodeCheck {
    let error = match CreditCode::parse(read) {
        Ok(_) => return CodeCheck::Valid,
        Err(e) => e,
    };
    let chars: Vec<char> = read.chars().collect();
    let mut fits: Vec<String> = Vec::new();
    if chars.len() == 18 {
        for (i, &c) in chars.iter().enumerate() {
            for &(a, b) in &LOOKALIKES {
                let other = if c == a {
                    b
                } else if c == b {
                    a
                } else {
                    continue;
                };
                let mut candidate = chars.clone();
                candidate[i] = other;
                let candidate: String = candidate.into_iter().collect();
                if let Ok(code) = CreditCode::parse(&candidate)
                    && code.region().is_some()
                    && !fits.contains(&candidate)
                {
                    fits.push(candidate);
                }
            }
        }
    }
    match &fits[..] {
        [one] => CodeCheck::Repaired(one.clone()),
        [] => CodeCheck::Invalid(error.describe().to_string()),
        _ => CodeCheck::Invalid(format!("{}; several one-character repairs fit", error.describe())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A valid code from its authority, category, region and organisation
    /// body.
    fn code(prefix: &str, region: &str, body: &str) -> String {
        let chars: Vec<char> = body.chars().collect();
        let organisation = format!("{body}{}", organisation_check_char(&chars).unwrap());
        let first17 = format!("{prefix}{region}{organisation}");
        format!("{first17}{}", credit_code_check_char(&first17).unwrap())
    }

    #[test]
    fn every_part_is_checked() {
        let valid = code("91", "110105", "MA01ABCD");
        assert!(CreditCode::parse(&valid).is_ok(), "{valid}");
        let with = |i: usize, c: char| {
            let mut chars: Vec<char> = valid.chars().collect();
            chars[i] = c;
            chars.into_iter().collect::<String>()
        };
        assert_eq!(CreditCode::parse(&valid[..17]), Err(CreditCodeError::Length));
        assert_eq!(CreditCode::parse(&with(5, 'I')), Err(CreditCodeError::Character));
        assert_eq!(
            CreditCode::parse(&code("94", "110105", "MA01ABCD")),
            Err(CreditCodeError::Authority)
        );
        assert_eq!(
            CreditCode::parse(&code("B1", "110105", "MA01ABCD")),
            Err(CreditCodeError::Authority)
        );
        assert_eq!(CreditCode::parse(&with(0, 'Z')), Err(CreditCodeError::Character));
        // a wrong organisation check character, the whole check made right
        let mut chars: Vec<char> = valid.chars().collect();
        chars[16] = if chars[16] == '1' { '2' } else { '1' };
        let first17: String = chars[..17].iter().collect();
        let resealed = format!("{first17}{}", credit_code_check_char(&first17).unwrap());
        assert_eq!(CreditCode::parse(&resealed), Err(CreditCodeError::OrganisationCheck));
    }

    #[test]
    fn a_repair_needs_one_lookalike_alone_to_fit() {
        let valid = code("92", "320830", "L1234567");
        // the region's 0 read as O: only one repair passes
        let read = valid.replacen("320830", "32O830", 1);
        assert_eq!(check_credit_code(&read), CodeCheck::Repaired(valid.clone()));
        // two characters wrong: no single repair
        let read2 = read.replacen("92", "9Z", 1);
        assert!(matches!(check_credit_code(&read2), CodeCheck::Invalid(_)));
    }

    proptest! {
        /// Every valid code survives a look-alike misread of any one
        /// character either repaired to itself or flagged, never repaired
        /// to another code.
        #[test]
        fn a_lookalike_misread_is_repaired_to_the_true_code_or_flagged(
            body in "[0-9A-HJ-NP-RT-UW-Y]{8}",
            at in 0usize..18,
            pick in 0usize..22,
        ) {
            let valid = code("91", "320830", &body);
            let mut chars: Vec<char> = valid.chars().collect();
            let (a, b) = LOOKALIKES[pick];
            let original = chars[at];
            chars[at] = if original == a { b } else if original == b { a } else { return Ok(()) };
            let read: String = chars.into_iter().collect();
            match check_credit_code(&read) {
                CodeCheck::Repaired(code) => prop_assert_eq!(code, valid),
                CodeCheck::Invalid(_) => {}
                CodeCheck::Valid => prop_assert!(CreditCode::parse(&read).is_ok()),
            }
        }
    }
}
