//! The 18-character citizen identity number (GB 11643-1999).

use std::fmt;

use chrono::{Datelike, NaiveDate};
use ocr_core::mask;
use serde::{Serialize, Serializer};

use crate::number::region::Region;

/// ISO 7064 MOD 11-2 weights of the first 17 digits.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder.
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The MOD 11-2 check character of 17 digits.
///
/// ```
/// use idcard::number::check_char;
/// assert_eq!(check_char("11010519491231002"), Some('X'));
/// assert_eq!(check_char("1101051949123100"), None);
/// ```
pub fn check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17.bytes().zip(WEIGHTS).map(|(b, w)| (b - b'0') as u32 * w).sum();
    Some(CHECK[(sum % 11) as usize])
}

/// Sex, from the parity of the 17th digit (odd: male).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// 男
    Male,
    /// 女
    Female,
}

impl Sex {
    /// `男` or `女`.
    pub fn as_chinese(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }

    /// Reads `男`/`女`.
    pub fn from_chinese(s: &str) -> Option<Sex> {
        match s {
            "男" => Some(Sex::Male),
            "女" => Some(Sex::Female),
            _ => None,
        }
    }
}

impl Serialize for Sex {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_chinese())
    }
}

/// Which document the number belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IdKind {
    /// 居民身份证: a mainland resident.
    Resident,
    /// 港澳台居民居住证: region 810000 (Hong Kong), 820000 (Macao) or 830000 (Taiwan).
    HkMacaoTaiwanPermit,
    /// 外国人永久居留身份证 (2023 format): leading `9`, then the province
    /// of issue and a three-digit nationality code.
    ForeignPermanentResident,
}

/// Why a number is not valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum InvalidReason {
    /// Not 18 characters (after normalisation).
    Length,
    /// Not 17 digits followed by a digit or `X`.
    Format,
    /// The MOD 11-2 check character does not match.
    Checksum,
    /// The birth date is not a real date, is in the future, or before 1900.
    Birth,
    /// The region code is unknown.
    Region,
}

impl InvalidReason {
    /// The reason as a lowercase word: `length`, `format`, `checksum`, `birth`, `region`.
    pub fn as_str(self) -> &'static str {
        match self {
            InvalidReason::Length => "length",
            InvalidReason::Format => "format",
            InvalidReason::Checksum => "checksum",
            InvalidReason::Birth => "birth",
            InvalidReason::Region => "region",
        }
    }
}

/// An invalid number: the reason and the input, masked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid ID number {masked}: {}", reason.as_str())]
pub struct InvalidIdNumber {
    /// Why it is invalid.
    pub reason: InvalidReason,
    /// The normalised input, masked.
    pub masked: String,
}

/// A valid 18-character identity number.
///
/// Construction validates everything; `Debug` and `Display` print it masked
/// (`5304**********2844`); [`IdNumber::reveal`] gives the full value.
///
/// # Examples
///
/// ```
/// use idcard::number::{IdNumber, IdKind, InvalidReason, Sex};
/// let n = IdNumber::parse(" 11010519491231002x ").unwrap();
/// assert_eq!(n.reveal(), "11010519491231002X");
/// assert_eq!(n.to_string(), "1101**********002X");
/// assert_eq!(n.birth_date().to_string(), "1949-12-31");
/// assert_eq!(n.sex(), Sex::Female);
/// assert_eq!(n.kind(), IdKind::Resident);
/// assert_eq!(n.region().unwrap().name, "朝阳区");
/// assert_eq!(IdNumber::parse("110105194912310021").unwrap_err().reason, InvalidReason::Checksum);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber {
    value: String,
    birth: NaiveDate,
    kind: IdKind,
}

/// What [`IdNumber::parse_with`] had to do (OCR-tolerant parsing only) to read the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct OcrNormalization {
    /// Inner spaces or hyphens were removed.
    pub removed_separators: bool,
    /// Full-width digits or a full-width `Ｘ` were converted.
    pub converted_fullwidth: bool,
    /// A look-alike of the check letter (`×`, `Ⅹ`, `ⅹ`) was read as `X`.
    pub read_x_lookalike: bool,
}

fn normalize_char(c: char) -> (char, bool) {
    match c {
        '０'..='９' => (char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c), true),
        'x' | '×' | 'Ⅹ' | 'ⅹ' | 'Ｘ' | 'ｘ' => ('X', c != 'x'),
        _ => (c, false),
    }
}

