import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { serviceOrderHandlers } from "@/server/tmf/service-ordering";

// GET  /tmf-api/serviceOrdering/v4/serviceOrder – list service orders, newest first
// POST /tmf-api/serviceOrdering/v4/serviceOrder – place an order; honours Idempotency-Key
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(serviceOrderHandlers.collection);
