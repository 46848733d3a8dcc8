import { createConnectorHandler } from "@/server/data/management-api";

// POST /data-management/v1/datasets/{id}/connectors – add a push, pull or CSV connector; a push connector's token is returned once
export const POST = createConnectorHandler;
