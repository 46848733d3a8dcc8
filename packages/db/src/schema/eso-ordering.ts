import { pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

// ESO only: bookkeeping of the TMF641 orders the ESO accepts.

/**
 * The order created for each `Idempotency-Key` a client sent, so that a client
 * that repeats a POST after a timeout gets the first order back instead of a
 * second one. Keys are scoped by the client that sent them.
 */
export const serviceOrderIdempotencyKey = pgTable(
  "service_order_idempotency_key",
  {
    clientId: text().notNull(),
    key: text().notNull(),
    /** SHA-256 of the request body; a reused key with another body is rejected. */
    requestHash: text().notNull(),
    serviceOrderId: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.clientId, table.key] })],
);
