//! The page with its cards and fields outlined: what a review screen shows.

use crate::model::warning::CardStatus;
use crate::page::reading::PageReading;

/// The page with every placed card's outline (green; orange when the card
/// needs review, red when it is to be rejected) and every field's box
/// (blue) drawn on it: what a review screen shows.
///
/// ```
/// # use idcard::ParseOptions;
/// # use idcard::page::parse_page;
/// # use ocr_core::{Quad, TextLine};
/// let at = |t: &str, x: f64, y: f64| TextLine::new(t, 99.0).with_polygon(Quad::from_rect(x, y, 20.0 * t.chars().count() as f64, 23.0));
/// let page = parse_page(&[at("姓名张三", 56.0, 72.0), at("住址北京市朝阳区建国路1号", 56.0, 256.0), at("公民身份号码110105194912310038", 56.0, 462.0)], &ParseOptions::default());
/// let photo = image::RgbImage::from_pixel(900, 600, image::Rgb([255, 255, 255]));
/// let annotated = idcard::pixels::annotate_page(&page, &photo);
/// assert_eq!(annotated.dimensions(), (900, 600));
/// assert!(annotated.pixels().any(|p| p.0 == [40, 90, 230])); // a field box
/// ```
pub fn annotate_page(page: &PageReading, image: &image::RgbImage) -> image::RgbImage {
    let mut out = image.clone();
    let width = (image.width().max(image.height()) / 500).max(2);
    for c in &page.cards {
        for (_, quad) in c.card.field_quads() {
            if let Some(q) = quad {
                ocr_image::draw_quad_outline(&mut out, &q, image::Rgb([40, 90, 230]), width);
            }
        }
        if let Some(q) = c.quad {
            let colour = match c.card.status() {
                CardStatus::Ok => [30, 170, 60],
                CardStatus::Review => [240, 150, 20],
                _ => [220, 40, 40],
            };
            ocr_image::draw_quad_outline(&mut out, &q, image::Rgb(colour), width + 1);
        }
    }
    out
}
