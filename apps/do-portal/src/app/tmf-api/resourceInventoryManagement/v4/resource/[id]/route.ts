import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { resourceInventoryApi } from "@/server/tmf/resource";

// GET    /tmf-api/resourceInventoryManagement/v4/resource/{id} – retrieve a resource
// PATCH  /tmf-api/resourceInventoryManagement/v4/resource/{id} – merge-patch a resource
// DELETE /tmf-api/resourceInventoryManagement/v4/resource/{id} – delete a resource
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(resourceInventoryApi.resource.item);
