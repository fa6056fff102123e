//! Cross-checks between fields, reported as warnings.

use chrono::{Datelike, Months, NaiveDate};

use crate::model::card::{Field, IdCard, ValidUntil, Validity};

use crate::model::warning::{Warning, WarningCode};
use crate::number::id_number::age_on;

/// The validity term the law gives for an age at issue: under 16 → 5
/// years, 16–25 → 10, 26–45 → 20, 46 and over → `None` (长期).
///
/// ```
/// use idcard::check::term_for_age;
/// assert_eq!(term_for_age(15), Some(5));
/// assert_eq!(term_for_age(25), Some(10));
/// assert_eq!(term_for_age(45), Some(20));
/// assert_eq!(term_for_age(46), None);
/// ```
pub fn term_for_age(age: i32) -> Option<u32> {
    match age {
        ..16 => Some(5),
        16..=25 => Some(10),
        26..=45 => Some(20),
        _ => None,
    }
}

fn add_years(d: NaiveDate, years: u32) -> Option<NaiveDate> {
    d.checked_add_months(Months::new(years * 12))
}

/// Front checks: the number against the printed birth date and sex.
pub(crate) fn check_front(card: &mut IdCard) {
    let Some(number) = card.valid_id_number().cloned() else {
        return;
    };
    if let Some(f) = card.id_number.as_mut() {
        f.verified = true;
    }
    if !verify_with(&mut card.birth_date, &number.birth_date()) {
        card.warnings.push(Warning::new(
            WarningCode::BirthMismatch,
            "the printed birth date differs from the one in the ID number",
        ));
    }
    if !verify_with(&mut card.sex, &number.sex()) {
        card.warnings.push(Warning::new(
            WarningCode::SexMismatch,
            "the printed sex differs from the one in the ID number",
        ));
    }
}

/// Marks a printed field verified when it agrees with what the number
/// encodes; `false` when it was read and disagrees.
fn verify_with<T: PartialEq>(field: &mut Option<Field<T>>, encoded: &T) -> bool {
    match field {
        Some(f) if f.value == *encoded => {
            f.verified = true;
            true
        }
        Some(_) => false,
        None => true,
    }
}

/// Back checks: the period's internal consistency, and expiry on `today`.
pub(crate) fn check_back(card: &mut IdCard, today: Option<NaiveDate>) {
    let Some(v) = card.validity.as_ref().map(|f| f.value) else {
        return;
    };
    if let ValidUntil::Date(until) = v.until {
        let consistent = [5, 10, 20].iter().any(|&y| add_years(v.from, y) == Some(until))
            // some cards end the day before the anniversary
            || [5, 10, 20].iter().any(|&y| add_years(v.from, y).and_then(|d| d.pred_opt()) == Some(until));
        if consistent {
            // both dates agree with each other: one misread digit would break that
            if let Some(f) = card.validity.as_mut() {
                f.verified = true;
            }
        } else {
            card.warnings.push(Warning::new(
                WarningCode::ValidityInconsistent,
                "the validity period does not span 5, 10 or 20 years",
            ));
        }
        if let Some(today) = today
            && until < today
        {
            card.warnings
                .push(Warning::new(WarningCode::Expired, "the card has expired"));
        }
    }
    if v.from.year() < 1984 {
        card.warnings.push(Warning::new(
            WarningCode::ValidityInconsistent,
            "the validity period starts before resident ID cards were issued (1984)",
        ));
    }
}

/// The term check, when both the birth date and the period are known.
pub(crate) fn check_term(card: &mut IdCard, birth: NaiveDate, validity: &Validity) {
    let age = age_on(birth, validity.from);
    let expected = term_for_age(age);
    let actual = match validity.until {
        ValidUntil::LongTerm => None,
        ValidUntil::Date(until) => Some(until.year() - validity.from.year()),
    };
    let matches = match (expected, actual) {
        (None, None) => true,
        (Some(e), Some(a)) => e as i32 == a,
        _ => false,
    };
    if !matches {
        card.warnings.push(Warning::new(
            WarningCode::ValidityTermMismatch,
            format!(
                "a validity term of {} does not match the holder's age at issue ({} expected)",
                actual.map_or("长期".to_owned(), |a| format!("{a} years")),
                expected.map_or("长期".to_owned(), |e| format!("{e} years"))
            ),
        ));
    }
}
impl IdCard {
    /// Merges a front and a back into one card and checks the validity term
    /// against the holder's age at issue. Fields come from the side that
    /// carries them; warnings from both, then the term check.
    ///
    /// ```
    /// use ocr_core::{Quad, TextLine};
    /// use idcard::{ParseOptions, Side, WarningCode, parse};
    /// let row = |text: &str, y: f64| TextLine::new(text, 99.0).with_polygon(Quad::from_rect(0.0, y, 400.0, 30.0));
    /// let opts = ParseOptions::default();
    /// let front = parse(&[row("出生1949年12月31日", 0.0), row("公民身份号码110105194912310038", 50.0)], &opts.clone().with_side(Side::Front));
    /// // issued at 60: the term must be 长期, not 20 years
    /// let back = parse(&[row("签发机关北京市公安局朝阳分局", 0.0), row("有效期限2010.01.01-2030.01.01", 50.0)], &opts.clone().with_side(Side::Back));
    /// let card = front.combine(back);
    /// assert!(card.has_warning(WarningCode::ValidityTermMismatch));
    /// ```
    pub fn combine(self, back: IdCard) -> IdCard {
        let mut card = IdCard {
            side: self.side.or(back.side),
            name: self.name,
            sex: self.sex,
            ethnicity: self.ethnicity,
            birth_date: self.birth_date,
            address: self.address,
            id_number: self.id_number,
            issuer: self.issuer.or(back.issuer),
            validity: self.validity.or(back.validity),
            warnings: self.warnings.into_iter().chain(back.warnings).collect(),
            frame: self.frame,
        };
        let birth = card
            .valid_id_number()
            .map(|n| n.birth_date())
            .or(card.birth_date.as_ref().map(|b| b.value));
        // the front's number proves an issuer that names its region
        let region_code = card.valid_id_number().and_then(|n| n.region_code().parse::<u32>().ok());
        if let (Some(code), Some(issuer)) = (region_code, card.issuer.as_mut()) {
            if !issuer.verified
                && let Some(fixed) = crate::check::issuer::repair_issuer_with_region(&issuer.value, code)
            {
                // the back alone could not prove it; the number can
                issuer.value = fixed;
                card.warnings.retain(|w| w.code != WarningCode::IssuerUnverified);
                card.warnings.push(Warning::new(
                    WarningCode::IssuerRepaired,
                    "a place name in the issuing authority was misread and corrected to the division of the ID number's region, the only one that fits",
                ));
            }
            if crate::check::issuer::issuer_names_region(&issuer.value, code) {
                issuer.verified = true;
            } else if crate::check::issuer::issuer_nearly_names_region(&issuer.value, code) {
                issuer.verified = false;
                card.warnings.push(Warning::new(
                    WarningCode::IssuerUnverified,
                    "the issuer's place is one or two characters off a division of the number's region: \
                     a character may be misread or lost",
                ));
            }
        }
        if let (Some(birth), Some(v)) = (birth, card.validity.as_ref().map(|f| f.value)) {
            check_term(&mut card, birth, &v);
        }
        card
    }
}
