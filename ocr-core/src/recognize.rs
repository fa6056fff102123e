//! The engine-neutral "image in, lines out" trait, and batch recognition.

use std::future::Future;

use futures_util::StreamExt;

use crate::error::RecognizeError;
use crate::image_input::ImageInput;
use crate::response::OcrResponse;

/// An OCR engine: image in, lines out.
///
/// Implemented by `ocr_client::OcrClient` (the cloud API) and by the local
/// engine, so everything downstream (`ocr-layout`, `idcard`) takes any
/// engine.
///
/// # Examples
///
/// An engine that always returns the same lines, e.g. for tests:
///
/// ```
/// use ocr_core::{ImageInput, OcrResponse, Recognize, TextLine};
///
/// struct Fixed(Vec<TextLine>);
///
/// impl Recognize for Fixed {
///     type Error = ocr_core::InputError;
///     async fn recognize(&self, image: &ImageInput) -> Result<OcrResponse, Self::Error> {
///         image.prepare()?; // reject non-images like a real engine
///         Ok(OcrResponse::success(self.0.clone()))
///     }
/// }
///
/// # tokio_test(async {
/// let engine = Fixed(vec![TextLine::new("姓名罗芳", 99.0)]);
/// let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
/// let r = engine.recognize(&ImageInput::from_bytes(png)).await.unwrap();
/// assert_eq!(r.lines.len(), 1);
/// # });
/// # fn tokio_test(f: impl std::future::Future<Output = ()>) {
/// #     tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
/// # }
/// ```
pub trait Recognize: Send + Sync {
    /// The engine's error type.
    type Error: RecognizeError;

    /// Recognizes the text lines of one image. Polygons are in the original
    /// image's pixels.
    fn recognize(&self, image: &ImageInput) -> impl Future<Output = Result<OcrResponse, Self::Error>> + Send;
}

impl<T: Recognize + ?Sized> Recognize for &T {
    type Error = T::Error;

    fn recognize(&self, image: &ImageInput) -> impl Future<Output = Result<OcrResponse, Self::Error>> + Send {
        (**self).recognize(image)
    }
}

impl<T: Recognize + ?Sized> Recognize for std::sync::Arc<T> {
    type Error = T::Error;

    fn recognize(&self, image: &ImageInput) -> impl Future<Output = Result<OcrResponse, Self::Error>> + Send {
        (**self).recognize(image)
    }
}

/// Progress of a batch, passed to the callback after each image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchProgress {
    /// Images finished so far, this one included.
    pub done: usize,
    /// Images in the batch.
    pub total: usize,
    /// Input index of the image that just finished.
    pub index: usize,
    /// Whether it succeeded.
    pub ok: bool,
}

/// Recognizes many images with at most `concurrency` in flight.
///
/// Results come back in input order; a failed image yields its error in its
/// slot and does not stop the others. `progress` is called once per image as
/// it finishes (in completion order).
///
/// # Examples
///
/// ```
/// use ocr_core::{ImageInput, InputError, OcrResponse, Recognize, TextLine, recognize_batch};
///
/// struct Echo;
/// impl Recognize for Echo {
///     type Error = InputError;
///     async fn recognize(&self, image: &ImageInput) -> Result<OcrResponse, InputError> {
///         let prepared = image.prepare()?;
///         Ok(OcrResponse::success(vec![TextLine::new(prepared.mime().unwrap_or("url"), 90.0)]))
///     }
/// }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let images = [ImageInput::from_bytes(b"\x89PNG\r\n\x1a\n".to_vec()), ImageInput::from_bytes(b"?".to_vec())];
/// let results = recognize_batch(&Echo, &images, 4, |p| eprintln!("{}/{}", p.done, p.total)).await;
/// assert_eq!(results[0].as_ref().unwrap().lines[0].text, "image/png");
/// assert!(results[1].is_err()); // one bad image, the rest go on
/// # });
/// ```
pub async fn recognize_batch<E: Recognize>(
    engine: &E,
    images: &[ImageInput],
    concurrency: usize,
    mut progress: impl FnMut(BatchProgress),
) -> Vec<Result<OcrResponse, E::Error>> {
    let total = images.len();
    let mut slots: Vec<Option<Result<OcrResponse, E::Error>>> = (0..total).map(|_| None).collect();
    let mut stream = futures_util::stream::iter(images.iter().enumerate())
        .map(|(index, image)| async move { (index, engine.recognize(image).await) })
        .buffer_unordered(concurrency.max(1));
    let mut done = 0;
    while let Some((index, result)) = stream.next().await {
        done += 1;
        progress(BatchProgress {
            done,
            total,
            index,
            ok: result.is_ok(),
        });
        slots[index] = Some(result);
    }
    slots.into_iter().flatten().collect()
}
