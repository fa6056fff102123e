//! What a licence's fields say of each other, beyond what the schema
//! states field by field:
//!
//! - the term starts on the founding date, lasts at most 70 years, and the
//!   licence is issued on or after that date;
//! - the type decides the representative's label (法定代表人 for a company,
//!   投资人 for a sole proprietorship, 执行事务合伙人 for a partnership,
//!   经营者 for an individual business) and the code's category (工商: 1
//!   enterprise, 2 individual business, 3 farmers' cooperative);
//! - the type decides which fields are printed (a company's 注册资本, an
//!   individual business's 组成形式, a term unless an individual business);
//! - the address begins with a province → prefecture → county chain of the
//!   region table, a misread link repaired only when the code's region is
//!   the one division that fits, and it names the code's region.

use chrono::Datelike;
use idcard::check::{DivisionChain, mentions_region, short_forms, walk_address_chain};
use ocr_core::fuzzy::{EditCosts, edit_distance, substitutions};
use ocr_form::{FormReading, FormWarning, FormWarningCode, Parsed, RangeEnd, Severity};

use crate::credit_code::CreditCode;

/// Runs every cross-check on a reading of the licence's schema, read on
/// `today`.
pub(crate) fn cross_check(reading: &mut FormReading, today: chrono::NaiveDate) {
    in_force_on(reading, today);
    dates_in_order(reading);
    term_starts_when_founded(reading);
    type_fits_label_and_category(reading);
    printed_fields_of_the_type(reading);
    address_names_the_code_s_region(reading);
    scope_ends_with_the_statement(reading);
    scope_punctuation_in_place(reading);
    name_begins_with_a_region_as_printed(reading);
}

/// Where a scope's full stop and colon may stand in the standard wording
/// (经营范围规范表述): a full stop closes the list, before the statement in
/// brackets, before `一般项目` / `许可项目`, or at the end; a colon follows
/// `项目` (`一般项目：`). Elsewhere each is a misread separator (`；` read as
/// `：`, `、` as `。`), and the scope is for review.
fn scope_punctuation_in_place(reading: &mut FormReading) {
    let Some(scope) = reading.value("scope") else { return };
    let chars: Vec<char> = scope.chars().collect();
    let misplaced = chars.iter().enumerate().any(|(i, &c)| {
        let after: String = chars[i + 1..].iter().take(4).collect();
        let before: String = chars[i.saturating_sub(2)..i].iter().collect();
        match c {
            '。' => {
                !(after.is_empty()
                    || after.starts_with(['(', '（'])
                    || after.starts_with("一般项目")
                    || after.starts_with("许可项目"))
            }
            '：' | ':' => before != "项目",
            _ => false,
        }
    });
    if misplaced {
        reading.warn(FormWarning::new(
            FormWarningCode::Invalid,
            "scope",
            Severity::Review,
            "scope: a full stop or colon where the standard wording has none (a misread separator)",
        ));
    }
}

/// A name begins with the division it was registered in (行政区划 + 字号 +
/// 行业 + 组织形式). A name whose first characters are one character off the
/// short name of a division on the credit code's region chain — 黄风 for
/// 黄冈 — has that character misread, or is a name unlike the rule: for
/// review.
fn name_begins_with_a_region_as_printed(reading: &mut FormReading) {
    let (Some(name), Some(region)) = (reading.value("name"), code_region(reading)) else {
        return;
    };
    let name: Vec<char> = name.chars().collect();
    let places: Vec<Vec<char>> = [
        region.province.as_deref(),
        region.prefecture.as_deref(),
        Some(region.name),
    ]
    .into_iter()
    .flatten()
    .flat_map(place_forms)
    .map(|place| place.chars().collect())
    .collect();
    let named = places.iter().any(|place| name.starts_with(place));
    let off_by_one = places.iter().any(|place| {
        name.len() > place.len() && substitutions(&name[..place.len()], place) == Some(1) && name[0] == place[0]
    });
    if off_by_one && !named {
        reading.warn(FormWarning::new(
            FormWarningCode::Mismatch,
            "name",
            Severity::Review,
            "name: it begins one character off a division of the credit code's region",
        ));
    }
}

/// A division's name and its short forms (黄冈市 → 黄冈, `short_forms`;
/// 阿勒泰地区 → 阿勒泰, 丰县 → none: two characters at least), and an
/// autonomous division's place name before its peoples' (大理白族自治州 →
/// 大理).
fn place_forms(name: &str) -> Vec<String> {
    let mut out = short_forms(name);
    for suffix in ["地区", "自治州", "自治县", "盟", "县", "区", "旗"] {
        if let Some(short) = name.strip_suffix(suffix)
            && short.chars().count() >= 2
        {
            out.push(short.to_owned());
        }
    }
    if let Some(i) = name.find("族")
        && (name.ends_with("自治州") || name.ends_with("自治县"))
    {
        let head: Vec<char> = name[..i].chars().collect();
        if head.len() > 2 {
            out.push(head[..2].iter().collect());
        }
    }
    out
}

