//! Helpers shared by the server's test files.

/// An 8×8 black PNG: a valid image that shows nothing.
pub fn png() -> Vec<u8> {
    let mut out = Vec::new();
    image::RgbImage::new(8, 8)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}
