-- The escalation ladder (defaults from a common partnership policy; editable in Settings),
-- the themes for learning, and the permissions for the disagreement log.

INSERT INTO "escalation_stage" ("stage", "label", "participants", "working_days") VALUES
  (1, 'Practitioner to practitioner', 'The practitioners involved', 1),
  (2, 'Line managers and named leads', 'Line managers and named or designated leads (police DS, designated nurse, school DSL)', 1),
  (3, 'Service and senior managers', 'Service managers and senior managers of both agencies', 5),
  (4, 'The partnership', 'The partnership chair, business manager or independent scrutineer', 5);

INSERT INTO "theme" ("name") VALUES
  ('Threshold interpretation'), ('Information sharing'), ('Quality of referral'), ('Attendance at strategy meetings'),
  ('Neglect'), ('Domestic abuse'), ('Exploitation'), ('Parental mental health'), ('Closure without enough work');

-- Practitioners and managers raise disagreements for their agency and see their agency's;
-- the stage rules (who may escalate or resolve at which stage) live in the policy code.
-- The partnership chair sees every disagreement, resolves stage 4, and tags themes.
INSERT INTO "permission" ("action", "entity", "access", "description") VALUES
  ('raise',   'disagreement', 'own_agency', 'Raise and take part in disagreements for their agency'),
  ('read',    'disagreement', 'own_agency', 'See disagreements their agency raised or received'),
  ('read',    'disagreement', 'any',        'See every disagreement in the partnership'),
  ('resolve', 'disagreement', 'any',        'Resolve disagreements escalated to the partnership (stage 4)'),
  ('tag',     'disagreement', 'any',        'Tag resolved disagreements with themes');

INSERT INTO "role_permission" ("role_id", "permission_id")
SELECT r.id, p.id
FROM "role" r
JOIN "permission" p ON (r.name, p.action || ':' || p.entity || ':' || p.access) IN (
  ('practitioner',      'raise:disagreement:own_agency'),
  ('practitioner',      'read:disagreement:own_agency'),
  ('manager',           'raise:disagreement:own_agency'),
  ('manager',           'read:disagreement:own_agency'),
  ('partnership_chair', 'read:disagreement:any'),
  ('partnership_chair', 'resolve:disagreement:any'),
  ('partnership_chair', 'tag:disagreement:any')
);
