//! Every card on a page: the page's OCR lines split into cards, each card
//! parsed on its own lines and placed on the page, and the two sides of one
//! person joined.

mod group;
pub(crate) mod layout;
pub(crate) mod pair;
pub(crate) mod reading;

pub use reading::{CardOnPage, PageReading, QuadSource};

use ocr_core::TextLine;

use crate::model::warning::{Warning, WarningCode};
use crate::options::ParseOptions;
use crate::page::group::{card_groups, read_group};
use crate::page::pair::{identities, order_for_reading, pair_sides, share_cross_checks};
use crate::page::reading::multiple_cards;

/// Parses every card in a page's OCR lines.
///
/// Stages: the lines are split into documents by the gaps between them
/// ([`ocr_layout::split_documents`]), never joining two groups that each
/// show the same printed element (two name labels are two cards) or one a
/// front and the other a back, or whose union would be larger than a card;
/// each group that shows a card is parsed with [`crate::parse`] on its own lines
/// and placed on the page from its printed labels; the cards are put in
/// reading order; a front and a back whose dates agree become one identity.
///
/// More than [`ParseOptions::max_card_lines`](crate::ParseOptions::max_card_lines) lines: no card, a
/// [`WarningCode::TooManyLines`] page warning.
///
/// # Examples
///
/// ```
/// use ocr_core::{Quad, TextLine};
/// use idcard::page::parse_page;
/// use idcard::{ParseOptions, Side, WarningCode};
/// // a front above a back, as on an A4 copy (20 px per character)
/// let at = |t: &str, x: f64, y: f64| TextLine::new(t, 99.0).with_polygon(Quad::from_rect(x, y, 20.0 * t.chars().count() as f64, 23.0));
/// let lines = vec![
///     at("姓名张三", 56.0, 72.0),
///     at("性别男", 56.0, 134.0),
///     at("民族汉", 254.0, 134.0),
///     at("出生1949年12月31日", 56.0, 194.0),
///     at("住址北京市朝阳区建国路1号", 56.0, 256.0),
///     at("公民身份号码", 56.0, 462.0),
///     at("110105194912310038", 256.0, 458.0),
///     at("中华人民共和国", 262.0, 1080.0),
///     at("居民身份证", 248.0, 1170.0),
///     at("签发机关北京市公安局朝阳分局", 148.0, 1400.0),
///     at("有效期限2010.01.01-长期", 148.0, 1460.0),
/// ];
/// let page = parse_page(&lines, &ParseOptions::default());
/// assert_eq!(page.cards.len(), 2);
/// assert_eq!((page.cards[0].card.side, page.cards[1].card.side), (Some(Side::Front), Some(Side::Back)));
/// assert_eq!(page.identities.len(), 1); // one person: both sides combined
/// assert!(page.identities[0].issuer.is_some() && page.identities[0].name.is_some());
/// assert_eq!(page.warnings[0].code, WarningCode::MultipleCards);
/// ```
pub fn parse_page(lines: &[TextLine], options: &ParseOptions) -> PageReading {
    if lines.len() > options.max_card_lines {
        let mut page = PageReading {
            cards: Vec::new(),
            identities: Vec::new(),
            warnings: Vec::new(),
            times: Vec::new(),
        };
        page.warnings.push(Warning::new(
            WarningCode::TooManyLines,
            format!(
                "{} OCR lines; a page is read up to {}: not parsed",
                lines.len(),
                options.max_card_lines
            ),
        ));
        return page;
    }
    let mut cards: Vec<CardOnPage> = card_groups(lines, options)
        .into_iter()
        .filter_map(|group| read_group(lines, group, options))
        .collect();
    order_for_reading(&mut cards);
    pair_sides(&mut cards);
    share_cross_checks(&mut cards);
    let identities = identities(&cards);
    let mut warnings = Vec::new();
    if cards.len() > 1 {
        warnings.push(multiple_cards(cards.len()));
    }
    if cards.is_empty() {
        warnings.push(Warning::new(
            WarningCode::SideUnknown,
            "no ID card found: no ID-card label and no ID number",
        ));
    }
    PageReading {
        cards,
        identities,
        warnings,
        times: Vec::new(),
    }
}
