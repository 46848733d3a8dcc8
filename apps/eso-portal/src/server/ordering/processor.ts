import { and, eq, isNotNull, sql } from "drizzle-orm";
import { continueTrace, createLogger } from "@cop-pilot/logger";
import { listHubRegistrations } from "@cop-pilot/tmf-events";
import { TmfClientError } from "@cop-pilot/tmf-client";
import { schema, type EsoDb } from "../db";
import { describePeerFailure, isCredentialsRejected } from "../peering/peer-client";
import { processCancellation } from "./cancel";
import { loadDelegationPeer, loadDelegations, retryDelay, type DelegationRow, type ProcessorOptions } from "./delegations";
import { applyOrderChanges, type DelegationOutcome } from "./mirror";
import { createRemoteOrder, getRemoteOrder } from "./remote-orders";
import { isFinalOrderState } from "./states";
import { wokenSince } from "./wake";
import type { ServiceOrderDocument } from "./types";

const log = createLogger("order-processor");

/**
 * Claims the orders that are due. `FOR UPDATE SKIP LOCKED` lets several ESO
 * processes share the work, and the lease written into `next_attempt_at`
 * keeps an order from being taken twice while it is being processed.
 */
async function claimDueOrders(db: EsoDb, options: ProcessorOptions): Promise<string[]> {
  const leaseMs = options.leaseMs ?? 60_000;
  const rows = await db.execute<{ id: string }>(sql`
    update ${schema.serviceOrder}
    set next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000})
    where id in (
      select id from ${schema.serviceOrder}
      where next_attempt_at is not null and next_attempt_at <= now()
      order by next_attempt_at
      limit ${options.batchSize ?? 20}
      for update skip locked
    )
    returning id`);
  return [...rows].map((row) => row.id);
}

/** Runs one pass over the due orders; returns how many were processed. Called by the loop and by tests. */
export async function runOrderProcessorPass(db: EsoDb, options: ProcessorOptions): Promise<number> {
  const ids = await claimDueOrders(db, options);
  const hubPeers = await listHubRegistrations(db);
  for (const id of ids) await processClaimedOrder(db, id, hubPeers, options);
  return ids.length;
}

/**
 * Claims one order when it is due and no other worker holds its lease, and
 * processes it. The order's job calls this; returns false when the order was
 * not due.
 */
export async function runServiceOrderStep(db: EsoDb, id: string, options: ProcessorOptions): Promise<boolean> {
  const leaseMs = options.leaseMs ?? 60_000;
  const claimed = await db.execute<{ id: string }>(sql`
    update ${schema.serviceOrder}
    set next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000})
    where id = (
      select id from ${schema.serviceOrder}
      where id = ${id} and next_attempt_at is not null and next_attempt_at <= now()
      for update skip locked
    )
    returning id`);
  if ([...claimed].length === 0) return false;
  await processClaimedOrder(db, id, await listHubRegistrations(db), options);
  return true;
}

async function processClaimedOrder(db: EsoDb, id: string, hubPeers: Set<string>, options: ProcessorOptions): Promise<void> {
  const startedAt = Date.now();
  try {
    await processOrder(db, id, await pollOptionsFor(db, id, hubPeers, options));
    // A wake that came while the DO was being read may report a change this pass missed.
    if (wokenSince(id, startedAt)) await db.update(schema.serviceOrder).set({ nextAttemptAt: sql`now()` }).where(and(eq(schema.serviceOrder.id, id), isNotNull(schema.serviceOrder.nextAttemptAt)));
  } catch (error) {
    log.error({ err: error, serviceOrderId: id }, "processing a service order failed; it is retried after the backoff");
    await db
      .update(schema.serviceOrder)
      .set({ nextAttemptAt: new Date(Date.now() + retryDelay(3, options)) })
      .where(eq(schema.serviceOrder.id, id));
  }
}

/**
 * Polls an order's DOs at the event fallback interval when every DO it waits
 * on has the ESO registered at its hub, because their events wake the order
 * sooner. Any other order is polled at the normal interval.
 */
