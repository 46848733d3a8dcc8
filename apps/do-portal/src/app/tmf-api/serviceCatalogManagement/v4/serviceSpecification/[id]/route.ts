import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { serviceCatalogApi } from "@/server/tmf/service-catalog";

// GET    /tmf-api/serviceCatalogManagement/v4/serviceSpecification/{id} – retrieve a service specification
// PATCH  /tmf-api/serviceCatalogManagement/v4/serviceSpecification/{id} – merge-patch a service specification
// DELETE /tmf-api/serviceCatalogManagement/v4/serviceSpecification/{id} – delete a service specification
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(serviceCatalogApi.serviceSpecification.item);
