import "server-only";
import { migrateDatabase } from "@cop-pilot/db";
import { createLogger } from "@cop-pilot/logger";
import { env } from "@/env";
import { startEsoHubRegistration } from "./eso-events";
import { startEventDelivery } from "./events";
import { startJobs, startProductOrderJobs } from "./jobs";

const log = createLogger("startup");

const globalForStartup = globalThis as unknown as { bmpStarted?: boolean };

/**
 * Prepares the database and starts the background work of the BMP as jobs
 * in its database: the steps of each product order and the delivery of
 * events. Jobs of orders accepted before a restart are still in the
 * database and run again.
 */
export async function startBusinessManagementPortal(): Promise<void> {
  if (globalForStartup.bmpStarted) return;
  globalForStartup.bmpStarted = true;

  await migrateDatabase("bmp", env().DATABASE_URL);
  log.info("database migrated");

  const queue = await startJobs();
  startProductOrderJobs(queue);
  startEventDelivery(queue);
  startEsoHubRegistration(env().EVENT_HUB_CHECK_INTERVAL_MS);
  log.info({ esoUrl: env().ESO_URL }, "order jobs started against the ESO");
}
