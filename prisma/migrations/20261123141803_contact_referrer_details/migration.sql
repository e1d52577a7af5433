-- AlterTable
ALTER TABLE "contact" ADD COLUMN     "child_initials" TEXT,
ADD COLUMN     "child_year_of_birth" INTEGER,
ADD COLUMN     "referrer_reference" TEXT,
ALTER COLUMN "case_id" DROP NOT NULL;

-- A contact names its child by at least one reference: the referrer's own, or the council's
-- case record once the front door links it.
ALTER TABLE "contact" ADD CONSTRAINT "contact_has_reference" CHECK ("case_id" IS NOT NULL OR "referrer_reference" IS NOT NULL);

-- Contacts recorded before this change kept the child's details only on the shared case.
-- A partner's contact keeps the reference it typed as its own reference; the case's initials
-- and year of birth are not copied onto it, since another agency may have given them.
-- The council's contacts take the case's details, which the council gave or holds.
UPDATE "contact" c SET "referrer_reference" = cc."reference"
  FROM "child_case" cc, "app_user" u, "agency" a
  WHERE cc."id" = c."case_id" AND u."id" = c."recorded_by_id" AND a."id" = u."agency_id" AND a."kind" <> 'CHILDRENS_SOCIAL_CARE';
UPDATE "contact" c SET "child_initials" = cc."initials", "child_year_of_birth" = cc."year_of_birth"
  FROM "child_case" cc, "app_user" u, "agency" a
  WHERE cc."id" = c."case_id" AND u."id" = c."recorded_by_id" AND a."id" = u."agency_id" AND a."kind" = 'CHILDRENS_SOCIAL_CARE';
