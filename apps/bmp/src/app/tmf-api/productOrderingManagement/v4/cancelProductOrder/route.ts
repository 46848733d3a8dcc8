import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { cancelProductOrderHandlers } from "@/server/tmf/product-ordering";

// GET  /tmf-api/productOrderingManagement/v4/cancelProductOrder – list cancellation requests (customers: of their own orders)
// POST /tmf-api/productOrderingManagement/v4/cancelProductOrder – request the cancellation of an order that is not final
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(cancelProductOrderHandlers.collection);
