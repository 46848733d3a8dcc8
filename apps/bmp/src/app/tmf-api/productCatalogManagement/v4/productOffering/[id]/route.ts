import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { productOfferingHandlers } from "@/server/tmf/product-catalog";

// GET    …/productOffering/{id} – retrieve a product offering (customers: 404 unless launched)
// PATCH  …/productOffering/{id} – merge-patch a product offering
// DELETE …/productOffering/{id} – delete a product offering (409 while it has orders that are not final)
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(productOfferingHandlers.item);
