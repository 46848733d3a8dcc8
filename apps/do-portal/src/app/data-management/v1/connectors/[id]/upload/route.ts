import { uploadCsvHandler } from "@/server/data/management-api";

// POST /data-management/v1/connectors/{id}/upload – ingest a CSV file (text/csv) through a CSV connector
export const POST = uploadCsvHandler;
