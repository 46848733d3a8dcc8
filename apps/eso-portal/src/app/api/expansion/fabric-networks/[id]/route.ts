import { expansionApi } from "@/server/admin/expansion-api";

// GET    /api/expansion/fabric-networks/{id} – retrieve a fabric network
// DELETE /api/expansion/fabric-networks/{id} – remove a fabric network without identities
export const { GET, DELETE } = expansionApi.fabricNetwork;
