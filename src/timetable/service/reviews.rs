//! 강의평: one per member and course, only after having the lecture; 공감 once per member.
//! A review never names its writer: the rows the store hands over carry only `mine` and
//! `liked` about the reader (docs/design/timetable.md, "Unmasking a reviewer").

use super::super::{model::*, store};
use crate::{
    account::{auth::AuthUser, model::Role},
    error::{AppError, ErrorCode, FieldErrors},
    server::{rate_limit, AppState},
};

/// Reviews a member may write per hour (a member has only so many courses).
const WRITE_LIMIT: rate_limit::Limit = rate_limit::Limit { max: 10, window_secs: 3600 };
/// Tags one review may carry.
const MAX_TAGS: usize = 5;

fn lecture_not_found() -> AppError {
    AppError::not_found(ErrorCode::LectureNotFound, "강의를 찾을 수 없습니다.")
}

fn review_not_found() -> AppError {
    AppError::not_found(ErrorCode::ReviewNotFound, "강의평을 찾을 수 없습니다.")
}

fn is_staff(me: &AuthUser) -> bool {
    matches!(me.role(), Role::Staff | Role::Admin)
}

/// A member without a school: told where to verify one.
fn no_school() -> AppError {
    AppError::new(
        403,
        ErrorCode::NotSchoolMember,
        "학교 인증을 마친 회원만 강의평을 보고 공감할 수 있습니다. 커뮤니티에서 학교를 인증해 주세요.",
    )
}

/// The member's school (staff or not), or 403 with the hint when they have none.
async fn member_school(state: &AppState, me: &AuthUser) -> Result<u64, AppError> {
    Ok(crate::board::schools::membership(&state.db, me.id()).await?.ok_or_else(no_school)?.school_id)
}

/// The lecture's course when the asker may read it: members read their own school's, staff
/// every school's. Another school's lecture answers as missing, so its ids cannot be probed;
/// a member without a school learns that before any lecture is looked up.
async fn readable_course(state: &AppState, me: &AuthUser, lecture_id: u64) -> Result<store::ReviewCourseRow, AppError> {
    let school = if is_staff(me) { None } else { Some(member_school(state, me).await?) };
    store::review_course_of(&state.db, lecture_id).await?.filter(|c| school.is_none_or(|s| s == c.school_id)).ok_or_else(lecture_not_found)
}

/// Today in KST: a course counts as had once its semester has started.
fn today() -> chrono::NaiveDate {
    crate::kst::day_of(chrono::Utc::now())
}

/// "2026년 2학기".
fn semester_name(year: u16, term: Term) -> String {
    format!("{year}년 {}", term.label())
}

/// Stored tags: the words joined by commas; words this build does not know are skipped.
fn parse_tags(stored: &str) -> Vec<ReviewTag> {
    stored.split(',').filter_map(|w| ReviewTag::parse(w.trim())).collect()
}

fn join_tags(tags: &[ReviewTag]) -> String {
    tags.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",")
}

