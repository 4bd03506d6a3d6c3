-- 시간표 and 강의평 (docs/design/timetable.md): semesters, each school's lecture catalogue
-- with its weekly meeting times, members' timetables (lectures and their own blocks),
-- lecture reviews and their 공감. Times are minutes after midnight in KST; days 0 (월) to 6 (일).

CREATE TABLE semesters (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    year        SMALLINT UNSIGNED NOT NULL,
    term        ENUM('SPRING','SUMMER','FALL','WINTER') NOT NULL,
    starts_on   DATE NOT NULL,
    ends_on     DATE NOT NULL,
    UNIQUE KEY ux_semesters_year_term (year, term)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A lecture is one section of a course in one school and semester. `times_text` keeps the
-- catalogue's own words ("월1,2 수3"); `lecture_slots` holds what they mean.
CREATE TABLE lectures (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    school_id     BIGINT UNSIGNED NOT NULL,
    semester_id   BIGINT UNSIGNED NOT NULL,
    code          VARCHAR(20)  NOT NULL,
    section       VARCHAR(10)  NOT NULL DEFAULT '01',
    name          VARCHAR(100) NOT NULL,
    professor     VARCHAR(60)  NOT NULL DEFAULT '',
    credits       TINYINT UNSIGNED NOT NULL,
    category      ENUM('MAJOR_REQUIRED','MAJOR_ELECTIVE','GENERAL_REQUIRED','GENERAL','TEACHING','OTHER') NOT NULL,
    target_grade  TINYINT UNSIGNED NOT NULL DEFAULT 0,
    capacity      SMALLINT UNSIGNED NOT NULL DEFAULT 0,
    room          VARCHAR(60)  NOT NULL DEFAULT '',
    times_text    VARCHAR(120) NOT NULL DEFAULT '',
    created_at    DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at    DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    UNIQUE KEY ux_lectures_code_section (school_id, semester_id, code, section),
    KEY ix_lectures_name (school_id, semester_id, name),
    KEY ix_lectures_professor (school_id, semester_id, professor),
    KEY ix_lectures_course (school_id, code, professor),
    CONSTRAINT fk_lectures_school FOREIGN KEY (school_id) REFERENCES schools (id) ON DELETE CASCADE,
    CONSTRAINT fk_lectures_semester FOREIGN KEY (semester_id) REFERENCES semesters (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE lecture_slots (
    lecture_id  BIGINT UNSIGNED NOT NULL,
    day         TINYINT UNSIGNED NOT NULL,
    start_min   SMALLINT UNSIGNED NOT NULL,
    end_min     SMALLINT UNSIGNED NOT NULL,
    PRIMARY KEY (lecture_id, day, start_min),
    KEY ix_lecture_slots_day (day, start_min),
    CONSTRAINT fk_lecture_slots_lecture FOREIGN KEY (lecture_id) REFERENCES lectures (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A member's timetables: several per semester, at most one primary (the generated column is
-- NULL for the others, so the unique key only binds the primary one).
CREATE TABLE timetables (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id      BIGINT UNSIGNED NOT NULL,
    semester_id  BIGINT UNSIGNED NOT NULL,
    name         VARCHAR(40)  NOT NULL,
    is_primary   BOOLEAN NOT NULL DEFAULT FALSE,
    primary_of   BIGINT UNSIGNED AS (IF(is_primary, semester_id, NULL)) PERSISTENT,
    visibility   ENUM('PUBLIC','ILCHON','PRIVATE') NOT NULL DEFAULT 'PRIVATE',
    created_at   DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at   DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    UNIQUE KEY ux_timetables_primary (user_id, primary_of),
    KEY ix_timetables_user (user_id, semester_id),
    CONSTRAINT fk_timetables_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_timetables_semester FOREIGN KEY (semester_id) REFERENCES semesters (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE timetable_lectures (
    timetable_id  BIGINT UNSIGNED NOT NULL,
    lecture_id    BIGINT UNSIGNED NOT NULL,
    added_at      DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (timetable_id, lecture_id),
    KEY ix_timetable_lectures_lecture (lecture_id),
    CONSTRAINT fk_timetable_lectures_timetable FOREIGN KEY (timetable_id) REFERENCES timetables (id) ON DELETE CASCADE,
    CONSTRAINT fk_timetable_lectures_lecture FOREIGN KEY (lecture_id) REFERENCES lectures (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The member's own blocks (a club, a part-time job): a title, a colour and weekly times.
CREATE TABLE timetable_blocks (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    timetable_id  BIGINT UNSIGNED NOT NULL,
    title         VARCHAR(40)  NOT NULL,
    place         VARCHAR(60)  NOT NULL DEFAULT '',
    color         CHAR(7)      NOT NULL,
    times_text    VARCHAR(120) NOT NULL DEFAULT '',
    created_at    DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_timetable_blocks_timetable (timetable_id),
    CONSTRAINT fk_timetable_blocks_timetable FOREIGN KEY (timetable_id) REFERENCES timetables (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE timetable_block_slots (
    block_id    BIGINT UNSIGNED NOT NULL,
    day         TINYINT UNSIGNED NOT NULL,
    start_min   SMALLINT UNSIGNED NOT NULL,
    end_min     SMALLINT UNSIGNED NOT NULL,
    PRIMARY KEY (block_id, day, start_min),
    CONSTRAINT fk_timetable_block_slots_block FOREIGN KEY (block_id) REFERENCES timetable_blocks (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- 강의평: one per member and course (a course is a school's code taught by one professor,
-- across semesters); `lecture_id` is the section the member had, which gives the semester.
-- The writer's id never leaves the server: reviews are shown without a name.
CREATE TABLE lecture_reviews (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id      BIGINT UNSIGNED NOT NULL,
    school_id    BIGINT UNSIGNED NOT NULL,
    code         VARCHAR(20)  NOT NULL,
    professor    VARCHAR(60)  NOT NULL,
    lecture_id   BIGINT UNSIGNED NOT NULL,
    semester_id  BIGINT UNSIGNED NOT NULL,
    stars        TINYINT UNSIGNED NOT NULL,
    body         VARCHAR(2000) NOT NULL,
    tags         VARCHAR(200) NOT NULL DEFAULT '',
    likes        INT UNSIGNED NOT NULL DEFAULT 0,
    created_at   DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at   DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    UNIQUE KEY ux_lecture_reviews_member_course (user_id, school_id, code, professor),
    KEY ix_lecture_reviews_course (school_id, code, professor, created_at),
    CONSTRAINT fk_lecture_reviews_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_lecture_reviews_lecture FOREIGN KEY (lecture_id) REFERENCES lectures (id) ON DELETE CASCADE,
    CONSTRAINT fk_lecture_reviews_semester FOREIGN KEY (semester_id) REFERENCES semesters (id),
    CONSTRAINT ck_lecture_reviews_stars CHECK (stars BETWEEN 1 AND 5)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE lecture_review_likes (
    review_id   BIGINT UNSIGNED NOT NULL,
    user_id     BIGINT UNSIGNED NOT NULL,
    created_at  DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (review_id, user_id),
    CONSTRAINT fk_lecture_review_likes_review FOREIGN KEY (review_id) REFERENCES lecture_reviews (id) ON DELETE CASCADE,
    CONSTRAINT fk_lecture_review_likes_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
