import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { resourceCatalogApi } from "@/server/tmf/resource";

// GET    /tmf-api/resourceCatalog/v4/resourceCategory/{id} – retrieve a resource category
// PATCH  /tmf-api/resourceCatalog/v4/resourceCategory/{id} – merge-patch a resource category
// DELETE /tmf-api/resourceCatalog/v4/resourceCategory/{id} – delete a resource category
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(resourceCatalogApi.resourceCategory.item);
