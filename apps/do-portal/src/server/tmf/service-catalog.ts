import "server-only";
import { serviceCatalogCreate, serviceCatalogUpdate, tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { createResourceHandlers } from "@cop-pilot/tmf-server";
import { route } from "../auth";
import { db, schema } from "../db";

const designers = { roles: ["domainOwner", "serviceDesigner"] } as const;
const everyone = { roles: ["domainOwner", "serviceDesigner", "platformAdmin", "customer", "businessAdmin"] } as const;

export const serviceCatalogHandlers = createResourceHandlers(route, {
  type: "ServiceCatalog",
  path: `${tmfApiPaths.serviceCatalog}/serviceCatalog`,
  table: schema.serviceCatalog,
  db,
  createSchema: serviceCatalogCreate,
  updateSchema: serviceCatalogUpdate,
  columns: (document) => ({ name: document.name, lifecycleStatus: document.lifecycleStatus ?? null }),
  defaults: () => ({ lifecycleStatus: "In design" }),
  read: everyone,
  write: designers,
  list: { defaultSort: [{ path: ["name"], descending: false }] },
});
