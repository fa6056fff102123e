//! [`FieldKey`]: the name of each field of a card.

use std::cmp::Ordering;
use std::fmt;

use serde::{Serialize, Serializer};

/// One of the eight fields a card carries, named as in the JSON reports.
///
/// Ordered (and so sorted in maps) by its JSON key, so reports keyed by
/// field list them alphabetically.
///
/// ```
/// use idcard::FieldKey;
/// assert_eq!(FieldKey::BirthDate.as_str(), "birth_date");
/// assert_eq!(serde_json::to_string(&FieldKey::IdNumber).unwrap(), "\"id_number\"");
/// assert!(FieldKey::Address < FieldKey::BirthDate);
/// assert_eq!(FieldKey::ALL.len(), 8);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKey {
    /// 姓名.
    Name,
    /// 性别.
    Sex,
    /// 民族.
    Ethnicity,
    /// 出生.
    BirthDate,
    /// 住址.
    Address,
    /// 公民身份号码.
    IdNumber,
    /// 签发机关.
    Issuer,
    /// 有效期限.
    Validity,
}

impl FieldKey {
    /// Every field: the front's, then the back's, each in printed order.
    pub const ALL: [FieldKey; 8] = {
        let (f, b) = (Self::FRONT, Self::BACK);
        [f[0], f[1], f[2], f[3], f[4], f[5], b[0], b[1]]
    };

    /// The front's fields, in printed order.
    pub const FRONT: [FieldKey; 6] = [
        FieldKey::Name,
        FieldKey::Sex,
        FieldKey::Ethnicity,
        FieldKey::BirthDate,
        FieldKey::Address,
        FieldKey::IdNumber,
    ];

    /// The back's fields, in printed order.
    pub const BACK: [FieldKey; 2] = [FieldKey::Issuer, FieldKey::Validity];

    /// The key in the JSON reports: `name`, `sex`, `ethnicity`,
    /// `birth_date`, `address`, `id_number`, `issuer`, `validity`.
    pub const fn as_str(self) -> &'static str {
        match self {
            FieldKey::Name => "name",
            FieldKey::Sex => "sex",
            FieldKey::Ethnicity => "ethnicity",
            FieldKey::BirthDate => "birth_date",
            FieldKey::Address => "address",
            FieldKey::IdNumber => "id_number",
            FieldKey::Issuer => "issuer",
            FieldKey::Validity => "validity",
        }
    }
}

impl fmt::Display for FieldKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for FieldKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl PartialOrd for FieldKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for FieldKey {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::FieldKey;

    #[test]
    fn keys_are_distinct_and_sorted_as_their_names() {
        let mut by_key = FieldKey::ALL;
        by_key.sort();
        let mut by_name: Vec<&str> = FieldKey::ALL.iter().map(|k| k.as_str()).collect();
        by_name.sort_unstable();
        by_name.dedup();
        assert_eq!(by_key.map(FieldKey::as_str).to_vec(), by_name);
    }
}
