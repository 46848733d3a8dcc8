import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { serviceCatalogApi } from "@/server/tmf/service-catalog";

// GET    /tmf-api/serviceCatalogManagement/v4/serviceSpecification/{id} – retrieve a specification
// PATCH  /tmf-api/serviceCatalogManagement/v4/serviceSpecification/{id} – merge-patch a specification
// DELETE /tmf-api/serviceCatalogManagement/v4/serviceSpecification/{id} – delete a specification
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(serviceCatalogApi.serviceSpecification.item);
