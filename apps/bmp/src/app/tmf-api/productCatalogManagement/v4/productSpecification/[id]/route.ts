import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { productSpecificationHandlers } from "@/server/tmf/product-catalog";

// GET    …/productSpecification/{id} – retrieve a product specification
// PATCH  …/productSpecification/{id} – merge-patch a product specification
// DELETE …/productSpecification/{id} – delete a product specification (409 while an offering sells it)
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(productSpecificationHandlers.item);
