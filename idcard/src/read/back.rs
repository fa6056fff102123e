//! The back side: 签发机关 and 有效期限.
//!
//! The back is a form of two labelled fields, read by `ocr_form`'s
//! extractor: each label found whole, spaced, fused with its value, split
//! over boxes or with one character misread, its value to its right and,
//! for the authority, continued on the aligned line below. What a card's
//! back adds stays here: a label lost (the authority is the row of text
//! above the period; the period is the row that reads as one), a label read
//! after its value, stray characters before the authority's place name,
//! the period's separators lost.

use std::sync::LazyLock;

use chrono::NaiveDate;
use ocr_core::TextLine;
use ocr_form::{FieldSpec, FormExtractor, FormSchema, LineSpan, ValueKind};
use ocr_layout::PageFrame;

use crate::model::card::{IdCard, ValidUntil, Validity};

use crate::check::issuer::{IssuerCheck, check_issuer, misread_name_fits};
use crate::model::warning::{Warning, WarningCode};
use crate::number::region::division_prefix_len;
use crate::read::labels::{ISSUER, TITLE_CARD, TITLE_COUNTRY, VALIDITY};
use crate::read::rows::{RowText, Span, field_from};
use crate::read::text::{halfwidth_char, is_cjk, standard_form};

/// The back's two labelled fields as an `ocr_form` schema.
static BACK_FORM: LazyLock<FormExtractor> = LazyLock::new(|| {
    let schema = FormSchema::new("id-card-back")
        .field(FieldSpec::new(
            "issuer",
            ValueKind::Text,
            [String::from_iter(ISSUER.text)],
        ))
        .field(FieldSpec::new(
            "validity",
            ValueKind::DateRange,
            [String::from_iter(VALIDITY.text)],
        ));
    FormExtractor::new(schema).expect("the back's schema is valid")
});

