//! Image-quality and risk warnings for a card placed on the page: what the
//! pixels inside its quad say (colour, exposure, sharpness, clipped
//! highlights over the printed fields) and whether the card is whole and
//! large enough. Pixel statistics come from `ocr-image`.
//!
//! Every score is in 0–1, higher meaning worse, except
//! [`Quality::long_side_px`]; the warning thresholds are
//! [`QualityLimits`], measured on the corpora (see the crate docs).

use image::RgbImage;
use ocr_core::{Point, Quad, Rect};
use serde::Serialize;

use crate::model::card::Side;
use crate::model::field_key::FieldKey;

#[cfg(test)]
use crate::model::warning::Severity;
use crate::model::warning::{Warning, WarningCode};
use crate::page::layout::{CARD_HEIGHT_MM, CARD_WIDTH_MM};

/// The scores of one card.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Quality {
    /// How grey the card is: 1 − mean chroma ÷ 0.02 (the mean chroma of a card photographed in colour)
    /// (clamped). A black-and-white photocopy is near 1.
    pub greyscale: f32,
    /// Share of the card's area outside the image.
    pub outside: f32,
    /// The card's long side in image pixels.
    pub long_side_px: f32,
    /// How blurred the print is: 1 − edge strength ÷ 0.05 (sharp print's edge strength)
    /// (clamped), measured on the card at 10 px/mm.
    pub blur: f32,
    /// Over the printed field worst hit: along the field, in windows two
    /// line heights long over where its print always is (and up to 1.5 line
    /// heights past the characters read, which glare may have cut short),
    /// the largest share clipped white beyond the card's share clipped
    /// overall, scaled down by the print still showing in that window (1 −
    /// ink share ÷ 0.04 (the ink of legible print), clamped) — a white card behind legible
    /// print is no glare.
    pub glare: f32,
    /// 1 − mean luma of the card.
    pub darkness: f32,
}

/// Mean chroma of a card photographed in colour, at and above which the
/// greyscale score is 0.
pub(crate) const FULL_COLOUR_CHROMA: f64 = 0.02;
/// Edge strength of sharp print at 10 px/mm, at and above which the blur
/// score is 0.
pub(crate) const SHARP_EDGE_STRENGTH: f64 = 0.05;

/// The share of a field's place that is ink (luma under 0.45) when its
/// print shows, at and above which clipped white there is not glare.
pub(crate) const INK_PRESENT: f64 = 0.04;

/// The thresholds at which the scores of a [`Quality`] raise warnings.
/// The defaults were measured on the synthetic corpora (see the crate docs'
/// table): ordinary photos stay under them, the pages made to show each
/// problem go over.
///
/// ```
/// use idcard::pixels::QualityLimits;
/// let strict = QualityLimits { blur: 0.6, ..QualityLimits::default() };
/// assert!(strict.blur < QualityLimits::default().blur);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QualityLimits {
    /// `greyscale_copy` above this greyscale score (0.95).
    pub greyscale: f32,
    /// `border_incomplete` above this share of the card outside the image (0.02).
    pub outside: f32,
    /// `too_small` below this long side, in pixels (380).
    pub small_px: f32,
    /// `blurred` above this blur score (0.85).
    pub blur: f32,
    /// `glare` above this score of a field's place (0.44).
    pub glare: f32,
    /// `over_dark` above this darkness (0.75).
    pub dark: f32,
}

impl Default for QualityLimits {
    fn default() -> Self {
        Self {
            greyscale: 0.95,
            outside: 0.02,
            small_px: 380.0,
            blur: 0.85,
            glare: 0.44,
            dark: 0.75,
        }
    }
}

