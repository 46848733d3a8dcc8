import { and, desc, eq, sql } from "drizzle-orm";
import { createLogger } from "@cop-pilot/logger";
import { TmfClientError } from "@cop-pilot/tmf-client";
import { tmfApiPaths, type cancelServiceOrderCreate } from "@cop-pilot/tmf-schemas";
import { insertDocument, newId, notFound, replaceDocument, TmfError, type Principal, recordAudit } from "@cop-pilot/tmf-server";
import type { z } from "zod";
import { schema, type EsoDb } from "../db";
import { publishDocumentChange } from "../events";
import { describePeerFailure } from "../peering/peer-client";
import { assertOrderVisible } from "./access";
import { loadDelegationPeer, retryDelay, type DelegationRow, type ProcessorOptions } from "./delegations";
import { recordHistory, type HistoryDetail } from "./history";
import { delegatedItems } from "./items";
import { addDelegationReference, addNote, mirrorRemoteOrder, settleBundleItems } from "./mirror";
import { cancelRemoteOrder, createRemoteOrder, getRemoteOrder, type DelegatedOrder } from "./remote-orders";
import { deriveOrderState, isFinalItemState, isFinalOrderState, normaliseState } from "./states";
import type { ServiceOrderDocument } from "./types";
import { enqueueServiceOrderStep } from "./order-jobs";

const log = createLogger("order-cancellation");

export type CancelServiceOrderInput = z.infer<typeof cancelServiceOrderCreate>;

/**
 * Accepts a TMF641 cancelServiceOrder. The order moves to
 * pendingCancellation. The order processor forwards the cancellation to each
 * DO that carries part of it and marks the order cancelled once every DO
 * order has reached cancelled.
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
    await publishDocumentChange(tx, "cancelServiceOrder", undefined, cancel);
    const order = { ...row.document, state: "pendingCancellation" };
    const stored = await replaceDocument(tx, schema.serviceOrder, "ServiceOrder", order, { state: order.state, externalId: order.externalId ?? null, nextAttemptAt: new Date() });
    await publishDocumentChange(tx, "serviceOrder", row.document, stored);
    await enqueueServiceOrderStep(tx, orderId);
    await recordHistory(tx, orderId, "pendingCancellation", { message: input.cancellationReason ? `Cancellation requested: ${input.cancellationReason}` : "Cancellation requested" });
    await recordAudit(tx, options.principal, { action: "cancel", resourceType: "ServiceOrder", resourceId: orderId, summary: `Requested cancellation ${id} of service order ${orderId}` });
    return cancel;
  });
  log.info({ serviceOrderId: orderId, cancelServiceOrderId: id }, "cancellation requested");
  return document;
}

/**
 * Outcome of one cancellation pass for one delegation. `forwarded` means the
 * DO accepted the cancel request, `synced` that the ESO read the DO order of
 * an earlier forwarded request, and `cancelled` that there was nothing to
 * cancel at the DO.
 */
interface CancelOutcome {
  delegation: DelegationRow;
  kind: "forwarded" | "synced" | "cancelled" | "skipped" | "retry" | "rejected";
  message?: string;
  /** The DO's order id and href, when this step learned them from a repeated create. */
  remoteOrderId?: string;
  remoteHref?: string;
  /** The DO order read after the DO accepted the cancellation. */
  remote?: DelegatedOrder;
}

async function cancelDelegation(db: EsoDb, delegation: DelegationRow, reason: string | undefined): Promise<CancelOutcome> {
  if (delegation.remoteState !== null && isFinalOrderState(delegation.remoteState)) return { delegation, kind: "skipped" };
  if (delegation.cancelledAt !== null) return syncCancelledDelegation(db, delegation);
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
    return { delegation, kind: "forwarded", remoteOrderId, remoteHref };
  } catch (error) {
    const message = describePeerFailure(peer.endpoint, error);
    if (error instanceof TmfClientError && error.retryable) return { delegation, kind: "retry", message, remoteOrderId, remoteHref };
    return { delegation, kind: "rejected", message: `Domain "${peer.name}" rejected the cancellation: ${error instanceof Error ? error.message : String(error)}`, remoteOrderId, remoteHref };
  }
}

