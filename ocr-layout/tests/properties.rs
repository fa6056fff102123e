//! Property tests on synthetic pages.

use ocr_core::{Point, Quad};
use ocr_layout::{Layout, LayoutConfig, LayoutItem, Orientation, layout};
use proptest::prelude::*;

const H: f64 = 20.0;

/// A page: rows of words; `(row, word)` of each item is known.
#[derive(Debug, Clone)]
struct Page {
    items: Vec<LayoutItem>,
    /// Expected rows: item indices, left to right.
    rows: Vec<Vec<usize>>,
}

/// Rows of 1–6 words, 2–8 h long, 0.2–2 h apart, rows 1.8 h apart; each
/// word displaced by less than h/4 in x and y; vertex order text-aware.
fn arb_page(max_rows: usize) -> impl Strategy<Value = Page> {
    let word = (2.0..8.0f64, 0.2..2.0f64, -0.24..0.24f64, -0.24..0.24f64, 50u8..=100);
    prop::collection::vec(prop::collection::vec(word, 1..6), 1..=max_rows).prop_map(|rows| {
        let mut items = Vec::new();
        let mut expected = Vec::new();
        for (r, words) in rows.iter().enumerate() {
            let mut x = 0.0;
            let mut row = Vec::new();
            for (c, &(len, gap, jx, jy, conf)) in words.iter().enumerate() {
                let (x0, y0) = (x + jx * H, r as f64 * 1.8 * H + jy * H);
                let quad = Quad::from_rect(x0, y0, len * H, H);
                row.push(items.len());
                items.push(LayoutItem::new(items.len(), quad, format!("r{r}w{c}"), conf as f32));
                x += (len + gap) * H;
            }
            expected.push(row);
        }
        Page { items, rows: expected }
    })
}

fn transform(items: &[LayoutItem], f: impl Fn(Point) -> Point) -> Vec<LayoutItem> {
    items
        .iter()
        .map(|i| LayoutItem {
            quad: i.quad.map(&f),
            ..i.clone()
        })
        .collect()
}

fn rotate(deg: f64) -> impl Fn(Point) -> Point {
    let (s, c) = deg.to_radians().sin_cos();
    move |p| Point::new(p.x * c - p.y * s, p.x * s + p.y * c)
}

fn members(l: &Layout) -> Vec<Vec<usize>> {
    l.rows.iter().map(|r| r.members.clone()).collect()
}

fn run(items: &[LayoutItem]) -> Layout {
    layout(items, &LayoutConfig::default())
}

