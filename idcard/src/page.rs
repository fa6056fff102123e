//! Every card on a page: the page's OCR lines split into cards, each card
//! parsed on its own lines and placed on the page, and the two sides of one
//! person joined.

use ocr_core::{Point, Quad, TextLine};
use ocr_layout::{LayoutItem, PageFrame, SplitConfig, estimate_frame, split_documents, validate_items};

use crate::card::{IdCard, Side, Warning, WarningCode};
use crate::card_layout::{anchors, place_card};
use crate::parsing::{MAX_CARD_LINES, ParseOptions, parse};
use crate::quality::Quality;
use crate::text::halfwidth_char;

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
    /// The page's OCR lines that belong to this card.
    pub lines: Vec<usize>,
    /// Image-quality scores (only when the image itself was available).
    pub quality: Option<Quality>,
    /// The centres of the card's lines, in image pixels: where its text is,
    /// for placing a card from its outline when its labels were not read.
    pub(crate) text_at: Vec<Point>,
}

impl CardOnPage {
    /// A card known only by its outline: no lines of its own.
    pub(crate) fn from_outline(card: IdCard, person: usize, quad: Quad) -> Self {
        Self {
            card,
            person,
            quad: Some(quad),
            lines: Vec::new(),
            quality: None,
            text_at: Vec::new(),
        }
    }

    /// The card's rotation in the image, in degrees clockwise (the angle of
    /// its top edge as read), when it was placed.
    ///
    /// ```
    /// # use idcard::{ParseOptions, parse_page};
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

/// A card cut out of the page: perspective-corrected, upright, at the ID-1
/// aspect ratio (85.6 : 54), at the card's own resolution.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CardCrop {
    /// The whole card.
    pub card: image::RgbImage,
    /// The portrait region of a front; `None` for a back.
    pub portrait: Option<image::RgbImage>,
}

/// Where the portrait is printed on the front, in millimetres (left, top,
/// right, bottom).
const PORTRAIT_MM: [f64; 4] = [54.0, 5.5, 81.5, 41.5];

/// Cuts a placed card out of `image` ([`CardCrop`]); `None` for a card that
/// was not placed.
///
/// ```
/// # use idcard::{ParseOptions, parse_page};
/// # use ocr_core::{Quad, TextLine};
/// let at = |t: &str, x: f64, y: f64| TextLine::new(t, 99.0).with_polygon(Quad::from_rect(x, y, 20.0 * t.chars().count() as f64, 23.0));
/// let page = parse_page(&[at("姓名张三", 56.0, 72.0), at("住址北京市朝阳区建国路1号", 56.0, 256.0), at("公民身份号码110105194912310038", 56.0, 462.0)], &ParseOptions::default());
/// let photo = image::RgbImage::new(900, 600);
/// let crop = idcard::crop_card(&page.cards[0], &photo).unwrap();
/// let (w, h) = crop.card.dimensions();
/// assert!((w as f64 / h as f64 - 85.6 / 54.0).abs() < 0.01);
/// assert!(crop.portrait.is_some());
/// ```
pub fn crop_card(card: &CardOnPage, image: &image::RgbImage) -> Option<CardCrop> {
    let quad = card.quad?;
    let [a, b, c, d] = quad.points;
    let width = a.distance(b).max(d.distance(c)).round().clamp(86.0, 4096.0);
    let height = (width * crate::card_layout::CARD_HEIGHT_MM / crate::card_layout::CARD_WIDTH_MM).round();
    let crop = ocr_image::warp_quad(image, &quad, width as u32, height as u32)?;
    let portrait = (card.card.side == Some(Side::Front)).then(|| {
        let px = width / crate::card_layout::CARD_WIDTH_MM;
        let [l, t, r, bottom] = PORTRAIT_MM.map(|v| (v * px).round() as u32);
        image::imageops::crop_imm(&crop, l, t, r - l, bottom - t).to_image()
    });
    Some(CardCrop { card: crop, portrait })
}

