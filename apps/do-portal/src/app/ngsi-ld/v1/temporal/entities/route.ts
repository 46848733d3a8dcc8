import { ngsiLd } from "@/server/data/ngsi-ld";

// GET /ngsi-ld/v1/temporal/entities – history of entities between two times
export const GET = ngsiLd.temporalEntities.GET;
