import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { dmSubscription } from "@cop-pilot/db/schema/data-management";
import type { Logger } from "@cop-pilot/logger";
import { TmfError, notFound, type ApiRateLimits, type Db } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { readableTypes, type DataAccess } from "./access";
import { parseEntity, toKeyValues, type Entity } from "./entity";
import { ingestEntities } from "./ingest";
import { entityQuerySchema, projectAttributes, queryEntities, queryTemporal, temporalQuerySchema } from "./query";
import { deleteEntity, findDatasetByType, getEntityRow } from "./store";
import { insertSubscription, subscriptionCreateSchema, toSubscriptionDocument, type Notifier } from "./subscriptions";

// HTTP handlers of the NGSI-LD API (ETSI GS CIM 009) under /ngsi-ld/v1. Errors
// carry the ProblemDetails members NGSI-LD clients read (type, title,
// detail) and the TMF Error members the rest of the platform reads.

export const ngsiLdBasePath = "/ngsi-ld/v1";

/** Maximum size of a request body; a batch of a few thousand entities fits. */
export const maxNgsiLdBodyBytes = 5 * 1024 * 1024;

/** Maximum entities in one batch operation. */
export const maxBatchEntities = 10_000;

const problemTypes: Partial<Record<TmfError["code"], string>> = {
  invalidJson: "https://uri.etsi.org/ngsi-ld/errors/InvalidRequest",
  invalidBody: "https://uri.etsi.org/ngsi-ld/errors/BadRequestData",
  invalidQuery: "https://uri.etsi.org/ngsi-ld/errors/BadRequestData",
  notFound: "https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound",
  conflict: "https://uri.etsi.org/ngsi-ld/errors/AlreadyExists",
  unsupportedMediaType: "https://uri.etsi.org/ngsi-ld/errors/InvalidRequest",
  payloadTooLarge: "https://uri.etsi.org/ngsi-ld/errors/InvalidRequest",
  internal: "https://uri.etsi.org/ngsi-ld/errors/InternalError",
};

function problemBody(error: TmfError) {
  return { type: problemTypes[error.code] ?? "about:blank", title: error.reason, detail: error.message, ...error.toBody() };
}

function problemResponse(error: TmfError, requestId: string, headers: Record<string, string> = {}): Response {
  return Response.json(problemBody(error), { status: error.status, headers: { "content-type": "application/json", "X-Request-Id": requestId, ...headers } });
}

/** Key of the caller's rate-limit bucket: one per owner, push connector or grant. */
function rateLimitKey(access: DataAccess): string {
  if (access.kind === "owner") return `ngsi-ld-owner:${access.name}`;
  if (access.kind === "connector") return `ngsi-ld-connector:${access.connectorId}`;
  return `ngsi-ld-grant:${access.grant.id}`;
}

function tooManyRequests(waitMs: number, who: string, requestId: string, log: Logger): Response {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  log.info({ retryAfterSeconds, who }, "NGSI-LD request rate limited");
  const error = new TmfError("tooManyRequests", `Too many requests from ${who}; retry in ${retryAfterSeconds} s`);
  return problemResponse(error, requestId, { "Retry-After": String(retryAfterSeconds) });
}

export interface NgsiLdApiOptions {
  db: () => Db;
  /** Resolves the caller's access from the request's bearer token or session; null when it has none. */
  authorize: (request: Request) => Promise<DataAccess | null>;
  notifier: () => Notifier;
  logger: Logger;
  /** The component's API rate limits, shared with its TMF route handlers; none when absent. */
  rateLimits?: () => ApiRateLimits;
}

interface HandlerContext<TParams> {
  request: Request;
  url: URL;
  params: TParams;
  access: DataAccess;
  db: Db;
  notifier: Notifier;
  log: Logger;
}

type NextContext<TParams> = { params: Promise<TParams> };

async function readJson(request: Request): Promise<unknown> {
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== undefined && mediaType !== "application/json" && mediaType !== "application/ld+json") {
    throw new TmfError("unsupportedMediaType", `Content-Type ${mediaType} is not supported; send application/json or application/ld+json`);
  }
  if (Number(request.headers.get("content-length") ?? "0") > maxNgsiLdBodyBytes) throw new TmfError("payloadTooLarge", `Request body exceeds ${maxNgsiLdBodyBytes} bytes`);
  const text = await request.text();
  if (text.length > maxNgsiLdBodyBytes) throw new TmfError("payloadTooLarge", `Request body exceeds ${maxNgsiLdBodyBytes} bytes`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new TmfError("invalidJson", `Request body is not valid JSON: ${(error as Error).message}`);
  }
}

