-- Initial schema (PostgreSQL). Timestamps are timestamptz, JSON is jsonb.
-- Mirrors migrations/sqlite/0001_initial.sql.

CREATE TABLE users (
    id          TEXT PRIMARY KEY NOT NULL,
    object_id   TEXT UNIQUE,
    fingerprint TEXT,
    name        TEXT,
    email       TEXT,
    photo_url   TEXT,
    attributes  JSONB NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- Agents are soft-deleted so that messages they wrote keep resolving their author.
CREATE TABLE agents (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT,
    email      TEXT,
    photo_url  TEXT,
    alias      TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    removed_at TIMESTAMPTZ
);

CREATE TABLE conversations (
    id                TEXT PRIMARY KEY NOT NULL,
    object_id         TEXT UNIQUE,
    fingerprint       TEXT,
    user_id           TEXT NOT NULL REFERENCES users (id),
    title             TEXT,
    tags              JSONB NOT NULL DEFAULT '[]',
    attributes        JSONB NOT NULL DEFAULT '{}',
    status            TEXT NOT NULL CHECK (status IN ('open', 'resolved', 'closed', 'ended')),
    assignee_id       TEXT REFERENCES agents (id),
    last_user_read_at TIMESTAMPTZ,
    -- The position given to the latest message; bumped under the row lock.
    last_position     BIGINT NOT NULL DEFAULT 0,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX conversations_by_updated ON conversations (updated_at, id);
CREATE INDEX conversations_by_status ON conversations (status, updated_at);
CREATE INDEX conversations_by_assignee ON conversations (assignee_id, updated_at);

CREATE TABLE messages (
    id              TEXT PRIMARY KEY NOT NULL,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    position        BIGINT NOT NULL,
    object_id       TEXT UNIQUE,
    fingerprint     TEXT,
    message_type    TEXT NOT NULL,
    body            TEXT,
    author_user_id  TEXT REFERENCES users (id),
    author_agent_id TEXT REFERENCES agents (id),
    visibility      TEXT NOT NULL,
    attachments     JSONB NOT NULL DEFAULT '[]',
    created_at      TIMESTAMPTZ NOT NULL,
    CHECK ((author_user_id IS NULL) <> (author_agent_id IS NULL)),
    UNIQUE (conversation_id, position)
);

CREATE TABLE outbox (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id   TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('sync', 'typing')),
    payload           JSONB NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    last_error        TEXT,
    -- Bumped when a sync is merged into this event; compared with claimed_revision on
    -- delivery so a change merged during delivery is not lost.
    revision          BIGINT NOT NULL DEFAULT 0,
    claimed_revision  BIGINT
);
-- At most one pending sync per conversation: later changes merge into it.
CREATE UNIQUE INDEX outbox_one_pending_sync ON outbox (conversation_id)
    WHERE kind = 'sync' AND state = 'pending';
CREATE INDEX outbox_due ON outbox (state, next_attempt_at, id);

CREATE TABLE oauth_clients (
    client_id   TEXT PRIMARY KEY NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE access_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    client_id  TEXT NOT NULL REFERENCES oauth_clients (client_id) ON DELETE CASCADE,
    expires_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX access_tokens_by_expiry ON access_tokens (expires_at);
CREATE INDEX access_tokens_by_client ON access_tokens (client_id);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    label      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE agent_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    agent_id   TEXT NOT NULL REFERENCES agents (id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX agent_tokens_by_agent ON agent_tokens (agent_id);
