-- Data protection (issue 16, items 2 to 4; docs/decisions/0037): the family's knowledge of and
-- agreement to a contact, with the DfE information-sharing ground when shared without consent;
-- feedback to the referrer; who may export a case for a subject access request; who may read
-- their agency's access log.

-- CreateEnum
CREATE TYPE "NoConsentGround" AS ENUM ('RISK_OF_SIGNIFICANT_HARM', 'PREJUDICE_INVESTIGATION', 'NOT_IN_TIME', 'FAMILY_NOT_CONTACTABLE', 'REFUSED_RISK_OUTWEIGHS');

-- CreateEnum
CREATE TYPE "FeedbackMethod" AS ENUM ('PHONE', 'EMAIL', 'IN_PERSON', 'CONCORD');

-- AlterTable
ALTER TABLE "contact" ADD COLUMN     "family_consents" BOOLEAN,
ADD COLUMN     "family_knows" BOOLEAN,
ADD COLUMN     "no_consent_explanation" TEXT,
ADD COLUMN     "no_consent_ground" "NoConsentGround";

-- CreateTable
CREATE TABLE "referrer_feedback" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "contact_id" UUID NOT NULL,
    "told_name" TEXT NOT NULL,
    "told_at" TIMESTAMPTZ(3) NOT NULL,
    "method" "FeedbackMethod" NOT NULL,
    "recorded_by_id" UUID NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "referrer_feedback_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "referrer_feedback_contact_id_idx" ON "referrer_feedback"("contact_id");

-- AddForeignKey
ALTER TABLE "referrer_feedback" ADD CONSTRAINT "referrer_feedback_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referrer_feedback" ADD CONSTRAINT "referrer_feedback_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A contact either has no consent answers (recorded before they were asked) or both; agreement
-- implies the family knows; shared without consent carries a ground and an explanation, and
-- with consent carries neither; a refusal that the risk outweighs means the family was asked.
ALTER TABLE "contact" ADD CONSTRAINT "contact_consent_answers_check" CHECK (("family_knows" IS NULL) = ("family_consents" IS NULL));
ALTER TABLE "contact" ADD CONSTRAINT "contact_consent_known_check" CHECK (NOT ("family_consents" AND NOT "family_knows"));
ALTER TABLE "contact" ADD CONSTRAINT "contact_no_consent_ground_check" CHECK (
  CASE WHEN "family_consents" IS DISTINCT FROM false
    THEN "no_consent_ground" IS NULL AND "no_consent_explanation" IS NULL
    ELSE "no_consent_ground" IS NOT NULL AND "no_consent_explanation" IS NOT NULL AND length(btrim("no_consent_explanation")) > 0
  END
);
ALTER TABLE "contact" ADD CONSTRAINT "contact_refusal_known_check" CHECK ("no_consent_ground" IS DISTINCT FROM 'REFUSED_RISK_OUTWEIGHS' OR "family_knows");
ALTER TABLE "referrer_feedback" ADD CONSTRAINT "referrer_feedback_told_name_check" CHECK (length(btrim("told_name")) > 0);

-- Permissions (decision record 0015): who exports a case, who reads their agency's access log.
INSERT INTO "permission" ("action", "entity", "access", "description") VALUES
  ('export', 'case',       'any',        'Export everything Concord holds about a case reference, for a subject access request'),
  ('read',   'access_log', 'own_agency', 'See who viewed or changed their agency''s contacts, meetings and disagreements');

INSERT INTO "role_permission" ("role_id", "permission_id", "agency_kind")
SELECT r.id, p.id, grant_row.kind::"AgencyKind"
FROM (VALUES
  ('manager',      'export:case:any',             'CHILDRENS_SOCIAL_CARE'),
  ('system_admin', 'export:case:any',             NULL),
  ('manager',      'read:access_log:own_agency',  NULL),
  ('agency_admin', 'read:access_log:own_agency',  NULL)
) AS grant_row (role_name, permission, kind)
JOIN "role" r ON r.name = grant_row.role_name
JOIN "permission" p ON p.action || ':' || p.entity || ':' || p.access = grant_row.permission;
