import { esoListener } from "@/server/eso-events";

// POST /tmf-events/peer/eso/{secret}/listener/{eventName} – a TMF event from the ESO; it wakes the product orders it concerns
export const POST = esoListener;
