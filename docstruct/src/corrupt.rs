//! Corruptions of an OCR response that a careful reader can catch, for
//! `docstruct score --corrupt`.
//!
//! Each [`Corruption`] changes the text (or the line split) of one field
//! the way a recognizer or detector gets it wrong, keeping the detected
//! boxes as they were: a character lost or substituted in a place name,
//! the name's last character lost, an ID-number digit read as a look-alike,
//! a date changed, a line split in two, two lines read as one, a label
//! lost, the address's last characters wrapped onto a line of their own.
//! The truth file says where the field is (its text); the corruption is
//! drawn from a seeded generator, so a run is repeatable and nothing is
//! stored per card. A corruption that would yield another real place name
//! or ethnicity is not made: no reader could catch it.

use std::collections::HashSet;
use std::sync::LazyLock;

use idcard::check::is_official_ethnicity;
use idcard::number::Region;
use ocr_core::{Point, Quad, TextLine};
use serde_json::Value;

/// A kind of corruption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Corruption {
    /// The name's last character lost; its line's box unchanged.
    NameLastLost,
    /// A character dropped from the issuer's place names.
    IssuerPlaceDropped,
    /// A character of the issuer's place names substituted.
    IssuerPlaceSubstituted,
    /// A character dropped from a division name in the address.
    AddressPlaceDropped,
    /// A character of a division name in the address substituted.
    AddressPlaceSubstituted,
    /// A character of the ethnicity substituted.
    EthnicitySubstituted,
    /// One ID-number digit read as a look-alike digit.
    NumberDigit,
    /// The birth day changed.
    BirthDay,
    /// A year of a dated validity period changed (a start before 长期 is
    /// left: on a back alone nothing tells it).
    ValidityYear,
    /// A line of the address split in two at a character boundary.
    LineSplit,
    /// Two lines of one row read as one line.
    LinesMerged,
    /// A line's leading label lost; its box unchanged.
    LabelLost,
    /// The address's last one or two characters on a line of their own.
    AddressTailWrapped,
    /// The address's last character lost; its line's box unchanged.
    AddressLastLost,
}

impl Corruption {
    /// Every kind, in report order.
    pub(crate) const ALL: [Corruption; 14] = [
        Corruption::NameLastLost,
        Corruption::IssuerPlaceDropped,
        Corruption::IssuerPlaceSubstituted,
        Corruption::AddressPlaceDropped,
        Corruption::AddressPlaceSubstituted,
        Corruption::EthnicitySubstituted,
        Corruption::NumberDigit,
        Corruption::BirthDay,
        Corruption::ValidityYear,
        Corruption::LineSplit,
        Corruption::LinesMerged,
        Corruption::LabelLost,
        Corruption::AddressTailWrapped,
        Corruption::AddressLastLost,
    ];

