import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { serviceOrderHandlers } from "@/server/tmf/service-ordering";

// GET    /tmf-api/serviceOrdering/v4/serviceOrder/{id} – retrieve an order with its milestones
// PATCH  /tmf-api/serviceOrdering/v4/serviceOrder/{id} – change description, priority, note and the like
// DELETE /tmf-api/serviceOrdering/v4/serviceOrder/{id} – delete an order in a final state
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(serviceOrderHandlers.item);
