import { z } from "zod";
import { readJsonBody } from "./body";
import { TmfError, invalidBody } from "./errors";
import { applyMergePatch } from "./merge-patch";
import { recordAudit } from "./audit";
import type { AccessRule } from "./principal";
import { parseListQuery, selectFields } from "./query";
import { createdResponse, listResponse, noContentResponse, okResponse } from "./responses";
import type { RouteContext, RouteFactory } from "./route";
import {
  deleteDocument,
  getDocument,
  insertDocument,
  listDocuments,
  newId,
  replaceDocument,
  type Db,
  type DocumentTable,
  type ListOptions,
  type TmfDocument,
} from "./store";

export interface ResourceEvent {
  kind: "create" | "attributeValueChange" | "stateChange" | "delete";
  type: string;
  document: TmfDocument;
  /** The document before a change or delete; absent on create. */
  previous?: TmfDocument;
}

export interface ResourceDefinition<TCreate extends z.ZodType, TUpdate extends z.ZodType> {
  /** TMF resource type, e.g. `ServiceSpecification`; it becomes `@type`. */
  type: string;
  /** Collection path, e.g. `/tmf-api/serviceCatalogManagement/v4/serviceSpecification`. */
  path: string;
  table: DocumentTable;
  db: () => Db;
  createSchema: TCreate;
  updateSchema: TUpdate;
  /** Values of the table's own columns, read from the document. */
  columns: (document: TmfDocument) => Record<string, unknown>;
  /** Attributes a new resource gets when the request leaves them out. */
  defaults?: (input: z.infer<TCreate>) => Record<string, unknown>;
  /** Checks or completes a document before it is written; throw a TmfError to reject. */
  beforeWrite?: (document: TmfDocument, context: RouteContext<Record<string, string>>, db: Db) => Promise<TmfDocument> | TmfDocument;
  read: AccessRule;
  write: AccessRule;
  list?: ListOptions | ((context: RouteContext<Record<string, string>>) => ListOptions);
  /** Runs in the transaction of the change, so that what it writes (e.g. an outbox event) commits with it. */
  onEvent?: (event: ResourceEvent, tx: Db) => void | Promise<void>;
}

const serverAssigned = ["id", "href", "lastUpdate"] as const;

/** Names a resource in an audit summary, e.g. `ServiceSpecification "Edge AI inference" (3f2c…)`. */
function auditName(type: string, document: TmfDocument): string {
  return typeof document.name === "string" ? `${type} "${document.name}" (${document.id})` : `${type} ${document.id}`;
}

/** Builds the list, create, retrieve, patch and delete handlers of one TMF resource. */
export function createResourceHandlers<TCreate extends z.ZodType, TUpdate extends z.ZodType>(
  route: RouteFactory,
  definition: ResourceDefinition<TCreate, TUpdate>,
) {
  const { type, table } = definition;

  const collection = {
    GET: route(definition.read, async (context) => {
      const query = parseListQuery(context.url.searchParams);
      const options = typeof definition.list === "function" ? definition.list(context) : definition.list;
      const { items, total } = await listDocuments(definition.db(), table, query, options);
      return listResponse(items, total);
    }),

    POST: route(definition.write, async (context) => {
      const input = (await readJsonBody(context.request, definition.createSchema)) as Record<string, unknown>;
      for (const attribute of serverAssigned) {
        if (attribute in input) throw new TmfError("invalidBody", `${attribute}: is assigned by the server and must not be sent`);
      }
      const id = newId();
      let document: TmfDocument = {
        ...(definition.defaults?.(input as z.infer<TCreate>) ?? {}),
        ...input,
        id,
        href: `${context.baseUrl}${definition.path}/${id}`,
        "@type": (input["@type"] as string | undefined) ?? type,
      };
      const db = definition.db();
      if (definition.beforeWrite) document = await definition.beforeWrite(document, context, db);
      const stored = await db.transaction(async (tx) => {
        const inserted = await insertDocument(tx, table, document, definition.columns(document));
        await recordAudit(tx, context.principal, { action: "create", resourceType: type, resourceId: id, summary: `Created ${auditName(type, inserted)}` });
        await definition.onEvent?.({ kind: "create", type, document: inserted }, tx);
        return inserted;
      });
      return createdResponse(stored);
    }),
  };

  const item = {
    GET: route<{ id: string }>(definition.read, async (context) => {
      const document = await getDocument(definition.db(), table, type, context.params.id);
      const fields = context.url.searchParams.get("fields")?.split(",").filter(Boolean);
      return okResponse(selectFields(document, fields));
    }),

    PATCH: route<{ id: string }>(definition.write, async (context) => {
      // In a merge patch, null removes an attribute, so nulls are checked against the merged result only.
      const patch = (await readJsonBody(context.request, z.looseObject({}))) as Record<string, unknown>;
      const typed = definition.updateSchema.safeParse(Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== null)));
      if (!typed.success) throw invalidBody(typed.error);
      for (const attribute of serverAssigned) {
        if (attribute in patch) throw new TmfError("invalidBody", `${attribute}: is assigned by the server and cannot be changed`);
      }
      const db = definition.db();
      return db.transaction(async (tx) => {
        const current = await getDocument(tx, table, type, context.params.id);
        const merged = applyMergePatch(current, patch);
        const checked = definition.createSchema.safeParse(merged);
        if (!checked.success) throw invalidBody(checked.error);
        let document: TmfDocument = { ...(checked.data as Record<string, unknown>), id: current.id, href: current.href };
        if (definition.beforeWrite) document = await definition.beforeWrite(document, context as RouteContext<Record<string, string>>, tx);
        const stored = await replaceDocument(tx, table, type, document, definition.columns(document));
        await recordAudit(tx, context.principal, {
          action: "update",
          resourceType: type,
          resourceId: current.id,
          summary: `Updated ${auditName(type, stored)}`,
          detail: { attributes: Object.keys(patch) },
        });
        await definition.onEvent?.({ kind: "attributeValueChange", type, document: stored, previous: current }, tx);
        return okResponse(stored);
      });
    }),

    DELETE: route<{ id: string }>(definition.write, async (context) => {
      await definition.db().transaction(async (tx) => {
        const document = await getDocument(tx, table, type, context.params.id);
        await deleteDocument(tx, table, type, context.params.id);
        await recordAudit(tx, context.principal, { action: "delete", resourceType: type, resourceId: document.id, summary: `Deleted ${auditName(type, document)}` });
        await definition.onEvent?.({ kind: "delete", type, document, previous: document }, tx);
      });
      return noContentResponse();
    }),
  };

  return { collection, item };
}
