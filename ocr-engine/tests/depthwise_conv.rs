//! The vendored rten's depthwise convolution kernel (vendor/rten/PATCHES.md)
//! against a direct evaluation of the definition, over random shapes,
//! kernels, strides and paddings.

use proptest::prelude::*;
use rten::BufferPool;
use rten::ops::conv;
use rten_tensor::prelude::*;
use rten_tensor::{NdTensor, Tensor};

/// `out[c, y, x] = bias[c] + Σ in[c, y·s − p_top + ky, x·s − p_left + kx] · k[c, ky, kx]`,
/// positions outside the input counting as zero.
fn reference(
    input: &NdTensor<f32, 3>,
    kernel: &NdTensor<f32, 3>,
    bias: &[f32],
    pad: [usize; 4],
    stride: usize,
) -> Vec<f32> {
    let [c, h, w] = input.shape();
    let [_, kh, kw] = kernel.shape();
    let out_h = (h + pad[0] + pad[2] - kh) / stride + 1;
    let out_w = (w + pad[1] + pad[3] - kw) / stride + 1;
    let mut out = Vec::with_capacity(c * out_h * out_w);
    for ch in 0..c {
        for oy in 0..out_h {
            for ox in 0..out_w {
                let mut sum = bias[ch];
                for ky in 0..kh {
                    for kx in 0..kw {
                        let (iy, ix) = (
                            (oy * stride + ky) as isize - pad[0] as isize,
                            (ox * stride + kx) as isize - pad[1] as isize,
                        );
                        if iy >= 0 && ix >= 0 && (iy as usize) < h && (ix as usize) < w {
                            sum += input[[ch, iy as usize, ix as usize]] * kernel[[ch, ky, kx]];
                        }
                    }
                }
                out.push(sum);
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn depthwise_conv_matches_the_definition(
        (c, h, w, k, stride, pad) in (1usize..6, 1usize..12, 1usize..40, prop_oneof![Just(1usize), Just(3), Just(5)], 1usize..3, 0usize..3),
        seed in any::<u64>(),
    ) {
        prop_assume!(h + 2 * pad >= k && w + 2 * pad >= k);
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut draw = |n: usize| (0..n).map(|_| rng.f32() * 4.0 - 2.0).collect::<Vec<f32>>();
        let input = NdTensor::from_data([c, h, w], draw(c * h * w));
        let kernel = NdTensor::from_data([c, k, k], draw(c * k * k));
        let bias = draw(c);
        let pool = BufferPool::new();
        let got = conv(
            &pool,
            input.view().reshaped([1, c, h, w]).as_dyn(),
            kernel.view().reshaped([c, 1, k, k]).as_dyn(),
            Some(NdTensor::from_data([c], bias.clone()).view()),
            [pad, pad, pad, pad].into(),
            c,
            &[stride, stride],
            &[1, 1],
        )
        .expect("a valid convolution");
        let want = reference(&input, &kernel, &bias, [pad; 4], stride);
        let got: Tensor<f32> = got;
        prop_assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            prop_assert!((g - w).abs() <= 1e-4 * (1.0 + w.abs()), "{} vs {}", g, w);
        }
    }
}
