import { bmpSchema } from "@cop-pilot/db";
import type { Db } from "@cop-pilot/tmf-server";

export type StateHistoryDetail = NonNullable<typeof bmpSchema.productOrderStateHistory.$inferInsert.detail>;

/** Appends a row to the order's state history: the state it is in now and what moved it there. */
export async function recordOrderState(tx: Db, productOrderId: string, state: string, detail: StateHistoryDetail, changedAt = new Date()): Promise<void> {
  await tx.insert(bmpSchema.productOrderStateHistory).values({ productOrderId, state, detail, changedAt });
}
