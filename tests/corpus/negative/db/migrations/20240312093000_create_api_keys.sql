-- Stores API keys as SHA-256 digests; the plaintext is shown to the user once.
CREATE TABLE api_keys (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id    uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name          text NOT NULL,
    prefix        char(8) NOT NULL,
    key_hash      char(64) NOT NULL UNIQUE,
    scopes        text[] NOT NULL DEFAULT '{}',
    last_used_at  timestamptz,
    expires_at    timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz
);

CREATE INDEX api_keys_account_id_idx ON api_keys (account_id);
CREATE INDEX api_keys_prefix_idx ON api_keys (prefix);

-- Seed the internal monitoring key (digest only).
INSERT INTO api_keys (id, account_id, name, prefix, key_hash, scopes)
VALUES ('2fcf459b-a9d0-45a5-a644-1f76dc177518', '883140b9-342c-4974-8e3e-92ca74c58b77', 'uptime-monitor', 'QbGnwZlQ',
        '3f091eeeb944caa60276c0eb2cac8d967c2c8eca919370a36e743b6eccc73d34', ARRAY['health:read']);
