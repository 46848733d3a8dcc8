import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { productCatalogHandlers } from "@/server/tmf/product-catalog";

// GET    …/productCatalog/{id} – retrieve a catalogue
// PATCH  …/productCatalog/{id} – merge-patch a catalogue
// DELETE …/productCatalog/{id} – delete a catalogue
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(productCatalogHandlers.item);
