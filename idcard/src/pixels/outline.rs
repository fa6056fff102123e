//! Cards placed from their outline in the image: a card whose labels the
//! OCR did not read (too small, too faint) has no layout to place it by,
//! and a card whose print could not be read at all is no card to the OCR.
//! Both are still there as a light ID-1 rectangle against the surface the
//! card lies on ([`ocr_image::find_light_rectangles`]).

use image::RgbImage;
use ocr_core::{Point, Quad};
use ocr_layout::PageFrame;

use crate::model::card::IdCard;

use crate::model::warning::{Warning, WarningCode};
use crate::page::layout::{CARD_HEIGHT_MM, CARD_WIDTH_MM};
use crate::page::pair::order_for_reading;
use crate::page::reading::{CardOnPage, PageReading, QuadSource, multiple_cards};

/// At most this many unreadable cards are reported on one page.
const MAX_UNREAD_CARDS: usize = 4;

/// Places the page's unplaced cards on the light ID-1 outline that holds
/// most of their text (at least half of it), oriented by their text; on a
/// page where no card was read, each such outline becomes a card of unknown
/// side carrying [`WarningCode::SideUnknown`] — a card is there, but its
/// print could not be read. Outlines holding a placed card are skipped.
pub(crate) fn place_by_outline(page: &mut PageReading, image: &RgbImage) {
    let needed = page.cards.is_empty() || page.cards.iter().any(|c| c.quad.is_none());
    if !needed {
        return;
    }
    let search = ocr_image::RectangleSearch::with_aspect(CARD_WIDTH_MM / CARD_HEIGHT_MM);
    let placed: Vec<Quad> = page.cards.iter().filter_map(|c| c.quad).collect();
    let mut outlines: Vec<Quad> = ocr_image::find_light_rectangles(image, &search)
        .into_iter()
        .filter(|o| !placed.iter().any(|q| q.contains(o.center()) || o.contains(q.center())))
        .collect();
    let mut changed = false;
    for card in page.cards.iter_mut().filter(|c| c.quad.is_none()) {
        let centres: Vec<Point> = card.text_lines.iter().map(Quad::center).collect();
        let Some(k) = outline_holding(&outlines, &centres) else {
            continue;
        };
        let outline = snapped_to_edges(image, &outlines.remove(k));
        card.quad = Some(oriented(&outline, &card.card.frame));
        card.quad_source = QuadSource::Edges;
        changed = true;
    }
    if page.cards.is_empty() && !outlines.is_empty() {
        page.cards = outlines
            .iter()
            .take(MAX_UNREAD_CARDS)
            .enumerate()
            .map(|(person, o)| unreadable_card(person, snapped_to_edges(image, o)))
            .collect();
        page.warnings.retain(|w| w.code != WarningCode::SideUnknown);
        if page.cards.len() > 1 {
            page.warnings.push(multiple_cards(page.cards.len()));
        }
        changed = true;
    }
    if changed {
        order_for_reading(&mut page.cards);
    }
}

/// The outline holding the most of `text` (and at least half of it).
fn outline_holding(outlines: &[Quad], text: &[Point]) -> Option<usize> {
    let (k, held) = outlines
        .iter()
        .enumerate()
        .map(|(k, o)| (k, text.iter().filter(|p| o.contains(**p)).count()))
        .max_by_key(|&(_, held)| held)?;
    (held > 0 && 2 * held >= text.len()).then_some(k)
}

/// A card seen only as an outline.
fn unreadable_card(person: usize, quad: Quad) -> CardOnPage {
    let mut card = IdCard::empty(PageFrame::default());
    card.warnings.push(Warning::new(
        WarningCode::SideUnknown,
        "a card-shaped object whose print could not be read",
    ));
    CardOnPage::from_outline(card, person, quad)
}

/// The outline's corners starting at the card's top-left as its text
/// reads (the corner nearest the frame's top-left), clockwise.
fn oriented(outline: &Quad, frame: &PageFrame) -> Quad {
    let p = outline.points;
    let key = |k: usize| {
        let f = frame.to_frame(p[k]);
        f.x + f.y
    };
    let start = (0..4).min_by(|&a, &b| key(a).total_cmp(&key(b))).unwrap_or(0);
    Quad::new([0, 1, 2, 3].map(|k| p[(start + k) % 4]))
}

/// How far beyond the text's placement a side of the card may lie, as a
/// share of the placement's longer side: a design whose labels stand
/// elsewhere than the layout expects misplaces the card by up to a third
/// of its size (a dev3 card placed at 0.74 of its size had a side 0.36
/// of the placement's length beyond it).
const TEXT_PLACEMENT_REACH: f64 = 0.5;

