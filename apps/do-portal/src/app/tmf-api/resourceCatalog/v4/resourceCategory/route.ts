import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { resourceCatalogApi } from "@/server/tmf/resource";

// GET  /tmf-api/resourceCatalog/v4/resourceCategory – list resource categories
// POST /tmf-api/resourceCatalog/v4/resourceCategory – create a resource category
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(resourceCatalogApi.resourceCategory.collection);
