import "server-only";
import { count, desc, eq } from "drizzle-orm";
import type { Db } from "@cop-pilot/tmf-server";
import { schema } from "../db";
import type { ServiceOrderDocument } from "../ordering/documents";
import { listStateHistory, type StateHistoryRow } from "../ordering/history";
import { findServiceOrder } from "../ordering/store";

const { serviceOrder } = schema;

export interface OrderWithHistory {
  order: ServiceOrderDocument;
  history: StateHistoryRow[];
}

/** Counts the orders in each state. */
export async function countOrdersByState(database: Db): Promise<Record<string, number>> {
  const rows = await database.select({ state: serviceOrder.state, total: count() }).from(serviceOrder).groupBy(serviceOrder.state);
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.total)]));
}

/** Lists the newest orders, optionally of one state. */
export async function listRecentOrders(database: Db, options: { state?: string; limit: number }): Promise<ServiceOrderDocument[]> {
  const rows = await database
    .select({ document: serviceOrder.document })
    .from(serviceOrder)
    .where(options.state ? eq(serviceOrder.state, options.state) : undefined)
    .orderBy(desc(serviceOrder.lastUpdate))
    .limit(options.limit);
  return rows.map((row) => row.document as ServiceOrderDocument);
}

export async function findOrderWithHistory(database: Db, id: string): Promise<OrderWithHistory | undefined> {
  const order = await findServiceOrder(database, id);
  if (!order) return undefined;
  return { order, history: await listStateHistory(database, id) };
}
