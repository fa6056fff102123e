//! Pixels to model input: the normalisation every PP-OCR model here expects.

use image::RgbImage;
use rten::{Model, RunOptions};
use rten_tensor::NdTensor;

use crate::error::{Error, ErrorKind};

/// Runs a single-input, single-output model and returns its output as an
/// `N`-dimensional f32 tensor; `stage` names the model in errors.
pub(crate) fn run_model<const N: usize>(
    model: &Model,
    input: NdTensor<f32, 4>,
    run: Option<RunOptions>,
    stage: &'static str,
) -> Result<NdTensor<f32, N>, Error> {
    let inference = |source: crate::error::BoxError| Error::from(ErrorKind::Inference { stage, source });
    let output = model.run_one(input.into(), run).map_err(|e| inference(e.into()))?;
    output
        .try_into()
        .map_err(|e: rten::TryFromValueError| inference(e.into()))
}

/// Writes `img` into `out`, a `[3, H, width]` planar buffer (`H` =
/// `out.len() / 3 / width`), in BGR order, each value `(v / 255 − 0.5) / 0.5`.
/// Columns right of the image keep what `out` held (the padding).
pub(crate) fn write_bgr_planes(img: &RgbImage, width: usize, out: &mut [f32]) {
    let plane = out.len() / 3;
    for (y, row) in img.rows().enumerate() {
        for (x, px) in row.enumerate().take(width) {
            let i = y * width + x;
            if i >= plane {
                return;
            }
            out[i] = px[2] as f32 / 127.5 - 1.0;
            out[plane + i] = px[1] as f32 / 127.5 - 1.0;
            out[2 * plane + i] = px[0] as f32 / 127.5 - 1.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planes_are_bgr_and_padding_is_kept() {
        let img = RgbImage::from_pixel(1, 1, image::Rgb([255, 0, 51]));
        let mut out = vec![9.0; 3 * 2];
        write_bgr_planes(&img, 2, &mut out);
        assert_eq!(out, vec![51.0 / 127.5 - 1.0, 9.0, -1.0, 9.0, 1.0, 9.0]);
    }
}
