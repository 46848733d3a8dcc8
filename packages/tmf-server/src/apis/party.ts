import { individualCreate, individualUpdate, organizationCreate, organizationUpdate, tmfApiPaths } from "@cop-pilot/tmf-schemas";
import type { z } from "zod";
import type { AccessRule } from "../principal";
import { createResourceHandlers, type ResourceDefinition } from "../resource-routes";
import type { RouteFactory } from "../route";
import type { Db, DocumentTable } from "../store";

export interface PartyApiOptions {
  route: RouteFactory;
  db: () => Db;
  tables: { organization: DocumentTable; individual: DocumentTable };
  read: AccessRule;
  write: AccessRule;
  /** Called in the transaction of every change of a party, e.g. to publish TMF events. */
  onEvent?: ResourceDefinition<z.ZodType, z.ZodType>["onEvent"];
  /** `status` of a new party when the request leaves it out. */
  initialStatus: "initialized" | "validated";
}

function individualName(document: Record<string, unknown>): string | null {
  if (typeof document.fullName === "string" && document.fullName.trim() !== "") return document.fullName;
  const parts = [document.givenName, document.familyName].filter((part): part is string => typeof part === "string" && part !== "");
  return parts.length > 0 ? parts.join(" ") : null;
}

/** Builds the handlers of the TMF632 resources the orchestrators serve: organizations and individuals. */
export function createPartyApi(options: PartyApiOptions) {
  const { route, db, tables, read, write, initialStatus, onEvent } = options;
  return {
    organization: createResourceHandlers(route, {
      type: "Organization",
      path: `${tmfApiPaths.party}/organization`,
      table: tables.organization,
      db,
      createSchema: organizationCreate,
      updateSchema: organizationUpdate,
      columns: (document) => ({ name: document.name ?? document.tradingName, status: document.status ?? null }),
      // Each name defaults to the other, so every organization has both, because TMF632 readers expect a tradingName.
      defaults: (input) => ({ status: initialStatus, name: input.tradingName, tradingName: input.name }),
      read,
      write,
      list: { defaultSort: [{ path: ["name"], descending: false }] },
      onEvent,
    }),
    individual: createResourceHandlers(route, {
      type: "Individual",
      path: `${tmfApiPaths.party}/individual`,
      table: tables.individual,
      db,
      createSchema: individualCreate,
      updateSchema: individualUpdate,
      columns: (document) => ({ name: individualName(document), status: document.status ?? null }),
      defaults: () => ({ status: initialStatus }),
      read,
      write,
      onEvent,
    }),
  };
}
