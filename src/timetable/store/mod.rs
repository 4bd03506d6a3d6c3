//! SQL of 시간표 and 강의평: no rules, only data (the service decides). One file per part,
//! as the service is split.

crate::sql_word!(Term, LectureCategory);

use super::model::{LectureCategory, Term};

mod catalogue;
mod reviews;
mod timetables;
pub use catalogue::*;
pub use reviews::*;
pub use timetables::*;
