// The navigation's task count is read by count queries alone (homeTaskCounts), not by building
// every home section on each page load. It must still say exactly what the home page lists: for
// every demo person, on a year of generated activity, each section's count equals the count (and,
// for a short list, the number of items) the home page shows.
import { describe, expect, it } from "vitest";
import { useHarness } from "../support/harness";
import { DEMO_USERS } from "../../prisma/seed";
import { generateActivity, DEMO_HISTORY } from "../../server/db/generate-activity";
import { homeTaskCount, homeTaskCounts, homeTasks } from "../../server/domain/home/tasks";
import { HOME_SECTIONS } from "../../server/domain/access/home";

const h = useHarness();

/** The generated year leaves some sections empty today; give each some work. */
async function workInEverySection() {
  const now = h.clock.now();
  // Decisions awaiting sign-off, and actions overdue or due this week (with and without an agency's own).
  await h.db.$executeRaw`UPDATE threshold_decision SET signed_off_at = NULL, signed_off_by_id = NULL WHERE id IN (SELECT current_decision_id FROM contact WHERE current_decision_id IS NOT NULL ORDER BY received_at DESC LIMIT 3)`;
  // Actions (the generator writes none): for each agency, some overdue, some due this week, some later.
  await h.db.$executeRaw`INSERT INTO meeting_action (meeting_id, description, owning_agency_id, owner_name, due_date, created_by_id, created_at)
    SELECT m.id, 'Visit the family home and see the child alone', a.id, 'Duty officer', (${now}::timestamptz + (d * interval '1 day'))::date, m.chair_id, ${now}
    FROM agency a CROSS JOIN generate_series(-6, 12, 3) d CROSS JOIN LATERAL (SELECT id, chair_id FROM strategy_meeting ORDER BY scheduled_start DESC LIMIT 1) m`;
  // Learning actions (decision 0039) for each agency: overdue, due within four weeks, later.
  await h.db.$executeRaw`INSERT INTO learning_action (title, description, owning_agency_id, due_on, created_by_id, created_at, theme_id)
    SELECT 'Brief staff on closures', 'Every closure says who monitors.', a.id, (${now}::timestamptz + (d * interval '1 day'))::date,
      (SELECT id FROM app_user WHERE email = 'jo.bennett@partnership.example.org'), ${now}, (SELECT id FROM theme ORDER BY name LIMIT 1)
    FROM agency a CROSS JOIN generate_series(-10, 40, 10) d`;
  // Meetings whose minutes never went out.
  await h.db.$executeRaw`UPDATE strategy_meeting SET minutes_circulated_at = NULL WHERE id IN (SELECT id FROM strategy_meeting WHERE ended_at IS NOT NULL ORDER BY ended_at DESC LIMIT 3)`;
  // Invitations to answer: a partner's invitation to a meeting still to come (or started within
  // two hours, as the home page counts it), not yet answered.
  await h.db.$executeRaw`UPDATE meeting_invitation i SET current_response = NULL, attended_at = NULL FROM strategy_meeting m, agency a
    WHERE m.id = i.meeting_id AND a.id = i.agency_id AND m.status = 'SCHEDULED' AND m.scheduled_start > ${now}::timestamptz - interval '2 hours' AND NOT i.convening`;
  // One of them decided by a manager, who may not sign off their own decision.
  await h.db.$executeRaw`UPDATE threshold_decision SET decided_by_id = (SELECT id FROM app_user WHERE email = 'maria.jones@council.example.org')
    WHERE id = (SELECT current_decision_id FROM contact WHERE current_decision_id IS NOT NULL ORDER BY received_at DESC LIMIT 1)`;
  // Accounts nobody has used for months, but for one who signed in a month ago.
  await h.db.$executeRaw`UPDATE app_user SET created_at = ${now}::timestamptz - interval '200 days'`;
  await h.db.$executeRaw`INSERT INTO audit_event (occurred_at, actor_user_id, action, entity_type) SELECT ${now}::timestamptz - interval '30 days', id, 'auth.login', 'session' FROM app_user WHERE email = 'priya.shah@police.example.org'`;
  // Decisions the front door has not yet told the referrer about: two of Sam's, with no feedback.
  await h.db.$executeRaw`UPDATE threshold_decision SET decided_by_id = (SELECT id FROM app_user WHERE email = 'sam.patel@council.example.org')
    WHERE id IN (SELECT current_decision_id FROM contact WHERE current_decision_id IS NOT NULL ORDER BY received_at DESC OFFSET 1 LIMIT 2)`;
  await h.db.$executeRaw`DELETE FROM referrer_feedback WHERE contact_id IN (SELECT id FROM contact WHERE current_decision_id IS NOT NULL ORDER BY received_at DESC OFFSET 1 LIMIT 2)`;
  // Every agency's last access review was half a year ago.
  await h.db.$executeRaw`UPDATE access_review SET reviewed_at = ${now}::timestamptz - interval '200 days'`;
  // Joint audit rounds: one waiting for the police's grades, one ready for moderation.
  await h.db.$executeRaw`INSERT INTO audit_round (title, period_start, period_end, sample_rule, created_by_id, created_at, state, moderation_started_at)
    SELECT t.title, DATE '2026-10-01', DATE '2026-10-31', 'NO_FURTHER_ACTION', u.id, ${now}::timestamptz, t.state::"AuditRoundState", CASE WHEN t.state = 'MODERATION' THEN ${now}::timestamptz END
    FROM (VALUES ('October closures', 'GRADING'), ('September closures', 'MODERATION')) AS t (title, state)
    CROSS JOIN (SELECT id FROM app_user WHERE email = 'jo.bennett@partnership.example.org') AS u`;
  await h.db.$executeRaw`INSERT INTO audit_round_agency (round_id, agency_id) SELECT r.id, a.id FROM audit_round r CROSS JOIN agency a WHERE a.name = 'Northshire Police'`;
  // Invitations: one that needs nobody's approval, and ones that need a second administrator's.
  for (const email of ["priya.shah@police.example.org", "alex.kerr@council.example.org"]) {
    const admin = await h.caller(email);
    for (const roles of [["practitioner"], ["manager"], ["agency_admin"]] as const) {
      await admin.caller.users.invite({ email: `new.${roles[0]}.${email}`, displayName: `New ${roles[0]}`, roles: [...roles] });
    }
  }
}

