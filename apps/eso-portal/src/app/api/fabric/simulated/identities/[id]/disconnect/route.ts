import { simulatedControllerApi } from "@/server/expansion/simulated-controller";

// POST /api/fabric/simulated/identities/{id}/disconnect – take a fabric client offline at once
export const { POST } = simulatedControllerApi.disconnect;
