import { expansionApi } from "@/server/admin/expansion-api";

// GET  /api/expansion/accounts – list the domain owner accounts
// POST /api/expansion/accounts – create a domain owner account; the reply carries the password once
export const { GET, POST } = expansionApi.accounts;
