//! What a crop's pixels say about the photo: exposure, colour, clipped
//! highlights and sharpness — the raw measures behind image-quality
//! warnings.

use image::RgbImage;
use ocr_core::{Point, Quad};

/// Pixel statistics of an image (typically a card crop).
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct PixelStats {
    /// Mean luma (BT.601), 0 (black) to 1 (white).
    pub mean_luma: f64,
    /// Mean chroma — the spread between a pixel's largest and smallest
    /// channel — 0 (every pixel grey) to 1.
    pub mean_chroma: f64,
    /// Share of pixels whose three channels are all at least 250:
    /// saturated highlights where ink cannot show.
    pub clipped_share: f64,
    /// Mean absolute 4-neighbour Laplacian of luma over the pixels on
    /// edges (the sharpest tenth), 0 to 1: sharp print gives high values,
    /// blur spreads edges out and lowers it.
    pub edge_strength: f64,
}

fn luma(p: &image::Rgb<u8>) -> f64 {
    (0.299 * p[0] as f64 + 0.587 * p[1] as f64 + 0.114 * p[2] as f64) / 255.0
}

/// Computes [`PixelStats`]; all zero for an empty image.
///
/// ```
/// use image::{Rgb, RgbImage};
/// let grey = RgbImage::from_pixel(8, 8, Rgb([128, 128, 128]));
/// let s = ocr_image::pixel_stats(&grey);
/// assert_eq!(s.mean_chroma, 0.0);
/// assert!((s.mean_luma - 128.0 / 255.0).abs() < 1e-9);
/// let red = RgbImage::from_pixel(8, 8, Rgb([255, 0, 0]));
/// assert_eq!(ocr_image::pixel_stats(&red).mean_chroma, 1.0);
/// ```
pub fn pixel_stats(image: &RgbImage) -> PixelStats {
    let n = (image.width() as u64 * image.height() as u64) as f64;
    if n == 0.0 {
        return PixelStats {
            mean_luma: 0.0,
            mean_chroma: 0.0,
            clipped_share: 0.0,
            edge_strength: 0.0,
        };
    }
    let (mut luma_sum, mut chroma_sum, mut clipped) = (0.0, 0.0, 0u64);
    for p in image.pixels() {
        luma_sum += luma(p);
        let (hi, lo) = (
            p.0.iter().max().copied().unwrap_or(0),
            p.0.iter().min().copied().unwrap_or(0),
        );
        chroma_sum += (hi - lo) as f64 / 255.0;
        clipped += u64::from(lo >= 250);
    }
    PixelStats {
        mean_luma: luma_sum / n,
        mean_chroma: chroma_sum / n,
        clipped_share: clipped as f64 / n,
        edge_strength: edge_strength(image),
    }
}

/// Shares of a region's pixels: clipped white, and dark enough to be ink.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub struct RegionShares {
    /// All three channels at least 250.
    pub clipped: f64,
    /// Luma under 0.45.
    pub ink: f64,
}

