import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { resourceCatalogApi } from "@/server/tmf/resource";

// GET    /tmf-api/resourceCatalog/v4/resourceSpecification/{id} – retrieve a resource specification
// PATCH  /tmf-api/resourceCatalog/v4/resourceSpecification/{id} – merge-patch a resource specification
// DELETE /tmf-api/resourceCatalog/v4/resourceSpecification/{id} – delete a resource specification
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(resourceCatalogApi.resourceSpecification.item);
