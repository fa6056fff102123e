//! `docstruct idnum [NUMBER...]`

use std::io::{BufRead, Write};
use std::process::ExitCode;

use clap::Args;
use idcard::number::{IdNumber, NumberOptions, Region};
use serde_json::{Value, json};

/// Arguments of `docstruct idnum`.
#[derive(Debug, Args)]
pub struct IdnumArgs {
    /// Numbers to check; one per line on standard input when none is given.
    pub numbers: Vec<String>,
}

/// The JSON report of one input: validity, the reason when invalid, the
/// normalisation applied, and what the number encodes.
pub fn report(input: &str) -> Value {
    match IdNumber::parse_with(input, &NumberOptions::ocr()) {
        Ok((n, how)) => {
            let region = n.region();
            json!({
                "input": input,
                "valid": true,
                "reason": null,
                "normalization": how,
                "kind": n.kind(),
                "normalized": n.reveal(),
                "birth_date": n.birth_date().format("%Y-%m-%d").to_string(),
                "sex": n.sex(),
                "region_code": n.region_code(),
                "region": region.as_ref().map(region_names),
            })
        }
        Err(e) => invalid(input, e.reason.as_str()),
    }
}

fn invalid(input: &str, reason: &str) -> Value {
    json!({
            "input": input,
            "valid": false,
            "reason": reason,
            "normalization": null,
            "kind": null,
            "normalized": null,
            "birth_date": null,
            "sex": null,
            "region_code": null,
            "region": null,
    })
}

fn region_names(r: &Region) -> Value {
    json!({
        "name": r.name,
        "province": r.province,
        "prefecture": r.prefecture,
        "in_use": r.in_use,
    })
}

/// The report of one line of standard input, read as bytes: invalid UTF-8
/// is invalid with reason `format`, a blank line is invalid with reason
/// `length` — so output line *n* always answers input line *n*.
pub fn report_line(line: &[u8]) -> Value {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    match std::str::from_utf8(line) {
        Ok(text) if text.trim().is_empty() => invalid(text, "length"),
        Ok(text) => report(text.trim()),
        Err(_) => invalid(&String::from_utf8_lossy(line), "format"),
    }
}

pub fn run(args: &IdnumArgs) -> Result<ExitCode, String> {
    let mut out = std::io::stdout().lock();
    let mut all_valid = true;
    let mut emit = |r: Value| -> Result<bool, String> {
        all_valid &= r["valid"] == true;
        match writeln!(out, "{r}") {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
            Err(e) => Err(format!("cannot write the output: {e}")),
        }
    };
    if args.numbers.is_empty() {
        let mut stdin = std::io::stdin().lock();
        let mut line = Vec::new();
        loop {
            line.clear();
            let n = stdin
                .read_until(b'\n', &mut line)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            if n == 0 {
                break;
            }
            let line = line.strip_suffix(b"\n").unwrap_or(&line);
            if !emit(report_line(line))? {
                return Ok(ExitCode::SUCCESS);
            }
        }
    } else {
        for input in &args.numbers {
            if !emit(report(input.trim()))? {
                return Ok(ExitCode::SUCCESS);
            }
        }
    }
    Ok(if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_stdin_line_gets_one_report() {
        assert_eq!(report_line(b"")["reason"], "length");
        assert_eq!(report_line(b"   \r")["reason"], "length");
        let bad = report_line(b"11010519\xff491231002X");
        assert_eq!(
            (bad["valid"].as_bool(), bad["reason"].as_str()),
            (Some(false), Some("format"))
        );
        let ok = report_line(b"1101 0519 4912 3100 2\xc3\x97\r");
        assert_eq!(ok["valid"], true, "{ok}");
        assert_eq!(ok["normalization"]["removed_separators"], true);
        assert_eq!(ok["normalization"]["read_x_lookalike"], true);
    }
}
