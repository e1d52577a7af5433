-- Agreed outcomes and a ladder each partnership sets (docs/decisions/0018).
-- The ladder becomes versioned: version 1 is the ladder in use until now (its working days
-- kept), and every existing disagreement is pinned to it. Outcomes are proposed by one side
-- and accepted or declined by the other; each side acknowledges the outcome record once.

-- CreateEnum
CREATE TYPE "StageActor" AS ENUM ('PRACTITIONER', 'MANAGER', 'DESIGNATED_LEAD', 'SENIOR_MANAGER', 'PARTNERSHIP');

-- CreateEnum
CREATE TYPE "DisagreementResolution" AS ENUM ('AGREED', 'WITHDRAWN', 'PARTNERSHIP_DETERMINED');

-- CreateEnum
CREATE TYPE "ProposalStatus" AS ENUM ('PENDING', 'ACCEPTED', 'DECLINED', 'LAPSED');

-- AlterTable
ALTER TABLE "app_user" ADD COLUMN     "designated_lead" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "senior_manager" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "escalation_ladder" (
    "version" INTEGER NOT NULL,
    "urgent_cutoff" TEXT NOT NULL,
    "working_day_end" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by_id" UUID,

    CONSTRAINT "escalation_ladder_pkey" PRIMARY KEY ("version"),
    CONSTRAINT "escalation_ladder_times_check" CHECK ("urgent_cutoff" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND "working_day_end" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND "urgent_cutoff" <= "working_day_end")
);

INSERT INTO "escalation_ladder" ("version", "urgent_cutoff", "working_day_end", "created_at") VALUES (1, '16:00', '17:00', now());

-- The stages become rungs of a ladder version, with who acts for each side.
ALTER TABLE "escalation_stage" DROP CONSTRAINT "escalation_stage_pkey",
DROP COLUMN "participants",
ADD COLUMN     "ladder_version" INTEGER,
ADD COLUMN     "raising_actor" "StageActor",
ADD COLUMN     "receiving_actor" "StageActor",
ADD COLUMN     "urgent_working_days" INTEGER;

UPDATE "escalation_stage" SET
  "ladder_version" = 1,
  "raising_actor" = (CASE "stage" WHEN 1 THEN 'PRACTITIONER' WHEN 2 THEN 'DESIGNATED_LEAD' WHEN 3 THEN 'SENIOR_MANAGER' ELSE 'PARTNERSHIP' END)::"StageActor",
  "receiving_actor" = (CASE "stage" WHEN 1 THEN 'PRACTITIONER' WHEN 2 THEN 'DESIGNATED_LEAD' WHEN 3 THEN 'SENIOR_MANAGER' ELSE 'PARTNERSHIP' END)::"StageActor",
  "urgent_working_days" = CASE WHEN "stage" <= 2 THEN 0 ELSE 1 END;

ALTER TABLE "escalation_stage" ALTER COLUMN "ladder_version" SET NOT NULL,
ALTER COLUMN "raising_actor" SET NOT NULL,
ALTER COLUMN "receiving_actor" SET NOT NULL,
ALTER COLUMN "urgent_working_days" SET NOT NULL,
ADD CONSTRAINT "escalation_stage_pkey" PRIMARY KEY ("ladder_version", "stage"),
ADD CONSTRAINT "escalation_stage_stage_check" CHECK ("stage" BETWEEN 1 AND 6),
ADD CONSTRAINT "escalation_stage_days_check" CHECK ("working_days" BETWEEN 1 AND 20 AND "urgent_working_days" BETWEEN 0 AND 5),
ADD CONSTRAINT "escalation_stage_label_check" CHECK (length(btrim("label")) > 0);

-- Disagreements: pinned ladder version, where they started, how they ended.
ALTER TABLE "disagreement"
ADD COLUMN     "ladder_version" INTEGER,
ADD COLUMN     "resolution" "DisagreementResolution",
ADD COLUMN     "start_reason" TEXT,
ADD COLUMN     "start_stage" INTEGER NOT NULL DEFAULT 1;

UPDATE "disagreement" SET "ladder_version" = 1;
-- Before this change one side could close a disagreement alone; those records keep their
-- outcome, marked as agreed (or withdrawn), since the other side could acknowledge them.
UPDATE "disagreement" SET "resolution" = (CASE WHEN "outcome" = 'WITHDRAWN' THEN 'WITHDRAWN' WHEN "stage" = 4 THEN 'PARTNERSHIP_DETERMINED' ELSE 'AGREED' END)::"DisagreementResolution"
WHERE "status" = 'RESOLVED';

-- CreateTable
CREATE TABLE "disagreement_acknowledgement" (
    "disagreement_id" UUID NOT NULL,
    "agency_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "acknowledged_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "disagreement_acknowledgement_pkey" PRIMARY KEY ("disagreement_id","agency_id")
);

