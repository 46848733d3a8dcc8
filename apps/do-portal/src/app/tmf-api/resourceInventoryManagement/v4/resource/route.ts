import { resourceInventoryApi } from "@/server/tmf/resource";

// GET  /tmf-api/resourceInventoryManagement/v4/resource – list resources
// POST /tmf-api/resourceInventoryManagement/v4/resource – create a resource
export const { GET, POST } = resourceInventoryApi.resource.collection;
