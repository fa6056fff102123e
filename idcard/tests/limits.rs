//! A card parse considers at most `Limits::max_card_lines` lines.

mod common;

use common::{parse_back, parse_front};

use idcard::{CardReader, CardStatus, ErrorKind, ParseOptions, WarningCode, parse};
use ocr_core::{ImageInput, InputError, OcrResponse, Quad, Recognize, TextLine};

const MAX_CARD_LINES: usize = 300;

#[test]
fn the_default_limit_is_300_lines_and_a_lower_one_is_kept() {
    assert_eq!(ParseOptions::default().max_card_lines, MAX_CARD_LINES);
    let mut options = ParseOptions::default();
    options.max_card_lines = 10;
    let card = parse(&lines(11), &options);
    assert!(card.warnings.iter().any(|w| w.code == WarningCode::TooManyLines));
}

fn lines(n: usize) -> Vec<TextLine> {
    (0..n)
        .map(|i| TextLine::new("文字", 90.0).with_polygon(Quad::from_rect(0.0, i as f64 * 40.0, 200.0, 30.0)))
        .collect()
}

#[test]
fn a_page_of_lines_is_rejected_without_parsing() {
    for parse_side in [parse, parse_front, parse_back] {
        let card = parse_side(&lines(MAX_CARD_LINES + 1), &ParseOptions::default());
        assert_eq!(card.status(), CardStatus::Reject);
        assert!(card.warnings.iter().any(|w| w.code == WarningCode::TooManyLines));
        assert!(card.side.is_none());
    }
    let at_limit = parse(&lines(MAX_CARD_LINES), &ParseOptions::default());
    assert!(!at_limit.warnings.iter().any(|w| w.code == WarningCode::TooManyLines));
}

/// An engine that "reads" `n` lines from any image.
struct Lines(usize);

impl Recognize for Lines {
    type Error = InputError;
    async fn recognize(&self, _: &ImageInput) -> Result<OcrResponse, InputError> {
        Ok(OcrResponse::success(lines(self.0)))
    }
}

#[tokio::test]
async fn the_reader_fails_with_a_typed_error() {
    let image = ImageInput::from_bytes(vec![0xFF, 0xD8, 0xFF, 0xD9]);
    let err = CardReader::new(Lines(5000)).read(&image).await.unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::TooManyLines {
                lines: 5000,
                limit: MAX_CARD_LINES
            }
        ),
        "{err}"
    );
    assert!(err.is_invalid_input());
}
