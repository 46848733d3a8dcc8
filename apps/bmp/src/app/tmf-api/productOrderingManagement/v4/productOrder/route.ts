import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { productOrderHandlers } from "@/server/tmf/product-ordering";

// GET  /tmf-api/productOrderingManagement/v4/productOrder – list product orders (customers: their own)
// POST /tmf-api/productOrderingManagement/v4/productOrder – place a product order (honours Idempotency-Key)
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(productOrderHandlers.collection);
