import { resourceCatalogApi } from "@/server/tmf/resource";

// GET    /tmf-api/resourceCatalog/v4/resourceCandidate/{id} – retrieve a resource candidate
// PATCH  /tmf-api/resourceCatalog/v4/resourceCandidate/{id} – merge-patch a resource candidate
// DELETE /tmf-api/resourceCatalog/v4/resourceCandidate/{id} – delete a resource candidate
export const { GET, PATCH, DELETE } = resourceCatalogApi.resourceCandidate.item;
