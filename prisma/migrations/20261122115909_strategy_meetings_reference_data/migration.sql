-- Strategy meetings: the partnership's default timescale and the permissions.

-- Working days from the decision that a strategy discussion is needed to the meeting
-- (local procedures: usually 1, at most 3). Editable in Settings.
INSERT INTO "setting" ("key", "value") VALUES ('meeting.dueWorkingDays', '1');

UPDATE "permission" SET "description" = 'Maintain bank holidays, threshold labels and partnership settings'
WHERE "action" = 'manage' AND "entity" = 'calendar';

-- Council children's social care staff convene meetings and see every meeting (a policy rule on
-- agency kind); other agencies see and answer the meetings they are invited to.
INSERT INTO "permission" ("action", "entity", "access", "description") VALUES
  ('convene',  'meeting', 'any',        'Convene strategy meetings (council staff)'),
  ('read',     'meeting', 'own_agency', 'See strategy meetings their agency is invited to'),
  ('respond',  'meeting', 'own_agency', 'Answer their agency''s meeting invitations and join meetings'),
  ('complete', 'action',  'own_agency', 'Mark their agency''s meeting actions done');

INSERT INTO "role_permission" ("role_id", "permission_id")
SELECT r.id, p.id
FROM "role" r
JOIN "permission" p ON (r.name, p.action || ':' || p.entity || ':' || p.access) IN (
  ('practitioner', 'convene:meeting:any'),
  ('practitioner', 'read:meeting:own_agency'),
  ('practitioner', 'respond:meeting:own_agency'),
  ('practitioner', 'complete:action:own_agency'),
  ('manager',      'convene:meeting:any'),
  ('manager',      'read:meeting:own_agency'),
  ('manager',      'respond:meeting:own_agency'),
  ('manager',      'complete:action:own_agency')
);
