import { expansionApi } from "@/server/admin/expansion-api";

// POST /api/expansion/clusters/{id}/check – connect again and record version and nodes
export const { POST } = expansionApi.clusterCheck;
