-- Two-factor sign-in for local accounts and re-authentication before sensitive actions
-- (issue 15, items 2 and 3; docs/decisions/0034).

-- AlterTable
ALTER TABLE "session" ADD COLUMN     "authenticated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "totp_credential" (
    "user_id" UUID NOT NULL,
    "secret" TEXT NOT NULL,
    "enrolled_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "totp_credential_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "totp_used_step" (
    "user_id" UUID NOT NULL,
    "step" BIGINT NOT NULL,
    "used_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "totp_used_step_pkey" PRIMARY KEY ("user_id","step")
);

-- CreateTable
CREATE TABLE "recovery_code" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "code_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),

    CONSTRAINT "recovery_code_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pending_sign_in" (
    "token_hash" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "enrolment_secret" TEXT,

    CONSTRAINT "pending_sign_in_pkey" PRIMARY KEY ("token_hash")
);

-- CreateTable
CREATE TABLE "second_factor_attempt" (
    "id" BIGSERIAL NOT NULL,
    "user_id" UUID NOT NULL,
    "ip_address" TEXT NOT NULL,
    "succeeded" BOOLEAN NOT NULL,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "second_factor_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "recovery_code_code_hash_key" ON "recovery_code"("code_hash");

-- CreateIndex
CREATE INDEX "recovery_code_user_id_idx" ON "recovery_code"("user_id");

-- CreateIndex
CREATE INDEX "pending_sign_in_user_id_idx" ON "pending_sign_in"("user_id");

-- CreateIndex
CREATE INDEX "second_factor_attempt_user_id_attempted_at_idx" ON "second_factor_attempt"("user_id", "attempted_at");

-- AddForeignKey
ALTER TABLE "totp_credential" ADD CONSTRAINT "totp_credential_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "totp_used_step" ADD CONSTRAINT "totp_used_step_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recovery_code" ADD CONSTRAINT "recovery_code_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pending_sign_in" ADD CONSTRAINT "pending_sign_in_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "second_factor_attempt" ADD CONSTRAINT "second_factor_attempt_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Sessions that already exist proved who they are when they began.
UPDATE "session" SET "authenticated_at" = "created_at";

-- The database enforces what the code assumes.
ALTER TABLE "totp_credential" ADD CONSTRAINT "totp_credential_secret_base32" CHECK ("secret" ~ '^[A-Z2-7]{16,128}$');
ALTER TABLE "totp_used_step" ADD CONSTRAINT "totp_used_step_positive" CHECK ("step" > 0);
ALTER TABLE "recovery_code" ADD CONSTRAINT "recovery_code_hash_sha256" CHECK ("code_hash" ~ '^[0-9a-f]{64}$');
ALTER TABLE "recovery_code" ADD CONSTRAINT "recovery_code_used_after_created" CHECK ("used_at" IS NULL OR "used_at" >= "created_at");
ALTER TABLE "pending_sign_in" ADD CONSTRAINT "pending_sign_in_token_sha256" CHECK ("token_hash" ~ '^[0-9a-f]{64}$');
ALTER TABLE "pending_sign_in" ADD CONSTRAINT "pending_sign_in_expires_after_created" CHECK ("expires_at" > "created_at");
ALTER TABLE "pending_sign_in" ADD CONSTRAINT "pending_sign_in_enrolment_secret_base32" CHECK ("enrolment_secret" IS NULL OR "enrolment_secret" ~ '^[A-Z2-7]{16,128}$');

-- Who may reset someone's second factor is data, like every other permission (decision 0015).
INSERT INTO "permission" ("action", "entity", "access", "description")
VALUES ('reset', 'second_factor', 'any', 'Reset anyone''s two-factor sign-in (authenticator app and recovery codes)')
ON CONFLICT DO NOTHING;
INSERT INTO "role_permission" ("role_id", "permission_id")
SELECT r.id, p.id FROM "role" r, "permission" p
WHERE r.name = 'system_admin' AND p.action = 'reset' AND p.entity = 'second_factor' AND p.access = 'any'
ON CONFLICT DO NOTHING;
