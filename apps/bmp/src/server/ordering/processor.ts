import { and, asc, desc, eq, inArray, isNotNull, lte } from "drizzle-orm";
import { bmpSchema } from "@cop-pilot/db";
import { continueTrace, createLogger, type Logger } from "@cop-pilot/logger";
import { TmfClientError, type ServiceClient } from "@cop-pilot/tmf-client";
import type { ServiceOrder } from "@cop-pilot/tmf-schemas";
import { replaceDocument, type Db } from "@cop-pilot/tmf-server";
import type { CancelProductOrderDocument, OrderNote, ProductOrderDocument } from "./documents";
import { recordOrderState, type StateHistoryDetail } from "./history";
import { isFinalOrderState, productOrderItemStateFor, productOrderStateFor } from "./states";
import { toServiceOrder } from "./translate";

// The order processor moves each accepted product order through the ESO:
// it places one ESO service order, then polls it and mirrors its state onto
// the product order until the order is final, and forwards cancellations.
// All progress lives in the database (`next_attempt_at` records when an
// order needs work), so a restarted BMP resumes where it stopped, and several BMP
// processes share the work through FOR UPDATE SKIP LOCKED.

const { cancelProductOrder, productOrder } = bmpSchema;

export interface OrderProcessorOptions {
  eso: ServiceClient;
  /** Time between two polls of an ESO order that is not final, in milliseconds. */
  pollIntervalMs: number;
  /** First retry delay after a failed ESO call, in milliseconds; it doubles with each further failure. */
  retryBaseMs?: number;
  /** Maximum retry delay, in milliseconds. */
  retryMaxMs?: number;
  /** Orders handled per pass at most. */
  batchSize?: number;
  now?: () => Date;
  log?: Logger;
}

type OrderRow = typeof productOrder.$inferSelect;

interface Step {
  tx: Db;
  row: OrderRow;
  order: ProductOrderDocument;
  now: Date;
  options: OrderProcessorOptions;
  log: Logger;
}

const defaultLog = createLogger("order-processor");

/**
 * True when a failed ESO call may succeed later: the ESO was unreachable,
 * timed out, failed (5xx), throttled us (429) or refused our credentials
 * (401/403, a configuration problem rather than a problem of the order).
 * Errors that are not ESO replies are retried too, so no order fails
 * because of a passing fault in the BMP itself.
 */
function isTransient(error: unknown): boolean {
  if (!(error instanceof TmfClientError)) return true;
  return error.retryable || [401, 403, 408].includes(error.status);
}

function reasonOf(error: unknown): string {
  if (error instanceof TmfClientError && error.body) {
    return [error.body.reason, error.body.message].filter(Boolean).join(": ") || error.message;
  }
  return (error as Error).message;
}

function retryDelay(options: OrderProcessorOptions, attemptCount: number): number {
  const base = options.retryBaseMs ?? 1000;
  const max = options.retryMaxMs ?? 60_000;
  return Math.min(max, base * 2 ** Math.min(attemptCount - 1, 20));
}

function later(now: Date, ms: number): Date {
  return new Date(now.getTime() + ms);
}

async function save(step: Step, order: ProductOrderDocument, columns: Partial<OrderRow>): Promise<void> {
  await replaceDocument(step.tx, productOrder, "ProductOrder", order, { state: order.state, attemptCount: 0, lastError: null, ...columns });
}

/** Keeps the order as it is and schedules the next attempt with exponential backoff. */
async function scheduleRetry(step: Step, error: unknown, action: string): Promise<void> {
  const attemptCount = step.row.attemptCount + 1;
  const delayMs = retryDelay(step.options, attemptCount);
  const lastError = `${action} failed: ${(error as Error).message}`;
  await step.tx
    .update(productOrder)
    .set({ attemptCount, lastError, nextAttemptAt: later(step.now, delayMs) })
    .where(eq(productOrder.id, step.row.id));
  const context = { productOrderId: step.row.id, attemptCount, retryInMs: delayMs };
  // An unreachable or rejecting ESO is an expected condition, so its message is enough. Any other error is logged with its stack.
  if (error instanceof TmfClientError) step.log.warn({ ...context, status: error.status, error: error.message }, `${action} failed; will retry`);
  else step.log.error({ ...context, err: error }, `${action} failed; will retry`);
}

