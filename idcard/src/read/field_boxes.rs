//! Where each field is printed: a quad in image pixels around the
//! characters it was read from (KYC review screens highlight them).

use ocr_core::{Quad, Rect, TextLine};
use ocr_layout::PageFrame;

use crate::model::card::{Field, IdCard};
use crate::read::text::kept_chars;

/// Sets the `quad` of every field read from OCR characters: the part of
/// each line the value's characters take (by their share of the line's
/// characters), joined across lines, in the card's reading frame.
pub(crate) fn locate_fields(card: &mut IdCard, lines: &[TextLine]) {
    let frame = card.frame;
    locate(&mut card.name, lines, &frame);
    locate(&mut card.sex, lines, &frame);
    locate(&mut card.ethnicity, lines, &frame);
    locate(&mut card.birth_date, lines, &frame);
    locate(&mut card.address, lines, &frame);
    locate(&mut card.id_number, lines, &frame);
    locate(&mut card.issuer, lines, &frame);
    locate(&mut card.validity, lines, &frame);
}

fn locate<T>(field: &mut Option<Field<T>>, lines: &[TextLine], frame: &PageFrame) {
    if let Some(f) = field.as_mut() {
        f.quad = value_quad(&f.spans, lines, frame);
    }
}

/// The frame-aligned box around the given characters of the given lines,
/// as an image quad (top-left as read first, clockwise).
pub(crate) fn value_quad(
    spans: &[(usize, std::ops::Range<usize>)],
    lines: &[TextLine],
    frame: &PageFrame,
) -> Option<Quad> {
    let mut bounds: Option<Rect> = None;
    for (line, range) in spans {
        let line = lines.get(*line)?;
        let quad = line
            .polygon
            .or_else(|| line.item_box.map(|b| Quad::from_rect(b.x, b.y, b.width, b.height)))?;
        let len = kept_chars(&line.text).len();
        if len == 0 || range.end > len {
            continue;
        }
        let b = frame.quad_to_frame(&quad).bounding_box();
        let (x0, x1, y0, y1) = (b.x, b.x + b.width, b.y, b.y + b.height);
        let step = (x1 - x0) / len as f64;
        let part = Rect::new(x0 + step * range.start as f64, y0, x0 + step * range.end as f64, y1);
        bounds = Some(bounds.map_or(part, |b| b.union(&part)));
    }
    Some(bounds?.to_quad().map(|p| frame.from_frame(p)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::ParseOptions;
    use crate::parse::parse;

    fn row(text: &str, y: f64) -> TextLine {
        // 20 px per character
        let w = 20.0 * text.chars().count() as f64;
        TextLine::new(text, 99.0).with_polygon(Quad::from_rect(0.0, y, w, 30.0))
    }

    #[test]
    fn a_value_after_its_label_gets_the_part_of_the_line_it_takes() {
        let lines = [row("姓名张三", 0.0), row("公民身份号码110105194912310038", 100.0)];
        let card = parse(&lines, &ParseOptions::default());
        let name = card.name.unwrap().quad.unwrap();
        assert!(
            (name.points[0].x - 40.0).abs() < 1e-6 && (name.points[1].x - 80.0).abs() < 1e-6,
            "{name:?}"
        );
        assert_eq!((name.points[0].y, name.points[2].y), (0.0, 30.0));
        let number = card.id_number.unwrap().quad.unwrap();
        assert!((number.points[0].x - 120.0).abs() < 1e-6 && (number.points[1].x - 480.0).abs() < 1e-6);
        // taken from the number, not read where printed: no box
        assert!(card.birth_date.unwrap().quad.is_none());
    }

    #[test]
    fn an_address_over_two_lines_gets_one_box_around_both() {
        let lines = [
            row("姓名张三", 0.0),
            row("住址北京市朝阳区建国路", 100.0),
            row("88号院", 135.0),
            row("公民身份号码110105194912310038", 250.0),
        ];
        let card = parse(&lines, &ParseOptions::default());
        let q = card.address.unwrap().quad.unwrap();
        assert_eq!((q.points[0].y, q.points[2].y), (100.0, 165.0));
        assert!(
            (q.points[0].x - 0.0).abs() < 1e-6 && (q.points[1].x - 220.0).abs() < 1e-6,
            "{q:?}"
        );
    }
}
