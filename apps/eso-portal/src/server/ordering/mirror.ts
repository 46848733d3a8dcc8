import { eq, sql } from "drizzle-orm";
import { newId, replaceDocument } from "@cop-pilot/tmf-server";
import { schema, type EsoDb } from "../db";
import { publishDocumentChange } from "../events";
import { recordHistory, type HistoryDetail } from "./history";
import { retryDelay, type DelegationRow, type ProcessorOptions } from "./delegations";
import type { DelegatedOrder } from "./remote-orders";
import { bundleItemState, delegatedItems, isBundleItem } from "./items";
import { deriveOrderState, isFinalItemState, isFinalOrderState, itemStateFromOrderState, normaliseState } from "./states";
import type { NoteDocument, OrderItemDocument, ServiceOrderDocument, ServiceOrderErrorMessage } from "./types";

/** Result of one processor pass for one delegation. */
export type DelegationOutcome =
  | { delegation: DelegationRow; kind: "unchanged" }
  | { delegation: DelegationRow; kind: "accepted" | "synced"; remote: DelegatedOrder }
  | { delegation: DelegationRow; kind: "retry"; message: string }
  | { delegation: DelegationRow; kind: "failed"; message: string };

interface PendingHistory {
  state?: string;
  detail: HistoryDetail;
}

/** `externalReferenceType` of the references that name the orders the ESO delegated to the DOs. */
export const domainServiceOrderReferenceType = "DomainServiceOrder";

/** Adds the TMF641 externalReference naming the DO's order to the ESO order, once per DO order. */
export function addDelegationReference(order: ServiceOrderDocument, remoteOrderId: string, href: string): void {
  order.externalReference ??= [];
  const existing = order.externalReference.find((reference) => reference.externalReferenceType === domainServiceOrderReferenceType && reference.name === remoteOrderId);
  if (existing) {
    existing.href = href;
    return;
  }
  order.externalReference.push({ name: remoteOrderId, externalReferenceType: domainServiceOrderReferenceType, href, "@type": "ExternalReference" });
}

/** Copies the id and href of the service the DO created for an item onto the ESO item. */
function mirrorServiceReference(item: OrderItemDocument, service: { id?: string; href?: string } | undefined): void {
  if (service?.id === undefined) return;
  item.service.id = service.id;
  if (service.href !== undefined) item.service.href = service.href;
  else delete item.service.href;
}

/**
 * Copies the DO's view of its order onto the ESO order. That is a reference
 * to the DO's order, and for each item the delegation carries, its state and
 * the service the DO created for it. The DO's notes and error messages are
 * copied once each. Returns the history entries for the item changes.
 */
export function mirrorRemoteOrder(order: ServiceOrderDocument, delegation: DelegationRow, remote: DelegatedOrder): PendingHistory[] {
  const history: PendingHistory[] = [];
  addDelegationReference(order, remote.id, remote.href);
  const remoteState = normaliseState(remote.state);
  const remoteItems = new Map(remote.serviceOrderItem.map((item) => [item.id, item]));
  for (const item of delegatedItems(order)) {
    if (!delegation.orderItemIds.includes(item.id)) continue;
    mirrorServiceReference(item, remoteItems.get(item.id)?.service);
    if (isFinalItemState(item.state)) continue;
    let state = normaliseState(remoteItems.get(item.id)?.state);
    if ((state === undefined || !isFinalItemState(state)) && remoteState !== undefined && isFinalOrderState(remoteState)) {
      state = itemStateFromOrderState(remoteState) ?? state;
    }
    if (state === undefined || state === item.state) continue;
    item.state = state;
    if (state === "failed") {
      const message = `Item ${item.id} (${itemLabel(item)}) failed in domain "${delegation.peerName}": ${failureReason(remote, item.id) ?? "the domain gave no reason"}`;
      recordItemFailure(order, item, delegation.peerName, message);
      history.push({ detail: { orderItemId: item.id, itemState: state, message } });
    } else {
      history.push({ detail: { orderItemId: item.id, itemState: state, message: `Item ${item.id} is ${state} in domain "${delegation.peerName}"` } });
    }
  }

  const notes: NoteDocument[] = [
    ...(remote.note ?? []).map((note) => ({ text: note.text, date: note.date, author: note.author ? `${delegation.peerName}: ${note.author}` : delegation.peerName })),
    ...(remote.errorMessage ?? []).map((error) => ({
      text: `Error: ${describeRemoteError(error)}`,
      author: delegation.peerName,
    })),
  ];
  for (const note of notes) addNote(order, note);
  return history;
}

