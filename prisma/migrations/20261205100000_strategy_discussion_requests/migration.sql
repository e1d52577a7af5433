-- Partners ask for strategy discussions; the right chair and attendees (issue #12, items 1 and 3;
-- decision record 0020).

-- AlterTable
ALTER TABLE "agency" ADD COLUMN     "provides_care_placements" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "provides_paediatrics" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "strategy_discussion_request" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "requesting_agency_id" UUID NOT NULL,
    "requested_by_id" UUID NOT NULL,
    "backed_by_id" UUID NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "contact_id" UUID,
    "partner_reference" TEXT,
    "child_initials" TEXT,
    "child_year_of_birth" INTEGER,
    "reason" TEXT NOT NULL,
    "urgency" "MeetingUrgency" NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "decided_by_id" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "decline_reason" TEXT,
    "meeting_id" UUID,

    CONSTRAINT "strategy_discussion_request_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "strategy_discussion_request_meeting_id_key" ON "strategy_discussion_request"("meeting_id");

-- CreateIndex
CREATE INDEX "strategy_discussion_request_status_requested_at_idx" ON "strategy_discussion_request"("status", "requested_at");

-- CreateIndex
CREATE INDEX "strategy_discussion_request_requesting_agency_id_requested__idx" ON "strategy_discussion_request"("requesting_agency_id", "requested_at");

-- AddForeignKey
ALTER TABLE "strategy_discussion_request" ADD CONSTRAINT "strategy_discussion_request_requesting_agency_id_fkey" FOREIGN KEY ("requesting_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "strategy_discussion_request" ADD CONSTRAINT "strategy_discussion_request_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "strategy_discussion_request" ADD CONSTRAINT "strategy_discussion_request_backed_by_id_fkey" FOREIGN KEY ("backed_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "strategy_discussion_request" ADD CONSTRAINT "strategy_discussion_request_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "strategy_discussion_request" ADD CONSTRAINT "strategy_discussion_request_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "strategy_discussion_request" ADD CONSTRAINT "strategy_discussion_request_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "strategy_meeting"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- What each status carries: a pending request is undecided; a convened one names its meeting;
-- a declined one gives the reasons (the requester is told them).
ALTER TABLE "strategy_discussion_request"
  ADD CONSTRAINT "strategy_discussion_request_status_check" CHECK ("status" IN ('PENDING', 'CONVENED', 'DECLINED')),
  ADD CONSTRAINT "strategy_discussion_request_child_check" CHECK ("contact_id" IS NOT NULL OR "partner_reference" IS NOT NULL),
  ADD CONSTRAINT "strategy_discussion_request_decided_check" CHECK (("status" = 'PENDING') = ("decided_at" IS NULL) AND ("decided_at" IS NULL) = ("decided_by_id" IS NULL)),
  ADD CONSTRAINT "strategy_discussion_request_meeting_check" CHECK (("status" = 'CONVENED') = ("meeting_id" IS NOT NULL)),
  ADD CONSTRAINT "strategy_discussion_request_decline_reason_check" CHECK (("status" = 'DECLINED') = ("decline_reason" IS NOT NULL AND btrim("decline_reason") <> '')),
  ADD CONSTRAINT "strategy_discussion_request_year_of_birth_check" CHECK ("child_year_of_birth" IS NULL OR "child_year_of_birth" BETWEEN 1990 AND 2100);

-- Who may ask, see and answer. Any practitioner or manager may ask for their own agency (the
-- front door, which decides, does not ask itself: access/requests.ts) and see their agency's
-- requests; the council's front door sees and decides every request.
INSERT INTO "permission" ("action", "entity", "access", "description") VALUES
  ('create', 'request', 'own_agency', 'Ask the council for a strategy discussion, for their agency, backed by its designated lead'),
  ('read',   'request', 'own_agency', 'See the strategy discussion requests their agency made, and the answers'),
  ('read',   'request', 'any',        'See every strategy discussion request'),
  ('decide', 'request', 'any',        'Convene a strategy meeting from a request, or decline it with reasons');

INSERT INTO "role_permission" ("role_id", "permission_id", "agency_kind")
SELECT r.id, p.id, grant_row.kind::"AgencyKind"
FROM (VALUES
  ('practitioner', 'create:request:own_agency', NULL),
  ('manager',      'create:request:own_agency', NULL),
  ('practitioner', 'read:request:own_agency',   NULL),
  ('manager',      'read:request:own_agency',   NULL),
  ('practitioner', 'read:request:any',          'CHILDRENS_SOCIAL_CARE'),
  ('manager',      'read:request:any',          'CHILDRENS_SOCIAL_CARE'),
  ('practitioner', 'decide:request:any',        'CHILDRENS_SOCIAL_CARE'),
  ('manager',      'decide:request:any',        'CHILDRENS_SOCIAL_CARE')
) AS grant_row (role_name, permission, kind)
JOIN "role" r ON r.name = grant_row.role_name
JOIN "permission" p ON p.action || ':' || p.entity || ':' || p.access = grant_row.permission;

-- Who chairs is now a setting (meeting.chairRoles, default: managers) among those who may convene.
UPDATE "permission" SET "description" = 'Convene strategy meetings about any case (the roles that chair them are a setting)'
WHERE ("action", "entity", "access") = ('convene', 'meeting', 'any');
