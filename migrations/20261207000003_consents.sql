-- What a member agreed to, and when: the terms and the privacy notice at signup (or later
-- on 내 정보), and a guardian's consent for a member under 14. Rows are only added: a new
-- version of a document is a new row, the old one stays as the record.
CREATE TABLE user_consents (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id       BIGINT UNSIGNED NOT NULL,
    document      ENUM('TERMS','PRIVACY','GUARDIAN') NOT NULL,
    version       VARCHAR(20)  NOT NULL,
    consented_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    -- Who agreed from where: the member's address, or the guardian's email for GUARDIAN.
    given_by      VARCHAR(254) NOT NULL DEFAULT '',
    KEY ix_user_consents_user (user_id, document),
    CONSTRAINT fk_user_consents_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A member under 14 at signup names a guardian; they sign in once the guardian agreed.
ALTER TABLE users
    ADD COLUMN guardian_email VARCHAR(254) NULL AFTER phone_verified_at,
    ADD COLUMN guardian_consented_at DATETIME(3) NULL AFTER guardian_email;