/** Adds a note unless the same author already wrote the same text. */
export function addNote(order: ServiceOrderDocument, note: NoteDocument): void {
  order.note ??= [];
  if (order.note.some((existing) => existing.text === note.text && existing.author === note.author)) return;
  order.note.push({ ...note, date: note.date ?? new Date().toISOString() });
}

function itemLabel(item: OrderItemDocument): string {
  const name = item.service.serviceSpecification?.name ?? item.service.name;
  return typeof name === "string" ? name : `service ${item.service.id ?? "?"}`;
}

function describeRemoteError(error: { reason?: string; message?: string; code?: string }): string {
  return [error.reason, error.message].filter((part) => part !== undefined && part !== "").join(": ") || (error.code ?? "unspecified");
}

/** Returns why the DO failed one item: the item's own error messages, else the order's that name the item. */
export function failureReason(remote: DelegatedOrder, itemId: string): string | undefined {
  const own = remote.serviceOrderItem.find((item) => item.id === itemId)?.errorMessage ?? [];
  const named = (remote.errorMessage ?? []).filter((error) => error.serviceOrderItem?.some((reference) => reference.itemId === itemId));
  const reasons = [...new Set([...own, ...named].map(describeRemoteError))];
  return reasons.length > 0 ? reasons.join("; ") : undefined;
}

/** Records why an item failed: a TMF641 errorMessage on the item and on the order, and a note. */
function recordItemFailure(order: ServiceOrderDocument, item: OrderItemDocument, peerName: string, message: string): void {
  const error: ServiceOrderErrorMessage = {
    code: "domainItemFailed",
    reason: `Failed in domain "${peerName}"`,
    message,
    timestamp: new Date().toISOString(),
    serviceOrderItem: [{ id: item.id, itemId: item.id, serviceOrderId: order.id, serviceOrderHref: order.href }],
    "@type": "ServiceOrderErrorMessage",
  };
  item.errorMessage = [...((item.errorMessage as ServiceOrderErrorMessage[] | undefined) ?? []), error];
  order.errorMessage = [...(order.errorMessage ?? []), error];
  addNote(order, { text: message, author: "ESO" });
}

function markItemsFailed(order: ServiceOrderDocument, delegation: DelegationRow, message: string): PendingHistory[] {
  const history: PendingHistory[] = [];
  for (const item of delegatedItems(order)) {
    if (!delegation.orderItemIds.includes(item.id) || isFinalItemState(item.state)) continue;
    item.state = "failed";
    recordItemFailure(order, item, delegation.peerName, `Item ${item.id} (${itemLabel(item)}): ${message}`);
    history.push({ detail: { orderItemId: item.id, itemState: "failed", message } });
  }
  return history;
}

/**
 * Brings each bundle item's state in line with its parts. A bundle item that
 * added services gets the id of the bundle service once a part is up, which
 * later modify and delete items name.
 */
export function settleBundleItems(order: ServiceOrderDocument): PendingHistory[] {
  const history: PendingHistory[] = [];
  for (const item of order.serviceOrderItem) {
    if (!isBundleItem(item)) continue;
    const state = bundleItemState(item.serviceOrderItem);
    if (item.action === "add" && item.service.id === undefined && item.serviceOrderItem.some((part) => part.state === "completed") && isFinalItemState(state)) {
      item.service.id = newId();
    }
    if (state === item.state) continue;
    item.state = state;
    const parts = item.serviceOrderItem.map((part) => `${part.id} ${part.state ?? "?"}`).join(", ");
    history.push({ detail: { orderItemId: item.id, itemState: state, message: `Bundle item ${item.id} is ${state} (parts: ${parts})` } });
  }
  return history;
}

