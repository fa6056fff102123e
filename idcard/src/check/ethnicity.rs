//! The 56 officially recognised ethnic groups, as printed on ID cards.

use ocr_core::fuzzy::{EditCosts, NameMatch, match_name};

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
    /// The reading is an official name followed by 族.
    Trimmed(&'static str),
    /// The reading is within its edit budget of exactly one official name
    /// (a character substituted, lost or added; the budget grows with the
    /// name: [`ocr_core::fuzzy::edit_budget`]) and every other name is at
    /// least one edit further; a shorter name never repairs a longer
    /// reading.
    Repaired(&'static str),
    /// No official name fits, or more than one does.
    Unknown,
}

/// Resolves an OCR reading to an official name, repairing it only when
/// exactly one name fits (see [`EthnicityMatch::Repaired`]).
///
/// ```
/// use idcard::check::{EthnicityMatch, resolve_ethnicity};
/// assert_eq!(resolve_ethnicity("汉"), EthnicityMatch::Exact("汉"));
/// assert_eq!(resolve_ethnicity("汉族"), EthnicityMatch::Trimmed("汉"));
/// assert_eq!(resolve_ethnicity("鄂温充"), EthnicityMatch::Repaired("鄂温克"));
/// assert_eq!(resolve_ethnicity("斡尔"), EthnicityMatch::Repaired("达斡尔"));
/// assert_eq!(resolve_ethnicity("佬"), EthnicityMatch::Unknown); // 仡佬 or 仫佬
/// assert_eq!(resolve_ethnicity("纳"), EthnicityMatch::Unknown); // 汉, 回, 纳西…
/// assert_eq!(resolve_ethnicity("土些"), EthnicityMatch::Unknown); // 土 or 土家
/// assert_eq!(resolve_ethnicity("火星"), EthnicityMatch::Unknown);
/// ```
pub fn resolve_ethnicity(reading: &str) -> EthnicityMatch {
    if let Some(&name) = ETHNIC_GROUPS.iter().find(|&&n| n == reading) {
        return EthnicityMatch::Exact(name);
    }
    let trimmed = reading.strip_suffix('族').unwrap_or(reading);
    if let Some(&name) = ETHNIC_GROUPS.iter().find(|&&n| n == trimmed) {
        return EthnicityMatch::Trimmed(name);
    }
    let chars: Vec<char> = trimmed.chars().collect();
    match match_name(&chars, ETHNIC_GROUPS, &EditCosts::default()) {
        NameMatch::Exact(name) | NameMatch::Repaired { name, .. } => EthnicityMatch::Repaired(name),
        NameMatch::SpanUnproven { .. } | NameMatch::Unproven { .. } | NameMatch::NoFit => EthnicityMatch::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_repair_is_one_that_another_name_could_also_explain() {
        // every reading one edit from a name: repaired only when no second
        // name is within its budget
        for name in ETHNIC_GROUPS {
            let chars: Vec<char> = name.chars().collect();
            for k in 0..chars.len() {
                let mut lost = chars.clone();
                lost.remove(k);
                let read: String = lost.iter().collect();
                if let EthnicityMatch::Repaired(fixed) = resolve_ethnicity(&read) {
                    let others = ETHNIC_GROUPS
                        .iter()
                        .filter(|o| **o != fixed)
                        .filter(|o| {
                            let oc: Vec<char> = o.chars().collect();
                            ocr_core::fuzzy::edit_distance(&lost, &oc, &EditCosts::default())
                                <= ocr_core::fuzzy::edit_budget(oc.len())
                        })
                        .count();
                    assert_eq!(others, 0, "{read} → {fixed}");
                }
            }
        }
    }

    #[test]
    fn a_reading_with_a_stray_character_is_not_cut_down_to_a_shorter_name() {
        // 土 + a stray character: 土家 fits as well
        assert_eq!(resolve_ethnicity("土些"), EthnicityMatch::Unknown);
        // 汉 read inside a longer word is not 汉
        assert_eq!(resolve_ethnicity("汉字"), EthnicityMatch::Unknown);
    }
}