/** Reads the DO order of a delegation whose cancellation the DO accepted earlier. */
async function syncCancelledDelegation(db: EsoDb, delegation: DelegationRow): Promise<CancelOutcome> {
  const peer = await loadDelegationPeer(db, delegation.peerId);
  if (!peer || delegation.remoteOrderId === null) return { delegation, kind: "cancelled" };
  try {
    return { delegation, kind: "synced", remote: await getRemoteOrder(peer, delegation.remoteOrderId) };
  } catch (error) {
    const message = describePeerFailure(peer.endpoint, error);
    log.warn({ serviceOrderId: delegation.serviceOrderId, delegationId: delegation.id, peerId: peer.id, error: message }, "reading the DO order after its cancellation failed; retrying with backoff");
    // NOTE: a DO that lost the order (404) is retried with backoff like an unreachable one, so the order stays pendingCancellation.
    return { delegation, kind: "retry", message };
  }
}

/** Notes the items that had completed before the cancellation: their services keep running until a delete order removes them. */
function reportCompletedItems(order: ServiceOrderDocument): void {
  const completed = delegatedItems(order).filter((item) => item.state === "completed");
  if (completed.length === 0) return;
  const names = completed.map((item) => `${item.id} (${item.service.serviceSpecification?.name ?? "?"}, service ${item.service.id ?? "?"})`).join(", ");
  addNote(order, { text: `Cancelled after item(s) ${names} had completed; their services keep running until an order deletes them`, author: "ESO" });
}

