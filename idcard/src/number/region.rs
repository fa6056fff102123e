//! GB/T 2260 administrative divisions: the first six digits of an ID number.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;

const TABLE: &str = include_str!("../../data/regions-gb2260.tsv");

/// One name a code had, and the years it was in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionPeriod {
    /// The division's name in that period.
    pub name: &'static str,
    /// First year in use.
    pub start_year: u16,
    /// Last year in use; `None` while still in use (as of the table's 2020 end).
    pub end_year: Option<u16>,
}

/// The level of a division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    /// 省级: province, autonomous region, municipality, SAR.
    Province,
    /// 地级: prefecture-level city, prefecture, league.
    Prefecture,
    /// 县级: county, district, county-level city, banner.
    County,
}

/// A resolved region code: the division and the names of the province and
/// prefecture it lies in.
///
/// # Examples
///
/// ```
/// use idcard::number::Region;
/// let r = Region::lookup("320830").unwrap();
/// assert_eq!(r.name, "盱眙县");
/// assert_eq!(r.province.as_deref(), Some("江苏省"));
/// assert_eq!(r.prefecture.as_deref(), Some("淮安市"));
/// assert!(r.in_use);
/// let old = Region::lookup("110103").unwrap();
/// assert_eq!((old.name, old.in_use), ("崇文区", false));
/// assert!(Region::lookup("999999").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    /// The six-digit code.
    pub code: String,
    /// The division's latest name.
    pub name: &'static str,
    /// Its level.
    pub level: RegionLevel,
    /// The province's name (latest), when known.
    pub province: Option<String>,
    /// The prefecture's name (latest), for county-level codes whose
    /// prefecture is in the table.
    pub prefecture: Option<String>,
    /// Whether the code was still in use at the table's end (2020).
    pub in_use: bool,
    /// Every name the code had, oldest first.
    pub periods: Vec<RegionPeriod>,
}

struct Table {
    by_code: HashMap<u32, Vec<(RegionPeriod, RegionLevel)>>,
    /// Every code, ascending: the divisions under a prefix are one range.
    codes: Vec<u32>,
    /// Every name any code bore, with those codes.
    by_name: HashMap<&'static str, Vec<u32>>,
}

static REGIONS: LazyLock<Table> = LazyLock::new(|| {
    let mut by_code: HashMap<u32, Vec<(RegionPeriod, RegionLevel)>> = HashMap::with_capacity(7000);
    for line in TABLE.lines().skip(1) {
        let cols: Vec<&'static str> = line.split('\t').collect();
        let [code, name, start, end, level] = cols[..] else {
            continue;
        };
        let (Ok(code), Ok(start)) = (code.parse::<u32>(), start.parse::<u16>()) else {
            continue;
        };
        let level = match level {
            "province" => RegionLevel::Province,
            "prefecture" => RegionLevel::Prefecture,
            _ => RegionLevel::County,
        };
        let period = RegionPeriod {
            name,
            start_year: start,
            end_year: end.parse().ok(),
        };
        by_code.entry(code).or_default().push((period, level));
    }
    for periods in by_code.values_mut() {
        periods.sort_by_key(|(p, _)| p.start_year);
    }
    let mut codes: Vec<u32> = by_code.keys().copied().collect();
    codes.sort_unstable();
    let mut by_name: HashMap<&'static str, Vec<u32>> = HashMap::new();
    for &code in &codes {
        for (p, _) in &by_code[&code] {
            let entry = by_name.entry(p.name).or_default();
            if entry.last() != Some(&code) {
                entry.push(code);
            }
        }
    }
    Table {
        by_code,
        codes,
        by_name,
    }
});

static NAMES: LazyLock<std::collections::HashSet<&'static str>> = LazyLock::new(|| {
    REGIONS
        .by_code
        .values()
        .flat_map(|periods| periods.iter().map(|(p, _)| p.name))
        .filter(|n| n.chars().count() >= 2)
        .collect()
});

/// The length in characters of the longest division name (any code, any
/// period) that `text` starts with.
/// Every name (all periods) of the divisions whose code starts with the
/// same `digits` leading digits as `code` (4: the prefecture's divisions,
/// 2: the province's).
pub(crate) fn names_under(code: u32, digits: u32) -> Vec<&'static str> {
    let scale = 10u32.pow(6 - digits);
    let first = code / scale * scale;
    let start = REGIONS.codes.partition_point(|&c| c < first);
    let end = REGIONS.codes.partition_point(|&c| c < first + scale);
    REGIONS.codes[start..end]
        .iter()
        .flat_map(|c| REGIONS.by_code[c].iter().map(|(p, _)| p.name))
        .collect()
}

/// The codes that ever bore `name`.
pub(crate) fn codes_named(name: &str) -> Vec<u32> {
    REGIONS.by_name.get(name).cloned().unwrap_or_default()
}

/// Whether `name` is (or was) the name of a division.
pub(crate) fn is_division_name(name: &str) -> bool {
    NAMES.contains(name)
}

/// Every name (any period) of the divisions that pass `keep` (given the
/// code and its level).
pub(crate) fn division_names_where(keep: impl Fn(u32, RegionLevel) -> bool) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = REGIONS
        .by_code
        .iter()
        .filter(|(code, periods)| periods.last().is_some_and(|(_, level)| keep(**code, *level)))
        .flat_map(|(_, periods)| periods.iter().map(|(p, _)| p.name))
        .filter(|n| n.chars().count() >= 2)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// Every division name (two characters or more, any period).
