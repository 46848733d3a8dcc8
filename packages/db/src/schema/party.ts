import { pgTable, text } from "drizzle-orm/pg-core";
import { tmfResourceColumns, type TmfDocument } from "./columns";

// TMF632 Party Management.

export const organization = pgTable("organization", {
  ...tmfResourceColumns<TmfDocument>(),
  name: text().notNull(),
  status: text(),
});

export const individual = pgTable("individual", {
  ...tmfResourceColumns<TmfDocument>(),
  name: text(),
  status: text(),
});
