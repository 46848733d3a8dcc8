import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { serviceCatalogApi } from "@/server/tmf/service-catalog";

// GET  /tmf-api/serviceCatalogManagement/v4/serviceCategory – list categories of the marketplace
// POST /tmf-api/serviceCatalogManagement/v4/serviceCategory – create a category
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(serviceCatalogApi.serviceCategory.collection);