/// Where the values of each side are printed, in millimetres (left, top,
/// right, bottom), with the field names used in messages; then the part of
/// that place that holds print on every card (the shortest value's ink:
/// two characters of a name, an address's first line, …), where glare is
/// looked for.
const FRONT_FIELDS: [(FieldKey, Rect, Rect); 6] = [
    (
        FieldKey::Name,
        Rect::new(14.5, 6.5, 40.0, 10.5),
        Rect::new(14.0, 6.0, 26.0, 10.7),
    ),
    (
        FieldKey::Sex,
        Rect::new(14.5, 12.8, 18.5, 16.5),
        Rect::new(14.0, 12.3, 16.7, 16.8),
    ),
    (
        FieldKey::Ethnicity,
        Rect::new(34.3, 12.8, 40.0, 16.5),
        Rect::new(33.5, 12.3, 37.0, 16.8),
    ),
    (
        FieldKey::BirthDate,
        Rect::new(14.5, 19.0, 41.0, 22.2),
        Rect::new(14.0, 18.6, 37.4, 22.6),
    ),
    (
        FieldKey::Address,
        Rect::new(14.5, 25.0, 50.0, 36.8),
        Rect::new(14.0, 24.3, 43.5, 29.2),
    ),
    (
        FieldKey::IdNumber,
        Rect::new(25.3, 45.0, 80.0, 49.0),
        Rect::new(25.0, 44.5, 71.6, 49.5),
    ),
];
const BACK_FIELDS: [(FieldKey, Rect, Rect); 2] = [
    (
        FieldKey::Issuer,
        Rect::new(27.0, 39.6, 62.0, 43.2),
        Rect::new(27.0, 38.9, 46.0, 43.5),
    ),
    (
        FieldKey::Validity,
        Rect::new(27.0, 45.7, 62.0, 49.0),
        Rect::new(27.0, 44.8, 45.8, 49.3),
    ),
];

/// A card point (millimetres) in the image, through the card's quad.
fn on_card(quad: &Quad, x: f64, y: f64) -> Point {
    let (u, v) = (x / CARD_WIDTH_MM, y / CARD_HEIGHT_MM);
    let [a, b, c, d] = quad.points;
    let top = Point::new(a.x + (b.x - a.x) * u, a.y + (b.y - a.y) * u);
    let bottom = Point::new(d.x + (c.x - d.x) * u, d.y + (c.y - d.y) * u);
    Point::new(top.x + (bottom.x - top.x) * v, top.y + (bottom.y - top.y) * v)
}

fn region(quad: &Quad, r: Rect) -> Quad {
    Quad::new([
        on_card(quad, r.x0, r.y0),
        on_card(quad, r.x1, r.y0),
        on_card(quad, r.x1, r.y1),
        on_card(quad, r.x0, r.y1),
    ])
}

/// Glare wipes the print out: over the windows along a field's place (each
/// a character and its spacing long, half a line height apart), the largest share
/// clipped white, scaled down by the print still showing in that window —
/// so a highlight over a character counts whatever the field's length —
/// in excess of the card's share clipped white overall (a card bright all
/// over, its print legible, is no glare).
fn wiped_share(image: &RgbImage, quad: &Quad, r: Rect, card_clipped: f64) -> f64 {
    let height = r.height();
    let window = (2.0 * height).min(r.width());
    let steps = ((r.width() - window) / (height / 2.0)).ceil().max(0.0) as usize;
    (0..=steps)
        .map(|k| {
            let left = (r.x0 + k as f64 * height / 2.0).min(r.x1 - window);
            let shares = ocr_image::region_shares(image, &region(quad, Rect::new(left, r.y0, left + window, r.y1)));
            (shares.clipped - card_clipped).max(0.0) * (1.0 - (shares.ink / INK_PRESENT).min(1.0))
        })
        .fold(0.0, f64::max)
}

/// How far along the card (millimetres from its left edge as read) the far
/// end of `field` (an image quad, top-left as read first) lies.
fn along_card(card: &Quad, field: &Quad) -> f64 {
    let [a, b, ..] = card.points;
    let far = Point::new(
        (field.points[1].x + field.points[2].x) / 2.0,
        (field.points[1].y + field.points[2].y) / 2.0,
    );
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length = dx * dx + dy * dy;
    if length <= 0.0 {
        return 0.0;
    }
    ((far.x - a.x) * dx + (far.y - a.y) * dy) / length * CARD_WIDTH_MM
}

fn inside(p: Point, width: u32, height: u32) -> bool {
    p.x >= 0.0 && p.y >= 0.0 && p.x < width as f64 && p.y < height as f64
}

