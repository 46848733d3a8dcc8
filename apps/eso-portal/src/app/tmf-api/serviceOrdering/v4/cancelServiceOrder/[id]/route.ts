import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { cancelServiceOrderHandlers } from "@/server/tmf/service-ordering";

// GET /tmf-api/serviceOrdering/v4/cancelServiceOrder/{id} – retrieve a cancellation request
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(cancelServiceOrderHandlers.item);
