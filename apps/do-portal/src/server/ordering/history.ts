import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@cop-pilot/tmf-server";
import type { ServiceOrderState } from "@cop-pilot/tmf-schemas";
import { schema } from "../db";
import { itemRef, type ServiceOrderDocument, type ServiceOrderItemDocument } from "./documents";

const { serviceOrderStateHistory } = schema;

export type HistoryEntry = typeof serviceOrderStateHistory.$inferInsert;

export interface StateHistoryRow {
  seq: number;
  state: string;
  changedAt: Date;
  message?: string;
  orderItemId?: string;
  itemState?: string;
}

function appendMilestone(order: ServiceOrderDocument, milestone: Omit<NonNullable<ServiceOrderDocument["milestone"]>[number], "id" | "@type">) {
  order.milestone ??= [];
  order.milestone.push({ id: String(order.milestone.length + 1), ...milestone, "@type": "ServiceOrderMilestone" });
}

/**
 * Moves the order to `state` and returns the history row to write with it. The
 * order document gets a matching milestone, so that TMF clients read the same
 * history as the portal.
 */
export function changeOrderState(order: ServiceOrderDocument, state: ServiceOrderState, message: string): HistoryEntry {
  const changedAt = new Date();
  order.state = state;
  appendMilestone(order, { name: "orderStateChange", status: state, message, milestoneDate: changedAt.toISOString() });
  return { serviceOrderId: order.id, state, changedAt, detail: { message } };
}

/** Moves one item of the order to `itemState` and returns the history row to write with it. */
export function changeItemState(
  order: ServiceOrderDocument,
  item: ServiceOrderItemDocument,
  itemState: string,
  message: string,
): HistoryEntry {
  const changedAt = new Date();
  item.state = itemState;
  appendMilestone(order, {
    name: "orderItemStateChange",
    status: itemState,
    message,
    milestoneDate: changedAt.toISOString(),
    serviceOrderItem: [itemRef(order, item)],
  });
  return { serviceOrderId: order.id, state: order.state, changedAt, detail: { message, orderItemId: item.id, itemState } };
}

export async function insertHistory(tx: Db, entries: HistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(serviceOrderStateHistory).values(entries);
}

/** Lists the state history of an order, oldest first. */
export async function listStateHistory(database: Db, serviceOrderId: string): Promise<StateHistoryRow[]> {
  const rows = await database
    .select()
    .from(serviceOrderStateHistory)
    .where(eq(serviceOrderStateHistory.serviceOrderId, serviceOrderId))
    .orderBy(asc(serviceOrderStateHistory.seq));
  return rows.map((row) => ({
    seq: row.seq,
    state: row.state,
    changedAt: row.changedAt,
    message: row.detail?.message,
    orderItemId: row.detail?.orderItemId,
    itemState: row.detail?.itemState,
  }));
}
