import "server-only";
import { lt } from "drizzle-orm";
import type { ClusterDriver, ClusterUsage } from "@cop-pilot/cluster";
import type { Logger } from "@cop-pilot/logger";
import type { Db } from "@cop-pilot/tmf-server";
import { schema } from "../db";
import type { InventoryService } from "../inventory/services";
import { deploymentOfService } from "../ordering/service-changes";
import { evaluateSlas } from "./sla";

const { nodeUsageSample, deploymentUsageSample, service } = schema;

interface ServiceOfDeployment {
  serviceId: string;
  serviceSpecificationId: string | null;
}

/** Maps "namespace/name" of each deployment to the TMF638 service it supports. */
async function servicesByDeployment(database: Db): Promise<Map<string, ServiceOfDeployment>> {
  const rows = await database
    .select({ id: service.id, serviceSpecificationId: service.serviceSpecificationId, document: service.document })
    .from(service);
  const byDeployment = new Map<string, ServiceOfDeployment>();
  for (const row of rows) {
    const ref = deploymentOfService(row.document as InventoryService);
    if (ref !== undefined) byDeployment.set(`${ref.namespace}/${ref.name}`, { serviceId: row.id, serviceSpecificationId: row.serviceSpecificationId });
  }
  return byDeployment;
}

/** Stores one usage reading of the cluster as node and deployment samples, in one transaction. */
export async function storeUsage(database: Db, usage: ClusterUsage): Promise<{ nodes: number; deployments: number }> {
  const sampledAt = new Date(usage.sampledAt);
  const services = await servicesByDeployment(database);
  await database.transaction(async (tx) => {
    if (usage.nodes.length > 0) {
      await tx.insert(nodeUsageSample).values(
        usage.nodes.map(({ name, ...use }) => ({ sampledAt, node: name, ...use })),
      );
    }
    if (usage.deployments.length > 0) {
      await tx.insert(deploymentUsageSample).values(
        usage.deployments.map((deployment) => {
          const owner = services.get(`${deployment.namespace}/${deployment.name}`);
          return {
            sampledAt,
            namespace: deployment.namespace,
            deploymentName: deployment.name,
            serviceId: owner?.serviceId ?? null,
            serviceSpecificationId: owner?.serviceSpecificationId ?? null,
            replicas: deployment.replicas,
            readyReplicas: deployment.readyReplicas,
            cpuMillicores: deployment.cpuMillicores,
            memoryBytes: deployment.memoryBytes,
            healthy: deployment.healthy,
            probeLatencyMs: deployment.probeLatencyMs,
          };
        }),
      );
    }
  });
  return { nodes: usage.nodes.length, deployments: usage.deployments.length };
}

/** Deletes samples older than the retention period; breaches stay, because they are the SLA's record. */
export async function pruneSamples(database: Db, now: Date, retentionHours: number): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionHours * 3_600_000);
  const nodes = await database.delete(nodeUsageSample).where(lt(nodeUsageSample.sampledAt, cutoff)).returning({ id: nodeUsageSample.id });
  const deployments = await database
    .delete(deploymentUsageSample)
    .where(lt(deploymentUsageSample.sampledAt, cutoff))
    .returning({ id: deploymentUsageSample.id });
  return nodes.length + deployments.length;
}

export interface TelemetryPassSummary {
  nodes: number;
  deployments: number;
  pruned: number;
  breachesStarted: number;
  breachesEnded: number;
}

/** Samples the cluster once, stores the samples, prunes old ones and checks the SLAs. */
export async function collectTelemetry(database: Db, cluster: ClusterDriver, retentionHours: number): Promise<TelemetryPassSummary> {
  const usage = await cluster.usage();
  const stored = await storeUsage(database, usage);
  const now = new Date(usage.sampledAt);
  const pruned = await pruneSamples(database, now, retentionHours);
  const breaches = await evaluateSlas(database, now);
  return { ...stored, pruned, breachesStarted: breaches.started, breachesEnded: breaches.ended };
}

export interface TelemetryCollector {
  runOnce(): Promise<TelemetryPassSummary>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Creates the loop that collects telemetry every `intervalMs`. A pass never overlaps the previous one,
 * and a failed pass is logged and the next one runs as scheduled.
 */
export function createTelemetryCollector(options: {
  db: Db;
  cluster: ClusterDriver;
  intervalMs: number;
  retentionHours: number;
  log: Logger;
}): TelemetryCollector {
  const { db: database, cluster, intervalMs, retentionHours, log } = options;
  let running: Promise<TelemetryPassSummary> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = true;
  let failedPasses = 0;

  function runOnce(): Promise<TelemetryPassSummary> {
    running ??= collectTelemetry(database, cluster, retentionHours).finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(async () => {
      try {
        const summary = await runOnce();
        if (summary.breachesStarted > 0 || summary.breachesEnded > 0) log.info(summary, "SLA breaches changed");
        failedPasses = 0;
      } catch (error) {
        failedPasses += 1;
        // Log the 1st, 2nd, 4th, 8th … failure in a row, so that an unreachable cluster does not flood the log.
        if ((failedPasses & (failedPasses - 1)) === 0) {
          log.error({ err: error, failedPasses }, "telemetry pass failed; the next pass runs as scheduled");
        }
      }
      schedule();
    }, intervalMs);
  }

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      log.info({ intervalMs, retentionHours }, "telemetry collector started");
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
      log.info("telemetry collector stopped");
    },
  };
}

