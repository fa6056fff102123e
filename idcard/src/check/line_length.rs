//! A character lost from the name or from the address's end, told by its
//! line's length.
//!
//! A recognizer that drops a character (a rare one, at either end) leaves
//! its line's box as long as before. The name's line (or the address's
//! last line) then holds more characters' length than its text. Everything is measured on the card in
//! hand, never on where one design prints its fields:
//!
//! - the **value pitch** (one Han character's advance) from the card's own
//!   value lines without a label: each line's length over its characters
//!   (Han and `·` one each, digits and letters about half), the median;
//! - for a name read with its label (`姓名张三`), the **label's length with
//!   its gap** from the sex and address lines read the same way (`性别男`:
//!   the line less its value), the median (the labels of one column; the
//!   ethnicity's stands in another, at another gap from its value);
//! - where no line was read with its label but the name's, the label's
//!   length with its gap is how far a value's box starts after its label's
//!   in the rows read as two boxes (`性别` `男`, `住址` `北京市…`);
//! - a card whose every value was read with its label gives both from
//!   those lines at once: `length = label + width × pitch` over `性别男`
//!   and the address's first line; failing that, from the address alone:
//!   its next line starts in the value column, so its box starts the
//!   label's advance after the first line's, and the first line's value
//!   takes the rest of its length;
//! - an address line is measured against another line of the address
//!   (the last against the one before it, the first against the next):
//!   the same field, type and place on the card, a line read with the
//!   label counted from the value column; the address is taken in reading
//!   order (a card turned by 180° lists its lines backwards);
//! - the **name's size**: a name printed larger than the values (up to 1.4×)
//!   has a taller line; the pitch is scaled by the name line's height over
//!   the reference lines' (never below 1).
//!
//! A name read alone on its line also carries the detector's margin at both
//! ends, about a third of a character, which a long value line spreads thin.
//!
//! With the local engine's glyph centres the measure is finer and needs no
//! label: the room between a line's last character and its box's end, in
//! the line's own height, against the same room on the card's other lines
//! (a lost last character leaves a pitch more of it).

use ocr_core::TextLine;

use crate::check::ethnicity::ETHNIC_GROUPS;
use crate::model::card::IdCard;
use crate::model::warning::{Warning, WarningCode};
use crate::read::labels::{ADDRESS, BIRTH, ETHNICITY, Label, NAME, NUMBER, SEX};
use crate::read::text::{is_cjk, kept_chars};

/// Characters of pitch the name's line may hold beyond its name, plus a
/// share per character of the name (the pitch's error grows with the
/// characters it is multiplied by). On dev and dev2's OCR files a right
/// name's line held at most 0.19 more in 95 of 100 cards; with these
/// values the corruption benchmark's lost last character is flagged on 95
/// of 100 cards there (`docstruct score --corrupt`).
const SLACK: f64 = 0.35;
const SLACK_PER_CHARACTER: f64 = 0.02;
/// What a line alone adds: the detector's margin at both ends, in pitches.
const ALONE_MARGIN: f64 = 0.3;
/// The largest name size over the values the scale allows.
const MAX_NAME_SCALE: f64 = 1.4;
/// A reference value line has at least this many characters, most of them Han.
const MIN_REFERENCE_CHARS: usize = 4;

/// Characters of pitch the address's last line may hold beyond its text,
/// plus a share per character: a line of digits and Han characters is
/// measured less surely than a name (a digit's width varies with the font).
const ADDRESS_SLACK: f64 = 0.45;

/// Pitch the address's last line may hold more per digit on it, measured
/// against the line before it: digits differ in width (a `1` is narrower)
/// where Han characters do not. On dev, dev2 and dev3 a line's digits came
/// out 0.55 ± 0.04 of a Han character wide.
const DIGIT_SLACK: f64 = 0.02;

/// Flags the name (`field_unusual`, review) when its line is longer than
/// its characters account for.
pub(crate) fn check_name_length(card: &mut IdCard, lines: &[TextLine]) {
    let Some(name) = card.name.as_ref() else { return };
    let [line] = name.lines[..] else { return };
    let value: Vec<char> = name.value.reveal().chars().collect();
    let excess = line_excess(card, lines, line, &value, NAME, MAX_NAME_SCALE);
    if excess.is_some_and(|excess| excess >= SLACK + SLACK_PER_CHARACTER * value_width(&value)) {
        card.warnings.push(Warning::new(
            WarningCode::FieldUnusual,
            "the name's line is longer than its characters (measured against this card's value and label lines): a character may be lost",
        ));
    }
}

