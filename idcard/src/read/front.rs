//! The front side: 姓名, 性别, 民族, 出生, 住址, 公民身份号码.

use std::sync::LazyLock;

use chrono::NaiveDate;
use ocr_core::TextLine;
use regex::Regex;

use crate::model::card::{IdCard, IdNumberReading};

use crate::check::ethnicity::{EthnicityMatch, is_official_ethnicity, resolve_ethnicity};
use crate::check::line_length::address_line_lost_character;
use crate::check::places::{LostCharacter, check_division_chain, mentions_region, stray_lead_before_province};
use crate::model::sensitive::Sensitive;
use crate::model::warning::{Warning, WarningCode};
use crate::number::id_number::{CONFUSABLES, IdNumber, InvalidReason, Sex, repair_confusable};
use crate::read::labels::{ADDRESS, BIRTH, ETHNICITY, NAME, NUMBER, SEX};
use crate::read::rows::{RowText, Span, field_from, glyph_centre};
use crate::read::text::{LabelMatch, is_cjk, is_middle_dot};

static BIRTH_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})年(\d{1,2})月(\d{1,2})").expect("valid regex"));

/// A run of characters that may be an ID number.
#[derive(Debug, Clone)]
pub(crate) struct NumberCandidate {
    pub span: Span,
    pub text: String,
    pub number: Option<IdNumber>,
    pub repaired: Option<crate::number::id_number::ConfusableRepair>,
    pub invalid: Option<InvalidReason>,
}

impl NumberCandidate {
    fn rank(&self) -> u8 {
        match (&self.number, &self.repaired) {
            (Some(_), None) => 3,
            (Some(_), Some(_)) => 2,
            _ if self.text.chars().count() == 18 => 1,
            _ => 0,
        }
    }
}

fn number_char(c: char) -> bool {
    c.is_ascii_digit() || c == 'X' || c == 'x' || c == '×' || CONFUSABLES.iter().any(|(k, _)| *k == c)
}

