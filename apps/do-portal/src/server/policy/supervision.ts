import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { ClusterError, type ClusterDriver } from "@cop-pilot/cluster";
import type { Logger } from "@cop-pilot/logger";
import { characteristicVariables, evaluateRules, type PolicyRule, type RuleEvaluation, type Value } from "@cop-pilot/policy";
import { recordAudit, type AuditActor, type Db } from "@cop-pilot/tmf-server";
import { schema } from "../db";
import { saveService, type InventoryService } from "../inventory/services";
import { deploymentOfService } from "../ordering/service-changes";
import { applyCharacteristicActions, orderOfService, serviceCharacteristicsOf } from "./checkpoints";
import { recordFirings } from "./firings";
import { listRulesOfSpecification } from "./rules";

const { policyRule, service: serviceTable } = schema;

export interface SupervisionSummary {
  /** Running services whose supervision rules were evaluated. */
  services: number;
  /** Rules that fired and changed something or sent a notification. */
  firings: number;
  /** Services whose tick failed, such as a cluster that could not be reached. */
  errors: number;
}

export interface Supervisor {
  /** Runs one tick over every running service with supervision rules. A call during a tick returns that tick. */
  runOnce(): Promise<SupervisionSummary>;
  /** Starts ticks every `intervalMs` until `stop`. */
  start(): void;
  stop(): Promise<void>;
}

export interface SupervisorOptions {
  db: Db;
  cluster: ClusterDriver;
  /** Pause between two ticks, in milliseconds. */
  intervalMs: number;
  log: Logger;
}

async function supervisedServices(database: Db): Promise<InventoryService[]> {
  const specifications = database
    .selectDistinct({ id: policyRule.serviceSpecificationId })
    .from(policyRule)
    .where(and(eq(policyRule.checkpoint, "supervision"), eq(policyRule.lifecycleStatus, "Active")));
  const rows = await database
    .select({ document: serviceTable.document })
    .from(serviceTable)
    .where(and(eq(serviceTable.state, "active"), inArray(serviceTable.serviceSpecificationId, specifications)));
  return rows.map((row) => row.document as InventoryService);
}

// Keeps only the firings that change the service, so that a rule whose action is already in effect (scale to
// the current replica count) is not recorded on every tick. A notification, or a rule that cannot be
// evaluated, is recorded once while it lasts: `notified` contains the "rule/service" keys of the last tick.
function effectiveFirings(evaluation: RuleEvaluation<PolicyRule>, service: InventoryService, replicas: number, notified: Set<string>): RuleEvaluation<PolicyRule> {
  const current = characteristicVariables(serviceCharacteristicsOf(service));
  const fired = evaluation.fired.filter(({ rule, action }) => {
    const key = `${rule.id}/${service.id}`;
    switch (action.type) {
      case "scale":
        return action.replicas !== replicas;
      case "setCharacteristic":
        return current[action.name] !== action.value;
      case "notify":
        return !notified.has(key);
      case "reject":
        return false;
    }
  });
  const failed = evaluation.failed.filter(({ rule }) => !notified.has(`${rule.id}/${service.id}`));
  return { fired, failed };
}

/** Author of the audit entries of rule firings that change a service. */
const supervisionActor: AuditActor = { kind: "system", name: "supervision" };

/**
 * Evaluates the supervision rules of one running service and carries out what fired. The variables are the
 * service's characteristics plus `cpu` (percent of the CPU requests, null when unknown), `replicas` and
 * `readyReplicas`. A scale changes the deployment and the replicas characteristic, and setCharacteristic
 * changes the service.
 */
export async function superviseService(
  database: Db,
  cluster: ClusterDriver,
  service: InventoryService,
  notified: Set<string>,
): Promise<number> {
  const ref = deploymentOfService(service);
  const specificationId = service.serviceSpecification?.id;
  if (!ref || !specificationId) return 0;

  const metrics = await cluster.getDeploymentMetrics(ref);
  const rules = await listRulesOfSpecification(database, specificationId, "supervision");
  const variables: Record<string, Value> = {
    ...characteristicVariables(serviceCharacteristicsOf(service)),
    cpu: metrics.cpuUtilizationPercent,
    replicas: metrics.replicas,
    readyReplicas: metrics.readyReplicas,
  };
  const evaluation = evaluateRules(rules, "supervision", variables);
  const effective = effectiveFirings(evaluation, service, metrics.replicas, notified);
  // Forget notifications whose condition is false now, so that they are recorded again once it is true again.
  const holding = new Set(
    [...evaluation.fired.filter(({ action }) => action.type === "notify"), ...evaluation.failed].map(({ rule }) => `${rule.id}/${service.id}`),
  );
  for (const key of [...notified]) {
    if (key.endsWith(`/${service.id}`) && !holding.has(key)) notified.delete(key);
  }
  for (const key of holding) notified.add(key);
  if (effective.fired.length === 0 && effective.failed.length === 0) return 0;

  await database.transaction(async (tx) => {
    for (const { action } of effective.fired) {
      if (action.type === "scale") await cluster.scale(ref, action.replicas);
    }
    await recordFirings(tx, "supervision", effective, { serviceId: service.id, serviceOrderId: orderOfService(service) });
    for (const { rule, action } of effective.fired) {
      // A notification changes nothing; the firings table keeps it.
      if (action.type !== "scale" && action.type !== "setCharacteristic") continue;
      const change = action.type === "scale" ? `scaled to ${action.replicas} replica(s)` : `set ${action.name} to ${JSON.stringify(action.value)}`;
      await recordAudit(tx, supervisionActor, {
        action: "ruleFiring",
        resourceType: "Service",
        resourceId: service.id,
        summary: `Rule "${rule.name}" ${change}`,
        detail: { policyRuleId: rule.id, action },
      });
    }
    const characteristics = applyCharacteristicActions(serviceCharacteristicsOf(service), effective);
    if (JSON.stringify(characteristics) !== JSON.stringify(serviceCharacteristicsOf(service))) {
      await saveService(tx, { ...service, serviceCharacteristic: characteristics });
    }
  });
  return effective.fired.length;
}

/** Creates the supervision loop: a tick per interval over the running services that have supervision rules. */
export function createSupervisor(options: SupervisorOptions): Supervisor {
  const { db, cluster, intervalMs, log } = options;
  const notified = new Set<string>();
  let running: Promise<SupervisionSummary> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;

  async function tick(): Promise<SupervisionSummary> {
    const summary: SupervisionSummary = { services: 0, firings: 0, errors: 0 };
    for (const service of await supervisedServices(db)) {
      summary.services += 1;
      try {
        summary.firings += await superviseService(db, cluster, service, notified);
      } catch (error) {
        summary.errors += 1;
        // A deployment removed outside the DO is reported by the deployment sync, not here.
        const level = error instanceof ClusterError && error.code === "notFound" ? "warn" : "error";
        log[level]({ err: error, serviceId: service.id }, "supervision of a service failed; trying again on the next tick");
      }
    }
    if (summary.firings > 0) log.info(summary, "supervision rules fired");
    return summary;
  }

  function runOnce(): Promise<SupervisionSummary> {
    running ??= tick().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(async () => {
      try {
        await runOnce();
      } catch (error) {
        log.error({ err: error, retryInMs: intervalMs }, "supervision tick failed; trying again on the next tick");
      }
      schedule();
    }, intervalMs);
  }

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
