import "server-only";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { createPartyApi } from "@cop-pilot/tmf-server";
import { route } from "../auth";
import { db, schema } from "../db";
import { apiEvents } from "../events";

/** TMF632 handlers: organizations, among them the operators of the peered DOs, and individuals. */
const partyApi = createPartyApi({
  route,
  db,
  tables: schema,
  read: { roles: ["platformAdmin", "serviceDesigner"] },
  write: { roles: ["platformAdmin"] },
  initialStatus: "initialized",
  onEvent: apiEvents(tmfApiPaths.party),
});

export const organizationHandlers = partyApi.organization;
export const individualHandlers = partyApi.individual;
