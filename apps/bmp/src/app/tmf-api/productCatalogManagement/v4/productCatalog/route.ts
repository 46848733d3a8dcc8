import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { productCatalogHandlers } from "@/server/tmf/product-catalog";

// GET  /tmf-api/productCatalogManagement/v4/productCatalog – list catalogues
// POST /tmf-api/productCatalogManagement/v4/productCatalog – create a catalogue
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(productCatalogHandlers.collection);
