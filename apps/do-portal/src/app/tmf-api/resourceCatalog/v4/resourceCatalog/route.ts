import { resourceCatalogApi } from "@/server/tmf/resource";

// GET  /tmf-api/resourceCatalog/v4/resourceCatalog – list resource catalogues
// POST /tmf-api/resourceCatalog/v4/resourceCatalog – create a resource catalogue
export const { GET, POST } = resourceCatalogApi.resourceCatalog.collection;
