import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { productOfferingPriceHandlers } from "@/server/tmf/product-catalog";

// GET    …/productOfferingPrice/{id} – retrieve a product offering price
// PATCH  …/productOfferingPrice/{id} – merge-patch a product offering price
// DELETE …/productOfferingPrice/{id} – delete a product offering price
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(productOfferingPriceHandlers.item);
