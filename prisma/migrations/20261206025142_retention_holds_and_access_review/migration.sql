-- Retention, legal holds and access review (issue 16, items 1 and 5; docs/decisions/0036 and
-- docs/data-protection/retention-schedule.md). The generated part first; the hand-written part
-- (constraints, triggers, the audit deletion function, permissions) follows it.

-- AlterTable
ALTER TABLE "app_user" ADD COLUMN     "deactivation_reason" TEXT;

-- AlterTable
ALTER TABLE "child_case" ADD COLUMN     "anonymised_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "contact" ADD COLUMN     "anonymised_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "disagreement" ADD COLUMN     "anonymised_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "strategy_discussion_request" ADD COLUMN     "anonymised_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "strategy_meeting" ADD COLUMN     "anonymised_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "legal_hold" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "case_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "placed_by_id" UUID NOT NULL,
    "placed_at" TIMESTAMPTZ(3) NOT NULL,
    "lifted_by_id" UUID,
    "lifted_at" TIMESTAMPTZ(3),

    CONSTRAINT "legal_hold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "destruction_log" (
    "id" BIGSERIAL NOT NULL,
    "run_at" TIMESTAMPTZ(3) NOT NULL,
    "record_class" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "rule" TEXT NOT NULL,
    "period_years" INTEGER,
    "cutoff" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "destruction_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_review" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "agency_id" UUID NOT NULL,
    "reviewed_by_id" UUID NOT NULL,
    "reviewed_at" TIMESTAMPTZ(3) NOT NULL,
    "confirmed" INTEGER NOT NULL,
    "deactivated" INTEGER NOT NULL,

    CONSTRAINT "access_review_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "legal_hold_case_id_idx" ON "legal_hold"("case_id");

-- CreateIndex
CREATE INDEX "destruction_log_run_at_idx" ON "destruction_log"("run_at");

-- CreateIndex
CREATE INDEX "access_review_agency_id_reviewed_at_idx" ON "access_review"("agency_id", "reviewed_at");