/// Share of a card region that lies outside the image (on a 24 × 16 grid).
fn outside_share(quad: &Quad, r: Rect, width: u32, height: u32) -> f64 {
    let (nx, ny) = (24, 16);
    let mut out = 0;
    for j in 0..ny {
        for i in 0..nx {
            let x = r.x0 + r.width() * (i as f64 + 0.5) / nx as f64;
            let y = r.y0 + r.height() * (j as f64 + 0.5) / ny as f64;
            out += usize::from(!inside(on_card(quad, x, y), width, height));
        }
    }
    out as f64 / (nx * ny) as f64
}

/// The fields of `side` whose printed place is cut off by the image's edge
/// (more than a tenth outside) or glared over (above
/// [`QualityLimits::glare`]).
pub(crate) struct FieldTrouble {
    pub cut: Vec<FieldKey>,
    pub glared: Vec<FieldKey>,
}

/// Measures a card's quality from the image and its quad (per field only
/// when the side is known).
///
/// `read_to`: where each field's value was read to (its box's far end), so
/// that glare just past the read characters, which may hide the rest of
/// the value, is looked for too.
pub(crate) fn assess(
    image: &RgbImage,
    quad: &Quad,
    side: Option<Side>,
    read_to: &[(FieldKey, Option<Quad>)],
    limits: &QualityLimits,
) -> (Quality, FieldTrouble) {
    let (w, h) = image.dimensions();
    let whole = Rect::new(0.0, 0.0, CARD_WIDTH_MM, CARD_HEIGHT_MM);
    let long_side = quad.points[0]
        .distance(quad.points[1])
        .max(quad.points[3].distance(quad.points[2]));
    // the card at 10 px/mm: sharpness is compared at one scale
    let card = ocr_image::warp_quad(image, quad, 856, 540);
    let stats = card.as_ref().map(ocr_image::pixel_stats);
    let fields: &[(FieldKey, Rect, Rect)] = match side {
        Some(Side::Front) => &FRONT_FIELDS,
        Some(Side::Back) => &BACK_FIELDS,
        None => &[],
    };
    let mut trouble = FieldTrouble {
        cut: Vec::new(),
        glared: Vec::new(),
    };
    let mut glare = 0.0f64;
    let card_clipped = ocr_image::region_shares(image, quad).clipped;
    for (name, r, printed) in fields {
        if outside_share(quad, *r, w, h) > 0.1 {
            trouble.cut.push(*name);
            continue;
        }
        let height = printed.height();
        let read_end = read_to
            .iter()
            .find(|(field, _)| field == name)
            .and_then(|(_, q)| q.as_ref())
            .map(|q| along_card(quad, q) + 1.5 * height);
        let reach = read_end.map_or(printed.x1, |end| end.max(printed.x1).min(r.x1));
        let wiped = wiped_share(
            image,
            quad,
            Rect::new(printed.x0, printed.y0, reach, printed.y1),
            card_clipped,
        );
        if wiped > limits.glare as f64 {
            trouble.glared.push(*name);
        }
        glare = glare.max(wiped);
    }
    let clamp = |v: f64| v.clamp(0.0, 1.0) as f32;
    let quality = Quality {
        greyscale: clamp(1.0 - stats.map_or(0.0, |s| s.mean_chroma) / FULL_COLOUR_CHROMA),
        outside: clamp(outside_share(quad, whole, w, h)),
        long_side_px: long_side as f32,
        blur: clamp(1.0 - stats.map_or(0.0, |s| s.edge_strength) / SHARP_EDGE_STRENGTH),
        glare: clamp(glare),
        darkness: clamp(1.0 - stats.map_or(1.0, |s| s.mean_luma)),
    };
    (quality, trouble)
}

