import "server-only";
import {
  resourceCandidateCreate,
  resourceCandidateUpdate,
  resourceCatalogCreate,
  resourceCatalogUpdate,
  resourceCategoryCreate,
  resourceCategoryUpdate,
  resourceCreate,
  resourceSpecificationCreate,
  resourceSpecificationUpdate,
  resourceUpdate,
  tmfApiPaths,
} from "@cop-pilot/tmf-schemas";
import { createResourceHandlers } from "@cop-pilot/tmf-server";
import { route } from "../auth";
import { db, schema } from "../db";
import { apiEvents } from "../events";
import { domainOwners, domainStaff } from "./access";

const byName = { defaultSort: [{ path: ["name"], descending: false }] };

const nameAndStatus = (document: Record<string, unknown>) => ({
  name: document.name,
  lifecycleStatus: document.lifecycleStatus ?? null,
});

/** TMF634 handlers: the domain's resource catalogues, categories, candidates and specifications. */
export const resourceCatalogApi = {
  resourceCatalog: createResourceHandlers(route, {
    type: "ResourceCatalog",
    path: `${tmfApiPaths.resourceCatalog}/resourceCatalog`,
    table: schema.resourceCatalog,
    db,
    createSchema: resourceCatalogCreate,
    updateSchema: resourceCatalogUpdate,
    columns: nameAndStatus,
    defaults: () => ({ lifecycleStatus: "Active", version: "1.0" }),
    read: domainStaff,
    write: domainOwners,
    list: byName,
    onEvent: apiEvents(tmfApiPaths.resourceCatalog, "changeEvent"),
  }),
  resourceCategory: createResourceHandlers(route, {
    type: "ResourceCategory",
    path: `${tmfApiPaths.resourceCatalog}/resourceCategory`,
    table: schema.resourceCategory,
    db,
    createSchema: resourceCategoryCreate,
    updateSchema: resourceCategoryUpdate,
    columns: nameAndStatus,
    defaults: () => ({ lifecycleStatus: "Active", version: "1.0", isRoot: true }),
    read: domainStaff,
    write: domainOwners,
    list: byName,
    onEvent: apiEvents(tmfApiPaths.resourceCatalog, "changeEvent"),
  }),
  resourceCandidate: createResourceHandlers(route, {
    type: "ResourceCandidate",
    path: `${tmfApiPaths.resourceCatalog}/resourceCandidate`,
    table: schema.resourceCandidate,
    db,
    createSchema: resourceCandidateCreate,
    updateSchema: resourceCandidateUpdate,
    columns: nameAndStatus,
    defaults: () => ({ lifecycleStatus: "Active", version: "1.0" }),
    read: domainStaff,
    write: domainOwners,
    list: byName,
  }),
  resourceSpecification: createResourceHandlers(route, {
    type: "ResourceSpecification",
    path: `${tmfApiPaths.resourceCatalog}/resourceSpecification`,
    table: schema.resourceSpecification,
    db,
    createSchema: resourceSpecificationCreate,
    updateSchema: resourceSpecificationUpdate,
    columns: (document) => ({ ...nameAndStatus(document), version: document.version ?? null }),
    defaults: () => ({ lifecycleStatus: "Active", version: "1.0", isBundle: false }),
    read: domainStaff,
    write: domainOwners,
    list: byName,
    onEvent: apiEvents(tmfApiPaths.resourceCatalog, "changeEvent"),
  }),
};

/** TMF639 handlers: the domain's resources, such as the cluster controller and its nodes. */
export const resourceInventoryApi = {
  resource: createResourceHandlers(route, {
    type: "Resource",
    path: `${tmfApiPaths.resourceInventory}/resource`,
    table: schema.resource,
    db,
    createSchema: resourceCreate,
    updateSchema: resourceUpdate,
    columns: (document) => ({
      name: document.name ?? null,
      resourceStatus: document.resourceStatus ?? null,
      resourceSpecificationId: (document.resourceSpecification as { id?: string } | undefined)?.id ?? null,
    }),
    read: domainStaff,
    write: domainOwners,
    list: byName,
    onEvent: apiEvents(tmfApiPaths.resourceInventory),
  }),
};
