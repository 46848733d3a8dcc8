import "server-only";
import { migrateDatabase } from "@cop-pilot/db";
import { createLogger } from "@cop-pilot/logger";
import { env } from "@/env";
import { db } from "./db";
import { esoClient } from "./eso";
import { startOrderProcessor, type RunningProcessor } from "./ordering/processor";

const log = createLogger("startup");

const globalForStartup = globalThis as unknown as { bmpOrderProcessor?: RunningProcessor };

/** Prepares the database and starts the order processor of the BMP. */
export async function startBusinessManagementPortal(): Promise<void> {
  await migrateDatabase("bmp", env().DATABASE_URL);
  log.info("database migrated");

  // Orders accepted before a restart are still due in the database; the first pass picks them up.
  globalForStartup.bmpOrderProcessor ??= startOrderProcessor(db(), {
    eso: esoClient(),
    pollIntervalMs: env().ORDER_POLL_INTERVAL_MS,
    log: createLogger("order-processor"),
  });
  log.info({ esoUrl: env().ESO_URL }, "order processor started against the ESO");
}
