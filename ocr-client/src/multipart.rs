//! The `multipart/form-data` body of a request.
//!
//! Written out here rather than through `reqwest::multipart` because the
//! 2 MB rule needs the exact body size *before* sending, and reqwest does not
//! expose the length of a form it builds.

use ocr_core::PreparedImage;

/// A complete multipart body and its content type.
#[derive(Debug, Clone)]
pub(crate) struct MultipartBody {
    /// The `Content-Type` header value, with the boundary.
    pub content_type: String,
    /// The encoded body.
    pub body: bytes::Bytes,
}

/// Encodes `image` as the one form field the API expects: `file`, `imgUrl`
/// or `imgBase64` (a data URL).
pub(crate) fn encode(image: &PreparedImage, boundary: &str) -> MultipartBody {
    let mut body = Vec::with_capacity(encoded_len_hint(image) + 256);
    body.extend_from_slice(b"--");
    body.extend_from_slice(boundary.as_bytes());
    body.extend_from_slice(b"\r\n");
    match image {
        PreparedImage::File {
            data,
            format,
            file_name,
        } => {
            body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: {}\r\n\r\n",
                    format.mime
                )
                .as_bytes(),
            );
            body.extend_from_slice(data);
        }
        PreparedImage::Url(url) => {
            body.extend_from_slice(b"Content-Disposition: form-data; name=\"imgUrl\"\r\n\r\n");
            body.extend_from_slice(url.as_bytes());
        }
        PreparedImage::Base64 { .. } => {
            body.extend_from_slice(b"Content-Disposition: form-data; name=\"imgBase64\"\r\n\r\n");
            body.extend_from_slice(image.data_url().unwrap_or_default().as_bytes());
        }
    }
    body.extend_from_slice(b"\r\n--");
    body.extend_from_slice(boundary.as_bytes());
    body.extend_from_slice(b"--\r\n");
    MultipartBody {
        content_type: format!("multipart/form-data; boundary={boundary}"),
        body: body.into(),
    }
}

/// The size of the payload part alone: bytes for a file, base64 length for base64.
fn encoded_len_hint(image: &PreparedImage) -> usize {
    match image {
        PreparedImage::File { data, .. } => data.len(),
        PreparedImage::Url(u) => u.len(),
        PreparedImage::Base64 { data, .. } => data.len().div_ceil(3) * 4 + 32,
    }
}

/// A fresh random boundary.
pub(crate) fn boundary() -> String {
    format!("----docstruct{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ocr_core::ImageInput;

    #[test]
    fn url_is_one_imgurl_field() {
        let img = ImageInput::url("https://example.com/a.jpg").prepare().unwrap();
        let body = encode(&img, "XYZ");
        let text = String::from_utf8(body.body.to_vec()).unwrap();
        assert!(text.contains("name=\"imgUrl\"\r\n\r\nhttps://example.com/a.jpg\r\n--XYZ--"));
    }
}