/// Runs of at least 15 number-like characters, evaluated as ID numbers.
pub(crate) fn number_candidates(rows: &[RowText], today: NaiveDate) -> Vec<NumberCandidate> {
    let mut out = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let mut i = 0;
        while i < row.chars.len() {
            if !number_char(row.chars[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < row.chars.len() && number_char(row.chars[i]) {
                i += 1;
            }
            let (mut s, mut e) = (start, i);
            // confusable letters glued to either end are not digits of the number
            while e - s > 18 && !row.chars[s].is_ascii_digit() {
                s += 1;
            }
            while e - s > 18 && !(row.chars[e - 1].is_ascii_digit() || matches!(row.chars[e - 1], 'X' | 'x')) {
                e -= 1;
            }
            if row.chars[s..e].iter().filter(|c| c.is_ascii_digit()).count() < 15 {
                continue;
            }
            let text = row.string(s..e);
            let span = Span { row: r, range: s..e };
            let candidate = match IdNumber::parse_on(&text, today) {
                Ok(n) => NumberCandidate {
                    span,
                    text: n.reveal().to_owned(),
                    number: Some(n),
                    repaired: None,
                    invalid: None,
                },
                Err(err) => match repair_confusable(&text, today) {
                    Some((n, fix)) => NumberCandidate {
                        span,
                        text: n.reveal().to_owned(),
                        number: Some(n),
                        repaired: Some(fix),
                        invalid: None,
                    },
                    None => NumberCandidate {
                        span,
                        text: text.to_uppercase(),
                        number: None,
                        repaired: None,
                        invalid: Some(err.reason),
                    },
                },
            };
            out.push(candidate);
        }
    }
    out
}

/// Where each part of the front is.
struct Roles {
    name: Option<usize>,
    sex: Option<usize>,
    /// A row of its own for the ethnicity, when the layout set its label
    /// too far from the sex for one row to hold both.
    ethnicity: Option<usize>,
    birth: Option<usize>,
    address: Vec<usize>,
}

/// Whether a row starts with a year of birth's four digits (`19`/`20`…)
/// and holds 年 or 月 within its next four characters: a birth date
/// misread past parsing (`195810月20扫`). No address line starts so: the
/// first starts with a division's name, and a room number wrapped onto the
/// next line (`1903室`) has no month.
fn starts_with_year(row: &RowText) -> bool {
    let text: Vec<char> = row.chars.iter().copied().filter(|c| !c.is_whitespace()).collect();
    text.len() > 4
        && text[..4].iter().all(char::is_ascii_digit)
        && matches!(text[..2], ['1', '9'] | ['2', '0'])
        && text[4..text.len().min(8)].iter().any(|&c| c == '年' || c == '月')
}

fn has_date(row: &RowText) -> bool {
    row.chars.contains(&'年') && BIRTH_DATE.is_match(&row.string(0..row.chars.len()))
}

fn find_roles(rows: &[RowText], number_row: Option<usize>) -> Roles {
    let end = number_row
        .into_iter()
        .chain(rows.iter().position(|r| NUMBER.find_exact(r).is_some()))
        .min()
        .unwrap_or(rows.len());
    let birth = (0..end)
        .find(|&i| BIRTH.find(&rows[i]).is_some_and(|m| m.start == 0) && has_date(&rows[i]))
        .or_else(|| (0..end).find(|&i| has_date(&rows[i])))
        .or_else(|| (0..end).find(|&i| BIRTH.find(&rows[i]).is_some()))
        .or_else(|| (0..end).find(|&i| starts_with_year(&rows[i])));
    let before_birth = birth.unwrap_or(end);
    let named = (0..before_birth).find(|&i| NAME.find(&rows[i]).is_some());
    let sex = (0..before_birth)
        .find(|&i| {
            let r = &rows[i];
            SEX.find(r).is_some() || ETHNICITY.find_exact(r).is_some()
        })
        .or_else(|| {
            // both labels misread: a row after the name's with the
            // ethnicity's label read with a slip (民汉: 族 lost) at its start
            // or after the sex (男民汉, 维女民汉)
            (named.map_or(0, |n| n + 1)..before_birth).find(|&i| {
                let r = &rows[i];
                ETHNICITY
                    .find_anywhere(r)
                    .is_some_and(|m| m.start == 0 || r.chars[..m.start].iter().any(|&c| is_sex_char(c)))
            })
        })
        .or_else(|| {
            // neither label read at all: a row after the name's that holds
            // the sex alone or, after it, exactly an official ethnicity (男汉)
            (named.map_or(0, |n| n + 1)..before_birth).find(|&i| is_bare_sex_and_ethnicity(&rows[i]))
        });
    // the sex and the ethnicity printed far apart fall into two rows
    let ethnicity = sex.filter(|&s| ETHNICITY.find_exact(&rows[s]).is_none()).and_then(|s| {
        // with no label read, the row of the sex alone; the name's row (the
        // first with Han characters) is never the ethnicity's
        let bare_sex = bare_han(&rows[s]).chars().count() == 1 && named.is_none();
        let name_row = (0..s).find(|&i| rows[i].chars.iter().any(|&c| is_cjk(c)));
        (0..before_birth).filter(|&i| i != s && i.abs_diff(s) == 1).find(|&i| {
            (ETHNICITY.find(&rows[i]).is_some_and(|m| m.start == 0) && SEX.find(&rows[i]).is_none())
                || (bare_sex && Some(i) != name_row && is_bare_ethnicity(&rows[i]))
        })
    });
    let name = (0..sex.unwrap_or(before_birth))
        .find(|&i| NAME.find(&rows[i]).is_some())
        .or_else(|| (0..sex.unwrap_or(before_birth)).find(|&i| rows[i].chars.iter().any(|&c| is_cjk(c))));
    let address_start = (0..end)
        .find(|&i| Some(i) != birth && ADDRESS.find(&rows[i]).is_some_and(|m| m.start == 0))
        .or(birth.map(|b| b + 1))
        .or(sex.map(|s| s + 1))
        .unwrap_or(end);
    let address = (address_start..end)
        .filter(|&i| Some(i) != birth && Some(i) != sex && Some(i) != name && Some(i) != ethnicity)
        .collect();
    Roles {
        name,
        sex,
        ethnicity,
        birth,
        address,
    }
}

pub(crate) fn read_front_fields(
    rows: &[RowText],
    lines: &[TextLine],
    mut candidates: Vec<NumberCandidate>,
    card: &mut IdCard,
) {
    let labelled = |c: &NumberCandidate| NUMBER.find_anywhere(&rows[c.span.row]).is_some();
    candidates.sort_by_key(|c| (std::cmp::Reverse(c.rank()), !labelled(c), std::cmp::Reverse(c.span.row)));
    let number = candidates.into_iter().next();
    let valid = number.as_ref().and_then(|c| c.number.clone());
    let roles = find_roles(rows, number.as_ref().map(|c| c.span.row));

    if let Some(c) = &number {
        if let Some(fix) = &c.repaired {
            card.warnings.push(Warning::new(
                WarningCode::IdNumberRepaired,
                format!(
                    "ID number: character {} read as {:?} was taken as {:?}; the repaired number passes every check",
                    fix.position + 1,
                    fix.read,
                    fix.digit
                ),
            ));
        }
        if let Some(reason) = c.invalid {
            card.warnings.push(Warning::new(
                WarningCode::IdNumberInvalid,
                format!("the ID number is invalid: {}", reason.as_str()),
            ));
        }
        card.id_number = Some(field_from(
            IdNumberReading {
                text: Sensitive::new(c.text.clone()),
                valid: c.number.clone(),
                invalid_reason: c.invalid,
            },
            std::slice::from_ref(&c.span),
            rows,
            lines,
        ));
    }

    if let Some(r) = roles.name {
        read_name(rows, r, lines, card);
    }
    if let Some(r) = roles.sex {
        read_sex_and_ethnicity(rows, r, lines, card);
    }
    if let Some(r) = roles.ethnicity
        && card.ethnicity.is_none()
        && is_bare_ethnicity(&rows[r])
    {
        let span = [Span {
            row: r,
            range: 0..rows[r].chars.len(),
        }];
        let value = bare_han(&rows[r]);
        card.ethnicity = Some(field_from(value, &span, rows, lines));
    } else if let Some(r) = roles.ethnicity
        && card.ethnicity.is_none()
    {
        let sex = card.sex.take();
        read_sex_and_ethnicity(rows, r, lines, card);
        card.sex = sex.or(card.sex.take());
    }
    if card.sex.is_none()
        && let Some(n) = &valid
    {
        card.warnings.push(Warning::new(
            WarningCode::SexFromNumber,
            "the printed sex was unreadable; the sex encoded in the valid ID number is used",
        ));
        card.sex = Some(from_number(n.sex(), card));
    }
    if let Some(r) = roles.birth {
        read_birth(rows, r, lines, card);
    }
    if card.birth_date.is_none()
        && let Some(n) = &valid
    {
        card.warnings.push(Warning::new(
            WarningCode::BirthFromNumber,
            "the printed birth date was unreadable; the date encoded in the valid ID number is used",
        ));
        card.birth_date = Some(from_number(n.birth_date(), card));
    }
    read_address(rows, &roles.address, lines, valid.as_ref(), card);
}

/// A field whose value was taken from the validated number: it carries the
/// number's confidence and OCR lines.
fn from_number<T>(value: T, card: &IdCard) -> crate::model::card::Field<T> {
    let number = card.id_number.as_ref();
    crate::model::card::Field {
        value,
        confidence: number.map_or(0.0, |f| f.confidence),
        characters_confidence: number.and_then(|f| f.characters_confidence),
        rows: Vec::new(),
        lines: number.map(|f| f.lines.clone()).unwrap_or_default(),
        verified: true,
        quad: None,
        spans: Vec::new(),
    }
}

fn read_name(rows: &[RowText], r: usize, lines: &[TextLine], card: &mut IdCard) {
    let row = &rows[r];
    let label = NAME.find(row);
    // the label, or its last character when the first was lost (名屈曼)
    let mut start = label.map_or(usize::from(row.chars.first() == Some(&'名')), |m| m.end);
    if let Some(m) = label
        && m.mismatches == 1
        && row.chars[m.start] == NAME.text[0]
    {
        // 姓 then a character unlike 名: 名 misread, or lost before the name
        match label_end_lost(row, m.start, lines) {
            Some(true) => start = m.start + 1,
            Some(false) => {}
            None => card.warnings.push(Warning::new(
                WarningCode::FieldUnusual,
                "the name's label was read as 姓 and a character unlike 名: that character may be the name's first, with 名 lost",
            )),
        }
    }
    let stop = SEX.find_exact(row).map_or(row.chars.len(), |m| m.start.max(start));
    let mut name = String::new();
    let mut first = None;
    let mut last = start;
    for i in start..stop {
        let c = row.chars[i];
        if is_cjk(c) {
            name.push(row.read[i]);
            first.get_or_insert(i);
            last = i + 1;
        } else if is_middle_dot(c) && !name.is_empty() && row.chars.get(i + 1).is_some_and(|&n| is_cjk(n)) {
            name.push('·');
        }
    }
    if let Some(first) = first {
        if unread_character_gap(row, first..last, lines, &card.frame) {
            card.warnings.push(Warning::new(
                WarningCode::FieldUnusual,
                "the recognizer placed two of the name's characters a character apart: one between them was not read",
            ));
        }
        if split_far_apart(row, first..last, lines, &card.frame) {
            card.warnings.push(Warning::new(
                WarningCode::FieldUnusual,
                "the name's characters come from OCR lines far apart or overlapping: a stray mark may have been read into it",
            ));
        }
        card.name = Some(field_from(
            Sensitive::new(name),
            &[Span {
                row: r,
                range: first..last,
            }],
            rows,
            lines,
        ));
    }
}

/// How far apart, in pitches, two neighbouring characters of a value stand
/// when one between them was not read (a character the recognizer cannot
/// know is dropped with no trace in the text; its ink still spaces its
/// neighbours): a pitch is the smallest gap between the value's neighbours,
/// or, with two characters only, 0.95 of the line's height (a Han
/// character's advance on its own line).
const UNREAD_GAP: f64 = 1.7;

/// Whether the recognizer's glyph centres (local engine) leave a gap of
/// about a character between two neighbouring characters of `range` (Han
/// characters and the middle dots between them) on one line. `false` without glyphs: the text alone cannot tell.
fn unread_character_gap(
    row: &RowText,
    range: std::ops::Range<usize>,
    lines: &[TextLine],
    frame: &ocr_layout::PageFrame,
) -> bool {
    // every character takes its place, a middle dot's included
    let mut shares: Vec<f64> = Vec::new();
    let mut on_line: Option<usize> = None;
    for i in range {
        let Some((line, share)) = glyph_centre(row, i, lines) else {
            return false;
        };
        if *on_line.get_or_insert(line) != line {
            return false; // over several lines: split_far_apart's case
        }
        shares.push(f64::from(share));
    }
    let Some(quad) = on_line.and_then(|line| lines[line].polygon) else {
        return false;
    };
    let b = frame.quad_to_frame(&quad).bounding_box();
    let gaps: Vec<f64> = shares.windows(2).map(|w| (w[1] - w[0]) * b.width).collect();
    let pitch = match gaps.len() {
        0 => return false,
        1 => 0.95 * b.height,
        _ => gaps.iter().copied().fold(f64::INFINITY, f64::min),
    };
    pitch > 0.0 && gaps.iter().any(|&g| g >= UNREAD_GAP * pitch)
}

/// Whether the character after a label's first character (at `at`) is the
/// value's first with the label's last character lost, told by where the
/// recognizer placed them: a label's characters are set wider apart than the
/// value's, and a lost character leaves a gap of its own. The character is
/// the value's when its gap to the label's first character is at least
/// twice its gap to the next character; `None` when the engine reported no
/// glyphs for the three characters on one line.
fn label_end_lost(row: &RowText, at: usize, lines: &[TextLine]) -> Option<bool> {
    let centre = |i: usize| glyph_centre(row, i, lines);
    let ((l0, c0), (l1, c1), (l2, c2)) = (centre(at)?, centre(at + 1)?, centre(at + 2)?);
    if l0 != l1 || l1 != l2 {
        return None;
    }
    let (before, after) = (c1 - c0, c2 - c1);
    (before > 0.0 && after > 0.0).then_some(before >= 2.0 * after)
}

/// Whether the characters `range` of `row` come from OCR lines with a gap
/// between them wider than 0.6 of the lines' height, or overlapping by more
/// than 0.3 of it. A value's characters are evenly spaced; the detector
/// splits a line only where a gap is, so a value split that wide holds a
/// stray mark (a speck, a highlight's edge) or is two values, and two lines
/// over the same ink have read some of it twice.
fn split_far_apart(
    row: &RowText,
    range: std::ops::Range<usize>,
    lines: &[TextLine],
    frame: &ocr_layout::PageFrame,
) -> bool {
    let mut owners: Vec<usize> = row.owner[range].to_vec();
    owners.dedup();
    let boxes: Vec<ocr_core::ItemBox> = owners
        .iter()
        .filter_map(|&i| lines.get(i)?.polygon)
        .map(|q| frame.quad_to_frame(&q).bounding_box())
        .collect();
    boxes.windows(2).any(|w| {
        let height = w[0].height.max(w[1].height);
        let gap = w[1].x - (w[0].x + w[0].width);
        gap > 0.6 * height || gap < -0.3 * height
    })
}

fn read_sex_and_ethnicity(rows: &[RowText], r: usize, lines: &[TextLine], card: &mut IdCard) {
    let row = &rows[r];
    let sex_label = SEX.find(row).or_else(|| {
        SEX.find_anywhere(row)
            .filter(|m| row.chars.get(m.end).is_some_and(|&c| is_sex_char(c)))
    });
    let eth_label = ETHNICITY
        .find_exact(row)
        .or_else(|| ethnicity_label_after(row, sex_label));
    let sex_at = sex_position(row, sex_label, eth_label);
    if let Some(i) = sex_at
        && let Some(sex) = Sex::from_chinese(&row.chars[i].to_string())
    {
        card.sex = Some(field_from(
            sex,
            &[Span {
                row: r,
                range: i..i + 1,
            }],
            rows,
            lines,
        ));
    }
    let Some((start, stop, reading)) = ethnicity_reading(row, sex_label, eth_label, sex_at) else {
        return;
    };
    let span = [Span {
        row: r,
        range: start..stop,
    }];
    let value = resolve_ethnicity_reading(reading, card);
    card.ethnicity = Some(field_from(value, &span, rows, lines));
}

/// A row's Han characters.
fn bare_han(row: &RowText) -> String {
    row.chars.iter().filter(|&&c| is_cjk(c)).collect()
}

/// Whether a row holds nothing but a sex and, after it, an official
/// ethnicity (`男` `汉`, `女维吾尔`) or nothing: the sex's row with both
/// labels unread, told by its values alone.
fn is_bare_sex_and_ethnicity(row: &RowText) -> bool {
    let kept: String = row.chars.iter().filter(|c| !c.is_whitespace()).collect();
    let han = bare_han(row);
    let mut chars = han.chars();
    kept == han
        && chars.next().is_some_and(is_sex_char)
        && (chars.as_str().is_empty() || is_official_ethnicity(chars.as_str()))
}

/// Whether a row holds nothing but an official ethnicity (`汉`): the
/// ethnicity printed apart from the sex, its label unread.
fn is_bare_ethnicity(row: &RowText) -> bool {
    let kept: String = row.chars.iter().filter(|c| !c.is_whitespace()).collect();
    is_official_ethnicity(&kept)
}

fn is_sex_char(c: char) -> bool {
    c == '男' || c == '女'
}

/// The ethnicity label (民族) read with OCR slips, looked for after the sex label.
fn ethnicity_label_after(row: &RowText, sex_label: Option<LabelMatch>) -> Option<LabelMatch> {
    let from = sex_label.map_or(0, |m| m.end + 1);
    if from >= row.chars.len() {
        return None;
    }
    let tail = RowText {
        chars: row.chars[from..].to_vec(),
        read: row.read[from..].to_vec(),
        owner: row.owner[from..].to_vec(),
        pos: row.pos[from..].to_vec(),
    };
    ETHNICITY.find_anywhere(&tail).map(|m| LabelMatch {
        start: m.start + from,
        end: m.end + from,
        mismatches: m.mismatches,
    })
}

/// Where the sex is: right after its label, else any 男/女 outside the
/// ethnicity label.
fn sex_position(row: &RowText, sex_label: Option<LabelMatch>, eth_label: Option<LabelMatch>) -> Option<usize> {
    sex_label
        .map(|m| m.end)
        .filter(|&i| row.chars.get(i).is_some_and(|&c| is_sex_char(c)))
        .or_else(|| {
            row.chars
                .iter()
                .enumerate()
                .position(|(i, &c)| is_sex_char(c) && eth_label.is_none_or(|e| i < e.start || i >= e.end))
        })
}

/// The ethnicity's characters and their range in the row: after its label
/// up to the sex label (or the row's end); after the sex when the label
/// was not found. The range starts at the first character read (a label
/// character the value is read past is not in it), so the value's box and
/// confidence are its own characters' lines. `None` when there is nothing
/// to read.
fn ethnicity_reading(
    row: &RowText,
    sex_label: Option<LabelMatch>,
    eth_label: Option<LabelMatch>,
    sex_at: Option<usize>,
) -> Option<(usize, usize, String)> {
    let (mut start, stop) = match eth_label {
        Some(e) => {
            let stop = sex_label
                .filter(|s| s.start >= e.end)
                .map_or(row.chars.len(), |s| s.start);
            (e.end, stop)
        }
        None => (sex_at? + 1, row.chars.len()),
    };
    if let Some(e) = eth_label
        && e.mismatches > 0
        && !row.chars[start..stop].iter().any(|&c| is_cjk(c))
    {
        // the label lost a character and swallowed the value (民汉): read past its first character
        start = e.start + 1;
    }
    // what is left of the label (民, 族) and anything not Han before the value
    while start < stop && (!is_cjk(row.chars[start]) || matches!(row.chars[start], '民' | '族')) {
        start += 1;
    }
    let reading: String = row.chars[start..stop].iter().filter(|&&c| is_cjk(c)).collect();
    (!reading.is_empty()).then_some((start, stop, reading))
}

/// The official name for a reading, with a warning when it was repaired or
/// is no official name.
fn resolve_ethnicity_reading(reading: String, card: &mut IdCard) -> String {
    match resolve_ethnicity(&reading) {
        EthnicityMatch::Exact(n) | EthnicityMatch::Trimmed(n) => n.to_owned(),
        EthnicityMatch::Repaired(n) => {
            card.warnings.push(Warning::new(
                WarningCode::EthnicityRepaired,
                "the ethnicity read was within a few edits of exactly one official name, every other name clearly further, and was corrected",
            ));
            n.to_owned()
        }
        EthnicityMatch::Unknown => {
            card.warnings.push(Warning::new(
                WarningCode::EthnicityUnknown,
                "the ethnicity read is not one of the 56 official names, and no single name is clearly the one misread",
            ));
            reading
        }
    }
}

fn read_birth(rows: &[RowText], r: usize, lines: &[TextLine], card: &mut IdCard) {
    let row = &rows[r];
    let text = row.string(0..row.chars.len());
    let Some(caps) = BIRTH_DATE.captures(&text) else { return };
    let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(1), num(2), num(3)) else {
        return;
    };
    let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) else {
        return;
    };
    let whole = caps.get(0).map(|m| m.range()).unwrap_or(0..0);
    // byte offsets → char offsets
    let start = text[..whole.start].chars().count();
    let end = start + text[whole].chars().count();
    card.birth_date = Some(field_from(
        date,
        &[Span {
            row: r,
            range: start..end,
        }],
        rows,
        lines,
    ));
}