/// Flags the ethnicity (`field_unusual`, review) when it is a part of a
/// longer official name (`土` of `土家`) and its line is longer than its
/// characters account for: a character lost there leaves another real
/// ethnicity. Measured where the card allows it: a value alone on its line
/// against the card's value lines, or with the local engine's glyph
/// centres; the label's gap in the ethnicity's own column is measured by
/// no other line, so a vendor line read with its label (`民族土`) is not.
pub(crate) fn check_ethnicity_length(card: &mut IdCard, lines: &[TextLine]) {
    let Some(ethnicity) = card.ethnicity.as_ref() else {
        return;
    };
    let [line] = ethnicity.lines[..] else { return };
    let value: Vec<char> = ethnicity.value.chars().collect();
    let read = ethnicity.value.as_str();
    let part_of_longer = ETHNIC_GROUPS
        .iter()
        .any(|name| name.len() > read.len() && (name.starts_with(read) || name.ends_with(read)));
    let Some(text) = lines.get(line) else { return };
    let with_label = kept_chars(&text.text).starts_with(ETHNICITY.text);
    if !part_of_longer || (with_label && text.glyphs().is_none()) {
        return;
    }
    let excess = line_excess(card, lines, line, &value, ETHNICITY, 1.0);
    if excess.is_some_and(|excess| excess >= SLACK + SLACK_PER_CHARACTER * value_width(&value)) {
        card.warnings.push(Warning::new(
            WarningCode::FieldUnusual,
            "the ethnicity's line is longer than its characters and a longer official name holds them: a character may be lost",
        ));
    }
}

/// Flags the address (`field_unusual`, review) when its last line is
/// longer than its characters account for: a character lost at the end
/// (`…1801室` read `…1801`) leaves no trace in the text.
pub(crate) fn check_address_end(card: &mut IdCard, lines: &[TextLine]) {
    let Some(address) = card.address.as_ref() else { return };
    let address_lines = address.lines_in_reading_order();
    let Some(&line) = address_lines.last() else { return };
    let Some(text) = lines.get(line).map(|l| kept_chars(&l.text)) else {
        return;
    };
    let value = text.strip_prefix(ADDRESS.text).unwrap_or(&text);
    // only a line the address ends with, as read
    if value.is_empty() || !address.value.reveal().ends_with(&value.iter().collect::<String>()) {
        return;
    }
    let before = address_lines.len().checked_sub(2).map(|k| address_lines[k]);
    if address_excess(card, lines, line, value, before).is_some_and(|(excess, slack)| excess >= slack) {
        card.warnings.push(Warning::new(
            WarningCode::FieldUnusual,
            "the address's last line is longer than its characters (measured against this card's value and label lines): a character may be lost",
        ));
    }
}

/// How many characters of pitch address line `line` holds beyond `value`
/// (its text less the label), with the slack it is judged by: measured
/// against another line of the address, `sibling`, when it can be (see
/// [`sibling_excess`]; a digit's less sure width allowed per digit), else
/// against the card's other lines (their size and place differ:
/// [`ADDRESS_SLACK`]).
fn address_excess(
    card: &IdCard,
    lines: &[TextLine],
    line: usize,
    value: &[char],
    sibling: Option<usize>,
) -> Option<(f64, f64)> {
    let digits = value.iter().filter(|c| c.is_ascii_digit()).count() as f64;
    let (excess, slack) = match sibling.and_then(|sibling| sibling_excess(card, lines, line, sibling)) {
        Some(excess) => (excess, SLACK + DIGIT_SLACK * digits),
        None => (line_excess(card, lines, line, value, ADDRESS, 1.0)?, ADDRESS_SLACK),
    };
    Some((excess, slack + SLACK_PER_CHARACTER * value_width(value)))
}

/// How many characters of pitch address line `line` holds beyond its text,
/// measured against `reference`, another line of the address: the same
/// field in the same type, next to it on the card, so its pitch carries
/// neither another size nor the card's perspective. Both lines carry the
/// detector's margin; the one read with the label (`住址北京市…`) counts
/// from where the other starts, the value column. `None` for lines on one
/// row (a line the recognizer split in two) or not starting in one column,
/// a reference of fewer than four Han characters, a line holding another
/// label, or lines with glyph centres (the local engine's lines are
/// measured by their own ends).
fn sibling_excess(card: &IdCard, lines: &[TextLine], line: usize, reference: usize) -> Option<f64> {
    let (read, other) = (lines.get(line)?, lines.get(reference)?);
    if line == reference || read.glyphs().is_some() || other.glyphs().is_some() {
        return None;
    }
    let (read, other) = (measure(card, read)?, measure(card, other)?);
    if (read.middle - other.middle).abs() <= read.height.min(other.height) / 2.0 {
        return None;
    }
    // the line read with the label starts a label's length with its gap
    // before the other; lines without one start together
    let label_length = |labelled: &Measured, other: &Measured| {
        let label = other.start - labelled.start;
        (label > labelled.height && label < labelled.length / 2.0).then_some(label)
    };
    let ((value, label), (reference_value, reference_label)) = match (
        read.chars.strip_prefix(ADDRESS.text),
        other.chars.strip_prefix(ADDRESS.text),
    ) {
        (None, None) if (read.start - other.start).abs() < read.height => {
            ((read.chars.clone(), 0.0), (other.chars.clone(), 0.0))
        }
        (Some(value), None) => (
            (value.to_vec(), label_length(&read, &other)?),
            (other.chars.clone(), 0.0),
        ),
        (None, Some(value)) => (
            (read.chars.clone(), 0.0),
            (value.to_vec(), label_length(&other, &read)?),
        ),
        _ => return None,
    };
    // a reference of four Han characters or more: digits' widths differ
    let reference_han = reference_value.iter().filter(|&&c| is_cjk(c)).count();
    if reference_han < MIN_REFERENCE_CHARS || holds_label(&value) || holds_label(&reference_value) {
        return None;
    }
    let pitch = (other.length - reference_label) / (value_width(&reference_value) + ALONE_MARGIN);
    Some((read.length - label) / pitch - value_width(&value) - ALONE_MARGIN)
}

