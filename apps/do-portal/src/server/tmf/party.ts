import "server-only";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { createPartyApi } from "@cop-pilot/tmf-server";
import { route } from "../auth";
import { db, schema } from "../db";
import { apiEvents } from "../events";
import { domainOwners, domainStaff } from "./access";

/** TMF632 handlers: the organizations and individuals that take part in this domain. */
export const partyApi = createPartyApi({ route, db, tables: schema, read: domainStaff, write: domainOwners, initialStatus: "validated", onEvent: apiEvents(tmfApiPaths.party) });