/// The [`RegionShares`] of the image's own pixels inside `quad` (any
/// winding); zero when no pixel centre falls inside both. Reads the pixels
/// as they are — no resampling, so no interpolation overshoot next to dark
/// print.
///
/// ```
/// use image::{Rgb, RgbImage};
/// use ocr_core::Quad;
/// let img = RgbImage::from_fn(10, 10, |x, _| if x < 5 { Rgb([255; 3]) } else if x < 8 { Rgb([200; 3]) } else { Rgb([20; 3]) });
/// let s = ocr_image::region_shares(&img, &Quad::from_rect(0.0, 0.0, 10.0, 10.0));
/// assert_eq!((s.clipped, s.ink), (0.5, 0.2));
/// assert_eq!(ocr_image::region_shares(&img, &Quad::from_rect(50.0, 50.0, 5.0, 5.0)).clipped, 0.0);
/// ```
pub fn region_shares(image: &RgbImage, quad: &Quad) -> RegionShares {
    let (w, h) = (image.width() as f64, image.height() as f64);
    let xs = quad.points.iter().map(|p| p.x);
    let ys = quad.points.iter().map(|p| p.y);
    let x0 = xs.clone().fold(f64::INFINITY, f64::min).max(0.0).floor() as u32;
    let x1 = xs.fold(f64::NEG_INFINITY, f64::max).min(w).ceil() as u32;
    let y0 = ys.clone().fold(f64::INFINITY, f64::min).max(0.0).floor() as u32;
    let y1 = ys.fold(f64::NEG_INFINITY, f64::max).min(h).ceil() as u32;
    let (mut inside, mut clipped, mut ink) = (0u64, 0u64, 0u64);
    for y in y0..y1.min(image.height()) {
        for x in x0..x1.min(image.width()) {
            if quad.contains(Point::new(x as f64 + 0.5, y as f64 + 0.5)) {
                let p = image.get_pixel(x, y);
                inside += 1;
                clipped += u64::from(p.0.iter().all(|&c| c >= 250));
                ink += u64::from(luma(p) < 0.45);
            }
        }
    }
    if inside == 0 {
        return RegionShares::default();
    }
    RegionShares {
        clipped: clipped as f64 / inside as f64,
        ink: ink as f64 / inside as f64,
    }
}

/// The mean of the strongest tenth of absolute Laplacian responses.
fn edge_strength(image: &RgbImage) -> f64 {
    let (w, h) = (image.width() as usize, image.height() as usize);
    if w < 3 || h < 3 {
        return 0.0;
    }
    let l: Vec<f64> = image.pixels().map(luma).collect();
    let mut responses: Vec<f64> = Vec::with_capacity((w - 2) * (h - 2));
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            let c = l[y * w + x];
            let lap = l[y * w + x - 1] + l[y * w + x + 1] + l[(y - 1) * w + x] + l[(y + 1) * w + x] - 4.0 * c;
            responses.push(lap.abs());
        }
    }
    let top = (responses.len() / 10).max(1);
    let cut = responses.len() - top;
    responses.select_nth_unstable_by(cut, f64::total_cmp);
    (responses[cut..].iter().sum::<f64>() / top as f64 / 4.0).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    fn stripes(step: u32) -> RgbImage {
        // black/white bars `step` px wide
        RgbImage::from_fn(64, 64, |x, _| {
            if (x / step).is_multiple_of(2) {
                Rgb([0, 0, 0])
            } else {
                Rgb([255, 255, 255])
            }
        })
    }

    fn box_blur(img: &RgbImage) -> RgbImage {
        RgbImage::from_fn(img.width(), img.height(), |x, y| {
            let xs = x.saturating_sub(2)..(x + 3).min(img.width());
            let n = xs.len() as u32;
            let v = xs.map(|xx| img.get_pixel(xx, y)[0] as u32).sum::<u32>() / n;
            Rgb([v as u8; 3])
        })
    }

    #[test]
    fn blur_lowers_edge_strength() {
        let sharp = stripes(8);
        assert!(pixel_stats(&box_blur(&sharp)).edge_strength < 0.5 * pixel_stats(&sharp).edge_strength);
    }

    #[test]
    fn clipped_share_counts_white_only() {
        let img = RgbImage::from_fn(10, 10, |x, _| {
            if x < 3 {
                Rgb([255, 252, 250])
            } else {
                Rgb([255, 240, 255])
            }
        });
        assert!((pixel_stats(&img).clipped_share - 0.3).abs() < 1e-9);
    }

    #[test]
    fn empty_and_tiny_images() {
        assert_eq!(pixel_stats(&RgbImage::new(0, 0)).mean_luma, 0.0);
        assert_eq!(pixel_stats(&RgbImage::new(2, 2)).edge_strength, 0.0);
    }
}