/// Whether address line `line` holds a character more than its text,
/// measured against the address's `next` line when it can be (see
/// [`sibling_excess`]), else against the card's other lines
/// (`Some(true)`: its excess reaches the slack), clearly none
/// (`Some(false)`: half a character under it), or cannot tell (`None`; so
/// for a line with glyph centres, whose measure sees only its end).
pub(crate) fn address_line_lost_character(
    card: &IdCard,
    lines: &[TextLine],
    line: usize,
    next: Option<usize>,
) -> Option<bool> {
    if lines.get(line)?.glyphs().is_some() {
        // glyph centres measure the room after the last character only: a
        // character lost inside the line leaves that room as it was
        return None;
    }
    let text = kept_chars(&lines.get(line)?.text);
    let value = text.strip_prefix(ADDRESS.text).unwrap_or(&text);
    let (excess, slack) = address_excess(card, lines, line, value, next)?;
    if excess >= slack {
        Some(true)
    } else if excess <= slack - 0.5 {
        Some(false)
    } else {
        None
    }
}

/// A line's length and height in the card's frame, with its kept characters.
pub(crate) struct Measured {
    pub chars: Vec<char>,
    pub length: f64,
    pub height: f64,
    /// Where the box starts along the text, in the card's frame.
    pub start: f64,
    /// Where the box ends along the text, in the card's frame.
    pub end: f64,
    /// The box's middle across the text, in the card's frame.
    pub middle: f64,
}

/// A line measured by its box's own edges, those along the text in the
/// card's frame (a tilted line's bounding box would be taller than its text).
pub(crate) fn measure(card: &IdCard, line: &TextLine) -> Option<Measured> {
    let [a, b, c, d] = card.frame.quad_to_frame(&line.polygon?).points;
    let (first, second) = (
        (a.distance(b) + c.distance(d)) / 2.0,
        (b.distance(c) + d.distance(a)) / 2.0,
    );
    let (length, height) = if (b.x - a.x).abs() >= (b.y - a.y).abs() {
        (first, second)
    } else {
        (second, first)
    };
    let start = [a, b, c, d].iter().map(|p| p.x).fold(f64::INFINITY, f64::min);
    let end = [a, b, c, d].iter().map(|p| p.x).fold(f64::NEG_INFINITY, f64::max);
    let middle = (a.y + b.y + c.y + d.y) / 4.0;
    (length > 0.0 && height > 0.0).then(|| Measured {
        chars: kept_chars(&line.text),
        length,
        height,
        start,
        end,
        middle,
    })
}

/// With the recognizer's glyph centres (local engine): how many characters
/// of pitch lie between line `line`'s last character and its box's end,
/// beyond what the card's other lines leave there. Both are measured in the
/// line's own height (a value printed larger has a taller line, and the
/// detector's margin grows with the height); the pitch is the median gap
/// between neighbouring Han characters of the card's value lines, the line
/// itself included. `None` without glyphs or without another line to
/// compare with.
fn glyph_tail_excess(card: &IdCard, lines: &[TextLine], line: usize) -> Option<f64> {
    // (the tail after the last character, the gaps between Han neighbours), in heights
    let tail_and_gaps = |l: &TextLine| -> Option<(f64, Vec<f64>)> {
        let glyphs = l.glyphs()?;
        let chars: Vec<char> = l.text.chars().collect();
        let last = chars.iter().rposition(|c| !c.is_whitespace())?;
        let m = measure(card, l)?;
        let scale = m.length / m.height;
        let tail = (1.0 - f64::from(glyphs[last].center)) * scale;
        let han: Vec<usize> = (0..chars.len()).filter(|&i| is_cjk(chars[i])).collect();
        let gaps = han
            .windows(2)
            .filter(|w| w[1] == w[0] + 1)
            .map(|w| f64::from(glyphs[w[1]].center - glyphs[w[0]].center) * scale)
            .collect();
        Some((tail, gaps))
    };
    let (tail, own_gaps) = tail_and_gaps(lines.get(line)?)?;
    let others: Vec<(f64, Vec<f64>)> = lines
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != line)
        .filter_map(|(_, l)| tail_and_gaps(l))
        .collect();
    let usual_tail = median(others.iter().map(|(t, _)| *t))?;
    // labels are set wider apart than values: the smaller half of the gaps
    let mut gaps: Vec<f64> = others
        .iter()
        .flat_map(|(_, g)| g.iter().copied())
        .chain(own_gaps)
        .collect();
    gaps.retain(|g| *g > 0.0);
    gaps.sort_by(f64::total_cmp);
    gaps.truncate(gaps.len().div_ceil(2));
    let pitch = median(gaps.into_iter())?;
    Some((tail - usual_tail) / pitch)
}

