//! Place names in the address against the region table: the divisions the
//! address begins with walked as a chain (province → prefecture → county),
//! a misread or lost name corrected only when the number's region is the
//! one division that fits, and whether the number's region is named.

use ocr_core::fuzzy::{EditCosts, NameMatch, REPAIR_MARGIN, match_name_at_start_with_priors};

use crate::model::card::IdCard;
use crate::model::warning::{Warning, WarningCode};
use chrono::Datelike;

use crate::number::IdNumber;
use crate::number::region::{Region, divisions_below};

/// A division's name and its short forms: 江苏省 → 江苏, 新疆维吾尔自治区 → 新疆,
/// 淮安市 → 淮安.
///
/// ```
/// assert!(idcard::check::short_forms("新疆维吾尔自治区").contains(&"新疆".to_string()));
/// assert_eq!(idcard::check::short_forms("淮安市"), ["淮安市", "淮安"]);
/// ```
pub fn short_forms(name: &str) -> Vec<String> {
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

/// Whether `address` names `region`: its province, prefecture or own name,
/// whole or short (江苏省 or 江苏).
///
/// ```
/// use idcard::number::Region;
/// let region = Region::lookup("320830").unwrap(); // 江苏省淮安市盱眙县
/// assert!(idcard::check::mentions_region("江苏省淮安市盱眙县太和街道", &region));
/// assert!(!idcard::check::mentions_region("安徽省合肥市蜀山区", &region));
/// ```
pub fn mentions_region(address: &str, region: &Region) -> bool {
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

/// How many stray characters (one or two) stand before a province's name
/// the address does not start with: the remains of the label (住址国江苏省…).
/// `None` when the address starts with a province, or no province follows.
pub(crate) fn stray_lead_before_province(text: &[char]) -> Option<usize> {
    let provinces = divisions_below(None, 0);
    let starts_with_province = |t: &[char]| {
        provinces
            .iter()
            .any(|(_, n)| t.starts_with(&n.chars().collect::<Vec<_>>()))
    };
    if starts_with_province(text) {
        return None;
    }
    (1..=2).find(|&p| text.len() > p && starts_with_province(&text[p..]))
}

/// The first year a card of this holder can have been issued in: the
/// second-generation card was first issued in 2004, and never before its
/// holder's birth.
pub(crate) fn issue_years_from(number: Option<&IdNumber>) -> u16 {
    let birth = number.map_or(0, |n| n.birth_date().year() as u16);
    birth.max(FIRST_ISSUE_YEAR)
}

/// The year the second-generation card (the one this crate reads) was
/// first issued.
const FIRST_ISSUE_YEAR: u16 = 2004;

/// What the address's first line's length says of its text: whether the
/// line holds a character more than was read (`Some(true)`), none
/// (`Some(false)`), or cannot tell (`None`), for the text's first `until`
/// characters (those read from that line).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LostCharacter {
    pub lost: Option<bool>,
    pub until: usize,
}

impl LostCharacter {
    fn at(self, pos: usize) -> Option<bool> {
        self.lost.filter(|_| pos < self.until)
    }
}

/// What walking the divisions at the start of an address found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DivisionChain {
    /// Province → prefecture → county, each named as the table names it
    /// (`repaired` of them were corrected to the number's region).
    Accounted {
        /// How many names were corrected.
        repaired: usize,
    },
    /// A link names no division below the one before it, or fits more than
    /// one, or fits one other than the number's: the address is kept as
    /// read from there on. The level that could not be accounted for.
    Unaccounted(&'static str),
}

/// Walks the divisions the address begins with — a province, then a
/// division below it, then one below that, as the region table has them
/// (a municipality's districts directly below it) — and corrects a misread
/// or lost name when it is proven: within its edit budget of exactly one
/// division below the last one read, every other clearly further, that
/// division on the chain of the number's region, and the name not shorter
/// than what was read ([`ocr_core::fuzzy::match_name_at_start_with_priors`]).
/// The number is evidence: a division off its chain counts one edit more. A name
/// read exactly is accepted wherever it lies (people move); a link that
/// cannot be accounted for stops the walk. Without the number's region
/// nothing is corrected. Only names still in use in `from_year` or later
/// count (a card prints the names of the years it was issued in). When a
/// character lost and one misread explain the text alike (长安建设路), `lost`
/// (the line's length) chooses, or the link is not accounted for.
pub(crate) fn walk_division_chain(
    text: &mut Vec<char>,
    region: Option<&Region>,
    from_year: u16,
    lost: LostCharacter,
) -> DivisionChain {
    let chain: Vec<u32> = region
        .and_then(|r| r.code.parse::<u32>().ok())
        .map(|c| vec![c / 10000 * 10000, c / 100 * 100, c])
        .unwrap_or_default();
    let mut pos = 0;
    let mut parent: Option<u32> = None;
    let mut repaired = 0;
    for level in ["province", "prefecture", "county"] {
        let below = divisions_below(parent, from_year);
        if below.is_empty() {
            break;
        }
        let code_of = |name: &str| {
            let codes: Vec<u32> = below.iter().filter(|(_, n)| *n == name).map(|(c, _)| *c).collect();
            codes
                .iter()
                .copied()
                .find(|c| chain.contains(c))
                .or(codes.first().copied())
        };
        // the number is evidence of where the holder lives: a division off
        // its chain is one edit dearer (an exact reading needs no evidence)
        let priors = below
            .iter()
            .map(|&(c, n)| (n, if chain.contains(&c) { 0.0 } else { REPAIR_MARGIN }));
        match match_name_at_start_with_priors(&text[pos..], priors, &EditCosts::default()) {
            NameMatch::Exact(name) => {
                pos += name.chars().count();
                parent = code_of(name);
            }
            NameMatch::Repaired { name, read, .. } if code_of(name).is_some_and(|c| chain.contains(&c)) => {
                text.splice(pos..pos + read, name.chars());
                pos += name.chars().count();
                parent = code_of(name);
                repaired += 1;
            }
            NameMatch::SpanUnproven { name, reads } if code_of(name).is_some_and(|c| chain.contains(&c)) => {
                // a character lost (the shortest span) or one misread (the
                // name's length): the line's length may tell
                let len = name.chars().count();
                let read = match lost.at(pos) {
                    Some(true) => reads.first().copied().filter(|&r| r < len),
                    Some(false) => reads.iter().copied().find(|&r| r == len),
                    None => next_link_decides(text, pos, &reads, code_of(name), from_year),
                };
                let Some(read) = read else {
                    return DivisionChain::Unaccounted(level);
                };
                text.splice(pos..pos + read, name.chars());
                pos += len;
                parent = code_of(name);
                repaired += 1;
            }
            _ => return DivisionChain::Unaccounted(level),
        }
        if parent.is_some_and(|c| c % 100 != 0) {
            break; // a county: the chain is complete
        }
    }
    DivisionChain::Accounted { repaired }
}

/// Which of the extents a division's name may stand for (`reads`: a
/// character lost, or one misread) is followed by a division below it read
/// exactly: 牡丹江阳明区 is 牡丹江 (市 lost) + 阳明区, not 牡丹江阳 (阳 read for
/// 市) + 明区. `None` when the division has none below it, or not exactly
/// one extent is so followed.
fn next_link_decides(text: &[char], pos: usize, reads: &[usize], parent: Option<u32>, from_year: u16) -> Option<usize> {
    let below = divisions_below(Some(parent?), from_year);
    let names: Vec<Vec<char>> = below.iter().map(|(_, n)| n.chars().collect()).collect();
    let fits: Vec<usize> = reads
        .iter()
        .copied()
        .filter(|&r| pos + r <= text.len() && names.iter().any(|n| n.len() >= 2 && text[pos + r..].starts_with(n)))
        .collect();
    match fits[..] {
        [one] => Some(one),
        _ => None,
    }
}

/// Walks the divisions `address` begins with (province → prefecture →
/// county, names in use in `from_year` or later) and corrects a misread or
/// lost name only when `region` (the division a code names, such as an ID
/// number's or a credit code's) is the one division that fits: returns the
/// address, corrected where proven, and what the walk found. See the ID
/// card's address check for the rule; any other document's address can be
/// held to it.
///
/// ```
/// use idcard::check::{DivisionChain, walk_address_chain};
/// use idcard::number::Region;
/// let region = Region::lookup("320830"); // 盱眙县
/// let (text, chain) = walk_address_chain("江苏省淮安市盱胎县太和街道", region.as_ref(), 2010);
/// assert_eq!((text.as_str(), chain), ("江苏省淮安市盱眙县太和街道", DivisionChain::Accounted { repaired: 1 }));
/// let (_, chain) = walk_address_chain("太和街道", region.as_ref(), 2010);
/// assert_eq!(chain, DivisionChain::Unaccounted("province"));
/// ```
pub fn walk_address_chain(address: &str, region: Option<&Region>, from_year: u16) -> (String, DivisionChain) {
    let mut text: Vec<char> = address.chars().collect();
    let chain = walk_division_chain(&mut text, region, from_year, LostCharacter::default());
    (text.into_iter().collect(), chain)
}

/// Walks the address's division chain ([`walk_division_chain`]) and says
/// what it found: `address_repaired` (info) for corrected names,
/// `address_unverified` (review) for a link not accounted for.
pub(crate) fn check_division_chain(
    text: &mut Vec<char>,
    number: Option<&IdNumber>,
    lost: LostCharacter,
    card: &mut IdCard,
) {
    let region = number.and_then(IdNumber::region);
    match walk_division_chain(text, region.as_ref(), issue_years_from(number), lost) {
        DivisionChain::Accounted { repaired: 0 } => {}
        DivisionChain::Accounted { repaired } => {
            let names = if repaired == 1 {
                "a division name at the start of the address was".to_owned()
            } else {
                format!("{repaired} division names at the start of the address were")
            };
            card.warnings.push(Warning::new(
                WarningCode::AddressRepaired,
                format!("{names} misread and corrected to the ID number's region, the only division that fits"),
            ))
        }
        DivisionChain::Unaccounted(level) => card.warnings.push(Warning::new(
            WarningCode::AddressUnverified,
            format!(
                "the address's {level} is not a division of the region table below the one before it, and no single division (of the ID number's region) is clearly the one misread"
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(read: &str, code: &str) -> (String, DivisionChain) {
        let mut text: Vec<char> = read.chars().collect();
        let region = Region::lookup(code);
        let outcome = walk_division_chain(&mut text, region.as_ref(), 2004, LostCharacter::default());
        (text.into_iter().collect(), outcome)
    }

    #[test]
    fn an_address_naming_its_chain_is_accounted_for() {
        // a prefecture-level city without counties ends the chain
        assert_eq!(
            walk("甘肃省嘉峪关市向阳巷215号", "620200").1,
            DivisionChain::Accounted { repaired: 0 }
        );
        assert_eq!(
            walk("江苏省淮安市盱眙县建国路1号", "320830"),
            (
                "江苏省淮安市盱眙县建国路1号".into(),
                DivisionChain::Accounted { repaired: 0 }
            )
        );
        // a municipality's district lies directly below it
        assert_eq!(
            walk("北京市海淀区和平街54号", "110108").1,
            DivisionChain::Accounted { repaired: 0 }
        );
        // elsewhere than the number's region, but a real chain: people move
        assert_eq!(
            walk("江苏省淮安市盱眙县建国路1号", "110108").1,
            DivisionChain::Accounted { repaired: 0 }
        );
    }

    #[test]
    fn a_lost_or_misread_link_is_corrected_to_the_number_s_region_when_it_alone_fits() {
        // 盱眙县 misread
        assert_eq!(
            walk("江苏省淮安市盱胎县建国路1号", "320830").0,
            "江苏省淮安市盱眙县建国路1号"
        );
        // 北京市 lost its first character
        assert_eq!(walk("京市海淀区和平街54号", "110108").0, "北京市海淀区和平街54号");
        // 市中区 lost a 市 to its prefecture
        assert_eq!(
            walk("山东省济南市中区幸福路1号", "370103").0,
            "山东省济南市市中区幸福路1号"
        );
    }

    #[test]
    fn the_number_s_division_wins_over_a_sibling_only_by_a_clear_margin() {
        // 涞源县 lost 涞: 易县, 雄县… are one substitution away but off the
        // number's chain, so one edit dearer
        assert_eq!(walk("河北省保定市源县青山镇", "130630").0, "河北省保定市涞源县青山镇");
        // 弋江区 misread 代江区: 鸠江区 is one substitution away as well
        assert_eq!(
            walk("安徽省芜湖市代江区黄河路1号", "340203").0,
            "安徽省芜湖市弋江区黄河路1号"
        );
    }

    #[test]
    fn a_link_that_fits_several_divisions_alike_is_unaccounted_for() {
        // 郊区 read as 区 with a number of another prefecture: 长治市's
        // 城区 and 郊区 fit alike, neither on the number's chain
        let (text, outcome) = walk("山西省长治市区青年里305号", "140202");
        assert_eq!(text, "山西省长治市区青年里305号");
        assert_eq!(outcome, DivisionChain::Unaccounted("county"));
    }

    #[test]
    fn a_misread_link_that_fits_another_region_only_is_not_corrected() {
        // 盱胎县 fits 盱眙县 alone, but the number says 淮安市清河区
        let (text, outcome) = walk("江苏省淮安市盱胎县建国路1号", "320802");
        assert_eq!(text, "江苏省淮安市盱胎县建国路1号");
        assert_eq!(outcome, DivisionChain::Unaccounted("county"));
    }

    #[test]
    fn across_the_table_a_repair_only_ever_restores_the_number_s_own_names() {
        // every 25th county code, each character of its chain's names
        // dropped in turn: a corrected address is the address printed
        let codes: Vec<u32> = divisions_below(None, 2004)
            .into_iter()
            .flat_map(|(p, _)| divisions_below(Some(p), 2004))
            .flat_map(|(f, _)| divisions_below(Some(f), 2004))
            .map(|(c, _)| c)
            .step_by(25)
            .collect();
        assert!(codes.len() > 50);
        for code in codes {
            let Some(region) = Region::lookup(&code.to_string()) else {
                continue;
            };
            let printed: String = [
                region.province.clone(),
                region.prefecture.clone(),
                Some(region.name.to_owned()),
            ]
            .into_iter()
            .flatten()
            .collect::<String>()
                + "建设路1号";
            let chars: Vec<char> = printed.chars().collect();
            for k in 0..chars.len() - 5 {
                let mut read = chars.clone();
                read.remove(k);
                let mut text = read.clone();
                if let DivisionChain::Accounted { repaired } =
                    walk_division_chain(&mut text, Some(&region), 2004, LostCharacter::default())
                    && repaired > 0
                {
                    assert_eq!(text, chars, "{code}: {}", read.iter().collect::<String>());
                }
            }
        }
    }

    #[test]
    fn a_lost_or_misread_level_character_is_told_by_the_line_s_length() {
        let walk_with = |read: &str, lost: Option<bool>| {
            let mut text: Vec<char> = read.chars().collect();
            let region = Region::lookup("130102");
            let lost = LostCharacter { lost, until: 100 };
            let outcome = walk_division_chain(&mut text, region.as_ref(), 2004, lost);
            (text.into_iter().collect::<String>(), outcome)
        };
        // 长安区建设路 read 长安建设路
        assert_eq!(
            walk_with("河北省石家庄市长安建设路1号", Some(true)).0,
            "河北省石家庄市长安区建设路1号"
        );
        // 长安区设路 read 长安建设路 (区 read as 建)
        assert_eq!(
            walk_with("河北省石家庄市长安建设路1号", Some(false)).0,
            "河北省石家庄市长安区设路1号"
        );
        // the line's length cannot tell
        assert_eq!(
            walk_with("河北省石家庄市长安建设路1号", None).1,
            DivisionChain::Unaccounted("county")
        );
    }

    #[test]
    fn a_lost_level_character_is_told_by_the_division_read_after_it() {
        // 石家庄市长安区: 市 lost before 长安区, no line length to tell
        let mut text: Vec<char> = "河北省石家庄长安区建设路1号".chars().collect();
        let region = Region::lookup("130102");
        let outcome = walk_division_chain(&mut text, region.as_ref(), 2004, LostCharacter::default());
        assert_eq!(text.iter().collect::<String>(), "河北省石家庄市长安区建设路1号");
        assert_eq!(outcome, DivisionChain::Accounted { repaired: 1 });
        // 市 read as 长: then 安区 follows, no division: the lost reading alone fits
        let mut text: Vec<char> = "河北省石家庄长安区建设路1号".chars().collect();
        let reads = [3, 4];
        assert_eq!(next_link_decides(&text, 3, &reads, Some(130100), 2004), Some(3));
        // the last level (a county) has none below it: nothing decides
        text = "河北省石家庄市长安建设路1号".chars().collect();
        assert_eq!(next_link_decides(&text, 7, &[2, 3], Some(130102), 2004), None);
    }

    #[test]
    fn stray_characters_are_cut_only_before_a_province_read_whole() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(stray_lead_before_province(&chars("国江苏省淮安市")), Some(1));
        assert_eq!(stray_lead_before_province(&chars("址:江苏省淮安市")), Some(2));
        assert_eq!(stray_lead_before_province(&chars("江苏省淮安市")), None);
        // 北京市 lost its first character: nothing is cut (the chain walk repairs it)
        assert_eq!(stray_lead_before_province(&chars("京市海淀区")), None);
    }

    #[test]
    fn an_address_that_names_no_division_chain_is_for_review() {
        use crate::{CardStatus, ParseOptions, WarningCode, parse};
        use ocr_core::{Quad, TextLine};
        let row = |t: &str, y: f64| TextLine::new(t, 99.0).with_polygon(Quad::from_rect(0.0, y, 400.0, 30.0));
        let front = |address: &str| {
            parse(
                &[
                    row("姓名张三", 0.0),
                    row(&format!("住址{address}"), 50.0),
                    row("公民身份号码320830194912310031", 100.0),
                ],
                &ParseOptions::default(),
            )
        };
        let right = front("江苏省淮安市盱眙县建国路1号");
        assert!(
            !right.has_warning(WarningCode::AddressUnverified),
            "{:?}",
            right.warnings
        );
        // the county garbled past proof
        let garbled = front("江苏省淮安市火星路1号");
        assert!(
            garbled.has_warning(WarningCode::AddressUnverified),
            "{:?}",
            garbled.warnings
        );
        assert_eq!(garbled.status(), CardStatus::Review);
    }

    #[test]
    fn without_the_number_s_region_nothing_is_corrected() {
        assert_eq!(
            walk("江苏省淮安市盱胎县建国路1号", "999999").1,
            DivisionChain::Unaccounted("county")
        );
    }
}