    /// The kind's name in reports.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Corruption::NameLastLost => "name_last_lost",
            Corruption::IssuerPlaceDropped => "issuer_place_dropped",
            Corruption::IssuerPlaceSubstituted => "issuer_place_substituted",
            Corruption::AddressPlaceDropped => "address_place_dropped",
            Corruption::AddressPlaceSubstituted => "address_place_substituted",
            Corruption::EthnicitySubstituted => "ethnicity_substituted",
            Corruption::NumberDigit => "number_digit",
            Corruption::BirthDay => "birth_day",
            Corruption::ValidityYear => "validity_year",
            Corruption::LineSplit => "line_split",
            Corruption::LinesMerged => "lines_merged",
            Corruption::LabelLost => "label_lost",
            Corruption::AddressTailWrapped => "address_tail_wrapped",
            Corruption::AddressLastLost => "address_last_lost",
        }
    }

    /// Whether the kind corrupts a place name (the "provable" set).
    pub(crate) fn is_place_name(self) -> bool {
        matches!(
            self,
            Corruption::IssuerPlaceDropped
                | Corruption::IssuerPlaceSubstituted
                | Corruption::AddressPlaceDropped
                | Corruption::AddressPlaceSubstituted
        )
    }

    /// Whether the kind moves or divides boxes (done on upright photos
    /// only; see [`Corruption::apply`]).
    pub(crate) fn is_geometric(self) -> bool {
        matches!(
            self,
            Corruption::LineSplit | Corruption::LinesMerged | Corruption::AddressTailWrapped
        )
    }

    /// The corrupted lines, or `None` when the card holds nothing this kind
    /// can corrupt (a back has no name; a field not found as printed; a
    /// geometric kind on a photo turned by 90°, 180° or 270°, whose boxes
    /// keep the detector's corner order).
    pub(crate) fn apply(self, lines: &[TextLine], truth: &Value, rng: &mut SplitMix) -> Option<Vec<TextLine>> {
        let text = |k: &str| truth[k].as_str().filter(|s| !s.is_empty());
        if self.is_geometric() && truth["augmentation"]["base_rotation_deg"].as_f64().unwrap_or(0.0) != 0.0 {
            // a turned card's boxes keep the detector's corner order, not the
            // text's: splitting or moving them needs the text's direction
            return None;
        }
        match self {
            Corruption::NameLastLost => {
                let name = text("name")?;
                let (i, at) = find_in_lines(lines, name)?;
                let last = at + name.chars().count() - 1;
                Some(edit_line(lines, i, last, 1, ""))
            }
            Corruption::IssuerPlaceDropped | Corruption::IssuerPlaceSubstituted => {
                let issuer = text("issuer")?;
                let (i, at) = find_in_lines(lines, issuer)?;
                let places = issuer_places(issuer);
                let drop = self == Corruption::IssuerPlaceDropped;
                corrupt_place(lines, i, at, &places, drop, true, rng)
            }
            Corruption::AddressPlaceDropped | Corruption::AddressPlaceSubstituted => {
                let address = text("address")?;
                let region = &truth["full_record"]["region"];
                let places: Vec<(usize, usize)> = ["province", "city", "county"]
                    .iter()
                    .filter_map(|k| region[k].as_str().filter(|n| n.chars().count() >= 2))
                    .filter_map(|name| {
                        let start = char_find(address, name)?;
                        Some((start, name.chars().count()))
                    })
                    .collect();
                // the places as they stand on one OCR line
                let mut on_lines = Vec::new();
                for &(start, len) in &places {
                    let name: String = address.chars().skip(start).take(len).collect();
                    if let Some((i, at)) = find_in_lines(lines, &name) {
                        on_lines.push((i, at, len));
                    }
                }
                let &(i, at, len) = pick(&on_lines, rng)?;
                let drop = self == Corruption::AddressPlaceDropped;
                corrupt_place(lines, i, 0, &[(at, len)], drop, false, rng)
            }
            Corruption::EthnicitySubstituted => {
                let ethnicity = text("ethnicity")?;
                let labelled = format!("民族{ethnicity}");
                let (i, at) = match find_in_lines(lines, &labelled) {
                    Some((i, at)) => (i, at + 2),
                    None => {
                        let i = lines.iter().position(|l| l.text.trim() == ethnicity)?;
                        (i, lines[i].text.chars().position(|c| !c.is_whitespace())?)
                    }
                };
                let len = ethnicity.chars().count();
                for _ in 0..20 {
                    let k = rng.below(len);
                    let c = PLACE_CHARS[rng.below(PLACE_CHARS.len())];
                    let mut v: Vec<char> = ethnicity.chars().collect();
                    if v[k] == c {
                        continue;
                    }
                    v[k] = c;
                    let read: String = v.iter().collect();
                    if !is_official_ethnicity(&read) {
                        return Some(edit_line(lines, i, at + k, 1, &c.to_string()));
                    }
                }
                None
            }
            Corruption::NumberDigit => {
                let number = text("id_number")?;
                let (i, at) = find_in_lines(lines, number)?;
                let digits: Vec<char> = number.chars().collect();
                let k = rng.below(digits.len());
                let options = look_alike_digits(digits[k]);
                let &c = pick(options, rng)?;
                Some(edit_line(lines, i, at + k, 1, &c.to_string()))
            }
            Corruption::BirthDay => {
                let birth = text("birth")?;
                let (year, month, day) = date_parts(birth)?;
                let printed = format!("{year}年{month}月{day}日");
                let (i, at) = find_in_lines(lines, &printed)?;
                let other = loop {
                    let d = 1 + rng.below(28) as u32;
                    if d != day {
                        break d;
                    }
                };
                let day_at = at + format!("{year}年{month}月").chars().count();
                Some(edit_line(lines, i, day_at, day.to_string().len(), &other.to_string()))
            }
            Corruption::ValidityYear => {
                // a dated span (5, 10 or 20 years) tells a changed year; a
                // start before 长期 on a back alone does not
                let from = text("valid_from")?;
                let to = text("valid_to").filter(|t| *t != "长期")?;
                let dotted = |d: &str| d.replace('-', ".");
                let targets: Vec<(usize, usize)> = [from, to]
                    .iter()
                    .filter_map(|d| find_in_lines(lines, &dotted(d)))
                    .collect();
                let &(i, at) = pick(&targets, rng)?;
                let year: String = lines[i].text.chars().skip(at).take(4).collect();
                let year: i32 = year.parse().ok()?;
                let shift = [-3, -2, -1, 1, 2, 3][rng.below(6)];
                Some(edit_line(lines, i, at, 4, &(year + shift).to_string()))
            }
            Corruption::LineSplit => {
                let address = text("address")?;
                let mut candidates = Vec::new();
                for (i, line) in lines.iter().enumerate() {
                    let chars: Vec<char> = line.text.chars().collect();
                    let in_address = chars.iter().filter(|c| address.contains(**c)).count();
                    if in_address >= 6 && line.polygon.is_some() {
                        candidates.push(i);
                    }
                }
                let &i = pick(&candidates, rng)?;
                let n = lines[i].text.chars().count();
                let cut = 2 + rng.below(n - 3);
                Some(split_line(lines, i, cut))
            }
            Corruption::LinesMerged => {
                let pairs = same_row_pairs(lines);
                let &(a, b) = pick(&pairs, rng)?;
                Some(merge_lines(lines, a, b))
            }
            Corruption::LabelLost => {
                let mut labelled = Vec::new();
                for (i, line) in lines.iter().enumerate() {
                    let t = line.text.trim_start();
                    let skipped = line.text.chars().count() - t.chars().count();
                    for label in LABELS {
                        let n = label.chars().count();
                        if t.starts_with(label) && t.chars().count() > n {
                            labelled.push((i, skipped, n));
                        }
                    }
                }
                let &(i, at, n) = pick(&labelled, rng)?;
                Some(edit_line(lines, i, at, n, ""))
            }
            Corruption::AddressLastLost => {
                let address = text("address")?;
                let last = truth["address_lines"].as_array()?.last()?.as_str()?;
                let (i, at) = find_in_lines(lines, last)?;
                address.ends_with(last).then_some(())?;
                Some(edit_line(lines, i, at + last.chars().count() - 1, 1, ""))
            }
            Corruption::AddressTailWrapped => {
                let wrapped: Vec<&str> = truth["address_lines"]
                    .as_array()?
                    .iter()
                    .filter_map(Value::as_str)
                    .collect();
                let last = *wrapped.last()?;
                let (i, at) = find_in_lines(lines, last)?;
                let end = at + last.chars().count();
                (end == lines[i].text.trim_end().chars().count() && last.chars().count() >= 4).then_some(())?;
                let tail = 1 + rng.below(2);
                Some(wrap_tail(lines, i, end - tail, at))
            }
        }
    }
}