async function pollOptionsFor(db: EsoDb, id: string, hubPeers: Set<string>, options: ProcessorOptions): Promise<ProcessorOptions> {
  if (options.eventFallbackPollIntervalMs === undefined) return options;
  const delegations = await loadDelegations(db, id);
  const allRegistered = delegations.length > 0 && delegations.every((delegation) => delegation.peerId !== null && hubPeers.has(delegation.peerId));
  return allRegistered ? { ...options, pollIntervalMs: options.eventFallbackPollIntervalMs } : options;
}

async function processOrder(db: EsoDb, id: string, options: ProcessorOptions): Promise<void> {
  const [row] = await db
    .select({ document: schema.serviceOrder.document, state: schema.serviceOrder.state, traceparent: schema.serviceOrder.traceparent })
    .from(schema.serviceOrder)
    .where(eq(schema.serviceOrder.id, id));
  if (!row) return;
  await continueTrace(row.traceparent, () => advanceOrder(db, id, row.state, row.document as ServiceOrderDocument, options));
}

/** Cancels the order, or advances each of its delegations and applies what the DOs report. */
async function advanceOrder(db: EsoDb, id: string, state: string, order: ServiceOrderDocument, options: ProcessorOptions): Promise<void> {
  if (isFinalOrderState(state)) {
    await db.update(schema.serviceOrder).set({ nextAttemptAt: null }).where(eq(schema.serviceOrder.id, id));
    return;
  }
  const delegations = await loadDelegations(db, id);
  if (state === "pendingCancellation") {
    await processCancellation(db, order, delegations, options);
    return;
  }

  const outcomes: DelegationOutcome[] = [];
  for (const delegation of delegations) {
    outcomes.push(await advanceDelegation(db, delegation));
  }
  await applyOrderChanges(db, id, outcomes, options);
}

/** Sends the delegation to its DO if it has not been accepted yet, else reads the DO's order. */
async function advanceDelegation(db: EsoDb, delegation: DelegationRow): Promise<DelegationOutcome> {
  // A delegation whose cancellation the DO accepted is still read until its DO order is final.
  if (delegation.remoteState !== null && isFinalOrderState(delegation.remoteState)) return { delegation, kind: "unchanged" };

  const peer = await loadDelegationPeer(db, delegation.peerId);
  if (!peer) {
    return { delegation, kind: "failed", message: `Domain "${delegation.peerName}" was removed from the platform before its part of the order finished` };
  }

  try {
    if (delegation.remoteOrderId === null) {
      // Marks that the order may have reached the DO, so that a cancellation contacts the DO even if this process dies before the reply is stored.
      await db.update(schema.serviceOrderDelegation).set({ lastSyncAt: new Date() }).where(eq(schema.serviceOrderDelegation.id, delegation.id));
      const remote = await createRemoteOrder(peer, delegation.orderRequest, delegation.id);
      log.info({ serviceOrderId: delegation.serviceOrderId, delegationId: delegation.id, peerId: peer.id, remoteOrderId: remote.id }, "order delegated to the DO");
      return { delegation, kind: "accepted", remote };
    }
    return { delegation, kind: "synced", remote: await getRemoteOrder(peer, delegation.remoteOrderId) };
  } catch (error) {
    const message = describePeerFailure(peer.endpoint, error);
    // A DO that rejects the token is retried like an unreachable one: the availability check reports it, and the order must not be lost.
    if (error instanceof TmfClientError && !error.retryable && !isCredentialsRejected(error)) {
      const lostOrder = delegation.remoteOrderId !== null && error.status === 404;
      if (delegation.remoteOrderId === null || lostOrder) {
        log.warn({ serviceOrderId: delegation.serviceOrderId, delegationId: delegation.id, peerId: peer.id, error: message }, "the DO rejected the delegated order");
        return { delegation, kind: "failed", message: `Domain "${peer.name}" rejected its part of the order: ${error.message}` };
      }
    }
    log.warn({ serviceOrderId: delegation.serviceOrderId, delegationId: delegation.id, peerId: peer.id, failedAttempts: delegation.failedAttempts + 1, error: message }, "call to the DO failed; retrying with backoff");
    return { delegation, kind: "retry", message };
  }
}