/// How many characters of pitch line `line` holds beyond `value`, the text
/// it was read with (after `label`, when it was read with it; the margin of
/// a value alone on its line taken off); the value's size may be up to
/// `max_scale` times the other values'. `None` when the card offers no
/// reference to measure with, or the line is not `value`.
fn line_excess(
    card: &IdCard,
    lines: &[TextLine],
    line: usize,
    value: &[char],
    label: Label,
    max_scale: f64,
) -> Option<f64> {
    if lines.get(line)?.glyphs().is_some() {
        return glyph_tail_excess(card, lines, line);
    }
    let read = measure(card, lines.get(line)?)?;
    let with_label = read.chars.starts_with(label.text);
    if read.chars[if with_label { label.text.len() } else { 0 }..] != *value {
        return None;
    }
    let others: Vec<Measured> = lines
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != line)
        .filter_map(|(_, l)| measure(card, l))
        .collect();
    // value lines: no label (公民身份号码 is one), not the number, mostly Han
    let values: Vec<&Measured> = others
        .iter()
        .filter(|m| m.chars.len() >= MIN_REFERENCE_CHARS && mostly_han(&m.chars) && !holds_label(&m.chars))
        .collect();
    // lines read with their label and a value after it, the label in the
    // name's column: sex and the address's first line (the ethnicity's
    // label stands in a column of its own, its gap to its value another);
    // (line, the value's width)
    let labelled: Vec<(&Measured, f64)> = others
        .iter()
        .filter_map(|m| {
            [SEX, ADDRESS].iter().find_map(|l| {
                let rest = m.chars.strip_prefix(l.text)?;
                let short_value = rest.len() <= 4 && rest.iter().all(|&c| is_cjk(c));
                let long_value = l.text == ADDRESS.text && rest.len() >= MIN_REFERENCE_CHARS && mostly_han(rest);
                (!rest.is_empty() && (short_value || long_value) && !holds_label(rest)).then(|| (m, value_width(rest)))
            })
        })
        .collect();
    let (pitch, label_length) = if values.is_empty() {
        label_and_pitch(&labelled).or_else(|| address_label_and_pitch(card, lines))?
    } else {
        let pitch = median(values.iter().map(|m| m.length / value_width(&m.chars)))?;
        let label_length = if labelled.is_empty() {
            // the label and its gap from the rows read as two boxes: a
            // label alone and its value after it. Two boxes' starts are
            // less sure than one line's length: the margin of a line alone
            // is counted in too, so a name is flagged only when about a
            // character's length is left (on dev and dev2's right names,
            // at most 0.38 of one)
            label_advance(&others).map_or(f64::NAN, |advance| advance + ALONE_MARGIN * pitch)
        } else {
            median(labelled.iter().map(|(m, w)| m.length - w * pitch)).unwrap_or(f64::NAN)
        };
        (pitch, label_length)
    };
    let scale = |reference_heights: Vec<f64>| -> Option<f64> {
        Some((read.height / median(reference_heights.into_iter())?).clamp(1.0, max_scale))
    };
    let width = value_width(value);
    // a box that starts in the labels' column holds the label's ink, its
    // characters unread: measured as a line with its label
    let label_column = median(labelled.iter().map(|(m, _)| m.start));
    let value_column = median(values.iter().map(|m| m.start)).or(label_column.map(|c| c + label_length));
    let starts_with_label_ink = match (label_column, value_column) {
        (Some(l), Some(v)) if label_length.is_finite() => (read.start - l).abs() < (read.start - v).abs(),
        _ => false,
    };
    if with_label || starts_with_label_ink {
        if !label_length.is_finite() {
            return None;
        }
        let heights = if labelled.is_empty() {
            values.iter().map(|m| m.height).collect()
        } else {
            labelled.iter().map(|(m, _)| m.height).collect()
        };
        let scale = scale(heights)?;
        Some((read.length - label_length) / (pitch * scale) - width)
    } else {
        let heights = if values.is_empty() {
            labelled.iter().map(|(m, _)| m.height).collect()
        } else {
            values.iter().map(|m| m.height).collect()
        };
        let scale = scale(heights)?;
        Some(read.length / (pitch * scale) - width - ALONE_MARGIN)
    }
}

/// How far a value's box starts after its label's, in the rows of the
/// name's column read as a label alone and its value in a box of its own
/// (`性别` `男`, `出生` `1949年12月31日`, `住址` `北京市…`): the label's
/// length with its gap, the median; `None` without such a row.
fn label_advance(lines: &[Measured]) -> Option<f64> {
    let column_labels = [NAME, SEX, BIRTH, ADDRESS];
    median(
        lines
            .iter()
            .filter(|m| column_labels.iter().any(|l| m.chars == l.text))
            .filter_map(|label| {
                // the nearest box after the label in its row
                lines
                    .iter()
                    .filter(|m| {
                        (m.middle - label.middle).abs() < label.height.min(m.height) / 2.0
                            && m.start > label.end - label.height / 2.0
                            && !m.chars.is_empty()
                            && !holds_label(&m.chars)
                    })
                    .map(|m| m.start - label.start)
                    .min_by(f64::total_cmp)
            }),
    )
}

