//! Where the card is: its four corners in the image, from the printed
//! layout of the card (ISO/IEC 7810 ID-1, 85.6 × 54 mm, every label at a
//! fixed place) and the OCR lines that start with a label or a title.
//!
//! Each line whose start (or whole text) is a known printed element gives
//! an anchor: a point on the card in millimetres and the same point in the
//! image. A least-squares similarity (scale, rotation, shift) maps the card
//! onto the image; the card's corners follow.

use ocr_core::{Point, Quad, Similarity, TextLine};
use ocr_layout::PageFrame;

use crate::model::card::Side;
use crate::read::text::kept_standard_chars;

/// The card's width (long side) in millimetres (ISO/IEC 7810 ID-1).
pub(crate) const CARD_WIDTH_MM: f64 = 85.6;
/// The card's height in millimetres.
pub(crate) const CARD_HEIGHT_MM: f64 = 54.0;

/// A printed element whose place on the card is fixed: the left end of its
/// ink, the right end when the element is fixed text, and the centre line
/// of its row, in millimetres from the card's top-left corner.
struct Printed {
    text: &'static str,
    left: f64,
    /// The right end and how far the detector's polygon reaches past it
    /// (share of the polygon's height); `None` where that reach varies too
    /// much to anchor on (two-character labels).
    right: Option<(f64, f64)>,
    middle: f64,
}

/// The labels and titles of both sides, by side. Positions as printed on
/// the card (mean over rendered cards; each varies by about ±0.5 mm).
const FRONT: [Printed; 6] = [
    Printed {
        text: "姓名",
        left: 5.6,
        right: None,
        middle: 8.35,
    },
    Printed {
        text: "性别",
        left: 5.6,
        right: None,
        middle: 14.57,
    },
    Printed {
        text: "民族",
        left: 25.4,
        right: None,
        middle: 14.57,
    },
    Printed {
        text: "出生",
        left: 5.6,
        right: None,
        middle: 20.55,
    },
    Printed {
        text: "住址",
        left: 5.6,
        right: None,
        middle: 26.74,
    },
    Printed {
        text: "公民身份号码",
        left: 5.6,
        right: Some((19.44, 0.1)),
        middle: 47.37,
    },
];
const BACK: [Printed; 4] = [
    Printed {
        text: "中华人民共和国",
        left: 26.25,
        right: Some((60.6, 0.03)),
        middle: 8.95,
    },
    Printed {
        text: "居民身份证",
        left: 24.8,
        right: Some((63.8, 0.03)),
        middle: 18.27,
    },
    Printed {
        text: "签发机关",
        left: 14.77,
        right: Some((24.0, 0.17)),
        middle: 41.3,
    },
    Printed {
        text: "有效期限",
        left: 14.77,
        right: Some((24.0, 0.17)),
        middle: 47.25,
    },
];
/// Where values start whose line carries no label: the number (front), the
/// birth date (front), the validity period and the issuer (back).
const NUMBER_VALUE: (f64, f64) = (25.65, 46.93);
const BIRTH_VALUE: (f64, f64) = (14.82, 20.65);
const VALIDITY_VALUE: (f64, f64) = (27.41, 47.29);
const ISSUER_VALUE: (f64, f64) = (27.41, 41.35);

/// The detector's polygons start before the ink by about this share of
/// their height (measured: 0.09–0.16 over the labels).
const START_PADDING: f64 = 0.12;

/// A point on the card (millimetres) and where it is in the image.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Anchor {
    pub card: Point,
    pub image: Point,
}

/// A line's ends and height in the image, read in the page frame.
struct LineEnds {
    start: Point,
    /// The polygon's far end on the centre line, and its height.
    far: Point,
    height: f64,
    frame: PageFrame,
}

impl LineEnds {
    /// The ink's end, given how far the polygon reaches past it.
    fn end(&self, padding: f64) -> Point {
        let far = self.frame.to_frame(self.far);
        self.frame.from_frame(Point::new(far.x - padding * self.height, far.y))
    }
}

fn line_ends(quad: &Quad, frame: &PageFrame) -> LineEnds {
    let b = frame.quad_to_frame(quad).bounding_box();
    let (x0, x1, y0, y1) = (b.x, b.x + b.width, b.y, b.y + b.height);
    let mid = (y0 + y1) / 2.0;
    LineEnds {
        start: frame.from_frame(Point::new(x0 + (y1 - y0) * START_PADDING, mid)),
        far: frame.from_frame(Point::new(x1, mid)),
        height: y1 - y0,
        frame: *frame,
    }
}

