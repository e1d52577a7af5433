// Fills a database with plausible partnership activity, set-based in SQL (no row-by-row
// JavaScript), deterministic for a given seed. Used for the demo's history (small) and for the
// dashboard benchmark (ten years of a large council: see bench/).
import type { Db } from "./connect";

export interface ActivityScale {
  /** The activity spans this many years back from `until`. */
  years: number;
  meetings: number;
  contacts: number;
  disagreements: number;
  /** Extra schools and health providers, so meetings invite ~7 agencies as in a large council. */
  extraSchools: number;
  extraHealth: number;
  until: Date;
  seed?: number;
}

export const DEMO_HISTORY: Omit<ActivityScale, "until"> = { years: 1, meetings: 120, contacts: 400, disagreements: 24, extraSchools: 0, extraHealth: 0 };
export const LARGE_COUNCIL: Omit<ActivityScale, "until"> = { years: 10, meetings: 60_000, contacts: 150_000, disagreements: 20_000, extraSchools: 80, extraHealth: 6 };

export async function generateActivity(db: Db, scale: ActivityScale): Promise<void> {
  const until = scale.until.toISOString();
  await db.$transaction(
    async (tx) => {
      const run = (sql: string, ...params: unknown[]) => tx.$executeRawUnsafe(sql, ...params);
      await tx.$queryRawUnsafe(`SELECT setseed($1)::text`, scale.seed ?? 0.42);
      await run(`CREATE TEMP TABLE gen_span ON COMMIT DROP AS SELECT $1::timestamptz - make_interval(years => $2) AS start_at, $1::timestamptz AS end_at`, until, scale.years);

      // Agencies of a large council area (names are invented).
      await run(`INSERT INTO agency (name, kind) SELECT 'Generated School ' || g, 'EDUCATION' FROM generate_series(1, $1::int) g ON CONFLICT (name) DO NOTHING`, scale.extraSchools);
      await run(`INSERT INTO agency (name, kind) SELECT 'Generated Health Provider ' || g, 'HEALTH' FROM generate_series(1, $1::int) g ON CONFLICT (name) DO NOTHING`, scale.extraHealth);
      await run(`CREATE TEMP TABLE gen_agency ON COMMIT DROP AS SELECT id, kind, row_number() OVER (PARTITION BY kind ORDER BY name) AS n, count(*) OVER (PARTITION BY kind) AS of_kind FROM agency WHERE kind <> 'PARTNERSHIP'`);
      await run(`CREATE TEMP TABLE gen_council_user ON COMMIT DROP AS SELECT u.id, row_number() OVER (ORDER BY u.email) AS n, count(*) OVER () AS total FROM app_user u JOIN agency a ON a.id = u.agency_id WHERE a.kind = 'CHILDRENS_SOCIAL_CARE'`);
      await run(`CREATE TEMP TABLE gen_partner_user ON COMMIT DROP AS SELECT u.id, u.agency_id FROM app_user u JOIN agency a ON a.id = u.agency_id WHERE a.kind <> 'CHILDRENS_SOCIAL_CARE' AND a.kind <> 'PARTNERSHIP'`);
      // A random row per outer row. `outer` must mention a column of the outer query: an
      // uncorrelated subquery would be run once and give every row the same pick.
      const pick = (kind: string, outer: string) =>
        `(SELECT id FROM gen_agency WHERE kind = '${kind}' ORDER BY n OFFSET floor((random() + 0 * (${outer})) * (SELECT max(of_kind) FROM gen_agency WHERE kind = '${kind}'))::int LIMIT 1)`;
      const council = `(SELECT id FROM gen_agency WHERE kind = 'CHILDRENS_SOCIAL_CARE' ORDER BY n LIMIT 1)`;
      const councilUser = (outer: string) => `(SELECT id FROM gen_council_user ORDER BY n OFFSET floor((random() + 0 * (${outer})) * (SELECT max(total) FROM gen_council_user))::int LIMIT 1)`;

      // Children, known only by generated case references.
      await run(`CREATE TEMP TABLE gen_case ON COMMIT DROP AS SELECT g AS n, ('GEN-' || lpad(g::text, 8, '0')) AS reference FROM generate_series(1, $1::int) g`, Math.max(scale.contacts, scale.meetings));
      await run(`INSERT INTO child_case (reference) SELECT reference FROM gen_case ON CONFLICT (reference) DO NOTHING`);
      await run(`CREATE TEMP TABLE gen_case_id ON COMMIT DROP AS SELECT c.id, g.n FROM gen_case g JOIN child_case c ON c.reference = g.reference`);

      // Contacts: most from schools, police and health; decided within about a day.
      await run(`
        INSERT INTO contact (case_id, referrer_reference, source_agency_id, referrer_name, received_at, channel, concern_category, referrer_level, summary, recorded_by_id, recorded_at, decision_due_at,
          family_knows, family_consents, no_consent_ground, no_consent_explanation)
        SELECT c.id, 'REF/' || lpad(c.n::text, 6, '0'),
          CASE WHEN r < 0.35 THEN ${pick("EDUCATION", "c.r")} WHEN r < 0.65 THEN ${pick("POLICE", "c.r")} WHEN r < 0.9 THEN ${pick("HEALTH", "c.r")} ELSE ${council} END,
          'Generated referrer', t, 'ONLINE',
          (ARRAY['NEGLECT','PHYSICAL_ABUSE','SEXUAL_ABUSE','EMOTIONAL_ABUSE','DOMESTIC_ABUSE','CRIMINAL_EXPLOITATION','MENTAL_HEALTH','OTHER'])[1 + floor(random() * 8)::int]::"ConcernCategory",
          1 + floor(random() * 4)::int, 'Generated contact', ${councilUser("c.r")}, t, t + interval '1 day',
          -- Consent (DfE information sharing advice, 2024): most families know and agree; some
          -- contacts are shared without consent, each with its ground and a short explanation.
          k >= 0.15, k >= 0.25,
          (CASE WHEN k < 0.05 THEN 'RISK_OF_SIGNIFICANT_HARM' WHEN k < 0.09 THEN 'PREJUDICE_INVESTIGATION' WHEN k < 0.12 THEN 'NOT_IN_TIME'
                WHEN k < 0.15 THEN 'FAMILY_NOT_CONTACTABLE' WHEN k < 0.25 THEN 'REFUSED_RISK_OUTWEIGHS' END)::"NoConsentGround",
          CASE WHEN k < 0.05 THEN 'Telling the parent first would put the child at risk: the concern is about the parent.'
               WHEN k < 0.09 THEN 'Police asked that the family is not told while the investigation starts.'
               WHEN k < 0.12 THEN 'Child disclosed at the end of the school day; a decision was needed before home time.'
               WHEN k < 0.15 THEN 'Phoned the parent twice and left a message; no answer.'
               WHEN k < 0.25 THEN 'Parent refused; the concern is serious enough to share without agreement.' END
        FROM (SELECT c.id, c.n, random() AS r, random() AS k, s.start_at + random() * (s.end_at - s.start_at) AS t FROM gen_case_id c CROSS JOIN gen_span s WHERE c.n <= $1::int) c`, scale.contacts);
      await run(`
        WITH decided AS (
          INSERT INTO threshold_decision (contact_id, level_applied, outcome, rationale, closure_reason, decided_by_id, decided_at, signed_off_by_id, signed_off_at)
          SELECT c.id, lvl,
            (CASE WHEN lvl = 4 THEN (ARRAY['STRATEGY_DISCUSSION','CHILD_IN_NEED_ASSESSMENT'])[1 + floor(random() * 2)::int]
                  WHEN lvl = 3 THEN 'STEP_DOWN_EARLY_HELP' WHEN lvl = 2 THEN 'ADVICE_AND_INFORMATION' ELSE 'NO_FURTHER_ACTION' END)::"ThresholdOutcome",
            'Generated rationale', CASE WHEN lvl < 4 THEN 'Generated closure' END,
            c.decider, c.received_at + random() * interval '40 hours', c.signer, c.received_at + interval '2 days'
          FROM (
            -- Four eyes: the signer is another council person (the next one round the list).
            SELECT x.*, (SELECT u.id FROM gen_council_user u WHERE u.n = x.pick % x.total + 1) AS signer
            FROM (
              SELECT ct.id, ct.received_at, d.id AS decider, d.n AS pick, d.total,
                CASE WHEN random() < 0.45 THEN 1 WHEN random() < 0.5 THEN 2 WHEN random() < 0.5 THEN 3 ELSE 4 END AS lvl
              FROM contact ct CROSS JOIN LATERAL (SELECT id, n, total FROM gen_council_user ORDER BY n OFFSET floor((random() + 0 * extract(epoch from ct.received_at)) * (SELECT max(total) FROM gen_council_user))::int LIMIT 1) d
              WHERE ct.summary = 'Generated contact' AND ct.current_decision_id IS NULL
            ) x
          ) c
          WHERE random() < 0.96 AND c.signer <> c.decider
          RETURNING id, contact_id
        )
        UPDATE contact SET current_decision_id = decided.id FROM decided WHERE contact.id = decided.contact_id`);
      // Feedback to the referrer: most told within hours of the decision, a few not yet.
      await run(`
        INSERT INTO referrer_feedback (contact_id, told_name, told_at, method, recorded_by_id, recorded_at)
        SELECT ct.id, ct.referrer_name, d.decided_at + random() * interval '5 hours',
          (ARRAY['PHONE','EMAIL','CONCORD','PHONE'])[1 + floor(random() * 4)::int]::"FeedbackMethod", d.decided_by_id, d.decided_at + interval '6 hours'
        FROM contact ct JOIN threshold_decision d ON d.id = ct.current_decision_id
        WHERE ct.summary = 'Generated contact' AND random() < 0.93`);

      // Meetings: due a working day after the decision, some late, held in working hours (a
      // weekend slot moves to Monday). Past ones were started on time or a few minutes late and
      // ended within the hour or so; the chair drafted and approved the minutes some hours later
      // (about one in seven two days later, so the minutes figure is not 100%). A meeting ended in
      // the last day may still await its minutes.
      await run(`
        INSERT INTO strategy_meeting (case_id, urgency, decision_at, due_by, scheduled_start, location, chair_id, convened_by_id, convened_at, status, summary,
          started_at, ended_at, minutes, minutes_drafted_at, minutes_approved_by_id, minutes_circulated_at, version)
        SELECT c.id, CASE WHEN random() < 0.2 THEN 'URGENT' ELSE 'STANDARD' END::"MeetingUrgency", c.d, c.d + interval '1 day', slot.s,
          'Generated meeting room', c.chair, ${councilUser("c.n")}, c.d,
          CASE WHEN held.ended_at IS NOT NULL THEN 'CLOSED' ELSE 'SCHEDULED' END::"MeetingStatus", 'Generated summary',
          held.started_at, held.ended_at,
          CASE WHEN minuted.at IS NOT NULL THEN 'Generated minutes' END, minuted.at, CASE WHEN minuted.at IS NOT NULL THEN c.chair END, minuted.at, 1
        FROM (SELECT id, n, sp.start_at + random() * (sp.end_at - sp.start_at) AS d, ${councilUser("gen_case_id.n")} AS chair FROM gen_case_id CROSS JOIN gen_span sp WHERE n <= $1::int) c
        CROSS JOIN LATERAL (SELECT date_trunc('day', c.d) + (1 + floor((random() + 0 * c.n) * 3)) * interval '1 day' AS day) pick
        CROSS JOIN LATERAL (
          SELECT pick.day + CASE extract(isodow FROM pick.day) WHEN 6 THEN interval '2 days' WHEN 7 THEN interval '1 day' ELSE interval '0' END
            + interval '9 hours' + floor((random() + 0 * c.n) * 14) * interval '30 minutes' AS s
        ) slot
        CROSS JOIN LATERAL (
          SELECT CASE WHEN slot.s + interval '90 minutes' < sp.end_at THEN slot.s + (random() + 0 * c.n) * interval '10 minutes' END AS started_at,
                 CASE WHEN slot.s + interval '90 minutes' < sp.end_at THEN slot.s + interval '45 minutes' + (random() + 0 * c.n) * interval '40 minutes' END AS ended_at,
                 sp.end_at
          FROM gen_span sp
        ) held
        CROSS JOIN LATERAL (
          SELECT CASE WHEN held.ended_at IS NOT NULL AND m_at < held.end_at THEN m_at END AS at
          FROM (SELECT held.ended_at + interval '2 hours' + (random() + 0 * c.n) * interval '3 hours' + CASE WHEN random() < 0.15 THEN interval '2 days' ELSE interval '0' END AS m_at) x
        ) minuted`, scale.meetings);
      // Each generated meeting is about one child: its lead child.
      await run(`INSERT INTO meeting_child (meeting_id, case_id, position) SELECT id, case_id, 0 FROM strategy_meeting WHERE location = 'Generated meeting room' ON CONFLICT DO NOTHING`);
      await run(`CREATE TEMP TABLE gen_meeting ON COMMIT DROP AS SELECT id, decision_at, scheduled_start, started_at, ended_at, status FROM strategy_meeting WHERE location = 'Generated meeting room'`);
      // Invitations: council, police, two health providers and up to three schools.
      await run(`
        INSERT INTO meeting_invitation (meeting_id, agency_id, required, convening, invited_at)
        SELECT DISTINCT ON (m.id, a.agency_id) m.id, a.agency_id, a.required, a.agency_id = ${council}, m.decision_at
        FROM gen_meeting m
        CROSS JOIN LATERAL (
          SELECT ${council} AS agency_id, true AS required
          UNION ALL SELECT ${pick("POLICE", "extract(epoch from m.decision_at)")}, true
          UNION ALL SELECT ${pick("HEALTH", "extract(epoch from m.decision_at)")}, true
          UNION ALL SELECT ${pick("HEALTH", "extract(epoch from m.scheduled_start)")}, true
          UNION ALL SELECT ${pick("EDUCATION", "extract(epoch from m.decision_at)")}, false
          UNION ALL SELECT ${pick("EDUCATION", "extract(epoch from m.scheduled_start)")}, false
          UNION ALL SELECT ${pick("EDUCATION", "extract(second from m.decision_at)")}, false
        ) a
        WHERE a.agency_id IS NOT NULL
        ON CONFLICT (meeting_id, agency_id) DO NOTHING`);
      // Answers from partners, and attendance from the answers.
      await run(`
        INSERT INTO invitation_response (invitation_id, kind, attendee_name, reason, contribution, responded_by_id, responded_at)
        SELECT i.id, k.kind, CASE WHEN k.kind IN ('ATTENDING', 'DELEGATE') THEN 'Generated attendee' END,
          CASE WHEN k.kind = 'APOLOGIES' THEN 'Generated apologies' END, CASE WHEN k.kind = 'WRITTEN_CONTRIBUTION' THEN 'Generated report' END,
          coalesce((SELECT id FROM gen_partner_user p WHERE p.agency_id = i.agency_id LIMIT 1), (SELECT id FROM gen_council_user LIMIT 1)), i.invited_at + interval '2 hours'
        FROM meeting_invitation i JOIN gen_meeting m ON m.id = i.meeting_id JOIN agency a ON a.id = i.agency_id
        CROSS JOIN LATERAL (SELECT random() + 0 * extract(epoch from i.invited_at) AS r) rr
        CROSS JOIN LATERAL (SELECT (CASE WHEN rr.r < 0.6 THEN 'ATTENDING' WHEN rr.r < 0.75 THEN 'APOLOGIES' WHEN rr.r < 0.85 THEN 'DELEGATE' ELSE 'WRITTEN_CONTRIBUTION' END)::"InvitationResponseKind" AS kind) k
        WHERE a.kind <> 'CHILDRENS_SOCIAL_CARE' AND rr.r < 0.9 + 0 * extract(epoch from m.decision_at)`);
      await run(`
        INSERT INTO meeting_attendance (meeting_id, agency_id, name, joined_at, left_at)
        SELECT i.meeting_id, i.agency_id, 'Generated attendee', m.started_at, m.ended_at
        FROM meeting_invitation i JOIN gen_meeting m ON m.id = i.meeting_id JOIN agency a ON a.id = i.agency_id
        LEFT JOIN LATERAL (SELECT r.kind FROM invitation_response r WHERE r.invitation_id = i.id ORDER BY r.position DESC LIMIT 1) last ON true
        WHERE m.status = 'CLOSED' AND (a.kind = 'CHILDRENS_SOCIAL_CARE' OR (last.kind IN ('ATTENDING', 'DELEGATE') AND random() < 0.92) OR (last.kind IS NULL AND random() < 0.3))`);

      await run(`UPDATE meeting_invitation i SET current_response = (SELECT r.kind FROM invitation_response r WHERE r.invitation_id = i.id ORDER BY r.position DESC LIMIT 1) WHERE i.meeting_id IN (SELECT id FROM gen_meeting)`);
      await run(`UPDATE meeting_invitation i SET attended_at = a.first FROM (SELECT meeting_id, agency_id, min(joined_at) AS first FROM meeting_attendance WHERE meeting_id IN (SELECT id FROM gen_meeting) GROUP BY 1, 2) a WHERE a.meeting_id = i.meeting_id AND a.agency_id = i.agency_id`);

      // Disagreements about decided contacts, climbing the ladder (version 1), most resolved:
      // agreed by both sides, withdrawn by the raiser, or determined by the partnership at stage 4.
      await run(`CREATE TEMP TABLE gen_council_manager ON COMMIT DROP AS SELECT u.id, row_number() OVER (ORDER BY u.email) AS n FROM app_user u JOIN agency a ON a.id = u.agency_id JOIN user_role ur ON ur.user_id = u.id JOIN role r ON r.id = ur.role_id WHERE a.kind = 'CHILDRENS_SOCIAL_CARE' AND r.name = 'manager'`);
      await run(`
        INSERT INTO disagreement (case_id, contact_id, raising_agency_id, receiving_agency_id, raised_by_id, raised_at, subject, sought_outcome, reasons, urgent, ladder_version, stage, start_stage, stage_started_at, stage_due_at, status, outcome, resolution, outcome_statement, resolved_at, resolved_by_id, resolved_by_agency_id, version)
        SELECT c.case_id, c.id, c.source_agency_id, d.council_agency, c.raiser, c.raised_at,
          (ARRAY['LEVEL_APPLIED','OUTCOME','CLOSURE','OTHER'])[1 + floor(random() * 4)::int]::"DisagreementSubject", 'Generated', 'Generated reasons: the agency believes the level of need is higher.', random() < 0.05,
          (SELECT min(version) FROM escalation_ladder), c.stage, 1, c.raised_at + (c.stage - 1) * interval '1 day', c.raised_at + c.stage * interval '1 day',
          CASE WHEN c.resolved THEN 'RESOLVED' ELSE 'OPEN' END::"DisagreementStatus",
          CASE WHEN c.resolved THEN c.outcome::"DisagreementOutcome" END,
          CASE WHEN c.resolved THEN c.how::"DisagreementResolution" END,
          CASE WHEN c.resolved THEN 'Generated outcome' END,
          CASE WHEN c.resolved THEN c.raised_at + (c.stage * 2) * interval '1 day' END,
          CASE c.how WHEN 'AGREED' THEN ${councilUser("extract(epoch from c.raised_at)")} WHEN 'WITHDRAWN' THEN c.raiser WHEN 'PARTNERSHIP_DETERMINED' THEN d.chair END,
          CASE c.how WHEN 'AGREED' THEN d.council_agency WHEN 'WITHDRAWN' THEN c.source_agency_id WHEN 'PARTNERSHIP_DETERMINED' THEN d.partnership END, 1
        FROM (
          SELECT h.*, CASE WHEN NOT h.resolved THEN NULL WHEN h.outcome = 'WITHDRAWN' THEN 'WITHDRAWN' WHEN h.stage = 4 AND h.determined THEN 'PARTNERSHIP_DETERMINED' ELSE 'AGREED' END AS how,
            coalesce((SELECT p.id FROM gen_partner_user p WHERE p.agency_id = h.source_agency_id LIMIT 1), ${councilUser("extract(epoch from h.raised_at)")}) AS raiser
          FROM (
            -- Stage and outcome from a hash of the row: random() here would be tied to the ORDER BY's.
            SELECT ct.id, ct.case_id, ct.source_agency_id, ct.received_at + interval '3 days' AS raised_at,
              CASE WHEN abs(hashtext(ct.id::text || 's')) % 100 < 55 THEN 1 WHEN abs(hashtext(ct.id::text || 's')) % 100 < 75 THEN 2
                   WHEN abs(hashtext(ct.id::text || 's')) % 100 < 90 THEN 3 ELSE 4 END AS stage,
              abs(hashtext(ct.id::text || 'r')) % 100 < 80 AS resolved,
              (ARRAY['UPHELD','CHANGED','PARTLY_CHANGED','WITHDRAWN'])[1 + abs(hashtext(ct.id::text || 'o')) % 4] AS outcome,
              abs(hashtext(ct.id::text || 'd')) % 100 < 60 AS determined
            FROM contact ct JOIN agency a ON a.id = ct.source_agency_id
            WHERE ct.summary = 'Generated contact' AND ct.current_decision_id IS NOT NULL AND a.kind <> 'CHILDRENS_SOCIAL_CARE'
            ORDER BY random() LIMIT $1::int
          ) h
        ) c CROSS JOIN (SELECT ${council} AS council_agency,
          (SELECT id FROM agency WHERE kind = 'PARTNERSHIP' ORDER BY name LIMIT 1) AS partnership,
          (SELECT u.id FROM app_user u JOIN user_role ur ON ur.user_id = u.id JOIN role r ON r.id = ur.role_id WHERE r.name = 'partnership_chair' ORDER BY u.email LIMIT 1) AS chair) d
        WHERE c.how IS DISTINCT FROM 'PARTNERSHIP_DETERMINED' OR d.chair IS NOT NULL`, scale.disagreements);
      await run(`CREATE TEMP TABLE gen_disagreement ON COMMIT DROP AS SELECT g.*, coalesce((SELECT id FROM gen_council_manager ORDER BY n LIMIT 1), (SELECT id FROM gen_council_user ORDER BY n LIMIT 1)) AS council_user FROM disagreement g WHERE g.sought_outcome = 'Generated'`);
      // Before each escalation the council proposed to uphold its decision and the raiser declined.
      await run(`
        INSERT INTO disagreement_proposal (disagreement_id, stage, outcome, statement, proposed_by_id, proposed_by_agency_id, proposed_at, status, answered_by_id, answered_by_agency_id, answered_at, decline_reasons)
        SELECT g.id, s.stage, 'UPHELD', 'Generated proposal: the decision stands', g.council_user, g.receiving_agency_id, g.raised_at + (s.stage - 1) * interval '1 day' + interval '2 hours',
          'DECLINED', g.raised_by_id, g.raising_agency_id, g.raised_at + (s.stage - 1) * interval '1 day' + interval '4 hours', 'Generated reasons for declining'
        FROM gen_disagreement g CROSS JOIN LATERAL generate_series(1, g.stage - 1) AS s(stage)`);
      // An agreed outcome was proposed by the raiser and accepted by the council.
      await run(`
        INSERT INTO disagreement_proposal (disagreement_id, stage, outcome, statement, proposed_by_id, proposed_by_agency_id, proposed_at, status, answered_by_id, answered_by_agency_id, answered_at)
        SELECT g.id, g.stage, g.outcome, g.outcome_statement, g.raised_by_id, g.raising_agency_id, g.resolved_at - interval '2 hours', 'ACCEPTED', g.resolved_by_id, g.resolved_by_agency_id, g.resolved_at
        FROM gen_disagreement g WHERE g.resolution = 'AGREED'`);
      // A changed decision is recorded by a council manager and signed off by another.
      await run(`
        WITH changed AS (
          INSERT INTO threshold_decision (contact_id, level_applied, outcome, rationale, decided_by_id, decided_at, signed_off_by_id, signed_off_at, disagreement_id)
          SELECT g.contact_id, 3, 'CHILD_IN_NEED_ASSESSMENT', 'Generated: changed after a disagreement', m1.id, g.resolved_at + interval '1 hour', m2.id, g.resolved_at + interval '3 hours', g.id
          FROM gen_disagreement g JOIN gen_council_manager m1 ON m1.n = 1 JOIN gen_council_manager m2 ON m2.n = 2
          WHERE g.outcome IN ('CHANGED', 'PARTLY_CHANGED') AND g.subject IN ('LEVEL_APPLIED', 'OUTCOME', 'CLOSURE')
          RETURNING id, contact_id
        )
        UPDATE contact SET current_decision_id = changed.id FROM changed WHERE contact.id = changed.contact_id`);
      // Their timelines, numbered in time order below: raised, each declined proposal and
      // escalation, the outcome (with its proposal), a changed decision, overdue flags, acknowledgements.
      await run(`
        INSERT INTO disagreement_event (disagreement_id, seq, type, stage, body, payload, actor_id, actor_agency_id, occurred_at)
        SELECT e.disagreement_id, 100000 + row_number() OVER (PARTITION BY e.disagreement_id ORDER BY e.occurred_at, e.ord), e.type, e.stage, e.body, e.payload, e.actor_id, e.actor_agency_id, e.occurred_at
        FROM (
          SELECT g.id AS disagreement_id, 1 AS ord, 'raised' AS type, 1 AS stage, g.reasons AS body, NULL::jsonb AS payload, g.raised_by_id AS actor_id, g.raising_agency_id AS actor_agency_id, g.raised_at AS occurred_at FROM gen_disagreement g
          UNION ALL SELECT p.disagreement_id, 2, 'proposed', p.stage, p.statement, jsonb_build_object('proposalId', p.id, 'outcome', p.outcome), p.proposed_by_id, p.proposed_by_agency_id, p.proposed_at
            FROM disagreement_proposal p JOIN gen_disagreement g ON g.id = p.disagreement_id
          UNION ALL SELECT p.disagreement_id, 3, 'declined', p.stage, p.decline_reasons, jsonb_build_object('proposalId', p.id, 'outcome', p.outcome), p.answered_by_id, p.answered_by_agency_id, p.answered_at
            FROM disagreement_proposal p JOIN gen_disagreement g ON g.id = p.disagreement_id WHERE p.status = 'DECLINED'
          UNION ALL SELECT g.id, 4, 'escalated', s.stage, 'Generated escalation', jsonb_build_object('from', s.stage - 1, 'to', s.stage), g.raised_by_id, g.raising_agency_id, g.raised_at + (s.stage - 1) * interval '1 day'
            FROM gen_disagreement g CROSS JOIN LATERAL generate_series(2, g.stage) AS s(stage)
          UNION ALL SELECT g.id, 5, 'resolved', g.stage, g.outcome_statement, jsonb_build_object('how', g.resolution, 'outcome', g.outcome), g.resolved_by_id, g.resolved_by_agency_id, g.resolved_at
            FROM gen_disagreement g WHERE g.status = 'RESOLVED'
          UNION ALL SELECT g.id, 6, 'decision.changed', g.stage, d.rationale, jsonb_build_object('decisionId', d.id), d.decided_by_id, (SELECT agency_id FROM app_user WHERE id = d.decided_by_id), d.decided_at
            FROM gen_disagreement g JOIN threshold_decision d ON d.disagreement_id = g.id
          UNION ALL SELECT g.id, 7, 'stage.overdue', g.stage, NULL, jsonb_build_object('stage', g.stage), NULL, NULL, g.stage_due_at
            FROM gen_disagreement g WHERE abs(hashtext(g.id::text || 'late')) % 100 < 20 AND (g.resolved_at IS NULL OR g.resolved_at > g.stage_due_at)
          UNION ALL SELECT g.id, 8, 'acknowledged', g.stage, NULL, jsonb_build_object('agencyId', side.agency_id), side.user_id, side.agency_id, g.resolved_at + interval '1 day'
            FROM gen_disagreement g CROSS JOIN LATERAL (VALUES (g.raising_agency_id, g.raised_by_id), (g.receiving_agency_id, g.council_user)) AS side(agency_id, user_id)
            WHERE g.status = 'RESOLVED' AND abs(hashtext(g.id::text || side.agency_id::text)) % 100 < 70
        ) e`);
      await run(`UPDATE disagreement_event e SET seq = e.seq - 100000 WHERE e.seq > 100000 AND e.disagreement_id IN (SELECT id FROM gen_disagreement)`);
      await run(`
        INSERT INTO disagreement_acknowledgement (disagreement_id, agency_id, user_id, acknowledged_at)
        SELECT e.disagreement_id, e.actor_agency_id, e.actor_id, e.occurred_at FROM disagreement_event e JOIN gen_disagreement g ON g.id = e.disagreement_id WHERE e.type = 'acknowledged'`);
      await run(`UPDATE disagreement SET version = (SELECT max(seq) FROM disagreement_event e WHERE e.disagreement_id = disagreement.id), overdue_notified_stage = (SELECT max(stage) FROM disagreement_event e WHERE e.disagreement_id = disagreement.id AND e.type = 'stage.overdue') WHERE sought_outcome = 'Generated'`);
      await run(`
        INSERT INTO disagreement_theme (disagreement_id, theme_id)
        SELECT g.id, (SELECT id FROM theme ORDER BY name OFFSET floor((random() + 0 * extract(epoch from g.raised_at)) * (SELECT count(*) FROM theme))::int LIMIT 1)
        FROM disagreement g WHERE g.sought_outcome = 'Generated' AND g.status = 'RESOLVED' AND random() < 0.5
        ON CONFLICT DO NOTHING`);
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
  await db.$executeRawUnsafe("ANALYZE");
}
