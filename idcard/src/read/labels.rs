//! The printed labels of both sides, and how tolerant their search is.

use crate::read::rows::RowText;
use crate::read::text::{LabelMatch, find_label};

/// A printed label and how many misread characters its search tolerates.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Label {
    pub text: &'static [char],
    /// Misreads tolerated at the start of a row.
    pub max_mismatches: usize,
}

pub(crate) const NAME: Label = Label {
    text: &['姓', '名'],
    max_mismatches: 1,
};
pub(crate) const SEX: Label = Label {
    text: &['性', '别'],
    max_mismatches: 1,
};
pub(crate) const ETHNICITY: Label = Label {
    text: &['民', '族'],
    max_mismatches: 1,
};
pub(crate) const BIRTH: Label = Label {
    text: &['出', '生'],
    max_mismatches: 1,
};
pub(crate) const ADDRESS: Label = Label {
    text: &['住', '址'],
    max_mismatches: 1,
};
pub(crate) const NUMBER: Label = Label {
    text: &['公', '民', '身', '份', '号', '码'],
    max_mismatches: 2,
};
pub(crate) const ISSUER: Label = Label {
    text: &['签', '发', '机', '关'],
    max_mismatches: 1,
};
pub(crate) const VALIDITY: Label = Label {
    text: &['有', '效', '期', '限'],
    max_mismatches: 1,
};
pub(crate) const TITLE_COUNTRY: Label = Label {
    text: &['中', '华', '人', '民', '共', '和', '国'],
    max_mismatches: 2,
};
pub(crate) const TITLE_CARD: Label = Label {
    text: &['居', '民', '身', '份', '证'],
    max_mismatches: 1,
};

/// Front labels in printed order.
pub(crate) const FRONT_ORDER: [Label; 5] = [NAME, SEX, BIRTH, ADDRESS, NUMBER];
/// Back labels in printed order.
pub(crate) const BACK_ORDER: [Label; 4] = [TITLE_COUNTRY, TITLE_CARD, ISSUER, VALIDITY];

impl Label {
    /// Exact anywhere in the row, or fuzzy at its start.
    pub fn find(&self, row: &RowText) -> Option<LabelMatch> {
        find_label(&row.chars, self.text, self.max_mismatches, false)
    }

    /// Exact anywhere, or fuzzy anywhere.
    pub fn find_anywhere(&self, row: &RowText) -> Option<LabelMatch> {
        find_label(&row.chars, self.text, self.max_mismatches, true)
    }

    /// Exact anywhere only.
    pub fn find_exact(&self, row: &RowText) -> Option<LabelMatch> {
        find_label(&row.chars, self.text, 0, false)
    }
}
