-- Meetings are held, then minuted (issue #12, items 5 and 6; decision record 0019).
-- Before this, closing a meeting wrote closed_at and minutes_circulated_at together, so the
-- "minutes within 1 working day" figure could not fail. Now the record holds when the meeting
-- was actually held (started_at, ended_at) and the minutes' own life (drafted, approved by the
-- chair, circulated), each written by its own step.

-- closed_at was always the moment the chair ended the meeting: keep the values, say so.
ALTER TABLE "strategy_meeting" RENAME COLUMN "closed_at" TO "ended_at";
ALTER TABLE "strategy_meeting"
ADD COLUMN     "minutes" TEXT,
ADD COLUMN     "minutes_approved_by_id" UUID,
ADD COLUMN     "minutes_drafted_at" TIMESTAMPTZ(3),
ADD COLUMN     "started_at" TIMESTAMPTZ(3),
ADD COLUMN     "started_early_reason" TEXT;

ALTER TABLE "strategy_meeting" ADD CONSTRAINT "strategy_meeting_minutes_approved_by_id_fkey" FOREIGN KEY ("minutes_approved_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Meetings already closed were held from their scheduled time (the best the old record knows)
-- and their minutes were the chair's summary, approved by the chair as they were circulated.
UPDATE "strategy_meeting" SET "started_at" = least("scheduled_start", "ended_at") WHERE "ended_at" IS NOT NULL;
UPDATE "strategy_meeting" SET "minutes" = coalesce("summary", ''), "minutes_drafted_at" = "minutes_circulated_at", "minutes_approved_by_id" = "chair_id"
WHERE "minutes_circulated_at" IS NOT NULL;

-- The order of a meeting's life, enforced by the database as well as the code.
ALTER TABLE "strategy_meeting" ADD CONSTRAINT "strategy_meeting_ended_after_start"
  CHECK ("ended_at" IS NULL OR ("started_at" IS NOT NULL AND "ended_at" >= "started_at"));
ALTER TABLE "strategy_meeting" ADD CONSTRAINT "strategy_meeting_closed_has_end"
  CHECK (("status" = 'CLOSED') = ("ended_at" IS NOT NULL));
ALTER TABLE "strategy_meeting" ADD CONSTRAINT "strategy_meeting_minutes_after_end"
  CHECK ("minutes_drafted_at" IS NULL OR ("ended_at" IS NOT NULL AND "minutes_drafted_at" >= "ended_at"));
ALTER TABLE "strategy_meeting" ADD CONSTRAINT "strategy_meeting_circulated_when_approved"
  CHECK ("minutes_circulated_at" IS NULL OR ("minutes_drafted_at" IS NOT NULL AND "minutes_approved_by_id" IS NOT NULL AND "minutes_circulated_at" >= "minutes_drafted_at"));

-- The convener's own agency holds the meeting: never "no response".
ALTER TABLE "meeting_invitation" ADD COLUMN     "convening" BOOLEAN NOT NULL DEFAULT false;
UPDATE "meeting_invitation" i SET "convening" = true
FROM "strategy_meeting" m JOIN "app_user" u ON u."id" = m."convened_by_id"
WHERE m."id" = i."meeting_id" AND i."agency_id" = u."agency_id";

-- One open attendance per live connection: parallel joins on one connection share it.
ALTER TABLE "meeting_attendance" ADD COLUMN     "connection_id" TEXT;
CREATE UNIQUE INDEX "meeting_attendance_one_open_per_connection" ON "meeting_attendance" ("meeting_id", "connection_id") WHERE "left_at" IS NULL AND "connection_id" IS NOT NULL;
