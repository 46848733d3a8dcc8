import "server-only";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { createServiceCatalogApi } from "@cop-pilot/tmf-server";
import { route } from "../auth";
import { db, schema } from "../db";
import { apiEvents } from "../events";
import { catalogDesigners, everyone } from "./access";

/** TMF633 handlers: catalogues, categories, candidates and specifications of this domain. */
export const serviceCatalogApi = createServiceCatalogApi({
  route,
  db,
  tables: {
    serviceCatalog: schema.serviceCatalog,
    serviceCategory: schema.serviceCategory,
    serviceSpecification: schema.serviceSpecification,
    serviceCandidate: schema.serviceCandidate,
  },
  read: everyone,
  write: catalogDesigners,
  onEvent: apiEvents(tmfApiPaths.serviceCatalog, "changeEvent"),
});
