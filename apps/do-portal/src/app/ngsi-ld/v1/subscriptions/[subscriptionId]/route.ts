import { ngsiLd } from "@/server/data/ngsi-ld";

// GET /ngsi-ld/v1/subscriptions/{subscriptionId} – one subscription with its delivery status
export const GET = ngsiLd.subscription.GET;
// DELETE /ngsi-ld/v1/subscriptions/{subscriptionId} – end a subscription
export const DELETE = ngsiLd.subscription.DELETE;
