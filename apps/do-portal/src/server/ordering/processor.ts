import "server-only";
import { ClusterError, type ClusterDriver, type DeploymentStatus } from "@cop-pilot/cluster";
import { continueTrace, type Logger } from "@cop-pilot/logger";
import type { Domain } from "@cop-pilot/service-library";
import { findDocument, type Db } from "@cop-pilot/tmf-server";
import { refreshControllerUsage } from "../inventory/controller-resource";
import { imageOfCharacteristics, markDeploymentRemoved, recordDeployment, syncDeploymentResources } from "../inventory/deployment-resources";
import { claimExpiredService, createServiceForItem, saveService, type InventoryService } from "../inventory/services";
import { applyActivationRules, applyItemRules } from "../policy/checkpoints";
import { completeCancelRequests, markCancelled, removeDeployments } from "./cancel";
import { combineStatuses, deploymentTargetsOf, partsOf } from "./customer-facing";
import { deploymentRefFromResource, deploymentRefOf, deploymentRequestOf, deploymentResourceRef } from "./deployment";
import { schema } from "../db";
import { isFinalState, itemRef, type CharacteristicValue, type EntityRefDocument, type ServiceOrderDocument, type ServiceOrderErrorMessage, type ServiceOrderItemDocument } from "./documents";
import { changeItemState, changeOrderState, insertHistory, type HistoryEntry } from "./history";
import { changedDeploymentRequest, deploymentOfService, mergeCharacteristics, replicasOnlyChange } from "./service-changes";
import { afterMilliseconds, claimDueServiceOrder, rescheduleServiceOrder, saveServiceOrder, type NextAttempt } from "./store";

export interface OrderProcessorOptions {
  db: Db;
  cluster: ClusterDriver;
  domain: Domain;
  /** Public base URL of this DO, for the `href` of the services it creates. */
  baseUrl: string;
  /** Pause between passes, and between two status checks of a rollout, in milliseconds. */
  pollIntervalMs: number;
  /** Maximum wait before retrying an order whose last attempt failed, in milliseconds. */
  maxRetryDelayMs?: number;
  /** Maximum number of orders one pass handles, so that expired services get their turn. */
  maxOrdersPerPass?: number;
  /** Pause between two reads of the status of every live deployment, in milliseconds. The first pass always reads them. */
  deploymentSyncIntervalMs?: number;
  log: Logger;
}

export interface PassSummary {
  /** Orders the pass advanced or tried to advance. */
  orders: number;
  /** Orders whose attempt failed and will be retried. */
  errors: number;
  /** Services terminated because their orderDuration ended. */
  terminatedServices: number;
  /** Deployment resources whose status the pass updated from the cluster, outside of order processing. */
  syncedDeployments: number;
}

export interface OrderProcessor {
  /** Runs one pass over the orders and services that have work due. A call during a pass returns that pass. */
  runOnce(): Promise<PassSummary>;
  /** Starts passes every `pollIntervalMs` until `stop`. */
  start(): void;
  stop(): Promise<void>;
}

interface ItemProgress {
  item: ServiceOrderItemDocument;
  status: DeploymentStatus;
}

// A cluster that rejects the request will reject it again, so the item fails at once.
function isRejectedRequest(error: unknown): error is ClusterError {
  return error instanceof ClusterError && error.code === "invalidRequest";
}

function errorMessageOf(order: ServiceOrderDocument, item: ServiceOrderItemDocument, message: string): ServiceOrderErrorMessage {
  return {
    code: "deploymentFailed",
    reason: "Deployment failed",
    message,
    timestamp: new Date().toISOString(),
    serviceOrderItem: [itemRef(order, item)],
    "@type": "ServiceOrderErrorMessage",
  };
}

/**
 * Creates the processor that carries orders from `acknowledged` to a final
 * state: it deploys each item into the cluster, waits for the deployments to
 * become available, then records the services in the inventory. All progress
 * lives in the database and the cluster, so a new processor resumes where a
 * stopped one left off.
 */
