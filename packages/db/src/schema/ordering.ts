import { bigserial, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { tmfResourceColumns, type TmfDocument } from "./columns";

// TMF641 Service Ordering.

export const serviceOrder = pgTable(
  "service_order",
  {
    ...tmfResourceColumns<TmfDocument>(),
    state: text().notNull(),
    externalId: text(),
    /** When the order processor next has work to do on this order; null once the order is final. */
    nextAttemptAt: timestamp({ withTimezone: true }),
    /** W3C trace context of the request that placed the order; the processor's work and calls continue that trace. */
    traceparent: text(),
  },
  (table) => [index().on(table.state), index().on(table.nextAttemptAt)],
);

/** Every state an order has been in, in order, with what moved it there. */
export const serviceOrderStateHistory = pgTable(
  "service_order_state_history",
  {
    seq: bigserial({ mode: "number" }).primaryKey(),
    serviceOrderId: text()
      .notNull()
      .references(() => serviceOrder.id, { onDelete: "cascade" }),
    state: text().notNull(),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    detail: jsonb().$type<{ message?: string; orderItemId?: string; itemState?: string }>(),
  },
  (table) => [index().on(table.serviceOrderId)],
);

export const cancelServiceOrder = pgTable("cancel_service_order", {
  ...tmfResourceColumns<TmfDocument>(),
  state: text().notNull(),
  serviceOrderId: text().notNull(),
});
