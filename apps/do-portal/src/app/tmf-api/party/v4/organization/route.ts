import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { partyApi } from "@/server/tmf/party";

// GET  /tmf-api/party/v4/organization – list organizations
// POST /tmf-api/party/v4/organization – create an organization
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(partyApi.organization.collection);
