import "server-only";
import { migrateDatabase } from "@cop-pilot/db";
import { createLogger } from "@cop-pilot/logger";
import { env } from "@/env";
import { cluster, clusterKind } from "./cluster";
import { prepareDataOnlyDomain, startDataManagement } from "./data/startup";
import { db } from "./db";
import { currentDomain, libraryDomainId } from "./domain";
import { startEventDelivery } from "./events";
import { createTelemetryCollector, type TelemetryCollector } from "./operations/telemetry";
import { createOrderProcessor, type OrderProcessor } from "./ordering/processor";
import { createSupervisor, type Supervisor } from "./policy/supervision";
import { ensureDomainOwnerOrganization } from "./seed/party";
import { refreshClusterResources, seedResourceCatalog } from "./seed/resources";
import { seedServiceCatalog } from "./seed/service-catalog";
import { startJobs, startOrderProcessorJob } from "./jobs";

const log = createLogger("startup");

const globalForStartup = globalThis as unknown as {
  doOrderProcessor?: OrderProcessor;
  doSupervisor?: Supervisor;
  doTelemetryCollector?: TelemetryCollector;
};

/**
 * Prepares the database and starts the background work of this DO. It applies
 * migrations, publishes the domain's service library when the catalogue is
 * empty and records the cluster as TMF resources, unless DOMAIN_COMPUTE is
 * disabled. Then it starts the order processor and the event delivery as
 * recurring jobs in its database, which resume the orders that were in
 * progress at the last stop. In a domain with compute it starts the
 * supervision ticks of lifecycle rules and the telemetry collector, then the
 * Data Management when enabled.
 */
export async function startDomainOrchestrator(): Promise<void> {
  const config = env();
  const domain = currentDomain();
  await migrateDatabase("do", config.DATABASE_URL);
  log.info({ domain: domain.id }, "database migrated");

  const owner = await ensureDomainOwnerOrganization(db(), domain, config.PUBLIC_URL);
  // A driver that cannot be built (an unreadable kubeconfig) stops the start here.
  const driver = cluster();
  if (config.DOMAIN_COMPUTE === "enabled") {
    const seeded = await seedServiceCatalog(db(), domain, config.PUBLIC_URL, owner, libraryDomainId());
    if (seeded) log.info({ domain: domain.id, ...seeded }, "service library published in the empty service catalogue");
    // Deployments become resources of this catalogue, even while the cluster cannot be described.
    await seedResourceCatalog(db(), domain, config.PUBLIC_URL, owner);

    try {
      const refreshed = await refreshClusterResources(db(), driver, domain, config.PUBLIC_URL, owner);
      log.info({ domain: domain.id, clusterKind: clusterKind(), ...refreshed }, "cluster resources refreshed");
    } catch (error) {
      // The DO still serves its catalogue and accepts orders; deployments wait for the cluster.
      log.error({ err: error, domain: domain.id, clusterKind: clusterKind() }, "could not describe the cluster; resources keep their last known state");
    }
  } else {
    await prepareDataOnlyDomain(domain);
  }

  const queue = await startJobs();
  startEventDelivery(queue);
  if (!globalForStartup.doOrderProcessor) {
    globalForStartup.doOrderProcessor = createOrderProcessor({
      db: db(),
      cluster: driver,
      domain,
      baseUrl: config.PUBLIC_URL,
      pollIntervalMs: config.ORDER_POLL_INTERVAL_MS,
      log: createLogger("order-processor"),
    });
    startOrderProcessorJob(queue, globalForStartup.doOrderProcessor);
  }
  if (config.DOMAIN_COMPUTE === "enabled" && !globalForStartup.doSupervisor) {
    globalForStartup.doSupervisor = createSupervisor({ db: db(), cluster: driver, intervalMs: config.SUPERVISION_INTERVAL_MS, log: createLogger("supervision") });
    globalForStartup.doSupervisor.start();
  }
  if (config.DOMAIN_COMPUTE === "enabled" && !globalForStartup.doTelemetryCollector) {
    globalForStartup.doTelemetryCollector = createTelemetryCollector({
      db: db(),
      cluster: driver,
      intervalMs: config.TELEMETRY_INTERVAL_MS,
      retentionHours: config.TELEMETRY_RETENTION_HOURS,
      log: createLogger("telemetry"),
    });
    globalForStartup.doTelemetryCollector.start();
  }
  startDataManagement();
}
