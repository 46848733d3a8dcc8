import { peersApi } from "@/server/admin/peers-api";

// GET /api/peers/{id}/specifications – list the DO's service specifications live, marking the imported ones
export const { GET } = peersApi.specifications;
