CREATE TABLE users (
    id               bigserial PRIMARY KEY,
    email            citext NOT NULL UNIQUE,
    password_hash    text NOT NULL,
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    reset_token_hash char(64),
    reset_token_expires_at timestamptz,
    mfa_secret_encrypted bytea,
    created_at       timestamptz NOT NULL DEFAULT now()
);

COMMENT ON COLUMN users.password_hash IS 'argon2id hash, never the password';
COMMENT ON COLUMN users.reset_token_hash IS 'sha256 of the emailed reset token';

CREATE TABLE sessions (
    id          char(64) PRIMARY KEY,  -- sha256 of the session cookie
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_agent  text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);

CREATE INDEX sessions_user_id_idx ON sessions (user_id);
