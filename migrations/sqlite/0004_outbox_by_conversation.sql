-- Removing a conversation (retention, erasing an end user) deletes its outbox events; this
-- finds them without reading the whole outbox (the unique index covers pending syncs only).
CREATE INDEX outbox_by_conversation ON outbox (conversation_id);
