import { pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { serviceOrder } from "./ordering";

/**
 * DO only: the `Idempotency-Key` of each service order request, so that a
 * client that retries a POST gets the order it placed instead of a second one.
 * Keys are scoped to the client that sent them.
 */
export const serviceOrderIdempotencyKey = pgTable(
  "service_order_idempotency_key",
  {
    /** Principal id of the caller: an API client name or a user id. */
    clientId: text().notNull(),
    key: text().notNull(),
    serviceOrderId: text()
      .notNull()
      .references(() => serviceOrder.id, { onDelete: "cascade" }),
    /** SHA-256 of the request body in canonical JSON, to detect a key reused for another request. */
    requestHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.clientId, table.key] })],
);
