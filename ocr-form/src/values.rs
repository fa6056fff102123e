//! Reading a value's text as its kind: dates, date ranges, amounts
//! (Chinese upper-case numerals or Arabic with 万/亿), codes; and how lines
//! are joined.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::Serialize;

/// A value read as its kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[non_exhaustive]
pub enum Parsed {
    /// A date.
    Date {
        /// The date.
        date: NaiveDate,
    },
    /// A span of dates.
    DateRange {
        /// The first day.
        from: NaiveDate,
        /// The last day, or open.
        to: RangeEnd,
    },
    /// An amount of money.
    Amount(Amount),
}

/// The end of a date range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RangeEnd {
    /// A last day.
    Date(NaiveDate),
    /// No end (`长期`, `永久`, `不约定期限`), as printed.
    Open(String),
}

/// An amount of money: its value in the currency's hundredths and the
/// currency's ISO 4217 code.
///
/// ```
/// use ocr_form::Amount;
/// let a = Amount::parse("壹佰万元整").unwrap();
/// assert_eq!((a.hundredths, a.currency.as_str()), (100_000_000, "CNY"));
/// assert_eq!(a.value(), 1_000_000.0);
/// assert_eq!(Amount::parse("100万元人民币"), Amount::parse("人民币100万元"));
/// assert_eq!(Amount::parse("50万美元").unwrap().currency, "USD");
/// assert!(Amount::parse("壹佰万元整整整").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Amount {
    /// The amount in hundredths (分 for 元).
    pub hundredths: i64,
    /// ISO 4217 code (CNY, USD, HKD, EUR, JPY, GBP).
    pub currency: String,
}

const CURRENCIES: [(&str, &str); 8] = [
    ("人民币", "CNY"),
    ("美元", "USD"),
    ("港元", "HKD"),
    ("港币", "HKD"),
    ("欧元", "EUR"),
    ("日元", "JPY"),
    ("英镑", "GBP"),
    ("元", "CNY"),
];

impl Amount {
    /// The amount in whole units (元, dollars).
    pub fn value(&self) -> f64 {
        self.hundredths as f64 / 100.0
    }

    /// Reads a printed amount; `None` when the text is not one.
    pub fn parse(text: &str) -> Option<Amount> {
        let mut rest: String = fold_width(text)
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ',')
            .collect();
        let mut currency: Option<&str> = None;
        // a currency word may stand before or after the number
        for (word, code) in CURRENCIES {
            if let Some(r) = rest.strip_prefix(word) {
                currency.get_or_insert(code);
                rest = r.to_string();
            }
        }
        let rest = rest.strip_suffix('整').unwrap_or(&rest).to_string();
        let mut rest = rest.as_str();
        for (word, code) in CURRENCIES {
            if word == "元" {
                continue;
            }
            if let Some(r) = rest.strip_suffix(word) {
                if currency.is_some_and(|c| c != code) {
                    return None;
                }
                currency = Some(code);
                rest = r;
            }
        }
        let rest = rest.strip_suffix('整').unwrap_or(rest);
        let unit_named = rest.contains(['元', '圆']);
        let arabic = rest
            .strip_suffix('元')
            .or_else(|| rest.strip_suffix('圆'))
            .unwrap_or(rest);
        let hundredths = arabic_amount(arabic).or_else(|| chinese_amount(rest))?;
        if !unit_named && currency.is_none() {
            return None;
        }
        Some(Amount {
            hundredths,
            currency: currency.unwrap_or("CNY").to_string(),
        })
    }
}

