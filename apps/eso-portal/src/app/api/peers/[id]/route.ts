import { peersApi } from "@/server/admin/peers-api";

// GET    /api/peers/{id} – retrieve a peer
// DELETE /api/peers/{id} – remove a peer; its specifications leave the marketplace
export const { GET, DELETE } = peersApi.item;
