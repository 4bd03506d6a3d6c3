-- 커뮤니티 (docs/design/board-anonymity.md): schools and their verified members, boards,
-- posts with pictures, comments with one level of replies, 공감, scraps, 쪽지, reports and
-- moderation. An anonymous writer's id is stored (the server must know whose it is) and
-- never leaves the server except in the staff's moderation view.

CREATE TABLE schools (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name        VARCHAR(60)  NOT NULL,
    campus      VARCHAR(40)  NOT NULL DEFAULT '',
    created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    UNIQUE KEY ux_schools_name_campus (name, campus)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The email domains whose addresses prove membership (a school without one admits by
-- staff approval).
CREATE TABLE school_domains (
    domain      VARCHAR(100) NOT NULL PRIMARY KEY,
    school_id   BIGINT UNSIGNED NOT NULL,
    KEY ix_school_domains_school (school_id),
    CONSTRAINT fk_school_domains_school FOREIGN KEY (school_id) REFERENCES schools (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A member belongs to at most one school. `school_email` is the verified address (NULL when
-- staff approved a request); one address admits one member.
CREATE TABLE school_members (
    user_id         BIGINT UNSIGNED NOT NULL PRIMARY KEY,
    school_id       BIGINT UNSIGNED NOT NULL,
    admission_year  SMALLINT UNSIGNED NOT NULL,
    school_email    VARCHAR(254) NULL,
    verified_by     ENUM('EMAIL','APPROVAL') NOT NULL,
    suspended_until DATETIME(3)  NULL,
    joined_at       DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY ux_school_members_email (school_email),
    KEY ix_school_members_school (school_id),
    CONSTRAINT fk_school_members_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_school_members_school FOREIGN KEY (school_id) REFERENCES schools (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Requests to join a school without an email domain, decided by staff.
CREATE TABLE school_requests (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id         BIGINT UNSIGNED NOT NULL,
    school_id       BIGINT UNSIGNED NOT NULL,
    admission_year  SMALLINT UNSIGNED NOT NULL,
    message         VARCHAR(300) NOT NULL DEFAULT '',
    status          ENUM('PENDING','APPROVED','REJECTED') NOT NULL DEFAULT 'PENDING',
    decided_by      BIGINT UNSIGNED NULL,
    created_at      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    decided_at      DATETIME(3)  NULL,
    KEY ix_school_requests_status (status, created_at),
    KEY ix_school_requests_user (user_id),
    CONSTRAINT fk_school_requests_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_school_requests_school FOREIGN KEY (school_id) REFERENCES schools (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE boards (
    id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    school_id           BIGINT UNSIGNED NOT NULL,
    category            ENUM('DEPARTMENT','CAREER','PROMOTION','GROUP','FREE','INFO') NOT NULL,
    name                VARCHAR(40)  NOT NULL,
    description         VARCHAR(200) NOT NULL DEFAULT '',
    anonymous_allowed   BOOLEAN      NOT NULL DEFAULT TRUE,
    questions_allowed   BOOLEAN      NOT NULL DEFAULT FALSE,
    retired             BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at          DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at          DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    UNIQUE KEY ux_boards_school_name (school_id, name),
    CONSTRAINT fk_boards_school FOREIGN KEY (school_id) REFERENCES schools (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE board_pins (
    user_id     BIGINT UNSIGNED NOT NULL,
    board_id    BIGINT UNSIGNED NOT NULL,
    created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (user_id, board_id),
    CONSTRAINT fk_board_pins_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_board_pins_board FOREIGN KEY (board_id) REFERENCES boards (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- status: VISIBLE; DELETED by its writer ("삭제된 글입니다"); HIDDEN by staff; HELD: hidden
-- automatically after enough reports, until staff decide. `text_hidden`: a question with
-- answers that its writer "deleted" keeps its place and comments, without its text.
CREATE TABLE board_posts (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    board_id        BIGINT UNSIGNED NOT NULL,
    school_id       BIGINT UNSIGNED NOT NULL,
    author_id       BIGINT UNSIGNED NOT NULL,
    anonymous       BOOLEAN      NOT NULL,
    question        BOOLEAN      NOT NULL DEFAULT FALSE,
    title           VARCHAR(100) NOT NULL,
    body            TEXT         NOT NULL,
    status          ENUM('VISIBLE','DELETED','HIDDEN','HELD') NOT NULL DEFAULT 'VISIBLE',
    text_hidden     BOOLEAN      NOT NULL DEFAULT FALSE,
    like_count      INT UNSIGNED NOT NULL DEFAULT 0,
    scrap_count     INT UNSIGNED NOT NULL DEFAULT 0,
    comment_count   INT UNSIGNED NOT NULL DEFAULT 0,
    view_count      INT UNSIGNED NOT NULL DEFAULT 0,
    -- The next 익명 number to hand out in this post's comments.
    next_anon       INT UNSIGNED NOT NULL DEFAULT 1,
    created_at      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_board_posts_board (board_id, id),
    KEY ix_board_posts_school (school_id, id),
    KEY ix_board_posts_school_likes (school_id, like_count, id),
    KEY ix_board_posts_author (author_id, id),
    CONSTRAINT fk_board_posts_board FOREIGN KEY (board_id) REFERENCES boards (id),
    CONSTRAINT fk_board_posts_author FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Pictures of posts: uploaded first (post_id NULL), attached when the post is written.
CREATE TABLE board_media (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    owner_id    BIGINT UNSIGNED NOT NULL,
    post_id     BIGINT UNSIGNED NULL,
    position    TINYINT UNSIGNED NOT NULL DEFAULT 0,
    file        VARCHAR(80)  NOT NULL,
    thumb       VARCHAR(80)  NOT NULL,
    width       INT UNSIGNED NOT NULL,
    height      INT UNSIGNED NOT NULL,
    created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY ux_board_media_file (file),
    UNIQUE KEY ux_board_media_thumb (thumb),
    KEY ix_board_media_post (post_id, position),
    KEY ix_board_media_owner (owner_id, post_id),
    CONSTRAINT fk_board_media_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_board_media_post FOREIGN KEY (post_id) REFERENCES board_posts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The 익명 number of each anonymous commenter in a post: stable for the member in that
-- post, unrelated to any other post. The post's writer is number 0 (익명(글쓴이)).
CREATE TABLE board_anon_numbers (
    post_id     BIGINT UNSIGNED NOT NULL,
    user_id     BIGINT UNSIGNED NOT NULL,
    number      INT UNSIGNED NOT NULL,
    PRIMARY KEY (post_id, user_id),
    UNIQUE KEY ux_board_anon_numbers_number (post_id, number),
    CONSTRAINT fk_board_anon_numbers_post FOREIGN KEY (post_id) REFERENCES board_posts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE board_comments (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    post_id     BIGINT UNSIGNED NOT NULL,
    parent_id   BIGINT UNSIGNED NULL,
    author_id   BIGINT UNSIGNED NOT NULL,
    anonymous   BOOLEAN      NOT NULL,
    -- 익명 number in the post (0: the post's writer); NULL for named comments.
    anon_number INT UNSIGNED NULL,
    body        VARCHAR(1000) NOT NULL,
    status      ENUM('VISIBLE','DELETED','HIDDEN','HELD') NOT NULL DEFAULT 'VISIBLE',
    like_count  INT UNSIGNED NOT NULL DEFAULT 0,
    created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_board_comments_post (post_id, id),
    KEY ix_board_comments_author (author_id, id),
    CONSTRAINT fk_board_comments_post FOREIGN KEY (post_id) REFERENCES board_posts (id) ON DELETE CASCADE,
    CONSTRAINT fk_board_comments_parent FOREIGN KEY (parent_id) REFERENCES board_comments (id),
    CONSTRAINT fk_board_comments_author FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- 공감 on posts and comments, once per member (the primary key decides races).
CREATE TABLE board_likes (
    target_kind ENUM('POST','COMMENT') NOT NULL,
    target_id   BIGINT UNSIGNED NOT NULL,
    user_id     BIGINT UNSIGNED NOT NULL,
    created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (target_kind, target_id, user_id),
    KEY ix_board_likes_recent (target_kind, created_at),
    CONSTRAINT fk_board_likes_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE board_scraps (
    user_id     BIGINT UNSIGNED NOT NULL,
    post_id     BIGINT UNSIGNED NOT NULL,
    created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (user_id, post_id),
    KEY ix_board_scraps_post (post_id),
    CONSTRAINT fk_board_scraps_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_board_scraps_post FOREIGN KEY (post_id) REFERENCES board_posts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A 쪽지 thread between the member who started it (from a post or comment) and that
-- content's writer. `anonymous`: the writer was anonymous, so both sides show as 익명.
-- Per side: the last note read, the last note before "delete for me", and a block.
CREATE TABLE board_note_threads (
    id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    post_id             BIGINT UNSIGNED NOT NULL,
    comment_id          BIGINT UNSIGNED NULL,
    starter_id          BIGINT UNSIGNED NOT NULL,
    writer_id           BIGINT UNSIGNED NOT NULL,
    anonymous           BOOLEAN      NOT NULL,
    starter_read        BIGINT UNSIGNED NOT NULL DEFAULT 0,
    writer_read         BIGINT UNSIGNED NOT NULL DEFAULT 0,
    starter_cleared     BIGINT UNSIGNED NOT NULL DEFAULT 0,
    writer_cleared      BIGINT UNSIGNED NOT NULL DEFAULT 0,
    blocked_by          BIGINT UNSIGNED NULL,
    last_note_id        BIGINT UNSIGNED NOT NULL DEFAULT 0,
    created_at          DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at          DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY ux_board_note_threads_origin (starter_id, post_id, comment_id),
    KEY ix_board_note_threads_starter (starter_id, updated_at),
    KEY ix_board_note_threads_writer (writer_id, updated_at),
    CONSTRAINT fk_board_note_threads_starter FOREIGN KEY (starter_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_board_note_threads_writer FOREIGN KEY (writer_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_board_note_threads_post FOREIGN KEY (post_id) REFERENCES board_posts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE board_notes (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    thread_id   BIGINT UNSIGNED NOT NULL,
    sender_id   BIGINT UNSIGNED NOT NULL,
    body        VARCHAR(1000) NOT NULL,
    hidden      BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_board_notes_thread (thread_id, id),
    CONSTRAINT fk_board_notes_thread FOREIGN KEY (thread_id) REFERENCES board_note_threads (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One report per member and target. status OPEN until staff hide the content or dismiss.
CREATE TABLE board_reports (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    target_kind ENUM('POST','COMMENT','NOTE') NOT NULL,
    target_id   BIGINT UNSIGNED NOT NULL,
    reporter_id BIGINT UNSIGNED NOT NULL,
    reason      ENUM('ABUSE','SPAM','PORN','FRAUD','PRIVACY','OTHER') NOT NULL,
    detail      VARCHAR(300) NOT NULL DEFAULT '',
    status      ENUM('OPEN','HIDDEN','DISMISSED') NOT NULL DEFAULT 'OPEN',
    created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY ux_board_reports_once (target_kind, target_id, reporter_id),
    KEY ix_board_reports_status (status, created_at),
    CONSTRAINT fk_board_reports_reporter FOREIGN KEY (reporter_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every moderation action (hide, dismiss, suspend, decide a school request, board changes).
CREATE TABLE board_moderation_log (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    actor_id    BIGINT UNSIGNED NOT NULL,
    action      VARCHAR(30)  NOT NULL,
    target_kind VARCHAR(20)  NOT NULL,
    target_id   BIGINT UNSIGNED NOT NULL,
    subject_id  BIGINT UNSIGNED NULL,
    detail      VARCHAR(300) NOT NULL DEFAULT '',
    created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_board_moderation_log_time (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What the community tells a member (their post was hidden, they were suspended, a
-- school request was decided), shown on the community home.
CREATE TABLE board_notices (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id     BIGINT UNSIGNED NOT NULL,
    text        VARCHAR(300) NOT NULL,
    read_at     DATETIME(3)  NULL,
    created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_board_notices_user (user_id, id),
    CONSTRAINT fk_board_notices_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