function note(author: string, text: string, now: Date): OrderNote {
  return { author, date: now.toISOString(), text };
}

/** Fails the order and every item that is not final, with the reason as a note and a history row. */
async function failOrder(step: Step, message: string, detail: StateHistoryDetail = {}): Promise<void> {
  const { order, now } = step;
  const failed: ProductOrderDocument = {
    ...order,
    state: "failed",
    completionDate: now.toISOString(),
    productOrderItem: order.productOrderItem.map((item) => (isFinalItemState(item.state) ? item : { ...item, state: "failed" })),
    note: [...(order.note ?? []), note("BMP", message, now)],
  };
  await save(step, failed, { nextAttemptAt: null });
  await recordOrderState(step.tx, order.id, "failed", { message, ...detail }, now);
  step.log.warn({ productOrderId: order.id, reason: message }, "product order failed");
}

function isFinalItemState(state: string): boolean {
  return ["completed", "failed", "cancelled", "rejected"].includes(state);
}

interface Mirrored {
  order: ProductOrderDocument;
  /** Whether the ESO reported anything new: order state, an item state or a note. */
  changed: boolean;
  detail: StateHistoryDetail;
}

/** Carries the ESO order's state, item states and notes over to the product order. */
function mirror(order: ProductOrderDocument, serviceOrder: ServiceOrder, now: Date): Mirrored {
  const state = productOrderStateFor(serviceOrder.state) ?? order.state;
  const itemStates: Record<string, string> = {};
  const items = order.productOrderItem.map((item) => {
    const reported = serviceOrder.serviceOrderItem.find((candidate) => candidate.id === item.id);
    const itemState = productOrderItemStateFor(reported?.state);
    if (itemState === undefined || itemState === item.state) return item;
    itemStates[item.id] = itemState;
    return { ...item, state: itemState };
  });

  const known = new Set((order.note ?? []).map((entry) => `${entry.date ?? ""}|${entry.text}`));
  const reportedNotes = (serviceOrder.note ?? []).filter((entry) => !known.has(`${entry.date ?? ""}|${entry.text}`));
  const newNotes = reportedNotes.map((entry) => ({ ...entry, author: entry.author ?? "ESO" }));

  const serviceOrderChanged = order.serviceOrder?.state !== serviceOrder.state;
  const changed = state !== order.state || serviceOrderChanged || Object.keys(itemStates).length > 0 || newNotes.length > 0;
  const finalNow = isFinalOrderState(state) && !isFinalOrderState(order.state);

  const updated: ProductOrderDocument = {
    ...order,
    state,
    productOrderItem: items,
    serviceOrder: { id: serviceOrder.id, href: serviceOrder.href, state: serviceOrder.state, "@referredType": "ServiceOrder" },
    ...(newNotes.length > 0 ? { note: [...(order.note ?? []), ...newNotes] } : {}),
    ...(finalNow ? { completionDate: serviceOrder.completionDate ?? now.toISOString() } : {}),
  };

  const itemSummary = Object.entries(itemStates).map(([id, itemState]) => `item ${id} ${itemState}`);
  const noteSummary = newNotes.map((entry) => entry.text);
  let message = [`The ESO reports service order ${serviceOrder.id} ${serviceOrder.state}`, ...itemSummary].join(", ");
  if (noteSummary.length > 0) message += `: ${noteSummary.join("; ")}`;
  return {
    order: updated,
    changed,
    detail: {
      message,
      serviceOrderId: serviceOrder.id,
      serviceOrderState: serviceOrder.state,
      ...(Object.keys(itemStates).length > 0 ? { itemStates } : {}),
    },
  };
}

