import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { hubs } from "@/server/tmf/hubs";

// GET    /tmf-api/productCatalogManagement/v4/hub/{id} – read a listener registration
// DELETE /tmf-api/productCatalogManagement/v4/hub/{id} – unregister a listener
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(hubs.productCatalog.item);