/// The page with every placed card's outline (green; orange when the card
/// needs review, red when it is to be rejected) and every field's box
/// (blue) drawn on it: what a review screen shows.
///
/// ```
/// # use idcard::{ParseOptions, parse_page};
/// # use ocr_core::{Quad, TextLine};
/// let at = |t: &str, x: f64, y: f64| TextLine::new(t, 99.0).with_polygon(Quad::from_rect(x, y, 20.0 * t.chars().count() as f64, 23.0));
/// let page = parse_page(&[at("姓名张三", 56.0, 72.0), at("住址北京市朝阳区建国路1号", 56.0, 256.0), at("公民身份号码110105194912310038", 56.0, 462.0)], &ParseOptions::default());
/// let photo = image::RgbImage::from_pixel(900, 600, image::Rgb([255, 255, 255]));
/// let annotated = idcard::annotate_page(&page, &photo);
/// assert_eq!(annotated.dimensions(), (900, 600));
/// assert!(annotated.pixels().any(|p| p.0 == [40, 90, 230])); // a field box
/// ```
pub fn annotate_page(page: &PageReading, image: &image::RgbImage) -> image::RgbImage {
    use crate::card::CardStatus;
    let mut out = image.clone();
    let width = (image.width().max(image.height()) / 500).max(2);
    for c in &page.cards {
        for (_, quad) in c.card.field_quads() {
            if let Some(q) = quad {
                ocr_image::draw_quad_outline(&mut out, &q, image::Rgb([40, 90, 230]), width);
            }
        }
        if let Some(q) = c.quad {
            let colour = match c.card.status() {
                CardStatus::Ok => [30, 170, 60],
                CardStatus::Review => [240, 150, 20],
                _ => [220, 40, 40],
            };
            ocr_image::draw_quad_outline(&mut out, &q, image::Rgb(colour), width + 1);
        }
    }
    out
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
}

impl PageReading {
    /// Uses the pixels the OCR lines came from: each placed card's quad is
    /// snapped to the card's edges in the image
    /// ([`ocr_image::snap_quad_to_edges`]; kept when the snapped outline is
    /// not card-shaped); a card whose labels were not read is placed on the
    /// light ID-1 outline holding its text, and on a page where no card was
    /// read every such outline becomes a card of unknown side
    /// ([`WarningCode::SideUnknown`]: a card is there, its print is not
    /// legible; [`ocr_image::find_light_rectangles`]); each card's image
    /// quality is scored ([`Quality`]) and the warnings the scores call for
    /// are added; the identities are rebuilt to carry them.
    pub fn assess_image(&mut self, image: &image::RgbImage) {
        for c in &mut self.cards {
            if let Some(layout_quad) = c.quad {
                c.quad = Some(snapped_to_edges(image, &layout_quad));
            }
        }
        crate::outlines::place_by_outline(self, image);
        for c in &mut self.cards {
            let Some(quad) = c.quad else {
                continue;
            };
            let (quality, trouble) = crate::quality::assess(image, &quad, c.card.side, &c.card.field_quads());
            let proven: Vec<&str> = (c.card.field_states().into_iter())
                .filter(|(_, state)| state.is_some_and(|s| s.verified))
                .map(|(name, _)| name)
                .collect();
            c.card
                .warnings
                .extend(crate::quality::quality_warnings(&quality, &trouble, &proven));
            c.quality = Some(quality);
        }
        self.identities = identities(&self.cards);
    }

