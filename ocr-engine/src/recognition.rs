//! Stage 3: text recognition with PP-OCRv4's SVTR recognizer and greedy CTC
//! decoding.

use image::{RgbImage, imageops::FilterType};
use rayon::prelude::*;
use rten::Model;
use rten_tensor::NdTensor;
use rten_tensor::prelude::*;

use ocr_core::Glyph;

use crate::error::{Error, ErrorKind};

/// Recognizer input height.
pub(crate) const REC_HEIGHT: u32 = 48;
/// RapidOCR's narrowest batch width (320 at height 48).
pub(crate) const REC_MIN_WIDTH: u32 = 320;

/// Recognizer settings.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RecognizerConfig {
    /// At most this many crops per inference call (RapidOCR: 6). Crops are
    /// sorted by aspect ratio first.
    pub batch_size: usize,
    /// A crop joins a batch only while the batch's widest crop is at most
    /// this share wider than its narrowest, so padding stays small: the
    /// recognizer's work grows with the padded width, and batching itself
    /// saves little. `f32::INFINITY` batches by count alone, as RapidOCR
    /// does. Default 0.15.
    pub max_padding: f32,
    /// Lines scoring below this (0–1) are dropped (0.5).
    pub min_score: f32,
    /// The narrowest batch input in pixels at height 48: shorter crops are
    /// padded to it. Default 160 (RapidOCR pads to 320): short lines such as
    /// a name cost half the recognizer work, and on the dev2 photos accuracy
    /// held (371 vs 370 of 400 cards all correct, silent errors 4 vs 5).
    pub min_width: u32,
}

impl Default for RecognizerConfig {
    fn default() -> Self {
        Self {
            batch_size: 6,
            min_score: 0.5,
            min_width: 160,
            max_padding: 0.15,
        }
    }
}

/// The recognizer's classes: CTC blank, the model's characters, a space.
#[derive(Debug, Clone)]
pub(crate) struct Charset {
    classes: Vec<String>,
}

impl Charset {
    /// Reads the `character` metadata of the recognizer model.
    pub fn from_model(model: &Model) -> Result<Self, Error> {
        let chars = model
            .metadata()
            .get("character")
            .ok_or_else(|| ErrorKind::ModelIncompatible {
                model: "recognizer",
                reason: "no `character` metadata".into(),
            })?;
        Ok(Self::from_lines(chars))
    }

    /// A dictionary file's characters: one per line, the file's final line
    /// break ending the last one (not a character of its own).
    pub fn from_dictionary(text: &str) -> Self {
        Self::from_lines(text.strip_suffix('\n').unwrap_or(text).trim_end_matches('\r'))
    }

    /// Blank at index 0, one class per line, a space at the end.
    pub fn from_lines(chars: &str) -> Self {
        let mut classes = vec![String::new()];
        classes.extend(chars.split('\n').map(|c| c.trim_end_matches('\r').to_owned()));
        classes.push(" ".into());
        Self { classes }
    }

    /// Number of classes (blank and space included).
    pub fn len(&self) -> usize {
        self.classes.len()
    }
}

/// A recognized line: text, mean probability of its characters (0–1) and
/// each character's glyph.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Recognized {
    /// The text.
    pub text: String,
    /// Mean probability of the kept CTC steps.
    pub score: f32,
    /// Per character of `text`: its probability and where its steps lie.
    pub glyphs: Vec<Glyph>,
}

/// Greedy CTC: best class per step, repeats merged, blanks dropped. The
/// first `content_steps` steps cover the crop (the rest is padding); a
/// character's centre is the middle of its run of steps, as a share of them.
pub(crate) fn ctc_decode(steps: &[f32], classes: usize, charset: &Charset, content_steps: f32) -> Recognized {
    /// One emitted class: its index, first and last step, and probability.
    struct Run {
        class: usize,
        first: usize,
        last: usize,
        p: f32,
    }
    let mut runs: Vec<Run> = Vec::new();
    let mut prev = usize::MAX;
    for (t, step) in steps.chunks_exact(classes).enumerate() {
        let (best, p) = step.iter().enumerate().fold(
            (0, f32::NEG_INFINITY),
            |(bi, bp), (i, &p)| if p > bp { (i, p) } else { (bi, bp) },
        );
        match runs.last_mut() {
            Some(run) if best == prev && best != 0 => run.last = t,
            _ if best != prev && best != 0 => runs.push(Run {
                class: best,
                first: t,
                last: t,
                p,
            }),
            _ => {}
        }
        prev = best;
    }
    let span = content_steps.max(1.0);
    let mut text = String::new();
    let mut glyphs = Vec::new();
    for run in &runs {
        let Some(c) = charset.classes.get(run.class) else {
            continue;
        };
        text.push_str(c);
        let centre = ((run.first + run.last) as f32 / 2.0 + 0.5) / span;
        glyphs.extend(std::iter::repeat_n(
            Glyph::new(run.p * 100.0, centre),
            c.chars().count(),
        ));
    }
    let score = if runs.is_empty() {
        0.0
    } else {
        runs.iter().map(|r| r.p).sum::<f32>() / runs.len() as f32
    };
    Recognized { text, score, glyphs }
}