fn review_of(r: store::ReviewRow) -> Review {
    Review {
        id: r.id,
        semester_name: semester_name(r.year, r.term),
        stars: r.stars,
        tags: parse_tags(&r.tags),
        body: r.body,
        likes: u32::try_from(r.likes).unwrap_or(u32::MAX),
        liked: r.liked,
        mine: r.mine,
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

/// The average (one decimal) and count from the count per star.
fn summary_of(per_star: [u32; 5]) -> ReviewSummary {
    let count: u32 = per_star.iter().sum();
    let total: u32 = per_star.iter().enumerate().map(|(i, n)| (i as u32 + 1) * n).sum();
    let average = if count == 0 { 0.0 } else { ((f64::from(total) / f64::from(count)) * 10.0).round() / 10.0 };
    ReviewSummary { average: average as f32, count, per_star }
}

/// Stars, text and tags, checked: (stars, trimmed text, stored tags).
fn checked(input: &ReviewInput) -> Result<(u8, String, String), AppError> {
    let mut f = FieldErrors::default();
    f.check((1..=5).contains(&input.stars), "stars", "별점은 1~5개 중에서 골라 주세요.");
    let body = f.text("body", &input.body, 10, 2000, "강의평");
    let mut tags: Vec<ReviewTag> = Vec::new();
    for t in &input.tags {
        if !tags.contains(t) {
            tags.push(*t);
        }
    }
    f.check(tags.len() <= MAX_TAGS, "tags", "태그는 5개까지 고를 수 있습니다.");
    f.finish()?;
    Ok((input.stars, body, join_tags(&tags)))
}

fn pages(count: u32) -> u32 {
    count.div_ceil(REVIEW_PAGE).max(1)
}

pub async fn lecture_detail(state: &AppState, me: &AuthUser, lecture_id: u64, page: u32) -> Result<LectureDetail, AppError> {
    let course = readable_course(state, me, lecture_id).await?;
    let lecture = super::lectures_by_ids(state, &[lecture_id]).await?.into_iter().next().ok_or_else(lecture_not_found)?;
    let semester = store::review_semester(&state.db, course.semester_id).await?.ok_or_else(lecture_not_found)?;
    let semester = Semester {
        id: semester.id,
        year: semester.year,
        term: semester.term,
        starts_on: semester.starts_on,
        ends_on: semester.ends_on,
        name: semester_name(semester.year, semester.term),
    };
    let school_name = crate::board::schools::school_name(&state.db, course.school_id).await?.unwrap_or_default();

    let summary = summary_of(store::review_star_counts(&state.db, course.course()).await?);
    let pages = pages(summary.count);
    let page = page.clamp(1, pages);
    let offset = (page - 1) * REVIEW_PAGE;
    let reviews =
        store::course_reviews(&state.db, course.course(), me.id(), offset, REVIEW_PAGE).await?.into_iter().map(review_of).collect();
    let my_review = store::review_of_member(&state.db, course.course(), me.id()).await?.map(review_of);
    let may_review = my_review.is_none() && store::review_taken_lecture(&state.db, course.course(), me.id(), today()).await?.is_some();
    let my_timetables = super::timetables::summaries(state, me, course.semester_id).await?;
    Ok(LectureDetail { lecture, semester, school_name, summary, reviews, page, pages, my_review, may_review, my_timetables })
}

/// Writes the member's review of the lecture's course. The lecture and semester stored are
/// those of the member's own timetable (the newest semester they had it), whatever lecture
/// of the course the page was about.
pub async fn write_review(state: &AppState, me: &AuthUser, lecture_id: u64, input: ReviewInput) -> Result<Review, AppError> {
    me.require_verified_email(state).await?;
    let course = readable_course(state, me, lecture_id).await?;
    let (stars, body, tags) = checked(&input)?;
    let Some((taken_lecture, taken_semester)) = store::review_taken_lecture(&state.db, course.course(), me.id(), today()).await? else {
        return Err(AppError::new(
            403,
            ErrorCode::LectureNotTaken,
            "들은 강의에만 강의평을 쓸 수 있습니다. 이 강의를 내 시간표에 추가하고, 학기가 시작된 뒤에 써 주세요.",
        ));
    };
    if store::review_of_member(&state.db, course.course(), me.id()).await?.is_some() {
        return Err(already_reviewed());
    }
    rate_limit::hit(&state.redis, "lecture-review", &me.id().to_string(), WRITE_LIMIT).await?;
    let new = store::NewReview {
        user_id: me.id(),
        course: course.course(),
        lecture_id: taken_lecture,
        semester_id: taken_semester,
        stars,
        body: &body,
        tags: &tags,
    };
    // Two writes at once both pass the check above; the unique key lets one through.
    let id = match store::review_insert(&state.db, new).await {
        Ok(id) => id,
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Err(already_reviewed()),
        Err(e) => return Err(e.into()),
    };
    let review = store::review_get(&state.db, id, me.id()).await?.ok_or_else(review_not_found)?;
    Ok(review_of(review))
}

fn already_reviewed() -> AppError {
    AppError::conflict(ErrorCode::AlreadyReviewed, "이 강의에는 이미 강의평을 썼습니다. 내 강의평을 고쳐 주세요.")
}

/// The writer changes stars, text and tags (the semester taken stays).
pub async fn edit_review(state: &AppState, me: &AuthUser, review_id: u64, input: ReviewInput) -> Result<Review, AppError> {
    let (stars, body, tags) = checked(&input)?;
    if !store::review_update(&state.db, review_id, me.id(), stars, &body, &tags).await? {
        return Err(review_not_found());
    }
    let review = store::review_get(&state.db, review_id, me.id()).await?.ok_or_else(review_not_found)?;
    Ok(review_of(review))
}

/// The writer deletes their review; its 공감 go with it.
pub async fn delete_review(state: &AppState, me: &AuthUser, review_id: u64) -> Result<(), AppError> {
    if !store::review_delete(&state.db, review_id, me.id()).await? {
        return Err(review_not_found());
    }
    Ok(())
}

/// 공감 on (once per member: the primary key decides) or off; answers the new count (the
/// 공감 rows themselves). The review's row is locked first so that two 공감 at once count one
/// after the other. Another school's review answers as missing (staff, who read every
/// school's, are told instead that 공감 is for their own school).
pub async fn like_review(state: &AppState, me: &AuthUser, review_id: u64, on: bool) -> Result<u32, AppError> {
    let school = member_school(state, me).await?;
    let mut tx = state.db.begin().await?;
    let locked = store::review_lock(&mut tx, review_id, me.id()).await?.ok_or_else(review_not_found)?;
    if locked.school_id != school {
        if is_staff(me) {
            return Err(AppError::new(403, ErrorCode::NotSchoolMember, "우리 학교 강의평에만 공감할 수 있습니다."));
        }
        return Err(review_not_found());
    }
    if on {
        if locked.mine {
            return Err(AppError::bad_request(ErrorCode::BadRequest, "내 강의평에는 공감할 수 없습니다."));
        }
        store::review_like_insert(&mut tx, review_id, me.id()).await?;
    } else {
        store::review_like_delete(&mut tx, review_id, me.id()).await?;
    }
    let likes = store::review_like_count(&mut tx, review_id).await?;
    tx.commit().await?;
    Ok(likes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_average_is_rounded_to_one_decimal() {
        assert_eq!(summary_of([0, 0, 0, 2, 1]).average, 4.3);
        assert_eq!(summary_of([0, 0, 0, 2, 1]).count, 3);
        assert_eq!(summary_of([0; 5]).average, 0.0);
        assert_eq!(summary_of([1, 0, 0, 0, 1]).average, 3.0);
    }

    #[test]
    fn unknown_stored_tags_are_skipped() {
        assert_eq!(parse_tags("ATTENDANCE,GONE,RECOMMENDED"), vec![ReviewTag::Attendance, ReviewTag::Recommended]);
        assert_eq!(parse_tags(""), vec![]);
        assert_eq!(join_tags(&[ReviewTag::TeamProject, ReviewTag::HardExams]), "TEAM_PROJECT,HARD_EXAMS");
    }

    #[test]
    fn input_is_checked_per_field() {
        let e = checked(&ReviewInput { stars: 0, body: "  짧음  ".into(), tags: ReviewTag::ALL[..6].to_vec() }).unwrap_err();
        assert_eq!(e.field_errors.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["stars", "body", "tags"]);
        let same = vec![ReviewTag::Attendance; 7];
        let (stars, body, tags) = checked(&ReviewInput { stars: 5, body: " 열 글자가 넘는 강의평입니다 ".into(), tags: same }).unwrap();
        assert_eq!((stars, body.as_str(), tags.as_str()), (5, "열 글자가 넘는 강의평입니다", "ATTENDANCE"));
    }
}
