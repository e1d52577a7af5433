-- Roles and permissions are reference data that the code's policy relies on, so they are
-- seeded by migration (present in every environment, production included), not by the demo seed.
-- access: 'own_agency' = only records of the actor's own agency; 'any' = every agency.

INSERT INTO "role" ("name", "label", "description") VALUES
  ('practitioner',      'Practitioner',          'Front-line practitioner: records contacts, joins strategy meetings, raises disagreements.'),
  ('manager',           'Manager',               'Team manager or named/designated lead: signs off decisions, answers escalations, sees own agency figures.'),
  ('agency_admin',      'Agency administrator',  'Invites and deactivates the people of their own agency.'),
  ('partnership_chair', 'Partnership chair',     'Partnership chair, business manager or scrutineer: sees every agency''s figures, takes stage-4 escalations.'),
  ('system_admin',      'System administrator',  'Runs Concord: manages every agency''s accounts and reads the audit trail.');

INSERT INTO "permission" ("action", "entity", "access", "description") VALUES
  ('read',       'agency',  'any',        'See the list of agencies in the partnership'),
  ('read',       'user',    'own_agency', 'See the people of their own agency'),
  ('read',       'user',    'any',        'See the people of every agency'),
  ('invite',     'user',    'own_agency', 'Invite people into their own agency'),
  ('invite',     'user',    'any',        'Invite people into any agency'),
  ('deactivate', 'user',    'own_agency', 'Deactivate people of their own agency'),
  ('deactivate', 'user',    'any',        'Deactivate people of any agency'),
  ('read',       'audit',   'any',        'Read and filter the audit trail'),
  ('read',       'figures', 'own_agency', 'See their own agency''s figures and partnership totals'),
  ('read',       'figures', 'any',        'See every agency''s figures');

INSERT INTO "role_permission" ("role_id", "permission_id")
SELECT r.id, p.id
FROM "role" r
JOIN "permission" p ON (r.name, p.action || ':' || p.entity || ':' || p.access) IN (
  ('practitioner',      'read:agency:any'),
  ('manager',           'read:agency:any'),
  ('manager',           'read:user:own_agency'),
  ('manager',           'read:figures:own_agency'),
  ('agency_admin',      'read:agency:any'),
  ('agency_admin',      'read:user:own_agency'),
  ('agency_admin',      'invite:user:own_agency'),
  ('agency_admin',      'deactivate:user:own_agency'),
  ('partnership_chair', 'read:agency:any'),
  ('partnership_chair', 'read:figures:any'),
  ('system_admin',      'read:agency:any'),
  ('system_admin',      'read:user:any'),
  ('system_admin',      'invite:user:any'),
  ('system_admin',      'deactivate:user:any'),
  ('system_admin',      'read:audit:any')
);
