-- One block list for the whole site (chat, calls, guestbook, comments, 일촌평, 일촌 requests,
-- named 쪽지): a row says `blocker_id` blocked `blocked_id`; either direction stops both.
-- Chat kept its blocks in MongoDB (`chat_blocks`) before; chat copies those here at start.
CREATE TABLE member_blocks (
    blocker_id  BIGINT UNSIGNED NOT NULL,
    blocked_id  BIGINT UNSIGNED NOT NULL,
    created_at  DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (blocker_id, blocked_id),
    KEY ix_member_blocks_blocked (blocked_id),
    CONSTRAINT fk_member_blocks_blocker FOREIGN KEY (blocker_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_member_blocks_blocked FOREIGN KEY (blocked_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
