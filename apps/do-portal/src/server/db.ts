import "server-only";
import { createDatabase, doSchema, type Database } from "@cop-pilot/db";
import { env } from "@/env";

export type DoDatabase = Database<typeof doSchema>;

// One pool per process; Next.js may evaluate this module more than once.
const globalForDb = globalThis as unknown as { doDatabase?: DoDatabase };

export function db(): DoDatabase {
  globalForDb.doDatabase ??= createDatabase(env().DATABASE_URL, doSchema);
  return globalForDb.doDatabase;
}

export { doSchema as schema };
