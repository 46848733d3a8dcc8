import { createDatasetHandler, listDatasetsHandler } from "@/server/data/management-api";

// GET /data-management/v1/datasets – the domain's datasets with their counts
export const GET = listDatasetsHandler;
// POST /data-management/v1/datasets – create a dataset and publish its DaaS specification
export const POST = createDatasetHandler;