fn arb_quad() -> impl Strategy<Value = Quad> {
    let coord = prop_oneof![
        8 => -1000.0..1000.0f64,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(0.0),
    ];
    prop::array::uniform8(coord).prop_map(|c| {
        Quad::new([
            Point::new(c[0], c[1]),
            Point::new(c[2], c[3]),
            Point::new(c[4], c[5]),
            Point::new(c[6], c[7]),
        ])
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn nothing_lost_or_duplicated(quads in prop::collection::vec(arb_quad(), 0..30)) {
        let items: Vec<_> = quads.into_iter().enumerate().map(|(i, q)| LayoutItem::new(i, q, "x", 90.0)).collect();
        let l = run(&items);
        let mut seen: Vec<usize> = l.rows.iter().flat_map(|r| r.members.clone()).chain(l.skipped.iter().map(|s| s.index)).collect();
        seen.sort();
        prop_assert_eq!(seen, (0..items.len()).collect::<Vec<_>>());
        for r in &l.rows {
            prop_assert!(r.quad.is_finite());
        }
    }

    #[test]
    fn jittered_skewed_grids_are_recovered_exactly(page in arb_page(8), skew in -10.0..10.0f64) {
        let l = run(&transform(&page.items, rotate(skew)));
        prop_assert_eq!(members(&l), page.rows);
        prop_assert_eq!(l.frame.orientation, Orientation::Deg0);
    }

    #[test]
    fn input_order_does_not_matter(page in arb_page(6), seed in any::<u64>()) {
        let mut shuffled = page.items.clone();
        fastrand::Rng::with_seed(seed).shuffle(&mut shuffled);
        prop_assert_eq!(run(&shuffled), run(&page.items));
    }

    #[test]
    fn translation_scale_and_rotation_do_not_change_rows(
        page in arb_page(6), dx in -1e4..1e4f64, dy in -1e4..1e4f64, scale in 0.05..20.0f64, angle in -30.0..30.0f64,
    ) {
        let base = run(&page.items);
        let r = rotate(angle);
        let moved = transform(&page.items, |p| {
            let q = r(Point::new(p.x * scale, p.y * scale));
            Point::new(q.x + dx, q.y + dy)
        });
        let l = run(&moved);
        prop_assert_eq!(members(&l), members(&base));
        prop_assert!((l.frame.skew_degrees - base.frame.skew_degrees - angle).abs() < 1e-6);
    }

    #[test]
    fn quarter_turns_give_the_same_rows(page in arb_page(6), turns in 1u16..4) {
        let base = run(&page.items);
        let l = run(&transform(&page.items, rotate(90.0 * turns as f64)));
        prop_assert_eq!(members(&l), members(&base));
        prop_assert_eq!(l.frame.orientation.degrees(), 90 * turns);
        let texts = |l: &Layout| l.rows.iter().map(|r| r.text.clone()).collect::<Vec<_>>();
        prop_assert_eq!(texts(&l), texts(&base));
    }

    #[test]
    fn blocks_across_a_wide_gap_never_share_a_row(left in arb_page(5), right in arb_page(5), gap in 3.5..20.0f64, dy in -2.0..2.0f64) {
        let width = left.items.iter().map(|i| i.quad.bounding_box().x + i.quad.bounding_box().width).fold(0.0, f64::max);
        let n = left.items.len();
        let mut items = left.items.clone();
        for i in &right.items {
            let mut moved = i.clone();
            moved.index += n;
            moved.quad = i.quad.map(|p| Point::new(p.x + width + gap * H + 0.25 * H, p.y + dy * H));
            items.push(moved);
        }
        let l = run(&items);
        for r in &l.rows {
            let from_left = r.members.iter().filter(|&&m| m < n).count();
            prop_assert!(from_left == 0 || from_left == r.members.len(), "row mixes blocks: {:?}", r.members);
        }
    }

    #[test]
    fn rerunning_on_merged_rows_changes_nothing(page in arb_page(8), skew in -10.0..10.0f64) {
        let first = run(&transform(&page.items, rotate(skew)));
        let merged: Vec<_> = first.rows.iter().enumerate()
            .map(|(i, r)| LayoutItem::new(i, r.quad, r.text.clone(), r.confidence))
            .collect();
        let second = run(&merged);
        prop_assert_eq!(members(&second), (0..first.rows.len()).map(|i| vec![i]).collect::<Vec<_>>());
        for (a, b) in first.rows.iter().zip(&second.rows) {
            prop_assert_eq!(&a.text, &b.text);
        }
    }

    #[test]
    fn merged_confidence_lies_within_the_members(page in arb_page(6)) {
        let l = run(&page.items);
        for r in &l.rows {
            let confs: Vec<f32> = r.members.iter().map(|&m| page.items[m].confidence).collect();
            let lo = confs.iter().cloned().fold(f32::INFINITY, f32::min);
            let hi = confs.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
            prop_assert!(r.confidence >= lo && r.confidence <= hi, "{} not in [{lo}, {hi}]", r.confidence);
        }
    }
}

#[test]
fn empty_input_gives_an_empty_layout() {
    let l = run(&[]);
    assert!(l.rows.is_empty() && l.skipped.is_empty());
}

#[test]
fn degenerate_quads_are_skipped_with_their_reason() {
    use ocr_layout::SkipReason;
    let nan = Quad::new([Point::new(f64::NAN, 0.0); 4]);
    let flat = Quad::from_rect(0.0, 0.0, 10.0, 0.0);
    let bow = Quad::new([
        Point::new(0.0, 0.0),
        Point::new(10.0, 5.0),
        Point::new(10.0, 0.0),
        Point::new(0.0, 5.0),
    ]);
    let ok = Quad::from_rect(0.0, 0.0, 50.0, 10.0);
    let items: Vec<_> = [nan, flat, bow, ok]
        .into_iter()
        .enumerate()
        .map(|(i, q)| LayoutItem::new(i, q, "t", 1.0))
        .collect();
    let l = run(&items);
    let reasons: Vec<_> = l.skipped.iter().map(|s| (s.index, s.reason)).collect();
    assert_eq!(
        reasons,
        vec![
            (0, SkipReason::NonFinite),
            (1, SkipReason::ZeroArea),
            (2, SkipReason::SelfIntersecting)
        ]
    );
    assert_eq!(members(&l), vec![vec![3]]);
}
