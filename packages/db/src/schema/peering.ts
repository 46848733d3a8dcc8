import { doublePrecision, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

// ESO only: the Domain Orchestrators the ESO federates, and the per-domain
// orders it delegated to them.

export const peer = pgTable("peer", {
  id: text().primaryKey(),
  name: text().notNull(),
  /** Base URL of the DO, without the /tmf-api path. */
  endpoint: text().notNull().unique(),
  /** Bearer token the ESO presents to the DO. Never sent to a browser. */
  apiToken: text().notNull(),
  organizationId: text().notNull(),
  locationName: text(),
  latitude: doublePrecision().notNull(),
  longitude: doublePrecision().notNull(),
  /** `reachable`, `unreachable` or `unknown`, from the last availability check. */
  availability: text().notNull().default("unknown"),
  lastCheckedAt: timestamp({ withTimezone: true }),
  lastError: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const serviceOrderDelegation = pgTable(
  "service_order_delegation",
  {
    id: text().primaryKey(),
    serviceOrderId: text().notNull(),
    peerId: text()
      .notNull()
      .references(() => peer.id),
    /** Ids of the ESO order items this delegation carries. */
    orderItemIds: text().array().notNull(),
    /** Id of the order in the DO; null until the DO has accepted it. */
    remoteOrderId: text(),
    remoteState: text(),
    lastSyncAt: timestamp({ withTimezone: true }),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.serviceOrderId), uniqueIndex().on(table.peerId, table.remoteOrderId)],
);
