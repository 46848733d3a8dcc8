import "server-only";
import { createHubHandlers } from "@cop-pilot/tmf-events";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { route } from "../auth";
import { db } from "../db";

const hub = (api: string) => createHubHandlers({ route, db, api });

/** TMF event hubs of every API this BMP serves. */
export const hubs = {
  productCatalog: hub(tmfApiPaths.productCatalog),
  productOrdering: hub(tmfApiPaths.productOrdering),
};
