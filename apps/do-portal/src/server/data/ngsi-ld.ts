import "server-only";
import { createNgsiLdApi, createNotifier, resolveTokenAccess, type DataAccess, type Notifier } from "@cop-pilot/data-management";
import { createLogger } from "@cop-pilot/logger";
import { TmfError } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import { authenticate } from "../auth";
import { db } from "../db";
import { portalRoles } from "../tmf/access";
import { createServiceInventoryReader } from "./inventory";

// The Data Management as the DO mounts it: the NGSI-LD API under /ngsi-ld/v1,
// served only when DATA_MANAGEMENT is enabled.

const log = createLogger("data-management");

export const serviceInventory = createServiceInventoryReader(db);

const globalForData = globalThis as unknown as { doDataNotifier?: Notifier };

export function dataNotifier(): Notifier {
  globalForData.doDataNotifier ??= createNotifier({ db: db(), inventory: serviceInventory, log });
  return globalForData.doDataNotifier;
}

export function dataManagementEnabled(): boolean {
  return env().DATA_MANAGEMENT === "enabled";
}

/**
 * Resolves the caller of an NGSI-LD request. The DO's own API token and the
 * domain's staff own the data. Any other bearer token may belong to a push
 * connector or to a consumer's grant.
 */
async function authorizeData(request: Request): Promise<DataAccess | null> {
  const authorization = request.headers.get("authorization");
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer !== undefined && bearer !== env().API_TOKEN) return resolveTokenAccess(db(), bearer, serviceInventory);
  const principal = await authenticate(request);
  if (!principal) return null;
  if (principal.kind === "apiClient") return { kind: "owner", name: principal.name };
  // A signed-in user of another role is known but not allowed: 403, as on the TMF APIs, not 401.
  if (!portalRoles.includes(principal.role)) throw new TmfError("forbidden", `Your role may not ${request.method} ${new URL(request.url).pathname}`);
  return { kind: "owner", name: principal.email };
}

const api = createNgsiLdApi({ db, authorize: authorizeData, notifier: dataNotifier, logger: log });

type Handler<TParams> = (request: Request, context: { params: Promise<TParams> }) => Promise<Response>;

/** Returns 404 while the Data Management is disabled, so a DO without data exposes no NGSI-LD API. */
function whenEnabled<TParams>(handler: Handler<TParams>): Handler<TParams> {
  return async (request, context) => {
    if (dataManagementEnabled()) return handler(request, context);
    const error = new TmfError("notFound", "This domain runs no Data Management; set DATA_MANAGEMENT=enabled to serve the NGSI-LD API");
    return Response.json({ type: "https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound", title: error.reason, detail: error.message, ...error.toBody() }, { status: 404 });
  };
}

export const ngsiLd = {
  entities: { GET: whenEnabled(api.entities.GET), POST: whenEnabled(api.entities.POST) },
  entity: { GET: whenEnabled(api.entity.GET), PATCH: whenEnabled(api.entity.PATCH), DELETE: whenEnabled(api.entity.DELETE) },
  upsert: { POST: whenEnabled(api.upsert.POST) },
  temporalEntities: { GET: whenEnabled(api.temporalEntities.GET) },
  subscriptions: { GET: whenEnabled(api.subscriptions.GET), POST: whenEnabled(api.subscriptions.POST) },
  subscription: { GET: whenEnabled(api.subscription.GET), DELETE: whenEnabled(api.subscription.DELETE) },
};
