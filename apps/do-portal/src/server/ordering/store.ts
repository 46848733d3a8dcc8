import "server-only";
import { and, asc, eq, lte, notInArray, sql, type SQL } from "drizzle-orm";
import { traceparentForLater } from "@cop-pilot/logger";
import { insertDocument, notFound, replaceDocument, type Db } from "@cop-pilot/tmf-server";
import { schema } from "../db";
import type { CancelServiceOrderDocument, ServiceOrderDocument } from "./documents";

const { serviceOrder, cancelServiceOrder } = schema;

/** When the processor next has work on an order: a time, or null once the order is final. */
export type NextAttempt = SQL | Date | null;

/** Returns the time `milliseconds` after now by the database's clock, so that every process schedules by one clock. */
export function afterMilliseconds(milliseconds: number): SQL {
  return sql`now() + ${Math.max(0, Math.round(milliseconds))} * interval '1 millisecond'`;
}

// `nextAttemptAt` undefined leaves the processor's schedule as it is.
function orderColumns(order: ServiceOrderDocument, nextAttemptAt: NextAttempt | undefined) {
  return { state: order.state, externalId: order.externalId ?? null, ...(nextAttemptAt === undefined ? {} : { nextAttemptAt }) };
}

export async function findServiceOrder(database: Db, id: string): Promise<ServiceOrderDocument | undefined> {
  const [row] = await database.select({ document: serviceOrder.document }).from(serviceOrder).where(eq(serviceOrder.id, id));
  return row?.document as ServiceOrderDocument | undefined;
}

/** Loads an order or throws a 404 TMF error. */
export async function getServiceOrder(database: Db, id: string): Promise<ServiceOrderDocument> {
  const order = await findServiceOrder(database, id);
  if (!order) throw notFound("ServiceOrder", id);
  return order;
}

/** Loads an order and locks its row until the transaction ends; waits while the processor holds it. */
export async function lockServiceOrder(tx: Db, id: string): Promise<ServiceOrderDocument> {
  const [row] = await tx.select({ document: serviceOrder.document }).from(serviceOrder).where(eq(serviceOrder.id, id)).for("update");
  if (!row) throw notFound("ServiceOrder", id);
  return row.document as ServiceOrderDocument;
}

export async function insertServiceOrder(tx: Db, order: ServiceOrderDocument, nextAttemptAt: NextAttempt): Promise<ServiceOrderDocument> {
  return insertDocument(tx, serviceOrder, order, { ...orderColumns(order, nextAttemptAt), traceparent: traceparentForLater() });
}

/** Writes the order document back; `lastUpdate` is set here. Without `nextAttemptAt` the schedule stays. */
export async function saveServiceOrder(tx: Db, order: ServiceOrderDocument, nextAttemptAt?: NextAttempt): Promise<ServiceOrderDocument> {
  const stored = await replaceDocument(tx, serviceOrder, "ServiceOrder", order, orderColumns(order, nextAttemptAt));
  order.lastUpdate = stored.lastUpdate;
  return stored;
}

export async function rescheduleServiceOrder(tx: Db, id: string, nextAttemptAt: NextAttempt): Promise<void> {
  await tx.update(serviceOrder).set({ nextAttemptAt }).where(eq(serviceOrder.id, id));
}

/**
 * Claims the order that has waited longest for the processor, skipping orders
 * that another transaction has locked and those in `skipIds`. The row stays
 * locked until the transaction ends.
 */
export async function claimDueServiceOrder(
  tx: Db,
  skipIds: readonly string[],
): Promise<{ order: ServiceOrderDocument; traceparent: string | null } | undefined> {
  const conditions = [lte(serviceOrder.nextAttemptAt, sql`now()`)];
  if (skipIds.length > 0) conditions.push(notInArray(serviceOrder.id, [...skipIds]));
  const [row] = await tx
    .select({ document: serviceOrder.document, traceparent: serviceOrder.traceparent })
    .from(serviceOrder)
    .where(and(...conditions))
    .orderBy(asc(serviceOrder.nextAttemptAt))
    .limit(1)
    .for("update", { skipLocked: true });
  return row && { order: row.document as ServiceOrderDocument, traceparent: row.traceparent };
}

export async function deleteServiceOrder(tx: Db, id: string): Promise<void> {
  await tx.delete(serviceOrder).where(eq(serviceOrder.id, id));
}

export async function insertCancelServiceOrder(tx: Db, request: CancelServiceOrderDocument): Promise<CancelServiceOrderDocument> {
  return insertDocument(tx, cancelServiceOrder, request, { state: request.state, serviceOrderId: request.serviceOrder.id });
}

export async function saveCancelServiceOrder(tx: Db, request: CancelServiceOrderDocument): Promise<CancelServiceOrderDocument> {
  return replaceDocument(tx, cancelServiceOrder, "CancelServiceOrder", request, { state: request.state, serviceOrderId: request.serviceOrder.id });
}

/** Lists the cancellation requests of an order that still wait for its deployments to go. */
export async function listOpenCancelRequests(tx: Db, serviceOrderId: string): Promise<CancelServiceOrderDocument[]> {
  const rows = await tx
    .select({ document: cancelServiceOrder.document })
    .from(cancelServiceOrder)
    .where(and(eq(cancelServiceOrder.serviceOrderId, serviceOrderId), eq(cancelServiceOrder.state, "inProgress")));
  return rows.map((row) => row.document as CancelServiceOrderDocument);
}
