import { expansionApi } from "@/server/admin/expansion-api";

// GET /api/expansion/identities/{id}/enrollment-token – download the one-time enrollment JWT
export const { GET } = expansionApi.enrollmentToken;