const LABELS: [&str; 8] = [
    "姓名",
    "性别",
    "民族",
    "出生",
    "住址",
    "公民身份号码",
    "签发机关",
    "有效期限",
];

/// Characters of division names: the substitutes a misread place name
/// plausibly holds.
static PLACE_CHARS: LazyLock<Vec<char>> = LazyLock::new(|| {
    let set: HashSet<char> = Region::names().flat_map(str::chars).collect();
    let mut chars: Vec<char> = set.into_iter().collect();
    chars.sort_unstable();
    chars
});

/// Digits a recognizer confuses with `d`.
fn look_alike_digits(d: char) -> &'static [char] {
    match d {
        '0' => &['8', '6', '9'],
        '1' => &['7', '4'],
        '2' => &['7', '3'],
        '3' => &['8', '5', '2'],
        '4' => &['1', '9'],
        '5' => &['6', '3', '8'],
        '6' => &['5', '8', '0'],
        '7' => &['1', '2'],
        '8' => &['3', '0', '6', '9'],
        '9' => &['8', '0', '4'],
        _ => &[],
    }
}

/// Year, month and day of an ISO date, month and day without zeros.
fn date_parts(iso: &str) -> Option<(u32, u32, u32)> {
    let mut it = iso.split('-').map(|p| p.parse::<u32>().ok());
    Some((it.next()??, it.next()??, it.next()??))
}

