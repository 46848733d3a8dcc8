import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

// ESO and BMP: the hubs of other components this component registered at as a listener.

/**
 * This component's registration at the TMF641 hub of one peer. The callback
 * URL carries a secret per peer; only its SHA-256 is stored, so that a
 * notification is accepted only from the peer it was given to.
 */
export const hubRegistration = pgTable("hub_registration", {
  /** The peer's id at the ESO, or `eso` at the BMP. */
  peerKey: text().primaryKey(),
  /** The hub's collection URL, e.g. `http://127.0.0.1:3101/tmf-api/serviceOrdering/v4/hub`. */
  hubUrl: text().notNull(),
  /** Id of the subscription at the peer's hub. */
  subscriptionId: text().notNull(),
  secretHash: text().notNull(),
  registeredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
