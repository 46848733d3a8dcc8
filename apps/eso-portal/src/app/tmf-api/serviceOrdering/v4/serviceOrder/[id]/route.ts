import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { serviceOrderHandlers } from "@/server/tmf/service-ordering";

// GET    /tmf-api/serviceOrdering/v4/serviceOrder/{id} – retrieve an order with the states mirrored from the DOs
// PATCH  /tmf-api/serviceOrdering/v4/serviceOrder/{id} – change the description, priority, notes or requested completion date
// DELETE /tmf-api/serviceOrdering/v4/serviceOrder/{id} – delete an order in a final state
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(serviceOrderHandlers.item);
