import "server-only";
import { createHubHandlers } from "@cop-pilot/tmf-events";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { route } from "../auth";
import { db } from "../db";

const hub = (api: string) => createHubHandlers({ route, db, api });

/** TMF event hubs of every API this ESO serves. */
export const hubs = {
  serviceCatalog: hub(tmfApiPaths.serviceCatalog),
  serviceOrdering: hub(tmfApiPaths.serviceOrdering),
  party: hub(tmfApiPaths.party),
};
