import { and, asc, desc, eq, type SQL } from "drizzle-orm";
import { bmpSchema } from "@cop-pilot/db";
import { notFound, type Db, type Principal } from "@cop-pilot/tmf-server";
import { isCustomer } from "../access";
import type { ProductOrderDocument } from "./documents";
import { toCustomerProgress } from "./customer-view";
import { customerIdOf } from "./place-order";

const { productOrder, productOrderStateHistory } = bmpSchema;

/** Limits a query to the orders the caller may see: a customer's own, or every order for anyone else. */
export function visibleOrders(principal: Principal): SQL | undefined {
  return isCustomer(principal) ? eq(productOrder.customerId, customerIdOf(principal)) : undefined;
}

/** Loads an order the caller may see, or throws 404; another customer's order is reported as missing. */
export async function getVisibleOrder(db: Db, principal: Principal, id: string): Promise<ProductOrderDocument> {
  const [row] = await db
    .select({ document: productOrder.document })
    .from(productOrder)
    .where(and(eq(productOrder.id, id), visibleOrders(principal)))
    .limit(1);
  if (!row) throw notFound("ProductOrder", id);
  return row.document as ProductOrderDocument;
}

export interface OrderHistoryEntry {
  state: string;
  changedAt: string;
  message?: string;
  serviceOrderState?: string;
  itemStates?: Record<string, string>;
}

/** Reason, in words for the customer, that an order ended without being fully completed. */
export interface OrderOutcome {
  title: string;
  reason: string;
}

export interface OrderProgress {
  order: ProductOrderDocument;
  history: OrderHistoryEntry[];
  /**
   * The processor's retry state while calls to the ESO fail. `lastError` names
   * the ESO's address, so only business admins and API clients get it.
   */
  retry: { failing: boolean; attemptCount: number; lastError: string | null; nextAttemptAt: string | null };
  /** Set for customers only, whose view of a failed order has no technical notes. */
  outcome?: OrderOutcome;
}

/**
 * Loads an order the caller may see with its state history, oldest first,
 * and its retry state. A customer gets the plain view of `toCustomerProgress`.
 */
export async function getOrderProgress(db: Db, principal: Principal, id: string): Promise<OrderProgress> {
  const [row] = await db
    .select({
      document: productOrder.document,
      attemptCount: productOrder.attemptCount,
      lastError: productOrder.lastError,
      nextAttemptAt: productOrder.nextAttemptAt,
    })
    .from(productOrder)
    .where(and(eq(productOrder.id, id), visibleOrders(principal)))
    .limit(1);
  if (!row) throw notFound("ProductOrder", id);

  const history = await db
    .select()
    .from(productOrderStateHistory)
    .where(eq(productOrderStateHistory.productOrderId, id))
    .orderBy(asc(productOrderStateHistory.seq));
  const progress: OrderProgress = {
    order: row.document as ProductOrderDocument,
    history: history.map((entry) => ({
      state: entry.state,
      changedAt: entry.changedAt.toISOString(),
      ...(entry.detail ?? {}),
    })),
    retry: {
      failing: row.lastError !== null,
      attemptCount: row.attemptCount,
      lastError: isCustomer(principal) ? null : row.lastError,
      nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    },
  };
  return isCustomer(principal) ? toCustomerProgress(progress) : progress;
}

/** Lists the orders the caller may see, newest first. */
export async function listVisibleOrders(db: Db, principal: Principal, limit = 200): Promise<ProductOrderDocument[]> {
  const rows = await db
    .select({ document: productOrder.document })
    .from(productOrder)
    .where(visibleOrders(principal))
    .orderBy(desc(productOrder.lastUpdate))
    .limit(limit);
  return rows.map((row) => row.document as ProductOrderDocument);
}
