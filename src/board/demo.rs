//! The community's demo data: four schools (three admit by their email domain, 연세대학교
//! by staff approval), their boards in every category, the demo members' memberships and
//! enough extra students that each school has a HOT post, and posts named and anonymous
//! with comments, replies and 공감. Runs once (skipped when any school exists).

use crate::account::{
    members::{self, NewMember},
    model::Role,
};
use chrono::{Duration, NaiveDateTime};
use sqlx::{MySqlConnection, MySqlPool};
use std::collections::HashMap;

/// The demo members' password (the same as the site's other demo members).
const DEMO_PASSWORD: &str = "minihompy-demo-1";

struct DemoSchool {
    name: &'static str,
    campus: &'static str,
    domain: Option<&'static str>,
    department: &'static str,
    group: &'static str,
}

const SCHOOLS: [DemoSchool; 4] = [
    DemoSchool {
        name: "홍익대학교", campus: "서울캠퍼스", domain: Some("hongik.ac.kr"), department: "컴퓨터공학과", group: "총학생회"
    },
    DemoSchool { name: "이화여자대학교", campus: "", domain: Some("ewhain.net"), department: "경영학부", group: "총학생회" },
    DemoSchool { name: "서강대학교", campus: "", domain: Some("sogang.ac.kr"), department: "경제학과", group: "총학생회" },
    DemoSchool {
        name: "연세대학교", campus: "신촌캠퍼스", domain: None, department: "전기전자공학부", group: "총학생회"
    },
];

/// Extra students per school, so each school has a writer and ten others to 공감 a HOT post.
const EXTRA_PER_SCHOOL: [usize; 4] = [9, 11, 11, 12];

