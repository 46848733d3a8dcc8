import { peersApi } from "@/server/admin/peers-api";

// GET  /api/peers – list the peered DOs with their availability
// POST /api/peers – peer with a DO ("Add OSS") after checking its credentials
export const { GET, POST } = peersApi.collection;