/**
 * Writes what a pass learned: the delegations, the mirrored items and notes,
 * the derived order state with a history row per change, and when the
 * processor looks at the order next. Runs in one transaction with the order
 * row locked, so a concurrent cancellation or PATCH is not overwritten.
 */
export async function applyOrderChanges(db: EsoDb, orderId: string, outcomes: DelegationOutcome[], options: ProcessorOptions): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.execute<{ document: ServiceOrderDocument }>(sql`select document from ${schema.serviceOrder} where id = ${orderId} for update`);
    if (!row) return;
    const order = structuredClone(row.document);
    const before = JSON.stringify(order);
    const history: PendingHistory[] = [];
    const now = new Date();
    let maxFailedAttempts = 0;

    for (const outcome of outcomes) {
      const { delegation } = outcome;
      switch (outcome.kind) {
        case "unchanged":
          maxFailedAttempts = Math.max(maxFailedAttempts, delegation.failedAttempts);
          break;
        case "accepted":
        case "synced": {
          const remoteState = normaliseState(outcome.remote.state) ?? delegation.remoteState;
          await tx
            .update(schema.serviceOrderDelegation)
            .set({ remoteOrderId: outcome.remote.id, remoteState, failedAttempts: 0, lastError: null, lastSyncAt: now })
            .where(eq(schema.serviceOrderDelegation.id, delegation.id));
          if (outcome.kind === "accepted") {
            history.push({ detail: { message: `Domain "${delegation.peerName}" accepted its part as order ${outcome.remote.id}` } });
          }
          history.push(...mirrorRemoteOrder(order, { ...delegation, remoteState: remoteState ?? null }, outcome.remote));
          break;
        }
        case "retry":
          maxFailedAttempts = Math.max(maxFailedAttempts, delegation.failedAttempts + 1);
          await tx
            .update(schema.serviceOrderDelegation)
            .set({ failedAttempts: delegation.failedAttempts + 1, lastError: outcome.message, lastSyncAt: now })
            .where(eq(schema.serviceOrderDelegation.id, delegation.id));
          break;
        case "failed":
          await tx
            .update(schema.serviceOrderDelegation)
            .set({ remoteState: delegation.remoteState ?? "rejected", lastError: outcome.message, lastSyncAt: now })
            .where(eq(schema.serviceOrderDelegation.id, delegation.id));
          history.push(...markItemsFailed(order, delegation, outcome.message));
          break;
      }
    }

    history.push(...settleBundleItems(order));
    const delegated = outcomes.some((outcome) => outcome.delegation.remoteOrderId !== null || outcome.kind === "accepted");
    let state = deriveOrderState(
      delegatedItems(order).map((item) => item.state),
      delegated,
    );
    // A cancellation requested while this pass ran wins over a state that is not final.
    if (order.state === "pendingCancellation" && !isFinalOrderState(state)) state = "pendingCancellation";
    const stateChanged = state !== order.state;
    if (stateChanged) {
      order.state = state;
      if (isFinalOrderState(state)) order.completionDate = now.toISOString();
    }

    for (const entry of history) await recordHistory(tx, orderId, entry.state ?? order.state, entry.detail);
    if (stateChanged) await recordHistory(tx, orderId, state, { message: `Order is ${state}` });

    let nextAttemptAt: Date | null = new Date(now.getTime() + retryDelay(maxFailedAttempts, options));
    if (isFinalOrderState(state)) nextAttemptAt = null;
    else if (state === "pendingCancellation") nextAttemptAt = now;
    if (JSON.stringify(order) !== before) {
      const stored = await replaceDocument(tx, schema.serviceOrder, "ServiceOrder", order, { state: order.state, externalId: order.externalId ?? null, nextAttemptAt });
      await publishDocumentChange(tx, "serviceOrder", row.document, stored);
    } else {
      await tx.update(schema.serviceOrder).set({ nextAttemptAt }).where(eq(schema.serviceOrder.id, orderId));
    }
  });
}
