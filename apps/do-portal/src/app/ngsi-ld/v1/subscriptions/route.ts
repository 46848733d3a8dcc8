import { ngsiLd } from "@/server/data/ngsi-ld";

// GET /ngsi-ld/v1/subscriptions – the caller's subscriptions
export const GET = ngsiLd.subscriptions.GET;
// POST /ngsi-ld/v1/subscriptions – subscribe to changes of one entity type
export const POST = ngsiLd.subscriptions.POST;
