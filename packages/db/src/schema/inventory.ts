import { index, pgTable, text } from "drizzle-orm/pg-core";
import { tmfResourceColumns, type TmfDocument } from "./columns";

// TMF638 Service Inventory: the services running in the domain.

export const service = pgTable(
  "service",
  {
    ...tmfResourceColumns<TmfDocument>(),
    name: text(),
    state: text().notNull(),
    serviceSpecificationId: text(),
    serviceOrderId: text(),
  },
  (table) => [index().on(table.state), index().on(table.serviceOrderId)],
);
