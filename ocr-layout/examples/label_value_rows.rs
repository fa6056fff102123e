//! Measures, over a corpus directory of `NNNN.ocr.json` + `NNNN.truth.json`,
//! how often each label's row also contains its value.
//!
//! `cargo run --release -p ocr-layout --example label_value_rows -- ../shared/corpus/dev`

#[path = "../tests/support/mod.rs"]
mod support;

use std::collections::BTreeMap;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: label_value_rows CORPUS_DIR");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("cannot read the corpus directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".ocr.json"))
        .collect();
    paths.sort();
    let mut stats: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut cards_all_ok = 0;
    for path in &paths {
        let truth_path = path.to_string_lossy().replace(".ocr.json", ".truth.json");
        let (Ok(ocr), Ok(truth)) = (std::fs::read(path), std::fs::read(&truth_path)) else {
            continue;
        };
        let (_, checks) = support::check_card(&ocr, &truth);
        let mut all_ok = true;
        for c in checks {
            let e = stats.entry(c.label).or_default();
            match c.same_row {
                Some(true) => e.0 += 1,
                Some(false) => {
                    e.1 += 1;
                    all_ok = false;
                    eprintln!("{}: {} apart from its value", path.display(), c.label);
                }
                None => e.2 += 1,
            }
        }
        cards_all_ok += all_ok as usize;
    }
    println!("cards: {}, every label with its value: {cards_all_ok}", paths.len());
    println!("{:<16} {:>6} {:>6} {:>9}", "label", "same", "apart", "no-box");
    for (label, (same, apart, none)) in stats {
        println!("{label:<16} {same:>6} {apart:>6} {none:>9}");
    }
}
