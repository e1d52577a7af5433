-- AlterTable
ALTER TABLE "meeting_invitation" ADD COLUMN     "attended_at" TIMESTAMPTZ(3),
ADD COLUMN     "current_response" "InvitationResponseKind";

-- CreateTable
CREATE TABLE "calendar_day" (
    "day" DATE NOT NULL,
    "working_ordinal" INTEGER NOT NULL,

    CONSTRAINT "calendar_day_pkey" PRIMARY KEY ("day")
);
