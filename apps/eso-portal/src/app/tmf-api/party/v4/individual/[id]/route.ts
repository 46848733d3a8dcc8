import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { individualHandlers } from "@/server/tmf/party";

// GET    /tmf-api/party/v4/individual/{id} – retrieve an individual
// PATCH  /tmf-api/party/v4/individual/{id} – merge-patch an individual
// DELETE /tmf-api/party/v4/individual/{id} – delete an individual
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(individualHandlers.item);
