import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { productHandlers } from "@/server/tmf/product-inventory";

// GET /tmf-api/productInventory/v4/product/{id} – retrieve a product (customers: 404 unless their own)
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(productHandlers.item);