async function applyServiceOrder(step: Step, serviceOrder: ServiceOrder, placed: boolean): Promise<void> {
  const { order, now, options } = step;
  const mirrored = mirror(order, serviceOrder, now);
  const final = isFinalOrderState(mirrored.order.state);
  const nextAttemptAt = final ? null : later(now, options.pollIntervalMs);

  if (!mirrored.changed && !placed) {
    await step.tx.update(productOrder).set({ attemptCount: 0, lastError: null, nextAttemptAt }).where(eq(productOrder.id, order.id));
    return;
  }
  await save(step, mirrored.order, { serviceOrderId: serviceOrder.id, nextAttemptAt });
  const detail = placed
    ? { ...mirrored.detail, message: `Service order ${serviceOrder.id} placed at the ESO, which reports it ${serviceOrder.state}` }
    : mirrored.detail;
  await recordOrderState(step.tx, order.id, mirrored.order.state, detail, now);
  if (mirrored.order.state !== order.state) {
    step.log.info({ productOrderId: order.id, serviceOrderId: serviceOrder.id, from: order.state, to: mirrored.order.state }, "product order state changed");
  }
}

/** Places the ESO service order; the product order id as Idempotency-Key makes a retry return the same ESO order. */
async function placeServiceOrder(step: Step): Promise<void> {
  let serviceOrder: ServiceOrder;
  try {
    serviceOrder = await step.options.eso.createServiceOrder(toServiceOrder(step.order), step.order.id);
  } catch (error) {
    if (isTransient(error)) return scheduleRetry(step, error, "Placing the ESO service order");
    return failOrder(step, `The ESO rejected the service order: ${reasonOf(error)}`);
  }
  await applyServiceOrder(step, serviceOrder, true);
}

async function pollServiceOrder(step: Step, serviceOrderId: string): Promise<void> {
  let serviceOrder: ServiceOrder;
  try {
    serviceOrder = await step.options.eso.getServiceOrder(serviceOrderId);
  } catch (error) {
    if (error instanceof TmfClientError && error.status === 404) {
      return failOrder(step, `The ESO no longer knows service order ${serviceOrderId}`, { serviceOrderId });
    }
    return scheduleRetry(step, error, `Reading ESO service order ${serviceOrderId}`);
  }
  await applyServiceOrder(step, serviceOrder, false);
}

/**
 * Finds the ESO order placed for this product order when the BMP did not get
 * to store its id: the placing call may have reached the ESO just before a
 * crash or a timeout.
 */
async function findPlacedServiceOrder(step: Step): Promise<string | undefined> {
  const { items } = await step.options.eso.listServiceOrders({ externalId: step.order.id });
  return items.find((candidate) => candidate.externalId === step.order.id)?.id;
}

async function setCancellationState(step: Step, cancellation: CancelProductOrderDocument | undefined, state: string): Promise<void> {
  if (!cancellation) return;
  const updated = { ...cancellation, state, ...(state === "done" ? { effectiveCancellationDate: step.now.toISOString() } : {}) };
  await replaceDocument(step.tx, cancelProductOrder, "CancelProductOrder", updated, { state });
}

/** Builds the reference to the ESO order as the ESO last reported it. Without a report, the state is left out rather than kept stale. */
function serviceOrderRef(order: ProductOrderDocument, serviceOrderId: string, reported: ServiceOrder | undefined): ProductOrderDocument["serviceOrder"] {
  const { state: _stale, ...previous } = order.serviceOrder ?? { id: serviceOrderId };
  if (!reported) return { ...previous, id: serviceOrderId, "@referredType": "ServiceOrder" };
  return { ...previous, id: reported.id, href: reported.href, state: reported.state, "@referredType": "ServiceOrder" };
}

/**
 * Moves the order and its open items to cancelled and completes the
 * cancellation request. `reported` is the ESO order as read last, so the
 * order keeps the ESO's final state rather than the one seen before.
 */
async function finishCancellation(
  step: Step,
  cancellation: CancelProductOrderDocument | undefined,
  serviceOrderId: string | undefined,
  message: string,
  reported?: ServiceOrder,
): Promise<void> {
  const { order, now } = step;
  const cancelled: ProductOrderDocument = {
    ...order,
    state: "cancelled",
    cancellationDate: now.toISOString(),
    productOrderItem: order.productOrderItem.map((item) => (isFinalItemState(item.state) ? item : { ...item, state: "cancelled" })),
    ...(serviceOrderId ? { serviceOrder: serviceOrderRef(order, serviceOrderId, reported) } : {}),
  };
  await save(step, cancelled, { serviceOrderId: serviceOrderId ?? null, nextAttemptAt: null });
  await setCancellationState(step, cancellation, "done");
  const detail = { message, ...(serviceOrderId ? { serviceOrderId } : {}), ...(reported ? { serviceOrderState: reported.state } : {}) };
  await recordOrderState(step.tx, order.id, "cancelled", detail, now);
  step.log.info({ productOrderId: order.id, serviceOrderId }, "product order cancelled");
}

