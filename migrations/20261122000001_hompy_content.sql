-- The mini-homepage's content: main photo, visitor counts, profile history, owned 미니미,
-- 일촌 and 일촌평, diary, photo album, guestbook, and the likes and comments on them.

ALTER TABLE homepages
    ADD COLUMN main_photo   VARCHAR(64) NULL AFTER minimi,
    ADD COLUMN visits_total BIGINT UNSIGNED NOT NULL DEFAULT 0 AFTER main_photo;

-- Unique signed-in visitors per owner per KST day (Redis holds the day's visitor set).
CREATE TABLE hompy_visit_days (
    owner_id BIGINT UNSIGNED NOT NULL,
    day      DATE NOT NULL,
    visitors INT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (owner_id, day),
    CONSTRAINT fk_visit_days_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE homepage_history (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id    BIGINT UNSIGNED NOT NULL,
    field      ENUM('TITLE','INTRO') NOT NULL,
    old_value  VARCHAR(500) NOT NULL,
    new_value  VARCHAR(500) NOT NULL,
    changed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_homepage_history_user (user_id, id),
    CONSTRAINT fk_homepage_history_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- 미니미 beyond the defaults everyone has (the shop will add rows here).
CREATE TABLE owned_minimi (
    user_id     BIGINT UNSIGNED NOT NULL,
    minimi      VARCHAR(40) NOT NULL,
    acquired_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (user_id, minimi),
    CONSTRAINT fk_owned_minimi_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A 일촌 request: from_name is what the sender will call the receiver, to_name what the
-- receiver will call the sender. pending_pair ("small:large" ids) is set only while
-- PENDING, so one pair has at most one open request.
CREATE TABLE ilchon_requests (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    from_id      BIGINT UNSIGNED NOT NULL,
    to_id        BIGINT UNSIGNED NOT NULL,
    from_name    VARCHAR(20) NOT NULL,
    to_name      VARCHAR(20) NOT NULL,
    message      VARCHAR(200) NOT NULL DEFAULT '',
    status       ENUM('PENDING','ACCEPTED','DECLINED','CANCELLED','COUNTERED') NOT NULL DEFAULT 'PENDING',
    pending_pair VARCHAR(41) NULL,
    created_at   DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    responded_at DATETIME(3) NULL,
    UNIQUE KEY uq_ilchon_requests_pending (pending_pair),
    KEY ix_ilchon_requests_to (to_id, status),
    KEY ix_ilchon_requests_from (from_id, status),
    CONSTRAINT fk_ilchon_requests_from FOREIGN KEY (from_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_ilchon_requests_to FOREIGN KEY (to_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per direction: user_id calls friend_id `name`.
CREATE TABLE ilchons (
    user_id   BIGINT UNSIGNED NOT NULL,
    friend_id BIGINT UNSIGNED NOT NULL,
    name      VARCHAR(20) NOT NULL,
    since     DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (user_id, friend_id),
    KEY ix_ilchons_friend (friend_id),
    CONSTRAINT fk_ilchons_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_ilchons_friend FOREIGN KEY (friend_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE ilchonpyeong (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    owner_id   BIGINT UNSIGNED NOT NULL,
    writer_id  BIGINT UNSIGNED NOT NULL,
    body       VARCHAR(50) NOT NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_ilchonpyeong_owner (owner_id, id),
    CONSTRAINT fk_ilchonpyeong_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_ilchonpyeong_writer FOREIGN KEY (writer_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE diary_entries (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    owner_id   BIGINT UNSIGNED NOT NULL,
    entry_date DATE NOT NULL,
    title      VARCHAR(100) NOT NULL,
    body       TEXT NOT NULL,
    visibility ENUM('PUBLIC','ILCHON','PRIVATE') NOT NULL DEFAULT 'PUBLIC',
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    KEY ix_diary_owner_date (owner_id, entry_date, id),
    CONSTRAINT fk_diary_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE photo_folders (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    owner_id   BIGINT UNSIGNED NOT NULL,
    name       VARCHAR(30) NOT NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY uq_photo_folders_name (owner_id, name),
    CONSTRAINT fk_photo_folders_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE photo_posts (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    owner_id   BIGINT UNSIGNED NOT NULL,
    folder_id  BIGINT UNSIGNED NULL,
    title      VARCHAR(100) NOT NULL,
    body       VARCHAR(2000) NOT NULL DEFAULT '',
    visibility ENUM('PUBLIC','ILCHON','PRIVATE') NOT NULL DEFAULT 'PUBLIC',
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    KEY ix_photo_posts_owner (owner_id, id),
    CONSTRAINT fk_photo_posts_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_photo_posts_folder FOREIGN KEY (folder_id) REFERENCES photo_folders (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Uploaded files. post_id is NULL between upload and posting.
CREATE TABLE photo_media (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    owner_id   BIGINT UNSIGNED NOT NULL,
    post_id    BIGINT UNSIGNED NULL,
    kind       ENUM('IMAGE','VIDEO') NOT NULL,
    file       VARCHAR(64) NOT NULL,
    thumb      VARCHAR(64) NULL,
    width      INT UNSIGNED NOT NULL DEFAULT 0,
    height     INT UNSIGNED NOT NULL DEFAULT 0,
    bytes      INT UNSIGNED NOT NULL,
    position   INT UNSIGNED NOT NULL DEFAULT 0,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY uq_photo_media_file (file),
    KEY ix_photo_media_thumb (thumb),
    KEY ix_photo_media_post (post_id, position),
    CONSTRAINT fk_photo_media_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_photo_media_post FOREIGN KEY (post_id) REFERENCES photo_posts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE guestbook_entries (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    owner_id   BIGINT UNSIGNED NOT NULL,
    writer_id  BIGINT UNSIGNED NOT NULL,
    body       VARCHAR(1000) NOT NULL,
    secret     BOOLEAN NOT NULL DEFAULT FALSE,
    reply      VARCHAR(1000) NULL,
    replied_at DATETIME(3) NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    KEY ix_guestbook_owner (owner_id, id),
    CONSTRAINT fk_guestbook_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_guestbook_writer FOREIGN KEY (writer_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Comments on diary entries and photo posts; deleted ones keep their row (deleted_at).
CREATE TABLE comments (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    target_type ENUM('DIARY','PHOTO') NOT NULL,
    target_id   BIGINT UNSIGNED NOT NULL,
    writer_id   BIGINT UNSIGNED NOT NULL,
    body        VARCHAR(300) NOT NULL,
    created_at  DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    deleted_at  DATETIME(3) NULL,
    KEY ix_comments_target (target_type, target_id, id),
    CONSTRAINT fk_comments_writer FOREIGN KEY (writer_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One like per member per target; counts are COUNT(*) so they stay right under concurrency.
CREATE TABLE likes (
    target_type ENUM('PHOTO','GUESTBOOK') NOT NULL,
    target_id   BIGINT UNSIGNED NOT NULL,
    user_id     BIGINT UNSIGNED NOT NULL,
    created_at  DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (target_type, target_id, user_id),
    CONSTRAINT fk_likes_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
