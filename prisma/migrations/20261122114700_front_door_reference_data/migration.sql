-- Reference data for the front door: the continuum-of-need levels (labels editable by a
-- system administrator), England and Wales bank holidays 2024-2028 (editable), and permissions.

INSERT INTO "threshold_level" ("level", "label", "description") VALUES
  (1, 'Universal',                    'Needs met by universal services: schools, GPs, health visitors.'),
  (2, 'Early help',                   'Additional needs met by a single agency or early help offer.'),
  (3, 'Targeted early help',          'Complex needs needing a coordinated multi-agency early help plan.'),
  (4, 'Statutory: section 17 / 47',   'Child in need (section 17) or suspected significant harm (section 47).');

INSERT INTO "bank_holiday" ("date", "name") VALUES
  ('2024-01-01', 'New Year''s Day'), ('2024-03-29', 'Good Friday'), ('2024-04-01', 'Easter Monday'),
  ('2024-05-06', 'Early May bank holiday'), ('2024-05-27', 'Spring bank holiday'), ('2024-08-26', 'Summer bank holiday'),
  ('2024-12-25', 'Christmas Day'), ('2024-12-26', 'Boxing Day'),
  ('2025-01-01', 'New Year''s Day'), ('2025-04-18', 'Good Friday'), ('2025-04-21', 'Easter Monday'),
  ('2025-05-05', 'Early May bank holiday'), ('2025-05-26', 'Spring bank holiday'), ('2025-08-25', 'Summer bank holiday'),
  ('2025-12-25', 'Christmas Day'), ('2025-12-26', 'Boxing Day'),
  ('2026-01-01', 'New Year''s Day'), ('2026-04-03', 'Good Friday'), ('2026-04-06', 'Easter Monday'),
  ('2026-05-04', 'Early May bank holiday'), ('2026-05-25', 'Spring bank holiday'), ('2026-08-31', 'Summer bank holiday'),
  ('2026-12-25', 'Christmas Day'), ('2026-12-28', 'Boxing Day (substitute day)'),
  ('2027-01-01', 'New Year''s Day'), ('2027-03-26', 'Good Friday'), ('2027-03-29', 'Easter Monday'),
  ('2027-05-03', 'Early May bank holiday'), ('2027-05-31', 'Spring bank holiday'), ('2027-08-30', 'Summer bank holiday'),
  ('2027-12-27', 'Christmas Day (substitute day)'), ('2027-12-28', 'Boxing Day (substitute day)'),
  ('2028-01-03', 'New Year''s Day (substitute day)'), ('2028-04-14', 'Good Friday'), ('2028-04-17', 'Easter Monday'),
  ('2028-05-01', 'Early May bank holiday'), ('2028-05-29', 'Spring bank holiday'), ('2028-08-28', 'Summer bank holiday'),
  ('2028-12-25', 'Christmas Day'), ('2028-12-26', 'Boxing Day');

-- Contacts: any practitioner or manager records contacts for their own agency and sees their
-- agency's contacts. Council children's social care staff also record on behalf of other
-- agencies, see every contact, and decide; that agency rule lives in the policy code.
INSERT INTO "permission" ("action", "entity", "access", "description") VALUES
  ('create',  'contact',   'own_agency', 'Record contacts (referrals) about a child'),
  ('read',    'contact',   'own_agency', 'See contacts their agency made or is party to'),
  ('decide',  'threshold', 'any',        'Record the threshold decision on a contact (council staff)'),
  ('signoff', 'threshold', 'any',        'Sign off threshold decisions and closures (council managers)'),
  ('manage',  'calendar',  'any',        'Maintain bank holidays and threshold level labels');

INSERT INTO "role_permission" ("role_id", "permission_id")
SELECT r.id, p.id
FROM "role" r
JOIN "permission" p ON (r.name, p.action || ':' || p.entity || ':' || p.access) IN (
  ('practitioner', 'create:contact:own_agency'),
  ('practitioner', 'read:contact:own_agency'),
  ('practitioner', 'decide:threshold:any'),
  ('manager',      'create:contact:own_agency'),
  ('manager',      'read:contact:own_agency'),
  ('manager',      'decide:threshold:any'),
  ('manager',      'signoff:threshold:any'),
  ('system_admin', 'manage:calendar:any')
);
