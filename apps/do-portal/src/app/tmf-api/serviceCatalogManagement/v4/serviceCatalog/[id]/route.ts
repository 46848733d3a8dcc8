import { serviceCatalogHandlers } from "@/server/tmf/service-catalog";

// GET    …/serviceCatalog/{id} – retrieve a catalogue
// PATCH  …/serviceCatalog/{id} – merge-patch a catalogue
// DELETE …/serviceCatalog/{id} – delete a catalogue
export const { GET, PATCH, DELETE } = serviceCatalogHandlers.item;
