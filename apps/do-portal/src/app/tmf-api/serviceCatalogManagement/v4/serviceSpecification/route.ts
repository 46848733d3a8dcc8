import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { serviceCatalogApi } from "@/server/tmf/service-catalog";

// GET  /tmf-api/serviceCatalogManagement/v4/serviceSpecification – list service specifications
// POST /tmf-api/serviceCatalogManagement/v4/serviceSpecification – create a service specification
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(serviceCatalogApi.serviceSpecification.collection);
