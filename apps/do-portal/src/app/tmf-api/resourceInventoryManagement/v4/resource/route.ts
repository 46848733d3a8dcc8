import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { resourceInventoryApi } from "@/server/tmf/resource";

// GET  /tmf-api/resourceInventoryManagement/v4/resource – list resources
// POST /tmf-api/resourceInventoryManagement/v4/resource – create a resource
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(resourceInventoryApi.resource.collection);
