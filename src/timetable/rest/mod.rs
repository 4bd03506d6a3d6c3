//! REST API of 시간표 and 강의평 under /api: the catalogue (and the staff's import), members'
//! timetables (with the .ics and PNG exports and sharing), and lecture reviews.

use crate::server::AppState;
use axum::Router;

mod catalogue;
mod reviews;
mod timetables;

pub fn routes() -> Router<AppState> {
    Router::new().merge(catalogue::routes()).merge(timetables::routes()).merge(reviews::routes())
}

/// The timetable's OpenAPI paths, gathered from its three parts.
pub struct TimetableApi;

impl TimetableApi {
    pub fn openapi() -> utoipa::openapi::OpenApi {
        use utoipa::OpenApi;
        let mut doc = catalogue::Api::openapi();
        doc.merge(timetables::Api::openapi());
        doc.merge(reviews::Api::openapi());
        doc
    }
}