/// A dash between two Han characters is the numeral 一 (十一组 read as
/// 十—组: the two are one stroke alike); between digits (3-2-101) it stays.
fn numeral_one_between_han(text: &mut [char]) {
    for i in 1..text.len().saturating_sub(1) {
        if matches!(text[i], '—' | '―' | '–' | '-' | '－' | 'ー') && is_cjk(text[i - 1]) && is_cjk(text[i + 1])
        {
            text[i] = '一';
        }
    }
}

fn read_address(
    rows: &[RowText],
    address_rows: &[usize],
    lines: &[TextLine],
    number: Option<&IdNumber>,
    card: &mut IdCard,
) {
    let mut text: Vec<char> = Vec::new();
    let mut spans = Vec::new();
    for (k, &r) in address_rows.iter().enumerate() {
        let row = &rows[r];
        let mut start = 0;
        let mut stop = row.chars.len();
        if let Some(m) = ADDRESS.find(row) {
            if m.start == 0 {
                start = m.end;
            } else if m.end == row.chars.len() && m.mismatches == 0 {
                stop = m.start;
            }
        } else if k == 0 && row.chars.first() == Some(&'址') {
            start = 1; // the label's first character was lost
        }
        if start < stop {
            text.extend_from_slice(&row.chars[start..stop]);
            spans.push(Span {
                row: r,
                range: start..stop,
            });
        }
    }
    if text.is_empty() {
        return;
    }
    numeral_one_between_han(&mut text);
    // a stray character between the label and the province (住址国江苏省…)
    if let Some(pos) = stray_lead_before_province(&text) {
        text.drain(..pos);
        if let Some(first) = spans.first_mut() {
            first.range.start = (first.range.start + pos).min(first.range.end);
        }
    }
    // the first line's length tells a lost character from a misread one
    let lost = spans
        .first()
        .and_then(|first| {
            let row = &rows[first.row];
            let owners = &row.owner[first.range.clone()];
            let line = *owners.first()?;
            // the address's next line, when one line holds it
            let next = spans.get(1).and_then(|second| {
                let owners = &rows[second.row].owner[second.range.clone()];
                let next = *owners.first()?;
                owners.iter().all(|&o| o == next).then_some(next)
            });
            owners.iter().all(|&o| o == line).then(|| LostCharacter {
                lost: address_line_lost_character(card, lines, line, next),
                until: first.range.len(),
            })
        })
        .unwrap_or_default();
    check_division_chain(&mut text, number, lost, card);
    let region = number.and_then(IdNumber::region);
    let address: String = text.into_iter().collect();
    if let Some(region) = &region
        && number.is_some_and(|n| n.kind() == crate::number::id_number::IdKind::Resident)
        && !mentions_region(&address, region)
    {
        card.warnings.push(Warning::new(
            WarningCode::AddressRegionMismatch,
            "the address names none of the province, prefecture or county of the ID number's region",
        ));
    }
    card.address = Some(field_from(Sensitive::new(address), &spans, rows, lines));
}

