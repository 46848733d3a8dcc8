import { index, pgTable, text } from "drizzle-orm/pg-core";
import { tmfResourceColumns, type TmfDocument } from "./columns";

// TMF634 Resource Catalog and TMF639 Resource Inventory: what the domain's
// infrastructure offers (the cluster controller, its nodes).

export const resourceCatalog = pgTable("resource_catalog", {
  ...tmfResourceColumns<TmfDocument>(),
  name: text().notNull(),
  lifecycleStatus: text(),
});

export const resourceCategory = pgTable("resource_category", {
  ...tmfResourceColumns<TmfDocument>(),
  name: text().notNull(),
  lifecycleStatus: text(),
});

export const resourceSpecification = pgTable("resource_specification", {
  ...tmfResourceColumns<TmfDocument>(),
  name: text().notNull(),
  version: text(),
  lifecycleStatus: text(),
});

export const resourceCandidate = pgTable("resource_candidate", {
  ...tmfResourceColumns<TmfDocument>(),
  name: text().notNull(),
  lifecycleStatus: text(),
});

export const resource = pgTable(
  "resource",
  {
    ...tmfResourceColumns<TmfDocument>(),
    name: text(),
    resourceStatus: text(),
    resourceSpecificationId: text(),
  },
  (table) => [index().on(table.resourceSpecificationId)],
);