/// The anchors that `lines` (one card's) give on a card of `side`.
pub(crate) fn anchors(lines: &[&TextLine], side: Side, frame: &PageFrame) -> Vec<Anchor> {
    let mut out = Vec::new();
    for line in lines {
        let Some(quad) = line
            .polygon
            .or_else(|| line.item_box.map(|b| Quad::from_rect(b.x, b.y, b.width, b.height)))
        else {
            continue;
        };
        let chars = kept_standard_chars(&line.text);
        let ends = line_ends(&quad, frame);
        let mut push = |x: f64, y: f64, at: Point| {
            out.push(Anchor {
                card: Point::new(x, y),
                image: at,
            })
        };
        let printed: &[Printed] = if side == Side::Front { &FRONT } else { &BACK };
        if let Some(p) = printed.iter().find(|p| starts_with(&chars, p.text)) {
            push(p.left, p.middle, ends.start);
            if let Some((right, padding)) = p.right.filter(|_| chars.len() == p.text.chars().count()) {
                push(right, p.middle, ends.end(padding));
            }
            continue;
        }
        if let Some((x, y)) = value_start(&chars, side) {
            push(x, y, ends.start);
        }
    }
    out
}

fn starts_with(chars: &[char], text: &str) -> bool {
    let want: Vec<char> = text.chars().collect();
    chars.len() >= want.len() && chars[..want.len()] == want[..]
}

/// The printed start of a value-only line, recognised by its shape.
fn value_start(chars: &[char], side: Side) -> Option<(f64, f64)> {
    let digits = chars.iter().filter(|c| c.is_ascii_digit()).count();
    let leading_digit = chars.first().is_some_and(|c| c.is_ascii_digit());
    match side {
        Side::Front if leading_digit && digits >= 15 && chars.len() <= 19 => Some(NUMBER_VALUE),
        Side::Front if leading_digit && chars.len() >= 5 && chars[4] == '年' => Some(BIRTH_VALUE),
        Side::Back if leading_digit && digits >= 8 && chars.contains(&'-') => Some(VALIDITY_VALUE),
        Side::Back if !leading_digit && (ends_with(chars, "公安局") || ends_with(chars, "分局")) => {
            Some(ISSUER_VALUE)
        }
        _ => None,
    }
}

fn ends_with(chars: &[char], text: &str) -> bool {
    let want: Vec<char> = text.chars().collect();
    chars.len() >= want.len() && chars[chars.len() - want.len()..] == want[..]
}

/// The card's corners in the image, through `placement` (card mm → image
/// px): top-left first as read, clockwise.
pub(crate) fn card_quad(placement: &Similarity) -> Quad {
    Quad::new([
        placement.apply(Point::new(0.0, 0.0)),
        placement.apply(Point::new(CARD_WIDTH_MM, 0.0)),
        placement.apply(Point::new(CARD_WIDTH_MM, CARD_HEIGHT_MM)),
        placement.apply(Point::new(0.0, CARD_HEIGHT_MM)),
    ])
}

/// Least-squares similarity through `anchors`; `None` with fewer than two
/// anchors or when they sit too close together to give a scale.
pub(crate) fn fit_similarity(anchors: &[Anchor]) -> Option<Similarity> {
    if anchors.len() < 2 {
        return None;
    }
    let n = anchors.len() as f64;
    let mean = |f: &dyn Fn(&Anchor) -> Point| {
        let s = anchors
            .iter()
            .map(f)
            .fold(Point::new(0.0, 0.0), |s, p| Point::new(s.x + p.x, s.y + p.y));
        Point::new(s.x / n, s.y / n)
    };
    let (cu, cp) = (mean(&|a| a.card), mean(&|a| a.image));
    let (mut norm, mut dot, mut crs) = (0.0, 0.0, 0.0);
    for a in anchors {
        let (ux, uy) = (a.card.x - cu.x, a.card.y - cu.y);
        let (px, py) = (a.image.x - cp.x, a.image.y - cp.y);
        norm += ux * ux + uy * uy;
        dot += ux * px + uy * py;
        crs += ux * py - uy * px;
    }
    // anchors less than 2.5 mm (RMS) from their centre give no scale
    if norm / n < 6.25 {
        return None;
    }
    let (a, b) = (dot / norm, crs / norm);
    let t = Point::new(cp.x - (a * cu.x - b * cu.y), cp.y - (b * cu.x + a * cu.y));
    let placement = Similarity::new(a, b, t);
    (placement.scale() > 0.0 && placement.scale().is_finite()).then_some(placement)
}

