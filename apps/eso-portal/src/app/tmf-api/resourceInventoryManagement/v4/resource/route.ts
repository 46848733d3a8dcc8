import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { domainCapacityHandlers } from "@/server/tmf/resource-inventory";

// GET /tmf-api/resourceInventoryManagement/v4/resource – the capacity each peered domain reports, one resource per domain
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(domainCapacityHandlers.collection);
