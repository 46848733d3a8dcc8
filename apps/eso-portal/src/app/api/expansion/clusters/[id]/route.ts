import { expansionApi } from "@/server/admin/expansion-api";

// GET    /api/expansion/clusters/{id} – retrieve a cluster with version, nodes and capacity
// DELETE /api/expansion/clusters/{id} – remove a cluster and its fabric service and policies
export const { GET, DELETE } = expansionApi.cluster;
