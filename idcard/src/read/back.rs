//! The back side: 签发机关 and 有效期限.

use chrono::NaiveDate;
use ocr_core::TextLine;

use crate::model::card::{IdCard, ValidUntil, Validity};

use crate::check::issuer::{IssuerCheck, check_issuer, misread_name_fits};
use crate::model::warning::{Warning, WarningCode};
use crate::number::region::division_prefix_len;
use crate::read::labels::{ISSUER, TITLE_CARD, TITLE_COUNTRY, VALIDITY};
use crate::read::rows::{RowText, Span, field_from};
use crate::read::text::is_cjk;

pub(crate) fn read_back_fields(rows: &[RowText], lines: &[TextLine], card: &mut IdCard) {
    let validity_row = rows
        .iter()
        .position(|r| VALIDITY.find(r).is_some())
        .or_else(|| rows.iter().position(|r| parse_validity(&r.chars).is_some()));
    let issuer_row = rows.iter().position(|r| ISSUER.find(r).is_some());
    match issuer_row {
        Some(r) => read_issuer(rows, r, validity_row, lines, card),
        // label lost: the authority is the row of text just above the period
        None => {
            if let Some(r) = validity_row.and_then(|v| v.checked_sub(1))
                && is_authority_row(&rows[r])
            {
                set_issuer(
                    rows,
                    vec![Span {
                        row: r,
                        range: 0..rows[r].chars.len(),
                    }],
                    lines,
                    card,
                );
            }
        }
    }
    if let Some(r) = validity_row {
        let row = &rows[r];
        let (start, stop) = match VALIDITY.find(row) {
            Some(m) if m.start == 0 => (m.end, row.chars.len()),
            Some(m) if m.end == row.chars.len() => (0, m.start),
            _ => (0, row.chars.len()),
        };
        match parse_validity(&row.chars[start..stop]) {
            Some(v) => {
                card.validity = Some(field_from(
                    v,
                    &[Span {
                        row: r,
                        range: start..stop,
                    }],
                    rows,
                    lines,
                ))
            }
            None => card.warnings.push(Warning::new(
                WarningCode::ValidityUnreadable,
                "the validity period could not be read",
            )),
        }
    }
}

fn read_issuer(rows: &[RowText], r: usize, validity_row: Option<usize>, lines: &[TextLine], card: &mut IdCard) {
    let row = &rows[r];
    let Some(m) = ISSUER.find(row) else { return };
    let (start, stop) = if m.start == 0 || m.end < row.chars.len() {
        (m.end, row.chars.len())
    } else {
        (0, m.start)
    };
    let mut spans = vec![Span {
        row: r,
        range: start..stop,
    }];
    // a long authority name wraps onto the next row
    if let Some(next) = rows.get(r + 1)
        && Some(r + 1) != validity_row
        && is_authority_row(next)
    {
        spans.push(Span {
            row: r + 1,
            range: 0..next.chars.len(),
        });
    }
    set_issuer(rows, spans, lines, card);
}

fn is_authority_row(row: &RowText) -> bool {
    row.chars.len() >= 3
        && row.chars.iter().all(|&c| is_cjk(c))
        && [TITLE_CARD, TITLE_COUNTRY].iter().all(|l| l.find(row).is_none())
}

fn set_issuer(rows: &[RowText], mut spans: Vec<Span>, lines: &[TextLine], card: &mut IdCard) {
    // stray characters before the authority's place name: one after the
    // label (签发机关营常州市…), or the remains of a misread label (惠机美常州市…);
    // not when the characters may be the place's own, misread (节云县: 庆云县)
    if let Some(first) = spans.first_mut() {
        let text = &rows[first.row].chars[first.range.clone()];
        let place = text.split(|&c| c == '公').next().unwrap_or(text);
        if division_prefix_len(text).is_none()
            && !misread_name_fits(place)
            && let Some(k) = (1..=ISSUER.text.len().min(text.len().saturating_sub(2)))
                .find(|&k| division_prefix_len(&text[k..]).is_some())
        {
            first.range.start += k;
        }
    }
    let issuer: String = spans
        .iter()
        .flat_map(|s| rows[s.row].chars[s.range.clone()].iter())
        .filter(|&&c| is_cjk(c))
        .collect();
    if issuer.is_empty() {
        return;
    }
    let mut field = field_from(issuer, &spans, rows, lines);
    match check_issuer(&field.value) {
        IssuerCheck::Proven => field.verified = true,
        IssuerCheck::Repaired(fixed) => {
            field.value = fixed;
            field.verified = true;
            card.warnings.push(Warning::new(
                WarningCode::IssuerRepaired,
                "a place name in the issuing authority was misread and corrected to the one division that fits",
            ));
        }
        IssuerCheck::Unverified => card.warnings.push(Warning::new(
            WarningCode::IssuerUnverified,
            "the issuing authority is not of the form <division>公安局[<district>分局] with divisions that exist",
        )),
    }
    card.issuer = Some(field);
}

/// Reads `YYYY.MM.DD-YYYY.MM.DD` or `YYYY.MM.DD-长期`, tolerating lost or
/// misread separators (`2020.01.13长期`, `2020.01.13 2030.01.13`).
///
pub(crate) fn parse_validity(chars: &[char]) -> Option<Validity> {
    let digits: String = chars.iter().filter(|c| c.is_ascii_digit()).collect();
    let long_term = chars.windows(2).any(|w| w == ['长', '期']);
    let date = |s: &str| -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(s[0..4].parse().ok()?, s[4..6].parse().ok()?, s[6..8].parse().ok()?)
    };
    match (digits.len(), long_term) {
        (8, true) => Some(Validity {
            from: date(&digits)?,
            until: ValidUntil::LongTerm,
        }),
        (16, false) => Some(Validity {
            from: date(&digits[..8])?,
            until: ValidUntil::Date(date(&digits[8..])?),
        }),
        _ => None,
    }
}
