-- Joint audit (issue 17; docs/decisions/0038): a partner agency's auditor raises a threshold
-- disagreement from a moderated finding about a contact their agency audited, and follows it.
-- A disagreement is raised by a person of the raising agency, so the auditor takes part in
-- disagreements for their own agency: raise, and read those their agency raised or received.
INSERT INTO "role_permission" ("role_id", "permission_id", "agency_kind")
SELECT r.id, p.id, NULL
FROM (VALUES
  ('auditor', 'raise:disagreement:own_agency'),
  ('auditor', 'read:disagreement:party')
) AS grant_row (role_name, permission)
JOIN "role" r ON r.name = grant_row.role_name
JOIN "permission" p ON p.action || ':' || p.entity || ':' || p.access = grant_row.permission;

-- Both grants must exist: a missing permission name would otherwise insert nothing, silently.
DO $$
BEGIN
  IF (SELECT count(*) FROM "role_permission" rp JOIN "role" r ON r.id = rp.role_id JOIN "permission" p ON p.id = rp.permission_id
      WHERE r.name = 'auditor' AND p.entity = 'disagreement' AND p.action || ':' || p.access IN ('raise:own_agency', 'read:party')) <> 2 THEN
    RAISE EXCEPTION 'auditor disagreement grants missing';
  END IF;
END $$;
