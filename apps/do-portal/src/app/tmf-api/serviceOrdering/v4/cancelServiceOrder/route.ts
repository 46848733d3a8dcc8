import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { cancelServiceOrderHandlers } from "@/server/tmf/service-ordering";

// GET  /tmf-api/serviceOrdering/v4/cancelServiceOrder – list cancellation requests
// POST /tmf-api/serviceOrdering/v4/cancelServiceOrder – cancel an order that is not final
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(cancelServiceOrderHandlers.collection);
