import { jsonb, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Columns shared by every table that stores a TMF resource. The complete TMF
 * representation lives in `document`; the columns beside it repeat the
 * attributes that queries filter, sort or join on.
 */
export function tmfResourceColumns<TDocument extends Record<string, unknown>>() {
  return {
    id: text().primaryKey(),
    href: text().notNull(),
    lastUpdate: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    document: jsonb().$type<TDocument>().notNull(),
  };
}

export type TmfDocument = Record<string, unknown>;
