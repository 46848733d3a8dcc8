import "server-only";
import { createDatabase, esoSchema, type Database } from "@cop-pilot/db";
import { env } from "@/env";

export type EsoDatabase = Database<typeof esoSchema>;

/** The database or a transaction of it: what every data-access function takes first. */
export type EsoDb = Omit<EsoDatabase, "$client">;

// One pool per process; Next.js may evaluate this module more than once.
const globalForDb = globalThis as unknown as { esoDatabase?: EsoDatabase };

export function db(): EsoDatabase {
  globalForDb.esoDatabase ??= createDatabase(env().DATABASE_URL, esoSchema);
  return globalForDb.esoDatabase;
}

export { esoSchema as schema };