/// The card's outline found from the image's edges around where its text
/// places it ([`ocr_image::locate_outline`]: every line of the card wholly
/// inside, ID-1 proportions, every side in the image supported by the
/// pixels): [`QuadSource::Edges`]. Else the placement snapped to edges
/// near it when that keeps the card's proportions (a faint edge the edge
/// map misses): `Edges` when every side found its edge or lies beyond the
/// image's frame (a card cut off). Else the outline three or more of its
/// sides' shadow lines fix ([`ocr_image::locate_outline_from_sides`]: a
/// light card on light paper, `Edges`). Else the snapped quad is still the
/// text's ([`QuadSource::Text`]: a side inside the image left where the
/// text put it says nothing of where the card ends). `None` when the
/// pixels move nothing.
pub(crate) fn located_by_edges(image: &RgbImage, placed: &Quad, text_lines: &[Quad]) -> Option<(Quad, QuadSource)> {
    let mut search = ocr_image::OutlineSearch::with_aspect(ocr_image::ID1_ASPECT);
    search.reach = TEXT_PLACEMENT_REACH;
    let corners: Vec<Point> = text_lines.iter().flat_map(ink_corners).collect();
    if let Some(outline) = ocr_image::locate_outline(image, placed, &corners, &search) {
        return Some((outline.quad, QuadSource::Edges));
    }
    let snapped = snapped_with_card_aspect(image, placed);
    let (w, h) = (image.width() as f64, image.height() as f64);
    let beyond_frame = |quad: &Quad, k: usize| {
        let (a, b) = (quad.points[k], quad.points[(k + 1) % 4]);
        let m = Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
        !(m.x >= 0.0 && m.y >= 0.0 && m.x <= w && m.y <= h)
    };
    if let Some(snapped) = snapped
        && (0..4).all(|k| side_moved(placed, &snapped, k) || beyond_frame(&snapped, k))
    {
        return Some((snapped, QuadSource::Edges));
    }
    // a light card on light paper shows only its edges' shadow, on some sides
    if let Some(outline) = ocr_image::locate_outline_from_sides(image, placed, &corners, &search) {
        return Some((outline.quad, QuadSource::Edges));
    }
    snapped.map(|quad| (quad, QuadSource::Text))
}

/// The corners of a text line's ink: its box's corners moved in along both
/// of its sides by a quarter of the box's height. A detector's box reaches
/// past the ink by a margin of about that, so a line printed up to the
/// card's edge has a box that pokes out of the card; its ink does not.
fn ink_corners(line: &Quad) -> [Point; 4] {
    let p = line.points;
    let height = (0..4)
        .map(|k| p[k].distance(p[(k + 1) % 4]))
        .fold(f64::INFINITY, f64::min);
    let inset = height / 4.0;
    std::array::from_fn(|k| {
        let toward = |q: Point| {
            let d = p[k].distance(q);
            if d > 0.0 {
                Point::new((q.x - p[k].x) / d * inset, (q.y - p[k].y) / d * inset)
            } else {
                Point::new(0.0, 0.0)
            }
        };
        let (a, b) = (toward(p[(k + 1) % 4]), toward(p[(k + 3) % 4]));
        Point::new(p[k].x + a.x + b.x, p[k].y + a.y + b.y)
    })
}

/// Whether side `k` of `after` lies off the line of side `k` of `before`
/// (by more than a hundredth of a pixel at either end): an edge was found
/// for it.
fn side_moved(before: &Quad, after: &Quad, k: usize) -> bool {
    let (a, b) = (before.points[k], before.points[(k + 1) % 4]);
    let len = a.distance(b);
    if len <= 0.0 {
        return false;
    }
    let off = |p: Point| ((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)).abs() / len;
    off(after.points[k]) > 0.01 || off(after.points[(k + 1) % 4]) > 0.01
}

/// An outline's quad snapped to the card's edges
/// ([`ocr_image::snap_outline_with_aspect`]), kept only with the card's
/// proportions: within 4 % of 85.6 ÷ 54. The 600 dev and dev2 photos' true
/// outlines are within 3 % (0.971–1.024) at the tilts they were taken at;
/// an edge stuck to the portrait's border makes the card 5–8 % too narrow.
/// `None` without them.
fn snapped_with_card_aspect(image: &RgbImage, quad: &Quad) -> Option<Quad> {
    let card = CARD_WIDTH_MM / CARD_HEIGHT_MM;
    ocr_image::snap_outline_with_aspect(image, quad, &ocr_image::EdgeSearch::default(), card, 0.04)
}