/// The warnings the scores call for. Glare only over fields in `proven`
/// (values the number proves) is [`WarningCode::GlareOverProvenFields`]
/// (info) instead of [`WarningCode::Glare`] (review).
pub(crate) fn quality_warnings(
    q: &Quality,
    trouble: &FieldTrouble,
    proven: &[FieldKey],
    limits: &QualityLimits,
) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut warn = |code, message: String| out.push(Warning::new(code, message));
    if q.greyscale > limits.greyscale {
        warn(
            WarningCode::GreyscaleCopy,
            format!(
                "the card has no colour (greyscale score {:.2}): a photocopy",
                q.greyscale
            ),
        );
    }
    if q.outside > limits.outside || !trouble.cut.is_empty() {
        let fields = if trouble.cut.is_empty() {
            "none".to_owned()
        } else {
            join_keys(&trouble.cut)
        };
        warn(
            WarningCode::BorderIncomplete,
            format!(
                "{:.0} % of the card is outside the image; fields cut off: {fields}",
                q.outside * 100.0
            ),
        );
    }
    if q.long_side_px < limits.small_px {
        warn(
            WarningCode::TooSmall,
            format!(
                "the card is {:.0} px long; at least {:.0} px are needed to read it reliably",
                q.long_side_px, limits.small_px
            ),
        );
    }
    if q.blur > limits.blur {
        warn(
            WarningCode::Blurred,
            format!("the print is blurred (score {:.2})", q.blur),
        );
    }
    if !trouble.glared.is_empty() {
        let code = if trouble.glared.iter().all(|f| proven.contains(f)) {
            WarningCode::GlareOverProvenFields
        } else {
            WarningCode::Glare
        };
        warn(
            code,
            format!(
                "glare over {} (up to {:.0} % clipped white)",
                join_keys(&trouble.glared),
                q.glare * 100.0
            ),
        );
    }
    if q.darkness > limits.dark {
        warn(
            WarningCode::OverDark,
            format!("the card is too dark (score {:.2})", q.darkness),
        );
    }
    out
}

