import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { tmfResourceColumns, type TmfDocument } from "./columns";

// BMP: TMF620 Product Catalog Management and TMF622 Product Ordering.

export const productCatalog = pgTable("product_catalog", {
  ...tmfResourceColumns<TmfDocument>(),
  name: text().notNull(),
  lifecycleStatus: text(),
});

export const productCategory = pgTable("product_category", {
  ...tmfResourceColumns<TmfDocument>(),
  name: text().notNull(),
  lifecycleStatus: text(),
});

export const productSpecification = pgTable("product_specification", {
  ...tmfResourceColumns<TmfDocument>(),
  name: text().notNull(),
  version: text(),
  lifecycleStatus: text(),
});

export const productOffering = pgTable(
  "product_offering",
  {
    ...tmfResourceColumns<TmfDocument>(),
    name: text().notNull(),
    version: text(),
    lifecycleStatus: text(),
    /**
     * The product specification the offering sells, as in `document.productSpecification.id`.
     * The foreign key keeps a specification from being deleted while an offering sells it.
     */
    productSpecificationId: text().references(() => productSpecification.id, { onDelete: "restrict" }),
  },
  (table) => [index().on(table.lifecycleStatus), index().on(table.productSpecificationId)],
);

export const productOfferingPrice = pgTable("product_offering_price", {
  ...tmfResourceColumns<TmfDocument>(),
  name: text().notNull(),
  lifecycleStatus: text(),
});

export const productOrder = pgTable(
  "product_order",
  {
    ...tmfResourceColumns<TmfDocument>(),
    state: text().notNull(),
    /** Owner of the order: the user who placed it, or the API client. */
    customerId: text(),
    /** The ESO service order that fulfils this product order; null until the ESO accepted it. */
    serviceOrderId: text(),
    /** W3C trace context of the request that placed the order; the processor's work and calls continue that trace. */
    traceparent: text(),
    /** When the order processor next has work to do on this order; null once the order is final. */
    nextAttemptAt: timestamp({ withTimezone: true }),
    /** Failed ESO calls in a row; sets the retry backoff and returns to 0 after a successful call. */
    attemptCount: integer().notNull().default(0),
    /** Error message of the last failed ESO call; null after a successful call. */
    lastError: text(),
    /** The `Idempotency-Key` header of the request that created the order, unique per customer. */
    idempotencyKey: text(),
    /** SHA-256 of that request's body, so a reused key with another body can be rejected. */
    requestDigest: text(),
  },
  (table) => [
    index().on(table.state),
    index().on(table.nextAttemptAt),
    index().on(table.customerId),
    uniqueIndex().on(table.customerId, table.idempotencyKey),
  ],
);

export const productOrderStateHistory = pgTable(
  "product_order_state_history",
  {
    seq: bigserial({ mode: "number" }).primaryKey(),
    productOrderId: text()
      .notNull()
      .references(() => productOrder.id, { onDelete: "cascade" }),
    state: text().notNull(),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    detail: jsonb().$type<{ message?: string; serviceOrderId?: string; serviceOrderState?: string; itemStates?: Record<string, string> }>(),
  },
  (table) => [index().on(table.productOrderId)],
);

export const cancelProductOrder = pgTable(
  "cancel_product_order",
  {
    ...tmfResourceColumns<TmfDocument>(),
    state: text().notNull(),
    productOrderId: text().notNull(),
  },
  (table) => [index().on(table.productOrderId)],
);