/// The issuer's place names as (start, length) in characters: the place
/// before 公安局 and a branch's short name before 分局.
fn issuer_places(issuer: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = issuer.chars().collect();
    let Some(bureau) = char_find(issuer, "公安局") else {
        return Vec::new();
    };
    let mut out = vec![(0, bureau)];
    let branch_start = bureau + 3;
    if let Some(end) = char_find(issuer, "分局").filter(|&e| e > branch_start) {
        out.push((branch_start, end - branch_start));
    }
    out.retain(|&(s, n)| n >= 2 && s + n <= chars.len());
    out
}

/// Drops or substitutes one character of one of `places` (char offsets
/// from `at` on line `i`), so that the place is no real division name
/// (with `short_forms`, no real name with 区, 县 or 市 added either: an
/// issuer's branch is printed without them).
fn corrupt_place(
    lines: &[TextLine],
    i: usize,
    at: usize,
    places: &[(usize, usize)],
    drop: bool,
    short_forms: bool,
    rng: &mut SplitMix,
) -> Option<Vec<TextLine>> {
    let line: Vec<char> = lines[i].text.chars().collect();
    for _ in 0..20 {
        let &(start, len) = pick(places, rng)?;
        let k = rng.below(len);
        let name: Vec<char> = line.get(at + start..at + start + len)?.to_vec();
        let mut read = name.clone();
        let replacement = if drop {
            read.remove(k);
            String::new()
        } else {
            let c = PLACE_CHARS[rng.below(PLACE_CHARS.len())];
            if c == read[k] {
                continue;
            }
            read[k] = c;
            c.to_string()
        };
        let read: String = read.iter().collect();
        // a branch reads its district without 区/县: no suffix may make it
        // real; any other place is printed whole
        let suffixes: &[&str] = if short_forms { &["", "区", "县", "市"] } else { &[""] };
        let real = suffixes.iter().any(|s| Region::name_exists(&format!("{read}{s}")));
        if !real {
            return Some(edit_line(lines, i, at + start + k, 1, &replacement));
        }
    }
    None
}

/// The line holding `needle` and the character offset where it starts.
fn find_in_lines(lines: &[TextLine], needle: &str) -> Option<(usize, usize)> {
    lines
        .iter()
        .enumerate()
        .find_map(|(i, l)| char_find(&l.text, needle).map(|at| (i, at)))
}

/// The character offset of `needle` in `text`.
fn char_find(text: &str, needle: &str) -> Option<usize> {
    let byte = text.find(needle)?;
    Some(text[..byte].chars().count())
}

fn pick<'a, T>(items: &'a [T], rng: &mut SplitMix) -> Option<&'a T> {
    (!items.is_empty()).then(|| &items[rng.below(items.len())])
}

/// The lines with `len` characters of line `i` from `at` replaced.
fn edit_line(lines: &[TextLine], i: usize, at: usize, len: usize, replacement: &str) -> Vec<TextLine> {
    let mut out = lines.to_vec();
    let chars: Vec<char> = out[i].text.chars().collect();
    let mut text: String = chars[..at].iter().collect();
    text.push_str(replacement);
    text.extend(&chars[(at + len).min(chars.len())..]);
    out[i].text = text;
    out[i].glyphs.clear();
    out
}

/// The share of a line's printed length its first `k` characters take: a
/// Han character (or `·`) advances one em, anything else about half.
fn advance_share(chars: &[char], k: usize) -> f64 {
    let advance = |c: &char| {
        if ('\u{4e00}'..='\u{9fff}').contains(c) || *c == '·' {
            1.0
        } else {
            0.55
        }
    };
    let total: f64 = chars.iter().map(advance).sum();
    chars[..k].iter().map(advance).sum::<f64>() / total
}

/// A point `t` of the way from `a` to `b`.
fn lerp(a: Point, b: Point, t: f64) -> Point {
    Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
}

