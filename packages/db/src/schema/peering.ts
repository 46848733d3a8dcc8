import { doublePrecision, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

// ESO only: the Domain Orchestrators the ESO federates, what it imported from
// each, and the per-domain orders it delegated to them.

/** Password-grant credentials of a DO that issues its tokens from an OAuth2 server, as OpenSlice does with Keycloak. */
export interface PeerOAuth2Credentials {
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  username: string;
  password: string;
}

export const peer = pgTable("peer", {
  id: text().primaryKey(),
  name: text().notNull(),
  /** Base URL of the DO, without the /tmf-api path. */
  endpoint: text().notNull().unique(),
  /** Bearer token the ESO presents to the DO; null when the DO issues tokens through OAuth2 (`oauth2`). Never sent to a browser. */
  apiToken: text(),
  /** API dialect the DO speaks: `tmf` (TMF633/641 v4) or `openslice`. Detected at peering unless the admin sets it. */
  dialect: text().notNull().default("tmf"),
  /** OAuth2 password-grant login of the DO, used instead of `apiToken`. Never sent to a browser. */
  oauth2: jsonb().$type<PeerOAuth2Credentials>(),
  organizationId: text().notNull(),
  locationName: text(),
  latitude: doublePrecision().notNull(),
  longitude: doublePrecision().notNull(),
  /** `reachable`, `unreachable` or `unknown`, from the last availability check. */
  availability: text().notNull().default("unknown"),
  lastCheckedAt: timestamp({ withTimezone: true }),
  lastError: text(),
  /**
   * `simulated` or `kubernetes`: the `clusterKind` characteristic of the DO's
   * cluster controller resource (TMF639), read at peering and at each
   * availability check. Null while the DO has not published it.
   */
  clusterKind: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * One specification imported from a peer into one catalogue and category. The
 * rows outlive the marketplace copy, which the availability check removes while
 * the DO is unreachable, so that the import can be restored later.
 */
export const peerImport = pgTable(
  "peer_import",
  {
    id: serial().primaryKey(),
    peerId: text()
      .notNull()
      .references(() => peer.id, { onDelete: "cascade" }),
    /** The specification's id in the DO. */
    remoteId: text().notNull(),
    catalogId: text().notNull(),
    categoryId: text().notNull(),
    importedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex().on(table.peerId, table.remoteId, table.catalogId, table.categoryId)],
);

export const serviceOrderDelegation = pgTable(
  "service_order_delegation",
  {
    id: text().primaryKey(),
    serviceOrderId: text().notNull(),
    /** Null once the peer has been removed; `peerName` keeps the order page readable. */
    peerId: text().references(() => peer.id, { onDelete: "set null" }),
    peerName: text().notNull(),
    /** Ids of the ESO order items this delegation carries. */
    orderItemIds: text().array().notNull(),
    /** The TMF641 order body sent to the DO, fixed when the ESO order is accepted so that every retry sends the same. */
    orderRequest: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Id of the order in the DO; null until the DO has accepted it. */
    remoteOrderId: text(),
    remoteState: text(),
    /** Failed calls to the DO in a row; it sets the retry backoff. */
    failedAttempts: integer().notNull().default(0),
    /** Set once the DO has accepted the cancellation of its order. */
    cancelledAt: timestamp({ withTimezone: true }),
    lastSyncAt: timestamp({ withTimezone: true }),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.serviceOrderId), uniqueIndex().on(table.peerId, table.remoteOrderId)],
);
