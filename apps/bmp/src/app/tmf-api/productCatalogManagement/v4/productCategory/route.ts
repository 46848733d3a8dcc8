import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { productCategoryHandlers } from "@/server/tmf/product-catalog";

// GET  /tmf-api/productCatalogManagement/v4/productCategory – list categories
// POST /tmf-api/productCatalogManagement/v4/productCategory – create a category
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(productCategoryHandlers.collection);
