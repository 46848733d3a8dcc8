import { simulatedControllerApi } from "@/server/expansion/simulated-controller";

// POST /api/fabric/simulated/enroll – enroll a fabric client with its one-time JWT
export const { POST } = simulatedControllerApi.enroll;