    /// The page as one card, for callers that expect one: the first
    /// identity, carrying a [`WarningCode::MultipleCards`] warning when the
    /// page holds more than one card (so no card is dropped silently), or an
    /// empty card with [`WarningCode::SideUnknown`] when there is none.
    ///
    /// ```
    /// # use idcard::{ParseOptions, WarningCode, parse_page};
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

/// The layout's quad snapped to the card's edges
/// ([`ocr_image::snap_outline_with_aspect`]), kept only with the card's
/// proportions: within 4 % of 85.6 ÷ 54. The 600 dev and dev2 photos' true
/// outlines are within 3 % (0.971–1.024) at the tilts they were taken at;
/// an edge stuck to the portrait's border makes the card 5–8 % too narrow.
/// Else the layout's quad.
pub(crate) fn snapped_to_edges(image: &image::RgbImage, quad: &Quad) -> Quad {
    let card = crate::card_layout::CARD_WIDTH_MM / crate::card_layout::CARD_HEIGHT_MM;
    ocr_image::snap_outline_with_aspect(image, quad, &ocr_image::EdgeSearch::default(), card, 0.04).unwrap_or(*quad)
}

pub(crate) fn multiple_cards(count: usize) -> Warning {
    Warning::new(
        WarningCode::MultipleCards,
        format!("{count} cards on the page; read them all with CardReader::read_page"),
    )
}

/// Parses every card in a page's OCR lines.
///
/// Stages: the lines are split into documents by the gaps between them
/// ([`ocr_layout::split_documents`]), never joining two groups that each
/// show the same printed element (two name labels are two cards) or one a
/// front and the other a back, or whose union would be larger than a card;
/// each group that shows a card is parsed with [`parse`] on its own lines
/// and placed on the page from its printed labels; the cards are put in
/// reading order; a front and a back whose dates agree become one identity.
///
/// More than [`MAX_CARD_LINES`] lines: no card, a
/// [`WarningCode::TooManyLines`] page warning.
///
/// # Examples
///
/// ```
/// use ocr_core::{Quad, TextLine};
/// use idcard::{ParseOptions, Side, WarningCode, parse_page};
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
    if lines.len() > MAX_CARD_LINES {
        let mut page = PageReading {
            cards: Vec::new(),
            identities: Vec::new(),
            warnings: Vec::new(),
        };
        page.warnings.push(Warning::new(
            WarningCode::TooManyLines,
            format!(
                "{} OCR lines; a page is read up to {MAX_CARD_LINES}: not parsed",
                lines.len()
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
    }
}

/// The printed elements a line shows, as bits: front labels, a number run,
/// back titles and labels, a date range.
fn tags(text: &str) -> u16 {
    use crate::labels::{ADDRESS, BIRTH, ETHNICITY, ISSUER, NAME, NUMBER, SEX, TITLE_CARD, TITLE_COUNTRY, VALIDITY};
    const ELEMENTS: [crate::labels::Label; 10] = [
        NAME,
        SEX,
        ETHNICITY,
        BIRTH,
        ADDRESS,
        NUMBER,
        TITLE_COUNTRY,
        TITLE_CARD,
        ISSUER,
        VALIDITY,
    ];
    let kept: Vec<char> = text
        .chars()
        .map(halfwidth_char)
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut bits = 0u16;
    for (k, e) in ELEMENTS.iter().enumerate() {
        if kept.windows(e.text.len()).any(|w| w == e.text) {
            bits |= 1 << k;
        }
    }
    let chars: String = kept.iter().collect();
    let longest_digits = chars
        .split(|c: char| !(c.is_ascii_digit() || c == 'X'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    if longest_digits >= 15 {
        bits |= FRONT_NUMBER;
    }
    let digits = chars.chars().filter(char::is_ascii_digit).count();
    if digits >= 12 && chars.contains('-') && chars.matches('.').count() >= 2 {
        bits |= BACK_DATES;
    }
    bits
}

const FRONT_NUMBER: u16 = 1 << 10;
const BACK_DATES: u16 = 1 << 11;
const FRONT_TAGS: u16 = 0b11_1111 | FRONT_NUMBER;
const BACK_TAGS: u16 = 0b11_1100_0000 | BACK_DATES;

/// A card's extent, in median text heights of its lines, is at most this
/// along its rows and across them (a card is about 22 text heights long;
/// small and cut-off cards up to about 30).
const MAX_CARD_LENGTH: f64 = 34.0;
const MAX_CARD_DEPTH: f64 = 22.0;

/// Per valid line: its tags, its bounds in the page frame and its height.
struct Fragment {
    line: usize,
    tags: u16,
    bounds: [f64; 4],
    height: f64,
}

/// The page's lines split into candidate cards (line indices, ascending).
fn card_groups(lines: &[TextLine], options: &ParseOptions) -> Vec<Vec<usize>> {
    let (items, _) = LayoutItem::from_lines(lines);
    let (valid, _) = validate_items(&items);
    let frame = estimate_frame(&valid, &options.layout.orientation);
    let fragments: Vec<Fragment> = valid.iter().map(|it| fragment(it, &frame)).collect();
    let groups = split_documents(&valid, &SplitConfig::default(), |a, b| may_join(&fragments, a, b));
    join_parts(groups, &fragments)
        .into_iter()
        .map(|g| {
            let mut l: Vec<usize> = g.iter().map(|&p| fragments[p].line).collect();
            l.sort_unstable();
            l
        })
        .collect()
}

/// Joins the parts of one card that a wide gap left apart (a row the OCR
/// missed, a tall title above small print): two groups that both show
/// printed elements of the same side and may be one card
/// ([`may_join`]), nearest first.
fn join_parts(mut groups: Vec<Vec<usize>>, fragments: &[Fragment]) -> Vec<Vec<usize>> {
    let tagged = |g: &[usize]| g.iter().any(|&p| fragments[p].tags != 0);
    loop {
        let mut best: Option<(f64, usize, usize)> = None;
        for i in 0..groups.len() {
            for j in i + 1..groups.len() {
                if !(tagged(&groups[i]) && tagged(&groups[j]) && may_join(fragments, &groups[i], &groups[j])) {
                    continue;
                }
                let gap = bounds_gap(&bounds_of(fragments, &groups[i]), &bounds_of(fragments, &groups[j]));
                if best.is_none_or(|(g, ..)| gap < g) {
                    best = Some((gap, i, j));
                }
            }
        }
        let Some((_, i, j)) = best else {
            return groups;
        };
        let moved = groups.remove(j);
        groups[i].extend(moved);
    }
}

fn bounds_of(fragments: &[Fragment], group: &[usize]) -> [f64; 4] {
    group.iter().fold(
        [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY],
        |u, &p| {
            let b = fragments[p].bounds;
            [u[0].min(b[0]), u[1].min(b[1]), u[2].max(b[2]), u[3].max(b[3])]
        },
    )
}

/// `[min x, min y, max x, max y]` of a quad.
fn corners_bounds(q: &Quad) -> [f64; 4] {
    let b = q.bounding_box();
    [b.x, b.y, b.x + b.width, b.y + b.height]
}

fn bounds_gap(a: &[f64; 4], b: &[f64; 4]) -> f64 {
    let dx = (a[0].max(b[0]) - a[2].min(b[2])).max(0.0);
    let dy = (a[1].max(b[1]) - a[3].min(b[3])).max(0.0);
    dx.hypot(dy)
}

fn fragment(item: &LayoutItem, frame: &PageFrame) -> Fragment {
    let bounds = corners_bounds(&frame.quad_to_frame(&item.quad));
    Fragment {
        line: item.index,
        tags: tags(&item.text),
        bounds,
        height: bounds[3] - bounds[1],
    }
}

/// Whether two groups of fragments may be one card: no printed element in
/// both, not a front with a back, and together no larger than a card.
fn may_join(fragments: &[Fragment], a: &[usize], b: &[usize]) -> bool {
    let tags = |g: &[usize]| g.iter().fold(0u16, |t, &p| t | fragments[p].tags);
    let (ta, tb) = (tags(a), tags(b));
    if ta & tb != 0 {
        return false;
    }
    let sides = |t: u16| (t & FRONT_TAGS != 0, t & BACK_TAGS != 0);
    let ((fa, ba), (fb, bb)) = (sides(ta), sides(tb));
    if (fa && bb) || (ba && fb) {
        return false;
    }
    let (ba, bb) = (bounds_of(fragments, a), bounds_of(fragments, b));
    let bounds = [ba[0].min(bb[0]), ba[1].min(bb[1]), ba[2].max(bb[2]), ba[3].max(bb[3])];
    let mut heights: Vec<f64> = a.iter().chain(b).map(|&p| fragments[p].height).collect();
    heights.sort_by(f64::total_cmp);
    let h = heights[heights.len() / 2].max(f64::EPSILON);
    (bounds[2] - bounds[0]) / h <= MAX_CARD_LENGTH && (bounds[3] - bounds[1]) / h <= MAX_CARD_DEPTH
}

/// Parses one group; `None` when it shows no card.
fn read_group(lines: &[TextLine], group: Vec<usize>, options: &ParseOptions) -> Option<CardOnPage> {
    let own: Vec<TextLine> = group.iter().map(|&i| lines[i].clone()).collect();
    let mut card = parse(&own, options);
    let side = card.side?;
    let refs: Vec<&TextLine> = own.iter().collect();
    let quad = place_card(&anchors(&refs, side, &card.frame)).map(|p| p.quad());
    to_page_indices(&mut card, &group);
    let text_at = own.iter().filter_map(line_centre).collect();
    Some(CardOnPage {
        card,
        person: 0,
        quad,
        lines: group,
        quality: None,
        text_at,
    })
}

fn line_centre(line: &TextLine) -> Option<Point> {
    let quad = line
        .polygon
        .or_else(|| line.item_box.map(|b| Quad::from_rect(b.x, b.y, b.width, b.height)))?;
    let c = quad.center();
    (c.x.is_finite() && c.y.is_finite()).then_some(c)
}

/// Rewrites the fields' line indices (into the group's lines) as indices
/// into the page's lines.
fn to_page_indices(card: &mut IdCard, group: &[usize]) {
    fn remap<T>(field: &mut Option<crate::card::Field<T>>, group: &[usize]) {
        if let Some(f) = field.as_mut() {
            f.lines.iter_mut().for_each(|l| *l = group[*l]);
            f.spans.iter_mut().for_each(|(l, _)| *l = group[*l]);
        }
    }
    remap(&mut card.name, group);
    remap(&mut card.sex, group);
    remap(&mut card.ethnicity, group);
    remap(&mut card.birth_date, group);
    remap(&mut card.address, group);
    remap(&mut card.id_number, group);
    remap(&mut card.issuer, group);
    remap(&mut card.validity, group);
}

/// Top to bottom, and left to right among cards beside each other (whose
/// vertical extents overlap by more than half).
pub(crate) fn order_for_reading(cards: &mut [CardOnPage]) {
    let extent =
        |c: &CardOnPage| -> [f64; 4] { corners_bounds(&c.quad.unwrap_or_else(|| Quad::from_rect(0.0, 0.0, 0.0, 0.0))) };
    cards.sort_by(|a, b| {
        let (ea, eb) = (extent(a), extent(b));
        let overlap = ea[3].min(eb[3]) - ea[1].max(eb[1]);
        let shorter = (ea[3] - ea[1]).min(eb[3] - eb[1]);
        if shorter > 0.0 && overlap > shorter / 2.0 {
            ea[0].total_cmp(&eb[0])
        } else {
            (ea[1] + ea[3]).total_cmp(&(eb[1] + eb[3]))
        }
    });
}

/// Gives each card its person: each back joins the nearest unpaired front
/// (with more than one front and back on the page, only one whose number
/// and birth date agree with the back's validity term).
fn pair_sides(cards: &mut [CardOnPage]) {
    let mut partner: Vec<Option<usize>> = vec![None; cards.len()];
    for b in (0..cards.len()).filter(|&i| cards[i].card.side == Some(Side::Back)) {
        let candidates = (0..cards.len()).filter(|&f| cards[f].card.side == Some(Side::Front) && partner[f].is_none());
        let nearest = candidates
            .filter(|&f| {
                let joined = cards[f].card.clone().combine(cards[b].card.clone());
                !joined.has_warning(WarningCode::ValidityTermMismatch) || cards.len() == 2
            })
            .min_by(|&x, &y| distance(&cards[x], &cards[b]).total_cmp(&distance(&cards[y], &cards[b])));
        if let Some(f) = nearest {
            partner[f] = Some(b);
            partner[b] = Some(f);
        }
    }
    let mut persons = 0;
    for i in 0..cards.len() {
        match partner[i] {
            Some(p) if p < i => cards[i].person = cards[p].person,
            _ => {
                cards[i].person = persons;
                persons += 1;
            }
        }
    }
}

/// The checks across a person's two sides (the validity term against the
/// birth date, the issuer against the number's region) land on both cards.
fn share_cross_checks(cards: &mut [CardOnPage]) {
    for f in 0..cards.len() {
        let Some(b) = (0..cards.len()).find(|&b| {
            b != f
                && cards[b].person == cards[f].person
                && cards[b].card.side == Some(Side::Back)
                && cards[f].card.side == Some(Side::Front)
        }) else {
            continue;
        };
        let joined = cards[f].card.clone().combine(cards[b].card.clone());
        for w in &joined.warnings {
            if !cards[f].card.warnings.contains(w) && !cards[b].card.warnings.contains(w) {
                cards[f].card.warnings.push(w.clone());
                cards[b].card.warnings.push(w.clone());
            }
        }
        if let (Some(issuer), Some(joined)) = (cards[b].card.issuer.as_mut(), joined.issuer.as_ref()) {
            issuer.verified |= joined.verified;
        }
    }
}

/// One card per person, in the order of the persons: a front and a back
/// combined ([`IdCard::combine`]), any other card as read.
pub(crate) fn identities(cards: &[CardOnPage]) -> Vec<IdCard> {
    let persons = cards.iter().map(|c| c.person + 1).max().unwrap_or(0);
    (0..persons)
        .filter_map(|p| {
            let mine: Vec<&IdCard> = cards.iter().filter(|c| c.person == p).map(|c| &c.card).collect();
            let front = mine.iter().find(|c| c.side == Some(Side::Front));
            let back = mine.iter().find(|c| c.side == Some(Side::Back));
            match (front, back) {
                (Some(f), Some(b)) => Some((*f).clone().combine((*b).clone())),
                _ => mine.first().map(|c| (*c).clone()),
            }
        })
        .collect()
}

fn distance(a: &CardOnPage, b: &CardOnPage) -> f64 {
    match (a.quad, b.quad) {
        (Some(p), Some(q)) => p.center().distance(q.center()),
        _ => f64::INFINITY,
    }
}
