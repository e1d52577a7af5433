-- Account approval (docs/decisions/0013-account-approval.md). An invitation whose roles give
-- case access (or the power to approve others) needs a second person's approval before its link
-- is issued and emailed; reactivation and approval are permissions like any other.

ALTER TABLE "account_invitation" ADD COLUMN     "approval_required" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "approved_at" TIMESTAMPTZ(3),
ADD COLUMN     "approved_by_id" UUID,
ALTER COLUMN "token_hash" DROP NOT NULL;

ALTER TABLE "account_invitation" ADD CONSTRAINT "account_invitation_approved_by_id_fkey" FOREIGN KEY ("approved_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Invitations already used or withdrawn stay as they were. Invitations still open were created
-- when their links were shown to the inviter: those that give case access lose their link and
-- wait for approval (the approver's action issues a fresh one, by email only).
UPDATE "account_invitation" SET "approval_required" = false
WHERE "accepted_at" IS NOT NULL OR "revoked_at" IS NOT NULL OR NOT EXISTS (
  SELECT 1 FROM "invitation_role" ir
  JOIN "role_permission" rp ON rp."role_id" = ir."role_id"
  JOIN "permission" p ON p."id" = rp."permission_id"
  WHERE ir."invitation_id" = "account_invitation"."id" AND p."action" = 'read' AND p."entity" IN ('contact', 'meeting', 'disagreement')
);
UPDATE "account_invitation" SET "token_hash" = NULL WHERE "approval_required";

-- The approver is a second person; an approval names who and when; no link (and so no
-- acceptance) before approval where approval is required.
ALTER TABLE "account_invitation"
  ADD CONSTRAINT "account_invitation_approver_is_not_inviter" CHECK ("approved_by_id" IS NULL OR "approved_by_id" <> "invited_by_id"),
  ADD CONSTRAINT "account_invitation_approval_names_who_and_when" CHECK (("approved_by_id" IS NULL) = ("approved_at" IS NULL)),
  ADD CONSTRAINT "account_invitation_no_link_before_approval" CHECK (NOT "approval_required" OR "approved_at" IS NOT NULL OR ("token_hash" IS NULL AND "accepted_at" IS NULL)),
  ADD CONSTRAINT "account_invitation_link_without_approval" CHECK ("approval_required" OR "approved_by_id" IS NULL);

-- A role that reads case data (contacts, meetings, disagreements) can only be granted through
-- an invitation that requires approval, and that requirement cannot be switched off later.
CREATE FUNCTION concord_invitation_role_needs_approval() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM "role_permission" rp JOIN "permission" p ON p."id" = rp."permission_id"
    WHERE rp."role_id" = NEW."role_id" AND p."action" = 'read' AND p."entity" IN ('contact', 'meeting', 'disagreement')
  ) AND NOT (SELECT "approval_required" FROM "account_invitation" WHERE "id" = NEW."invitation_id") THEN
    RAISE EXCEPTION 'an invitation that gives case access needs a second person''s approval' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "invitation_role_needs_approval" BEFORE INSERT OR UPDATE ON "invitation_role"
FOR EACH ROW EXECUTE FUNCTION concord_invitation_role_needs_approval();

CREATE FUNCTION concord_invitation_approval_stays_required() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'an invitation''s need for approval cannot be switched off' USING ERRCODE = 'check_violation';
END $$;

CREATE TRIGGER "account_invitation_approval_stays_required" BEFORE UPDATE OF "approval_required" ON "account_invitation"
FOR EACH ROW WHEN (OLD."approval_required" AND NOT NEW."approval_required")
EXECUTE FUNCTION concord_invitation_approval_stays_required();

-- Approving invitations and reactivating accounts. Managers and agency administrators approve
-- for their own agency, system administrators for any; only the inviter never can (code and CHECK).
INSERT INTO "permission" ("action", "entity", "access", "description") VALUES
  ('approve',    'user', 'own_agency', 'Approve invitations into their own agency that someone else sent'),
  ('approve',    'user', 'any',        'Approve invitations into any agency that someone else sent'),
  ('reactivate', 'user', 'own_agency', 'Reactivate deactivated accounts of their own agency'),
  ('reactivate', 'user', 'any',        'Reactivate deactivated accounts of any agency');

INSERT INTO "role_permission" ("role_id", "permission_id")
SELECT r.id, p.id
FROM "role" r
JOIN "permission" p ON (r.name, p.action || ':' || p.entity || ':' || p.access) IN (
  ('manager',      'approve:user:own_agency'),
  ('agency_admin', 'approve:user:own_agency'),
  ('agency_admin', 'reactivate:user:own_agency'),
  ('system_admin', 'approve:user:any'),
  ('system_admin', 'reactivate:user:any')
);
