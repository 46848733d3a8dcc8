import {
  serviceCandidateCreate,
  serviceCandidateUpdate,
  serviceCatalogCreate,
  serviceCatalogUpdate,
  serviceCategoryCreate,
  serviceCategoryUpdate,
  serviceSpecificationCreate,
  serviceSpecificationUpdate,
  tmfApiPaths,
} from "@cop-pilot/tmf-schemas";
import { isLifecycleStatus, serviceLifecycleStatuses, transitionProblem } from "@cop-pilot/service-design/lifecycle";
import type { z } from "zod";
import { TmfError } from "../errors";
import type { AccessRule } from "../principal";
import { createResourceHandlers, type ResourceDefinition } from "../resource-routes";
import type { RouteContext, RouteFactory } from "../route";
import { getDocument, type Db, type DocumentTable, type TmfDocument } from "../store";

export interface ServiceCatalogTables {
  serviceCatalog: DocumentTable;
  serviceCategory: DocumentTable;
  serviceSpecification: DocumentTable;
  serviceCandidate: DocumentTable;
}

export interface ServiceCatalogApiOptions {
  route: RouteFactory;
  db: () => Db;
  tables: ServiceCatalogTables;
  read: AccessRule;
  write: AccessRule;
  /** Called in the transaction of every change of every resource, e.g. to publish TMF events. */
  onEvent?: ResourceDefinition<z.ZodType, z.ZodType>["onEvent"];
  /** Hooks of the serviceSpecification resource, e.g. the ESO's import bookkeeping. */
  specification?: Pick<ResourceDefinition<typeof serviceSpecificationCreate, typeof serviceSpecificationUpdate>, "beforeWrite" | "list" | "onEvent">;
}

const byName = { defaultSort: [{ path: ["name"], descending: false }] };

/**
 * Checks the lifecycleStatus of a specification about to be written: a new
 * one needs a known status, and a change must follow the lifecycle the
 * portals use. A stored status that is unchanged passes as it is.
 */
async function checkSpecificationLifecycle(document: TmfDocument, context: RouteContext<Record<string, string>>, db: Db, table: DocumentTable) {
  const id = context.params.id;
  const current = id === undefined ? undefined : (await getDocument(db, table, "ServiceSpecification", id)).lifecycleStatus;
  const next = document.lifecycleStatus;
  if (id !== undefined && next === current) return;
  if (!isLifecycleStatus(next)) {
    const fault = next === undefined ? "is missing" : `${JSON.stringify(next)} is not a known status`;
    throw new TmfError("invalidBody", `lifecycleStatus: ${fault}. Use one of ${serviceLifecycleStatuses.join(", ")}`);
  }
  if (id === undefined) return;
  const problem = transitionProblem(current, next);
  if (problem) throw new TmfError("unprocessable", `lifecycleStatus: ${problem}`);
}

/** Builds the handlers of the TMF633 resources both orchestrators serve: catalogues, categories, candidates and specifications. */
export function createServiceCatalogApi(options: ServiceCatalogApiOptions) {
  const { route, db, tables, read, write, onEvent } = options;
  const specificationOnEvent = options.specification?.onEvent;
  const base = tmfApiPaths.serviceCatalog;
  return {
    serviceCatalog: createResourceHandlers(route, {
      type: "ServiceCatalog",
      path: `${base}/serviceCatalog`,
      table: tables.serviceCatalog,
      db,
      createSchema: serviceCatalogCreate,
      updateSchema: serviceCatalogUpdate,
      columns: (document) => ({ name: document.name, lifecycleStatus: document.lifecycleStatus ?? null }),
      defaults: () => ({ lifecycleStatus: "Active", version: "1.0" }),
      read,
      write,
      list: byName,
      onEvent,
    }),
    serviceCategory: createResourceHandlers(route, {
      type: "ServiceCategory",
      path: `${base}/serviceCategory`,
      table: tables.serviceCategory,
      db,
      createSchema: serviceCategoryCreate,
      updateSchema: serviceCategoryUpdate,
      columns: (document) => ({ name: document.name, lifecycleStatus: document.lifecycleStatus ?? null }),
      defaults: () => ({ lifecycleStatus: "Active", version: "1.0", isRoot: true }),
      read,
      write,
      list: byName,
      onEvent,
    }),
    serviceCandidate: createResourceHandlers(route, {
      type: "ServiceCandidate",
      path: `${base}/serviceCandidate`,
      table: tables.serviceCandidate,
      db,
      createSchema: serviceCandidateCreate,
      updateSchema: serviceCandidateUpdate,
      columns: (document) => ({ name: document.name, lifecycleStatus: document.lifecycleStatus ?? null }),
      defaults: () => ({ lifecycleStatus: "Active", version: "1.0" }),
      read,
      write,
      list: byName,
      onEvent,
    }),
    serviceSpecification: createResourceHandlers(route, {
      type: "ServiceSpecification",
      path: `${base}/serviceSpecification`,
      table: tables.serviceSpecification,
      db,
      createSchema: serviceSpecificationCreate,
      updateSchema: serviceSpecificationUpdate,
      columns: (document) => ({ name: document.name, version: document.version ?? null, lifecycleStatus: document.lifecycleStatus ?? null }),
      defaults: () => ({ lifecycleStatus: "In design", version: "1.0.0", isBundle: false }),
      read,
      write,
      list: options.specification?.list ?? byName,
      beforeWrite: async (document, context, database) => {
        await checkSpecificationLifecycle(document, context, database, tables.serviceSpecification);
        return options.specification?.beforeWrite ? options.specification.beforeWrite(document, context, database) : document;
      },
      onEvent:
        specificationOnEvent && onEvent
          ? async (event, tx) => {
              await specificationOnEvent(event, tx);
              await onEvent(event, tx);
            }
          : (specificationOnEvent ?? onEvent),
    }),
  };
}
