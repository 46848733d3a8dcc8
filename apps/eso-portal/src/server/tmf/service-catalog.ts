import "server-only";
import { createServiceCatalogApi } from "@cop-pilot/tmf-server";
import { route } from "../auth";
import { checkBundleSpecification } from "../bundles/specification";
import { db, schema, type EsoDb } from "../db";

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
  specification: {
    // Bundles are checked against the imported parts they name; other specifications pass unchanged.
    beforeWrite: (document, context, database) => checkBundleSpecification(document, database as EsoDb, context.baseUrl),
  },
});
