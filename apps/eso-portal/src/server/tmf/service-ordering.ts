import "server-only";
import { sql } from "drizzle-orm";
import { cancelServiceOrderCreate, serviceOrderCreate, serviceOrderUpdate } from "@cop-pilot/tmf-schemas";
import {
  applyMergePatch,
  createdResponse,
  getDocument,
  listDocuments,
  listResponse,
  noContentResponse,
  notFound,
  okResponse,
  parseListQuery,
  readJsonBody,
  replaceDocument,
  selectFields,
  TmfError,
} from "@cop-pilot/tmf-server";
import { route } from "../auth";
import { db, schema } from "../db";
import { publishDocumentChange } from "../events";
import { assertOrderVisible, orderReaders, orderWriters, visibleOrdersCondition } from "../ordering/access";
import { requestCancellation } from "../ordering/cancel";
import { deleteServiceOrder } from "../ordering/delete-order";
import { placeServiceOrder } from "../ordering/place-order";
import type { ServiceOrderDocument } from "../ordering/types";

/** Roles that may delete a finished order; API clients may too. */
const orderDeleters = { roles: ["platformAdmin"] } as const;

const newestFirst = { defaultSort: [{ path: ["orderDate"], descending: true }] };

function idempotencyKey(request: Request): string | undefined {
  const key = request.headers.get("idempotency-key");
  if (key === null) return undefined;
  const trimmed = key.trim();
  if (trimmed === "" || trimmed.length > 255) throw new TmfError("invalidBody", "Idempotency-Key: must be 1 to 255 characters");
  return trimmed;
}

function fieldsOf(url: URL): string[] | undefined {
  return url.searchParams.get("fields")?.split(",").filter(Boolean);
}

export const serviceOrderHandlers = {
  collection: {
    GET: route(orderReaders, async ({ url, principal }) => {
      const query = parseListQuery(url.searchParams);
      const { items, total } = await listDocuments(db(), schema.serviceOrder, query, { ...newestFirst, where: visibleOrdersCondition(principal) });
      return listResponse(items, total);
    }),

    POST: route(orderWriters, async ({ request, principal, baseUrl }) => {
      const key = idempotencyKey(request);
      const input = await readJsonBody(request, serviceOrderCreate);
      const { order, replayed } = await placeServiceOrder(db(), input, { principal, baseUrl, idempotencyKey: key });
      const response = createdResponse(order);
      if (replayed) response.headers.set("Idempotent-Replayed", "true");
      return response;
    }),
  },

  item: {
    GET: route<{ id: string }>(orderReaders, async ({ params, url, principal }) => {
      const order = await getDocument<ServiceOrderDocument>(db(), schema.serviceOrder, "ServiceOrder", params.id);
      assertOrderVisible(principal, order);
      return okResponse(selectFields(order, fieldsOf(url)));
    }),

    PATCH: route<{ id: string }>(orderWriters, async ({ request, params, principal }) => {
      const patch = await readJsonBody(request, serviceOrderUpdate);
      const stored = await db().transaction(async (tx) => {
        const [row] = await tx.execute<{ document: ServiceOrderDocument }>(sql`select document from ${schema.serviceOrder} where id = ${params.id} for update`);
        if (!row) throw notFound("ServiceOrder", params.id);
        assertOrderVisible(principal, row.document);
        const merged = applyMergePatch(row.document, patch);
        const replaced = await replaceDocument(tx, schema.serviceOrder, "ServiceOrder", merged, { state: merged.state, externalId: merged.externalId ?? null });
        await publishDocumentChange(tx, "serviceOrder", row.document, replaced);
        return replaced;
      });
      return okResponse(stored);
    }),

    DELETE: route<{ id: string }>(orderDeleters, async ({ params, principal, log }) => {
      await deleteServiceOrder(db(), principal, params.id);
      log.info({ serviceOrderId: params.id }, "service order deleted");
      return noContentResponse();
    }),
  },
};

export const cancelServiceOrderHandlers = {
  collection: {
    GET: route(orderReaders, async ({ url, principal }) => {
      if (principal.kind === "user" && principal.role === "customer") {
        throw new TmfError("forbidden", "Customers see the cancellation state on their service orders");
      }
      const { items, total } = await listDocuments(db(), schema.cancelServiceOrder, parseListQuery(url.searchParams));
      return listResponse(items, total);
    }),

    POST: route(orderWriters, async ({ request, principal, baseUrl }) => {
      const input = await readJsonBody(request, cancelServiceOrderCreate);
      for (const attribute of ["id", "href", "state"] as const) {
        if (attribute in input) throw new TmfError("invalidBody", `${attribute}: is assigned by the server and must not be sent`);
      }
      return createdResponse(await requestCancellation(db(), input, { principal, baseUrl }));
    }),
  },

  item: {
    GET: route<{ id: string }>(orderReaders, async ({ params, url, principal }) => {
      const cancel = await getDocument(db(), schema.cancelServiceOrder, "CancelServiceOrder", params.id);
      const orderId = (cancel.serviceOrder as { id: string }).id;
      const order = await getDocument<ServiceOrderDocument>(db(), schema.serviceOrder, "ServiceOrder", orderId).catch(() => undefined);
      if (order) {
        try {
          assertOrderVisible(principal, order);
        } catch {
          throw notFound("CancelServiceOrder", params.id);
        }
      }
      return okResponse(selectFields(cancel, fieldsOf(url)));
    }),
  },
};
