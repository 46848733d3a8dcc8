import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { resourceCatalogApi } from "@/server/tmf/resource";

// GET  /tmf-api/resourceCatalog/v4/resourceSpecification – list resource specifications
// POST /tmf-api/resourceCatalog/v4/resourceSpecification – create a resource specification
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(resourceCatalogApi.resourceSpecification.collection);
