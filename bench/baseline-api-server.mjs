// The API benchmark's baseline: a bare Node HTTP server running the same SQL as Concord's
// contacts.list (the agency-scoped list and its audit row) through pg, with nothing else.
import { createServer } from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const LIST = `
  SELECT c.id, c.received_at, c.recorded_at, c.decision_due_at, c.channel, c.concern_category, c.referrer_level, c.referrer_name, c.summary,
         c.source_agency_id, a.name AS source_agency_name, k.reference, k.initials, k.year_of_birth, u.display_name AS recorded_by,
         d.id AS decision_id, d.level_applied, d.outcome, d.rationale, d.closure_reason, d.decided_at, d.signed_off_at
  FROM contact c JOIN agency a ON a.id = c.source_agency_id JOIN child_case k ON k.id = c.case_id JOIN app_user u ON u.id = c.recorded_by_id
  LEFT JOIN threshold_decision d ON d.id = c.current_decision_id
  WHERE c.source_agency_id = $1 ORDER BY c.received_at DESC LIMIT 100`;

createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  const agencyId = url.searchParams.get("agencyId");
  const userId = url.searchParams.get("userId");
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query(LIST, [agencyId]);
    await client.query(`INSERT INTO audit_event (actor_user_id, actor_agency_id, action, entity_type, detail) VALUES ($1, $2, 'contact.list', 'contact', $3)`, [userId, agencyId, JSON.stringify({ contactIds: rows.map((r) => r.id) })]);
    await client.query("COMMIT");
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ result: { data: rows } }));
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    res.writeHead(500).end(String(error));
  } finally {
    client.release();
  }
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
