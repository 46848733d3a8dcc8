import "server-only";
import { bmpSchema, createDatabase, type Database } from "@cop-pilot/db";
import { env } from "@/env";

export type BmpDatabase = Database<typeof bmpSchema>;

// One pool per process; Next.js may evaluate this module more than once.
const globalForDb = globalThis as unknown as { bmpDatabase?: BmpDatabase };

export function db(): BmpDatabase {
  globalForDb.bmpDatabase ??= createDatabase(env().DATABASE_URL, bmpSchema);
  return globalForDb.bmpDatabase;
}

export { bmpSchema as schema };
