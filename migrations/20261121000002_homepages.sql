-- One mini-homepage per member.
CREATE TABLE homepages (
    user_id      BIGINT UNSIGNED NOT NULL PRIMARY KEY,
    title        VARCHAR(60)  NOT NULL,
    intro        VARCHAR(500) NOT NULL DEFAULT '',
    minimi       VARCHAR(40)  NOT NULL DEFAULT 'basic-girl',
    created_at   DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at   DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    CONSTRAINT fk_homepages_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
