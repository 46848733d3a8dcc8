import { simulatedControllerApi } from "@/server/expansion/simulated-controller";

// POST /api/fabric/simulated/identities/{id}/heartbeat – keep an enrolled fabric client online
export const { POST } = simulatedControllerApi.heartbeat;
