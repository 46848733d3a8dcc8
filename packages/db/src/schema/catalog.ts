import { index, pgTable, text } from "drizzle-orm/pg-core";
import { tmfResourceColumns, type TmfDocument } from "./columns";

// TMF633 Service Catalog Management. The ESO stores the specifications it
// imports from peered DOs in the same tables, with the peer and the id the
// specification has there.

export const serviceCatalog = pgTable("service_catalog", {
  ...tmfResourceColumns<TmfDocument>(),
  name: text().notNull(),
  lifecycleStatus: text(),
});

export const serviceCategory = pgTable("service_category", {
  ...tmfResourceColumns<TmfDocument>(),
  name: text().notNull(),
  lifecycleStatus: text(),
});

export const serviceSpecification = pgTable(
  "service_specification",
  {
    ...tmfResourceColumns<TmfDocument>(),
    name: text().notNull(),
    version: text(),
    lifecycleStatus: text(),
    /** ESO only: the peered DO that owns this specification. */
    peerId: text(),
    /** ESO only: the specification's id in the DO that owns it. */
    remoteId: text(),
  },
  (table) => [index().on(table.peerId, table.remoteId), index().on(table.name)],
);

export const serviceCandidate = pgTable("service_candidate", {
  ...tmfResourceColumns<TmfDocument>(),
  name: text().notNull(),
  lifecycleStatus: text(),
});
