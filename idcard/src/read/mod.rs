//! Reading a card's fields from its rows: the rows' text, the printed
//! labels, which side it is, then each side's fields and where they are
//! printed.

pub(crate) mod back;
pub(crate) mod field_boxes;
pub(crate) mod front;
pub(crate) mod labels;
pub(crate) mod rows;
pub(crate) mod side;
pub(crate) mod text;
