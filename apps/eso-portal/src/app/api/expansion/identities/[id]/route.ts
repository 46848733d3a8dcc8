import { expansionApi } from "@/server/admin/expansion-api";

// GET    /api/expansion/identities/{id} – retrieve a fabric identity and its status
// DELETE /api/expansion/identities/{id} – delete a fabric identity on the controller and in the ESO
export const { GET, DELETE } = expansionApi.identity;
