import { peersApi } from "@/server/admin/peers-api";

// POST /api/peers/{id}/check – run the availability check of this peer now
export const { POST } = peersApi.check;
