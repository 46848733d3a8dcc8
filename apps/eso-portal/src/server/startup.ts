import "server-only";
import { migrateDatabase } from "@cop-pilot/db";
import { createLogger } from "@cop-pilot/logger";
import { env } from "@/env";
import { db } from "./db";
import { startLoop } from "./loop";
import { startEventDelivery } from "./events";
import { ensureDomainOrchestratorOffering, resumeLocalDomainOrchestrators, runDomainOrchestratorPass } from "./expansion/domain-orchestrators";
import { pollIdentities } from "./expansion/identities";
import { runOrderProcessorPass } from "./ordering/processor";
import { setOrderProcessorWake } from "./ordering/wake";
import { checkAllPeers } from "./peering/availability";

const log = createLogger("startup");

const globalForStartup = globalThis as unknown as { esoStarted?: boolean };

/**
 * Prepares the database and starts the background work of the ESO: the
 * availability check of the peered DOs, the order processor, which picks
 * up every unfinished order left in the database by an earlier run, the poll
 * of the fabric identities, and the deployment of ordered DOs, whose local
 * processes are restarted first.
 */
export async function startServiceOrchestrator(): Promise<void> {
  if (globalForStartup.esoStarted) return;
  globalForStartup.esoStarted = true;

  await migrateDatabase("eso", env().DATABASE_URL);
  log.info("database migrated");

  startEventDelivery();
  startLoop("availability-check", env().AVAILABILITY_CHECK_INTERVAL_MS, () => checkAllPeers(db()), createLogger("availability"), {
    // A first check soon after start, so that the map does not show a state from before a restart for a whole interval.
    initialDelayMs: Math.min(5_000, env().AVAILABILITY_CHECK_INTERVAL_MS),
  });
  await ensureDomainOrchestratorOffering(db(), env().PUBLIC_URL);
  await resumeLocalDomainOrchestrators(db());
  startLoop("fabric-poll", env().FABRIC_POLL_INTERVAL_MS, () => pollIdentities(db()), createLogger("fabric-poll"), { initialDelayMs: 1_000 });
  startLoop("domain-orchestrators", 500, () => runDomainOrchestratorPass(db(), { baseUrl: env().PUBLIC_URL }), createLogger("domain-orchestrators"), { initialDelayMs: 0 });
  const processorOptions = { pollIntervalMs: env().ORDER_POLL_INTERVAL_MS, eventFallbackPollIntervalMs: env().EVENT_FALLBACK_POLL_INTERVAL_MS };
  const processor = startLoop("order-processor", env().ORDER_POLL_INTERVAL_MS, () => runOrderProcessorPass(db(), processorOptions), createLogger("order-processor"), {
    initialDelayMs: 0,
  });
  setOrderProcessorWake(processor.wake);
}
