import { schema, type EsoDb } from "../db";

export type HistoryDetail = { message?: string; orderItemId?: string; itemState?: string };

/** Appends a row to the order's state history. */
export async function recordHistory(db: EsoDb, serviceOrderId: string, state: string, detail: HistoryDetail): Promise<void> {
  await db.insert(schema.serviceOrderStateHistory).values({ serviceOrderId, state, detail });
}
