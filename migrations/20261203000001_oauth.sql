-- "minihompy로 로그인": the OAuth 2.0 / OpenID Connect provider (docs/design/oauth-provider.md).
-- Secrets, codes and tokens are stored only as SHA-256 (hex) of 256-bit random values.
-- Deleting an app cascades to its consents, codes, grants and tokens.

CREATE TABLE oauth_apps (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    client_id       CHAR(32)     NOT NULL,
    owner_id        BIGINT UNSIGNED NOT NULL,
    name            VARCHAR(60)  NOT NULL,
    logo            VARCHAR(80)  NULL,
    homepage        VARCHAR(300) NOT NULL,
    -- Exact redirect URIs, one per line.
    redirect_uris   TEXT         NOT NULL,
    client_type     ENUM('CONFIDENTIAL','PUBLIC') NOT NULL,
    secret_hash     CHAR(64)     NULL,
    item_name       ENUM('REQUIRED','OPTIONAL','NONE') NOT NULL DEFAULT 'NONE',
    item_email      ENUM('REQUIRED','OPTIONAL','NONE') NOT NULL DEFAULT 'NONE',
    item_gender     ENUM('REQUIRED','OPTIONAL','NONE') NOT NULL DEFAULT 'NONE',
    item_birthdate  ENUM('REQUIRED','OPTIONAL','NONE') NOT NULL DEFAULT 'NONE',
    item_phone      ENUM('REQUIRED','OPTIONAL','NONE') NOT NULL DEFAULT 'NONE',
    created_at      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    UNIQUE KEY ux_oauth_apps_client (client_id),
    KEY ix_oauth_apps_owner (owner_id),
    CONSTRAINT fk_oauth_apps_owner FOREIGN KEY (owner_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What a member was asked for an app and what they granted (items, comma-separated).
CREATE TABLE oauth_consents (
    user_id     BIGINT UNSIGNED NOT NULL,
    app_id      BIGINT UNSIGNED NOT NULL,
    asked       VARCHAR(100) NOT NULL,
    granted     VARCHAR(100) NOT NULL,
    created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (user_id, app_id),
    KEY ix_oauth_consents_app (app_id),
    CONSTRAINT fk_oauth_consents_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT fk_oauth_consents_app FOREIGN KEY (app_id) REFERENCES oauth_apps (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One per code exchange: the family of tokens it issued, revoked together.
CREATE TABLE oauth_grants (
    id          CHAR(32)     NOT NULL PRIMARY KEY,
    app_id      BIGINT UNSIGNED NOT NULL,
    user_id     BIGINT UNSIGNED NOT NULL,
    scope       VARCHAR(200) NOT NULL,
    items       VARCHAR(100) NOT NULL,
    created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    revoked_at  DATETIME(3)  NULL,
    KEY ix_oauth_grants_app_user (app_id, user_id),
    CONSTRAINT fk_oauth_grants_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT fk_oauth_grants_app FOREIGN KEY (app_id) REFERENCES oauth_apps (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE oauth_codes (
    code_hash       CHAR(64)     NOT NULL PRIMARY KEY,
    app_id          BIGINT UNSIGNED NOT NULL,
    user_id         BIGINT UNSIGNED NOT NULL,
    redirect_uri    VARCHAR(300) NOT NULL,
    code_challenge  VARCHAR(128) NULL,
    nonce           VARCHAR(200) NULL,
    scope           VARCHAR(200) NOT NULL,
    items           VARCHAR(100) NOT NULL,
    expires_at      DATETIME(3)  NOT NULL,
    used_at         DATETIME(3)  NULL,
    -- The grant the first exchange made: a replay revokes it.
    grant_id        CHAR(32)     NULL,
    created_at      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_oauth_codes_expiry (expires_at),
    CONSTRAINT fk_oauth_codes_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT fk_oauth_codes_app FOREIGN KEY (app_id) REFERENCES oauth_apps (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE oauth_tokens (
    token_hash  CHAR(64)     NOT NULL PRIMARY KEY,
    grant_id    CHAR(32)     NOT NULL,
    kind        ENUM('ACCESS','REFRESH') NOT NULL,
    expires_at  DATETIME(3)  NOT NULL,
    -- A spent refresh token (rotated) or a revoked access token.
    used_at     DATETIME(3)  NULL,
    created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_oauth_tokens_grant (grant_id),
    CONSTRAINT fk_oauth_tokens_grant FOREIGN KEY (grant_id) REFERENCES oauth_grants (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The id_token signing keys (RSA 2048, PKCS#1 DER). The newest unretired one signs;
-- retired ones stay published for a day.
CREATE TABLE oauth_signing_keys (
    kid         CHAR(16)     NOT NULL PRIMARY KEY,
    private_der BLOB         NOT NULL,
    n           TEXT         NOT NULL,
    e           VARCHAR(16)  NOT NULL,
    created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    retired_at  DATETIME(3)  NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