/// Resizes a crop to height 48 (width by aspect ratio, at most `width`) and
/// writes it, normalised and BGR, into a `[3, 48, width]` slice padded with 0.
pub(crate) fn write_normalised(crop: &RgbImage, width: u32, out: &mut [f32]) {
    let resized_w = resized_width(crop, width);
    let resized = image::imageops::resize(crop, resized_w, REC_HEIGHT, FilterType::Triangle);
    crate::tensor::write_bgr_planes(&resized, width as usize, out);
}

/// The width of a crop resized to the recognizer's height, at most `width`.
fn resized_width(crop: &RgbImage, width: u32) -> u32 {
    let (w, h) = crop.dimensions();
    let ratio = w as f64 / h.max(1) as f64;
    ((REC_HEIGHT as f64 * ratio).ceil() as u32).clamp(1, width)
}

/// Recognizes upright crops, in batches of crops of similar aspect ratio.
/// Returns one result per crop, in input order.
pub(crate) fn recognize_crops(
    model: &Model,
    charset: &Charset,
    crops: &[RgbImage],
    config: &RecognizerConfig,
    run: &(dyn Fn() -> Option<rten::RunOptions> + Sync),
) -> Result<Vec<Recognized>, Error> {
    let ratio = |c: &RgbImage| c.width() as f64 / c.height().max(1) as f64;
    let mut order: Vec<usize> = (0..crops.len()).collect();
    order.sort_by(|&a, &b| ratio(&crops[a]).total_cmp(&ratio(&crops[b])));
    let mut results = vec![
        Recognized {
            text: String::new(),
            score: 0.0,
            glyphs: Vec::new(),
        };
        crops.len()
    ];
    let ratios: Vec<f64> = order.iter().map(|&i| ratio(&crops[i])).collect();
    let min_ratio = config.min_width.max(8) as f64 / REC_HEIGHT as f64;
    let spans = batch_spans(&ratios, min_ratio, config.batch_size, config.max_padding as f64);
    let recognize_span = |span: &std::ops::Range<usize>| {
        let batch = &order[span.clone()];
        // sorted by ratio: the span's last crop is its widest
        let width_ratio = ratios[span.end - 1].max(min_ratio);
        let read = recognize_batch(model, charset, crops, batch, width_ratio, run())?;
        Ok(batch.iter().copied().zip(read).collect::<Vec<_>>())
    };
    // The batches are independent: several threads take one each (and
    // help inside one another's operators when idle).
    let pool = run().and_then(|o| o.thread_pool);
    let pool = pool.as_deref().unwrap_or_else(|| rten::thread_pool());
    let batches: Vec<Result<Vec<(usize, Recognized)>, Error>> =
        pool.run(|| spans.par_iter().map(recognize_span).collect());
    for batch in batches {
        for (i, read) in batch? {
            results[i] = read;
        }
    }
    Ok(results)
}

/// Recognizes the crops at `batch` (indices into `crops`) in one model run,
/// each padded to `width_ratio` × the recognizer's height.
fn recognize_batch(
    model: &Model,
    charset: &Charset,
    crops: &[RgbImage],
    batch: &[usize],
    width_ratio: f64,
    run: Option<rten::RunOptions>,
) -> Result<Vec<Recognized>, Error> {
    let width = (REC_HEIGHT as f64 * width_ratio) as u32;
    let per = (3 * REC_HEIGHT * width) as usize;
    let mut data = vec![0.0f32; per * batch.len()];
    for (k, &i) in batch.iter().enumerate() {
        write_normalised(&crops[i], width, &mut data[k * per..(k + 1) * per]);
    }
    let input = NdTensor::from_data([batch.len(), 3, REC_HEIGHT as usize, width as usize], data);
    let probs: NdTensor<f32, 3> = crate::tensor::run_model(model, input, run, "recognizer")?;
    let [_, steps, classes] = probs.shape();
    if classes != charset.len() {
        return Err(ErrorKind::ModelIncompatible {
            model: "recognizer",
            reason: format!("{classes} output classes but {} characters", charset.len()),
        }
        .into());
    }
    let flat = probs.to_vec();
    Ok((0..batch.len())
        .map(|k| {
            let s = k * steps * classes;
            let content_steps = steps as f32 * resized_width(&crops[batch[k]], width) as f32 / width.max(1) as f32;
            ctc_decode(&flat[s..s + steps * classes], classes, charset, content_steps)
        })
        .collect())
}

