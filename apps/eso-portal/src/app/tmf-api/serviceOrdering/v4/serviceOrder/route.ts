import { serviceOrderHandlers } from "@/server/tmf/service-ordering";

// GET  /tmf-api/serviceOrdering/v4/serviceOrder – list service orders (customers see their own)
// POST /tmf-api/serviceOrdering/v4/serviceOrder – place an order; the ESO delegates each item to the DO that offers it
export const { GET, POST } = serviceOrderHandlers.collection;
