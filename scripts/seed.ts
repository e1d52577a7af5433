// `npm run db:seed`: seed the demo partnership into the database in DATABASE_URL (or the
// embedded one) if it has no agencies yet.
import { openDatabase } from "../server/db/connect";
import { loadConfig } from "../server/config";
import { seedDemoData } from "../prisma/seed";

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.CONCORD_DATA_DIR });
try {
  console.log((await seedDemoData(database.db)) ? "Seeded the demo partnership." : "The database already has agencies; nothing seeded.");
} finally {
  await database.close();
}