/// The credit code, when a check proved it.
fn verified_code(reading: &FormReading) -> Option<CreditCode> {
    let field = reading.get("credit_code").filter(|f| f.verified)?;
    CreditCode::parse(field.value.as_deref()?).ok()
}

/// The credit code's region, when the code is verified and the table has it.
fn code_region(reading: &FormReading) -> Option<idcard::number::Region> {
    verified_code(reading)?.region()
}

/// The statement the scope of every licence since the 2014 reform ends
/// with.
pub(crate) const SCOPE_STATEMENT: &str = "(依法须经批准的项目，经相关部门批准后方可开展经营活动)";

/// The most edits by which a scope's end may differ from
/// [`SCOPE_STATEMENT`] and be repaired to it: a tenth of its characters. It
/// is one fixed sentence of 27 characters, so an end within three edits of
/// it has no other candidate.
const STATEMENT_EDITS: usize = 3;

/// A scope whose end is within [`STATEMENT_EDITS`] of the statement has
/// the statement repaired (a lost bracket, a misread character, a stray
/// mark after it); any other end is kept as read.
fn scope_ends_with_the_statement(reading: &mut FormReading) {
    let Some(scope) = reading.value("scope") else { return };
    let chars: Vec<char> = scope.chars().collect();
    let statement: Vec<char> = SCOPE_STATEMENT.chars().collect();
    let fold = |c: &char| match *c {
        '（' => '(',
        '）' => ')',
        c => c,
    };
    let best = (statement.len().saturating_sub(STATEMENT_EDITS)..=statement.len() + STATEMENT_EDITS)
        .filter(|&k| k <= chars.len())
        .map(|k| {
            let tail: Vec<char> = chars[chars.len() - k..].iter().map(fold).collect();
            (edit_distance(&tail, &statement, &EditCosts::default()), k)
        })
        .min_by(|a, b| a.0.total_cmp(&b.0));
    let Some((cost, k)) = best else { return };
    if cost == 0.0 || cost > STATEMENT_EDITS as f64 {
        return;
    }
    let repaired: String = chars[..chars.len() - k].iter().chain(&statement).collect();
    if let Some(field) = reading.get_mut("scope") {
        field.value = Some(repaired);
    }
    reading.warn(FormWarning::new(
        FormWarningCode::Repaired,
        "scope",
        Severity::Info,
        "scope: its closing statement (依法须经批准的项目…) repaired, the one text it can be",
    ));
}

fn date_of(reading: &FormReading, key: &str) -> Option<chrono::NaiveDate> {
    match reading.get(key)?.parsed.as_ref()? {
        Parsed::Date { date } => Some(*date),
        Parsed::DateRange { from, .. } => Some(*from),
        _ => None,
    }
}

/// A term that ended before `today` is expired (`reject`); a founding or
/// issue date after it cannot be (`review`).
fn in_force_on(reading: &mut FormReading, today: chrono::NaiveDate) {
    if let Some(Parsed::DateRange {
        to: RangeEnd::Date(end),
        ..
    }) = reading.get("term").and_then(|f| f.parsed.as_ref())
        && *end < today
    {
        reading.warn(FormWarning::new(
            FormWarningCode::Expired,
            "term",
            Severity::Reject,
            "term: it ended before today",
        ));
    }
    for key in ["founded", "issued"] {
        if date_of(reading, key).is_some_and(|d| d > today) {
            reading.warn(FormWarning::new(
                FormWarningCode::Invalid,
                key,
                Severity::Review,
                format!("{key}: after today"),
            ));
        }
    }
}

/// The longest fixed term a licence prints, in years: a company's term
/// is set in whole decades up to 50 years (70 for a few sectors); an end
/// further off is a misread digit.
const LONGEST_TERM_YEARS: i32 = 70;

/// A licence is issued on or after the founding day, and a fixed term is
/// no longer than [`LONGEST_TERM_YEARS`]: else a date was misread (`review`).
fn dates_in_order(reading: &mut FormReading) {
    if let (Some(founded), Some(issued)) = (date_of(reading, "founded"), date_of(reading, "issued"))
        && issued < founded
    {
        reading.warn(FormWarning::new(
            FormWarningCode::Mismatch,
            "issued",
            Severity::Review,
            "issued: before the founding date",
        ));
    }
    if let Some(Parsed::DateRange {
        from,
        to: RangeEnd::Date(end),
    }) = reading.get("term").and_then(|f| f.parsed.as_ref())
        && end.year() - from.year() > LONGEST_TERM_YEARS
    {
        reading.warn(FormWarning::new(
            FormWarningCode::Invalid,
            "term",
            Severity::Review,
            format!("term: longer than {LONGEST_TERM_YEARS} years (a misread year)"),
        ));
    }
}

