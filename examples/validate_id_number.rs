//! Validate identity numbers (GB 11643-1999) and say why they fail.
//!
//! ```sh
//! cargo run -p docstruct-examples --example validate_id_number -- 11010519491231002X 110105194912310021
//! ```

use idcard::number::{IdNumber, NumberOptions};

fn main() {
    for input in std::env::args().skip(1) {
        match IdNumber::parse_with(&input, &NumberOptions::ocr()) {
            Ok((number, how)) => {
                let region = number.region().map(|r| r.name).unwrap_or("?");
                // Display masks the number
                println!(
                    "{number}: valid {:?}, born {}, {}, {region}{}",
                    number.kind(),
                    number.birth_date(),
                    number.sex().as_chinese(),
                    if how.removed_separators {
                        " (separators removed)"
                    } else {
                        ""
                    }
                );
            }
            Err(e) => println!("{e}"),
        }
    }
}