/// A robust similarity fit: every pair of anchors proposes a placement;
/// the one that most anchors agree with (within 2.5 mm) wins, and the fit is
/// redone over those anchors alone — so a label misread as another or a
/// value line taken for the wrong field does not move the card.
pub(crate) fn place_card(anchors: &[Anchor]) -> Option<Similarity> {
    const AGREE_MM: f64 = 2.5;
    let inliers = |p: &Similarity| -> Vec<Anchor> {
        let limit = AGREE_MM * p.scale();
        anchors
            .iter()
            .copied()
            .filter(|a| p.apply(a.card).distance(a.image) <= limit)
            .collect()
    };
    let mut best: Option<(usize, f64, Vec<Anchor>)> = None;
    for i in 0..anchors.len() {
        for j in i + 1..anchors.len() {
            let Some(p) = fit_similarity(&[anchors[i], anchors[j]]) else {
                continue;
            };
            let agree = inliers(&p);
            let spread: f64 = agree
                .iter()
                .map(|a| p.apply(a.card).distance(a.image) / p.scale())
                .sum();
            let better = best
                .as_ref()
                .is_none_or(|(n, e, _)| agree.len() > *n || (agree.len() == *n && spread < *e));
            if better {
                best = Some((agree.len(), spread, agree));
            }
        }
    }
    fit_similarity(&best?.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders the printed elements of a side through a known similarity
    /// and checks that the fit finds the card's corners again.
    fn rendered(side: Side, scale: f64, angle_deg: f64, shift: Point) -> (Vec<TextLine>, Similarity) {
        let truth = Similarity::from_scale_angle(scale, angle_deg.to_radians(), shift);
        let printed: &[Printed] = if side == Side::Front { &FRONT } else { &BACK };
        let lines = printed
            .iter()
            .map(|p| {
                let h = 2.3;
                let right = p.right.map_or(p.left + 10.0, |(r, pad)| r + pad * h * 1.6);
                let (l, r) = (p.left - START_PADDING * h * 1.6, right);
                let (t, b) = (p.middle - h * 0.8, p.middle + h * 0.8);
                let corners =
                    [Point::new(l, t), Point::new(r, t), Point::new(r, b), Point::new(l, b)].map(|u| truth.apply(u));
                TextLine::new(p.text, 99.0).with_polygon(Quad::new(corners))
            })
            .collect();
        (lines, truth)
    }

    fn frame_for(angle_deg: f64) -> PageFrame {
        PageFrame {
            skew_degrees: angle_deg,
            ..PageFrame::default()
        }
    }

    #[test]
    fn printed_labels_place_the_card() {
        for side in [Side::Front, Side::Back] {
            for (scale, angle) in [(6.0, 0.0), (11.5, 4.0), (3.0, -7.0)] {
                let (lines, truth) = rendered(side, scale, angle, Point::new(120.0, 80.0));
                let refs: Vec<&TextLine> = lines.iter().collect();
                let found = place_card(&anchors(&refs, side, &frame_for(angle))).unwrap();
                for (p, q) in card_quad(&found).points.iter().zip(card_quad(&truth).points) {
                    assert!(
                        p.distance(q) < 0.01 * CARD_WIDTH_MM * scale,
                        "{side:?} {scale} {angle}: {p:?} vs {q:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn one_anchor_places_nothing() {
        let line = TextLine::new("姓名张三", 99.0).with_polygon(Quad::from_rect(0.0, 0.0, 100.0, 20.0));
        assert!(place_card(&anchors(&[&line], Side::Front, &PageFrame::default())).is_none());
    }

    #[test]
    fn a_stray_anchor_is_dropped() {
        let (mut lines, truth) = rendered(Side::Front, 8.0, 0.0, Point::new(0.0, 0.0));
        // a number-only line far from where the number is printed
        lines.push(TextLine::new("110105194912310038", 99.0).with_polygon(Quad::from_rect(600.0, 10.0, 300.0, 20.0)));
        let refs: Vec<&TextLine> = lines.iter().collect();
        let found = place_card(&anchors(&refs, Side::Front, &PageFrame::default())).unwrap();
        assert!(card_quad(&found).points[0].distance(card_quad(&truth).points[0]) < 0.02 * CARD_WIDTH_MM * 8.0);
    }

    #[test]
    fn value_lines_are_told_by_shape() {
        let chars = |s: &str| crate::read::text::kept_chars(s);
        assert_eq!(
            value_start(&chars("110105194912310038"), Side::Front),
            Some(NUMBER_VALUE)
        );
        assert_eq!(value_start(&chars("1949年12月31日"), Side::Front), Some(BIRTH_VALUE));
        assert_eq!(
            value_start(&chars("2010.01.01-2030.01.01"), Side::Back),
            Some(VALIDITY_VALUE)
        );
        assert_eq!(value_start(&chars("朝阳分局"), Side::Back), Some(ISSUER_VALUE));
        assert_eq!(value_start(&chars("张三"), Side::Front), None);
    }
}
