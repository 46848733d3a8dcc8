import { and, desc, eq, sql } from "drizzle-orm";
import { createLogger } from "@cop-pilot/logger";
import { TmfClientError } from "@cop-pilot/tmf-client";
import { tmfApiPaths, type cancelServiceOrderCreate } from "@cop-pilot/tmf-schemas";
import { insertDocument, newId, notFound, replaceDocument, TmfError, type Principal } from "@cop-pilot/tmf-server";
import type { z } from "zod";
import { schema, type EsoDb } from "../db";
import { describePeerFailure } from "../peering/peer-client";
import { assertOrderVisible } from "./access";
import { loadDelegationPeer, retryDelay, type DelegationRow, type ProcessorOptions } from "./delegations";
import { recordHistory } from "./history";
import { addDelegationReference, addNote } from "./mirror";
import { cancelRemoteOrder, createRemoteOrder } from "./remote-orders";
import { deriveOrderState, isFinalItemState, isFinalOrderState } from "./states";
import type { ServiceOrderDocument } from "./types";

const log = createLogger("order-cancellation");

export type CancelServiceOrderInput = z.infer<typeof cancelServiceOrderCreate>;

/**
 * Accepts a TMF641 cancelServiceOrder. The order moves to
 * pendingCancellation. The order processor forwards the cancellation to each
 * DO that carries part of it and then marks the order cancelled.
 */
export async function requestCancellation(db: EsoDb, input: CancelServiceOrderInput, options: { principal: Principal; baseUrl: string }) {
  const orderId = input.serviceOrder.id;
  const id = newId();
  const document = await db.transaction(async (tx) => {
    const [row] = await tx.execute<{ document: ServiceOrderDocument; state: string }>(
      sql`select document, state from ${schema.serviceOrder} where id = ${orderId} for update`,
    );
    if (!row) throw new TmfError("unprocessable", `serviceOrder.id: Service order "${orderId}" does not exist`);
    try {
      assertOrderVisible(options.principal, row.document);
    } catch {
      throw new TmfError("unprocessable", `serviceOrder.id: Service order "${orderId}" does not exist`);
    }
    if (isFinalOrderState(row.state) || row.state === "pendingCancellation" || row.state === "assessingCancellation") {
      throw new TmfError("conflict", `Service order ${orderId} is ${row.state} and cannot be cancelled`);
    }
    const cancel = await insertDocument(
      tx,
      schema.cancelServiceOrder,
      {
        ...input,
        id,
        href: `${options.baseUrl}${tmfApiPaths.serviceOrdering}/cancelServiceOrder/${id}`,
        "@type": input["@type"] ?? "CancelServiceOrder",
        state: "inProgress",
        serviceOrder: { id: orderId, href: row.document.href, "@referredType": "ServiceOrder" },
      },
      { state: "inProgress", serviceOrderId: orderId },
    );
    const order = { ...row.document, state: "pendingCancellation" };
    await replaceDocument(tx, schema.serviceOrder, "ServiceOrder", order, { state: order.state, externalId: order.externalId ?? null, nextAttemptAt: new Date() });
    await recordHistory(tx, orderId, "pendingCancellation", { message: input.cancellationReason ? `Cancellation requested: ${input.cancellationReason}` : "Cancellation requested" });
    return cancel;
  });
  log.info({ serviceOrderId: orderId, cancelServiceOrderId: id }, "cancellation requested");
  return document;
}

/** Outcome of asking one DO to cancel its part. */
interface CancelOutcome {
  delegation: DelegationRow;
  kind: "cancelled" | "skipped" | "retry" | "rejected";
  message?: string;
  /** The DO's order id and href, when this step learned them from a repeated create. */
  remoteOrderId?: string;
  remoteHref?: string;
}

async function cancelDelegation(db: EsoDb, delegation: DelegationRow, reason: string | undefined): Promise<CancelOutcome> {
  if (delegation.cancelledAt !== null) return { delegation, kind: "skipped" };
  if (delegation.remoteState !== null && isFinalOrderState(delegation.remoteState)) return { delegation, kind: "skipped" };
  // Never sent: there is nothing to cancel at the DO.
  if (delegation.remoteOrderId === null && delegation.lastSyncAt === null) return { delegation, kind: "cancelled" };

  const peer = await loadDelegationPeer(db, delegation.peerId);
  if (!peer) return { delegation, kind: "cancelled" };
  let remoteOrderId = delegation.remoteOrderId ?? undefined;
  let remoteHref: string | undefined;
  try {
    if (remoteOrderId === undefined) {
      // The order may have reached the DO before this process stored the reply; the idempotency key returns it instead of a second one.
      const remote = await createRemoteOrder(peer, delegation.orderRequest, delegation.id);
      remoteOrderId = remote.id;
      remoteHref = remote.href;
    }
    await cancelRemoteOrder(peer, remoteOrderId, reason);
    return { delegation, kind: "cancelled", remoteOrderId, remoteHref };
  } catch (error) {
    const message = describePeerFailure(peer.endpoint, error);
    if (error instanceof TmfClientError && error.retryable) return { delegation, kind: "retry", message, remoteOrderId, remoteHref };
    return { delegation, kind: "rejected", message: `Domain "${peer.name}" rejected the cancellation: ${error instanceof Error ? error.message : String(error)}`, remoteOrderId, remoteHref };
  }
}

