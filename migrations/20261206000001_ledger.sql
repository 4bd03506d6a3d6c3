-- 가계부 (docs/design/ledger.md): members' account books, shared with 일촌 as viewers or
-- editors, their categories, entries (whole 원, never floating point), budgets per category
-- and month, and recurring rules. Dates are KST calendar days. Categories are archived, never
-- deleted while a book lives; their cascades only let a book (or its owner) be deleted whole.

CREATE TABLE ledger_books (
    id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    owner_id         BIGINT UNSIGNED NOT NULL,
    name             VARCHAR(40) NOT NULL,
    currency         CHAR(3) NOT NULL DEFAULT 'KRW',
    opening_balance  BIGINT NOT NULL DEFAULT 0,
    created_at       DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at       DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    KEY ix_ledger_books_owner (owner_id),
    CONSTRAINT fk_ledger_books_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Members a book is shared with (the owner is not listed here).
CREATE TABLE ledger_book_members (
    book_id    BIGINT UNSIGNED NOT NULL,
    user_id    BIGINT UNSIGNED NOT NULL,
    role       ENUM('VIEWER','EDITOR') NOT NULL,
    added_at   DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (book_id, user_id),
    KEY ix_ledger_book_members_user (user_id),
    CONSTRAINT fk_ledger_book_members_book FOREIGN KEY (book_id) REFERENCES ledger_books (id) ON DELETE CASCADE,
    CONSTRAINT fk_ledger_book_members_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A category belongs to one book and one kind; archived ones keep their entries but are not
-- offered for new ones.
CREATE TABLE ledger_categories (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    book_id      BIGINT UNSIGNED NOT NULL,
    kind         ENUM('INCOME','EXPENSE') NOT NULL,
    name         VARCHAR(20) NOT NULL,
    color        CHAR(7) NOT NULL,
    position     SMALLINT UNSIGNED NOT NULL DEFAULT 0,
    archived_at  DATETIME(3) NULL,
    UNIQUE KEY ux_ledger_categories_name (book_id, kind, name),
    CONSTRAINT fk_ledger_categories_book FOREIGN KEY (book_id) REFERENCES ledger_books (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A rule that writes an entry on its day of every month (the last day when the month is
-- shorter), from `starts_on` until `ends_on`. `next_period` ('YYYY-MM') is the first period
-- not yet written: a runner claims a period by moving it on with a conditional UPDATE.
CREATE TABLE ledger_recurring (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    book_id       BIGINT UNSIGNED NOT NULL,
    kind          ENUM('INCOME','EXPENSE') NOT NULL,
    amount        BIGINT UNSIGNED NOT NULL,
    category_id   BIGINT UNSIGNED NOT NULL,
    method        ENUM('CASH','CARD','TRANSFER','MOBILE','OTHER') NOT NULL,
    memo          VARCHAR(200) NOT NULL DEFAULT '',
    day_of_month  TINYINT UNSIGNED NOT NULL,
    starts_on     DATE NOT NULL,
    ends_on       DATE NULL,
    next_period   CHAR(7) NOT NULL,
    created_by    BIGINT UNSIGNED NOT NULL,
    created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_ledger_recurring_book (book_id),
    -- The job's every-minute `next_period <= this month`.
    KEY ix_ledger_recurring_next (next_period),
    CONSTRAINT fk_ledger_recurring_book FOREIGN KEY (book_id) REFERENCES ledger_books (id) ON DELETE CASCADE,
    CONSTRAINT fk_ledger_recurring_category FOREIGN KEY (category_id) REFERENCES ledger_categories (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Entries. `deleted_at` set = in the trash (restorable for 30 days, then purged). An entry a
-- rule wrote carries the rule and its period ('YYYY-MM'): the unique key makes a second
-- writer of the same period (another app instance) a no-op, so each period is written once.
CREATE TABLE ledger_entries (
    id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    book_id           BIGINT UNSIGNED NOT NULL,
    kind              ENUM('INCOME','EXPENSE') NOT NULL,
    amount            BIGINT UNSIGNED NOT NULL,
    category_id       BIGINT UNSIGNED NOT NULL,
    method            ENUM('CASH','CARD','TRANSFER','MOBILE','OTHER') NOT NULL,
    memo              VARCHAR(200) NOT NULL DEFAULT '',
    occurred_on       DATE NOT NULL,
    created_by        BIGINT UNSIGNED NOT NULL,
    recurring_id      BIGINT UNSIGNED NULL,
    recurring_period  CHAR(7) NULL,
    created_at        DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at        DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    deleted_at        DATETIME(3) NULL,
    -- The live entries of a book by day with what the sums read (the balance, the sums
    -- before a day and per month read only this index), and the trash by deletion time.
    KEY ix_ledger_entries_live (book_id, deleted_at, occurred_on, kind, amount),
    KEY ix_ledger_entries_category (category_id, occurred_on),
    KEY ix_ledger_entries_deleted (deleted_at),
    UNIQUE KEY ux_ledger_entries_recurring (recurring_id, recurring_period),
    CONSTRAINT fk_ledger_entries_book FOREIGN KEY (book_id) REFERENCES ledger_books (id) ON DELETE CASCADE,
    CONSTRAINT fk_ledger_entries_category FOREIGN KEY (category_id) REFERENCES ledger_categories (id) ON DELETE CASCADE,
    CONSTRAINT fk_ledger_entries_recurring FOREIGN KEY (recurring_id) REFERENCES ledger_recurring (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A category's monthly budget from `month` ('YYYY-MM') on, until a later row replaces it;
-- an amount of 0 ends it.
CREATE TABLE ledger_budgets (
    book_id      BIGINT UNSIGNED NOT NULL,
    category_id  BIGINT UNSIGNED NOT NULL,
    month        CHAR(7) NOT NULL,
    amount       BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (book_id, category_id, month),
    CONSTRAINT fk_ledger_budgets_book FOREIGN KEY (book_id) REFERENCES ledger_books (id) ON DELETE CASCADE,
    CONSTRAINT fk_ledger_budgets_category FOREIGN KEY (category_id) REFERENCES ledger_categories (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
