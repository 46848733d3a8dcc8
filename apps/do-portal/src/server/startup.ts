import "server-only";
import { migrateDatabase } from "@cop-pilot/db";
import { createLogger } from "@cop-pilot/logger";
import { env } from "@/env";

const log = createLogger("startup");

/** Prepares the database and starts the background work of this DO. */
export async function startDomainOrchestrator(): Promise<void> {
  await migrateDatabase("do", env().DATABASE_URL);
  log.info({ domain: env().DOMAIN_ID }, "database migrated");
}
