-- Members. Roles: ADMIN, STAFF, SERVER, USER (signup always makes USER).
CREATE TABLE users (
    id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email             VARCHAR(254) NOT NULL,
    password_hash     VARCHAR(255) NOT NULL,
    name              VARCHAR(40)  NOT NULL,
    nickname          VARCHAR(40)  NOT NULL,
    birth_date        DATE         NULL,
    gender            ENUM('MALE','FEMALE') NULL,
    phone             VARCHAR(20)  NULL,
    role              ENUM('ADMIN','STAFF','SERVER','USER') NOT NULL DEFAULT 'USER',
    status            ENUM('ACTIVE','SUSPENDED','DELETED') NOT NULL DEFAULT 'ACTIVE',
    email_verified_at DATETIME(3)  NULL,
    profile_img       VARCHAR(255) NULL,
    locale            VARCHAR(10)  NOT NULL DEFAULT 'ko-KR',
    created_at        DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    modified_at       DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    UNIQUE KEY uq_users_email (email),
    KEY ix_users_nickname (nickname),
    KEY ix_users_name_phone (name, phone)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
