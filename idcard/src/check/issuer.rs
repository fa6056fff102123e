//! The issuing authority (签发机关): its pattern, and its place names proven
//! or repaired with the region table.
//!
//! An issuer is `{D}公安局` or `{D}公安局{Y}分局`, where `D` is a division
//! (a county, a county-level city, a prefecture, a municipality) and `Y` the
//! short form of a district or county under `D` (朝阳 for 朝阳区). The back
//! carries no number, so `D` is checked against the whole table, and `Y`
//! against the divisions under `D`.

use ocr_core::fuzzy::{
    EditCosts, NameMatch, REPAIR_MARGIN, edit_budget, edit_distance, match_name, match_name_with_priors, substitutions,
};

use std::sync::LazyLock;

use crate::number::RegionLevel;
use crate::number::region::{codes_named, division_names, division_names_where, is_division_name, names_under};

/// What checking an issuer found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IssuerCheck {
    /// Every place name is a division of the table.
    Proven,
    /// One place name was within its edit budget of exactly one division
    /// name, every other clearly further; the corrected issuer.
    Repaired(String),
    /// Not of the pattern, or a place name that fits no division (or more
    /// than one).
    Unverified,
}

const BUREAU: &str = "公安局";
const BRANCH: &str = "分局";
/// The endings a branch's district or county drops (朝阳区 → 朝阳分局).
const BRANCH_SUFFIXES: [&str; 4] = ["区", "县", "市", ""];

/// Checks (and, when exactly one division fits, repairs) an issuer.
pub(crate) fn check_issuer(issuer: &str) -> IssuerCheck {
    let Some((place, rest)) = issuer.split_once(BUREAU) else {
        return IssuerCheck::Unverified;
    };
    let branch = match rest {
        "" => None,
        r => match r.strip_suffix(BRANCH) {
            Some(y) if !y.is_empty() => Some(y),
            _ => return IssuerCheck::Unverified,
        },
    };
    let (place, place_fixed) = match resolve_place(place, branch.is_some()) {
        Some(p) => p,
        None => return IssuerCheck::Unverified,
    };
    let (branch, branch_fixed) = match branch {
        None => (None, false),
        Some(y) => match resolve_branch(&place, y) {
            Some((y, fixed)) => (Some(y), fixed),
            None => return IssuerCheck::Unverified,
        },
    };
    if !place_fixed && !branch_fixed {
        return IssuerCheck::Proven;
    }
    let mut fixed = format!("{place}{BUREAU}");
    if let Some(y) = branch {
        fixed.push_str(&y);
        fixed.push_str(BRANCH);
    }
    IssuerCheck::Repaired(fixed)
}

/// The division `place` names, and whether it had to be repaired. A bureau
/// with branches is a city's or a municipality's; one without is a
/// county's, a county-level or prefecture-level city's or a municipality's,
/// never a district's (a district has a branch of its city's bureau).
fn resolve_place(place: &str, has_branch: bool) -> Option<(String, bool)> {
    if is_division_name(place) {
        return Some((place.to_owned(), false));
    }
    let read: Vec<char> = place.chars().collect();
    let candidates = bureau_places(has_branch);
    proven(&read, candidates.iter().copied()).map(|n| (n.to_owned(), true))
}

/// The places an issuer's bureau can belong to, with or without branches.
fn bureau_places(has_branch: bool) -> &'static [&'static str] {
    if has_branch { &BRANCHED_BUREAUS } else { &BUREAUS }
}

/// Places whose bureau has branches: prefectures and municipalities.
static BRANCHED_BUREAUS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    division_names_where(|code, level| {
        level == RegionLevel::Prefecture || (level == RegionLevel::Province && MUNICIPALITIES.contains(&(code / 10000)))
    })
});

