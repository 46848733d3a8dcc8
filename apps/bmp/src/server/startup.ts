import "server-only";
import { migrateDatabase } from "@cop-pilot/db";
import { createLogger } from "@cop-pilot/logger";
import { env } from "@/env";
import { db } from "./db";
import { esoClient } from "./eso";
import { isRegisteredAtEsoHub, startEsoHubRegistration } from "./eso-events";
import { startEventDelivery } from "./events";
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
    orderPollIntervalMs: () => (isRegisteredAtEsoHub() ? env().EVENT_FALLBACK_POLL_INTERVAL_MS : env().ORDER_POLL_INTERVAL_MS),
    log: createLogger("order-processor"),
  });
  startEventDelivery();
  startEsoHubRegistration(env().EVENT_HUB_CHECK_INTERVAL_MS, globalForStartup.bmpOrderProcessor.wake);
  log.info({ esoUrl: env().ESO_URL }, "order processor started against the ESO");
}
