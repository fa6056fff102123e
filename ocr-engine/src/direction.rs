//! Stage 2, the 0°/180° half: the direction classifier's probability that a
//! crop is upside down. The engine calls it once per page on a few of the most
//! elongated crops; the text axis (a page on its side) is decided before, from
//! the box shapes, by [`crate::engine::orient_quads`].

use image::{RgbImage, imageops::FilterType};
use rten::Model;
use rten_tensor::NdTensor;

use crate::error::Error;

const CLS_HEIGHT: u32 = 48;
const CLS_WIDTH: u32 = 192;

/// The classifier's probability that each crop is upside down.
pub(crate) fn upside_down_probability(
    model: &Model,
    crops: &[&RgbImage],
    run: Option<rten::RunOptions>,
) -> Result<Vec<f32>, Error> {
    if crops.is_empty() {
        return Ok(Vec::new());
    }
    let per = (3 * CLS_HEIGHT * CLS_WIDTH) as usize;
    let mut data = vec![0.0f32; per * crops.len()];
    for (k, crop) in crops.iter().enumerate() {
        let ratio = crop.width() as f64 / crop.height().max(1) as f64;
        let w = ((CLS_HEIGHT as f64 * ratio).ceil() as u32).clamp(1, CLS_WIDTH);
        let resized = image::imageops::resize(*crop, w, CLS_HEIGHT, FilterType::Triangle);
        crate::tensor::write_bgr_planes(&resized, CLS_WIDTH as usize, &mut data[k * per..(k + 1) * per]);
    }
    let input = NdTensor::from_data([crops.len(), 3, CLS_HEIGHT as usize, CLS_WIDTH as usize], data);
    let probs: NdTensor<f32, 2> = crate::tensor::run_model(model, input, run, "classifier")?;
    Ok((0..crops.len()).map(|k| probs[[k, 1]]).collect())
}
