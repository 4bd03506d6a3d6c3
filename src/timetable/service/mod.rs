//! The rules of 시간표 and 강의평, shared by the server functions and the REST API: who may
//! read which timetable, clashes, the catalogue's import, one review per member and course.

use super::{model::*, store};
use crate::{account::auth::AuthUser, error::AppError, server::AppState};

mod catalogue;
mod import;
mod reviews;
mod sharing;
mod timetables;
pub use catalogue::*;
pub use import::*;
pub use reviews::*;
pub use sharing::*;
pub use timetables::*;

#[allow(unused_imports)]
use {store as _, AppError as _, AppState as _, AuthUser as _, Slot as _};