describe("the navigation's task count", () => {
  it("equals the home page's sections for every demo person, section by section", async () => {
    await generateActivity(h.db, { ...DEMO_HISTORY, until: h.clock.now() });
    await workInEverySection();
    const { services } = h.services();
    const seen = new Set<string>();
    for (const { email } of DEMO_USERS) {
      const actor = await h.actor(email);
      const page = await homeTasks(services, actor);
      const counts = await homeTaskCounts(services, actor);
      // The same sections, each with the same count.
      expect(Object.keys(counts), email).toEqual(page.sections.map((s) => s.key));
      for (const section of page.sections) {
        expect(counts[section.key], `${email}: ${section.key}`).toBe(section.count);
        // A section lists its first 8 items: a shorter list is the whole of its count.
        if (section.count <= 8) expect(section.items.length, `${email}: ${section.key} items`).toBe(section.count);
        if (section.count > 0) seen.add(section.key);
      }
      expect(await homeTaskCount(services, actor), email).toBe(page.total);
    }
    // Every section has work for someone, so every count is compared with something.
    expect([...seen].sort()).toEqual([...HOME_SECTIONS].sort());
  });

  it("follows a change at once: a contact recorded by the police adds one for the front door", async () => {
    const { services } = h.services();
    const sam = await h.actor("sam.patel@council.example.org");
    const before = await homeTaskCounts(services, sam);
    const police = await h.caller("pat.obrien@police.example.org");
    await police.caller.contacts.record({
      referrerReference: "PPU/2026/77001",
      initials: "JB",
      yearOfBirth: 2016,
      receivedAt: new Date("2026-11-23T08:30:00Z"),
      concernCategory: "NEGLECT",
      referrerLevel: 3,
      summary: "Child seen at home alone late at night by officers attending a neighbour's call.",
      familyKnows: true,
      familyConsents: true,
    });
    const after = await homeTaskCounts(services, sam);
    expect(after.contactsAwaitingDecision).toBe((before.contactsAwaitingDecision ?? 0) + 1);
    expect(await homeTaskCount(services, sam)).toBe((await homeTasks(services, sam)).total);
  });
});