/// Line `i` split into two lines before character `cut`, its box divided
/// in proportion to the characters.
fn split_line(lines: &[TextLine], i: usize, cut: usize) -> Vec<TextLine> {
    let line = &lines[i];
    let chars: Vec<char> = line.text.chars().collect();
    let t = advance_share(&chars, cut);
    let [tl, tr, br, bl] = line.polygon.expect("split lines have a box").points;
    let (mt, mb) = (lerp(tl, tr, t), lerp(bl, br, t));
    let part = |text: String, quad: Quad| {
        let mut l = TextLine::new(text, line.confidence).with_polygon(quad);
        l.item_box = Some(quad.item_box());
        l
    };
    let first = part(chars[..cut].iter().collect(), Quad::new([tl, mt, mb, bl]));
    let second = part(chars[cut..].iter().collect(), Quad::new([mt, tr, br, mb]));
    let mut out = lines.to_vec();
    out.splice(i..=i, [first, second]);
    out
}

/// Pairs of lines whose boxes share a row, in the text's own direction
/// (any rotation): `a` before `b`, a gap under four line heights apart.
fn same_row_pairs(lines: &[TextLine]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for (a, la) in lines.iter().enumerate() {
        let Some(qa) = la.polygon else { continue };
        let [tl, tr, _, bl] = qa.points;
        let length = tl.distance(tr);
        let height = tl.distance(bl);
        if length < 1.0 || height < 1.0 {
            continue;
        }
        let along = |p: Point| ((p.x - tl.x) * (tr.x - tl.x) + (p.y - tl.y) * (tr.y - tl.y)) / length;
        let across = |p: Point| ((p.x - tl.x) * (bl.x - tl.x) + (p.y - tl.y) * (bl.y - tl.y)) / height;
        for (b, lb) in lines.iter().enumerate() {
            let Some(qb) = lb.polygon else { continue };
            if a == b {
                continue;
            }
            let xs = qb.points.map(along);
            let ys = qb.points.map(across);
            let (x0, y0, y1) = (
                xs.iter().copied().fold(f64::INFINITY, f64::min),
                ys.iter().copied().fold(f64::INFINITY, f64::min),
                ys.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            );
            let overlap = y1.min(height) - y0.max(0.0);
            if overlap > 0.6 * height.min(y1 - y0) && x0 >= length && x0 - length < 4.0 * height {
                pairs.push((a, b));
            }
        }
    }
    pairs
}

/// Lines `a` and `b` (left to right on one row) read as one line.
fn merge_lines(lines: &[TextLine], a: usize, b: usize) -> Vec<TextLine> {
    let (la, lb) = (&lines[a], &lines[b]);
    let [tl, _, _, bl] = la.polygon.expect("merged lines have boxes").points;
    let [_, tr, br, _] = lb.polygon.expect("merged lines have boxes").points;
    let quad = Quad::new([tl, tr, br, bl]);
    let mut merged =
        TextLine::new(format!("{}{}", la.text, lb.text), la.confidence.min(lb.confidence)).with_polygon(quad);
    merged.item_box = Some(quad.item_box());
    let mut out: Vec<TextLine> = Vec::with_capacity(lines.len() - 1);
    for (k, l) in lines.iter().enumerate() {
        if k == a {
            out.push(merged.clone());
        } else if k != b {
            out.push(l.clone());
        }
    }
    out
}

/// Line `i`'s characters from `cut` moved onto a line of their own one row
/// below, starting where the value on line `i` starts (`value_at`).
fn wrap_tail(lines: &[TextLine], i: usize, cut: usize, value_at: usize) -> Vec<TextLine> {
    let line = &lines[i];
    let chars: Vec<char> = line.text.chars().collect();
    let [tl, tr, br, bl] = line.polygon.expect("wrapped lines have a box").points;
    let at = |t: f64| (lerp(tl, tr, t), lerp(bl, br, t));
    let share = |k: usize| advance_share(&chars, k);
    let (cut_top, cut_bottom) = at(share(cut));
    let (start_top, start_bottom) = at(share(value_at));
    let (end_top, end_bottom) = at(share(value_at) + 1.0 - share(cut));
    let down = Point::new(bl.x - tl.x, bl.y - tl.y);
    let shift = |p: Point| Point::new(p.x + down.x * 1.25, p.y + down.y * 1.25);
    let head_quad = Quad::new([tl, cut_top, cut_bottom, bl]);
    let tail_quad = Quad::new([shift(start_top), shift(end_top), shift(end_bottom), shift(start_bottom)]);
    let mut head = TextLine::new(chars[..cut].iter().collect::<String>(), line.confidence).with_polygon(head_quad);
    head.item_box = Some(head_quad.item_box());
    let mut tail = TextLine::new(chars[cut..].iter().collect::<String>(), line.confidence).with_polygon(tail_quad);
    tail.item_box = Some(tail_quad.item_box());
    let mut out = lines.to_vec();
    out.splice(i..=i, [head, tail]);
    out
}

