import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { resourceCatalogApi } from "@/server/tmf/resource";

// GET    /tmf-api/resourceCatalog/v4/resourceCandidate/{id} – retrieve a resource candidate
// PATCH  /tmf-api/resourceCatalog/v4/resourceCandidate/{id} – merge-patch a resource candidate
// DELETE /tmf-api/resourceCatalog/v4/resourceCandidate/{id} – delete a resource candidate
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(resourceCatalogApi.resourceCandidate.item);
