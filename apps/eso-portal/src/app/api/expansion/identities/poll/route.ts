import { expansionApi } from "@/server/admin/expansion-api";

// POST /api/expansion/identities/poll – poll the fabric controllers now instead of at the next interval
export const { POST } = expansionApi.pollIdentities;
