import "server-only";
import { createPartyApi } from "@cop-pilot/tmf-server";
import { route } from "../auth";
import { db, schema } from "../db";
import { domainOwners, domainStaff } from "./access";

/** TMF632 handlers: the organizations and individuals that take part in this domain. */
export const partyApi = createPartyApi({ route, db, tables: schema, read: domainStaff, write: domainOwners, initialStatus: "validated" });
