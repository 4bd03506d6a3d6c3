-- Social login: which provider's person (provider, subject) is which member. Made when a
-- person signs up through a provider, or when a signed-in member links one from /account;
-- never by matching an email (docs/design/social-login.md).
CREATE TABLE social_links (
    provider    VARCHAR(20)  NOT NULL,
    subject     VARCHAR(100) NOT NULL,
    user_id     BIGINT UNSIGNED NOT NULL,
    created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (provider, subject),
    UNIQUE KEY ux_social_links_user (user_id, provider),
    CONSTRAINT fk_social_links_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
