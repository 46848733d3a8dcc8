import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { productOfferingPriceHandlers } from "@/server/tmf/product-catalog";

// GET  /tmf-api/productCatalogManagement/v4/productOfferingPrice – list product offering prices
// POST /tmf-api/productCatalogManagement/v4/productOfferingPrice – create a product offering price
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(productOfferingPriceHandlers.collection);
