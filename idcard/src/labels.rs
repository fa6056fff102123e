//! The printed labels of both sides, and how tolerant their search is.

use crate::rows::RowText;
use crate::text::{LabelMatch, find_label};

/// A printed label and how many misread characters its search tolerates.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Label {
    pub text: &'static str,
    /// Misreads tolerated at the start of a row.
    pub max_mismatches: usize,
}

pub(crate) const NAME: Label = Label { text: "姓名", max_mismatches: 1 };
pub(crate) const SEX: Label = Label { text: "性别", max_mismatches: 1 };
pub(crate) const ETHNICITY: Label = Label { text: "民族", max_mismatches: 1 };
pub(crate) const BIRTH: Label = Label { text: "出生", max_mismatches: 1 };
pub(crate) const ADDRESS: Label = Label { text: "住址", max_mismatches: 1 };
pub(crate) const NUMBER: Label = Label { text: "公民身份号码", max_mismatches: 2 };
pub(crate) const ISSUER: Label = Label { text: "签发机关", max_mismatches: 1 };
pub(crate) const VALIDITY: Label = Label { text: "有效期限", max_mismatches: 1 };
pub(crate) const TITLE_COUNTRY: Label = Label { text: "中华人民共和国", max_mismatches: 2 };
pub(crate) const TITLE_CARD: Label = Label { text: "居民身份证", max_mismatches: 1 };

/// Front labels in printed order.
pub(crate) const FRONT_ORDER: [Label; 5] = [NAME, SEX, BIRTH, ADDRESS, NUMBER];
/// Back labels in printed order.
pub(crate) const BACK_ORDER: [Label; 4] = [TITLE_COUNTRY, TITLE_CARD, ISSUER, VALIDITY];

impl Label {
    pub fn chars(&self) -> Vec<char> {
        self.text.chars().collect()
    }

    /// Exact anywhere in the row, or fuzzy at its start.
    pub fn find(&self, row: &RowText) -> Option<LabelMatch> {
        find_label(&row.chars, &self.chars(), self.max_mismatches, false)
    }

    /// Exact anywhere, or fuzzy anywhere.
    pub fn find_anywhere(&self, row: &RowText) -> Option<LabelMatch> {
        find_label(&row.chars, &self.chars(), self.max_mismatches, true)
    }

    /// Exact anywhere only.
    pub fn find_exact(&self, row: &RowText) -> Option<LabelMatch> {
        find_label(&row.chars, &self.chars(), 0, false)
    }
}
