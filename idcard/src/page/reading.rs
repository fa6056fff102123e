//! What a page gives: the cards on it, the identities they make up, and
//! page-level warnings.

use ocr_core::{Quad, StageTime};
use ocr_layout::PageFrame;

use crate::model::card::IdCard;
use crate::model::warning::{Warning, WarningCode};
use crate::pixels::quality::Quality;

/// What a card's quad was found from.
///
/// ```
/// use idcard::page::QuadSource;
/// assert_eq!(serde_json::to_value(QuadSource::Edges).unwrap(), "edges");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuadSource {
    /// The card's outline in the image: its four edges (or its light
    /// outline against the surface), each supported by the pixels.
    Edges,
    /// Where the card's text lies, by the printed labels' places: the
    /// outline is not seen (no image, or no edge shows). Such a quad never
    /// says the card is cut off.
    #[default]
    Text,
}

/// One card found on a page.
///
/// `Debug` masks personal data (through [`IdCard`]'s `Debug`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CardOnPage {
    /// The card read from its own lines; field line indices refer to the
    /// page's lines.
    pub card: IdCard,
    /// Which identity on the page ([`PageReading::identities`]) the card
    /// belongs to: a front and a back of the same person share it.
    pub person: usize,
    /// The card's corners in image pixels, top-left of the card as read
    /// first, clockwise; `None` when too few printed labels were read to
    /// place it.
    pub quad: Option<Quad>,
    /// What placed [`CardOnPage::quad`]: the card's own edges in the image,
    /// or only where its text lies.
    pub quad_source: QuadSource,
    /// The page's OCR lines that belong to this card.
    pub lines: Vec<usize>,
    /// Image-quality scores (only when the image itself was available).
    pub quality: Option<Quality>,
    /// The outlines of the card's lines, in image pixels: where its text
    /// is, for placing a card from its outline when its labels were not
    /// read, and for keeping the card's edges outside its text.
    pub(crate) text_lines: Vec<Quad>,
}

impl CardOnPage {
    /// A card known only by its outline: no lines of its own.
    pub(crate) fn from_outline(card: IdCard, person: usize, quad: Quad) -> Self {
        Self {
            card,
            person,
            quad: Some(quad),
            quad_source: QuadSource::Edges,
            lines: Vec::new(),
            quality: None,
            text_lines: Vec::new(),
        }
    }

    /// The card's rotation in the image, in degrees clockwise (the angle of
    /// its top edge as read), when it was placed.
    ///
    /// ```
    /// # use idcard::ParseOptions;
    /// # use idcard::page::parse_page;
    /// # use ocr_core::{Quad, TextLine};
    /// let row = |t: &str, y: f64| TextLine::new(t, 99.0).with_polygon(Quad::from_rect(56.0, y, 20.0 * t.chars().count() as f64, 23.0));
    /// let page = parse_page(&[row("姓名张三", 72.0), row("住址北京市朝阳区建国路1号", 256.0), row("公民身份号码110105194912310038", 462.0)], &ParseOptions::default());
    /// assert!(page.cards[0].rotation_degrees().unwrap().abs() < 1.0);
    /// ```
    pub fn rotation_degrees(&self) -> Option<f64> {
        let q = self.quad?;
        let [a, b, ..] = q.points;
        Some((b.y - a.y).atan2(b.x - a.x).to_degrees())
    }
}

/// Everything read from one image: every card in reading order, the
/// identities they make up, and page-level warnings.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PageReading {
    /// The cards, in reading order (top to bottom, left to right).
    pub cards: Vec<CardOnPage>,
    /// One card per person: a front and a back of the same person (the
    /// front's number and birth date consistent with the back's validity
    /// term) combined with [`IdCard::combine`]; any other card as read.
    pub identities: Vec<IdCard>,
    /// Page-level warnings: [`WarningCode::MultipleCards`], or
    /// [`WarningCode::SideUnknown`] when no card was found.
    pub warnings: Vec<Warning>,
    /// The time each stage took, when the page was read from an image
    /// ([`crate::CardReader::read_page`]): the engine's stages (when it
    /// reports them), `parse` and `quality`, for every look taken. Empty
    /// for a page parsed from lines.
    pub times: Vec<StageTime>,
}

impl PageReading {
    /// The page as one card, for callers that expect one: the first
    /// identity, carrying a [`WarningCode::MultipleCards`] warning when the
    /// page holds more than one card (so no card is dropped silently), or an
    /// empty card with [`WarningCode::SideUnknown`] when there is none.
    ///
    /// ```
    /// # use idcard::{ParseOptions, WarningCode};
    /// # use idcard::page::parse_page;
    /// let page = parse_page(&[], &ParseOptions::default());
    /// assert!(page.into_first_identity().has_warning(WarningCode::SideUnknown));
    /// ```
    pub fn into_first_identity(self) -> IdCard {
        let count = self.cards.len();
        let Some(mut card) = self.identities.into_iter().next() else {
            let mut card = IdCard::empty(PageFrame::default());
            card.warnings.push(Warning::new(
                WarningCode::SideUnknown,
                "no ID-card label and no ID number found",
            ));
            return card;
        };
        card.warnings.extend(
            self.warnings
                .into_iter()
                .filter(|w| w.code == WarningCode::MultipleCards),
        );
        if count > 1 && !card.has_warning(WarningCode::MultipleCards) {
            card.warnings.push(multiple_cards(count));
        }
        card
    }
}

pub(crate) fn multiple_cards(count: usize) -> Warning {
    Warning::new(
        WarningCode::MultipleCards,
        format!("{count} cards on the page; read them all with CardReader::read_page"),
    )
}