/// Splits crops sorted by aspect ratio into batches of at most `size`,
/// each one's widest input (at least `min_ratio`) at most `max_padding`
/// wider than its narrowest.
fn batch_spans(sorted_ratios: &[f64], min_ratio: f64, size: usize, max_padding: f64) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, r) in sorted_ratios.iter().enumerate() {
        let first = sorted_ratios[start].max(min_ratio);
        if i > start && (i - start >= size.max(1) || r.max(min_ratio) > first * (1.0 + max_padding)) {
            spans.push(start..i);
            start = i;
        }
    }
    if start < sorted_ratios.len() {
        spans.push(start..sorted_ratios.len());
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_keep_padding_small() {
        let ratios = [1.0, 2.0, 3.0, 3.2, 3.3, 9.0, 10.0, 15.0];
        // below the minimum width every crop pads to the same input
        assert_eq!(batch_spans(&ratios, 3.4, 6, 0.15), [0..5, 5..7, 7..8]);
        assert_eq!(batch_spans(&ratios, 1.0, 6, 0.15), [0..1, 1..2, 2..5, 5..7, 7..8]);
        assert_eq!(batch_spans(&ratios, 1.0, 2, 0.15), [0..1, 1..2, 2..4, 4..5, 5..7, 7..8]);
        assert_eq!(batch_spans(&ratios, 1.0, 6, f64::INFINITY), [0..6, 6..8]);
        assert!(batch_spans(&[], 1.0, 6, 0.15).is_empty());
    }

    #[test]
    fn ctc_merges_repeats_and_drops_blanks() {
        let charset = Charset::from_lines("a\nb");
        // steps: a a blank b b → "ab"
        let probs = [
            [0.1, 0.9, 0.0, 0.0],
            [0.2, 0.8, 0.0, 0.0],
            [0.9, 0.1, 0.0, 0.0],
            [0.0, 0.0, 0.7, 0.3],
            [0.0, 0.0, 0.9, 0.1],
        ];
        let flat: Vec<f32> = probs.iter().flatten().copied().collect();
        let r = ctc_decode(&flat, 4, &charset, 5.0);
        assert_eq!(r.text, "ab");
        assert!((r.score - (0.9 + 0.7) / 2.0).abs() < 1e-6);
        // one glyph per character: its first step's probability, and the
        // middle of its run of steps as a share of the crop's steps
        assert_eq!(r.glyphs.len(), 2);
        assert!((r.glyphs[0].confidence - 90.0).abs() < 1e-4);
        assert!((r.glyphs[0].center - 1.0 / 5.0).abs() < 1e-6);
        assert!((r.glyphs[1].confidence - 70.0).abs() < 1e-4);
        assert!((r.glyphs[1].center - 4.0 / 5.0).abs() < 1e-6);
    }

    #[test]
    fn glyph_centres_ignore_the_padding_after_the_crop() {
        let charset = Charset::from_lines("a\nb");
        // the crop covers 2 of 4 steps: a at step 0, b at step 1, padding after
        let probs = [
            [0.1, 0.9, 0.0, 0.0],
            [0.1, 0.0, 0.9, 0.0],
            [1.0, 0.0, 0.0, 0.0],
            [1.0, 0.0, 0.0, 0.0],
        ];
        let flat: Vec<f32> = probs.iter().flatten().copied().collect();
        let r = ctc_decode(&flat, 4, &charset, 2.0);
        let centres: Vec<f32> = r.glyphs.iter().map(|g| g.center).collect();
        assert_eq!(centres, [0.25, 0.75]);
    }

    #[test]
    fn ctc_keeps_a_letter_repeated_across_a_blank() {
        let charset = Charset::from_lines("a\nb");
        let probs = [[0.1, 0.9, 0.0, 0.0], [0.9, 0.1, 0.0, 0.0], [0.1, 0.9, 0.0, 0.0]];
        let flat: Vec<f32> = probs.iter().flatten().copied().collect();
        assert_eq!(ctc_decode(&flat, 4, &charset, 3.0).text, "aa");
    }

    #[test]
    fn a_dictionary_file_s_final_line_break_is_no_character() {
        // blank, the file's characters, space: the line break ending the
        // file (and a Windows one) adds no class
        for text in ["甲\n乙\n", "甲\r\n乙\r\n", "甲\n乙"] {
            assert_eq!(Charset::from_dictionary(text).len(), 4, "{text:?}");
        }
    }
}