/// The pitch and the label's length (with its gap and the line's end
/// margin, as [`label_and_pitch`] gives it) from the address alone: its
/// first line read with the label (`住址北京市…`) and the address's next
/// line, which starts in the value column on the row below, so the two
/// boxes' starts lie the label's advance apart (both carry the same
/// detector margin); the pitch is what the first line's value leaves of
/// its length. `None` unless the address's first two lines are so and the
/// first line's value is four characters or more, mostly Han.
fn address_label_and_pitch(card: &IdCard, lines: &[TextLine]) -> Option<(f64, f64)> {
    let address = card.address.as_ref()?;
    let order = address.lines_in_reading_order();
    let [first, next, ..] = order[..] else { return None };
    let (first, next) = (lines.get(first)?, lines.get(next)?);
    if first.glyphs().is_some() || next.glyphs().is_some() {
        return None;
    }
    let (first, next) = (measure(card, first)?, measure(card, next)?);
    if (first.middle - next.middle).abs() <= first.height.min(next.height) / 2.0 {
        return None;
    }
    let value = first.chars.strip_prefix(ADDRESS.text)?;
    if value.len() < MIN_REFERENCE_CHARS || !mostly_han(value) || holds_label(value) || holds_label(&next.chars) {
        return None;
    }
    let advance = next.start - first.start;
    if advance <= first.height || advance >= first.length / 2.0 {
        return None;
    }
    let width = value_width(value);
    let pitch = (first.length - advance) / (width + ALONE_MARGIN / 2.0);
    // two boxes' starts, each with its margin, and one line's length: less
    // sure than a median over lines, so the one margin's share is counted
    // in (a name is flagged a sixth of a character later; on dev3's right
    // names this measure alone reached 0.45 of one)
    Some((pitch, first.length - (width - ALONE_MARGIN / 2.0) * pitch))
}

/// Whether seven in ten of `chars` or more are Han characters.
fn mostly_han(chars: &[char]) -> bool {
    let han = chars.iter().filter(|&&c| is_cjk(c)).count();
    10 * han >= 7 * chars.len()
}

/// The pitch and the label's length with its gap from labelled lines alone
/// (`length = label + width × pitch`, least squares); `None` unless their
/// values differ by three characters or more (`性别男` and an address line).
fn label_and_pitch(labelled: &[(&Measured, f64)]) -> Option<(f64, f64)> {
    let n = labelled.len() as f64;
    let (lo, hi) = labelled
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, w)| {
            (lo.min(*w), hi.max(*w))
        });
    if labelled.len() < 2 || hi - lo < 3.0 {
        return None;
    }
    let mean_w = labelled.iter().map(|(_, w)| w).sum::<f64>() / n;
    let mean_l = labelled.iter().map(|(m, _)| m.length).sum::<f64>() / n;
    let covariance: f64 = labelled.iter().map(|(m, w)| (w - mean_w) * (m.length - mean_l)).sum();
    let variance: f64 = labelled.iter().map(|(_, w)| (w - mean_w).powi(2)).sum();
    let pitch = covariance / variance;
    (pitch > 0.0).then_some((pitch, mean_l - pitch * mean_w))
}

/// Whether `chars` hold one of the front's labels (`公民身份号码` is one).
fn holds_label(chars: &[char]) -> bool {
    [NAME, SEX, ETHNICITY, BIRTH, ADDRESS, NUMBER]
        .iter()
        .any(|l| chars.windows(l.text.len()).any(|w| w == l.text))
}

