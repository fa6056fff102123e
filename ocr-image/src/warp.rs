//! Cutting a quad out of an image, upright: a perspective warp with bicubic
//! interpolation and edge replication, like OpenCV's `warpPerspective` with
//! `INTER_CUBIC` and `BORDER_REPLICATE` (bilinear visibly changes the text
//! a recognizer reads).

use image::{Rgb, RgbImage};
use ocr_core::{Point, Quad};

/// Solves the homography that maps `from[i]` to `to[i]` (row-major 3×3, h33 = 1).
fn homography(from: &[Point; 4], to: &[Point; 4]) -> Option<[f64; 9]> {
    let mut a = [[0.0f64; 9]; 8];
    for i in 0..4 {
        let (x, y, u, v) = (from[i].x, from[i].y, to[i].x, to[i].y);
        a[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u];
        a[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v];
    }
    // Gaussian elimination with partial pivoting on the 8×9 augmented matrix.
    for col in 0..8 {
        let pivot = (col..8).max_by(|&r, &s| a[r][col].abs().total_cmp(&a[s][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        let pivot_row = a[col];
        for (row, r) in a.iter_mut().enumerate() {
            if row != col {
                let f = r[col] / pivot_row[col];
                for (x, p) in r.iter_mut().zip(pivot_row.iter()).skip(col) {
                    *x -= f * p;
                }
            }
        }
    }
    let h: Vec<f64> = (0..8).map(|i| a[i][8] / a[i][i]).collect();
    Some([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1.0])
}

/// OpenCV's bicubic kernel (a = −0.75).
fn cubic_weights(t: f64) -> [f64; 4] {
    const A: f64 = -0.75;
    let w0 = ((A * (t + 1.0) - 5.0 * A) * (t + 1.0) + 8.0 * A) * (t + 1.0) - 4.0 * A;
    let w1 = ((A + 2.0) * t - (A + 3.0)) * t * t + 1.0;
    let w2 = ((A + 2.0) * (1.0 - t) - (A + 3.0)) * (1.0 - t) * (1.0 - t) + 1.0;
    [w0, w1, w2, 1.0 - w0 - w1 - w2]
}

/// The natural size of a quad's crop: the longer of each pair of opposite
/// edges.
///
/// ```
/// use ocr_core::Quad;
/// assert_eq!(ocr_image::crop_size(&Quad::from_rect(3.0, 4.0, 80.0, 20.0)), (80, 20));
/// ```
pub fn crop_size(quad: &Quad) -> (u32, u32) {
    let [p0, p1, p2, p3] = quad.points;
    let w = p0.distance(p1).max(p2.distance(p3)) as u32;
    let h = p0.distance(p3).max(p1.distance(p2)) as u32;
    (w, h)
}

/// Warps the quad (top-left, top-right, bottom-right, bottom-left) to an
/// upright image of its natural size ([`crop_size`]). `None` for
/// degenerate quads.
///
/// ```
/// use image::{Rgb, RgbImage};
/// use ocr_core::Quad;
/// let img = RgbImage::from_fn(20, 10, |x, _| Rgb([x as u8, 0, 0]));
/// let crop = ocr_image::crop_quad(&img, &Quad::from_rect(5.0, 2.0, 8.0, 4.0)).unwrap();
/// assert_eq!((crop.dimensions(), crop.get_pixel(0, 0)[0]), ((8, 4), 5));
/// ```
pub fn crop_quad(image: &RgbImage, quad: &Quad) -> Option<RgbImage> {
    let (w, h) = crop_size(quad);
    warp_quad(image, quad, w, h)
}

/// Warps the quad to an upright `w × h` image (the quad's first corner at
/// the top-left). Pixels outside the image repeat its edge. `None` for a
/// degenerate quad or an empty size.
///
/// ```
/// use image::RgbImage;
/// use ocr_core::Quad;
/// let img = RgbImage::new(100, 60);
/// let card = ocr_image::warp_quad(&img, &Quad::from_rect(10.0, 10.0, 50.0, 30.0), 428, 270).unwrap();
/// assert_eq!(card.dimensions(), (428, 270));
/// ```
pub fn warp_quad(image: &RgbImage, quad: &Quad, w: u32, h: u32) -> Option<RgbImage> {
    if w == 0 || h == 0 || image.width() == 0 || image.height() == 0 {
        return None;
    }
    let dst = [
        Point::new(0.0, 0.0),
        Point::new(w as f64, 0.0),
        Point::new(w as f64, h as f64),
        Point::new(0.0, h as f64),
    ];
    // maps destination pixels back to the source image
    let m = homography(&dst, &quad.points)?;
    let (iw, ih) = (image.width() as i64, image.height() as i64);
    let src = image.as_raw();
    let mut out = RgbImage::new(w, h);
    for y in 0..h {
        for x in 0..w {
            let (fx, fy) = (x as f64, y as f64);
            let d = m[6] * fx + m[7] * fy + m[8];
            if d.abs() < 1e-12 {
                continue;
            }
            let sx = (m[0] * fx + m[1] * fy + m[2]) / d;
            let sy = (m[3] * fx + m[4] * fy + m[5]) / d;
            let (x0, y0) = (sx.floor(), sy.floor());
            let (wx, wy) = (cubic_weights(sx - x0), cubic_weights(sy - y0));
            let (x0, y0) = (x0 as i64, y0 as i64);
            let mut acc = [0.0f64; 3];
            for (j, wyj) in wy.iter().enumerate() {
                let yy = (y0 - 1 + j as i64).clamp(0, ih - 1) as usize;
                let row = yy * iw as usize * 3;
                for (i, wxi) in wx.iter().enumerate() {
                    let xx = (x0 - 1 + i as i64).clamp(0, iw - 1) as usize;
                    let p = row + xx * 3;
                    let wgt = wyj * wxi;
                    acc[0] += wgt * src[p] as f64;
                    acc[1] += wgt * src[p + 1] as f64;
                    acc[2] += wgt * src[p + 2] as f64;
                }
            }
            out.put_pixel(x, y, Rgb(acc.map(|v| v.round().clamp(0.0, 255.0) as u8)));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_aligned_crop_copies_pixels() {
        let img = RgbImage::from_fn(20, 10, |x, y| Rgb([x as u8 * 10, y as u8 * 20, 7]));
        let q = Quad::from_rect(5.0, 2.0, 8.0, 4.0);
        let c = crop_quad(&img, &q).unwrap();
        assert_eq!(c.dimensions(), (8, 4));
        assert_eq!(c.get_pixel(0, 0), img.get_pixel(5, 2));
        assert_eq!(c.get_pixel(7, 3), img.get_pixel(12, 5));
    }

    #[test]
    fn degenerate_quads_give_no_crop() {
        let img = RgbImage::new(10, 10);
        assert!(crop_quad(&img, &Quad::from_rect(1.0, 1.0, 0.0, 5.0)).is_none());
    }
}
