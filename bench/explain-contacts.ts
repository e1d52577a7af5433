// Prints EXPLAIN ANALYZE of the contacts list's statement (readContactPage) for one person, on a
// database such as the API benchmark's. Run: npx tsx bench/explain-contacts.ts <email> ['{"page":1}']
// with DATABASE_URL pointing at that database (e.g. .../concord_bench_api).
import { openDatabase } from "../server/db/connect";
import { loadActor } from "../server/domain/access/actor";
import { contactPageSql } from "../server/domain/front-door/contacts";

const [email = "pat.obrien@police.example.org", input = "{}"] = process.argv.slice(2);
const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL! });
try {
  const user = await database.db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  const actor = (await loadActor(database.db, user.id))!;
  const sql = contactPageSql(actor, { page: 1, ...JSON.parse(input) });
  const plan = await database.db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN (ANALYZE) ${sql.text}`, ...sql.values);
  console.log(plan.map((r) => r["QUERY PLAN"]).join("\n"));
} finally {
  await database.close();
}
