import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { productOrderHandlers } from "@/server/tmf/product-ordering";

// GET   …/productOrder/{id} – retrieve a product order (customers: 404 unless their own)
// PATCH …/productOrder/{id} – change description, priority, notes or contact of an order
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(productOrderHandlers.item);
