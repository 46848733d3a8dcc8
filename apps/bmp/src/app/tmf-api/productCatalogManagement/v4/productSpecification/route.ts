import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { productSpecificationHandlers } from "@/server/tmf/product-catalog";

// GET  /tmf-api/productCatalogManagement/v4/productSpecification – list product specifications
// POST /tmf-api/productCatalogManagement/v4/productSpecification – create a product specification
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(productSpecificationHandlers.collection);
