import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { productHandlers } from "@/server/tmf/product-inventory";

// GET /tmf-api/productInventory/v4/product – list products (customers: their own)
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(productHandlers.collection);
