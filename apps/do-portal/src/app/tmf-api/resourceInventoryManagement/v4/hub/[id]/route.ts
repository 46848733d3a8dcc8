import { hubs } from "@/server/tmf/hubs";

// GET    /tmf-api/resourceInventoryManagement/v4/hub/{id} – read a listener registration
// DELETE /tmf-api/resourceInventoryManagement/v4/hub/{id} – unregister a listener
export const { GET, DELETE } = hubs.resourceInventory.item;