/// [`snapped_with_card_aspect`], else the quad as it was.
pub(crate) fn snapped_to_edges(image: &RgbImage, quad: &Quad) -> Quad {
    snapped_with_card_aspect(image, quad).unwrap_or(*quad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::card::Side;
    use crate::options::ParseOptions;
    use crate::page::parse_page;
    use crate::page::reading::QuadSource;
    use crate::pixels::quality::QualityLimits;
    use image::Rgb;
    use ocr_core::TextLine;

    /// A 1600 × 1200 desk photo with a pale card of `long` px at `(x, y)`,
    /// axis-aligned, with some dark print on its left part.
    fn desk_with_card(x: u32, y: u32, long: u32) -> RgbImage {
        let short = (long as f64 * 54.0 / 85.6).round() as u32;
        RgbImage::from_fn(1600, 1200, |px, py| {
            let (u, v) = (px.wrapping_sub(x), py.wrapping_sub(y));
            if u < long && v < short {
                if (12..long / 2).contains(&u) && (12..short - 12).contains(&v) && v % 14 < 4 {
                    Rgb([50, 50, 50])
                } else {
                    Rgb([226, 229, 221])
                }
            } else {
                let t = ((px * 5 + py * 11) % 17) as u8;
                Rgb([90 + t, 84, 100])
            }
        })
    }

    #[test]
    fn a_line_s_ink_lies_a_quarter_of_its_height_inside_its_box() {
        let ink = ink_corners(&Quad::from_rect(100.0, 50.0, 400.0, 40.0));
        let expected = [(110.0, 60.0), (490.0, 60.0), (490.0, 80.0), (110.0, 80.0)];
        for (p, (x, y)) in ink.iter().zip(expected) {
            assert!(p.distance(Point::new(x, y)) < 1e-9, "{ink:?}");
        }
        // turned boxes too: each corner moves in along both of its sides
        let turned = Quad::from_rect(100.0, 50.0, 400.0, 40.0).map(|p| Point::new(-p.y, p.x));
        let ink = ink_corners(&turned);
        assert!(ink[0].distance(Point::new(-60.0, 110.0)) < 1e-9, "{ink:?}");
    }

    #[test]
    fn a_line_printed_up_to_the_card_s_edge_does_not_hide_the_card() {
        // a pale card 856 px long at (300, 200), its text placing it 40 px
        // off; the number's box reaches 8 px past the card's right edge (the
        // detector's margin around ink printed up to the edge)
        let (x, y, long) = (300.0, 200.0, 856.0);
        let short = (long * 54.0 / 85.6f64).round();
        let image = desk_with_card(x as u32, y as u32, long as u32);
        let placed = Quad::from_rect(x + 40.0, y - 20.0, long, short);
        let name = Quad::from_rect(x + 100.0, y + 60.0, 200.0, 40.0);
        let number = Quad::from_rect(x + 400.0, y + short - 80.0, long - 400.0 + 8.0, 40.0);
        let search = ocr_image::OutlineSearch::with_aspect(ocr_image::ID1_ASPECT);
        let ink: Vec<Point> = [name, number].iter().flat_map(ink_corners).collect();
        let outline = ocr_image::locate_outline(&image, &placed, &ink, &search).expect("the card's outline");
        assert!(
            outline.quad.points[1].distance(Point::new(x + long, y)) < 4.0,
            "{:?}",
            outline.quad
        );
        // the boxes' own corners poke out: no outline holds them
        let boxes: Vec<Point> = [name, number].iter().flat_map(|q| q.points).collect();
        assert!(ocr_image::locate_outline(&image, &placed, &boxes, &search).is_none());
    }

    #[test]
    fn a_card_its_text_places_too_small_is_found_on_its_edges() {
        // the text places the card at 0.6 of its size, about its middle
        let (x, y, long) = (300.0, 200.0, 856.0);
        let short = (long * 54.0 / 85.6f64).round();
        let image = desk_with_card(x as u32, y as u32, long as u32);
        let placed = Quad::from_rect(x + 0.2 * long, y + 0.2 * short, 0.6 * long, 0.6 * short);
        let name = Quad::from_rect(x + 0.3 * long, y + 0.3 * short, 150.0, 30.0);
        let (quad, source) = located_by_edges(&image, &placed, &[name]).expect("a quad");
        assert_eq!(source, QuadSource::Edges);
        assert!(quad.points[0].distance(Point::new(x, y)) < 4.0, "{quad:?}");
        assert!(
            quad.points[2].distance(Point::new(x + long, y + short)) < 4.0,
            "{quad:?}"
        );
    }

    #[test]
    fn an_unread_card_becomes_a_card_of_unknown_side_with_its_outline() {
        let image = desk_with_card(1200, 200, 220);
        let mut page = parse_page(&[], &ParseOptions::default());
        page.assess_image(&image, &QualityLimits::default());
        assert_eq!(page.cards.len(), 1);
        let card = &page.cards[0];
        assert_eq!(card.card.side, None);
        assert!(card.card.has_warning(WarningCode::SideUnknown));
        assert!(card.card.has_warning(WarningCode::TooSmall), "{:?}", card.card.warnings);
        let q = card.quad.unwrap();
        assert!(q.points[0].distance(Point::new(1200.0, 200.0)) < 6.0, "{q:?}");
        assert!(page.warnings.iter().all(|w| w.code != WarningCode::SideUnknown));
        assert!(page.into_first_identity().has_warning(WarningCode::SideUnknown));
    }

    /// A front's labelled rows at `dx` px right of the usual place.
    fn front_rows(dx: f64) -> Vec<TextLine> {
        let row = |t: &str, y: f64| {
            TextLine::new(t, 99.0).with_polygon(Quad::from_rect(56.0 + dx, y, 20.0 * t.chars().count() as f64, 23.0))
        };
        vec![
            row("姓名张三", 72.0),
            row("住址北京市朝阳区建国路1号", 256.0),
            row("公民身份号码110105194912310038", 462.0),
        ]
    }

    #[test]
    fn a_quad_placed_by_the_text_alone_does_not_say_the_card_is_cut_off() {
        // the text places the card partly past the image's right edge, but
        // the image shows no card edge at all: the quad stays the text's
        let lines = front_rows(0.0);
        let mut page = parse_page(&lines, &ParseOptions::default());
        let placed = page.cards[0].quad.unwrap();
        let right = placed.points.iter().map(|p| p.x).fold(0.0, f64::max);
        let plain = RgbImage::from_pixel((right * 0.85) as u32, 700, Rgb([228, 226, 218]));
        page.assess_image(&plain, &QualityLimits::default());
        let card = &page.cards[0];
        assert_eq!(card.quad_source, QuadSource::Text);
        assert!(card.quality.unwrap().outside > QualityLimits::default().outside);
        assert!(
            !card.card.has_warning(WarningCode::BorderIncomplete),
            "{:?}",
            card.card.warnings
        );
    }

    #[test]
    fn a_card_whose_edges_show_is_placed_on_them() {
        // the card's pale outline 30 px left of where its text places it
        let lines = front_rows(200.0);
        let mut page = parse_page(&lines, &ParseOptions::default());
        let placed = page.cards[0].quad.unwrap();
        let (x0, y0) = (placed.points[0].x - 30.0, placed.points[0].y + 10.0);
        let long = placed.points[0].distance(placed.points[1]);
        let image = desk_with_card(x0.max(0.0) as u32, y0.max(0.0) as u32, long as u32);
        page.assess_image(&image, &QualityLimits::default());
        let card = &page.cards[0];
        assert_eq!(card.quad_source, QuadSource::Edges);
        let q = card.quad.unwrap();
        assert!(
            q.points[0].distance(Point::new(x0.max(0.0).floor(), y0.max(0.0).floor())) < 4.0,
            "{q:?} {placed:?}"
        );
    }

    #[test]
    fn a_card_read_from_its_number_alone_is_placed_on_its_outline() {
        let image = desk_with_card(400, 700, 240);
        // only the number was read: no label to place the card by
        let number = TextLine::new("110105194912310038", 95.0).with_polygon(Quad::from_rect(470.0, 836.0, 150.0, 9.0));
        let mut page = parse_page(&[number], &ParseOptions::default());
        assert_eq!(page.cards[0].card.side, Some(Side::Front));
        assert_eq!(page.cards[0].quad, None);
        page.assess_image(&image, &QualityLimits::default());
        let q = page.cards[0].quad.expect("placed from its outline");
        assert!(q.points[0].distance(Point::new(400.0, 700.0)) < 6.0, "{q:?}");
        assert!(q.points[2].distance(Point::new(640.0, 851.0)) < 6.0, "{q:?}");
        assert!(page.cards[0].card.has_warning(WarningCode::TooSmall));
    }

    #[test]
    fn an_outline_away_from_the_text_is_not_taken() {
        let image = desk_with_card(1200, 200, 220);
        let number = TextLine::new("110105194912310038", 95.0).with_polygon(Quad::from_rect(300.0, 900.0, 150.0, 9.0));
        let mut page = parse_page(&[number], &ParseOptions::default());
        page.assess_image(&image, &QualityLimits::default());
        assert_eq!(page.cards.len(), 1);
        assert_eq!(page.cards[0].quad, None);
    }

    #[test]
    fn orientation_follows_the_text() {
        let square = Quad::new([
            Point::new(10.0, 0.0),
            Point::new(10.0, 16.0),
            Point::new(0.0, 16.0),
            Point::new(0.0, 0.0),
        ]);
        let upright = oriented(&square, &PageFrame::default());
        assert_eq!(upright.points[0], Point::new(0.0, 0.0));
        assert_eq!(upright.points[1], Point::new(10.0, 0.0));
    }
}
