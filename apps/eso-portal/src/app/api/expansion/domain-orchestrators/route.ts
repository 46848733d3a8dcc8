import { expansionApi } from "@/server/admin/expansion-api";

// GET /api/expansion/domain-orchestrators – list the ordered DOs and their rollout state
export const { GET } = expansionApi.domainOrchestrators;
