import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { serviceInventoryApi } from "@/server/tmf/service-inventory";

// GET  /tmf-api/serviceInventory/v4/service – list services
// POST /tmf-api/serviceInventory/v4/service – create a service
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(serviceInventoryApi.service.collection);