pub(crate) fn read_back_fields(rows: &[RowText], lines: &[TextLine], frame: &PageFrame, card: &mut IdCard) {
    let form = BACK_FORM.extract(&as_read_in_frame(lines, frame));
    let spans_of = |key: &str| {
        form.get(key)
            .map(|f| row_spans(&f.spans, rows, lines))
            .filter(|spans| !spans.is_empty())
    };
    let (issuer_spans, validity_spans) = (spans_of("issuer"), spans_of("validity"));
    let validity_row = validity_spans
        .as_ref()
        .map(|spans| spans[0].row)
        .or_else(|| rows.iter().position(|r| VALIDITY.find(r).is_some()))
        .or_else(|| rows.iter().position(|r| parse_validity(&r.chars).is_some()));
    let issuer_row = rows.iter().position(|r| ISSUER.find(r).is_some());
    match (issuer_spans, issuer_row) {
        (Some(spans), _) => {
            // the authority continues only on rows of Han characters that
            // are not the period's (its label unread, the extractor would
            // take `2018.02.12-长期` below as the authority's next line)
            let first = spans[0].row;
            let spans = spans
                .into_iter()
                .filter(|s| s.row == first || (Some(s.row) != validity_row && is_authority_row(&rows[s.row])))
                .collect();
            set_issuer(rows, spans, lines, card)
        }
        (None, Some(r)) => read_issuer(rows, r, validity_row, lines, card),
        // label lost: the authority is the row of text just above the period
        (None, None) => {
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
    let spans = match (validity_spans, validity_row) {
        (Some(spans), _) => spans,
        (None, Some(r)) => {
            let row = &rows[r];
            let (start, stop) = match VALIDITY.find(row) {
                Some(m) if m.start == 0 => (m.end, row.chars.len()),
                Some(m) if m.end == row.chars.len() => (0, m.start),
                _ => (0, row.chars.len()),
            };
            vec![Span {
                row: r,
                range: start..stop,
            }]
        }
        (None, None) => return,
    };
    let chars: Vec<char> = spans
        .iter()
        .flat_map(|s| rows[s.row].chars[s.range.clone()].iter().copied())
        .collect();
    match parse_validity(&chars) {
        Some(v) => card.validity = Some(field_from(v, &spans, rows, lines)),
        None => card.warnings.push(Warning::new(
            WarningCode::ValidityUnreadable,
            "the validity period could not be read",
        )),
    }
}

/// The lines as the rows read them, for the form extractor: turned into
/// the card's frame (upright: its orientation was told by the content) and
/// with the card's vocabulary in its standard forms (簽發機關 is 签发机关),
/// each character kept in its place.
fn as_read_in_frame(lines: &[TextLine], frame: &PageFrame) -> Vec<TextLine> {
    lines
        .iter()
        .map(|line| {
            let mut line = line.clone();
            line.text = line.text.chars().map(standard_form).collect();
            line.polygon = line.polygon.map(|q| frame.quad_to_frame(&q));
            line
        })
        .collect()
}

/// The rows' spans holding the characters of `spans` (each a range of an
/// OCR line's text): a row keeps a line's characters together, without
/// whitespace; spans that follow each other in a row are one (`签发机关营`
/// `常州市…` gives `营常州市…`). A span whose characters no row holds is
/// left out.
fn row_spans(spans: &[LineSpan], rows: &[RowText], lines: &[TextLine]) -> Vec<Span> {
    let mut joined: Vec<Span> = Vec::new();
    for span in spans.iter().filter_map(|s| {
        let text = &lines.get(s.line)?.text;
        let kept_before = |i: usize| {
            text.chars()
                .take(i)
                .filter(|&c| !halfwidth_char(c).is_whitespace())
                .count()
        };
        let kept = kept_before(s.chars.start)..kept_before(s.chars.end);
        rows.iter().enumerate().find_map(|(r, row)| {
            let mut at = (0..row.chars.len()).filter(|&p| row.owner[p] == s.line && kept.contains(&row.pos[p]));
            let first = at.next()?;
            let last = at.next_back().unwrap_or(first);
            Some(Span {
                row: r,
                range: first..last + 1,
            })
        })
    }) {
        match joined.last_mut() {
            Some(last) if last.row == span.row && last.range.end == span.range.start => last.range.end = span.range.end,
            _ => joined.push(span),
        }
    }
    joined
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

#[cfg(test)]
mod tests {
    use crate::test_lines::rect;
    use ocr_core::TextLine;
    use ocr_form::LineSpan;

    use super::row_spans;
    use crate::read::rows::{RowText, Span};
    use crate::{ParseOptions, Side, parse};

    #[test]
    fn a_value_s_line_spans_map_onto_the_row_that_holds_them() {
        // two boxes in one row, the first with a space the row drops
        let lines = [
            rect("签发机关 营", 0.0, 0.0, 170.0),
            rect("常州市公安局", 170.0, 0.0, 180.0),
        ];
        let chars: Vec<char> = "签发机关营常州市公安局".chars().collect();
        let row = RowText {
            read: chars.clone(),
            chars,
            owner: [vec![0; 5], vec![1; 6]].concat(),
            pos: (0..5).chain(0..6).collect(),
        };
        let spans = [LineSpan { line: 0, chars: 5..6 }, LineSpan { line: 1, chars: 0..6 }];
        assert_eq!(row_spans(&spans, &[row], &lines), [Span { row: 0, range: 4..11 }]);
        // a line no row holds gives nothing
        assert!(row_spans(&[LineSpan { line: 2, chars: 0..1 }], &[], &lines).is_empty());
    }

    #[test]
    fn the_back_s_labels_and_values_are_found_by_the_form_extractor() {
        let backs: [Vec<TextLine>; 5] = [
            vec![
                rect("签发机关北京市公安局朝阳分局", 0.0, 100.0, 420.0),
                rect("有效期限2015.03.01-2035.03.01", 0.0, 150.0, 420.0),
            ],
            // traditional forms, label and value in boxes of their own
            vec![
                rect("簽發機關", 0.0, 100.0, 120.0),
                rect("北京市公安局朝阳分局", 140.0, 100.0, 300.0),
                rect("有效期限", 0.0, 150.0, 120.0),
                rect("2015.03.01-2035.03.01", 140.0, 150.0, 280.0),
            ],
            // spaced labels
            vec![
                rect("签 发 机 关 北京市公安局朝阳分局", 0.0, 100.0, 460.0),
                rect("有 效 期 限 2015.03.01-2035.03.01", 0.0, 150.0, 460.0),
            ],
            // listed bottom-up
            vec![
                rect("有效期限2015.03.01-2035.03.01", 0.0, 150.0, 420.0),
                rect("签发机关北京市公安局朝阳分局", 0.0, 100.0, 420.0),
            ],
            // the period's label unread: its value below the authority's is
            // no continuation of it
            vec![
                rect("签发机关", 0.0, 100.0, 120.0),
                rect("北京市公安局朝阳分局", 120.0, 100.0, 300.0),
                rect("2015.03.01-长期", 120.0, 140.0, 220.0),
            ],
        ];
        for (k, lines) in backs.iter().enumerate() {
            let mut all = vec![
                rect("中华人民共和国", 100.0, 0.0, 300.0),
                rect("居民身份证", 100.0, 40.0, 300.0),
            ];
            all.extend(lines.iter().cloned());
            let card = parse(&all, &ParseOptions::default());
            assert_eq!(card.side, Some(Side::Back), "{k}");
            assert_eq!(
                card.issuer.as_ref().map(|i| i.value.as_str()),
                Some("北京市公安局朝阳分局"),
                "{k}"
            );
            assert_eq!(
                card.validity.as_ref().map(|v| v.value.from),
                chrono::NaiveDate::from_ymd_opt(2015, 3, 1),
                "{k}"
            );
            assert_eq!(card.status(), crate::CardStatus::Ok, "{k}: {:?}", card.warnings);
        }
    }
}
