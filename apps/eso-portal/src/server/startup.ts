import "server-only";
import { migrateDatabase } from "@cop-pilot/db";
import { createLogger } from "@cop-pilot/logger";
import { env } from "@/env";
import { db } from "./db";
import { startLoop } from "./loop";
import { startEventDelivery } from "./events";
import { ensureDomainOrchestratorOffering, resumeLocalDomainOrchestrators, runDomainOrchestratorPass } from "./expansion/domain-orchestrators";
import { pollIdentities } from "./expansion/identities";
import { startAvailabilityCheckJob, startJobs, startServiceOrderJobs } from "./jobs";

const log = createLogger("startup");

const globalForStartup = globalThis as unknown as { esoStarted?: boolean };

/**
 * Prepares the database and starts the background work of the ESO. Event
 * delivery, the availability check of the peered DOs and the steps of each
 * service order run as jobs in its database, so that work accepted before a
 * restart runs again. The poll of the fabric identities and the deployment of
 * ordered DOs, whose local processes are restarted first, stay in-process loops.
 */
export async function startServiceOrchestrator(): Promise<void> {
  if (globalForStartup.esoStarted) return;
  globalForStartup.esoStarted = true;

  await migrateDatabase("eso", env().DATABASE_URL);
  log.info("database migrated");

  const queue = await startJobs();
  startEventDelivery(queue);
  startAvailabilityCheckJob(queue);
  await ensureDomainOrchestratorOffering(db(), env().PUBLIC_URL);
  await resumeLocalDomainOrchestrators(db());
  startLoop("fabric-poll", env().FABRIC_POLL_INTERVAL_MS, () => pollIdentities(db()), createLogger("fabric-poll"), { initialDelayMs: 1_000 });
  startLoop("domain-orchestrators", 500, () => runDomainOrchestratorPass(db(), { baseUrl: env().PUBLIC_URL }), createLogger("domain-orchestrators"), { initialDelayMs: 0 });
  await startServiceOrderJobs(queue);
}
