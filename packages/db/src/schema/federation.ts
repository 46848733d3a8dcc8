import { index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp } from "drizzle-orm/pg-core";
import { peer } from "./peering";

// ESO only: what the availability check needs to follow the specifications
// of the peered DOs over time, and what it reports after each cycle.

/**
 * The DO's view of one imported specification when the ESO last copied it:
 * the check compares the DO's list with these values and fetches the full
 * specification only when they differ.
 */
export const peerSpecificationSync = pgTable(
  "peer_specification_sync",
  {
    peerId: text()
      .notNull()
      .references(() => peer.id, { onDelete: "cascade" }),
    /** The specification's id in the DO. */
    remoteId: text().notNull(),
    /** `version` of the DO's specification, as sent. */
    remoteVersion: text(),
    /** `lastUpdate` of the DO's specification, as sent. */
    remoteLastUpdate: text(),
    /** SHA-256 of the DO's list entry, for DOs whose list carries neither version nor lastUpdate. */
    listFingerprint: text(),
    syncedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.peerId, table.remoteId] })],
);

/** One availability check of one peer, with the number of specifications in each outcome. */
export const peerCheck = pgTable(
  "peer_check",
  {
    id: serial().primaryKey(),
    peerId: text()
      .notNull()
      .references(() => peer.id, { onDelete: "cascade" }),
    checkedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** `reachable` or `unreachable`. */
    availability: text().notNull(),
    unchanged: integer().notNull().default(0),
    updated: integer().notNull().default(0),
    removed: integer().notNull().default(0),
    restored: integer().notNull().default(0),
    durationMs: integer().notNull(),
    error: text(),
  },
  (table) => [index().on(table.peerId, table.checkedAt)],
);

/**
 * What happened to a marketplace specification because its DO changed,
 * withdrew or restored it. Rows outlive the marketplace copy, so the history
 * of a specification that leaves and returns stays in one place.
 */
export const federatedSpecificationChange = pgTable(
  "federated_specification_change",
  {
    id: serial().primaryKey(),
    /** Marketplace id of the specification. */
    serviceSpecificationId: text().notNull(),
    peerId: text()
      .notNull()
      .references(() => peer.id, { onDelete: "cascade" }),
    remoteId: text().notNull(),
    /** `updated`, `removed` or `restored`. */
    change: text().notNull(),
    fromVersion: text(),
    toVersion: text(),
    /** Top-level attributes of the specification that differ, for `updated`. */
    changedAttributes: jsonb().$type<string[]>(),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.serviceSpecificationId, table.changedAt), index().on(table.peerId, table.changedAt)],
);
