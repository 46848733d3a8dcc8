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
import type { z } from "zod";
import type { AccessRule } from "../principal";
import { createResourceHandlers, type ResourceDefinition } from "../resource-routes";
import type { RouteFactory } from "../route";
import type { Db, DocumentTable } from "../store";

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
      beforeWrite: options.specification?.beforeWrite,
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
