import { hubs } from "@/server/tmf/hubs";

// POST /tmf-api/resourceCatalog/v4/hub – register a listener for this API's events
export const { POST } = hubs.resourceCatalog.collection;
