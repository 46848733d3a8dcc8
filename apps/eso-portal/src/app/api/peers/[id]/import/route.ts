import { peersApi } from "@/server/admin/peers-api";

// POST /api/peers/{id}/import – import chosen specifications of the DO into a catalogue and category
export const { POST } = peersApi.import;