#[cfg(test)]
mod wrap_tests {
    use ocr_core::{Quad, TextLine};

    use crate::{ParseOptions, parse};

    /// A front whose address is printed over `rows` (the first with its
    /// label), each continuation starting at the value column.
    fn address_of(rows: &[&str]) -> String {
        let rect = |text: &str, x: f64, y: f64, chars: f64| {
            TextLine::new(text, 99.0).with_polygon(Quad::from_rect(x, y, 30.0 * chars, 30.0))
        };
        let mut lines = vec![
            rect("姓名张三", 0.0, 0.0, 5.7),
            rect("性别男", 0.0, 50.0, 4.7),
            rect("民族汉", 250.0, 50.0, 4.7),
            rect("出生1949年12月31日", 0.0, 100.0, 11.7),
        ];
        for (k, row) in rows.iter().enumerate() {
            let x = if k == 0 { 0.0 } else { 110.0 };
            lines.push(rect(row, x, 150.0 + 40.0 * k as f64, row.chars().count() as f64));
        }
        lines.push(rect("公民身份号码110105194912310038", 0.0, 320.0, 17.0));
        let card = parse(&lines, &ParseOptions::default());
        card.address.map(|a| a.value.reveal().to_owned()).unwrap_or_default()
    }

    #[test]
    fn a_unit_suffix_alone_on_the_last_line_is_kept() {
        for suffix in ["室", "号", "栋", "组"] {
            assert_eq!(
                address_of(&["住址北京市朝阳区建国路12号院3幢1801", suffix]),
                format!("北京市朝阳区建国路12号院3幢1801{suffix}")
            );
        }
    }

