import "server-only";
import type { ClusterDriver } from "@cop-pilot/cluster";
import type { Logger } from "@cop-pilot/logger";
import type { Domain } from "@cop-pilot/service-library";
import { tmfApiPaths, type cancelServiceOrderCreate } from "@cop-pilot/tmf-schemas";
import { TmfError, newId, type Db, type Principal, recordAudit } from "@cop-pilot/tmf-server";
import type { z } from "zod";
import { refreshControllerUsage } from "../inventory/controller-resource";
import { markDeploymentRemoved } from "../inventory/deployment-resources";
import { deploymentTargetsOf } from "./customer-facing";
import { deploymentRefOf } from "./deployment";
import { isFinalState, type CancelServiceOrderDocument, type ServiceOrderDocument } from "./documents";
import { changeItemState, changeOrderState, insertHistory, type HistoryEntry } from "./history";
import {
  afterMilliseconds,
  insertCancelServiceOrder,
  listOpenCancelRequests,
  lockServiceOrder,
  saveCancelServiceOrder,
  saveServiceOrder,
} from "./store";

/** Delay before the processor retries removing the deployments of an order being cancelled, in milliseconds. */
export const cancellationRetryDelayMs = 5_000;

/**
 * Deletes the deployment of every item of the order, and marks their TMF639
 * resources with `reason`. Deleting a deployment that does not exist succeeds.
 * When the cluster fails half-way, nothing is marked and the caller retries.
 */
export async function removeDeployments(tx: Db, cluster: ClusterDriver, order: ServiceOrderDocument, domain: Domain, reason: string): Promise<void> {
  // Only add items created deployments for this order; modify and delete items act on deployments of earlier orders.
  const refs = order.serviceOrderItem
    .filter((item) => item.action === "add")
    .flatMap((item) => deploymentTargetsOf(item))
    .map((target) => deploymentRefOf(order, target, domain));
  for (const ref of refs) await cluster.deleteDeployment(ref);

  let marked = false;
  for (const ref of refs) {
    if (await markDeploymentRemoved(tx, domain, ref, reason)) marked = true;
  }
  if (marked) await refreshControllerUsage(tx);
}

/** Marks an order whose deployments are gone as cancelled, and returns the history rows to write. */
export function markCancelled(order: ServiceOrderDocument, message: string): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const item of order.serviceOrderItem) {
    if (isFinalState(item.state)) continue;
    const deployed = item.action === "add" && item.service.supportingResource !== undefined;
    entries.push(changeItemState(order, item, "cancelled", deployed ? "Order item cancelled and its deployment removed" : "Order item cancelled before deployment"));
  }
  order.cancellationDate = new Date().toISOString();
  entries.push(changeOrderState(order, "cancelled", message));
  return entries;
}

/** Completes every open cancellation request of an order, once the order is cancelled. */
export async function completeCancelRequests(tx: Db, order: ServiceOrderDocument): Promise<void> {
  for (const request of await listOpenCancelRequests(tx, order.id)) {
    await saveCancelServiceOrder(tx, { ...request, state: "done", effectiveCancellationDate: order.cancellationDate });
  }
}

export interface CancelServiceOrderInput {
  body: z.infer<typeof cancelServiceOrderCreate>;
  principal: Principal;
  baseUrl: string;
  domain: Domain;
  cluster: ClusterDriver;
  log?: Logger;
}

/**
 * Cancels an order that is not final: removes its deployments and moves it
 * and its items to `cancelled`. When the cluster cannot be reached, the order
 * waits in `pendingCancellation` and the processor finishes the job; the
 * cancellation request stays `inProgress` until then. A final order cannot be
 * cancelled (409).
 */
export async function cancelServiceOrder(database: Db, input: CancelServiceOrderInput): Promise<CancelServiceOrderDocument> {
  const { body, principal, baseUrl, domain, cluster, log } = input;
  return database.transaction(async (tx) => {
    const order = await lockServiceOrder(tx, body.serviceOrder.id);
    if (isFinalState(order.state)) {
      throw new TmfError("conflict", `Service order "${order.id}" is ${order.state}; an order in a final state cannot be cancelled`);
    }
    if (order.state === "pendingCancellation") {
      throw new TmfError("conflict", `Service order "${order.id}" is already being cancelled`);
    }

    const id = newId();
    const request: CancelServiceOrderDocument = {
      ...body,
      id,
      href: `${baseUrl}${tmfApiPaths.serviceOrdering}/cancelServiceOrder/${id}`,
      "@type": body["@type"] ?? "CancelServiceOrder",
      state: "inProgress",
      serviceOrder: { ...body.serviceOrder, id: order.id, href: order.href, "@referredType": "ServiceOrder" },
    };
    const reason = body.cancellationReason ? `: ${body.cancellationReason}` : "";
    order.cancellationReason = body.cancellationReason;
    await recordAudit(tx, principal, { action: "cancel", resourceType: "ServiceOrder", resourceId: order.id, summary: `Requested cancellation ${id} of service order ${order.id}${reason}` });

    try {
      await removeDeployments(tx, cluster, order, domain, `Removed because service order ${order.id} was cancelled by ${principal.name}${reason}`);
    } catch (error) {
      log?.warn({ err: error, serviceOrderId: order.id }, "could not remove the deployments of a cancelled order; the processor retries");
      const entries = order.serviceOrderItem
        .filter((item) => !isFinalState(item.state))
        .map((item) => changeItemState(order, item, "pendingCancellation", "Removing the deployment of this item"));
      entries.push(
        changeOrderState(order, "pendingCancellation", `Cancellation requested by ${principal.name}${reason}; removing deployments`),
      );
      await saveServiceOrder(tx, order, afterMilliseconds(cancellationRetryDelayMs));
      await insertHistory(tx, entries);
      return insertCancelServiceOrder(tx, request);
    }

    const entries = markCancelled(order, `Cancelled by ${principal.name}${reason}`);
    await saveServiceOrder(tx, order, null);
    await insertHistory(tx, entries);
    log?.info({ serviceOrderId: order.id, by: principal.name }, "service order cancelled");
    return insertCancelServiceOrder(tx, { ...request, state: "done", effectiveCancellationDate: order.cancellationDate });
  });
}
