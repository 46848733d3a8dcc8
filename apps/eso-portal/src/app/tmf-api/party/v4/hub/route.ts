import { hubs } from "@/server/tmf/hubs";

// POST /tmf-api/party/v4/hub – register a listener for this API's events
export const { POST } = hubs.party.collection;