    #[test]
    fn digits_cut_at_the_wrap_are_kept() {
        assert_eq!(
            address_of(&["住址北京市朝阳区建国路12号院3幢18", "01室"]),
            "北京市朝阳区建国路12号院3幢1801室"
        );
        assert_eq!(
            address_of(&["住址北京市朝阳区建国路12号院3幢1801", "1室"]),
            "北京市朝阳区建国路12号院3幢18011室"
        );
    }

    #[test]
    fn a_dash_between_han_characters_is_the_numeral_one() {
        assert_eq!(
            address_of(&["住址北京市朝阳区建国路十", "—组5号"]),
            "北京市朝阳区建国路十一组5号"
        );
        assert_eq!(
            address_of(&["住址北京市朝阳区建国路5号3-2-101"]),
            "北京市朝阳区建国路5号3-2-101"
        );
    }

    #[test]
    fn a_one_at_the_start_of_a_line_in_han_context_is_kept() {
        assert_eq!(
            address_of(&["住址北京市朝阳区建国路十", "一组5号"]),
            "北京市朝阳区建国路十一组5号"
        );
    }
}

#[cfg(test)]
mod sex_and_ethnicity_tests {
    use crate::test_lines::rect;

    use crate::{ParseOptions, parse};

    /// A front whose ethnicity label starts `gap` px after the sex's box
    /// ends, the two listed in either order.
    fn front(gap: f64, ethnicity_first: bool) -> crate::IdCard {
        let sex = rect("性别女", 0.0, 60.0, 140.0);
        let ethnicity = rect("民族瑶", 140.0 + gap, 60.0, 140.0);
        let (first, second) = if ethnicity_first {
            (ethnicity, sex)
        } else {
            (sex, ethnicity)
        };
        let lines = vec![
            rect("姓名张三", 0.0, 0.0, 170.0),
            first,
            second,
            rect("出生1949年12月31日", 0.0, 110.0, 350.0),
            rect("住址", 0.0, 160.0, 90.0),
            rect("北京市朝阳区建国路", 110.0, 160.0, 270.0),
            rect("公民身份号码110105194912310046", 0.0, 280.0, 530.0),
        ];
        parse(&lines, &ParseOptions::default())
    }

