import { ngsiLd } from "@/server/data/ngsi-ld";

// GET /ngsi-ld/v1/entities – query entities by type, id, attrs and q
export const GET = ngsiLd.entities.GET;
// POST /ngsi-ld/v1/entities – create one entity (NGSI-LD push connector)
export const POST = ngsiLd.entities.POST;