/// A small seeded generator (SplitMix64): repeatable corruptions without a
/// dependency.
pub(crate) struct SplitMix(u64);

impl SplitMix {
    /// A generator for one card and kind of one run.
    pub(crate) fn new(seed: u64, card: &str, kind: Corruption) -> Self {
        let mut h = seed ^ 0x9E37_79B9_7F4A_7C15;
        for b in card.bytes().chain(kind.name().bytes()) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3);
        }
        SplitMix(h)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn line(text: &str, x: f64, y: f64, chars: f64) -> TextLine {
        TextLine::new(text, 99.0).with_polygon(Quad::from_rect(x, y, 30.0 * chars, 30.0))
    }

    fn front() -> (Vec<TextLine>, Value) {
        let lines = vec![
            line("姓名张三丰", 0.0, 0.0, 5.0),
            line("性别男", 0.0, 50.0, 3.0),
            line("民族汉", 200.0, 50.0, 3.0),
            line("出生1949年12月31日", 0.0, 100.0, 10.0),
            line("住址江苏省淮安市盱眙县", 0.0, 150.0, 11.0),
            line("建国路1号", 60.0, 190.0, 5.0),
            line("公民身份号码320830194912310038", 0.0, 250.0, 16.0),
        ];
        let truth = json!({
            "name": "张三丰", "ethnicity": "汉", "birth": "1949-12-31",
            "address": "江苏省淮安市盱眙县建国路1号", "id_number": "320830194912310038",
            "address_lines": ["江苏省淮安市盱眙县", "建国路1号"],
            "full_record": {"region": {"province": "江苏省", "city": "淮安市", "county": "盱眙县"}},
        });
        (lines, truth)
    }

    fn texts(lines: &[TextLine]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn the_name_loses_its_last_character_and_keeps_its_box() {
        let (lines, truth) = front();
        let out = Corruption::NameLastLost
            .apply(&lines, &truth, &mut SplitMix(1))
            .unwrap();
        assert_eq!(out[0].text, "姓名张三");
        assert_eq!(out[0].polygon, lines[0].polygon);
    }

    #[test]
    fn a_place_name_corruption_never_yields_a_real_division() {
        let (lines, truth) = front();
        for seed in 0..50 {
            for kind in [Corruption::AddressPlaceDropped, Corruption::AddressPlaceSubstituted] {
                let out = kind.apply(&lines, &truth, &mut SplitMix(seed)).unwrap();
                assert_ne!(out[4].text, lines[4].text);
                let changed = out[4].text.chars().count();
                let expected = if kind == Corruption::AddressPlaceDropped {
                    10
                } else {
                    11
                };
                assert_eq!(changed, expected, "{}", out[4].text);
                let kept = ["江苏省", "淮安市", "盱眙县"]
                    .iter()
                    .filter(|n| out[4].text.contains(*n))
                    .count();
                assert_eq!(kept, 2, "{}", out[4].text);
            }
        }
    }

    #[test]
    fn an_issuer_place_loses_a_character_of_its_place_or_branch() {
        let lines = vec![line("签发机关北京市公安局朝阳分局", 0.0, 0.0, 14.0)];
        let truth = json!({"issuer": "北京市公安局朝阳分局"});
        for seed in 0..20 {
            let out = Corruption::IssuerPlaceDropped
                .apply(&lines, &truth, &mut SplitMix(seed))
                .unwrap();
            assert_eq!(out[0].text.chars().count(), 13);
            assert!(out[0].text.contains("公安局") && out[0].text.ends_with("分局"));
        }
    }

    #[test]
    fn the_ethnicity_substitution_is_no_ethnicity() {
        let (lines, truth) = front();
        for seed in 0..20 {
            let out = Corruption::EthnicitySubstituted
                .apply(&lines, &truth, &mut SplitMix(seed))
                .unwrap();
            let value = out[2].text.strip_prefix("民族").unwrap();
            assert!(!is_official_ethnicity(value), "{value}");
        }
    }

    #[test]
    fn a_number_digit_becomes_a_look_alike_and_dates_change() {
        let (lines, truth) = front();
        let out = Corruption::NumberDigit.apply(&lines, &truth, &mut SplitMix(3)).unwrap();
        let diff = out[6]
            .text
            .chars()
            .zip(lines[6].text.chars())
            .filter(|(a, b)| a != b)
            .count();
        assert_eq!(diff, 1);
        let out = Corruption::BirthDay.apply(&lines, &truth, &mut SplitMix(3)).unwrap();
        assert!(out[3].text.starts_with("出生1949年12月") && out[3].text != lines[3].text);
        let back = vec![line("有效期限2010.01.02-2030.01.02", 0.0, 0.0, 14.0)];
        let truth = json!({"valid_from": "2010-01-02", "valid_to": "2030-01-02"});
        let out = Corruption::ValidityYear.apply(&back, &truth, &mut SplitMix(3)).unwrap();
        assert_ne!(out[0].text, back[0].text);
        assert_eq!(out[0].text.len(), back[0].text.len());
    }

    #[test]
    fn a_split_keeps_the_text_and_divides_the_box() {
        let (lines, truth) = front();
        let out = Corruption::LineSplit.apply(&lines, &truth, &mut SplitMix(5)).unwrap();
        assert_eq!(out.len(), lines.len() + 1);
        let joined = texts(&out).concat();
        assert_eq!(joined, texts(&lines).concat());
    }

    #[test]
    fn merged_lines_are_the_two_lines_of_one_row() {
        let (lines, truth) = front();
        let out = Corruption::LinesMerged.apply(&lines, &truth, &mut SplitMix(0)).unwrap();
        assert!(texts(&out).contains(&"性别男民族汉"), "{:?}", texts(&out));
        assert_eq!(out.len(), lines.len() - 1);
    }

    #[test]
    fn a_lost_label_leaves_the_value_and_the_box() {
        let (lines, truth) = front();
        let out = Corruption::LabelLost.apply(&lines, &truth, &mut SplitMix(2)).unwrap();
        let changed: Vec<_> = out.iter().zip(&lines).filter(|(a, b)| a.text != b.text).collect();
        assert_eq!(changed.len(), 1);
        assert!(
            LABELS
                .iter()
                .any(|l| changed[0].1.text.starts_with(l) && !changed[0].0.text.starts_with(l))
        );
    }

    #[test]
    fn the_address_tail_wraps_onto_a_line_below() {
        let (lines, truth) = front();
        let out = Corruption::AddressTailWrapped
            .apply(&lines, &truth, &mut SplitMix(0))
            .unwrap();
        assert_eq!(out.len(), lines.len() + 1);
        assert!(out[5].text == "建国路1" || out[5].text == "建国路");
        assert_eq!(format!("{}{}", out[5].text, out[6].text), "建国路1号");
        assert!(out[6].polygon.unwrap().center().y > lines[5].polygon.unwrap().center().y);
    }

    #[test]
    fn the_address_loses_its_last_character_and_keeps_its_box() {
        let (lines, truth) = front();
        let out = Corruption::AddressLastLost
            .apply(&lines, &truth, &mut SplitMix(0))
            .unwrap();
        assert_eq!(out[5].text, "建国路1");
        assert_eq!(out[5].polygon, lines[5].polygon);
    }

    #[test]
    fn a_back_has_no_name_to_corrupt() {
        let back = vec![line("签发机关北京市公安局朝阳分局", 0.0, 0.0, 14.0)];
        let truth = json!({"name": null, "issuer": "北京市公安局朝阳分局"});
        assert!(
            Corruption::NameLastLost
                .apply(&back, &truth, &mut SplitMix(0))
                .is_none()
        );
    }
}