    #[test]
    fn a_row_whose_labels_both_slipped_is_still_the_sex_s_and_ethnicity_s() {
        // 性别 lost or misread, 民族 read without 族: 男民汉, 维女民汉, 民汉 + 男
        for row in [
            vec![("男民汉", 0.0)],
            vec![("维女民汉", 0.0)],
            vec![("民汉", 0.0), ("女", 200.0)],
        ] {
            let mut lines = vec![rect("姓名张三", 0.0, 0.0, 170.0)];
            lines.extend(
                row.iter()
                    .map(|&(t, x)| rect(t, x, 60.0, 30.0 * t.chars().count() as f64)),
            );
            lines.extend([
                rect("出生1949年12月31日", 0.0, 110.0, 350.0),
                rect("住址北京市朝阳区建国路", 0.0, 160.0, 389.0),
                rect("公民身份号码110105194912310046", 0.0, 280.0, 530.0),
            ]);
            let card = parse(&lines, &ParseOptions::default());
            assert_eq!(card.ethnicity.as_ref().map(|e| e.value.as_str()), Some("汉"), "{row:?}");
            assert_eq!(card.name.as_ref().map(|n| n.value.reveal()), Some("张三"), "{row:?}");
        }
    }

    #[test]
    fn an_ethnicity_read_past_its_slipped_label_keeps_its_line_s_confidence() {
        // 民汉 (族 lost): the value is read past the label's first character;
        // it comes from that line, so it has the line's confidence (88,
        // over the ethnicity's threshold), not none, and its box is the line's
        let mut lines = vec![rect("姓名张三", 0.0, 0.0, 170.0), rect("男", 0.0, 60.0, 30.0)];
        let mut ethnicity = rect("民汉", 110.0, 60.0, 60.0);
        ethnicity.confidence = 88.0;
        lines.push(ethnicity);
        lines.extend([
            rect("出生1949年12月31日", 0.0, 110.0, 350.0),
            rect("住址北京市朝阳区建国路", 0.0, 160.0, 389.0),
            rect("公民身份号码110105194912310056", 0.0, 280.0, 530.0),
        ]);
        let card = parse(&lines, &ParseOptions::default());
        let read = card.ethnicity.as_ref().expect("the ethnicity is read");
        assert_eq!(read.value, "汉");
        assert_eq!((read.confidence, read.lines.clone()), (88.0, vec![2]));
        assert!(read.quad.is_some_and(|q| q.points[0].x >= 110.0), "{:?}", read.quad);
        assert!(
            !card
                .warnings
                .iter()
                .any(|w| w.code == crate::WarningCode::LowConfidence),
            "{:?}",
            card.warnings
        );
    }