/// Places with a bureau of their own: every division but a province and a
/// district.
static BUREAUS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut names =
        division_names_where(|code, level| level != RegionLevel::Province || MUNICIPALITIES.contains(&(code / 10000)));
    names.retain(|n| !n.ends_with('区'));
    names
});

/// The province-level municipalities' first two code digits: 北京, 天津, 上海, 重庆.
const MUNICIPALITIES: [u32; 4] = [11, 12, 31, 50];

/// The branch's short name under `place`, and whether it had to be repaired.
fn resolve_branch(place: &str, branch: &str) -> Option<(String, bool)> {
    let under: Vec<&str> = codes_named(place)
        .into_iter()
        .flat_map(|code| {
            // a municipality's districts share its first two digits, a city's its first four
            let digits = if code % 10000 == 0 {
                2
            } else if code % 100 == 0 {
                4
            } else {
                6
            };
            names_under(code, digits)
        })
        .collect();
    let mut short_forms: Vec<String> = under
        .iter()
        .flat_map(|n| BRANCH_SUFFIXES.iter().filter_map(move |s| n.strip_suffix(s)))
        .filter(|s| s.chars().count() >= 2)
        .map(str::to_owned)
        .collect();
    short_forms.sort();
    short_forms.dedup();
    if short_forms.iter().any(|s| s == branch) {
        return Some((branch.to_owned(), false));
    }
    let read: Vec<char> = branch.chars().collect();
    proven(&read, short_forms.iter().map(String::as_str)).map(|s| (s.to_owned(), true))
}

/// The one name `read` is proven to be (see [`ocr_core::fuzzy::NameMatch`]).
fn proven<'a>(read: &[char], names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    match match_name(read, names, &EditCosts::default()) {
        NameMatch::Exact(name) | NameMatch::Repaired { name, .. } => Some(name),
        NameMatch::SpanUnproven { .. } | NameMatch::Unproven { .. } | NameMatch::NoFit => None,
    }
}

/// Whether a division name at least as long as `read` is within its edit
/// budget of it: then characters before a division name in `read` may be
/// that name's own, misread, and are no stray characters to cut.
pub(crate) fn misread_name_fits(read: &[char]) -> bool {
    division_names().any(|name| {
        let reference: Vec<char> = name.chars().collect();
        reference.len() >= read.len()
            && edit_distance(read, &reference, &EditCosts::default()) <= edit_budget(reference.len())
    })
}

/// The issuer repaired with the front's number as evidence, when both sides
/// are read together: the places of the number's region (its county, its
/// prefecture or municipality) cost nothing, every other an edit more, and
/// the repair must still be proven (see [`ocr_core::fuzzy::NameMatch`]).
/// `None` when the place is read exactly (a real place is never replaced)
/// or no repair is proven.
pub(crate) fn repair_issuer_with_region(issuer: &str, code: u32) -> Option<String> {
    let (place, rest) = issuer.split_once(BUREAU)?;
    if is_division_name(place) {
        return None;
    }
    let branch = match rest {
        "" => None,
        r => Some(r.strip_suffix(BRANCH).filter(|y| !y.is_empty())?),
    };
    let own: Vec<&str> = [code, code / 100 * 100, code / 10000 * 10000]
        .into_iter()
        .flat_map(|c| names_under(c, 6))
        .collect();
    let candidates = bureau_places(branch.is_some());
    let priors = candidates
        .iter()
        .map(|&n| (n, if own.contains(&n) { 0.0 } else { REPAIR_MARGIN }));
    let read: Vec<char> = place.chars().collect();
    let NameMatch::Repaired { name, .. } = match_name_with_priors(&read, priors, &EditCosts::default()) else {
        return None;
    };
    if !own.contains(&name) {
        return None;
    }
    let mut fixed = format!("{name}{BUREAU}");
    if let Some(y) = branch {
        let (y, _) = resolve_branch(name, y)?;
        fixed.push_str(&y);
        fixed.push_str(BRANCH);
    }
    Some(fixed)
}

