import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { resourceCatalogApi } from "@/server/tmf/resource";

// GET  /tmf-api/resourceCatalog/v4/resourceCandidate – list resource candidates
// POST /tmf-api/resourceCatalog/v4/resourceCandidate – create a resource candidate
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(resourceCatalogApi.resourceCandidate.collection);
