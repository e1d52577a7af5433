-- CreateEnum
CREATE TYPE "ContactChannel" AS ENUM ('ONLINE', 'PHONE', 'EMAIL');

-- CreateEnum
CREATE TYPE "ConcernCategory" AS ENUM ('NEGLECT', 'PHYSICAL_ABUSE', 'SEXUAL_ABUSE', 'EMOTIONAL_ABUSE', 'DOMESTIC_ABUSE', 'CRIMINAL_EXPLOITATION', 'SEXUAL_EXPLOITATION', 'MENTAL_HEALTH', 'SELF_HARM', 'ONLINE_HARM', 'MISSING_FROM_HOME', 'OTHER');

-- CreateEnum
CREATE TYPE "ThresholdOutcome" AS ENUM ('NO_FURTHER_ACTION', 'ADVICE_AND_INFORMATION', 'STEP_DOWN_EARLY_HELP', 'CHILD_IN_NEED_ASSESSMENT', 'STRATEGY_DISCUSSION', 'ALREADY_OPEN_CASE', 'OTHER');

-- CreateTable
CREATE TABLE "child_case" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "reference" TEXT NOT NULL,
    "initials" TEXT,
    "year_of_birth" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "child_case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "threshold_level" (
    "level" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "description" TEXT NOT NULL,

    CONSTRAINT "threshold_level_pkey" PRIMARY KEY ("level")
);

-- CreateTable
CREATE TABLE "bank_holiday" (
    "date" DATE NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "bank_holiday_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "contact" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "case_id" UUID NOT NULL,
    "source_agency_id" UUID NOT NULL,
    "referrer_name" TEXT NOT NULL,
    "referrer_user_id" UUID,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "channel" "ContactChannel" NOT NULL,
    "concern_category" "ConcernCategory" NOT NULL,
    "referrer_level" INTEGER NOT NULL,
    "summary" TEXT NOT NULL,
    "recorded_by_id" UUID NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decision_due_at" TIMESTAMPTZ(3) NOT NULL,
    "current_decision_id" UUID,

    CONSTRAINT "contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "threshold_decision" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "contact_id" UUID NOT NULL,
    "level_applied" INTEGER NOT NULL,
    "outcome" "ThresholdOutcome" NOT NULL,
    "rationale" TEXT NOT NULL,
    "closure_reason" TEXT,
    "decided_by_id" UUID NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,
    "signed_off_by_id" UUID,
    "signed_off_at" TIMESTAMPTZ(3),

    CONSTRAINT "threshold_decision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "child_case_reference_key" ON "child_case"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "contact_current_decision_id_key" ON "contact"("current_decision_id");

-- CreateIndex
CREATE INDEX "contact_source_agency_id_received_at_idx" ON "contact"("source_agency_id", "received_at");

-- CreateIndex
CREATE INDEX "contact_received_at_idx" ON "contact"("received_at");

-- CreateIndex
CREATE INDEX "contact_case_id_idx" ON "contact"("case_id");

-- CreateIndex
CREATE INDEX "threshold_decision_contact_id_idx" ON "threshold_decision"("contact_id");

-- CreateIndex
CREATE INDEX "threshold_decision_decided_at_idx" ON "threshold_decision"("decided_at");

-- AddForeignKey
ALTER TABLE "contact" ADD CONSTRAINT "contact_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "child_case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact" ADD CONSTRAINT "contact_source_agency_id_fkey" FOREIGN KEY ("source_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact" ADD CONSTRAINT "contact_referrer_user_id_fkey" FOREIGN KEY ("referrer_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact" ADD CONSTRAINT "contact_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact" ADD CONSTRAINT "contact_current_decision_id_fkey" FOREIGN KEY ("current_decision_id") REFERENCES "threshold_decision"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "threshold_decision" ADD CONSTRAINT "threshold_decision_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "threshold_decision" ADD CONSTRAINT "threshold_decision_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "threshold_decision" ADD CONSTRAINT "threshold_decision_signed_off_by_id_fkey" FOREIGN KEY ("signed_off_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