function queryObject(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}

function parseQuery<T extends z.ZodType>(schema: T, url: URL): z.infer<T> {
  const parsed = schema.safeParse(queryObject(url));
  if (!parsed.success) throw new TmfError("invalidQuery", parsed.error.issues.map((issue) => `${issue.path.join(".") || "query"}: ${issue.message}`).join("; "));
  return parsed.data;
}

function forbidden(message: string): TmfError {
  return new TmfError("forbidden", message);
}

function assertCanWrite(access: DataAccess): void {
  if (access.kind === "grant") throw forbidden("An access grant allows reading only; the owning domain writes its data");
}

function assertCanRead(access: DataAccess, entityType: string, entityId: string): void {
  const types = readableTypes(access);
  // The same 404 as for a missing entity, so that a consumer cannot probe other datasets.
  if (types && !types.includes(entityType)) throw notFound("Entity", entityId);
}

function keyValuesRequested(url: URL): boolean {
  return (url.searchParams.get("options") ?? "").split(",").includes("keyValues") || url.searchParams.get("format") === "simplified";
}

function entityIdParam(raw: string): string {
  return decodeURIComponent(raw);
}

/** Builds the NGSI-LD handlers. Each is a Next.js route handler: `(request, { params })`. */
export function createNgsiLdApi(options: NgsiLdApiOptions) {
  function handler<TParams>(run: (context: HandlerContext<TParams>) => Promise<Response>) {
    return async (request: Request, context: NextContext<TParams>): Promise<Response> => {
      const requestId = request.headers.get("x-request-id") ?? randomUUID();
      const url = new URL(request.url);
      const log = options.logger.child({ requestId, method: request.method, path: url.pathname });
      try {
        const limits = options.rateLimits?.();
        const address = limits?.clientAddress(request);
        const addressWaitMs = address !== undefined ? (limits?.perAddress?.take(address) ?? 0) : 0;
        if (addressWaitMs > 0) return tooManyRequests(addressWaitMs, "this client address", requestId, log);

        const access = await options.authorize(request);
        if (!access) {
          throw new TmfError("unauthorized", request.headers.has("authorization") ? "The bearer token grants no access to this domain's data; it is unknown, or its order has ended" : "Send a bearer token in the Authorization header or sign in");
        }
        const callerWaitMs = limits?.perPrincipal?.take(rateLimitKey(access)) ?? 0;
        if (callerWaitMs > 0) return tooManyRequests(callerWaitMs, access.kind === "owner" ? access.name : `this ${access.kind}`, requestId, log);
        const params = (await context.params) ?? ({} as TParams);
        const response = await run({ request, url, params, access, db: options.db(), notifier: options.notifier(), log });
        response.headers.set("X-Request-Id", requestId);
        return response;
      } catch (error) {
        if (error instanceof TmfError) {
          if (error.status >= 500) log.error({ err: error }, "NGSI-LD request failed");
          else log.info({ code: error.code, message: error.message }, "NGSI-LD request rejected");
          return problemResponse(error, requestId);
        }
        log.error({ err: error }, "unexpected error");
        return problemResponse(new TmfError("internal", `Unexpected error; quote request id ${requestId} when reporting it`), requestId);
      }
    };
  }

  /** The dataset a push connector writes, which limits its records to that entity type. */
  async function sourceOf(db: Db, access: DataAccess) {
    if (access.kind !== "connector") return {};
    const dataset = await findDatasetByType(db, access.entityType);
    return { connectorId: access.connectorId, dataset };
  }

  // POST /ngsi-ld/v1/entities – create one entity
  const createEntity = handler<Record<string, never>>(async ({ request, access, db, notifier }) => {
    assertCanWrite(access);
    const body = await readJson(request);
    const result = await ingestEntities(db, { records: [body], mode: "create", source: await sourceOf(db, access) }, notifier);
    const rejection = result.rejections[0];
    if (rejection) {
      const code = rejection.reason.endsWith("already exists") ? "conflict" : "invalidBody";
      throw new TmfError(code, `Entity rejected: ${rejection.reason}`);
    }
    const id = result.written[0]!;
    return new Response(null, { status: 201, headers: { Location: `${ngsiLdBasePath}/entities/${encodeURIComponent(id)}` } });
  });

  // GET /ngsi-ld/v1/entities – query entities by type, id, attrs and q
  const listEntities = handler<Record<string, never>>(async ({ url, access, db }) => {
    const query = parseQuery(entityQuerySchema, url);
    const page = await queryEntities(db, query, readableTypes(access));
    const body = keyValuesRequested(url) ? page.entities.map(toKeyValues) : page.entities;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (query.count === "true") headers["NGSILD-Results-Count"] = String(page.total);
    return new Response(JSON.stringify(body), { status: 200, headers });
  });

  // GET /ngsi-ld/v1/entities/{entityId} – read one entity
  const readEntity = handler<{ entityId: string }>(async ({ url, params, access, db }) => {
    const id = entityIdParam(params.entityId);
    const row = await getEntityRow(db, id);
    if (!row) throw notFound("Entity", id);
    assertCanRead(access, row.type, id);
    const attrs = url.searchParams.get("attrs")?.split(",").map((name) => name.trim()).filter(Boolean);
    const entity = projectAttributes(row.entity as Entity, attrs);
    return Response.json(keyValuesRequested(url) ? toKeyValues(entity) : entity);
  });

  // PATCH /ngsi-ld/v1/entities/{entityId} – merge attributes into an entity
  const mergeEntity = handler<{ entityId: string }>(async ({ request, params, access, db, notifier }) => {
    assertCanWrite(access);
    const id = entityIdParam(params.entityId);
    const row = await getEntityRow(db, id);
    if (!row) throw notFound("Entity", id);
    if (access.kind === "connector" && access.entityType !== row.type) throw notFound("Entity", id);
    const body = await readJson(request);
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new TmfError("invalidBody", "The body must be a JSON object of attributes");
    const record = { ...(body as Record<string, unknown>), id, type: row.type };
    const parsed = parseEntity(record);
    if (!parsed.ok) throw new TmfError("invalidBody", `Entity rejected: ${parsed.reason}`);
    if ((body as { type?: unknown }).type !== undefined && (body as { type?: unknown }).type !== row.type) {
      throw new TmfError("invalidBody", `The entity's type is ${row.type}; a merge cannot change it`);
    }
    const result = await ingestEntities(db, { records: [record], mode: "upsert", source: await sourceOf(db, access) }, notifier);
    if (result.rejections[0]) throw new TmfError("invalidBody", `Entity rejected: ${result.rejections[0].reason}`);
    return new Response(null, { status: 204 });
  });

  // DELETE /ngsi-ld/v1/entities/{entityId} – delete an entity and its history
  const removeEntity = handler<{ entityId: string }>(async ({ params, access, db }) => {
    if (access.kind !== "owner") throw forbidden("Only the owning domain deletes entities");
    const id = entityIdParam(params.entityId);
    if (!(await deleteEntity(db, id))) throw notFound("Entity", id);
    return new Response(null, { status: 204 });
  });

  // POST /ngsi-ld/v1/entityOperations/upsert – create or update a batch of entities
  const upsertBatch = handler<Record<string, never>>(async ({ request, access, db, notifier }) => {
    assertCanWrite(access);
    const body = await readJson(request);
    if (!Array.isArray(body)) throw new TmfError("invalidBody", "The body of a batch upsert must be a JSON array of entities");
    if (body.length === 0) throw new TmfError("invalidBody", "The batch is empty");
    if (body.length > maxBatchEntities) throw new TmfError("payloadTooLarge", `A batch may contain at most ${maxBatchEntities} entities; this one has ${body.length}`);
    const result = await ingestEntities(db, { records: body, mode: "upsert", source: await sourceOf(db, access) }, notifier);
    if (result.rejections.length > 0) {
      const errors = result.rejections.map((rejection) => ({
        entityId: (rejection.record as { id?: unknown } | null)?.id ?? null,
        index: rejection.index,
        error: { type: problemTypes.invalidBody, title: "Record rejected", detail: rejection.reason },
      }));
      return Response.json({ success: result.written, errors }, { status: 207 });
    }
    if (result.created.length > 0) return Response.json(result.created, { status: 201 });
    return new Response(null, { status: 204 });
  });

  // GET /ngsi-ld/v1/temporal/entities – history of entities between two times
  const temporalEntities = handler<Record<string, never>>(async ({ url, access, db }) => {
    const query = parseQuery(temporalQuerySchema, url);
    const page = await queryTemporal(db, query, readableTypes(access));
    const headers: Record<string, string> = { "content-type": "application/json", "NGSILD-Results-Count": String(page.total) };
    return new Response(JSON.stringify(page.entities), { status: 200, headers });
  });

  // POST /ngsi-ld/v1/subscriptions – subscribe to changes of one entity type
  const createSubscription = handler<Record<string, never>>(async ({ request, access, db }) => {
    const body = await readJson(request);
    const parsed = subscriptionCreateSchema.safeParse(body);
    if (!parsed.success) throw new TmfError("invalidBody", parsed.error.issues.map((issue) => `${issue.path.join(".") || "subscription"}: ${issue.message}`).join("; "));
    const entityType = parsed.data.entities[0]!.type;
    if (access.kind === "connector") throw forbidden("A push connector's token may not subscribe");
    if (access.kind === "grant") {
      if (access.grant.accessMode !== "subscribe") throw forbidden("This access grant allows reading only; order the dataset with accessMode subscribe");
      if (access.entityType !== entityType) throw forbidden(`This access grant covers entity type ${access.entityType}, not ${entityType}`);
    }
    if (!(await findDatasetByType(db, entityType))) throw new TmfError("invalidBody", `No dataset contains entity type ${entityType}; a domain owner creates one in the portal first`);
    const row = await insertSubscription(db, parsed.data, access.kind === "grant" ? access.grant.id : null);
    if (!row) throw new TmfError("conflict", `Subscription ${parsed.data.id} already exists`);
    return new Response(null, { status: 201, headers: { Location: `${ngsiLdBasePath}/subscriptions/${encodeURIComponent(row.id)}` } });
  });

  function subscriptionScope(access: DataAccess) {
    if (access.kind === "owner") return undefined;
    if (access.kind === "grant") return eq(dmSubscription.grantId, access.grant.id);
    throw forbidden("A push connector's token may not read subscriptions");
  }

  // GET /ngsi-ld/v1/subscriptions – the caller's subscriptions
  const listSubscriptions = handler<Record<string, never>>(async ({ access, db }) => {
    const rows = await db.select().from(dmSubscription).where(subscriptionScope(access)).orderBy(dmSubscription.createdAt);
    return Response.json(rows.map(toSubscriptionDocument));
  });

  // GET /ngsi-ld/v1/subscriptions/{subscriptionId} – one subscription with its delivery status
  const readSubscription = handler<{ subscriptionId: string }>(async ({ params, access, db }) => {
    const id = decodeURIComponent(params.subscriptionId);
    const [row] = await db.select().from(dmSubscription).where(and(eq(dmSubscription.id, id), subscriptionScope(access)));
    if (!row) throw notFound("Subscription", id);
    return Response.json(toSubscriptionDocument(row));
  });

  // DELETE /ngsi-ld/v1/subscriptions/{subscriptionId} – end a subscription
  const deleteSubscription = handler<{ subscriptionId: string }>(async ({ params, access, db }) => {
    const id = decodeURIComponent(params.subscriptionId);
    const deleted = await db.delete(dmSubscription).where(and(eq(dmSubscription.id, id), subscriptionScope(access))).returning({ id: dmSubscription.id });
    if (deleted.length === 0) throw notFound("Subscription", id);
    return new Response(null, { status: 204 });
  });

  return {
    entities: { GET: listEntities, POST: createEntity },
    entity: { GET: readEntity, PATCH: mergeEntity, DELETE: removeEntity },
    upsert: { POST: upsertBatch },
    temporalEntities: { GET: temporalEntities },
    subscriptions: { GET: listSubscriptions, POST: createSubscription },
    subscription: { GET: readSubscription, DELETE: deleteSubscription },
  };
}

export type NgsiLdApi = ReturnType<typeof createNgsiLdApi>;
