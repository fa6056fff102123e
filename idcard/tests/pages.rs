//! Every card on a page, from OCR responses of synthetic pages (the
//! dev-pages corpus: both sides on an A4 copy, two people, a cut-off card,
//! a greyscale copy). Image-quality checks run on synthetic pixels drawn
//! from the page's own geometry, so the fixtures stay small.

mod common;

use common::fixture;
use idcard::page::{PageReading, parse_page};
use idcard::pixels::QualityLimits;
use idcard::report::PageCardReport;
use idcard::{ParseOptions, Side, WarningCode};
use image::{Rgb, RgbImage};
use ocr_core::OcrResponse;
use serde_json::Value;

fn page(name: &str) -> (PageReading, Value) {
    let response = OcrResponse::from_json(&fixture(&format!("pages/{name}.ocr.json"))).unwrap();
    let truth: Value = serde_json::from_slice(&fixture(&format!("pages/{name}.truth.json"))).unwrap();
    let options = ParseOptions::on(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    (parse_page(&response.lines, &options), truth)
}

/// Mean corner distance ÷ the truth's long side.
fn corner_error(found: &ocr_core::Quad, truth: &Value) -> f64 {
    let t: Vec<(f64, f64)> = truth
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
        .collect();
    let long = ((t[1].0 - t[0].0).hypot(t[1].1 - t[0].1)).max((t[2].0 - t[3].0).hypot(t[2].1 - t[3].1));
    found
        .points
        .iter()
        .zip(&t)
        .map(|(p, q)| (p.x - q.0).hypot(p.y - q.1))
        .sum::<f64>()
        / 4.0
        / long
}

/// A page of the truth's size: a pale background with each truth card
/// filled in `card` and a dark "print" stripe pattern, so quality scores see
/// a card where the truth says it is.
fn drawn(truth: &Value, card: Rgb<u8>) -> RgbImage {
    let size = &truth["image_size"];
    let (w, h) = (size[0].as_u64().unwrap() as u32, size[1].as_u64().unwrap() as u32);
    let quads: Vec<Vec<(f64, f64)>> = truth["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            c["quad"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
                .collect()
        })
        .collect();
    let inside = |q: &[(f64, f64)], x: f64, y: f64| {
        (0..4).all(|k| {
            let (a, b) = (q[k], q[(k + 1) % 4]);
            (b.0 - a.0) * (y - a.1) - (b.1 - a.1) * (x - a.0) >= 0.0
        })
    };
    RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f64 + 0.5, y as f64 + 0.5);
        if quads.iter().any(|q| inside(q, fx, fy)) {
            if y % 9 == 0 { Rgb([30, 30, 30]) } else { card }
        } else {
            Rgb([120, 120, 120])
        }
    })
}

#[test]
fn both_sides_on_an_a4_copy_are_two_cards_of_one_person() {
    let (page, truth) = page("both_sides_a4");
    assert_eq!(page.cards.len(), 2);
    let sides: Vec<Option<Side>> = page.cards.iter().map(|c| c.card.side).collect();
    let want: Vec<Option<Side>> = truth["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| Some(if c["side"] == "front" { Side::Front } else { Side::Back }))
        .collect();
    assert_eq!(sides, want);
    assert_eq!(page.identities.len(), 1, "one person");
    let person = &page.identities[0];
    let fields = &truth["cards"][0]["fields"];
    assert_eq!(person.name.as_ref().unwrap().value.reveal(), fields["name"]);
    assert!(person.issuer.is_some() && person.validity.is_some() && person.valid_id_number().is_some());
    assert!(page.warnings.iter().any(|w| w.code == WarningCode::MultipleCards));
    for (card, t) in page.cards.iter().zip(truth["cards"].as_array().unwrap()) {
        assert!(corner_error(&card.quad.unwrap(), &t["quad"]) < 0.05, "{:?}", card.quad);
    }
    // the single-card call says that there was more than one card
    let one = page.into_first_identity();
    assert!(one.has_warning(WarningCode::MultipleCards));
}

#[test]
fn two_peoples_fronts_are_two_persons() {
    let (page, truth) = page("two_people");
    assert_eq!(page.cards.len(), 2);
    assert_eq!(page.identities.len(), 2);
    let mut numbers: Vec<String> = page
        .identities
        .iter()
        .map(|c| c.valid_id_number().unwrap().reveal().to_owned())
        .collect();
    let mut want: Vec<String> = truth["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["fields"]["id_number"].as_str().unwrap().to_owned())
        .collect();
    numbers.sort();
    want.sort();
    assert_eq!(numbers, want, "each person keeps their own number");
}

#[test]
fn a_card_cut_off_by_the_frame_is_border_incomplete() {
    let (mut page, truth) = page("cut_off");
    assert_eq!(page.cards.len(), 1);
    page.assess_image(&drawn(&truth, Rgb([200, 215, 240])), &QualityLimits::default());
    let card = &page.cards[0];
    assert!(
        card.quality.unwrap().outside > idcard::pixels::QualityLimits::default().outside,
        "{:?} {:?}",
        card.quad,
        card.quad_source
    );
    assert!(
        card.card.has_warning(WarningCode::BorderIncomplete),
        "{:?}",
        card.card.warnings
    );
    assert!(card.card.needs_review());
}

#[test]
fn a_greyscale_copy_is_flagged_and_a_colour_one_is_not() {
    let (mut grey, truth) = page("greyscale_a4");
    grey.assess_image(&drawn(&truth, Rgb([235, 235, 235])), &QualityLimits::default());
    assert!(
        grey.cards
            .iter()
            .all(|c| c.card.has_warning(WarningCode::GreyscaleCopy))
    );
    let (mut colour, truth) = page("both_sides_a4");
    colour.assess_image(&drawn(&truth, Rgb([215, 225, 245])), &QualityLimits::default());
    assert!(
        colour
            .cards
            .iter()
            .all(|c| !c.card.has_warning(WarningCode::GreyscaleCopy))
    );
}

#[test]
fn the_page_json_schema() {
    let (page, _) = page("two_sides_photo");
    let reports = serde_json::to_value(PageCardReport::all(&page)).unwrap();
    // the shape, not the personal values: every value replaced by its type
    fn shape(v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), shape(v))).collect()),
            Value::Array(a) => a.first().map_or(Value::Array(vec![]), |x| Value::Array(vec![shape(x)])),
            Value::String(_) => "string".into(),
            Value::Number(_) => "number".into(),
            Value::Bool(_) => "bool".into(),
            Value::Null => Value::Null,
        }
    }
    insta::assert_json_snapshot!("page_card_report_shape", shape(&reports));
}
