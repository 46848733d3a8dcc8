import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { individualHandlers } from "@/server/tmf/party";

// GET  /tmf-api/party/v4/individual – list individuals
// POST /tmf-api/party/v4/individual – create an individual
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(individualHandlers.collection);
