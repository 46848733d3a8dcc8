import "server-only";
import { individualCreate, individualUpdate, organizationCreate, organizationUpdate, tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { createResourceHandlers } from "@cop-pilot/tmf-server";
import { route } from "../auth";
import { db, schema } from "../db";

const readers = { roles: ["platformAdmin", "serviceDesigner"] } as const;
const writers = { roles: ["platformAdmin"] } as const;

/** TMF632 organizations: among them the operators of the peered DOs. */
export const organizationHandlers = createResourceHandlers(route, {
  type: "Organization",
  path: `${tmfApiPaths.party}/organization`,
  table: schema.organization,
  db,
  createSchema: organizationCreate,
  updateSchema: organizationUpdate,
  columns: (document) => ({ name: document.name, status: document.status ?? null }),
  defaults: () => ({ status: "initialized" }),
  read: readers,
  write: writers,
  list: { defaultSort: [{ path: ["name"], descending: false }] },
});

function individualName(document: Record<string, unknown>): string | null {
  if (typeof document.fullName === "string") return document.fullName;
  const parts = [document.givenName, document.familyName].filter((part): part is string => typeof part === "string");
  return parts.length > 0 ? parts.join(" ") : null;
}

export const individualHandlers = createResourceHandlers(route, {
  type: "Individual",
  path: `${tmfApiPaths.party}/individual`,
  table: schema.individual,
  db,
  createSchema: individualCreate,
  updateSchema: individualUpdate,
  columns: (document) => ({ name: individualName(document), status: document.status ?? null }),
  defaults: () => ({ status: "initialized" }),
  read: readers,
  write: writers,
});
