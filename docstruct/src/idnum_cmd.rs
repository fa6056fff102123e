//! `docstruct idnum [NUMBER...]`

use std::io::{BufRead, Write};
use std::process::ExitCode;

use clap::Args;
use idcard::{IdNumber, Region};
use serde_json::{Value, json};

/// Arguments of `docstruct idnum`.
#[derive(Debug, Args)]
pub struct IdnumArgs {
    /// Numbers to check; one per line on standard input when none is given.
    pub numbers: Vec<String>,
}

/// The JSON report of one input.
pub fn report(input: &str) -> Value {
    match IdNumber::parse_ocr(input) {
        Ok((n, _)) => {
            let region = n.region();
            json!({
                "input": input,
                "valid": true,
                "reason": null,
                "kind": n.kind(),
                "normalized": n.reveal(),
                "birth_date": n.birth_date().format("%Y-%m-%d").to_string(),
                "sex": n.sex(),
                "region_code": n.region_code(),
                "region": region.as_ref().map(region_names),
            })
        }
        Err(e) => json!({
            "input": input,
            "valid": false,
            "reason": e.reason,
            "kind": null,
            "normalized": null,
            "birth_date": null,
            "sex": null,
            "region_code": null,
            "region": null,
        }),
    }
}

fn region_names(r: &Region) -> Value {
    json!({
        "name": r.name,
        "province": r.province,
        "prefecture": r.prefecture,
        "in_use": r.in_use,
    })
}

pub fn run(args: &IdnumArgs) -> Result<ExitCode, String> {
    let inputs: Vec<String> = if args.numbers.is_empty() {
        std::io::stdin()
            .lock()
            .lines()
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("cannot read standard input: {e}"))?
            .into_iter()
            .filter(|l| !l.trim().is_empty())
            .collect()
    } else {
        args.numbers.clone()
    };
    let mut out = std::io::stdout().lock();
    let mut all_valid = true;
    for input in &inputs {
        let r = report(input.trim());
        all_valid &= r["valid"] == true;
        if let Err(e) = writeln!(out, "{r}") {
            return crate::output_result(Err(e));
        }
    }
    Ok(if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
