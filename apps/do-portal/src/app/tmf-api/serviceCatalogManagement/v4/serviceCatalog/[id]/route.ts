import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { serviceCatalogApi } from "@/server/tmf/service-catalog";

// GET    /tmf-api/serviceCatalogManagement/v4/serviceCatalog/{id} – retrieve a catalogue
// PATCH  /tmf-api/serviceCatalogManagement/v4/serviceCatalog/{id} – merge-patch a catalogue
// DELETE /tmf-api/serviceCatalogManagement/v4/serviceCatalog/{id} – delete a catalogue
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(serviceCatalogApi.serviceCatalog.item);
