import { peerListener } from "@/server/peering/peer-events";

// POST /tmf-events/peer/{peerId}/{secret}/listener/{eventName} – a TMF event from a peered DO; it wakes the orders it concerns
export const POST = peerListener;