fn median(values: impl Iterator<Item = f64>) -> Option<f64> {
    let mut v: Vec<f64> = values.filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// A value's width in characters: Han characters and `·` are one each;
/// digits, letters and punctuation about half (0.55).
fn value_width(value: &[char]) -> f64 {
    value
        .iter()
        .map(|&c| if is_cjk(c) || c == '·' { 1.0 } else { 0.55 })
        .sum()
}

#[cfg(test)]
mod tests {
    use crate::test_lines::rect;
    use ocr_core::{Quad, TextLine};

    use super::address_line_lost_character;

    use crate::{ParseOptions, WarningCode, parse};

    /// A front of some design: a label with its gap takes `label` px, a
    /// value character 30 px; the name is printed `scale` times larger and
    /// its line drawn `name_chars` characters long whatever its text (with
    /// its label unless `alone`).
    fn front(name: &str, name_chars: f64, scale: f64, label: f64, alone: bool) -> crate::IdCard {
        front_ending(name, name_chars, scale, label, alone, "幸福里小区十二号", 8.0)
    }

    /// [`front`] with the address's last line read as `end` and drawn
    /// `end_chars` characters long.
    fn front_ending(
        name: &str,
        name_chars: f64,
        scale: f64,
        label: f64,
        alone: bool,
        end: &str,
        end_chars: f64,
    ) -> crate::IdCard {
        let rect = |text: &str, x: f64, y: f64, w: f64, h: f64| {
            TextLine::new(text, 99.0).with_polygon(Quad::from_rect(x, y, w, h))
        };
        let name_length = 30.0 * scale * name_chars;
        let mut lines = if alone {
            vec![
                rect("姓名", 0.0, 0.0, label - 20.0, 30.0),
                rect(name, label, 0.0, name_length + 20.0 * scale, 30.0 * scale),
            ]
        } else {
            vec![rect(
                &format!("姓名{name}"),
                0.0,
                0.0,
                label + name_length,
                30.0 * scale,
            )]
        };
        lines.extend([
            rect("性别男", 0.0, 60.0, label + 30.0, 30.0),
            rect("民族汉", 300.0, 60.0, label + 30.0, 30.0),
            rect("出生1949年12月31日", 0.0, 110.0, label + 240.0, 30.0),
            rect("住址", 0.0, 160.0, label - 20.0, 30.0),
            rect("北京市朝阳区建国路", label, 160.0, 270.0, 30.0),
            rect(end, label, 200.0, 30.0 * end_chars, 30.0),
            rect("公民身份号码110105194912310038", 0.0, 280.0, 530.0, 30.0),
        ]);
        parse(&lines, &ParseOptions::default())
    }

    fn flagged(card: &crate::IdCard) -> bool {
        card.has_warning(WarningCode::FieldUnusual)
    }

    #[test]
    fn a_name_line_as_long_as_its_name_is_not_flagged_in_any_design() {
        for (name, chars) in [("张三", 2.0), ("欧阳娜娜", 4.0), ("阿依达娜·库尔班", 8.0)] {
            for label in [110.0, 150.0] {
                for alone in [false, true] {
                    let card = front(name, chars, 1.0, label, alone);
                    assert_eq!(card.name.as_ref().map(|n| n.value.reveal()), Some(name));
                    assert!(!flagged(&card), "{name} {label} {alone}: {:?}", card.warnings);
                }
            }
        }
    }

    #[test]
    fn a_name_printed_larger_than_the_values_is_not_flagged() {
        for alone in [false, true] {
            let card = front("张三丰", 3.0, 1.3, 110.0, alone);
            assert!(!flagged(&card), "{alone}: {:?}", card.warnings);
        }
    }

    #[test]
    fn a_name_line_a_character_longer_than_its_name_is_for_review() {
        // 张三丰 read as 张三: the line still spans three characters
        for (scale, alone) in [(1.0, false), (1.0, true), (1.3, false), (1.3, true)] {
            let card = front("张三", 3.0, scale, 110.0, alone);
            assert!(flagged(&card), "{scale} {alone}: {:?}", card.warnings);
            assert_eq!(card.status(), crate::CardStatus::Review);
        }
    }

    #[test]
    fn an_address_line_a_character_longer_than_its_text_is_for_review() {
        let end_flagged = |end: &str, chars: f64| {
            front_ending("张三", 2.0, 1.0, 110.0, false, end, chars)
                .warnings
                .iter()
                .any(|w| w.message.contains("address's last line"))
        };
        assert!(!end_flagged("幸福里小区十二号", 8.0));
        assert!(!end_flagged("幸福里12号", 5.1));
        // 幸福里小区十二号 read without 号; 1801室 read as 1801
        assert!(end_flagged("幸福里小区十二", 8.0));
        assert!(end_flagged("幸福里1801", 6.2));
    }

    /// A front whose labels were read as boxes of their own (`性别` `男`),
    /// the name with its label: a label with its gap takes 110 px, a value
    /// character 30 px, a value alone carries 9 px of the detector's margin;
    /// the name's line is drawn `name_chars` long; the address's last line
    /// is read `end` and drawn `end_chars` long; `reversed` lists the lines
    /// bottom-up, as a card turned by 180° is read.
    fn front_with_label_boxes(name: &str, name_chars: f64, end: &str, end_chars: f64, reversed: bool) -> crate::IdCard {
        front_with_address(name, name_chars, end, end_chars, reversed, false)
    }

    /// [`front_with_label_boxes`], the address's first line read with its
    /// label when `first_with_label`.
    fn front_with_address(
        name: &str,
        name_chars: f64,
        end: &str,
        end_chars: f64,
        reversed: bool,
        first_with_label: bool,
    ) -> crate::IdCard {
        let mut lines = vec![
            rect(&format!("姓名{name}"), 0.0, 0.0, 110.0 + 30.0 * name_chars),
            rect("性别", 0.0, 60.0, 90.0),
            rect("男", 110.0, 60.0, 39.0),
            rect("民族汉", 300.0, 60.0, 150.0),
            rect("出生", 0.0, 110.0, 90.0),
            rect("1949年12月31日", 110.0, 110.0, 240.0),
            rect(end, 110.0, 200.0, 30.0 * end_chars + 9.0),
            rect("公民身份号码110105194912310038", 0.0, 280.0, 530.0),
        ];
        if first_with_label {
            lines.push(rect("住址北京市朝阳区建国路", 0.0, 160.0, 110.0 + 279.0));
        } else {
            lines.extend([
                rect("住址", 0.0, 160.0, 90.0),
                rect("北京市朝阳区建国路", 110.0, 160.0, 279.0),
            ]);
        }
        if reversed {
            lines.reverse();
        }
        parse(&lines, &ParseOptions::default())
    }

    #[test]
    fn a_label_read_apart_from_its_value_measures_the_name_s_label() {
        let right = front_with_label_boxes("张三丰", 3.0, "幸福里十二号", 6.0, false);
        assert_eq!(right.name.as_ref().map(|n| n.value.reveal()), Some("张三丰"));
        assert!(!flagged(&right), "{:?}", right.warnings);
        // 张三丰 read as 张三: no line reads a label with its value but the
        // name's, so the label's length comes from 性别|男 and its rows
        let lost = front_with_label_boxes("张三", 3.0, "幸福里十二号", 6.0, false);
        assert!(flagged(&lost), "{:?}", lost.warnings);
    }

    #[test]
    fn the_address_s_last_line_is_measured_against_the_line_before_it() {
        for (reversed, first_with_label) in [(false, false), (true, false), (false, true), (true, true)] {
            let end_flagged = |end: &str, chars: f64| {
                front_with_address("张三", 2.0, end, chars, reversed, first_with_label)
                    .warnings
                    .iter()
                    .any(|w| w.message.contains("address's last line"))
            };
            let case = format!("reversed {reversed}, first line with its label {first_with_label}");
            // 十三幢852: six Han characters and three digits
            assert!(!end_flagged("幸福里十三幢852", 7.65), "{case}");
            // its last digit lost: half a character's length left over
            assert!(end_flagged("幸福里十三幢85", 7.65), "{case}");
            assert!(!end_flagged("幸福里十二号", 6.0), "{case}");
            assert!(end_flagged("幸福里十二", 6.0), "{case}");
        }
    }

    #[test]
    fn an_address_line_is_measured_against_the_address_line_after_it() {
        // 长安区建设路 read 长安建设路: 区 lost (the box still holds it) or
        // read as 建 (the box holds what was read)
        let front = |drawn: f64| {
            let lines = vec![
                rect("姓名张三", 0.0, 0.0, 170.0),
                rect("性别", 0.0, 60.0, 90.0),
                rect("男", 110.0, 60.0, 39.0),
                rect("出生1949年12月31日", 0.0, 110.0, 350.0),
                rect("住址河北省石家庄市长安建设路", 0.0, 160.0, 110.0 + 30.0 * drawn + 9.0),
                rect("幸福里小区十二号", 110.0, 200.0, 249.0),
                rect("公民身份号码130102194912310032", 0.0, 280.0, 530.0),
            ];
            let card = parse(&lines, &ParseOptions::default());
            let told = address_line_lost_character(&card, &lines, 4, Some(5));
            (card, told)
        };
        let (lost, told) = front(13.0);
        assert_eq!(told, Some(true));
        assert_eq!(
            lost.address.as_ref().map(|a| a.value.reveal()),
            Some("河北省石家庄市长安区建设路幸福里小区十二号")
        );
        let (misread, told) = front(12.0);
        assert_eq!(told, Some(false));
        assert_eq!(
            misread.address.as_ref().map(|a| a.value.reveal()),
            Some("河北省石家庄市长安区设路幸福里小区十二号")
        );
        // a short reference of digits tells nothing: the card's lines decide
        let (card, _) = front(13.0);
        let lines = [
            TextLine::new("住址河北省石家庄市长安建设路", 99.0).with_polygon(Quad::from_rect(0.0, 160.0, 509.0, 30.0)),
            TextLine::new("路21号", 99.0).with_polygon(Quad::from_rect(110.0, 200.0, 102.0, 30.0)),
        ];
        assert_eq!(super::sibling_excess(&card, &lines, 0, 1), None);
    }

    #[test]
    fn an_ethnicity_that_a_longer_name_holds_is_measured_by_its_line() {
        // the ethnicity read alone on its line, drawn `drawn` characters long
        let front = |ethnicity: &str, drawn: f64| {
            let lines = vec![
                rect("姓名张三", 0.0, 0.0, 170.0),
                rect("性别男", 0.0, 60.0, 140.0),
                rect("民族", 300.0, 60.0, 90.0),
                rect(ethnicity, 410.0, 60.0, 30.0 * drawn + 9.0),
                rect("出生1949年12月31日", 0.0, 110.0, 350.0),
                rect("住址北京市朝阳区建国路", 0.0, 160.0, 389.0),
                rect("幸福里小区十二号", 110.0, 200.0, 249.0),
                rect("公民身份号码110105194912310038", 0.0, 280.0, 530.0),
            ];
            parse(&lines, &ParseOptions::default())
        };
        let ethnicity_flagged =
            |card: &crate::IdCard| card.warnings.iter().any(|w| w.message.contains("ethnicity's line"));
        let right = front("土", 1.0);
        assert_eq!(right.ethnicity.as_ref().map(|e| e.value.as_str()), Some("土"));
        assert!(!ethnicity_flagged(&right), "{:?}", right.warnings);
        // 土家 read as 土, its box still over 家: another real ethnicity
        let lost = front("土", 2.0);
        assert!(ethnicity_flagged(&lost), "{:?}", lost.warnings);
        assert_eq!(lost.status(), crate::CardStatus::Review);
        // 汉 is part of no longer name: a character lost from it leaves none
        assert!(!ethnicity_flagged(&front("汉", 2.0)));
    }

    /// A line read by the local engine: its characters' centres 30 px
    /// apart from 25 px in, its box `drawn` characters long plus 10 px of
    /// margin at each end.
    fn with_glyphs(text: &str, x: f64, y: f64, drawn: usize) -> TextLine {
        let length = 30.0 * drawn as f64 + 20.0;
        let mut line = TextLine::new(text, 99.0).with_polygon(Quad::from_rect(x, y, length, 34.0));
        line.glyphs = (0..text.chars().count())
            .map(|i| ocr_core::Glyph::new(99.0, ((25.0 + 30.0 * i as f64) / length) as f32))
            .collect();
        line
    }

    fn glyph_front(name_line: &str, drawn: usize) -> crate::IdCard {
        let lines = vec![
            with_glyphs(name_line, 0.0, 0.0, drawn),
            with_glyphs("性别男", 0.0, 50.0, 3),
            with_glyphs("民族汉", 200.0, 50.0, 3),
            with_glyphs("出生1949年12月31日", 0.0, 100.0, 14),
            with_glyphs("住址北京市朝阳区建国路", 0.0, 150.0, 11),
            with_glyphs("幸福里小区十二号", 60.0, 190.0, 8),
            with_glyphs("公民身份号码110105194912310038", 0.0, 280.0, 24),
        ];
        parse(&lines, &ParseOptions::default())
    }

    #[test]
    fn with_glyph_centres_the_end_of_the_line_tells_a_lost_character() {
        assert!(!flagged(&glyph_front("姓名张三丰", 5)));
        assert!(!flagged(&glyph_front("姓名张三", 4)));
        // 张三丰 read as 张三: the box still reaches over 丰
        let lost = glyph_front("姓名张三", 5);
        assert!(flagged(&lost), "{:?}", lost.warnings);
    }

    #[test]
    fn a_name_whose_label_was_not_read_is_measured_with_the_label_s_ink() {
        // the label 姓名 unread, its box kept: the line starts in the labels' column
        let lines = |name_length: f64| {
            vec![
                rect("张三丰", 0.0, 0.0, 110.0 + name_length),
                rect("性别男", 0.0, 60.0, 140.0),
                rect("民族汉", 300.0, 60.0, 140.0),
                rect("出生1949年12月31日", 0.0, 110.0, 350.0),
                rect("住址", 0.0, 160.0, 90.0),
                rect("北京市朝阳区建国路", 110.0, 160.0, 270.0),
                rect("幸福里小区十二号", 110.0, 200.0, 240.0),
                rect("公民身份号码110105194912310038", 0.0, 280.0, 530.0),
            ]
        };
        let right = parse(&lines(90.0), &ParseOptions::default());
        assert_eq!(right.name.as_ref().map(|n| n.value.reveal()), Some("张三丰"));
        assert!(!flagged(&right), "{:?}", right.warnings);
        // 张三丰 read 张三 with its box still over 丰
        let mut lost = lines(90.0);
        lost[0].text = "张三".into();
        assert!(flagged(&parse(&lost, &ParseOptions::default())));
    }

    #[test]
    fn without_value_lines_to_measure_with_nothing_is_concluded() {
        let rect =
            |text: &str, y: f64, w: f64| TextLine::new(text, 99.0).with_polygon(Quad::from_rect(0.0, y, w, 30.0));
        let lines = vec![
            rect("姓名张三", 0.0, 300.0),
            rect("性别男民族汉", 50.0, 360.0),
            rect("出生1949年12月31日", 100.0, 350.0),
            rect("住址北京市朝阳区建国路1号", 150.0, 426.5),
            rect("公民身份号码110105194912310038", 250.0, 530.0),
        ];
        let card = parse(&lines, &ParseOptions::default());
        assert!(!flagged(&card), "{:?}", card.warnings);
    }

    #[test]
    fn the_address_alone_measures_the_name_s_label_and_pitch() {
        // no value line without a label and one other line read with its
        // label (the sex's label misread): the address's first line and the
        // start of its next line give the label's advance and the pitch
        let card = |name: &str, name_chars: f64, next_x: f64| {
            let lines = [
                rect(&format!("姓名{name}"), 0.0, 0.0, 110.0 + 30.0 * name_chars),
                rect("性制男", 0.0, 60.0, 140.0),
                rect("民族汉", 300.0, 60.0, 140.0),
                rect("出生1949年12月31日", 0.0, 110.0, 350.0),
                rect("住址北京市朝阳区建国路", 0.0, 160.0, 380.0),
                rect("幸福里12号", next_x, 200.0, 153.0),
                rect("公民身份号码110105194912310038", 0.0, 280.0, 530.0),
            ];
            parse(&lines, &ParseOptions::default())
        };
        let name_flagged = |card: &crate::IdCard| card.warnings.iter().any(|w| w.message.contains("name's line"));
        assert!(!name_flagged(&card("张三", 2.0, 110.0)));
        assert!(!name_flagged(&card("张三丰", 3.0, 110.0)));
        // 张三丰 read as 张三: the line still spans three characters
        assert!(name_flagged(&card("张三", 3.0, 110.0)));
        // the next line starts where no value column can be: nothing measured
        assert!(!name_flagged(&card("张三", 3.0, 0.0)));
    }
}
