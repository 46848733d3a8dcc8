export * from "./common";
export * from "./service-catalog";
export * from "./service-ordering";
export * from "./service-inventory";
export * from "./party";
export * from "./product-catalog";
export * from "./product-ordering";
export * from "./resource";
export * from "./field-messages";

/** Base paths of the TMF Open APIs, as the official v4 specifications name them. */
export const tmfApiPaths = {
  serviceCatalog: "/tmf-api/serviceCatalogManagement/v4",
  serviceOrdering: "/tmf-api/serviceOrdering/v4",
  serviceInventory: "/tmf-api/serviceInventory/v4",
  resourceCatalog: "/tmf-api/resourceCatalog/v4",
  resourceInventory: "/tmf-api/resourceInventoryManagement/v4",
  party: "/tmf-api/party/v4",
  productCatalog: "/tmf-api/productCatalogManagement/v4",
  productOrdering: "/tmf-api/productOrderingManagement/v4",
  productInventory: "/tmf-api/productInventory/v4",
} as const;
