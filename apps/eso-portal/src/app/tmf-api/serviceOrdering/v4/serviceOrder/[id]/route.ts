import { serviceOrderHandlers } from "@/server/tmf/service-ordering";

// GET   /tmf-api/serviceOrdering/v4/serviceOrder/{id} – retrieve an order with the states mirrored from the DOs
// PATCH /tmf-api/serviceOrdering/v4/serviceOrder/{id} – change the description, priority, notes or requested completion date
export const { GET, PATCH } = serviceOrderHandlers.item;