    #[test]
    fn an_ethnicity_printed_far_from_the_sex_is_read_from_its_own_row() {
        for gap in [60.0, 160.0, 300.0] {
            for ethnicity_first in [false, true] {
                let card = front(gap, ethnicity_first);
                let case = format!("gap {gap}, ethnicity listed first {ethnicity_first}");
                assert_eq!(card.ethnicity.as_ref().map(|e| e.value.as_str()), Some("瑶"), "{case}");
                assert_eq!(card.sex.as_ref().map(|s| s.value.as_chinese()), Some("女"), "{case}");
                assert_eq!(
                    card.address.as_ref().map(|a| a.value.reveal()),
                    Some("北京市朝阳区建国路"),
                    "{case}"
                );
            }
        }
    }

    #[test]
    fn a_sex_and_ethnicity_read_without_labels_are_told_by_their_values() {
        // no label read on the card: the values alone, the ethnicity in the
        // sex's box, a box of its own on the row or far apart, listed either way
        let cases: [&[(&str, f64, f64)]; 4] = [
            &[("女瑶", 110.0, 60.0)],
            &[("女", 110.0, 60.0), ("瑶", 150.0, 60.0)],
            &[("女", 110.0, 60.0), ("瑶", 330.0, 58.0)],
            &[("瑶", 330.0, 58.0), ("女", 110.0, 60.0)],
        ];
        for row in cases {
            let mut lines = vec![rect("张三", 110.0, 0.0, 60.0)];
            lines.extend(
                row.iter()
                    .map(|&(t, x, y)| rect(t, x, y, 30.0 * t.chars().count() as f64)),
            );
            lines.extend([
                rect("1949年12月31日", 110.0, 110.0, 240.0),
                rect("北京市朝阳区建国路", 110.0, 160.0, 270.0),
                rect("110105194912310046", 110.0, 280.0, 300.0),
            ]);
            let card = parse(&lines, &ParseOptions::default());
            assert_eq!(card.ethnicity.as_ref().map(|e| e.value.as_str()), Some("瑶"), "{row:?}");
            assert_eq!(card.sex.as_ref().map(|s| s.value.as_chinese()), Some("女"), "{row:?}");
            assert_eq!(card.name.as_ref().map(|n| n.value.reveal()), Some("张三"), "{row:?}");
            assert_eq!(card.status(), crate::CardStatus::Ok, "{row:?}: {:?}", card.warnings);
        }
        // a row of other text after the sex is no ethnicity's
        let lines = [
            rect("张三", 110.0, 0.0, 60.0),
            rect("女", 110.0, 60.0, 30.0),
            rect("瑶族", 330.0, 58.0, 60.0),
            rect("1949年12月31日", 110.0, 110.0, 240.0),
            rect("北京市朝阳区建国路", 110.0, 160.0, 270.0),
            rect("110105194912310046", 110.0, 280.0, 300.0),
        ];
        let card = parse(&lines, &ParseOptions::default());
        assert_eq!(card.ethnicity.as_ref().map(|e| e.value.as_str()), None);
    }

