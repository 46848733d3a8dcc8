import { ngsiLd } from "@/server/data/ngsi-ld";

// POST /ngsi-ld/v1/entityOperations/upsert – create or update a batch of entities
export const POST = ngsiLd.upsert.POST;
