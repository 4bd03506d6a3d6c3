-- A mobile number proved by an SMS code carries the time it was proved; a number typed at
-- signup stays unverified (NULL).
ALTER TABLE users ADD COLUMN phone_verified_at DATETIME(3) NULL AFTER phone;
