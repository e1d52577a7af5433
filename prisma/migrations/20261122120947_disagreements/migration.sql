-- CreateEnum
CREATE TYPE "DisagreementSubject" AS ENUM ('LEVEL_APPLIED', 'OUTCOME', 'CLOSURE', 'MEETING_DECISION', 'REFERRAL_QUALITY', 'NON_ATTENDANCE', 'OTHER');

-- CreateEnum
CREATE TYPE "DisagreementStatus" AS ENUM ('OPEN', 'RESOLVED');

-- CreateEnum
CREATE TYPE "DisagreementOutcome" AS ENUM ('UPHELD', 'CHANGED', 'PARTLY_CHANGED', 'WITHDRAWN');

-- AlterTable
ALTER TABLE "threshold_decision" ADD COLUMN     "disagreement_id" UUID;

-- CreateTable
CREATE TABLE "escalation_stage" (
    "stage" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "participants" TEXT NOT NULL,
    "working_days" INTEGER NOT NULL,

    CONSTRAINT "escalation_stage_pkey" PRIMARY KEY ("stage")
);

-- CreateTable
CREATE TABLE "theme" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "theme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "disagreement" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "case_id" UUID,
    "contact_id" UUID,
    "meeting_id" UUID,
    "raising_agency_id" UUID NOT NULL,
    "receiving_agency_id" UUID NOT NULL,
    "raised_by_id" UUID NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL,
    "subject" "DisagreementSubject" NOT NULL,
    "sought_level" INTEGER,
    "sought_outcome" TEXT NOT NULL,
    "reasons" TEXT NOT NULL,
    "urgent" BOOLEAN NOT NULL,
    "stage" INTEGER NOT NULL,
    "stage_started_at" TIMESTAMPTZ(3) NOT NULL,
    "stage_due_at" TIMESTAMPTZ(3) NOT NULL,
    "overdue_notified_stage" INTEGER,
    "status" "DisagreementStatus" NOT NULL DEFAULT 'OPEN',
    "outcome" "DisagreementOutcome",
    "outcome_statement" TEXT,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by_id" UUID,
    "resolved_by_agency_id" UUID,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by_id" UUID,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "disagreement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "disagreement_event" (
    "id" BIGSERIAL NOT NULL,
    "disagreement_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "stage" INTEGER NOT NULL,
    "body" TEXT,
    "payload" JSONB,
    "actor_id" UUID,
    "actor_agency_id" UUID,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "disagreement_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "disagreement_theme" (
    "disagreement_id" UUID NOT NULL,
    "theme_id" UUID NOT NULL,

    CONSTRAINT "disagreement_theme_pkey" PRIMARY KEY ("disagreement_id","theme_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "theme_name_key" ON "theme"("name");

-- CreateIndex
CREATE INDEX "disagreement_raising_agency_id_raised_at_idx" ON "disagreement"("raising_agency_id", "raised_at");

-- CreateIndex
CREATE INDEX "disagreement_receiving_agency_id_raised_at_idx" ON "disagreement"("receiving_agency_id", "raised_at");

-- CreateIndex
CREATE INDEX "disagreement_status_stage_due_at_idx" ON "disagreement"("status", "stage_due_at");

-- CreateIndex
CREATE INDEX "disagreement_contact_id_idx" ON "disagreement"("contact_id");

-- CreateIndex
CREATE UNIQUE INDEX "disagreement_event_disagreement_id_seq_key" ON "disagreement_event"("disagreement_id", "seq");

-- AddForeignKey
ALTER TABLE "threshold_decision" ADD CONSTRAINT "threshold_decision_disagreement_id_fkey" FOREIGN KEY ("disagreement_id") REFERENCES "disagreement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement" ADD CONSTRAINT "disagreement_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement" ADD CONSTRAINT "disagreement_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "strategy_meeting"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement" ADD CONSTRAINT "disagreement_raising_agency_id_fkey" FOREIGN KEY ("raising_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement" ADD CONSTRAINT "disagreement_receiving_agency_id_fkey" FOREIGN KEY ("receiving_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement" ADD CONSTRAINT "disagreement_raised_by_id_fkey" FOREIGN KEY ("raised_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement_event" ADD CONSTRAINT "disagreement_event_disagreement_id_fkey" FOREIGN KEY ("disagreement_id") REFERENCES "disagreement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement_theme" ADD CONSTRAINT "disagreement_theme_disagreement_id_fkey" FOREIGN KEY ("disagreement_id") REFERENCES "disagreement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement_theme" ADD CONSTRAINT "disagreement_theme_theme_id_fkey" FOREIGN KEY ("theme_id") REFERENCES "theme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
