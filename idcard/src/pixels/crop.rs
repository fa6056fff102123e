//! Cards cut out of the page: rectified, upright, and a front's portrait.

use ocr_core::Rect;

use crate::model::card::Side;
use crate::page::layout::{CARD_HEIGHT_MM, CARD_WIDTH_MM};
use crate::page::reading::CardOnPage;

/// A card cut out of the page: perspective-corrected, upright, at the ID-1
/// aspect ratio (85.6 : 54), at the card's own resolution.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CardCrop {
    /// The whole card.
    pub card: image::RgbImage,
    /// The portrait region of a front; `None` for a back.
    pub portrait: Option<image::RgbImage>,
}

/// Where the portrait is printed on the front, in millimetres.
const PORTRAIT_MM: Rect = Rect::new(54.0, 5.5, 81.5, 41.5);

/// Cuts a placed card out of `image` ([`CardCrop`]); `None` for a card that
/// was not placed.
///
/// ```
/// # use idcard::ParseOptions;
/// # use idcard::page::parse_page;
/// # use ocr_core::{Quad, TextLine};
/// let at = |t: &str, x: f64, y: f64| TextLine::new(t, 99.0).with_polygon(Quad::from_rect(x, y, 20.0 * t.chars().count() as f64, 23.0));
/// let page = parse_page(&[at("姓名张三", 56.0, 72.0), at("住址北京市朝阳区建国路1号", 56.0, 256.0), at("公民身份号码110105194912310038", 56.0, 462.0)], &ParseOptions::default());
/// let photo = image::RgbImage::new(900, 600);
/// let crop = idcard::pixels::crop_card(&page.cards[0], &photo).unwrap();
/// let (w, h) = crop.card.dimensions();
/// assert!((w as f64 / h as f64 - 85.6 / 54.0).abs() < 0.01);
/// assert!(crop.portrait.is_some());
/// ```
pub fn crop_card(card: &CardOnPage, image: &image::RgbImage) -> Option<CardCrop> {
    let quad = card.quad?;
    let [a, b, c, d] = quad.points;
    let width = a.distance(b).max(d.distance(c)).round().clamp(86.0, 4096.0);
    let height = (width * CARD_HEIGHT_MM / CARD_WIDTH_MM).round();
    let crop = ocr_image::warp_quad(image, &quad, width as u32, height as u32)?;
    let portrait = (card.card.side == Some(Side::Front)).then(|| {
        let px = width / CARD_WIDTH_MM;
        let [l, t, r, bottom] =
            [PORTRAIT_MM.x0, PORTRAIT_MM.y0, PORTRAIT_MM.x1, PORTRAIT_MM.y1].map(|v| (v * px).round() as u32);
        image::imageops::crop_imm(&crop, l, t, r - l, bottom - t).to_image()
    });
    Some(CardCrop { card: crop, portrait })
}
