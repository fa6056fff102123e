//! The 56 officially recognised ethnic groups, as printed on ID cards.

use ocr_core::fuzzy::substitutions;

/// The 56 names as printed on cards (without the 族 suffix).
pub const ETHNIC_GROUPS: [&str; 56] = [
    "汉",
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
];

/// Whether `name` is one of the 56.
///
/// ```
/// use idcard::check::is_official_ethnicity;
/// assert!(is_official_ethnicity("柯尔克孜"));
/// assert!(!is_official_ethnicity("汉族"));
/// ```
pub fn is_official_ethnicity(name: &str) -> bool {
    ETHNIC_GROUPS.contains(&name)
}

/// How an ethnicity reading was resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EthnicityMatch {
    /// The reading is an official name.
    Exact(&'static str),
    /// The reading, minus a trailing 族 or stray characters around it,
    /// contains exactly one official name (the longest match wins: 土家 over 土).
    Trimmed(&'static str),
    /// The reading differs from exactly one official name in one character,
    /// substituted (鄂温充 → 鄂温克) or lost at either end (斡尔 → 达斡尔). Only
    /// for names of two or more characters.
    OneCharFixed(&'static str),
    /// No official name fits.
    Unknown,
}

/// Resolves an OCR reading to an official name.
///
/// ```
/// use idcard::check::{EthnicityMatch, resolve_ethnicity};
/// assert_eq!(resolve_ethnicity("汉"), EthnicityMatch::Exact("汉"));
/// assert_eq!(resolve_ethnicity("汉族"), EthnicityMatch::Trimmed("汉"));
/// assert_eq!(resolve_ethnicity("鄂温充"), EthnicityMatch::OneCharFixed("鄂温克"));
/// assert_eq!(resolve_ethnicity("斡尔"), EthnicityMatch::OneCharFixed("达斡尔"));
/// assert_eq!(resolve_ethnicity("佬"), EthnicityMatch::Unknown); // 仡佬 or 仫佬
/// assert_eq!(resolve_ethnicity("火星"), EthnicityMatch::Unknown);
/// ```
pub fn resolve_ethnicity(reading: &str) -> EthnicityMatch {
    if let Some(&name) = ETHNIC_GROUPS.iter().find(|&&n| n == reading) {
        return EthnicityMatch::Exact(name);
    }
    let trimmed = reading.trim_end_matches('族');
    if let Some(&name) = ETHNIC_GROUPS.iter().find(|&&n| n == trimmed) {
        return EthnicityMatch::Trimmed(name);
    }
    // contained names: keep the longest; reject if two different longest ones
    let mut best: Option<&'static str> = None;
    let mut ambiguous = false;
    for &name in &ETHNIC_GROUPS {
        if trimmed.contains(name) {
            match best {
                Some(b) if b.chars().count() > name.chars().count() || b.contains(name) => {}
                Some(b) if b.chars().count() == name.chars().count() => ambiguous = true,
                _ => {
                    best = Some(name);
                    ambiguous = false;
                }
            }
        }
    }
    if let (Some(name), false) = (best, ambiguous)
        && trimmed.chars().count() <= name.chars().count() + 2
    {
        return EthnicityMatch::Trimmed(name);
    }
    let chars: Vec<char> = trimmed.chars().collect();
    let close: Vec<&'static str> = ETHNIC_GROUPS
        .iter()
        .copied()
        .filter(|n| {
            let nc: Vec<char> = n.chars().collect();
            let substituted = substitutions(&nc, &chars) == Some(1);
            // a rare first or last character lost (达斡尔 read as 斡尔)
            let lost =
                !chars.is_empty() && nc.len() == chars.len() + 1 && (nc.ends_with(&chars) || nc.starts_with(&chars));
            nc.len() >= 2 && (substituted || lost)
        })
        .collect();
    match close[..] {
        [name] => EthnicityMatch::OneCharFixed(name),
        _ => EthnicityMatch::Unknown,
    }
}