fn term_starts_when_founded(reading: &mut FormReading) {
    if let (Some(founded), Some(from)) = (date_of(reading, "founded"), date_of(reading, "term"))
        && founded != from
    {
        reading.warn(FormWarning::new(
            FormWarningCode::Mismatch,
            "term",
            Severity::Review,
            "term: it does not start on the founding date",
        ));
    }
}

/// The type's family: what decides its label, category and fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Company,
    SoleProprietorship,
    Partnership,
    IndividualBusiness,
    Cooperative,
    Other,
}

fn family(licence_type: &str) -> Family {
    if licence_type.contains("公司") {
        Family::Company
    } else if licence_type == "个人独资企业" {
        Family::SoleProprietorship
    } else if licence_type.contains("合伙企业") {
        Family::Partnership
    } else if licence_type == "个体工商户" {
        Family::IndividualBusiness
    } else if licence_type == "农民专业合作社" {
        Family::Cooperative
    } else {
        Family::Other
    }
}

/// The verified type, when the schema proved it.
fn verified_type(reading: &FormReading) -> Option<Family> {
    let field = reading.get("type")?;
    field
        .verified
        .then(|| family(field.value.as_deref().unwrap_or_default()))
}

fn type_fits_label_and_category(reading: &mut FormReading) {
    let Some(family) = verified_type(reading) else { return };
    let expected_label = match family {
        Family::Company => Some("法定代表人"),
        Family::SoleProprietorship => Some("投资人"),
        Family::Partnership => Some("执行事务合伙人"),
        Family::IndividualBusiness => Some("经营者"),
        Family::Cooperative | Family::Other => None,
    };
    let label = reading.get("representative").and_then(|f| f.label.clone());
    if let (Some(expected), Some(label)) = (expected_label, label)
        && label != expected
    {
        reading.warn(FormWarning::new(
            FormWarningCode::Mismatch,
            "representative",
            Severity::Review,
            format!("representative: the type prints {expected}, the label read is {label}"),
        ));
    }
    let category = verified_code(reading)
        .filter(|c| c.authority() == "工商")
        .map(|c| c.category());
    let expected_category = match family {
        Family::IndividualBusiness => Some('2'),
        Family::Cooperative => Some('3'),
        Family::Other => None,
        _ => Some('1'),
    };
    if let (Some(category), Some(expected)) = (category, expected_category)
        && category != expected
    {
        reading.warn(FormWarning::new(
            FormWarningCode::Mismatch,
            "credit_code",
            Severity::Review,
            "credit_code: its category does not fit the type",
        ));
    }
}

fn printed_fields_of_the_type(reading: &mut FormReading) {
    let Some(family) = verified_type(reading) else { return };
    let mut expected: Vec<&str> = Vec::new();
    match family {
        Family::Company => expected.extend(["capital", "term"]),
        Family::IndividualBusiness => expected.push("composition"),
        Family::SoleProprietorship | Family::Partnership => expected.push("term"),
        Family::Cooperative | Family::Other => {}
    }
    for key in expected {
        if reading.value(key).is_none() {
            reading.warn(FormWarning::new(
                FormWarningCode::Missing,
                key,
                Severity::Review,
                format!("{key}: the licence's type prints it, and it was not read"),
            ));
        }
    }
}

fn address_names_the_code_s_region(reading: &mut FormReading) {
    let Some(address) = reading.value("address").map(str::to_owned) else {
        return;
    };
    let code = verified_code(reading);
    let region = code.as_ref().and_then(CreditCode::region);
    if code.is_some() && region.is_none() {
        reading.warn(FormWarning::new(
            FormWarningCode::Invalid,
            "credit_code",
            Severity::Review,
            "credit_code: its region code is not in the region table (to 2020)",
        ));
    }
    // the address was registered with the company: names in use in its
    // founding year or later (a licence issued later keeps them)
    let year = date_of(reading, "founded")
        .or(date_of(reading, "issued"))
        .map_or(0, |d| d.year().clamp(0, i32::from(u16::MAX)) as u16);
    let (text, chain) = walk_address_chain(&address, region.as_ref(), year);
    match chain {
        DivisionChain::Accounted { repaired: 0 } => {}
        DivisionChain::Accounted { .. } => {
            if let Some(field) = reading.get_mut("address") {
                field.value = Some(text.clone());
            }
            reading.warn(FormWarning::new(
                FormWarningCode::Repaired,
                "address",
                Severity::Info,
                "address: a division name at its start was misread and corrected to the credit code's region, the only division that fits",
            ));
        }
        DivisionChain::Unaccounted(level) => reading.warn(FormWarning::new(
            FormWarningCode::Invalid,
            "address",
            Severity::Review,
            format!(
                "address: its {level} is not a division of the region table below the one before it, and no single division of the credit code's region is clearly the one misread"
            ),
        )),
    }
    if let Some(region) = &region
        && !mentions_region(&text, region)
    {
        reading.warn(FormWarning::new(
            FormWarningCode::Mismatch,
            "address",
            Severity::Review,
            "address: it does not name the credit code's region",
        ));
    }
}
