-- Fin signatures already accepted on requests that change state, so that a captured
-- request cannot be sent again while its timestamp is still in the window (one row per
-- timestamp and signature, kept until the timestamp is too old to pass; expired rows are
-- deleted about once a minute, and an expired row is taken over by a new use of its key).
CREATE TABLE signature_replays (
    replay_key TEXT PRIMARY KEY NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX signature_replays_by_expiry ON signature_replays (expires_at);
