import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { serviceInventoryApi } from "@/server/tmf/service-inventory";

// GET    /tmf-api/serviceInventory/v4/service/{id} – retrieve a service
// PATCH  /tmf-api/serviceInventory/v4/service/{id} – merge-patch a service
// DELETE /tmf-api/serviceInventory/v4/service/{id} – delete a service
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(serviceInventoryApi.service.item);
