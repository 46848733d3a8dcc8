import { hubs } from "@/server/tmf/hubs";

// POST /tmf-api/serviceCatalogManagement/v4/hub – register a listener for this API's events
export const { POST } = hubs.serviceCatalog.collection;
