//! Drawing outlines onto an image, for review screens and documentation:
//! where a card or a field was found.

use image::{Rgb, RgbImage};
use ocr_core::{Point, Quad};

/// Draws the outline of `quad` onto `image` in `colour`, `width` pixels
/// wide (centred on the outline); parts outside the image are skipped.
///
/// ```
/// use image::{Rgb, RgbImage};
/// use ocr_core::Quad;
/// let mut img = RgbImage::new(40, 30);
/// ocr_image::draw_quad_outline(&mut img, &Quad::from_rect(5.0, 5.0, 20.0, 10.0), Rgb([0, 255, 0]), 1);
/// assert_eq!(img.get_pixel(15, 5), &Rgb([0, 255, 0])); // on the top edge
/// assert_eq!(img.get_pixel(15, 10), &Rgb([0, 0, 0])); // inside: untouched
/// ```
pub fn draw_quad_outline(image: &mut RgbImage, quad: &Quad, colour: Rgb<u8>, width: u32) {
    for k in 0..4 {
        draw_segment(image, quad.points[k], quad.points[(k + 1) % 4], colour, width.max(1));
    }
}

/// A segment as a run of squares `width` wide, one per pixel of length.
fn draw_segment(image: &mut RgbImage, a: Point, b: Point, colour: Rgb<u8>, width: u32) {
    let (w, h) = (image.width() as i64, image.height() as i64);
    let length = a.distance(b);
    if !length.is_finite() || length > 1e6 {
        return;
    }
    let steps = length.ceil().max(1.0) as usize;
    let half = (width as i64 - 1) / 2;
    for s in 0..=steps {
        let t = s as f64 / steps as f64;
        let (x, y) = (
            (a.x + (b.x - a.x) * t).round() as i64,
            (a.y + (b.y - a.y) * t).round() as i64,
        );
        for dy in -half..=(width as i64 - 1 - half) {
            for dx in -half..=(width as i64 - 1 - half) {
                let (px, py) = (x + dx, y + dy);
                if (0..w).contains(&px) && (0..h).contains(&py) {
                    image.put_pixel(px as u32, py as u32, colour);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_out_of_the_image_or_degenerate_draw_nothing_and_do_not_panic() {
        let mut img = RgbImage::new(10, 10);
        draw_quad_outline(&mut img, &Quad::from_rect(50.0, 50.0, 5.0, 5.0), Rgb([255; 3]), 3);
        draw_quad_outline(&mut img, &Quad::from_rect(f64::NAN, 0.0, 5.0, 5.0), Rgb([255; 3]), 3);
        draw_quad_outline(&mut img, &Quad::from_rect(-1e12, 0.0, 2e12, 5.0), Rgb([255; 3]), 3);
        assert!(img.pixels().all(|p| p == &Rgb([0, 0, 0])));
    }

    #[test]
    fn a_wide_outline_covers_its_width() {
        let mut img = RgbImage::new(30, 30);
        draw_quad_outline(&mut img, &Quad::from_rect(10.0, 10.0, 10.0, 10.0), Rgb([9, 9, 9]), 3);
        assert_eq!(img.get_pixel(15, 9), &Rgb([9, 9, 9]));
        assert_eq!(img.get_pixel(15, 11), &Rgb([9, 9, 9]));
        assert_eq!(img.get_pixel(15, 13), &Rgb([0, 0, 0]));
    }
}