    #[test]
    fn a_birth_date_misread_past_parsing_is_not_taken_into_the_address() {
        for birth in ["195810月20扫", "1949年1231日", "2001*5月16日"] {
            let lines = [
                rect("姓名张三", 0.0, 0.0, 170.0),
                rect("性别男", 0.0, 60.0, 140.0),
                rect(birth, 110.0, 110.0, 240.0),
                rect("北京市朝阳区建国路", 110.0, 160.0, 270.0),
                rect("110105194912310038", 110.0, 280.0, 300.0),
            ];
            let card = parse(&lines, &ParseOptions::default());
            let address = card.address.as_ref().map(|a| a.value.reveal());
            assert_eq!(address, Some("北京市朝阳区建国路"), "{birth}");
        }
        // a room number that looks like a year, wrapped onto its own line,
        // stays the address's, the birth date read or not
        for birth in ["1949年12月31日", "19491231"] {
            let lines = [
                rect("姓名张三", 0.0, 0.0, 170.0),
                rect("性别男", 0.0, 60.0, 140.0),
                rect(birth, 110.0, 110.0, 240.0),
                rect("住址北京市朝阳区建国路3幢", 0.0, 160.0, 440.0),
                rect("1903室", 110.0, 200.0, 100.0),
                rect("110105194912310038", 110.0, 280.0, 300.0),
            ];
            let card = parse(&lines, &ParseOptions::default());
            let address = card.address.as_ref().map(|a| a.value.reveal());
            assert_eq!(address, Some("北京市朝阳区建国路3幢1903室"), "{birth}");
        }
    }
}
