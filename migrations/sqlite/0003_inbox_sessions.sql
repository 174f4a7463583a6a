-- The web inbox's sessions: only the session id's SHA-256 is kept, as for every token.
-- Expired rows are deleted as new sessions start; a removed agent's go with it.
CREATE TABLE inbox_sessions (
    session_hash TEXT PRIMARY KEY NOT NULL,
    agent_id     TEXT NOT NULL REFERENCES agents (id),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX inbox_sessions_by_agent ON inbox_sessions (agent_id);
CREATE INDEX inbox_sessions_by_expiry ON inbox_sessions (expires_at);
