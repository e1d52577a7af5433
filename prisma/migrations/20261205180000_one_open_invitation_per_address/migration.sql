-- At most one open invitation (neither accepted nor withdrawn) per agency and address
-- (docs/decisions/0028). inviteUser withdraws the open one before it creates the next; two
-- invitations sent at the same moment used to leave both links working. The index makes the
-- second wait for the first and then fail, which the domain reports as a conflict.

-- Older duplicates left by that race are withdrawn, keeping the newest open.
UPDATE "account_invitation" a
SET "revoked_at" = now()
WHERE a."accepted_at" IS NULL AND a."revoked_at" IS NULL
  AND EXISTS (
    SELECT 1 FROM "account_invitation" b
    WHERE b."agency_id" = a."agency_id" AND b."email" = a."email"
      AND b."accepted_at" IS NULL AND b."revoked_at" IS NULL
      AND (b."created_at", b."id") > (a."created_at", a."id")
  );

CREATE UNIQUE INDEX "account_invitation_one_open_per_address" ON "account_invitation" ("agency_id", "email") WHERE "accepted_at" IS NULL AND "revoked_at" IS NULL;
