import { resourceCatalogApi } from "@/server/tmf/resource";

// GET  /tmf-api/resourceCatalog/v4/resourceCandidate – list resource candidates
// POST /tmf-api/resourceCatalog/v4/resourceCandidate – create a resource candidate
export const { GET, POST } = resourceCatalogApi.resourceCandidate.collection;