export function createOrderProcessor(options: OrderProcessorOptions): OrderProcessor {
  const { db, cluster, domain, baseUrl, pollIntervalMs, log } = options;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
  const maxOrdersPerPass = options.maxOrdersPerPass ?? 20;
  const deploymentSyncIntervalMs = options.deploymentSyncIntervalMs ?? 30_000;
  const scope = { domain, baseUrl };
  let nextDeploymentSyncAt = 0;
  // Consecutive failed attempts per order, for the retry back-off; a restart begins again at one.
  const failedAttempts = new Map<string, number>();
  // Services whose termination failed, with the time before which they are not tried again.
  const serviceRetryAt = new Map<string, number>();
  let failedPasses = 0;

  let running: Promise<PassSummary> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;

  /** Records the deployment of an item as a TMF639 resource and refers the item's service to it. */
  async function recordItemDeployment(tx: Db, order: ServiceOrderDocument, item: ServiceOrderItemDocument, status: DeploymentStatus): Promise<void> {
    const recorded = await recordDeployment(tx, scope, {
      ref: deploymentRefOf(order, item, domain),
      image: imageOfCharacteristics(item.service.serviceCharacteristic ?? []),
      status,
      serviceOrderId: order.id,
      serviceOrderItemId: item.id,
    });
    item.service.supportingResource = [recorded.ref];
  }

  /** Deploys an add item once, then reads its rollout. A CFS item deploys one target per RFS part, so it is as far as its slowest part. */
  async function deployAndCheck(tx: Db, order: ServiceOrderDocument, item: ServiceOrderItemDocument, entries: HistoryEntry[]): Promise<DeploymentStatus> {
    const statuses: DeploymentStatus[] = [];
    for (const target of deploymentTargetsOf(item)) statuses.push(await deployTargetAndCheck(tx, order, item, target, entries));
    return statuses.length === 1 ? statuses[0]! : combineStatuses(statuses);
  }

  /** Deploys one target of an item (the item itself or one of its parts) unless its deployment exists; history goes to the item. */
  async function deployTargetAndCheck(
    tx: Db,
    order: ServiceOrderDocument,
    item: ServiceOrderItemDocument,
    target: ServiceOrderItemDocument,
    entries: HistoryEntry[],
  ): Promise<DeploymentStatus> {
    const ref = deploymentRefOf(order, target, domain);
    const current = await cluster.getDeploymentStatus(ref);
    if (current.phase !== "notFound") {
      await recordItemDeployment(tx, order, target, current);
      return current;
    }

    const alreadyDeployed = target.service.supportingResource !== undefined;
    if (!alreadyDeployed) {
      const rejection = await applyItemRules(tx, order, target);
      if (rejection) return failedStatus(`Rejected by a policy rule: ${rejection}`);
    }
    if (alreadyDeployed) log.warn({ serviceOrderId: order.id, itemId: target.id, ...ref }, "deployment of an order item disappeared; deploying it again");
    try {
      await cluster.deploy(deploymentRequestOf(order, target, domain));
    } catch (error) {
      if (!isRejectedRequest(error)) throw error;
      return { phase: "failed", replicas: 0, readyReplicas: 0, message: `The cluster rejected the deployment: ${error.message}` };
    }
    const status = await cluster.getDeploymentStatus(ref);
    await recordItemDeployment(tx, order, target, status);
    if (!alreadyDeployed) {
      const part = target === item ? "" : ` for part "${target.service.name}"`;
      entries.push(changeItemState(order, item, "inProgress", `Deployment ${ref.namespace}/${ref.name}${part} created in cluster ${domain.computeCluster}`));
    }
    return status;
  }

  function failedStatus(message: string): DeploymentStatus {
    return { phase: "failed", replicas: 0, readyReplicas: 0, message };
  }

  /**
   * Rolls the changes of a modify item out to the service's deployment once (a scale when only replicas
   * change, so the pods keep running), then reads the rollout's progress.
   */
  async function modifyAndCheck(tx: Db, order: ServiceOrderDocument, item: ServiceOrderItemDocument, entries: HistoryEntry[]): Promise<DeploymentStatus> {
    const service = await findDocument<InventoryService>(tx, schema.service, item.service.id ?? "");
    const ref = service ? deploymentOfService(service) : undefined;
    if (!service || service.state !== "active" || !ref) return failedStatus(`Service ${item.service.id} is no longer active or has no deployment`);

    if (item.service.supportingResource === undefined) {
      const rejection = await applyItemRules(tx, order, item);
      if (rejection) return failedStatus(`Rejected by a policy rule: ${rejection}`);
      const changes = item.service.serviceCharacteristic ?? [];
      const replicas = replicasOnlyChange(changes);
      try {
        if (replicas === undefined) await cluster.deploy(changedDeploymentRequest(service, changes, domain, ref));
        else await cluster.scale(ref, replicas);
      } catch (error) {
        if (error instanceof ClusterError && error.code === "notFound") return failedStatus(`Deployment ${ref.namespace}/${ref.name} disappeared from cluster ${domain.computeCluster}`);
        if (!isRejectedRequest(error)) throw error;
        return failedStatus(`The cluster rejected the changed deployment: ${error.message}`);
      }
      item.service.supportingResource = service.supportingResource;
      const described = changes.map((change) => `${change.name}=${JSON.stringify(change.value)}`).join(", ");
      entries.push(changeItemState(order, item, "inProgress", `Deployment ${ref.namespace}/${ref.name} updated with ${described}`));
    }
    const status = await cluster.getDeploymentStatus(ref);
    if (status.phase === "notFound") return failedStatus(`Deployment ${ref.namespace}/${ref.name} disappeared from cluster ${domain.computeCluster}`);
    return status;
  }

  /** Records a rolled-out modification: the service takes the new characteristics and names the order that changed it. */
  async function completeModification(tx: Db, order: ServiceOrderDocument, item: ServiceOrderItemDocument, status: DeploymentStatus, entries: HistoryEntry[]): Promise<void> {
    const service = await findDocument<InventoryService>(tx, schema.service, item.service.id ?? "");
    if (!service) throw new Error(`Service ${item.service.id} disappeared while order ${order.id} modified it`);
    const characteristics = mergeCharacteristics((service.serviceCharacteristic as CharacteristicValue[] | undefined) ?? [], item.service.serviceCharacteristic ?? []);
    const origin = (service.serviceOrderItem as { serviceOrderId?: string; itemId?: string }[] | undefined) ?? [];
    const ref = deploymentOfService(service)!;
    await recordDeployment(tx, scope, {
      ref,
      image: imageOfCharacteristics(characteristics),
      status,
      serviceOrderId: origin[0]?.serviceOrderId,
      serviceOrderItemId: origin[0]?.itemId,
    });
    await saveService(tx, {
      ...service,
      serviceCharacteristic: characteristics,
      serviceOrderItem: [...origin, { serviceOrderId: order.id, serviceOrderHref: order.href, itemId: item.id, itemAction: item.action, "@referredType": "ServiceOrderItem" }],
    });
    item.service = { ...item.service, state: "active" };
    entries.push(changeItemState(order, item, "completed", `Deployment ${ref.namespace}/${ref.name} rolled out (${status.readyReplicas} of ${status.replicas} replicas ready); service ${service.id} is changed`));
  }

  /** Carries out a delete item at once: removes the service's deployments and terminates the service. */
  async function deleteItemService(tx: Db, order: ServiceOrderDocument, item: ServiceOrderItemDocument, entries: HistoryEntry[]): Promise<void> {
    const service = await findDocument<InventoryService>(tx, schema.service, item.service.id ?? "");
    if (!service) {
      const message = `Service ${item.service.id} no longer exists in this DO's inventory`;
      const error = errorMessageOf(order, item, message);
      item.errorMessage = [...(item.errorMessage ?? []), error];
      order.errorMessage = [...(order.errorMessage ?? []), error];
      entries.push(changeItemState(order, item, "failed", message));
      return;
    }
    if (service.state !== "terminated") {
      await terminate(tx, service, {
        removalReason: `Removed because service order ${order.id} deleted service ${service.id}`,
        note: `Terminated by service order ${order.id}`,
        endDate: new Date().toISOString(),
      });
    }
    item.service = { ...item.service, state: "terminated" };
    entries.push(changeItemState(order, item, "completed", `Service ${service.id} is terminated and its deployment removed from cluster ${domain.computeCluster}`));
  }

  function start(order: ServiceOrderDocument, entries: HistoryEntry[]): void {
    order.startDate = new Date().toISOString();
    for (const item of order.serviceOrderItem) item.state = "inProgress";
    const counts = (["add", "modify", "delete"] as const)
      .map((action) => [action, order.serviceOrderItem.filter((item) => item.action === action).length] as const)
      .filter(([, itemCount]) => itemCount > 0)
      .map(([action, itemCount]) => `${itemCount} ${action}`);
    entries.push(changeOrderState(order, "inProgress", `Carrying out ${counts.join(", ")} item(s) in cluster ${domain.computeCluster}`));
  }

  async function complete(tx: Db, order: ServiceOrderDocument, progress: ItemProgress[], entries: HistoryEntry[]): Promise<void> {
    const startDate = new Date();
    for (const { item, status } of progress) {
      if (item.action === "modify") {
        await completeModification(tx, order, item, status, entries);
        continue;
      }
      if (partsOf(item).length > 0) {
        await completeCustomerFacingItem(tx, order, item, startDate, status, entries);
        continue;
      }
      const ref = deploymentRefOf(order, item, domain);
      const created = await applyActivationRules(tx, cluster, await createServiceForItem(tx, { order, item, deployments: [deploymentResourceRef(ref, baseUrl)], startDate, baseUrl }), ref);
      item.service = { ...item.service, id: created.id, href: created.href, state: "active" };
      entries.push(changeItemState(order, item, "completed", `Deployment ${ref.namespace}/${ref.name} is available (${status.readyReplicas} of ${status.replicas} replicas ready); service ${created.id} is active`));
    }
    order.completionDate = new Date().toISOString();
    entries.push(changeOrderState(order, "completed", "Every item is carried out"));
  }

  /** Records the RFS services of a CFS item's parts, then the CFS service that they support. */
  async function completeCustomerFacingItem(tx: Db, order: ServiceOrderDocument, item: ServiceOrderItemDocument, startDate: Date, status: DeploymentStatus, entries: HistoryEntry[]): Promise<void> {
    const deployments = [];
    for (const target of deploymentTargetsOf(item)) {
      const deployment = deploymentResourceRef(deploymentRefOf(order, target, domain), baseUrl);
      deployments.push(deployment);
      await createServiceForItem(tx, { order, item: target, deployments: [deployment], startDate, baseUrl, id: target.service.id });
      target.service.state = "active";
    }
    const supportingService = partsOf(item).map(({ id, href, name }) => ({ id, href, name, "@referredType": "Service" }));
    const created = await createServiceForItem(tx, { order, item, deployments, supportingService, startDate, baseUrl });
    item.service = { ...item.service, id: created.id, href: created.href, state: "active" };
    entries.push(changeItemState(order, item, "completed", `All ${deployments.length} parts are available (${status.readyReplicas} of ${status.replicas} replicas ready); service ${created.id} is active`));
  }

  async function fail(tx: Db, order: ServiceOrderDocument, progress: ItemProgress[], entries: HistoryEntry[]): Promise<void> {
    const reasons: string[] = [];
    order.errorMessage ??= [];
    for (const { item, status } of progress) {
      if (status.phase === "failed") {
        const message = `Deployment of ${itemLabel(item)} failed: ${status.message ?? "no reason given by the cluster"}`;
        const error = errorMessageOf(order, item, message);
        item.errorMessage = [...(item.errorMessage ?? []), error];
        order.errorMessage.push(error);
        reasons.push(message);
        entries.push(changeItemState(order, item, "failed", message));
      } else if (item.action === "modify") {
        // NOTE: a change that rolled out stays applied; the DO does not roll the deployment back.
        entries.push(changeItemState(order, item, "cancelled", "Cancelled because another item of the order failed; the deployment keeps the changed configuration"));
      } else {
        entries.push(changeItemState(order, item, "cancelled", "Cancelled and removed because another item of the order failed"));
      }
    }
    const summary = reasons.join("; ");
    // A failed order leaves nothing running: the failed deployments go too, and their reason stays in errorMessage.
    await removeDeployments(tx, cluster, order, domain, `Removed because service order ${order.id} failed: ${summary}`);
    order.note = [...(order.note ?? []), { author: `DO ${domain.id}`, date: new Date().toISOString(), text: summary }];
    order.completionDate = new Date().toISOString();
    entries.push(changeOrderState(order, "failed", summary));
  }

  /** Advances one order as far as it can go now; returns when the processor should look at it again. */
  async function advance(tx: Db, order: ServiceOrderDocument, entries: HistoryEntry[]): Promise<NextAttempt> {
    if (order.state === "pendingCancellation") {
      await removeDeployments(tx, cluster, order, domain, `Removed because service order ${order.id} was cancelled`);
      entries.push(...markCancelled(order, "Cancelled; every deployment of the order is removed"));
      await completeCancelRequests(tx, order);
      return null;
    }
    if (order.state === "acknowledged") start(order, entries);
    if (order.state !== "inProgress") {
      log.warn({ serviceOrderId: order.id, state: order.state }, "order in a state the processor does not handle; leaving it");
      return null;
    }

    const progress: ItemProgress[] = [];
    for (const item of order.serviceOrderItem) {
      if (isFinalState(item.state)) continue;
      if (item.action === "delete") {
        await deleteItemService(tx, order, item, entries);
        continue;
      }
      const status = item.action === "modify" ? await modifyAndCheck(tx, order, item, entries) : await deployAndCheck(tx, order, item, entries);
      progress.push({ item, status });
    }
    if (progress.some(({ status }) => status.phase === "failed")) {
      await fail(tx, order, progress, entries);
      return null;
    }
    await refreshControllerUsage(tx);
    if (progress.every(({ status }) => status.phase === "available")) {
      await complete(tx, order, progress, entries);
      return null;
    }
    return afterMilliseconds(pollIntervalMs);
  }

  function retryDelay(orderId: string): number {
    const attempts = (failedAttempts.get(orderId) ?? 0) + 1;
    failedAttempts.set(orderId, attempts);
    return Math.min(maxRetryDelayMs, pollIntervalMs * 2 ** Math.min(attempts, 16));
  }

  /** Claims and advances one due order; returns false when none is due. */
  async function processNextOrder(handled: string[], summary: PassSummary): Promise<boolean> {
    return db.transaction(async (tx) => {
      const claimed = await claimDueServiceOrder(tx, handled);
      if (!claimed) return false;
      const { order, traceparent } = claimed;
      handled.push(order.id);
      summary.orders += 1;
      await continueTrace(traceparent, async () => {
        try {
          // A savepoint, so that a failed attempt undoes its own writes but the retry time still commits.
          await tx.transaction(async (savepoint) => {
            const entries: HistoryEntry[] = [];
            const previousState = order.state;
            const next = await advance(savepoint, order, entries);
            await saveServiceOrder(savepoint, order, next);
            await insertHistory(savepoint, entries);
            if (order.state !== previousState) log.info({ serviceOrderId: order.id, from: previousState, to: order.state }, "service order state changed");
          });
          failedAttempts.delete(order.id);
        } catch (error) {
          summary.errors += 1;
          const delay = retryDelay(order.id);
          log.error({ err: error, serviceOrderId: order.id, state: order.state, retryInMs: delay }, "could not advance a service order; retrying later");
          await rescheduleServiceOrder(tx, order.id, afterMilliseconds(delay));
        }
      });
      return true;
    });
  }

  /** Removes the deployment of one service whose orderDuration has ended; returns false when none has. */
  async function terminateNextExpiredService(handled: string[], summary: PassSummary): Promise<boolean> {
    const now = Date.now();
    const waiting = [...serviceRetryAt].filter(([, retryAt]) => retryAt > now).map(([id]) => id);
    return db.transaction(async (tx) => {
      const service = await claimExpiredService(tx, [...handled, ...waiting]);
      if (!service) return false;
      handled.push(service.id);
      try {
        await tx.transaction((savepoint) =>
          terminate(savepoint, service, {
            removalReason: `Removed because service ${service.id} reached the end of its orderDuration (${service.endDate})`,
            note: `Terminated at the end of its orderDuration (${service.endDate})`,
          }),
        );
        log.info({ serviceId: service.id, endDate: service.endDate }, "service terminated at the end of its orderDuration");
        serviceRetryAt.delete(service.id);
        summary.terminatedServices += 1;
      } catch (error) {
        const delay = maxRetryDelayMs;
        serviceRetryAt.set(service.id, Date.now() + delay);
        log.error({ err: error, serviceId: service.id, retryInMs: delay }, "could not terminate an expired service; retrying later");
      }
      return true;
    });
  }

  /** Removes a service's deployments and marks the service terminated, with `note` saying why. */
  async function terminate(tx: Db, service: InventoryService, reason: { removalReason: string; note: string; endDate?: string }): Promise<void> {
    const refs = (service.supportingResource ?? []).map(deploymentRefFromResource).filter((ref) => ref !== undefined);
    for (const ref of refs) await cluster.deleteDeployment(ref);
    for (const ref of refs) await markDeploymentRemoved(tx, domain, ref, reason.removalReason);
    await refreshControllerUsage(tx);
    const note = { author: `DO ${domain.id}`, date: new Date().toISOString(), text: reason.note };
    await saveService(tx, {
      ...service,
      state: "terminated",
      isServiceEnabled: false,
      ...(reason.endDate ? { endDate: reason.endDate } : {}),
      note: [...((service.note as unknown[] | undefined) ?? []), note],
    });
    // The parts of a customer-facing service share its deployments, which are gone now, so they end with it.
    for (const ref of (service.supportingService as EntityRefDocument[] | undefined) ?? []) {
      const part = await findDocument<InventoryService>(tx, schema.service, ref.id);
      if (part && part.state !== "terminated") await terminate(tx, part, reason);
    }
  }

  /** Reads the status of the live deployments once the sync interval has passed. After a failure it waits for the next interval. */
  async function syncDeploymentsWhenDue(summary: PassSummary): Promise<void> {
    if (Date.now() < nextDeploymentSyncAt) return;
    nextDeploymentSyncAt = Date.now() + deploymentSyncIntervalMs;
    try {
      const sync = await syncDeploymentResources(db, cluster, scope, log);
      summary.syncedDeployments = sync.changed;
      if (sync.changed > 0) log.info({ domain: domain.id, ...sync }, "deployment resources updated from the cluster");
    } catch (error) {
      log.error({ err: error, retryInMs: deploymentSyncIntervalMs }, "could not synchronize the deployment resources; retrying later");
    }
  }

  async function pass(): Promise<PassSummary> {
    const summary: PassSummary = { orders: 0, errors: 0, terminatedServices: 0, syncedDeployments: 0 };
    const handledOrders: string[] = [];
    while (handledOrders.length < maxOrdersPerPass && (await processNextOrder(handledOrders, summary))) {
      // Each call advances one order in its own transaction.
    }
    const handledServices: string[] = [];
    while (handledServices.length < maxOrdersPerPass && (await terminateNextExpiredService(handledServices, summary))) {
      // Each call terminates one service in its own transaction.
    }
    await syncDeploymentsWhenDue(summary);
    return summary;
  }

  function runOnce(): Promise<PassSummary> {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(async () => {
      try {
        await runOnce();
        failedPasses = 0;
      } catch (error) {
        failedPasses += 1;
        // Log the 1st, 2nd, 4th, 8th … failure in a row, so that a database outage does not flood the log.
        if ((failedPasses & (failedPasses - 1)) === 0) {
          log.error({ err: error, failedPasses }, "order processor pass failed; the next pass runs as scheduled");
        }
      }
      schedule();
    }, pollIntervalMs);
  }

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      log.info({ pollIntervalMs, domain: domain.id }, "order processor started");
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
      log.info({ domain: domain.id }, "order processor stopped");
    },
  };
}

function itemLabel(item: ServiceOrderItemDocument): string {
  return `item "${item.id}" (${item.service.name ?? "unnamed service"})`;
}