/**
 * Forwards a requested cancellation to every DO that carries an open part of
 * the order, then reads those DO orders on later passes. The order stays
 * pendingCancellation until every DO order is final. It becomes cancelled
 * when all of them are cancelled, with a note naming the items that had
 * completed before. When a DO rejects the cancellation, or completes or fails its
 * order instead, the cancellation ends with an error and the order takes the
 * state its items give.
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
    const history: { state?: string; detail: HistoryDetail }[] = [];
    // The DO order state of each delegation the cancellation was sent to, as known after this pass.
    const cancelledRemoteStates = new Map<string, string | null>();

    for (const outcome of outcomes) {
      const { delegation } = outcome;
      const recovered = outcome.remoteOrderId !== undefined && delegation.remoteOrderId === null ? { remoteOrderId: outcome.remoteOrderId } : {};
      if (outcome.remoteOrderId !== undefined && outcome.remoteHref !== undefined) addDelegationReference(current, outcome.remoteOrderId, outcome.remoteHref);
      switch (outcome.kind) {
        case "skipped":
          if (delegation.cancelledAt !== null) cancelledRemoteStates.set(delegation.id, delegation.remoteState);
          break;
        case "cancelled":
          cancelledRemoteStates.set(delegation.id, "cancelled");
          await tx.update(schema.serviceOrderDelegation).set({ ...recovered, cancelledAt: now, remoteState: "cancelled", lastError: null, failedAttempts: 0 }).where(eq(schema.serviceOrderDelegation.id, delegation.id));
          for (const item of delegatedItems(current)) {
            if (!delegation.orderItemIds.includes(item.id) || isFinalItemState(item.state)) continue;
            item.state = "cancelled";
            history.push({ detail: { orderItemId: item.id, itemState: "cancelled", message: `Item ${item.id} is cancelled` } });
          }
          break;
        case "forwarded":
          cancelledRemoteStates.set(delegation.id, delegation.remoteState);
          await tx.update(schema.serviceOrderDelegation).set({ ...recovered, cancelledAt: now, lastError: null, failedAttempts: 0, lastSyncAt: now }).where(eq(schema.serviceOrderDelegation.id, delegation.id));
          history.push({ detail: { message: `Domain "${delegation.peerName}" accepted the cancellation of order ${outcome.remoteOrderId}` } });
          break;
        case "synced": {
          const remoteState = normaliseState(outcome.remote!.state) ?? delegation.remoteState;
          cancelledRemoteStates.set(delegation.id, remoteState);
          await tx.update(schema.serviceOrderDelegation).set({ remoteState, lastError: null, failedAttempts: 0, lastSyncAt: now }).where(eq(schema.serviceOrderDelegation.id, delegation.id));
          history.push(...mirrorRemoteOrder(current, { ...delegation, remoteState }, outcome.remote!));
          if (remoteState !== null && isFinalOrderState(remoteState) && remoteState !== "cancelled") {
            addNote(current, { text: `Domain "${delegation.peerName}" ended order ${delegation.remoteOrderId} as ${remoteState} instead of cancelling it`, author: "ESO" });
          }
          break;
        }
        case "retry":
          if (delegation.cancelledAt !== null) cancelledRemoteStates.set(delegation.id, delegation.remoteState);
          maxFailedAttempts = Math.max(maxFailedAttempts, delegation.failedAttempts + 1);
          await tx.update(schema.serviceOrderDelegation).set({ ...recovered, failedAttempts: delegation.failedAttempts + 1, lastError: outcome.message, lastSyncAt: now }).where(eq(schema.serviceOrderDelegation.id, delegation.id));
          break;
        case "rejected":
          await tx.update(schema.serviceOrderDelegation).set({ ...recovered, lastError: outcome.message, lastSyncAt: now }).where(eq(schema.serviceOrderDelegation.id, delegation.id));
          addNote(current, { text: outcome.message!, author: "ESO" });
          break;
      }
    }
    history.push(...settleBundleItems(current));
    for (const entry of history) await recordHistory(tx, order.id, entry.state ?? current.state, entry.detail);

    const rejected = outcomes.some((outcome) => outcome.kind === "rejected");
    const retrying = outcomes.some((outcome) => outcome.kind === "retry");
    const waiting = [...cancelledRemoteStates.values()].some((state) => state === null || !isFinalOrderState(state));
    if (retrying || (!rejected && waiting)) {
      const nextAttemptAt = new Date(now.getTime() + (retrying ? retryDelay(maxFailedAttempts, options) : options.pollIntervalMs));
      // Keeps what this pass learned, such as mirrored items or the reference to a DO order found by a repeated create.
      if (JSON.stringify(current) !== JSON.stringify(row.document)) {
        const stored = await replaceDocument(tx, schema.serviceOrder, "ServiceOrder", current, { state: current.state, externalId: current.externalId ?? null, nextAttemptAt });
        await publishDocumentChange(tx, "serviceOrder", row.document, stored);
      } else {
        await tx.update(schema.serviceOrder).set({ nextAttemptAt }).where(eq(schema.serviceOrder.id, order.id));
      }
      return;
    }

    // A DO that completed or failed its order instead of cancelling it ends the cancellation with an error.
    const overtaken = [...cancelledRemoteStates.values()].some((state) => state !== "cancelled");
    const failed = rejected || overtaken;
    const delegated = delegations.some((delegation) => delegation.remoteOrderId !== null);
    // A cancellation that every DO carried out ends the order cancelled, even when some items had completed before; those are reported in a note.
    const state = failed ? deriveOrderState(delegatedItems(current).map((item) => item.state), delegated) : "cancelled";
    if (!failed) reportCompletedItems(current);
    current.state = state;
    if (isFinalOrderState(state)) current.completionDate = now.toISOString();
    const stored = await replaceDocument(tx, schema.serviceOrder, "ServiceOrder", current, {
      state,
      externalId: current.externalId ?? null,
      nextAttemptAt: isFinalOrderState(state) ? null : new Date(now.getTime() + options.pollIntervalMs),
    });
    await publishDocumentChange(tx, "serviceOrder", row.document, stored);
    await recordHistory(tx, order.id, state, { message: failed ? `Cancellation failed, so the order is ${state}` : `Order is ${state}` });

    if (cancelRow) {
      const cancelState = failed ? "terminatedWithError" : "done";
      const document = {
        ...cancelRow.document,
        id: String(cancelRow.document.id),
        href: String(cancelRow.document.href),
        state: cancelState,
        ...(failed ? {} : { effectiveCancellationDate: now.toISOString() }),
      };
      const storedCancel = await replaceDocument(tx, schema.cancelServiceOrder, "CancelServiceOrder", document, { state: cancelState, serviceOrderId: order.id });
      await publishDocumentChange(tx, "cancelServiceOrder", cancelRow.document as typeof storedCancel, storedCancel);
    }
    log.info({ serviceOrderId: order.id, state, rejected, overtaken }, failed ? "cancellation failed at a DO" : "cancellation finished");
  });
}
