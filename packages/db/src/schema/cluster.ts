import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** DO only: the simulated cluster's state, kept so that deployments survive a restart. */
export const simulatedClusterRecord = pgTable("simulated_cluster_record", {
  key: text().primaryKey(),
  record: jsonb().$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
