import { ngsiLd } from "@/server/data/ngsi-ld";

// GET /ngsi-ld/v1/entities/{entityId} – read one entity
export const GET = ngsiLd.entity.GET;
// PATCH /ngsi-ld/v1/entities/{entityId} – merge attributes into an entity
export const PATCH = ngsiLd.entity.PATCH;
// DELETE /ngsi-ld/v1/entities/{entityId} – delete an entity and its history
export const DELETE = ngsiLd.entity.DELETE;
