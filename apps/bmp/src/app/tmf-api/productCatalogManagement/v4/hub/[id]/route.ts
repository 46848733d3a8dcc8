import { hubs } from "@/server/tmf/hubs";

// GET    /tmf-api/productCatalogManagement/v4/hub/{id} – read a listener registration
// DELETE /tmf-api/productCatalogManagement/v4/hub/{id} – unregister a listener
export const { GET, DELETE } = hubs.productCatalog.item;