/// How [`IdNumber::parse_with`] reads its input: the date that limits birth
/// dates, and whether OCR's habits are tolerated.
///
/// ```
/// use chrono::NaiveDate;
/// use idcard::number::{IdNumber, InvalidReason, NumberOptions};
/// let options = NumberOptions::ocr().on(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
/// let (n, how) = IdNumber::parse_with("1101 0519 4912 3100 2X", &options).unwrap();
/// assert_eq!(n.reveal(), "11010519491231002X");
/// assert!(how.removed_separators);
/// let (_, how) = IdNumber::parse_with("11010519491231002×", &options).unwrap();
/// assert!(how.read_x_lookalike && !how.removed_separators);
/// // not OCR-tolerant: inner spaces make it the wrong length
/// let strict = NumberOptions::default();
/// assert_eq!(IdNumber::parse_with("1101 0519 4912 3100 2X", &strict).unwrap_err().reason, InvalidReason::Length);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct NumberOptions {
    /// Birth dates after this day are invalid; today (UTC) when `None`.
    pub today: Option<NaiveDate>,
    /// Also remove inner spaces (ASCII and U+3000) and hyphens, and report
    /// what was changed ([`OcrNormalization`]).
    pub ocr_tolerant: bool,
}

impl NumberOptions {
    /// OCR-tolerant parsing (see [`NumberOptions::ocr_tolerant`]).
    pub fn ocr() -> Self {
        Self {
            ocr_tolerant: true,
            ..Self::default()
        }
    }

    /// Birth dates limited by `today` instead of the clock's date.
    pub fn on(self, today: NaiveDate) -> Self {
        Self {
            today: Some(today),
            ..self
        }
    }
}

impl std::str::FromStr for IdNumber {
    type Err = InvalidIdNumber;

    /// [`IdNumber::parse`].
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        IdNumber::parse(input)
    }
}

impl IdNumber {
    /// Parses and validates, with today's date (UTC) as the limit for the birth date.
    ///
    /// Accepts surrounding whitespace, full-width digits, and `x`, `×`, `Ⅹ`
    /// or `Ｘ` as the check character. The same as `input.parse()`.
    pub fn parse(input: &str) -> Result<IdNumber, InvalidIdNumber> {
        Self::parse_with(input, &NumberOptions::default()).map(|(n, _)| n)
    }

    /// [`IdNumber::parse`] with birth dates limited by `today`.
    pub(crate) fn parse_on(input: &str, today: NaiveDate) -> Result<IdNumber, InvalidIdNumber> {
        Self::parse_with(input, &NumberOptions::default().on(today)).map(|(n, _)| n)
    }

    /// Parses and validates with `options`: the date that limits birth
    /// dates, and OCR tolerance (inner separators removed); also says what
    /// had to be changed to read the input.
    pub fn parse_with(input: &str, options: &NumberOptions) -> Result<(IdNumber, OcrNormalization), InvalidIdNumber> {
        let today = options.today.unwrap_or_else(|| chrono::Utc::now().date_naive());
        let mut how = OcrNormalization::default();
        let mut normalized = String::with_capacity(18);
        for c in input.trim().chars() {
            if options.ocr_tolerant && (c.is_whitespace() || matches!(c, '-' | '－' | '—' | '–')) {
                how.removed_separators = true;
                continue;
            }
            let (n, converted) = normalize_char(c);
            if matches!(c, '×' | 'Ⅹ' | 'ⅹ') {
                how.read_x_lookalike = true;
            } else {
                how.converted_fullwidth |= converted;
            }
            normalized.push(n);
        }
        if !options.ocr_tolerant {
            how = OcrNormalization::default();
        }
        Ok((Self::validate(normalized, today)?, how))
    }

    fn validate(value: String, today: NaiveDate) -> Result<IdNumber, InvalidIdNumber> {
        let fail = |reason| InvalidIdNumber {
            reason,
            masked: mask(&value),
        };
        if value.chars().count() != 18 {
            return Err(fail(InvalidReason::Length));
        }
        let bytes = value.as_bytes();
        if !bytes[..17].iter().all(u8::is_ascii_digit) || !(bytes[17].is_ascii_digit() || bytes[17] == b'X') {
            return Err(fail(InvalidReason::Format));
        }
        if check_char(&value[..17]) != Some(bytes[17] as char) {
            return Err(fail(InvalidReason::Checksum));
        }
        let date = |s: &str| s.parse::<u32>().ok();
        let birth = match (date(&value[6..10]), date(&value[10..12]), date(&value[12..14])) {
            (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d),
            _ => None,
        };
        let birth = match birth {
            Some(b) if b <= today && b.year() >= 1900 => b,
            _ => return Err(fail(InvalidReason::Birth)),
        };
        let kind = if bytes[0] == b'9' {
            if !Region::province_exists(&value[1..3]) {
                return Err(fail(InvalidReason::Region));
            }
            IdKind::ForeignPermanentResident
        } else {
            let region = &value[..6];
            if !Region::exists(region) {
                return Err(fail(InvalidReason::Region));
            }
            if matches!(region, "810000" | "820000" | "830000") {
                IdKind::HkMacaoTaiwanPermit
            } else {
                IdKind::Resident
            }
        };
        Ok(IdNumber { value, birth, kind })
    }

