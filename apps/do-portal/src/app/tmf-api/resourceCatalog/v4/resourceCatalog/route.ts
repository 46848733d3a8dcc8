import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { resourceCatalogApi } from "@/server/tmf/resource";

// GET  /tmf-api/resourceCatalog/v4/resourceCatalog – list resource catalogues
// POST /tmf-api/resourceCatalog/v4/resourceCatalog – create a resource catalogue
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(resourceCatalogApi.resourceCatalog.collection);
