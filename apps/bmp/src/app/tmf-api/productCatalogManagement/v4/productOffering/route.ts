import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { productOfferingHandlers } from "@/server/tmf/product-catalog";

// GET  /tmf-api/productCatalogManagement/v4/productOffering – list product offerings (customers: launched ones only)
// POST /tmf-api/productCatalogManagement/v4/productOffering – create a product offering
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(productOfferingHandlers.collection);
