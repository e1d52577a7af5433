// Prisma CLI configuration. The application itself never reads this file: it connects
// through server/db/connect.ts. DATABASE_URL is only needed by CLI commands that talk
// to a database (e.g. `prisma migrate deploy` on a machine that has Prisma's engine).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/concord" },
});
