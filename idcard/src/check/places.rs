//! Place names in the address against the region table: the number's
//! region named, and a division name misread by one character corrected
//! to the one name the number's region gives.

use ocr_core::fuzzy::substitutions;

use crate::model::card::IdCard;
use crate::model::warning::{Warning, WarningCode};
use crate::number::region::Region;

/// Short forms of a division name: 江苏省 → 江苏, 新疆维吾尔自治区 → 新疆.
fn short_forms(name: &str) -> Vec<String> {
    let mut out = vec![name.to_owned()];
    for suffix in [
        "维吾尔自治区",
        "壮族自治区",
        "回族自治区",
        "自治区",
        "特别行政区",
        "省",
        "市",
    ] {
        if let Some(s) = name.strip_suffix(suffix)
            && s.chars().count() >= 2
        {
            out.push(s.to_owned());
        }
    }
    out
}

pub(crate) fn mentions_region(address: &str, region: &Region) -> bool {
    [
        region.province.as_deref(),
        region.prefecture.as_deref(),
        Some(region.name),
    ]
    .into_iter()
    .flatten()
    .flat_map(short_forms)
    .any(|n| address.contains(&n))
}

/// Corrects a division name misread by one character (盱胎县 → 盱眙县,
/// 平山具 → 平山县) or missing one (陵县 → 鄢陵县) to the name the number's
/// region gives.
///
/// The name must stand where the address puts it: right after the
/// enclosing division's name (the prefecture for a county, the province for
/// a prefecture), or at the start for the province. Without that anchor only
/// a substitution that keeps the name's last character (省/市/县/区…) is
/// accepted, and only when exactly one place in the address fits.
pub(crate) fn repair_division_names(text: &mut Vec<char>, region: &Region, card: &mut IdCard) {
    let names = [
        region.province.as_deref(),
        region.prefecture.as_deref(),
        Some(region.name),
    ];
    let mut anchor: Option<usize> = Some(0);
    for name in names.into_iter().flatten() {
        let name: Vec<char> = name.chars().collect();
        if let Some(p) = find(text, &name) {
            anchor = Some(p + name.len());
            continue;
        }
        let fixed = if name.len() < 3 {
            // a two-character name (盂县) only right after its prefecture, with
            // one substitution, and only when what was read is not a real
            // division of the same prefecture (the holder may live there)
            anchor.and_then(|at| two_char_fix_at(text, at, &name, region))
        } else {
            match anchor {
                Some(at) => edit_at(text, at, &name),
                None => None,
            }
            .or_else(|| substitution_anywhere(text, &name))
        };
        match fixed {
            Some((start, read_len)) => {
                text.splice(start..start + read_len, name.iter().copied());
                anchor = Some(start + name.len());
                card.warnings.push(Warning::new(
                    WarningCode::AddressRepaired,
                    format!(
                        "a {}-character division name in the address was one character off the ID number's region and was corrected",
                        name.len()
                    ),
                ));
            }
            None => anchor = None,
        }
    }
}

/// A two-character division name read with one character off at `at`,
/// unless the text there is the name of a division under the same
/// prefecture.
fn two_char_fix_at(text: &[char], at: usize, name: &[char], region: &Region) -> Option<(usize, usize)> {
    let w = text.get(at..at + name.len())?;
    if substitutions(w, name) != Some(1) {
        return None;
    }
    let read: String = w.iter().collect();
    let code: u32 = region.code.parse().ok()?;
    let siblings = crate::number::region::names_under(code, 4);
    (!siblings.contains(&read.as_str())).then_some((at, name.len()))
}

fn find(text: &[char], name: &[char]) -> Option<usize> {
    (name.len() <= text.len())
        .then(|| text.windows(name.len()).position(|w| w == name))
        .flatten()
}

/// At `at`: the name with one character substituted (same length), or with
/// one character missing (one shorter). Returns the start and the length read.
fn edit_at(text: &[char], at: usize, name: &[char]) -> Option<(usize, usize)> {
    let n = name.len();
    if let Some(w) = text.get(at..at + n)
        && substitutions(w, name) == Some(1)
    {
        return Some((at, n));
    }
    let w = text.get(at..at + n - 1)?;
    (0..n)
        .any(|skip| {
            name.iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, c)| c)
                .eq(w.iter())
        })
        .then_some((at, n - 1))
}

fn substitution_anywhere(text: &[char], name: &[char]) -> Option<(usize, usize)> {
    if text.len() < name.len() {
        return None;
    }
    let hits: Vec<usize> = (0..=text.len() - name.len())
        .filter(|&s| {
            let w = &text[s..s + name.len()];
            w.last() == name.last() && substitutions(w, name) == Some(1)
        })
        .collect();
    match hits[..] {
        [s] => Some((s, name.len())),
        _ => None,
    }
}