/// A board: category, name (`{dept}` / `{group}` filled in), description, anonymous
/// allowed, questions allowed, retired.
type BoardSpec = (&'static str, &'static str, &'static str, bool, bool, bool);

const BOARDS: [BoardSpec; 8] = [
    ("FREE", "자유게시판", "무엇이든 자유롭게 이야기해요.", true, false, false),
    ("FREE", "비밀게시판", "익명으로 털어놓는 고민과 이야기.", true, false, false),
    ("CAREER", "진로게시판", "취업, 인턴, 대학원: 묻고 답해요. 답변이 달린 질문은 지울 수 없어요.", true, true, false),
    ("PROMOTION", "홍보게시판", "동아리, 행사, 스터디 홍보 (실명으로만 쓸 수 있어요).", false, false, false),
    ("DEPARTMENT", "{dept}", "{dept} 학생들의 게시판.", true, true, false),
    ("GROUP", "{group}", "{group} 공지와 소통.", false, false, false),
    ("INFO", "정보게시판", "장학금, 수강신청, 생활 정보.", true, false, false),
    ("PROMOTION", "중고장터", "운영이 종료된 게시판입니다.", false, false, true),
];

/// A comment: the writer (index among the school's members), anonymous, text, and the
/// comment it answers (index in the post's list).
type CommentSpec = (usize, bool, &'static str, Option<usize>);

struct PostSpec {
    board: usize,
    writer: usize,
    anonymous: bool,
    question: bool,
    title: &'static str,
    body: &'static str,
    likes: usize,
    hours_ago: i64,
    comments: &'static [CommentSpec],
}

const POSTS: &[PostSpec] = &[
    PostSpec {
        board: 0,
        writer: 1,
        anonymous: true,
        question: false,
        title: "시험기간 도서관 자리 전쟁 실화냐",
        body: "아침 7시에 갔는데 벌써 자리가 없음...\n가방만 올려두고 안 오는 사람들 진짜 너무한 거 아닌가요?\n{school} 도서관 좌석 예약제 빨리 생겼으면 좋겠다.",
        likes: 10,
        hours_ago: 20,
        comments: &[
            (2, true, "ㄹㅇ 3층은 8시만 돼도 꽉 차요", None),
            (1, true, "3층 말고 지하 열람실도 그래요 ㅠㅠ", Some(0)),
            (3, false, "총학에 건의해 보는 건 어때요?", None),
            (4, true, "가방 자리 신고 기능 있으면 좋겠다", None),
            (2, true, "저도 오늘 자리 못 잡고 카페 왔어요", Some(2)),
            (1, true, "다들 시험 화이팅입니다...", None),
        ],
    },
    PostSpec {
        board: 1,
        writer: 2,
        anonymous: true,
        question: false,
        title: "휴학할까 고민 중인데 조언 좀",
        body: "전공이 생각보다 안 맞는 것 같아서 한 학기 쉬면서 생각해 보고 싶어요.\n휴학해 본 분들 후회 안 하셨나요?",
        likes: 4,
        hours_ago: 30,
        comments: &[
            (0, true, "저는 휴학하고 인턴 해 봤는데 오히려 방향 잡는 데 도움 됐어요", None),
            (2, true, "오 인턴은 어떻게 구하셨어요?", Some(0)),
            (0, true, "학교 취업지원센터 공고 봤어요!", Some(0)),
            (5, true, "쉬는 것도 용기예요. 응원합니다", None),
        ],
    },
    PostSpec {
        board: 2,
        writer: 0,
        anonymous: false,
        question: true,
        title: "개발자 인턴 준비 어떻게 하셨나요?",
        body: "3학년인데 여름 인턴 지원하려고요.\n코딩테스트랑 포트폴리오 중에 뭘 먼저 준비하는 게 좋을까요?",
        likes: 5,
        hours_ago: 44,
        comments: &[
            (3, false, "코테 먼저요. 서류 붙고 나면 시간이 없어요", None),
            (4, true, "포트폴리오는 학교 프로젝트 정리만 잘해도 충분했어요", None),
            (0, false, "감사합니다! 코테부터 시작해 볼게요", Some(0)),
        ],
    },
    PostSpec {
        board: 3,
        writer: 3,
        anonymous: false,
        question: false,
        title: "[동아리] 밴드부 신입 부원 모집합니다 🎸",
        body: "악기 경험 없어도 괜찮아요!\n매주 목요일 저녁 학생회관 지하 연습실에서 만나요.\n관심 있으면 쪽지 주세요.",
        likes: 3,
        hours_ago: 60,
        comments: &[(5, false, "보컬도 뽑나요?", None), (3, false, "네! 보컬도 환영이에요", Some(0))],
    },
    PostSpec {
        board: 4,
        writer: 4,
        anonymous: true,
        question: true,
        title: "전공선택 과목 추천 부탁드려요",
        body: "다음 학기 전공선택 두 과목 들어야 하는데 과제 많지 않고 배울 거 많은 과목 있을까요?",
        likes: 2,
        hours_ago: 70,
        comments: &[
            (1, true, "데이터베이스 추천해요. 교수님 설명이 정말 좋아요", None),
            (4, true, "오 감사합니다 과제는 많은 편인가요?", Some(0)),
            (1, true, "중간에 팀플 하나 있어요", Some(0)),
        ],
    },
    PostSpec {
        board: 5,
        writer: 5,
        anonymous: false,
        question: false,
        title: "[공지] 가을 축제 부스 신청 안내",
        body: "{school} 가을 축제 부스 신청을 받습니다.\n신청 기간: 이번 주 금요일까지\n문의는 {group} 게시판 댓글로 남겨 주세요.",
        likes: 6,
        hours_ago: 80,
        comments: &[(6, false, "학과 부스도 신청 가능한가요?", None), (5, false, "네, 학과 단위 신청도 받아요!", Some(0))],
    },
    PostSpec {
        board: 0,
        writer: 6,
        anonymous: false,
        question: false,
        title: "오늘 학식 돈가스 맛있네요",
        body: "오랜만에 학식 성공한 날. 소스가 바뀐 것 같아요.",
        likes: 7,
        hours_ago: 5,
        comments: &[
            (7, true, "저도 먹었는데 인정합니다", None),
            (6, true, "내일 메뉴는 뭔지 아시는 분?", None),
            (8, false, "내일은 제육이래요", Some(1)),
        ],
    },
    PostSpec {
        board: 6,
        writer: 7,
        anonymous: false,
        question: false,
        title: "교내 장학금 신청 기간 정리",
        body: "1. 성적 장학금: 자동 선정\n2. 근로 장학금: 개강 2주 전까지 신청\n3. 외부 장학금: 학생지원팀 공지 확인\n도움이 되었으면 좋겠어요.",
        likes: 8,
        hours_ago: 100,
        comments: &[(0, true, "정리 감사합니다!", None), (9, false, "근로 장학금 면접도 있나요?", None)],
    },
    PostSpec {
        board: 1,
        writer: 8,
        anonymous: true,
        question: false,
        title: "과제 세 개가 같은 날 마감이에요",
        body: "교수님들 서로 얘기 좀 하셨으면...\n오늘 밤새야 할 듯",
        likes: 3,
        hours_ago: 10,
        comments: &[(8, true, "결국 두 개는 냈습니다 ㅋㅋ", None), (10, true, "저랑 같은 수업 듣는 듯", None)],
    },
];

const SURNAMES: [&str; 13] = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서"];
const GIVEN: [&str; 13] = ["민준", "서연", "도윤", "지우", "하준", "서윤", "시우", "하은", "주원", "지민", "예준", "수아", "지호"];
const MOODS: [&str; 13] =
    ["새벽", "졸린", "배고픈", "성실한", "행복한", "과탑", "조용한", "씩씩한", "느긋한", "열정", "수줍은", "용감한", "명랑한"];
const KINDS: [&str; 4] = ["새내기", "화석", "과잠러", "도서관러"];

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// The extra student number `n` (0-based): creates them, or finds them from an earlier run.
async fn extra_member(db: &MySqlPool, n: usize) -> Result<u64, String> {
    let email = format!("student{:02}@minihompy.test", n + 1);
    let name = format!("{}{}", SURNAMES[n % 13], GIVEN[(n + n / 13) % 13]);
    let nickname = format!("{}{}", MOODS[n % 13], KINDS[(n / 13) % 4]);
    let new = NewMember { email: &email, password: DEMO_PASSWORD, name: &name, nickname: &nickname, role: Role::User };
    if let Some(id) = members::create_member(db, new).await.map_err(|e| e.message)? {
        return Ok(id);
    }
    members::id_by_email(db, &email).await.map_err(err)?.ok_or(format!("{email} could not be made"))
}

pub async fn seed(db: &MySqlPool, _data_dir: &std::path::Path, users: [u64; 5]) -> Result<bool, String> {
    let exists = sqlx::query_scalar!("SELECT id FROM schools LIMIT 1").fetch_optional(db).await.map_err(err)?;
    if exists.is_some() {
        return Ok(false);
    }
    // Members of each school: the demo members first (user1–3 at 홍익, user4 at 이화, user5
    // at 서강), then the extra students.
    let mut roster: [Vec<(u64, Option<String>)>; 4] = Default::default();
    for (i, &u) in users.iter().enumerate() {
        let school = match i {
            0..=2 => 0,
            3 => 1,
            _ => 2,
        };
        let domain = SCHOOLS[school].domain.unwrap_or_default();
        roster[school].push((u, Some(format!("user{}@{domain}", i + 1))));
    }
    let mut n = 0;
    for (school, extra) in EXTRA_PER_SCHOOL.iter().enumerate() {
        for _ in 0..*extra {
            let id = extra_member(db, n).await?;
            let email = SCHOOLS[school].domain.map(|d| format!("student{:02}@{d}", n + 1));
            roster[school].push((id, email));
            n += 1;
        }
    }

    let now = chrono::Utc::now().naive_utc();
    let mut tx = db.begin().await.map_err(err)?;
    for (s, school) in SCHOOLS.iter().enumerate() {
        let school_id = sqlx::query!("INSERT INTO schools (name, campus) VALUES (?, ?)", school.name, school.campus)
            .execute(&mut *tx)
            .await
            .map_err(err)?
            .last_insert_id();
        if let Some(domain) = school.domain {
            sqlx::query!("INSERT INTO school_domains (domain, school_id) VALUES (?, ?)", domain, school_id)
                .execute(&mut *tx)
                .await
                .map_err(err)?;
        }
        let members: Vec<u64> = roster[s].iter().map(|(id, _)| *id).collect();
        for (i, (user, email)) in roster[s].iter().enumerate() {
            let year = 2019 + (i % 6) as u16;
            let year = if s == 0 && i < 3 { 2021 + i as u16 } else { year };
            let verified_by = if email.is_some() { "EMAIL" } else { "APPROVAL" };
            sqlx::query!(
                "INSERT IGNORE INTO school_members (user_id, school_id, admission_year, school_email, verified_by) VALUES (?, ?, ?, ?, ?)",
                user,
                school_id,
                year,
                email,
                verified_by
            )
            .execute(&mut *tx)
            .await
            .map_err(err)?;
        }
        let mut boards = vec![];
        for (category, name, description, anonymous, questions, retired) in BOARDS {
            let fill = |t: &str| t.replace("{dept}", school.department).replace("{group}", school.group);
            let id = sqlx::query!(
                "INSERT INTO boards (school_id, category, name, description, anonymous_allowed, questions_allowed, retired)
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
                school_id,
                category,
                fill(name),
                fill(description),
                anonymous,
                questions,
                retired
            )
            .execute(&mut *tx)
            .await
            .map_err(err)?
            .last_insert_id();
            boards.push(id);
        }
        // The demo members pin their free board and their department's.
        for (user, _) in roster[s].iter().take(3) {
            for b in [boards[0], boards[4]] {
                sqlx::query!("INSERT IGNORE INTO board_pins (user_id, board_id) VALUES (?, ?)", user, b)
                    .execute(&mut *tx)
                    .await
                    .map_err(err)?;
            }
        }
        for (p, post) in POSTS.iter().enumerate() {
            // Each school's posts at slightly different times.
            let at = now - Duration::hours(post.hours_ago) - Duration::minutes((s * 13 + p) as i64);
            let body = post.body.replace("{school}", school.name).replace("{group}", school.group);
            seed_post(&mut tx, post, boards[post.board], school_id, &members, &body, at).await?;
        }
    }
    tx.commit().await.map_err(err)?;
    Ok(true)
}

async fn seed_post(
    conn: &mut MySqlConnection,
    post: &PostSpec,
    board: u64,
    school: u64,
    members: &[u64],
    body: &str,
    at: NaiveDateTime,
) -> Result<(), String> {
    let who = |i: usize| members[i % members.len()];
    let writer = who(post.writer);
    let likers: Vec<u64> = members.iter().copied().filter(|&m| m != writer).take(post.likes).collect();
    let views = (likers.len() * 9 + post.comments.len() * 4 + 15) as u32;
    let post_id = sqlx::query!(
        "INSERT INTO board_posts (board_id, school_id, author_id, anonymous, question, title, body, like_count, view_count, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        board,
        school,
        writer,
        post.anonymous,
        post.question,
        post.title,
        body,
        likers.len() as u32,
        views,
        at,
        at
    )
    .execute(&mut *conn)
    .await
    .map_err(err)?
    .last_insert_id();
    for (i, liker) in likers.iter().enumerate() {
        let when = at + Duration::minutes(3 + i as i64 * 4);
        sqlx::query!(
            "INSERT INTO board_likes (target_kind, target_id, user_id, created_at) VALUES ('POST', ?, ?, ?)",
            post_id,
            liker,
            when
        )
        .execute(&mut *conn)
        .await
        .map_err(err)?;
    }
    // 익명 numbers as the comment service hands them out: the anonymous post's writer is 0,
    // every other anonymous commenter takes the next number and keeps it in this post.
    let mut numbers: HashMap<u64, u32> = HashMap::new();
    let mut next_anon = 1u32;
    let mut ids: Vec<u64> = vec![];
    for (i, (w, anonymous, text, parent)) in post.comments.iter().enumerate() {
        let author = who(*w);
        let number = if *anonymous {
            let n = match numbers.get(&author) {
                Some(n) => *n,
                None => {
                    let n = if post.anonymous && author == writer {
                        0
                    } else {
                        next_anon += 1;
                        next_anon - 1
                    };
                    sqlx::query!("INSERT INTO board_anon_numbers (post_id, user_id, number) VALUES (?, ?, ?)", post_id, author, n)
                        .execute(&mut *conn)
                        .await
                        .map_err(err)?;
                    numbers.insert(author, n);
                    n
                }
            };
            Some(n)
        } else {
            None
        };
        let parent_id = parent.map(|p| ids[p]);
        let when = at + Duration::minutes(10 + i as i64 * 17);
        let id = sqlx::query!(
            "INSERT INTO board_comments (post_id, parent_id, author_id, anonymous, anon_number, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            post_id,
            parent_id,
            author,
            anonymous,
            number,
            text,
            when
        )
        .execute(&mut *conn)
        .await
        .map_err(err)?
        .last_insert_id();
        ids.push(id);
    }
    sqlx::query!("UPDATE board_posts SET comment_count = ?, next_anon = ? WHERE id = ?", ids.len() as u32, next_anon, post_id)
        .execute(&mut *conn)
        .await
        .map_err(err)?;
    Ok(())
}