/**
 * Forwards a requested cancellation to every DO that carries an open part of
 * the order. When all have accepted, the open items and the order become
 * cancelled (partial if some items had completed before). When a DO rejects
 * it, the cancellation ends with an error and the order goes on as before.
 */
export async function processCancellation(db: EsoDb, order: ServiceOrderDocument, delegations: DelegationRow[], options: ProcessorOptions): Promise<void> {
  const [cancelRow] = await db
    .select({ document: schema.cancelServiceOrder.document })
    .from(schema.cancelServiceOrder)
    .where(and(eq(schema.cancelServiceOrder.serviceOrderId, order.id), eq(schema.cancelServiceOrder.state, "inProgress")))
    .orderBy(desc(schema.cancelServiceOrder.lastUpdate))
    .limit(1);
  const reason = typeof cancelRow?.document.cancellationReason === "string" ? cancelRow.document.cancellationReason : undefined;

  const outcomes: CancelOutcome[] = [];
  for (const delegation of delegations) outcomes.push(await cancelDelegation(db, delegation, reason));

  await db.transaction(async (tx) => {
    const [row] = await tx.execute<{ document: ServiceOrderDocument }>(sql`select document from ${schema.serviceOrder} where id = ${order.id} for update`);
    if (!row) throw notFound("ServiceOrder", order.id);
    const current = structuredClone(row.document);
    const now = new Date();
    let maxFailedAttempts = 0;

    for (const outcome of outcomes) {
      const recovered = outcome.remoteOrderId !== undefined && outcome.delegation.remoteOrderId === null ? { remoteOrderId: outcome.remoteOrderId } : {};
      if (outcome.remoteOrderId !== undefined && outcome.remoteHref !== undefined) addDelegationReference(current, outcome.remoteOrderId, outcome.remoteHref);
      if (outcome.kind === "cancelled") {
        await tx.update(schema.serviceOrderDelegation).set({ ...recovered, cancelledAt: now, remoteState: "cancelled", lastError: null, failedAttempts: 0 }).where(eq(schema.serviceOrderDelegation.id, outcome.delegation.id));
      } else if (outcome.kind === "retry") {
        maxFailedAttempts = Math.max(maxFailedAttempts, outcome.delegation.failedAttempts + 1);
        await tx.update(schema.serviceOrderDelegation).set({ ...recovered, failedAttempts: outcome.delegation.failedAttempts + 1, lastError: outcome.message, lastSyncAt: now }).where(eq(schema.serviceOrderDelegation.id, outcome.delegation.id));
      } else if (outcome.kind === "rejected") {
        await tx.update(schema.serviceOrderDelegation).set({ ...recovered, lastError: outcome.message, lastSyncAt: now }).where(eq(schema.serviceOrderDelegation.id, outcome.delegation.id));
        addNote(current, { text: outcome.message!, author: "ESO" });
      }
    }

    if (outcomes.some((outcome) => outcome.kind === "retry")) {
      const nextAttemptAt = new Date(now.getTime() + retryDelay(maxFailedAttempts, options));
      // Keeps what this pass learned, such as the reference to a DO order found by a repeated create, for the retry.
      if (JSON.stringify(current) !== JSON.stringify(row.document)) {
        await replaceDocument(tx, schema.serviceOrder, "ServiceOrder", current, { state: current.state, externalId: current.externalId ?? null, nextAttemptAt });
      } else {
        await tx.update(schema.serviceOrder).set({ nextAttemptAt }).where(eq(schema.serviceOrder.id, order.id));
      }
      return;
    }

    const rejected = outcomes.some((outcome) => outcome.kind === "rejected");
    const cancelledItemIds = new Set(outcomes.filter((outcome) => outcome.kind === "cancelled").flatMap((outcome) => outcome.delegation.orderItemIds));
    if (!rejected) {
      for (const item of current.serviceOrderItem) {
        if (!cancelledItemIds.has(item.id) || isFinalItemState(item.state)) continue;
        item.state = "cancelled";
        await recordHistory(tx, order.id, "pendingCancellation", { orderItemId: item.id, itemState: "cancelled", message: `Item ${item.id} is cancelled` });
      }
    }
    const delegated = delegations.some((delegation) => delegation.remoteOrderId !== null);
    const state = deriveOrderState(current.serviceOrderItem.map((item) => item.state), delegated);
    current.state = state;
    if (isFinalOrderState(state)) current.completionDate = now.toISOString();
    await replaceDocument(tx, schema.serviceOrder, "ServiceOrder", current, {
      state,
      externalId: current.externalId ?? null,
      nextAttemptAt: isFinalOrderState(state) ? null : new Date(now.getTime() + options.pollIntervalMs),
    });
    await recordHistory(tx, order.id, state, { message: rejected ? `Cancellation failed; the order is ${state} again` : `Order is ${state}` });

    if (cancelRow) {
      const cancelState = rejected ? "terminatedWithError" : "done";
      const document = {
        ...cancelRow.document,
        id: String(cancelRow.document.id),
        href: String(cancelRow.document.href),
        state: cancelState,
        ...(rejected ? {} : { effectiveCancellationDate: now.toISOString() }),
      };
      await replaceDocument(tx, schema.cancelServiceOrder, "CancelServiceOrder", document, { state: cancelState, serviceOrderId: order.id });
    }
    log.info({ serviceOrderId: order.id, state, rejected }, rejected ? "cancellation rejected by a DO" : "cancellation finished");
  });
}
