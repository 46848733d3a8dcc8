import { resourceInventoryApi } from "@/server/tmf/resource";

// GET    /tmf-api/resourceInventoryManagement/v4/resource/{id} – retrieve a resource
// PATCH  /tmf-api/resourceInventoryManagement/v4/resource/{id} – merge-patch a resource
// DELETE /tmf-api/resourceInventoryManagement/v4/resource/{id} – delete a resource
export const { GET, PATCH, DELETE } = resourceInventoryApi.resource.item;
