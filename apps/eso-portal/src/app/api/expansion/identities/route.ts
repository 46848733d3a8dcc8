import { expansionApi } from "@/server/admin/expansion-api";

// GET  /api/expansion/identities – list the fabric identities the caller may see
// POST /api/expansion/identities – create a fabric identity for a new domain
export const { GET, POST } = expansionApi.identities;
