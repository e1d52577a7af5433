-- AlterTable
ALTER TABLE "session" ADD COLUMN     "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE INDEX "login_attempt_email_key_ip_address_attempted_at_idx" ON "login_attempt"("email_key", "ip_address", "attempted_at");