/**
 * Follows a cancellation the ESO has accepted until the ESO order is final:
 * cancelled, or finished some other way because it completed or failed
 * before the cancellation reached the domain.
 */
async function awaitCancellation(step: Step, cancellation: CancelProductOrderDocument | undefined, serviceOrderId: string): Promise<void> {
  const { order, now, options } = step;
  let serviceOrder: ServiceOrder;
  try {
    serviceOrder = await options.eso.getServiceOrder(serviceOrderId);
  } catch (error) {
    if (error instanceof TmfClientError && error.status === 404) {
      return finishCancellation(step, cancellation, serviceOrderId, `The ESO no longer knows service order ${serviceOrderId}, so the cancellation is complete`);
    }
    return scheduleRetry(step, error, `Reading ESO service order ${serviceOrderId}`);
  }

  const reported = productOrderStateFor(serviceOrder.state);
  if (reported === "cancelled") {
    return finishCancellation(step, cancellation, serviceOrderId, `The ESO reports service order ${serviceOrderId} cancelled`, serviceOrder);
  }
  if (reported === undefined || !isFinalOrderState(reported)) {
    await step.tx.update(productOrder).set({ attemptCount: 0, lastError: null, nextAttemptAt: later(now, options.pollIntervalMs) }).where(eq(productOrder.id, order.id));
    return;
  }

  // The ESO order ended before the cancellation took effect; the order keeps the outcome the ESO reports.
  const mirrored = mirror(order, serviceOrder, now);
  const message = `${mirrored.detail.message}. It ended before the cancellation took effect.`;
  const finished: ProductOrderDocument = { ...mirrored.order, note: [...(mirrored.order.note ?? []), note("BMP", message, now)] };
  await save(step, finished, { serviceOrderId, nextAttemptAt: null });
  await setCancellationState(step, cancellation, "terminatedWithError");
  await recordOrderState(step.tx, order.id, finished.state, { ...mirrored.detail, message }, now);
  step.log.info({ productOrderId: order.id, serviceOrderId, state: finished.state }, "the ESO order ended before the cancellation took effect");
}

/**
 * Forwards a cancellation to the ESO: cancels the ESO service order when
 * there is one, then waits for the ESO's outcome. Without an ESO order the
 * product order is cancelled at once.
 */
async function cancelOrder(step: Step): Promise<void> {
  const { tx, order, now } = step;
  const [cancellationRow] = await tx
    .select({ document: cancelProductOrder.document })
    .from(cancelProductOrder)
    .where(and(eq(cancelProductOrder.productOrderId, order.id), inArray(cancelProductOrder.state, ["acknowledged", "inProgress"])))
    .orderBy(desc(cancelProductOrder.lastUpdate))
    .limit(1)
    .for("update");
  const cancellation = cancellationRow?.document as CancelProductOrderDocument | undefined;

  // A cancellation in progress has already been accepted by the ESO.
  if (cancellation?.state === "inProgress" && step.row.serviceOrderId) return awaitCancellation(step, cancellation, step.row.serviceOrderId);

  let serviceOrderId = step.row.serviceOrderId ?? undefined;
  if (!serviceOrderId) {
    try {
      serviceOrderId = await findPlacedServiceOrder(step);
    } catch (error) {
      if (isTransient(error)) return scheduleRetry(step, error, "Looking up the ESO service order to cancel");
      step.log.warn({ productOrderId: order.id, err: error }, "the ESO did not list service orders by externalId; cancelling as if none was placed");
    }
  }
  if (!serviceOrderId) return finishCancellation(step, cancellation, undefined, "Cancelled before any service order was placed");

  try {
    await step.options.eso.cancelServiceOrder(serviceOrderId, order.cancellationReason);
  } catch (error) {
    if (isTransient(error)) return scheduleRetry(step, error, `Cancelling ESO service order ${serviceOrderId}`);
    const message = `The ESO rejected the cancellation of service order ${serviceOrderId}: ${reasonOf(error)}. The order continues.`;
    await setCancellationState(step, cancellation, "terminatedWithError");
    const resumed: ProductOrderDocument = { ...order, state: "inProgress", note: [...(order.note ?? []), note("BMP", message, now)] };
    // Poll at once: the ESO order has most likely just reached a final state.
    await save(step, resumed, { serviceOrderId, nextAttemptAt: now });
    await recordOrderState(tx, order.id, "inProgress", { message, serviceOrderId }, now);
    step.log.info({ productOrderId: order.id, serviceOrderId, reason: reasonOf(error) }, "the ESO rejected a cancellation");
    return;
  }

  await setCancellationState(step, cancellation, "inProgress");
  const forwarded: ProductOrderDocument = { ...order, serviceOrder: { ...order.serviceOrder, id: serviceOrderId, "@referredType": "ServiceOrder" } };
  await save(step, forwarded, { serviceOrderId, nextAttemptAt: later(now, step.options.pollIntervalMs) });
  await recordOrderState(tx, order.id, "pendingCancellation", { message: `The ESO accepted the cancellation of service order ${serviceOrderId}`, serviceOrderId }, now);
}

