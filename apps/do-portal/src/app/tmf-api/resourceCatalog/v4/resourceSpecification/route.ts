import { resourceCatalogApi } from "@/server/tmf/resource";

// GET  /tmf-api/resourceCatalog/v4/resourceSpecification – list resource specifications
// POST /tmf-api/resourceCatalog/v4/resourceSpecification – create a resource specification
export const { GET, POST } = resourceCatalogApi.resourceSpecification.collection;