fn join_keys(keys: &[FieldKey]) -> String {
    keys.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// A synthetic colour card 428 × 270 px at (50, 40) on a grey page.
    fn page(card_colour: Rgb<u8>) -> (RgbImage, Quad) {
        let img = RgbImage::from_fn(600, 400, |x, y| {
            if (50..478).contains(&x) && (40..310).contains(&y) {
                // dark "print" every 8th row inside the card
                if y % 8 == 0 { Rgb([20, 20, 20]) } else { card_colour }
            } else {
                Rgb([90, 90, 90])
            }
        });
        (img, Quad::from_rect(50.0, 40.0, 428.0, 270.0))
    }

    #[test]
    fn a_colour_card_inside_the_image_raises_nothing() {
        let (img, quad) = page(Rgb([200, 220, 250]));
        let (q, t) = assess(&img, &quad, Some(Side::Front), &[], &QualityLimits::default());
        assert!(
            quality_warnings(&q, &t, &[], &QualityLimits::default()).is_empty(),
            "{q:?}"
        );
    }

    #[test]
    fn a_grey_card_is_a_copy() {
        let (img, quad) = page(Rgb([230, 230, 230]));
        let (q, t) = assess(&img, &quad, Some(Side::Front), &[], &QualityLimits::default());
        let codes: Vec<WarningCode> = quality_warnings(&q, &t, &[], &QualityLimits::default())
            .iter()
            .map(|w| w.code)
            .collect();
        assert_eq!(codes, [WarningCode::GreyscaleCopy]);
    }

    #[test]
    fn a_card_past_the_edge_names_the_fields_cut_off() {
        let (img, _) = page(Rgb([200, 220, 250]));
        // the card's lower quarter below the image
        let quad = Quad::from_rect(50.0, 200.0, 428.0, 270.0);
        let (q, t) = assess(&img, &quad, Some(Side::Front), &[], &QualityLimits::default());
        assert!(q.outside > 0.2 && t.cut.contains(&FieldKey::IdNumber), "{q:?}");
        let w = quality_warnings(&q, &t, &[], &QualityLimits::default());
        assert!(
            w.iter()
                .any(|w| w.code == WarningCode::BorderIncomplete && w.message.contains("id_number"))
        );
    }

    #[test]
    fn white_over_a_field_is_glare_and_a_small_card_is_small() {
        let (mut img, quad) = page(Rgb([200, 220, 250]));
        // clip the name's place (mm 14.5-40 × 6.5-10.5 → px at 5 px/mm)
        for y in (40 + 32)..(40 + 53) {
            for x in (50 + 72)..(50 + 200) {
                img.put_pixel(x, y, Rgb([255, 255, 255]));
            }
        }
        let (q, t) = assess(&img, &quad, Some(Side::Front), &[], &QualityLimits::default());
        assert_eq!(t.glared, [FieldKey::Name]);
        assert!(q.glare > QualityLimits::default().glare);
        let small = Quad::from_rect(50.0, 40.0, 200.0, 126.0);
        let (q, t) = assess(&img, &small, Some(Side::Front), &[], &QualityLimits::default());
        assert!(
            quality_warnings(&q, &t, &[], &QualityLimits::default())
                .iter()
                .any(|w| w.code == WarningCode::TooSmall)
        );
    }

    /// Clips the card region (mm, at 5 px/mm from the card at (50, 40)).
    fn clip(img: &mut RgbImage, mm: Rect) {
        let px = |v: f64, origin: u32| origin + (v * 5.0).round() as u32;
        for y in px(mm.y0, 40)..px(mm.y1, 40) {
            for x in px(mm.x0, 50)..px(mm.x1, 50) {
                img.put_pixel(x, y, Rgb([255, 255, 255]));
            }
        }
    }

    #[test]
    fn a_highlight_over_a_few_characters_of_a_long_field_is_glare() {
        let (mut img, quad) = page(Rgb([200, 220, 250]));
        // 12 mm of the number's 55 mm place: a fifth of it
        clip(&mut img, Rect::new(50.0, 44.0, 62.0, 50.0));
        let (q, t) = assess(&img, &quad, Some(Side::Front), &[], &QualityLimits::default());
        assert_eq!(t.glared, [FieldKey::IdNumber], "{q:?}");
    }

    #[test]
    fn a_card_white_all_over_with_its_print_showing_is_no_glare() {
        // print every 8th row shows through; the card itself is clipped white
        let (img, quad) = page(Rgb([255, 255, 255]));
        let (q, t) = assess(&img, &quad, Some(Side::Front), &[], &QualityLimits::default());
        assert!(t.glared.is_empty() && q.glare < QualityLimits::default().glare, "{q:?}");
    }

    #[test]
    fn glare_just_past_the_characters_read_may_hide_the_rest_of_a_value() {
        // a name read to 23 mm, white from 20 to 33 mm: the rest of the name
        // may be under it (a name's print always reaches 19.5 mm only; the
        // windows reach 1.5 line heights past the characters read)
        let (mut img, quad) = page(Rgb([200, 220, 250]));
        clip(&mut img, Rect::new(20.0, 6.0, 33.0, 11.0));
        let (_, t) = assess(&img, &quad, Some(Side::Front), &[], &QualityLimits::default());
        assert!(t.glared.is_empty(), "past the shortest name, with no value read");
        let name = Quad::from_rect(50.0 + 14.5 * 5.0, 40.0 + 6.5 * 5.0, 8.5 * 5.0, 4.0 * 5.0);
        let (_, t) = assess(
            &img,
            &quad,
            Some(Side::Front),
            &[(FieldKey::Name, Some(name))],
            &QualityLimits::default(),
        );
        assert_eq!(t.glared, [FieldKey::Name]);
    }

    #[test]
    fn glare_only_over_proven_fields_is_info() {
        let (img, quad) = page(Rgb([200, 220, 250]));
        let (q, _) = assess(&img, &quad, Some(Side::Front), &[], &QualityLimits::default());
        let trouble = |glared: Vec<FieldKey>| FieldTrouble {
            cut: Vec::new(),
            glared,
        };
        let code =
            |t: &FieldTrouble, proven: &[FieldKey]| quality_warnings(&q, t, proven, &QualityLimits::default())[0].code;
        let proven = [FieldKey::Sex, FieldKey::BirthDate, FieldKey::IdNumber];
        assert_eq!(
            code(&trouble(vec![FieldKey::BirthDate]), &proven),
            WarningCode::GlareOverProvenFields
        );
        assert_eq!(WarningCode::GlareOverProvenFields.severity(), Severity::Info);
        assert_eq!(
            code(&trouble(vec![FieldKey::Name, FieldKey::Sex]), &proven),
            WarningCode::Glare
        );
        assert_eq!(code(&trouble(vec![FieldKey::BirthDate]), &[]), WarningCode::Glare);
    }
}