/// `100`, `100.5`, `100万`, `1.2亿` (the 元 already cut) → hundredths.
fn arabic_amount(text: &str) -> Option<i64> {
    static ARABIC: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^([0-9]+)(?:\.([0-9]{1,6}))?(万|亿)?$").expect("valid"));
    let caps = ARABIC.captures(text)?;
    let scale: i64 = match caps.get(3).map(|m| m.as_str()) {
        Some("万") => 10_000,
        Some("亿") => 100_000_000,
        _ => 1,
    };
    let whole: i64 = caps[1].parse().ok()?;
    let mut hundredths = whole.checked_mul(scale)?.checked_mul(100)?;
    if let Some(frac) = caps.get(2) {
        let digits = frac.as_str();
        let value: i64 = digits.parse().ok()?;
        let denominator = 10i64.checked_pow(digits.len() as u32)?;
        hundredths = hundredths.checked_add(value.checked_mul(scale)?.checked_mul(100)? / denominator)?;
    }
    Some(hundredths)
}

fn chinese_digit(c: char) -> Option<i64> {
    Some(match c {
        '零' | '〇' => 0,
        '壹' | '一' => 1,
        '贰' | '貳' | '二' | '两' => 2,
        '叁' | '參' | '三' => 3,
        '肆' | '四' => 4,
        '伍' | '五' => 5,
        '陆' | '陸' | '六' => 6,
        '柒' | '七' => 7,
        '捌' | '八' => 8,
        '玖' | '九' => 9,
        _ => return None,
    })
}

fn chinese_unit(c: char) -> Option<i64> {
    Some(match c {
        '拾' | '十' => 10,
        '佰' | '百' => 100,
        '仟' | '千' => 1000,
        _ => return None,
    })
}

/// Chinese numerals (upper-case or common), with 角 and 分 after the
/// 元, → hundredths.
fn chinese_amount(text: &str) -> Option<i64> {
    let (whole, small) = match text.char_indices().find(|(_, c)| matches!(c, '元' | '圆')) {
        Some((i, c)) => (&text[..i], &text[i + c.len_utf8()..]),
        None => (text, ""),
    };
    let whole = if whole.is_empty() && !small.is_empty() {
        0
    } else {
        chinese_integer(whole)?
    };
    let mut hundredths = 0i64;
    let mut pending: Option<i64> = None;
    for c in small.chars() {
        match c {
            '角' => hundredths += pending.take()? * 10,
            '分' => hundredths += pending.take()?,
            '零' if pending.is_none() => {}
            c if pending.is_none() => pending = Some(chinese_digit(c)?),
            _ => return None,
        }
    }
    if pending.is_some() {
        return None;
    }
    whole.checked_mul(100)?.checked_add(hundredths)
}

/// 壹佰万 → 1_000_000; 拾伍 → 15; 贰亿零伍拾万 → 200_500_000.
fn chinese_integer(text: &str) -> Option<i64> {
    let mut total: i64 = 0; // completed 亿 sections
    let mut section: i64 = 0; // completed 万 sections within the 亿 section
    let mut group: i64 = 0; // below 万
    let mut digit: Option<i64> = None;
    let mut any = false;
    for c in text.chars() {
        if let Some(d) = chinese_digit(c) {
            if digit.is_some() && d != 0 {
                return None; // two digits in a row: not a numeral
            }
            digit = if d == 0 { None } else { Some(d) };
            any = true;
        } else if let Some(unit) = chinese_unit(c) {
            let d = match digit.take() {
                Some(d) => d,
                None if unit == 10 && group == 0 => 1, // 拾伍 is 15
                None => return None,
            };
            group = group.checked_add(d * unit)?;
            any = true;
        } else if c == '万' {
            group += digit.take().unwrap_or(0);
            if group == 0 && section == 0 {
                return None;
            }
            section = section.checked_add(group.checked_mul(10_000)?)?;
            group = 0;
        } else if c == '亿' {
            group += digit.take().unwrap_or(0);
            total = total.checked_add((section + group).checked_mul(100_000_000)?)?;
            section = 0;
            group = 0;
        } else {
            return None;
        }
    }
    group += digit.unwrap_or(0);
    any.then_some(total + section + group)
}