/// Whether the issuer names the region of `code` (a county, its prefecture
/// or its province's municipality), for a front and back read together.
pub(crate) fn issuer_names_region(issuer: &str, code: u32) -> bool {
    let own: Vec<&str> = [code, code / 100 * 100, code / 10000 * 10000]
        .into_iter()
        .flat_map(|c| names_under(c, 6))
        .collect();
    let Some((place, _)) = issuer.split_once(BUREAU) else {
        return false;
    };
    own.contains(&place)
}

/// Whether the issuer's place is *almost* a division of the region of
/// `code` but not one: that division's name with characters lost from its
/// start (睢宁县 read as 宁县, itself a county elsewhere) or one character
/// substituted. Read with the front, such an issuer is more likely misread
/// than issued elsewhere, however real the place it names.
pub(crate) fn issuer_nearly_names_region(issuer: &str, code: u32) -> bool {
    let Some((place, _)) = issuer.split_once(BUREAU) else {
        return false;
    };
    let read: Vec<char> = place.chars().collect();
    [code, code / 100 * 100, code / 10000 * 10000]
        .into_iter()
        .flat_map(|c| names_under(c, 6))
        .any(|own| {
            let own: Vec<char> = own.chars().collect();
            own != read
                && read.len() >= 2
                && ((own.len() > read.len() && own.ends_with(&read))
                    || (own.last() == read.last() && substitutions(&own, &read) == Some(1)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issuer_that_lost_the_first_character_of_the_number_s_county_is_near_it() {
        // 320324 is 睢宁县 (Jiangsu); 宁县 is a county too, in Gansu
        assert_eq!(check_issuer("宁县公安局"), IssuerCheck::Proven);
        assert!(issuer_nearly_names_region("宁县公安局", 320324));
        assert!(!issuer_nearly_names_region("睢宁县公安局", 320324));
        // one character substituted, the level kept
        assert!(issuer_nearly_names_region("睢字县公安局", 320324));
        // a bureau of an unrelated place is not near the region
        assert!(!issuer_nearly_names_region("盱眙县公安局", 320324));
    }

    #[test]
    fn a_county_bureau_of_a_real_county_is_proven() {
        assert_eq!(check_issuer("盱眙县公安局"), IssuerCheck::Proven);
        assert_eq!(check_issuer("北京市公安局朝阳分局"), IssuerCheck::Proven);
    }

    #[test]
    fn a_branch_name_one_character_off_a_district_of_its_city_is_repaired() {
        // 江干区 is a district of 杭州市 (until 2021); 千 is 干 misread
        assert_eq!(
            check_issuer("杭州市公安局江千分局"),
            IssuerCheck::Repaired("杭州市公安局江干分局".to_owned())
        );
    }

    #[test]
    fn a_county_name_one_character_off_exactly_one_county_is_repaired() {
        // 盱胎县 fits only 盱眙县
        assert_eq!(
            check_issuer("盱胎县公安局"),
            IssuerCheck::Repaired("盱眙县公安局".to_owned())
        );
    }

    #[test]
    fn a_place_that_fits_no_division_is_unverified() {
        assert_eq!(check_issuer("火星县公安局"), IssuerCheck::Unverified);
        assert_eq!(check_issuer("朝阳公安"), IssuerCheck::Unverified);
        assert_eq!(check_issuer("北京市公安局分局"), IssuerCheck::Unverified);
    }

    #[test]
    fn a_place_that_lost_a_character_is_repaired_only_when_one_division_fits() {
        // 盱眙县 without 眙: 盱县 is one edit from 沛县, 丰县… as well
        assert_eq!(check_issuer("盱县公安局"), IssuerCheck::Unverified);
        // 吉木萨尔县 without 吉
        assert_eq!(
            check_issuer("木萨尔县公安局"),
            IssuerCheck::Repaired("吉木萨尔县公安局".to_owned())
        );
        // 博乐市 without 乐: 博市 is one edit from 芒市 as well
        assert_eq!(check_issuer("博市公安局"), IssuerCheck::Unverified);
        // 庆云县 misread 节云县: 云县 (shorter) and 庆云县 both fit
        assert_eq!(check_issuer("节云县公安局"), IssuerCheck::Unverified);
    }

    #[test]
    fn no_repair_is_one_that_another_division_could_also_explain() {
        for read in ["任南县", "维西族自治县", "暨市", "里藏族自治县"] {
            assert_eq!(
                check_issuer(&format!("{read}公安局")),
                IssuerCheck::Unverified,
                "{read}"
            );
        }
    }

    #[test]
    fn across_the_table_no_repaired_place_has_a_second_explanation() {
        // every 40th division name, each character dropped in turn: a repair
        // is only ever to a name no other name rivals within its budget
        let mut names: Vec<&str> = division_names().collect();
        names.sort_unstable();
        let costs = EditCosts::default();
        for name in names.iter().step_by(40) {
            let chars: Vec<char> = name.chars().collect();
            for k in 0..chars.len() {
                let mut read = chars.clone();
                read.remove(k);
                let Some((fixed, true)) = resolve_place(&read.iter().collect::<String>(), false) else {
                    continue;
                };
                let rivals = BUREAUS
                    .iter()
                    .filter(|n| **n != fixed)
                    .filter(|n| {
                        let c: Vec<char> = n.chars().collect();
                        edit_distance(&read, &c, &costs) <= edit_budget(c.len())
                    })
                    .count();
                assert_eq!(rivals, 0, "{name} read without character {k} → {fixed}");
            }
        }
    }

    #[test]
    fn a_place_is_matched_only_against_divisions_that_fit_the_issuer_s_pattern() {
        // with branches: cities and municipalities
        assert!(BRANCHED_BUREAUS.contains(&"杭州市") && BRANCHED_BUREAUS.contains(&"北京市"));
        assert!(!BRANCHED_BUREAUS.contains(&"盱眙县") && !BRANCHED_BUREAUS.contains(&"江苏省"));
        // without: never a district or a province
        assert!(BUREAUS.contains(&"盱眙县") && BUREAUS.contains(&"北京市") && BUREAUS.contains(&"杭州市"));
        assert!(BUREAUS.iter().all(|n| !n.ends_with('区')) && !BUREAUS.contains(&"江苏省"));
    }

    #[test]
    fn with_the_front_s_number_a_place_it_names_is_repaired_over_rivals() {
        // 博乐市 (652701) read 博市: alone, 芒市 fits as well; the number says 博乐
        assert_eq!(check_issuer("博市公安局"), IssuerCheck::Unverified);
        assert_eq!(
            repair_issuer_with_region("博市公安局", 652701).as_deref(),
            Some("博乐市公安局")
        );
        // a number of elsewhere proves nothing
        assert_eq!(repair_issuer_with_region("博市公安局", 110105), None);
        // a real place is never replaced
        assert_eq!(repair_issuer_with_region("宁县公安局", 320324), None);
    }

    #[test]
    fn a_misread_place_is_not_taken_for_stray_characters() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(misread_name_fits(&chars("节云县")));
        assert!(!misread_name_fits(&chars("营常州市")));
    }

    #[test]
    fn a_place_one_character_off_several_divisions_is_not_guessed() {
        // 城区/郊区/矿区 all exist: a one-character fit is ambiguous for a two-character district
        assert_eq!(check_issuer("阳泉市公安局坡区分局"), IssuerCheck::Unverified);
    }

    #[test]
    fn the_region_of_a_number_is_recognised_in_the_issuer() {
        assert!(issuer_names_region("盱眙县公安局", 320830));
        assert!(issuer_names_region("淮安市公安局", 320830));
        assert!(!issuer_names_region("常州市公安局", 320830));
    }
}