-- An acknowledgement made before came from the side that did not resolve it.
INSERT INTO "disagreement_acknowledgement" ("disagreement_id", "agency_id", "user_id", "acknowledged_at")
SELECT "id", CASE WHEN "resolved_by_agency_id" = "raising_agency_id" THEN "receiving_agency_id" ELSE "raising_agency_id" END, "acknowledged_by_id", "acknowledged_at"
FROM "disagreement" WHERE "acknowledged_at" IS NOT NULL AND "acknowledged_by_id" IS NOT NULL;

ALTER TABLE "disagreement" DROP COLUMN "acknowledged_at",
DROP COLUMN "acknowledged_by_id",
ALTER COLUMN "ladder_version" SET NOT NULL,
ADD CONSTRAINT "disagreement_start_check" CHECK ("start_stage" >= 1 AND "stage" >= "start_stage" AND ("start_stage" = 1 OR length(btrim(coalesce("start_reason", ''))) > 0)),
ADD CONSTRAINT "disagreement_resolved_check" CHECK (("status" = 'RESOLVED') = ("resolution" IS NOT NULL AND "outcome" IS NOT NULL AND "resolved_at" IS NOT NULL)),
ADD CONSTRAINT "disagreement_withdrawn_check" CHECK (("resolution" = 'WITHDRAWN') = ("outcome" = 'WITHDRAWN'));

-- CreateTable
CREATE TABLE "disagreement_proposal" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "disagreement_id" UUID NOT NULL,
    "stage" INTEGER NOT NULL,
    "outcome" "DisagreementOutcome" NOT NULL,
    "statement" TEXT NOT NULL,
    "proposed_by_id" UUID NOT NULL,
    "proposed_by_agency_id" UUID NOT NULL,
    "proposed_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "ProposalStatus" NOT NULL DEFAULT 'PENDING',
    "answered_by_id" UUID,
    "answered_by_agency_id" UUID,
    "answered_at" TIMESTAMPTZ(3),
    "decline_reasons" TEXT,

    CONSTRAINT "disagreement_proposal_pkey" PRIMARY KEY ("id"),
    -- A proposal is an outcome both sides could agree; withdrawal is the raiser's alone.
    CONSTRAINT "disagreement_proposal_outcome_check" CHECK ("outcome" <> 'WITHDRAWN'),
    -- The other side answers; a decline gives reasons.
    CONSTRAINT "disagreement_proposal_answer_check" CHECK (
      ("status" IN ('ACCEPTED', 'DECLINED')) = ("answered_by_id" IS NOT NULL AND "answered_at" IS NOT NULL)
      AND ("answered_by_agency_id" IS NULL OR "answered_by_agency_id" <> "proposed_by_agency_id")
      AND (("status" = 'DECLINED') = ("decline_reasons" IS NOT NULL)))
);

-- CreateIndex
CREATE INDEX "disagreement_proposal_disagreement_id_idx" ON "disagreement_proposal"("disagreement_id");

-- CreateIndex
CREATE INDEX "disagreement_ladder_version_stage_idx" ON "disagreement"("ladder_version", "stage");

-- AddForeignKey
ALTER TABLE "escalation_stage" ADD CONSTRAINT "escalation_stage_ladder_version_fkey" FOREIGN KEY ("ladder_version") REFERENCES "escalation_ladder"("version") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement" ADD CONSTRAINT "disagreement_ladder_version_fkey" FOREIGN KEY ("ladder_version") REFERENCES "escalation_ladder"("version") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey: a disagreement's stage exists on its ladder.
ALTER TABLE "disagreement" ADD CONSTRAINT "disagreement_ladder_version_stage_fkey" FOREIGN KEY ("ladder_version", "stage") REFERENCES "escalation_stage"("ladder_version", "stage") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement_proposal" ADD CONSTRAINT "disagreement_proposal_disagreement_id_fkey" FOREIGN KEY ("disagreement_id") REFERENCES "disagreement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement_acknowledgement" ADD CONSTRAINT "disagreement_acknowledgement_disagreement_id_fkey" FOREIGN KEY ("disagreement_id") REFERENCES "disagreement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- At most one proposal waits for an answer at a time.
CREATE UNIQUE INDEX "disagreement_proposal_one_pending" ON "disagreement_proposal" ("disagreement_id") WHERE "status" = 'PENDING';

-- Four eyes on every threshold decision, including one changed by a disagreement: the person who
-- signs it off is not the person who recorded it. NOT VALID: rows written before this rule (a
-- disagreement's resolver once signed off their own changed decision) stay as history.
ALTER TABLE "threshold_decision" ADD CONSTRAINT "threshold_decision_four_eyes_check" CHECK ("signed_off_by_id" IS NULL OR "signed_off_by_id" <> "decided_by_id") NOT VALID;