    /// Converts a 15-digit first-generation number (birth year `YY` in the
    /// 1900s, no check character) to 18 characters.
    ///
    /// ```
    /// use idcard::IdNumber;
    /// assert_eq!(IdNumber::upgrade_15("110105491231002").unwrap().reveal(), "11010519491231002X");
    /// ```
    pub fn upgrade_15(input: &str) -> Result<IdNumber, InvalidIdNumber> {
        let digits: String = input.trim().chars().map(|c| normalize_char(c).0).collect();
        if digits.chars().count() != 15 {
            return Err(InvalidIdNumber {
                reason: InvalidReason::Length,
                masked: mask(&digits),
            });
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(InvalidIdNumber {
                reason: InvalidReason::Format,
                masked: mask(&digits),
            });
        }
        let first17 = format!("{}19{}", &digits[..6], &digits[6..]);
        let check = check_char(&first17).unwrap_or('0');
        Self::parse(&format!("{first17}{check}"))
    }

    /// The full number. Personal data: do not log it.
    pub fn reveal(&self) -> &str {
        &self.value
    }

    /// The birth date encoded in the number.
    pub fn birth_date(&self) -> NaiveDate {
        self.birth
    }

    /// The sex encoded in the number.
    pub fn sex(&self) -> Sex {
        if (self.value.as_bytes()[16] - b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The document kind.
    pub fn kind(&self) -> IdKind {
        self.kind
    }

    /// The six-digit region code (for a foreigner's permanent residence ID,
    /// the province of issue as `AB0000`).
    pub fn region_code(&self) -> String {
        match self.kind {
            IdKind::ForeignPermanentResident => format!("{}0000", &self.value[1..3]),
            _ => self.value[..6].to_owned(),
        }
    }

    /// The region the code resolves to.
    pub fn region(&self) -> Option<Region> {
        Region::lookup(&self.region_code())
    }

    /// Age in whole years on `date`.
    pub fn age_on(&self, date: NaiveDate) -> i32 {
        age_on(self.birth, date)
    }
}

/// Age in whole years on `date` for someone born on `birth`.
pub(crate) fn age_on(birth: NaiveDate, date: NaiveDate) -> i32 {
    let mut age = date.year() - birth.year();
    if (date.month(), date.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", mask(&self.value))
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask(&self.value))
    }
}

impl Serialize for IdNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.value)
    }
}

/// Characters OCR confuses with digits, and the digits they stand for.
pub(crate) const CONFUSABLES: [(char, char); 14] = [
    ('O', '0'),
    ('o', '0'),
    ('D', '0'),
    ('Q', '0'),
    ('I', '1'),
    ('l', '1'),
    ('|', '1'),
    ('i', '1'),
    ('Z', '2'),
    ('z', '2'),
    ('S', '5'),
    ('s', '5'),
    ('B', '8'),
    ('b', '6'),
];

/// A character OCR changed, undone by [`repair_confusable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ConfusableRepair {
    /// Position (0-based) in the 18 characters.
    pub position: usize,
    /// The character read.
    pub read: char,
    /// The digit it was taken for.
    pub digit: char,
}

/// Repairs an 18-character reading with exactly one confusable character
/// (O→0, I/l→1, B→8, …) — accepted only if the repaired number passes every
/// check. Anything else (two confusables, a wrong digit) stays invalid.
///
/// ```
/// use idcard::number::repair_confusable;
/// let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let (n, fix) = repair_confusable("11O10519491231002X", today).unwrap();
/// assert_eq!(n.reveal(), "11010519491231002X");
/// assert_eq!((fix.position, fix.read, fix.digit), (2, 'O', '0'));
/// assert!(repair_confusable("11O1O519491231002X", today).is_none());
/// ```
pub fn repair_confusable(input: &str, today: NaiveDate) -> Option<(IdNumber, ConfusableRepair)> {
    let chars: Vec<char> = input.chars().map(|c| normalize_char(c).0).collect();
    if chars.len() != 18 {
        return None;
    }
    let odd: Vec<usize> = chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| !(c.is_ascii_digit() || (i == 17 && c == 'X')))
        .map(|(i, _)| i)
        .collect();
    let [position] = odd[..] else { return None };
    let read = chars[position];
    let mut found = None;
    for &(_, digit) in CONFUSABLES.iter().filter(|(c, _)| *c == read) {
        let mut fixed = chars.clone();
        fixed[position] = digit;
        let candidate: String = fixed.into_iter().collect();
        if let Ok(n) = IdNumber::validate(candidate, today) {
            if found.is_some() {
                return None; // ambiguous
            }
            found = Some((n, ConfusableRepair { position, read, digit }));
        }
    }
    found
}
