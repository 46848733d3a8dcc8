import { readDatasetHandler } from "@/server/data/management-api";

// GET /data-management/v1/datasets/{id} – one dataset with its connectors and rejected records
export const GET = readDatasetHandler;
