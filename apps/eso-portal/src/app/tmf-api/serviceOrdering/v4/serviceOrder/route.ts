import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { serviceOrderHandlers } from "@/server/tmf/service-ordering";

// GET  /tmf-api/serviceOrdering/v4/serviceOrder – list service orders (customers see their own)
// POST /tmf-api/serviceOrdering/v4/serviceOrder – place an order, delegated item by item to the DOs that offer them
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(serviceOrderHandlers.collection);
