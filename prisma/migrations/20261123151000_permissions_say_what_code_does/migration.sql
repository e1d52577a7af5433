-- The permission data says what the code does (decision record 0015).
-- Until now every practitioner and manager held, for example, 'convene:meeting:any', and the
-- code narrowed it to council children's social care with an agency-kind check. Now a role
-- holds a permission either in every agency (agency_kind NULL) or only in agencies of one kind,
-- and the access values name the code's rules:
--   any         every record                      own_agency  records of the actor's agency
--   invited     meetings their agency is invited to
--   party       disagreements their agency raised or received
-- The actor's permissions are the rows whose agency_kind is NULL or their agency's kind.

-- AlterTable
ALTER TABLE "role_permission" ADD COLUMN     "agency_kind" "AgencyKind";

-- The access values that were loose names for narrower rules.
UPDATE "permission" SET "access" = 'invited', "description" = 'See, answer and join the strategy meetings their agency is invited to'
WHERE ("action", "entity", "access") = ('read', 'meeting', 'own_agency');
UPDATE "permission" SET "access" = 'party', "description" = 'See the disagreements their agency raised or received'
WHERE ("action", "entity", "access") = ('read', 'disagreement', 'own_agency');
UPDATE "permission" SET "description" = 'See the contacts their agency made'
WHERE ("action", "entity", "access") = ('read', 'contact', 'own_agency');
UPDATE "permission" SET "description" = 'Record the threshold decision on any contact'
WHERE ("action", "entity", "access") = ('decide', 'threshold', 'any');
UPDATE "permission" SET "description" = 'Sign off threshold decisions and closures made by colleagues'
WHERE ("action", "entity", "access") = ('signoff', 'threshold', 'any');
UPDATE "permission" SET "description" = 'Convene strategy meetings about any case, and chair them'
WHERE ("action", "entity", "access") = ('convene', 'meeting', 'any');
UPDATE "permission" SET "description" = 'Raise disagreements for their agency with the agency that decided, and take part in their agency''s disagreements'
WHERE ("action", "entity", "access") = ('raise', 'disagreement', 'own_agency');

-- What the council's front door does that other agencies do not, and what managers and named
-- leads do that practitioners do not (escalating and resolving after stage 1).
INSERT INTO "permission" ("action", "entity", "access", "description") VALUES
  ('create',  'contact',      'any',   'Record contacts on behalf of any agency (received by phone or email)'),
  ('read',    'contact',      'any',   'See every contact to the front door'),
  ('read',    'meeting',      'any',   'See every strategy meeting'),
  ('respond', 'meeting',      'any',   'Record any invited agency''s answer (given by phone or email)'),
  ('raise',   'disagreement', 'any',   'Raise a disagreement with any agency, naming it (e.g. about a partner''s referral)'),
  ('manage',  'disagreement', 'party', 'Escalate, resolve and withdraw their agency''s disagreements at stages 2 and 3');

-- Held only in council children's social care: the rows the code used to narrow.
UPDATE "role_permission" rp SET "agency_kind" = 'CHILDRENS_SOCIAL_CARE'
FROM "role" r, "permission" p
WHERE rp."role_id" = r.id AND rp."permission_id" = p.id
  AND (r.name, p.action || ':' || p.entity || ':' || p.access) IN (
    ('practitioner', 'decide:threshold:any'),
    ('manager',      'decide:threshold:any'),
    ('manager',      'signoff:threshold:any'),
    ('practitioner', 'convene:meeting:any'),
    ('manager',      'convene:meeting:any')
  );

INSERT INTO "role_permission" ("role_id", "permission_id", "agency_kind")
SELECT r.id, p.id, grant_row.kind::"AgencyKind"
FROM (VALUES
  ('practitioner', 'create:contact:any',      'CHILDRENS_SOCIAL_CARE'),
  ('manager',      'create:contact:any',      'CHILDRENS_SOCIAL_CARE'),
  ('practitioner', 'read:contact:any',        'CHILDRENS_SOCIAL_CARE'),
  ('manager',      'read:contact:any',        'CHILDRENS_SOCIAL_CARE'),
  ('practitioner', 'read:meeting:any',        'CHILDRENS_SOCIAL_CARE'),
  ('manager',      'read:meeting:any',        'CHILDRENS_SOCIAL_CARE'),
  ('practitioner', 'respond:meeting:any',     'CHILDRENS_SOCIAL_CARE'),
  ('manager',      'respond:meeting:any',     'CHILDRENS_SOCIAL_CARE'),
  ('practitioner', 'raise:disagreement:any',  'CHILDRENS_SOCIAL_CARE'),
  ('manager',      'raise:disagreement:any',  'CHILDRENS_SOCIAL_CARE'),
  ('practitioner', 'read:disagreement:any',   'CHILDRENS_SOCIAL_CARE'),
  ('manager',      'read:disagreement:any',   'CHILDRENS_SOCIAL_CARE'),
  ('manager',      'manage:disagreement:party', NULL)
) AS grant_row (role_name, permission, kind)
JOIN "role" r ON r.name = grant_row.role_name
JOIN "permission" p ON p.action || ':' || p.entity || ':' || p.access = grant_row.permission;
