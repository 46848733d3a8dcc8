import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

// TMF event hubs (`POST {api}/hub`) and the outbox their notifications wait in.

/** A listener registered at the hub of one TMF API. */
export const eventSubscription = pgTable(
  "event_subscription",
  {
    id: text().primaryKey(),
    /** Base path of the API whose hub took the registration, e.g. `/tmf-api/serviceOrdering/v4`. */
    api: text().notNull(),
    /** Notifications go to `{callback}/listener/{eventName}`. */
    callback: text().notNull(),
    /** The listener's filter, e.g. `eventType=ServiceOrderStateChangeEvent`; null takes every event of the API. */
    query: text(),
    /** Id of the API client or user that registered it. */
    registeredBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.api)],
);

/**
 * One notification for one listener. Rows are written in the transaction that
 * changes the resource, so an event exists exactly when the change committed.
 * `seq` orders the events of one resource for one listener.
 */
export const eventOutbox = pgTable(
  "event_outbox",
  {
    seq: bigserial({ mode: "number" }).primaryKey(),
    subscriptionId: text()
      .notNull()
      .references(() => eventSubscription.id, { onDelete: "cascade" }),
    eventId: text().notNull(),
    eventType: text().notNull(),
    /** `{resource type}/{id}`: events with the same key reach a listener in `seq` order. */
    resourceKey: text().notNull(),
    /** The complete TMF event envelope as it is posted. */
    envelope: jsonb().$type<Record<string, unknown>>().notNull(),
    /** `pending`, `delivered` or `deadLettered` (given up after the last retry). */
    status: text().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp({ withTimezone: true }),
  },
  (table) => [index().on(table.status, table.nextAttemptAt), index().on(table.subscriptionId, table.resourceKey, table.seq)],
);
