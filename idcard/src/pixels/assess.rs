//! The pixels' part of reading a page: quads snapped to the card's edges,
//! cards placed on their outlines, image quality scored.

use crate::model::field_key::FieldKey;
use crate::model::warning::WarningCode;
use crate::page::pair::identities;
use crate::page::reading::PageReading;
use crate::page::reading::QuadSource;
use crate::pixels::outline::{located_by_edges, place_by_outline};
use crate::pixels::quality::{QualityLimits, assess, quality_warnings};

impl PageReading {
    /// Uses the pixels the OCR lines came from: each placed card is found
    /// from its own edges around where its text places it
    /// ([`ocr_image::locate_outline`], else the placement snapped to nearby
    /// edges; [`crate::page::CardOnPage::quad_source`] says `Edges`), and
    /// keeps the text's placement when the pixels show no outline
    /// (`Text`: then it raises no `border_incomplete`); a card whose labels were not read is placed on the
    /// light ID-1 outline holding its text, and on a page where no card was
    /// read every such outline becomes a card of unknown side
    /// ([`crate::WarningCode::SideUnknown`]: a card is there, its print is not
    /// legible; [`ocr_image::find_light_rectangles`]); each card's image
    /// quality is scored ([`crate::pixels::Quality`]) and the warnings the scores call for
    /// are added; the identities are rebuilt to carry them.
    pub fn assess_image(&mut self, image: &image::RgbImage, limits: &QualityLimits) {
        for c in &mut self.cards {
            if let Some(placed) = c.quad
                && let Some((found, source)) = located_by_edges(image, &placed, &c.text_lines)
            {
                c.quad = Some(found);
                c.quad_source = source;
            }
        }
        place_by_outline(self, image);
        for c in &mut self.cards {
            let Some(quad) = c.quad else {
                continue;
            };
            let (quality, trouble) = assess(image, &quad, c.card.side, &c.card.field_quads(), limits);
            let proven: Vec<FieldKey> = (c.card.field_states().into_iter())
                .filter(|(_, state)| state.is_some_and(|s| s.verified))
                .map(|(name, _)| name)
                .collect();
            let mut warnings = quality_warnings(&quality, &trouble, &proven, limits);
            if c.quad_source == QuadSource::Text {
                // a quad placed from the text alone does not show where the
                // card's border is: it cannot say the card is cut off
                warnings.retain(|w| w.code != WarningCode::BorderIncomplete);
            }
            c.card.warnings.extend(warnings);
            c.quality = Some(quality);
        }
        self.identities = identities(&self.cards);
    }
}
