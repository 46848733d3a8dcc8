import "server-only";
import { individualCreate, individualUpdate, organizationCreate, organizationUpdate, tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { createResourceHandlers } from "@cop-pilot/tmf-server";
import { route } from "../auth";
import { db, schema } from "../db";
import { domainOwners, domainStaff } from "./access";

function individualName(document: Record<string, unknown>): string | null {
  if (typeof document.fullName === "string" && document.fullName.trim() !== "") return document.fullName;
  const parts = [document.givenName, document.familyName].filter((part): part is string => typeof part === "string" && part !== "");
  return parts.length > 0 ? parts.join(" ") : null;
}

/** TMF632 handlers: the organizations and individuals that take part in this domain. */
export const partyApi = {
  organization: createResourceHandlers(route, {
    type: "Organization",
    path: `${tmfApiPaths.party}/organization`,
    table: schema.organization,
    db,
    createSchema: organizationCreate,
    updateSchema: organizationUpdate,
    columns: (document) => ({ name: document.name, status: document.status ?? null }),
    defaults: () => ({ status: "validated" }),
    read: domainStaff,
    write: domainOwners,
    list: { defaultSort: [{ path: ["name"], descending: false }] },
  }),
  individual: createResourceHandlers(route, {
    type: "Individual",
    path: `${tmfApiPaths.party}/individual`,
    table: schema.individual,
    db,
    createSchema: individualCreate,
    updateSchema: individualUpdate,
    columns: (document) => ({ name: individualName(document), status: document.status ?? null }),
    defaults: () => ({ status: "validated" }),
    read: domainStaff,
    write: domainOwners,
  }),
};
