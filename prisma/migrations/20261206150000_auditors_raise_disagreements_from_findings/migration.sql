-- Joint audit (issue 17; docs/decisions/0038): a partner agency's auditor raises a threshold
-- disagreement from a moderated finding about a contact their agency graded, and follows it.
-- A disagreement is raised by a person of the raising agency, so the auditor raises it for their
-- agency; but an auditor is not one of their agency's disagreement practitioners: they raise only
-- about decisions their agency graded, with the agency that decided, and see only the
-- disagreements their agency raised from audit findings. A new access value says so ('audited'),
-- rather than 'own_agency'/'party', which would have made the council's auditor a participant in
-- every disagreement the council receives.
INSERT INTO "permission" ("action", "entity", "access", "description") VALUES
  ('raise', 'disagreement', 'audited', 'Raise a threshold disagreement about a decision their agency graded in a joint audit round, with the agency that decided, and take part in it'),
  ('read',  'disagreement', 'audited', 'See the disagreements their agency raised from joint audit findings');

INSERT INTO "role_permission" ("role_id", "permission_id", "agency_kind")
SELECT r.id, p.id, NULL
FROM (VALUES
  ('auditor', 'raise:disagreement:audited'),
  ('auditor', 'read:disagreement:audited')
) AS grant_row (role_name, permission)
JOIN "role" r ON r.name = grant_row.role_name
JOIN "permission" p ON p.action || ':' || p.entity || ':' || p.access = grant_row.permission;

-- Both grants must exist: a misspelt permission would otherwise insert nothing, silently.
DO $$
BEGIN
  IF (SELECT count(*) FROM "role_permission" rp JOIN "role" r ON r.id = rp.role_id JOIN "permission" p ON p.id = rp.permission_id
      WHERE r.name = 'auditor' AND p.entity = 'disagreement' AND p.access = 'audited') <> 2 THEN
    RAISE EXCEPTION 'auditor disagreement grants missing';
  END IF;
END $$;