/// Full-width ASCII (U+FF01–FF5E) and the ideographic space folded to
/// their ASCII forms: what an engine cannot tell apart in print (`（` and
/// `(`, `；` and `;`).
///
/// ```
/// assert_eq!(ocr_form::fold_width("（副本）；ＡＢ１"), "(副本);AB1");
/// ```
pub fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// A date: `2016年07月17日` (an engine may drop the final 日: then the day
/// has its two printed digits and no digit follows, so that a day cut
/// short where a line was split is no date) or `2016-07-17` / `2016.07.17`
/// / `2016/07/17` (not followed by a digit).
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"([0-9]{4})\s*(?:",
        r"年\s*([0-9]{1,2})\s*月\s*(?:([0-9]{1,2})\s*日|([0-9]{2})(?:[^0-9日]|$))",
        r"|[.\-/]([0-9]{1,2})[.\-/]([0-9]{1,2})(?:[^0-9]|$))"
    ))
    .expect("valid")
});

/// The month's and the day's digits of a date's captures.
fn month_day<'h>(caps: &regex::Captures<'h>) -> Option<(regex::Match<'h>, regex::Match<'h>)> {
    match caps.get(2) {
        Some(month) => Some((month, caps.get(3).or(caps.get(4))?)),
        None => Some((caps.get(5)?, caps.get(6)?)),
    }
}

fn date_at(caps: &regex::Captures<'_>) -> Option<NaiveDate> {
    let (month, day) = month_day(caps)?;
    NaiveDate::from_ymd_opt(
        caps[1].parse().ok()?,
        month.as_str().parse().ok()?,
        day.as_str().parse().ok()?,
    )
}

/// Where the date of `caps` ends: after its 日, or after its day's digits.
fn date_end(caps: &regex::Captures<'_>) -> Option<usize> {
    Some(match caps.get(3) {
        Some(_) => caps.get(0)?.end(),
        None => month_day(caps)?.1.end(),
    })
}

/// The characters (`from..to`) of the first date in `text`.
pub(crate) fn find_date(text: &str) -> Option<(usize, usize)> {
    let folded = fold_width(text);
    let caps = DATE.captures(&folded)?;
    date_at(&caps)?;
    let chars = |byte: usize| folded[..byte].chars().count();
    Some((chars(caps.get(0)?.start()), chars(date_end(&caps)?)))
}

/// The text, all of it, as one date.
///
/// ```
/// use chrono::NaiveDate;
/// assert_eq!(ocr_form::parse_date("2016年07月17日"), NaiveDate::from_ymd_opt(2016, 7, 17));
/// assert_eq!(ocr_form::parse_date("2016年02月30日"), None);
/// assert_eq!(ocr_form::parse_date("成立于2016年07月17日"), None);
/// ```
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let folded = fold_width(text);
    let folded = folded.trim();
    let caps = DATE.captures(folded)?;
    (caps.get(0)?.start() == 0 && date_end(&caps)? == folded.len())
        .then(|| date_at(&caps))
        .flatten()
}

/// The text, all of it, as a span: `DATE至DATE`, `DATE至长期` (also `自DATE至…`,
/// `DATE-DATE`, `永久`, `不约定期限`).
///
/// ```
/// use ocr_form::{Parsed, RangeEnd, parse_date_range};
/// let Some(Parsed::DateRange { to, .. }) = parse_date_range("2008年08月17日至长期") else { panic!() };
/// assert_eq!(to, RangeEnd::Open("长期".into()));
/// assert!(parse_date_range("2008年08月17日至2008年08月16日").is_none()); // ends before it starts
/// ```
pub fn parse_date_range(text: &str) -> Option<Parsed> {
    let folded: String = fold_width(text).chars().filter(|c| !c.is_whitespace()).collect();
    let body = folded.strip_prefix('自').unwrap_or(&folded);
    let first = DATE.captures(body)?;
    if first.get(0)?.start() != 0 {
        return None;
    }
    let from = date_at(&first)?;
    let rest = &body[date_end(&first)?..];
    let rest = ["至", "-", "—", "~", "～", "到"]
        .iter()
        .find_map(|sep| rest.strip_prefix(sep))?;
    let to = if ["长期", "永久", "不约定期限", "无固定期限"].contains(&rest) {
        RangeEnd::Open(rest.to_string())
    } else {
        let end = parse_date(rest.strip_suffix('止').unwrap_or(rest))?;
        if end < from {
            return None;
        }
        RangeEnd::Date(end)
    };
    Some(Parsed::DateRange { from, to })
}

