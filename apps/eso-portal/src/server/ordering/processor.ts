import { eq, sql } from "drizzle-orm";
import { createLogger } from "@cop-pilot/logger";
import { TmfClientError } from "@cop-pilot/tmf-client";
import { schema, type EsoDb } from "../db";
import { describePeerFailure } from "../peering/peer-client";
import { processCancellation } from "./cancel";
import { applyOrderChanges, type DelegationOutcome } from "./mirror";
import { createRemoteOrder, getRemoteOrder } from "./remote-orders";
import { isFinalOrderState } from "./states";
import type { ServiceOrderDocument } from "./types";

const log = createLogger("order-processor");

export type DelegationRow = typeof schema.serviceOrderDelegation.$inferSelect;

export interface ProcessorOptions {
  /** Delay before the next look at an order that is waiting on a DO, in milliseconds. */
  pollIntervalMs: number;
  /** Upper bound of the retry backoff after failed calls to a DO, in milliseconds. */
  maxBackoffMs?: number;
  /** How long a claimed order stays reserved for this process; after a crash another pass takes it over. */
  leaseMs?: number;
  batchSize?: number;
}

/** Delay before the next call after `failedAttempts` failures in a row: the poll interval doubled per failure, capped. */
export function retryDelay(failedAttempts: number, options: ProcessorOptions): number {
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  if (failedAttempts <= 0) return options.pollIntervalMs;
  return Math.min(maxBackoff, options.pollIntervalMs * 2 ** Math.min(failedAttempts, 16));
}

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
  for (const id of ids) {
    try {
      await processOrder(db, id, options);
    } catch (error) {
      log.error({ err: error, serviceOrderId: id }, "processing a service order failed; it is retried after the backoff");
      await db
        .update(schema.serviceOrder)
        .set({ nextAttemptAt: new Date(Date.now() + retryDelay(3, options)) })
        .where(eq(schema.serviceOrder.id, id));
    }
  }
  return ids.length;
}

async function loadDelegations(db: EsoDb, serviceOrderId: string): Promise<DelegationRow[]> {
  return db.select().from(schema.serviceOrderDelegation).where(eq(schema.serviceOrderDelegation.serviceOrderId, serviceOrderId)).orderBy(schema.serviceOrderDelegation.createdAt);
}

export async function loadPeerConnection(db: EsoDb, peerId: string | null) {
  if (peerId === null) return undefined;
  const [peer] = await db.select().from(schema.peer).where(eq(schema.peer.id, peerId)).limit(1);
  return peer;
}

async function processOrder(db: EsoDb, id: string, options: ProcessorOptions): Promise<void> {
  const [row] = await db.select({ document: schema.serviceOrder.document, state: schema.serviceOrder.state }).from(schema.serviceOrder).where(eq(schema.serviceOrder.id, id));
  if (!row) return;
  if (isFinalOrderState(row.state)) {
    await db.update(schema.serviceOrder).set({ nextAttemptAt: null }).where(eq(schema.serviceOrder.id, id));
    return;
  }
  const order = row.document as ServiceOrderDocument;
  const delegations = await loadDelegations(db, id);
  if (row.state === "pendingCancellation") {
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
  if (delegation.cancelledAt !== null) return { delegation, kind: "unchanged" };
  if (delegation.remoteState !== null && isFinalOrderState(delegation.remoteState)) return { delegation, kind: "unchanged" };

  const peer = await loadPeerConnection(db, delegation.peerId);
  if (!peer) {
    return { delegation, kind: "failed", message: `Domain "${delegation.peerName}" was removed from the platform before its part of the order finished` };
  }

  try {
    if (delegation.remoteOrderId === null) {
      const remote = await createRemoteOrder(peer, delegation.orderRequest, delegation.id);
      log.info({ serviceOrderId: delegation.serviceOrderId, delegationId: delegation.id, peerId: peer.id, remoteOrderId: remote.id }, "order delegated to the DO");
      return { delegation, kind: "accepted", remote };
    }
    return { delegation, kind: "synced", remote: await getRemoteOrder(peer, delegation.remoteOrderId) };
  } catch (error) {
    const message = describePeerFailure(peer.endpoint, error);
    if (error instanceof TmfClientError && !error.retryable) {
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
