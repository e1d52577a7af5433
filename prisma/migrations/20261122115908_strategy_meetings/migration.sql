-- CreateEnum
CREATE TYPE "MeetingUrgency" AS ENUM ('URGENT', 'STANDARD');

-- CreateEnum
CREATE TYPE "MeetingStatus" AS ENUM ('SCHEDULED', 'CLOSED');

-- CreateEnum
CREATE TYPE "InvitationResponseKind" AS ENUM ('ATTENDING', 'DELEGATE', 'APOLOGIES', 'WRITTEN_CONTRIBUTION');

-- CreateEnum
CREATE TYPE "MeetingDecisionKind" AS ENUM ('S47_SINGLE_AGENCY', 'S47_JOINT', 'S17_ASSESSMENT', 'EARLY_HELP', 'NO_FURTHER_ACTION', 'OTHER');

-- CreateTable
CREATE TABLE "setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,

    CONSTRAINT "setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "strategy_meeting" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "case_id" UUID NOT NULL,
    "contact_id" UUID,
    "urgency" "MeetingUrgency" NOT NULL,
    "decision_at" TIMESTAMPTZ(3) NOT NULL,
    "due_by" TIMESTAMPTZ(3) NOT NULL,
    "scheduled_start" TIMESTAMPTZ(3) NOT NULL,
    "location" TEXT,
    "call_link" TEXT,
    "chair_id" UUID NOT NULL,
    "convened_by_id" UUID NOT NULL,
    "convened_at" TIMESTAMPTZ(3) NOT NULL,
    "late_reason" TEXT,
    "status" "MeetingStatus" NOT NULL DEFAULT 'SCHEDULED',
    "summary" TEXT,
    "closed_at" TIMESTAMPTZ(3),
    "minutes_circulated_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "strategy_meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meeting_invitation" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "meeting_id" UUID NOT NULL,
    "agency_id" UUID NOT NULL,
    "required" BOOLEAN NOT NULL,
    "invited_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "meeting_invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invitation_response" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "position" BIGSERIAL NOT NULL,
    "invitation_id" UUID NOT NULL,
    "kind" "InvitationResponseKind" NOT NULL,
    "attendee_name" TEXT,
    "reason" TEXT,
    "contribution" TEXT,
    "responded_by_id" UUID NOT NULL,
    "responded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "invitation_response_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meeting_attendance" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "meeting_id" UUID NOT NULL,
    "agency_id" UUID NOT NULL,
    "user_id" UUID,
    "name" TEXT NOT NULL,
    "joined_at" TIMESTAMPTZ(3) NOT NULL,
    "left_at" TIMESTAMPTZ(3),
    "by_phone" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "meeting_attendance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meeting_decision" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "meeting_id" UUID NOT NULL,
    "kind" "MeetingDecisionKind" NOT NULL,
    "reason" TEXT NOT NULL,
    "recorded_by_id" UUID NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "meeting_decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meeting_action" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "meeting_id" UUID NOT NULL,
    "description" TEXT NOT NULL,
    "owning_agency_id" UUID NOT NULL,
    "owner_name" TEXT NOT NULL,
    "due_date" DATE NOT NULL,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3),
    "completed_by_id" UUID,

    CONSTRAINT "meeting_action_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meeting_event" (
    "id" BIGSERIAL NOT NULL,
    "meeting_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "actor_id" UUID,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "meeting_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "minutes_read" (
    "meeting_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "read_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "minutes_read_pkey" PRIMARY KEY ("meeting_id","user_id")
);

-- CreateTable
CREATE TABLE "outbox_email" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "to_address" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "calendar" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "outbox_email_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "strategy_meeting_scheduled_start_idx" ON "strategy_meeting"("scheduled_start");

-- CreateIndex
CREATE INDEX "strategy_meeting_case_id_idx" ON "strategy_meeting"("case_id");

-- CreateIndex
CREATE INDEX "meeting_invitation_agency_id_idx" ON "meeting_invitation"("agency_id");

-- CreateIndex
CREATE UNIQUE INDEX "meeting_invitation_meeting_id_agency_id_key" ON "meeting_invitation"("meeting_id", "agency_id");

-- CreateIndex
CREATE INDEX "invitation_response_invitation_id_position_idx" ON "invitation_response"("invitation_id", "position");

-- CreateIndex
CREATE INDEX "meeting_attendance_meeting_id_agency_id_idx" ON "meeting_attendance"("meeting_id", "agency_id");

-- CreateIndex
CREATE INDEX "meeting_decision_meeting_id_idx" ON "meeting_decision"("meeting_id");

-- CreateIndex
CREATE INDEX "meeting_action_owning_agency_id_completed_at_idx" ON "meeting_action"("owning_agency_id", "completed_at");

-- CreateIndex
CREATE INDEX "meeting_action_meeting_id_idx" ON "meeting_action"("meeting_id");

-- CreateIndex
CREATE UNIQUE INDEX "meeting_event_meeting_id_seq_key" ON "meeting_event"("meeting_id", "seq");

-- CreateIndex
CREATE INDEX "outbox_email_sent_at_created_at_idx" ON "outbox_email"("sent_at", "created_at");

-- AddForeignKey
ALTER TABLE "strategy_meeting" ADD CONSTRAINT "strategy_meeting_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "child_case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "strategy_meeting" ADD CONSTRAINT "strategy_meeting_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "strategy_meeting" ADD CONSTRAINT "strategy_meeting_chair_id_fkey" FOREIGN KEY ("chair_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "strategy_meeting" ADD CONSTRAINT "strategy_meeting_convened_by_id_fkey" FOREIGN KEY ("convened_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting_invitation" ADD CONSTRAINT "meeting_invitation_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "strategy_meeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting_invitation" ADD CONSTRAINT "meeting_invitation_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitation_response" ADD CONSTRAINT "invitation_response_invitation_id_fkey" FOREIGN KEY ("invitation_id") REFERENCES "meeting_invitation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "strategy_meeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting_decision" ADD CONSTRAINT "meeting_decision_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "strategy_meeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting_action" ADD CONSTRAINT "meeting_action_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "strategy_meeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting_action" ADD CONSTRAINT "meeting_action_owning_agency_id_fkey" FOREIGN KEY ("owning_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting_event" ADD CONSTRAINT "meeting_event_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "strategy_meeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "minutes_read" ADD CONSTRAINT "minutes_read_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "strategy_meeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "minutes_read" ADD CONSTRAINT "minutes_read_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
