import "server-only";
import { cancelServiceOrderCreate, serviceOrderCreate, serviceOrderUpdate } from "@cop-pilot/tmf-schemas";
import {
  TmfError,
  applyMergePatch,
  createdResponse,
  describeIssues,
  getDocument,
  invalidBody,
  listDocuments,
  listResponse,
  noContentResponse,
  okResponse,
  parseListQuery,
  readJsonBody,
  recordAudit,
  selectFields,
} from "@cop-pilot/tmf-server";
import { z } from "zod";
import { route } from "../auth";
import { cluster } from "../cluster";
import { db, schema } from "../db";
import { currentDomain } from "../domain";
import { cancelServiceOrder } from "../ordering/cancel";
import { isFinalState } from "../ordering/documents";
import { idempotencyKeySchema, placeServiceOrder } from "../ordering/place-order";
import { deleteServiceOrder, lockServiceOrder, saveServiceOrder } from "../ordering/store";
import { domainOwners, domainStaff } from "./access";

const newestFirst = { defaultSort: [{ path: ["orderDate"], descending: true }] };
const updatableAttributes = Object.keys(serviceOrderUpdate.shape);
const serverAssignedCancelAttributes = ["id", "href", "lastUpdate", "state", "effectiveCancellationDate"] as const;

function readIdempotencyKey(request: Request): string | undefined {
  const header = request.headers.get("idempotency-key");
  if (header === null) return undefined;
  const parsed = idempotencyKeySchema.safeParse(header.trim());
  if (!parsed.success) throw new TmfError("invalidBody", describeIssues(parsed.error).replace(/^body: /, ""));
  return parsed.data;
}

/** TMF641 serviceOrder handlers. */
export const serviceOrderHandlers = {
  collection: {
    GET: route(domainStaff, async ({ url }) => {
      const { items, total } = await listDocuments(db(), schema.serviceOrder, parseListQuery(url.searchParams), newestFirst);
      return listResponse(items, total);
    }),

    POST: route(domainOwners, async ({ request, principal, baseUrl, log }) => {
      const idempotencyKey = readIdempotencyKey(request);
      const body = await readJsonBody(request, serviceOrderCreate);
      const { order, replayed } = await placeServiceOrder(db(), { body, principal, idempotencyKey, baseUrl, domain: currentDomain(), log });
      const response = createdResponse(order);
      if (replayed) response.headers.set("Idempotent-Replayed", "true");
      return response;
    }),
  },

  item: {
    GET: route<{ id: string }>(domainStaff, async ({ url, params }) => {
      const order = await getDocument(db(), schema.serviceOrder, "ServiceOrder", params.id);
      const fields = url.searchParams.get("fields")?.split(",").filter(Boolean);
      return okResponse(selectFields(order, fields));
    }),

    PATCH: route<{ id: string }>(domainOwners, async ({ request, params, principal, log }) => {
      const patch = await readJsonBody(request, z.looseObject({}));
      const fixed = Object.keys(patch).filter((attribute) => !updatableAttributes.includes(attribute));
      if (fixed.length > 0) {
        throw new TmfError(
          "invalidBody",
          `${fixed.join(", ")}: cannot be changed once the order is placed; a PATCH may change only ${updatableAttributes.join(", ")}`,
        );
      }
      const parsed = serviceOrderUpdate.safeParse(patch);
      if (!parsed.success) throw invalidBody(parsed.error);

      const stored = await db().transaction(async (tx) => {
        const order = await lockServiceOrder(tx, params.id);
        await recordAudit(tx, principal, { action: "update", resourceType: "ServiceOrder", resourceId: order.id, summary: `Updated service order ${order.id}`, detail: { attributes: Object.keys(parsed.data) } });
        return saveServiceOrder(tx, applyMergePatch(order, parsed.data));
      });
      log.info({ serviceOrderId: params.id, attributes: Object.keys(parsed.data) }, "service order updated");
      return okResponse(stored);
    }),

    DELETE: route<{ id: string }>(domainOwners, async ({ params, principal, log }) => {
      await db().transaction(async (tx) => {
        const order = await lockServiceOrder(tx, params.id);
        if (!isFinalState(order.state)) {
          throw new TmfError(
            "conflict",
            `Service order "${order.id}" is ${order.state}; only an order in a final state can be deleted, so cancel it first`,
          );
        }
        await deleteServiceOrder(tx, order.id);
        await recordAudit(tx, principal, { action: "delete", resourceType: "ServiceOrder", resourceId: order.id, summary: `Deleted ${order.state} service order ${order.id}` });
      });
      log.info({ serviceOrderId: params.id }, "service order deleted");
      return noContentResponse();
    }),
  },
};

/** TMF641 cancelServiceOrder handlers. */
export const cancelServiceOrderHandlers = {
  collection: {
    GET: route(domainStaff, async ({ url }) => {
      const { items, total } = await listDocuments(db(), schema.cancelServiceOrder, parseListQuery(url.searchParams));
      return listResponse(items, total);
    }),

    POST: route(domainOwners, async ({ request, principal, baseUrl, log }) => {
      const body = await readJsonBody(request, cancelServiceOrderCreate);
      const sent = serverAssignedCancelAttributes.filter((attribute) => attribute in body);
      if (sent.length > 0) throw new TmfError("invalidBody", `${sent.join(", ")}: assigned by the DO and must not be sent`);
      const cancellation = await cancelServiceOrder(db(), { body, principal, baseUrl, domain: currentDomain(), cluster: cluster(), log });
      return createdResponse(cancellation);
    }),
  },

  item: {
    GET: route<{ id: string }>(domainStaff, async ({ url, params }) => {
      const cancellation = await getDocument(db(), schema.cancelServiceOrder, "CancelServiceOrder", params.id);
      const fields = url.searchParams.get("fields")?.split(",").filter(Boolean);
      return okResponse(selectFields(cancellation, fields));
    }),
  },
};
