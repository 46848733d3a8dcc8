import { bigserial, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

// The audit log of one component: every state change with the caller that
// made it. Rows are written in the transaction of the change, so an entry
// exists exactly when the change committed, and are never updated.

export const auditEvent = pgTable(
  "audit_event",
  {
    seq: bigserial({ mode: "number" }).primaryKey(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** `user`, `apiClient`, or `system` for changes the component makes by itself (e.g. an order processor). */
    actorKind: text().notNull(),
    /** User id, API client name, or the name of the background task. */
    actorId: text().notNull(),
    /** E-mail of a user; the name of an API client or task. */
    actorName: text().notNull(),
    /** Role of a user; null for API clients and tasks. */
    actorRole: text(),
    /** What happened, e.g. `create`, `update`, `delete`, `cancel`, `stateChange`. */
    action: text().notNull(),
    /** TMF `@type` or table of the changed resource, e.g. `ServiceOrder`, `Peer`. */
    resourceType: text().notNull(),
    resourceId: text().notNull(),
    /** One line for people browsing the log. */
    summary: text().notNull(),
    /** Details of the change, free of secrets. */
    detail: jsonb().$type<Record<string, unknown>>(),
  },
  (table) => [index().on(table.occurredAt), index().on(table.resourceType, table.resourceId), index().on(table.actorId)],
);
