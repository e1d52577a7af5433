-- AlterTable
ALTER TABLE "app_user" ADD COLUMN     "team" TEXT;

-- CreateIndex
CREATE INDEX "disagreement_raised_at_idx" ON "disagreement"("raised_at");

-- CreateIndex
CREATE INDEX "meeting_attendance_agency_id_meeting_id_idx" ON "meeting_attendance"("agency_id", "meeting_id");
