import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { domainCapacityHandlers } from "@/server/tmf/resource-inventory";

// GET /tmf-api/resourceInventoryManagement/v4/resource/{id} – the capacity one peered domain reports
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(domainCapacityHandlers.item);
