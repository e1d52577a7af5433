-- A strategy meeting covers a household, not only one child, and is followed through to the
-- initial child protection conference (issue #12, items 2 and 7; decision record 0021).
-- strategy_meeting.case_id stays as the lead child (position 0), so existing pages, figures and
-- access checks keep working; every child, the lead included, is a meeting_child row.

-- CreateEnum
CREATE TYPE "EnquiryOutcomeKind" AS ENUM ('INITIAL_CONFERENCE', 'CHILD_IN_NEED_PLAN', 'EARLY_HELP', 'NO_FURTHER_ACTION');

-- CreateTable
CREATE TABLE "meeting_child" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "meeting_id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "initials" TEXT,
    "year_of_birth" INTEGER,
    "position" INTEGER NOT NULL,

    CONSTRAINT "meeting_child_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "meeting_child_case_id_idx" ON "meeting_child"("case_id");
CREATE UNIQUE INDEX "meeting_child_meeting_id_case_id_key" ON "meeting_child"("meeting_id", "case_id");
CREATE UNIQUE INDEX "meeting_child_meeting_id_position_key" ON "meeting_child"("meeting_id", "position");
ALTER TABLE "meeting_child" ADD CONSTRAINT "meeting_child_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "strategy_meeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "meeting_child" ADD CONSTRAINT "meeting_child_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "child_case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "meeting_child" ADD CONSTRAINT "meeting_child_position_range" CHECK ("position" >= 0 AND "position" < 6);
ALTER TABLE "meeting_child" ADD CONSTRAINT "meeting_child_year_of_birth_range" CHECK ("year_of_birth" IS NULL OR "year_of_birth" BETWEEN 1990 AND 2100);

-- Every existing meeting's one child becomes its lead child, with what the case record knew.
INSERT INTO "meeting_child" ("meeting_id", "case_id", "initials", "year_of_birth", "position")
SELECT m."id", m."case_id", c."initials", c."year_of_birth", 0
FROM "strategy_meeting" m JOIN "child_case" c ON c."id" = m."case_id";

-- Each decision names its child; existing decisions were about the meeting's only child.
ALTER TABLE "meeting_decision" ADD COLUMN "child_id" UUID;
UPDATE "meeting_decision" d SET "child_id" = mc."id"
FROM "meeting_child" mc WHERE mc."meeting_id" = d."meeting_id" AND mc."position" = 0;
ALTER TABLE "meeting_decision" ALTER COLUMN "child_id" SET NOT NULL;
CREATE INDEX "meeting_decision_child_id_idx" ON "meeting_decision"("child_id");
ALTER TABLE "meeting_decision" ADD CONSTRAINT "meeting_decision_child_id_fkey" FOREIGN KEY ("child_id") REFERENCES "meeting_child"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "enquiry_outcome" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "meeting_child_id" UUID NOT NULL,
    "kind" "EnquiryOutcomeKind" NOT NULL,
    "summary" TEXT NOT NULL,
    "outcome_date" DATE NOT NULL,
    "recorded_by_id" UUID NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "enquiry_outcome_pkey" PRIMARY KEY ("id")
);

-- One outcome per child's enquiry: a second (or a parallel) recording is a repeat.
CREATE UNIQUE INDEX "enquiry_outcome_meeting_child_id_key" ON "enquiry_outcome"("meeting_child_id");
ALTER TABLE "enquiry_outcome" ADD CONSTRAINT "enquiry_outcome_meeting_child_id_fkey" FOREIGN KEY ("meeting_child_id") REFERENCES "meeting_child"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "enquiry_outcome" ADD CONSTRAINT "enquiry_outcome_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