pub(crate) fn division_names() -> impl Iterator<Item = &'static str> {
    NAMES.iter().copied()
}

pub(crate) fn division_prefix_len(text: &[char]) -> Option<usize> {
    let mut buf = String::new();
    let mut best = None;
    for (i, c) in text.iter().take(12).enumerate() {
        buf.push(*c);
        if NAMES.contains(buf.as_str()) {
            best = Some(i + 1);
        }
    }
    best
}

/// The divisions one step below `parent` in an address (`None`: the
/// provinces), each code with every name it bore in a period that had not
/// ended before `from_year`. Below a province: its
/// prefectures, and the counties under no prefecture of the table (a
/// municipality's districts, a province's directly administered cities).
/// Below a prefecture: its counties. Below a county: none.
pub(crate) fn divisions_below(parent: Option<u32>, from_year: u16) -> Vec<(u32, &'static str)> {
    let level_of = |c: u32| REGIONS.by_code[&c].last().map(|(_, l)| *l);
    let range = |first: u32, scale: u32| {
        let start = REGIONS.codes.partition_point(|&c| c < first);
        let end = REGIONS.codes.partition_point(|&c| c < first + scale);
        &REGIONS.codes[start..end]
    };
    let codes: Vec<u32> = match parent {
        None => REGIONS
            .codes
            .iter()
            .copied()
            .filter(|&c| level_of(c) == Some(RegionLevel::Province))
            .collect(),
        Some(p) => match level_of(p) {
            Some(RegionLevel::Province) => range(p, 10000)
                .iter()
                .copied()
                .filter(|&c| match level_of(c) {
                    Some(RegionLevel::Prefecture) => true,
                    Some(RegionLevel::County) => !REGIONS.by_code.contains_key(&(c / 100 * 100)),
                    _ => false,
                })
                .collect(),
            Some(RegionLevel::Prefecture) => range(p, 100)
                .iter()
                .copied()
                .filter(|&c| c != p && level_of(c) == Some(RegionLevel::County))
                .collect(),
            _ => Vec::new(),
        },
    };
    codes
        .into_iter()
        .flat_map(|c| {
            let mut names: Vec<&'static str> = REGIONS.by_code[&c]
                .iter()
                .filter(|(p, _)| p.end_year.is_none_or(|end| end >= from_year))
                .map(|(p, _)| p.name)
                .collect();
            names.dedup();
            names.into_iter().map(move |n| (c, n))
        })
        .collect()
}

fn latest_name(code: u32) -> Option<&'static str> {
    REGIONS.by_code.get(&code).and_then(|p| p.last()).map(|(p, _)| p.name)
}

impl Region {
    /// Looks up a six-digit code. `xxxx01` (市辖区, absent from the table)
    /// resolves when its prefecture `xxxx00` exists.
    pub fn lookup(code: &str) -> Option<Region> {
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u32 = code.parse().ok()?;
        let province_code = n / 10000 * 10000;
        let prefecture_code = n / 100 * 100;
        let (name, level, in_use, periods) = match REGIONS.by_code.get(&n) {
            Some(periods) => {
                let (last, level) = periods.last()?;
                (
                    last.name,
                    *level,
                    last.end_year.is_none(),
                    periods.iter().map(|(p, _)| p.clone()).collect(),
                )
            }
            None if n % 100 == 1 && REGIONS.by_code.contains_key(&prefecture_code) => {
                ("市辖区", RegionLevel::County, true, Vec::new())
            }
            None => return None,
        };
        let province = (level != RegionLevel::Province)
            .then(|| latest_name(province_code))
            .flatten();
        let prefecture = (level == RegionLevel::County)
            .then(|| latest_name(prefecture_code))
            .flatten();
        Some(Region {
            code: code.to_owned(),
            name,
            level,
            province: province.map(str::to_owned),
            prefecture: prefecture.map(str::to_owned),
            in_use,
            periods,
        })
    }

    /// Whether [`Region::lookup`] would resolve `code`, without building the result.
    pub fn exists(code: &str) -> bool {
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        let Ok(n) = code.parse::<u32>() else { return false };
        REGIONS.by_code.contains_key(&n) || (n % 100 == 1 && REGIONS.by_code.contains_key(&(n / 100 * 100)))
    }

    /// Whether `name` is, or was in any year of the table, the full name of
    /// a division (two characters or more).
    ///
    /// ```
    /// use idcard::number::Region;
    /// assert!(Region::name_exists("盱眙县"));
    /// assert!(Region::name_exists("户县")); // renamed 鄠邑区 in 2016
    /// assert!(!Region::name_exists("盱胎县"));
    /// ```
    pub fn name_exists(name: &str) -> bool {
        is_division_name(name)
    }

    /// Every division name of the table (any year, two characters or
    /// more), in no particular order.
    ///
    /// ```
    /// use idcard::number::Region;
    /// assert!(Region::names().any(|n| n == "朝阳区"));
    /// ```
    pub fn names() -> impl Iterator<Item = &'static str> {
        division_names()
    }

    /// Whether a province code (`AB0000`) exists.
    pub fn province_exists(code2: &str) -> bool {
        code2
            .parse::<u32>()
            .ok()
            .is_some_and(|p| p < 100 && REGIONS.by_code.contains_key(&(p * 10000)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn division_prefix_is_a_whole_division_name_at_the_start() {
        let text: Vec<char> = "常州市公安局".chars().collect();
        assert_eq!(division_prefix_len(&text), Some(3));
        let text: Vec<char> = "营常州市公安局".chars().collect();
        assert_eq!(division_prefix_len(&text), None);
    }
}