-- AddForeignKey
ALTER TABLE "legal_hold" ADD CONSTRAINT "legal_hold_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "child_case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "legal_hold" ADD CONSTRAINT "legal_hold_placed_by_id_fkey" FOREIGN KEY ("placed_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "legal_hold" ADD CONSTRAINT "legal_hold_lifted_by_id_fkey" FOREIGN KEY ("lifted_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_review" ADD CONSTRAINT "access_review_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_review" ADD CONSTRAINT "access_review_reviewed_by_id_fkey" FOREIGN KEY ("reviewed_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---- Hand-written ---------------------------------------------------------------------------

-- A hold names its reason; lifting says who and when; one standing hold per case.
ALTER TABLE "legal_hold" ADD CONSTRAINT "legal_hold_reason_check" CHECK (length(btrim("reason")) > 0);
ALTER TABLE "legal_hold" ADD CONSTRAINT "legal_hold_lifted_check" CHECK (("lifted_at" IS NULL) = ("lifted_by_id" IS NULL) AND ("lifted_at" IS NULL OR "lifted_at" >= "placed_at"));
CREATE UNIQUE INDEX "legal_hold_one_standing_per_case" ON "legal_hold" ("case_id") WHERE "lifted_at" IS NULL;

-- A review counts people; a destruction log row counts records, under a named class and action.
ALTER TABLE "access_review" ADD CONSTRAINT "access_review_counts_check" CHECK ("confirmed" >= 0 AND "deactivated" >= 0);
ALTER TABLE "destruction_log" ADD CONSTRAINT "destruction_log_count_check" CHECK ("count" >= 0);
ALTER TABLE "destruction_log" ADD CONSTRAINT "destruction_log_action_check" CHECK ("action" IN ('anonymised', 'deleted'));
ALTER TABLE "destruction_log" ADD CONSTRAINT "destruction_log_class_check" CHECK ("record_class" IN ('contacts', 'discussion_requests', 'meetings', 'disagreements', 'cases', 'audit_events', 'sessions', 'sign_in_attempts', 'sent_mail'));
ALTER TABLE "destruction_log" ADD CONSTRAINT "destruction_log_period_check" CHECK ("period_years" IS NULL OR "period_years" >= 1);

-- The destruction log outlives the records it counts: append-only, like the audit trail.
CREATE FUNCTION "destruction_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'destruction_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "destruction_log_append_only" BEFORE UPDATE OR DELETE ON "destruction_log"
  FOR EACH ROW EXECUTE FUNCTION "destruction_log_append_only"();

-- The audit trail stays append-only, except that the retention job deletes events past their
-- period. The job does so only through concord_delete_expired_audit(), which sets a
-- transaction-local flag the trigger reads; a plain DELETE (or any UPDATE) is still refused.
CREATE OR REPLACE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('concord.retention_job', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- Deletes audit events that happened before `cutoff`, except those about the records named in
-- `kept` (entity ids of held cases' records) and, when `keep_case_records` (the partnership-wide
-- hold), every event about a case record. SECURITY DEFINER, so a deployment that connects as a
-- role without DELETE on audit_event (recommended: REVOKE DELETE ON audit_event FROM that role)
-- still lets the job delete through this one function.
CREATE FUNCTION "concord_delete_expired_audit"("cutoff" TIMESTAMPTZ, "kept" TEXT[], "keep_case_records" BOOLEAN)
RETURNS INTEGER LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  deleted INTEGER;
BEGIN
  PERFORM set_config('concord.retention_job', 'on', true);
  DELETE FROM "audit_event"
  WHERE "occurred_at" < cutoff
    AND ("entity_id" IS NULL OR NOT ("entity_id" = ANY (kept)))
    AND NOT (keep_case_records AND "entity_type" IN ('contact', 'meeting', 'disagreement', 'discussion_request', 'child_case', 'legal_hold'));
  GET DIAGNOSTICS deleted = ROW_COUNT;
  PERFORM set_config('concord.retention_job', 'off', true);
  RETURN deleted;
END;
$$;

-- Anonymising a structured event payload: every string is replaced unless its key names
-- structure (ids, kinds, times, outcomes), recursively. Numbers and booleans (counts, flags) stay.
CREATE FUNCTION "concord_anonymise_json"("value" JSONB, "key" TEXT DEFAULT NULL) RETURNS JSONB
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE jsonb_typeof(value)
    WHEN 'object' THEN (SELECT coalesce(jsonb_object_agg(k, concord_anonymise_json(v, k)), '{}'::jsonb) FROM jsonb_each(value) AS e(k, v))
    WHEN 'array' THEN (SELECT coalesce(jsonb_agg(concord_anonymise_json(v, key) ORDER BY i), '[]'::jsonb) FROM jsonb_array_elements(value) WITH ORDINALITY AS a(v, i))
    WHEN 'string' THEN CASE
      WHEN key IS NOT NULL AND key ~ '(^id$|Id$|Ids$|At$|^at$|^kind$|^type$|^status$|^urgency$|^outcome$|^how$|^side$|^scheduledStart$|^dueBy$|^dueDate$|^when$|^outcomeDate$|^themes$)' THEN value
      ELSE to_jsonb('[anonymised]'::text) END
    ELSE value
  END
$$;

-- Who may place and lift legal holds, and who reviews their agency's access (data, like every
-- other permission): system administrators and council managers hold cases; each agency's
-- managers and administrators confirm who still needs access.
INSERT INTO "permission" ("action", "entity", "access", "description") VALUES
  ('manage', 'hold', 'any',        'Place and lift legal holds on cases, so the retention schedule keeps them'),
  ('review', 'user', 'own_agency', 'Confirm, person by person, who in their agency still needs access (the access review)');

INSERT INTO "role_permission" ("role_id", "permission_id", "agency_kind")
SELECT r.id, p.id, grant_row.kind::"AgencyKind"
FROM (VALUES
  ('system_admin', 'manage:hold:any',        NULL),
  ('manager',      'manage:hold:any',        'CHILDRENS_SOCIAL_CARE'),
  ('manager',      'review:user:own_agency', NULL),
  ('agency_admin', 'review:user:own_agency', NULL)
) AS grant_row (role_name, permission, kind)
JOIN "role" r ON r.name = grant_row.role_name
JOIN "permission" p ON p.action || ':' || p.entity || ':' || p.access = grant_row.permission;
