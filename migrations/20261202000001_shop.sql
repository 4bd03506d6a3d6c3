-- 도토리 and the shop: the wallet's append-only ledger, packages and card payments,
-- products (미니미, skins, BGM), what members own, gifts, identity checks, the audit log.
-- Equipped skin and BGM are copied onto the homepage (hompy renders them).

ALTER TABLE homepages
    ADD COLUMN skin VARCHAR(40) NULL AFTER minimi,
    ADD COLUMN bgm  VARCHAR(2000) NULL AFTER skin;

-- The balance kept beside the ledger, written in the same transaction as each ledger row.
CREATE TABLE dotori_wallets (
    user_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
    balance INT UNSIGNED NOT NULL DEFAULT 0,
    CONSTRAINT fk_dotori_wallets_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every change of a balance: amount is signed (+ credit, − debit). Never updated or deleted
-- (the triggers below refuse it).
CREATE TABLE dotori_ledger (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id       BIGINT UNSIGNED NOT NULL,
    kind          ENUM('TOPUP','PURCHASE','GIFT_SENT','GIFT_RECEIVED','REFUND','GRANT','DEDUCT') NOT NULL,
    amount        INT NOT NULL,
    balance_after INT UNSIGNED NOT NULL,
    reason        VARCHAR(200) NOT NULL,
    reference     VARCHAR(64) NOT NULL,
    created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_dotori_ledger_user (user_id, id),
    -- One credit per payment: a replayed or racing approval cannot credit twice.
    UNIQUE KEY ux_dotori_ledger_ref (kind, reference, user_id),
    CONSTRAINT fk_dotori_ledger_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TRIGGER dotori_ledger_append_only_u BEFORE UPDATE ON dotori_ledger FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'dotori_ledger is append-only';
CREATE TRIGGER dotori_ledger_append_only_d BEFORE DELETE ON dotori_ledger FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'dotori_ledger is append-only';

-- 도토리 packages staff sell for money.
CREATE TABLE shop_packages (
    id        BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    dotori    INT UNSIGNED NOT NULL,
    price_won INT UNSIGNED NOT NULL,
    on_sale   BOOLEAN NOT NULL DEFAULT TRUE,
    UNIQUE KEY ux_shop_packages_dotori (dotori)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A card payment (결제): the amount is the server's, recorded when the order is made.
CREATE TABLE shop_payments (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    order_id    CHAR(32) NOT NULL,
    user_id     BIGINT UNSIGNED NOT NULL,
    package_id  BIGINT UNSIGNED NOT NULL,
    dotori      INT UNSIGNED NOT NULL,
    amount_won  INT UNSIGNED NOT NULL,
    gateway     ENUM('SANDBOX','NICEPAY') NOT NULL,
    status      ENUM('PENDING','APPROVING','APPROVED','DECLINED','CANCELLED','FAILED','UNKNOWN','REFUNDED') NOT NULL DEFAULT 'PENDING',
    tid         VARCHAR(64) NULL,
    failure     VARCHAR(200) NULL,
    created_at  DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at  DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    UNIQUE KEY ux_shop_payments_order (order_id),
    -- One gateway transaction belongs to one order.
    UNIQUE KEY ux_shop_payments_tid (tid),
    KEY ix_shop_payments_user (user_id, id),
    KEY ix_shop_payments_status (status, updated_at),
    CONSTRAINT fk_shop_payments_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT fk_shop_payments_package FOREIGN KEY (package_id) REFERENCES shop_packages (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What happened to each payment, in order (declines, timeouts and mismatches included).
CREATE TABLE shop_payment_events (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    payment_id BIGINT UNSIGNED NOT NULL,
    event      VARCHAR(40) NOT NULL,
    detail     VARCHAR(300) NOT NULL DEFAULT '',
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_shop_payment_events (payment_id, id),
    CONSTRAINT fk_shop_payment_events FOREIGN KEY (payment_id) REFERENCES shop_payments (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- 미니미, skins and BGM. public_id is what URLs carry. asset: the 미니미 key, or the BGM's
-- file under DATA_DIR/shop; a skin's colours are frame;background;accent.
CREATE TABLE shop_products (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    public_id  CHAR(16) NOT NULL,
    kind       ENUM('MINIMI','SKIN','BGM') NOT NULL,
    name       VARCHAR(40) NOT NULL,
    category   VARCHAR(20) NOT NULL,
    price      INT UNSIGNED NOT NULL,
    asset      VARCHAR(64) NOT NULL,
    on_sale    BOOLEAN NOT NULL DEFAULT TRUE,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    UNIQUE KEY ux_shop_products_public (public_id),
    UNIQUE KEY ux_shop_products_asset (kind, asset),
    KEY ix_shop_products_list (on_sale, kind, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE shop_gifts (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    from_user  BIGINT UNSIGNED NOT NULL,
    to_user    BIGINT UNSIGNED NOT NULL,
    product_id BIGINT UNSIGNED NOT NULL,
    price      INT UNSIGNED NOT NULL,
    message    VARCHAR(100) NOT NULL DEFAULT '',
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_shop_gifts_to (to_user, id),
    CONSTRAINT fk_shop_gifts_from FOREIGN KEY (from_user) REFERENCES users (id),
    CONSTRAINT fk_shop_gifts_to FOREIGN KEY (to_user) REFERENCES users (id),
    CONSTRAINT fk_shop_gifts_product FOREIGN KEY (product_id) REFERENCES shop_products (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What a member owns; the primary key makes "buying what you own" impossible even racing.
CREATE TABLE shop_owned (
    user_id     BIGINT UNSIGNED NOT NULL,
    product_id  BIGINT UNSIGNED NOT NULL,
    price       INT UNSIGNED NOT NULL,
    gift_id     BIGINT UNSIGNED NULL,
    acquired_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (user_id, product_id),
    CONSTRAINT fk_shop_owned_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT fk_shop_owned_product FOREIGN KEY (product_id) REFERENCES shop_products (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- 본인인증 done once before the first top-up.
CREATE TABLE identity_checks (
    user_id     BIGINT UNSIGNED NOT NULL PRIMARY KEY,
    name        VARCHAR(40) NOT NULL,
    birth_date  DATE NOT NULL,
    phone       VARCHAR(20) NOT NULL,
    verified_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    CONSTRAINT fk_identity_checks_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE shop_audit_log (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    actor_id   BIGINT UNSIGNED NOT NULL,
    action     VARCHAR(40) NOT NULL,
    target     VARCHAR(64) NOT NULL,
    detail     VARCHAR(300) NOT NULL DEFAULT '',
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_shop_audit_log (id),
    CONSTRAINT fk_shop_audit_actor FOREIGN KEY (actor_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