/// A code's text: spaces and symbols dropped, full-width folded, letters
/// upper-case.
pub(crate) fn normalise_code(text: &str) -> String {
    fold_width(text)
        .chars()
        .filter(|&c| !c.is_whitespace() && !is_symbol(c))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Two pieces of one value joined: a space only between two Latin letters
/// or digits (Chinese text has none between characters).
pub(crate) fn join_pieces(parts: &[String]) -> String {
    let mut out = String::new();
    for part in parts {
        let part = tidy_spaces(part);
        if part.is_empty() {
            continue;
        }
        if let (Some(a), Some(b)) = (out.chars().last(), part.chars().next())
            && keeps_space(a, b)
        {
            out.push(' ');
        }
        out.push_str(&part);
    }
    out
}

/// Whether a character is a symbol, not text: stars, check boxes,
/// geometric shapes and dingbats an engine reads off emblems and boxes.
pub(crate) fn is_symbol(c: char) -> bool {
    matches!(c, '\u{2190}'..='\u{21FF}' | '\u{25A0}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}')
}

/// Symbols dropped; spaces kept only between two Latin words (or a word
/// and a number), not between Chinese characters (`(副 本)`) nor inside a
/// number (`5 7号`).
fn tidy_spaces(text: &str) -> String {
    let chars: Vec<char> = text.trim().chars().filter(|&c| !is_symbol(c)).collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let before = out.chars().last();
            let after = chars[i + 1..].iter().copied().find(|c| !c.is_whitespace());
            if let (Some(a), Some(b)) = (before, after)
                && keeps_space(a, b)
                && !out.ends_with(' ')
            {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
    }
    out.trim().to_string()
}

/// A space between `a` and `b` is text: both Latin letters or digits, not
/// both digits.
fn keeps_space(a: char, b: char) -> bool {
    a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() && !(a.is_ascii_digit() && b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn amounts_in_every_notation() {
        let a = |t: &str| Amount::parse(t).map(|a| (a.hundredths / 100, a.currency));
        assert_eq!(a("贰佰万元整"), Some((2_000_000, "CNY".into())));
        assert_eq!(a("伍拾万元整"), Some((500_000, "CNY".into())));
        assert_eq!(a("壹仟零伍拾万元整"), Some((10_500_000, "CNY".into())));
        assert_eq!(a("贰亿零伍拾万元"), Some((200_500_000, "CNY".into())));
        assert_eq!(a("拾伍万元整"), Some((150_000, "CNY".into())));
        assert_eq!(a("100万元人民币"), Some((1_000_000, "CNY".into())));
        assert_eq!(a("人民币100万元"), Some((1_000_000, "CNY".into())));
        assert_eq!(a("人民币 1.5 亿元"), Some((150_000_000, "CNY".into())));
        assert_eq!(a("３００万元"), Some((3_000_000, "CNY".into())));
        assert_eq!(Amount::parse("壹佰元伍角陆分").unwrap().hundredths, 10_056);
        for bad in [
            "",
            "元",
            "万元",
            "贰贰万元",
            "100",
            "有限公司",
            "人民币100万美元",
            "100万元整人",
        ] {
            assert_eq!(Amount::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_and_ranges() {
        assert_eq!(parse_date("２０１６年７月１７日"), NaiveDate::from_ymd_opt(2016, 7, 17));
        assert_eq!(parse_date("2016-07-17"), NaiveDate::from_ymd_opt(2016, 7, 17));
        assert_eq!(parse_date("2016年07月"), None);
        // a day cut short where a line was split is no date
        assert_eq!(find_date("2020年05月1"), None);
        assert_eq!(find_date("2016年06月29"), Some((0, 10))); // 日 dropped
        assert_eq!(parse_date("2016年06月29"), NaiveDate::from_ymd_opt(2016, 6, 29));
        assert_eq!(find_date("海市2020年05月12日"), Some((2, 13)));
        assert_eq!(find_date("2020.05.1"), Some((0, 9)));
        assert_eq!(parse_date("2020.05.123"), None);
        let Some(Parsed::DateRange { to, .. }) = parse_date_range("2001-01-02-2021-01-01") else {
            panic!()
        };
        assert_eq!(to, RangeEnd::Date(NaiveDate::from_ymd_opt(2021, 1, 1).unwrap()));
        let Some(Parsed::DateRange { from, to }) = parse_date_range("自2001年01月02日至 2021年01月01日") else {
            panic!()
        };
        assert_eq!(from, NaiveDate::from_ymd_opt(2001, 1, 2).unwrap());
        assert_eq!(to, RangeEnd::Date(NaiveDate::from_ymd_opt(2021, 1, 1).unwrap()));
        assert!(parse_date_range("2001年01月02日").is_none());
        assert!(parse_date_range("2001年01月02日至明天").is_none());
    }

    #[test]
    fn pieces_join_without_spaces_between_chinese_characters() {
        assert_eq!(join_pieces(&["(副 本)".into()]), "(副本)");
        assert_eq!(join_pieces(&["Acme".into(), "Trading Ltd".into()]), "Acme Trading Ltd");
        assert_eq!(join_pieces(&["新华巷36".into(), "号".into()]), "新华巷36号");
        assert_eq!(join_pieces(&["红旗村5 0号".into()]), "红旗村50号");
        assert_eq!(join_pieces(&["Room 5".into(), "12".into()]), "Room 512");
        assert_eq!(join_pieces(&["☑有限公司".into(), "★".into()]), "有限公司");
        assert_eq!(normalise_code("9135 0100★"), "91350100");
    }

    fn upper_numeral(n: i64) -> String {
        // the way a licence prints it: 壹仟零伍拾万 for 10_500_000
        const D: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
        const U: [char; 4] = ['\0', '拾', '佰', '仟'];
        fn group(n: i64, out: &mut String) {
            let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
            let mut zero = false;
            for (i, d) in digits.iter().enumerate() {
                if *d == 0 {
                    zero = !out.is_empty();
                    continue;
                }
                if zero {
                    out.push('零');
                    zero = false;
                }
                out.push(D[*d as usize]);
                if U[3 - i] != '\0' {
                    out.push(U[3 - i]);
                }
            }
        }
        let mut out = String::new();
        let (wan, rest) = (n / 10_000, n % 10_000);
        if wan > 0 {
            group(wan, &mut out);
            out.push('万');
            if rest > 0 && rest < 1000 {
                out.push('零');
            }
        }
        let mut tail = String::new();
        group(rest, &mut tail);
        out.push_str(tail.trim_start_matches('零'));
        out
    }

    proptest! {
        #[test]
        fn any_upper_case_amount_reads_back(n in 1i64..100_000_000) {
            let text = format!("{}元整", upper_numeral(n));
            prop_assert_eq!(Amount::parse(&text).map(|a| a.hundredths), Some(n * 100), "{}", text);
        }

        #[test]
        fn any_arabic_amount_reads_back_in_every_order(n in 1i64..100_000, wan in proptest::bool::ANY) {
            let unit = if wan { "万" } else { "" };
            let expected = n * 100 * if wan { 10_000 } else { 1 };
            for text in [format!("{n}{unit}元人民币"), format!("人民币{n}{unit}元"), format!("{n}{unit}元")] {
                prop_assert_eq!(Amount::parse(&text).map(|a| a.hundredths), Some(expected), "{}", text);
            }
        }

        #[test]
        fn no_text_makes_the_readers_panic(text in "\\PC{0,24}") {
            let _ = Amount::parse(&text);
            let _ = parse_date(&text);
            let _ = parse_date_range(&text);
        }
    }
}
