import "server-only";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { createServiceCatalogApi } from "@cop-pilot/tmf-server";
import { route } from "../auth";
import { db, schema } from "../db";
import { apiEvents } from "../events";

/** The ESO marketplace: what peers imported, plus anything designers add here. Every signed-in role may read it. */
export const serviceCatalogApi = createServiceCatalogApi({
  route,
  db,
  tables: {
    serviceCatalog: schema.serviceCatalog,
    serviceCategory: schema.serviceCategory,
    serviceSpecification: schema.serviceSpecification,
    serviceCandidate: schema.serviceCandidate,
  },
  read: { roles: ["platformAdmin", "serviceDesigner", "customer", "businessAdmin", "domainOwner"] },
  write: { roles: ["platformAdmin", "serviceDesigner"] },
  onEvent: apiEvents(tmfApiPaths.serviceCatalog, "changeEvent"),
});
