//! A page's lines split into cards: groups by the gaps between lines, joined
//! where a card's parts were left apart, never two cards in one; each group
//! parsed on its own lines and placed on the page.

use ocr_core::{Quad, Rect, TextLine};
use ocr_layout::{LayoutItem, PageFrame, SplitConfig, estimate_frame, split_documents, validate_items};

use crate::model::card::IdCard;
use crate::options::ParseOptions;
use crate::page::layout::{anchors, card_quad, place_card};
use crate::page::reading::CardOnPage;
use crate::parse::parse;
use crate::read::text::kept_standard_chars;

/// The printed elements a line shows, as bits: front labels, a number run,
/// back titles and labels, a date range.
fn tags(text: &str) -> u16 {
    use crate::read::labels::{
        ADDRESS, BIRTH, ETHNICITY, ISSUER, NAME, NUMBER, SEX, TITLE_CARD, TITLE_COUNTRY, VALIDITY,
    };
    const ELEMENTS: [crate::read::labels::Label; 10] = [
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
    let kept = kept_standard_chars(text);
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
    bounds: Rect,
    height: f64,
}

/// The page's lines split into candidate cards (line indices, ascending).
pub(crate) fn card_groups(lines: &[TextLine], options: &ParseOptions) -> Vec<Vec<usize>> {
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
                let gap = bounds_of(fragments, &groups[i]).gap(&bounds_of(fragments, &groups[j]));
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

fn bounds_of(fragments: &[Fragment], group: &[usize]) -> Rect {
    group.iter().fold(Rect::EMPTY, |u, &p| u.union(&fragments[p].bounds))
}

fn fragment(item: &LayoutItem, frame: &PageFrame) -> Fragment {
    let bounds = frame.quad_to_frame(&item.quad).bounds();
    Fragment {
        line: item.index,
        tags: tags(&item.text),
        bounds,
        height: bounds.height(),
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
    let bounds = bounds_of(fragments, a).union(&bounds_of(fragments, b));
    let mut heights: Vec<f64> = a.iter().chain(b).map(|&p| fragments[p].height).collect();
    heights.sort_by(f64::total_cmp);
    let h = heights[heights.len() / 2].max(f64::EPSILON);
    bounds.width() / h <= MAX_CARD_LENGTH && bounds.height() / h <= MAX_CARD_DEPTH
}

/// Parses one group; `None` when it shows no card.
pub(crate) fn read_group(lines: &[TextLine], group: Vec<usize>, options: &ParseOptions) -> Option<CardOnPage> {
    let own: Vec<TextLine> = group.iter().map(|&i| lines[i].clone()).collect();
    let mut card = parse(&own, options);
    let side = card.side?;
    let refs: Vec<&TextLine> = own.iter().collect();
    let quad = place_card(&anchors(&refs, side, &card.frame)).map(|p| card_quad(&p));
    to_page_indices(&mut card, &group);
    let text_lines = own.iter().filter_map(line_outline).collect();
    Some(CardOnPage {
        card,
        person: 0,
        quad,
        quad_source: crate::page::reading::QuadSource::Text,
        lines: group,
        quality: None,
        text_lines,
    })
}

fn line_outline(line: &TextLine) -> Option<Quad> {
    let quad = line
        .polygon
        .or_else(|| line.item_box.map(|b| Quad::from_rect(b.x, b.y, b.width, b.height)))?;
    quad.is_finite().then_some(quad)
}

/// Rewrites the fields' line indices (into the group's lines) as indices
/// into the page's lines.
fn to_page_indices(card: &mut IdCard, group: &[usize]) {
    fn remap<T>(field: &mut Option<crate::model::card::Field<T>>, group: &[usize]) {
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
