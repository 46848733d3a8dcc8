import { expansionApi } from "@/server/admin/expansion-api";

// GET  /api/expansion/fabric-networks – list the fabric networks the ESO is bound to
// POST /api/expansion/fabric-networks – bind a fabric network after signing in to its controller
export const { GET, POST } = expansionApi.fabricNetworks;
