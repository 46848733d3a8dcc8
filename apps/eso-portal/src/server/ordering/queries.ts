import { asc, desc, eq } from "drizzle-orm";
import { getDocument, type Principal } from "@cop-pilot/tmf-server";
import { schema, type EsoDb } from "../db";
import { assertOrderVisible, visibleOrdersCondition } from "./access";
import { isFinalOrderState } from "./states";
import type { ServiceOrderDocument } from "./types";

export interface OrderSummary {
  id: string;
  state: string;
  orderDate: string | null;
  externalId: string | null;
  items: number;
  specifications: string[];
}

export async function listOrderSummaries(db: EsoDb, principal: Principal, limit = 100): Promise<OrderSummary[]> {
  const rows = await db
    .select({ document: schema.serviceOrder.document })
    .from(schema.serviceOrder)
    .where(visibleOrdersCondition(principal))
    .orderBy(desc(schema.serviceOrder.lastUpdate))
    .limit(limit);
  return rows.map(({ document }) => {
    const order = document as ServiceOrderDocument;
    return {
      id: order.id,
      state: order.state,
      orderDate: order.orderDate ?? null,
      externalId: order.externalId ?? null,
      items: order.serviceOrderItem.length,
      specifications: [...new Set(order.serviceOrderItem.map((item) => item.service.serviceSpecification?.name ?? item.service.serviceSpecification?.id ?? "?"))],
    };
  });
}

/** An order with its delegations and history, as the order page and its polling route show it. */
export interface OrderDetail {
  order: ServiceOrderDocument;
  final: boolean;
  delegations: {
    id: string;
    peerId: string | null;
    peerName: string;
    orderItemIds: string[];
    remoteOrderId: string | null;
    remoteState: string | null;
    failedAttempts: number;
    lastSyncAt: string | null;
    lastError: string | null;
  }[];
  history: { seq: number; state: string; changedAt: string; message: string | null; orderItemId: string | null; itemState: string | null }[];
}

export async function loadOrderDetail(db: EsoDb, id: string, principal: Principal): Promise<OrderDetail> {
  const order = await getDocument<ServiceOrderDocument>(db, schema.serviceOrder, "ServiceOrder", id);
  assertOrderVisible(principal, order);
  const [delegations, history] = await Promise.all([
    db.select().from(schema.serviceOrderDelegation).where(eq(schema.serviceOrderDelegation.serviceOrderId, id)).orderBy(asc(schema.serviceOrderDelegation.peerName)),
    db.select().from(schema.serviceOrderStateHistory).where(eq(schema.serviceOrderStateHistory.serviceOrderId, id)).orderBy(asc(schema.serviceOrderStateHistory.seq)),
  ]);
  return {
    order,
    final: isFinalOrderState(order.state),
    delegations: delegations.map((delegation) => ({
      id: delegation.id,
      peerId: delegation.peerId,
      peerName: delegation.peerName,
      orderItemIds: delegation.orderItemIds,
      remoteOrderId: delegation.remoteOrderId,
      remoteState: delegation.remoteState,
      failedAttempts: delegation.failedAttempts,
      lastSyncAt: delegation.lastSyncAt?.toISOString() ?? null,
      lastError: delegation.lastError,
    })),
    history: history.map((row) => ({
      seq: row.seq,
      state: row.state,
      changedAt: row.changedAt.toISOString(),
      message: row.detail?.message ?? null,
      orderItemId: row.detail?.orderItemId ?? null,
      itemState: row.detail?.itemState ?? null,
    })),
  };
}
