import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { productCategoryHandlers } from "@/server/tmf/product-catalog";

// GET    …/productCategory/{id} – retrieve a category
// PATCH  …/productCategory/{id} – merge-patch a category
// DELETE …/productCategory/{id} – delete a category
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(productCategoryHandlers.item);
