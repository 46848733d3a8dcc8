import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { serviceCatalogApi } from "@/server/tmf/service-catalog";

// GET    /tmf-api/serviceCatalogManagement/v4/serviceCandidate/{id} – retrieve a candidate
// PATCH  /tmf-api/serviceCatalogManagement/v4/serviceCandidate/{id} – merge-patch a candidate
// DELETE /tmf-api/serviceCatalogManagement/v4/serviceCandidate/{id} – delete a candidate
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(serviceCatalogApi.serviceCandidate.item);
