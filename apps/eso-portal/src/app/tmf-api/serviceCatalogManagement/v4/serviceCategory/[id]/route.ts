import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { serviceCatalogApi } from "@/server/tmf/service-catalog";

// GET    /tmf-api/serviceCatalogManagement/v4/serviceCategory/{id} – retrieve a category
// PATCH  /tmf-api/serviceCatalogManagement/v4/serviceCategory/{id} – merge-patch a category
// DELETE /tmf-api/serviceCatalogManagement/v4/serviceCategory/{id} – delete a category
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(serviceCatalogApi.serviceCategory.item);
