import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { organizationHandlers } from "@/server/tmf/party";

// GET    /tmf-api/party/v4/organization/{id} – retrieve an organization
// PATCH  /tmf-api/party/v4/organization/{id} – merge-patch an organization
// DELETE /tmf-api/party/v4/organization/{id} – delete an organization
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(organizationHandlers.item);
