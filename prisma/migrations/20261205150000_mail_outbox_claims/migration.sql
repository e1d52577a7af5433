-- The outbox is sent in three steps: claim rows in a short transaction, send outside it, mark
-- each sent in another. A claim is a lease (claimed_until) so a worker that dies mid-send does not
-- hold a message for ever; failures back off (next_attempt_at) and park after repeated tries.
ALTER TABLE "outbox_email"
  ADD COLUMN "claimed_until" TIMESTAMPTZ(3),
  ADD COLUMN "next_attempt_at" TIMESTAMPTZ(3),
  ADD COLUMN "parked_at" TIMESTAMPTZ(3);

-- Emails that ran out of attempts under the old worker are parked, not silently dropped.
UPDATE "outbox_email" SET "parked_at" = "created_at" WHERE "sent_at" IS NULL AND "attempts" >= 5;

ALTER TABLE "outbox_email"
  ADD CONSTRAINT "outbox_email_attempts_check" CHECK ("attempts" >= 0),
  ADD CONSTRAINT "outbox_email_sent_or_parked_check" CHECK ("sent_at" IS NULL OR "parked_at" IS NULL);

-- What a worker looks for: unsent, not parked, due.
CREATE INDEX "outbox_email_due_idx" ON "outbox_email" ("created_at") WHERE "sent_at" IS NULL AND "parked_at" IS NULL;
