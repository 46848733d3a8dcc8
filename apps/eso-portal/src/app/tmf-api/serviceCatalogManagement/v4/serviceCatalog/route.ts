import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { serviceCatalogApi } from "@/server/tmf/service-catalog";

// GET  /tmf-api/serviceCatalogManagement/v4/serviceCatalog – list catalogues of the marketplace
// POST /tmf-api/serviceCatalogManagement/v4/serviceCatalog – create a catalogue
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(serviceCatalogApi.serviceCatalog.collection);
