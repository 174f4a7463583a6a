-- When an event was delivered, so that the worker can purge delivered events once they
-- are older than the retention period. Events delivered before this migration count as
-- delivered at the end of their last lease, the nearest time the table kept.
ALTER TABLE outbox ADD COLUMN delivered_at TIMESTAMPTZ;
UPDATE outbox SET delivered_at = next_attempt_at WHERE state = 'delivered';
CREATE INDEX outbox_delivered ON outbox (delivered_at) WHERE state = 'delivered';
