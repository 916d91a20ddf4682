-- Token infrastructure of identity-service: JWT signing keys and opaque refresh tokens.

-- RS256 signing keys. Every replica loads them from here, so a restart or a new replica keeps
-- verifying tokens signed before. Creation and rotation run under a transaction-scoped advisory
-- lock (pg_advisory_xact_lock), so replicas starting together never create two current keys.
--
-- A key signs from activates_at until retired_at (retired_at = the successor's activates_at).
-- Automatic rotation publishes the successor (JWKS) before it activates, so caches of the JWKS
-- (gateway) already know it when the first token signed by it arrives. A retired key keeps
-- verifying until retired_at + access-token lifetime (+ clock skew).
CREATE TABLE signing_key (
    kid          text        PRIMARY KEY,          -- RFC 7638 JWK thumbprint (SHA-256)
    algorithm    text        NOT NULL DEFAULT 'RS256',
    private_key  bytea       NOT NULL,             -- PKCS#8 DER
    public_jwk   text        NOT NULL,             -- public JWK as JSON (kid, use=sig, alg)
    created_at   timestamptz NOT NULL,
    activates_at timestamptz NOT NULL,
    retired_at   timestamptz,
    CONSTRAINT signing_key_retired_after_activation
        CHECK (retired_at IS NULL OR retired_at >= activates_at)
);

CREATE INDEX signing_key_activates_at_idx ON signing_key (activates_at);

-- One row per login (rotation family). Revoking the family invalidates every refresh token
-- derived from that login. Rotations lock the family row, so revocation and rotation serialize.
CREATE TABLE refresh_token_family (
    family_id     uuid        PRIMARY KEY,
    user_id       uuid        NOT NULL,
    created_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    revoke_reason text
);

CREATE INDEX refresh_token_family_user_idx ON refresh_token_family (user_id);

-- Opaque refresh tokens: only SHA-256(token) is stored. successor_key is a per-row random HMAC
-- key: the successor of a token is base64url(HMAC-SHA256(successor_key, token)), so a second
-- presentation within the reuse interval yields the same successor without storing it.
CREATE TABLE refresh_token (
    token_hash     bytea       PRIMARY KEY,
    family_id      uuid        NOT NULL REFERENCES refresh_token_family (family_id) ON DELETE CASCADE,
    user_id        uuid        NOT NULL,
    successor_key  bytea       NOT NULL,
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    rotated_at     timestamptz,
    successor_hash bytea,
    revoked_at     timestamptz,
    CONSTRAINT refresh_token_hash_length CHECK (octet_length(token_hash) = 32),
    CONSTRAINT refresh_token_rotation_complete
        CHECK ((rotated_at IS NULL) = (successor_hash IS NULL))
);

CREATE INDEX refresh_token_family_idx ON refresh_token (family_id);
CREATE INDEX refresh_token_user_idx ON refresh_token (user_id);
CREATE INDEX refresh_token_expires_at_idx ON refresh_token (expires_at);
