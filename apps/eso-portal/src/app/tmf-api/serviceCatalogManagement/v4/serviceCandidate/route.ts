import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { serviceCatalogApi } from "@/server/tmf/service-catalog";

// GET  /tmf-api/serviceCatalogManagement/v4/serviceCandidate – list candidates of the marketplace
// POST /tmf-api/serviceCatalogManagement/v4/serviceCandidate – create a candidate
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(serviceCatalogApi.serviceCandidate.collection);
