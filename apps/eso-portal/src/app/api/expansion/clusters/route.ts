import { expansionApi } from "@/server/admin/expansion-api";

// GET  /api/expansion/clusters – list the clusters the caller may see
// POST /api/expansion/clusters – register a cluster: expose it through the fabric and connect
export const { GET, POST } = expansionApi.clusters;