/**
 * Does the next piece of work on one order, if it is due and no other
 * process has locked it. Returns false when there was nothing to do.
 */
export async function processProductOrder(db: Db, id: string, options: OrderProcessorOptions): Promise<boolean> {
  const log = options.log ?? defaultLog;
  return db.transaction(async (tx) => {
    const now = options.now?.() ?? new Date();
    const [row] = await tx
      .select()
      .from(productOrder)
      .where(and(eq(productOrder.id, id), lte(productOrder.nextAttemptAt, now)))
      .for("update", { skipLocked: true });
    if (!row) return false;

    const step: Step = { tx, row, order: row.document as ProductOrderDocument, now, options, log };
    await continueTrace(row.traceparent, async () => {
      if (step.order.state === "pendingCancellation") await cancelOrder(step);
      else if (isFinalOrderState(step.order.state)) await tx.update(productOrder).set({ nextAttemptAt: null }).where(eq(productOrder.id, id));
      else if (!row.serviceOrderId) await placeServiceOrder(step);
      else await pollServiceOrder(step, row.serviceOrderId);
    });
    return true;
  });
}

/** Works once through the orders that are due, oldest due first; returns how many it handled. */
export async function runOrderProcessorPass(db: Db, options: OrderProcessorOptions): Promise<number> {
  const now = options.now?.() ?? new Date();
  const due = await db
    .select({ id: productOrder.id })
    .from(productOrder)
    .where(and(isNotNull(productOrder.nextAttemptAt), lte(productOrder.nextAttemptAt, now)))
    .orderBy(asc(productOrder.nextAttemptAt))
    .limit(options.batchSize ?? 20);
  let handled = 0;
  for (const { id } of due) {
    try {
      if (await processProductOrder(db, id, options)) handled += 1;
    } catch (error) {
      // One broken order must not stop the others; it stays due and is tried again next pass.
      (options.log ?? defaultLog).error({ productOrderId: id, err: error }, "processing a product order failed");
    }
  }
  return handled;
}

export interface RunningProcessor {
  stop(): Promise<void>;
}

/** Runs passes every `pollIntervalMs`, one at a time, until stopped; a failed pass is logged and the next one runs. */
export function startOrderProcessor(db: Db, options: OrderProcessorOptions): RunningProcessor {
  const log = options.log ?? defaultLog;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;

  const tick = () => {
    current = runOrderProcessorPass(db, options)
      .then(
        () => undefined,
        (error) => log.error({ err: error }, "order processor pass failed"),
      )
      .finally(() => {
        current = undefined;
        if (!stopped) timer = setTimeout(tick, options.pollIntervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  log.info({ pollIntervalMs: options.pollIntervalMs }, "order processor started");

  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
      log.info("order processor stopped");
    },
  };
}
