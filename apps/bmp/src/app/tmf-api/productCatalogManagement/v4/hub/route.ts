import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { hubs } from "@/server/tmf/hubs";

// POST /tmf-api/productCatalogManagement/v4/hub – register a listener for this API's events
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(hubs.productCatalog.collection);
