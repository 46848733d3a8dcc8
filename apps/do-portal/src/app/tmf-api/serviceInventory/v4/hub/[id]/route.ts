import { hubs } from "@/server/tmf/hubs";

// GET    /tmf-api/serviceInventory/v4/hub/{id} – read a listener registration
// DELETE /tmf-api/serviceInventory/v4/hub/{id} – unregister a listener
export const { GET, DELETE } = hubs.serviceInventory.item;
