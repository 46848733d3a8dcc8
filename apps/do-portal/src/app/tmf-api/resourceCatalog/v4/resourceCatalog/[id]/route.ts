import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { resourceCatalogApi } from "@/server/tmf/resource";

// GET    /tmf-api/resourceCatalog/v4/resourceCatalog/{id} – retrieve a resource catalogue
// PATCH  /tmf-api/resourceCatalog/v4/resourceCatalog/{id} – merge-patch a resource catalogue
// DELETE /tmf-api/resourceCatalog/v4/resourceCatalog/{id} – delete a resource catalogue
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(resourceCatalogApi.resourceCatalog.item);
