import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { cancelProductOrderCreate, productOrderCreate, productOrderUpdate } from "@cop-pilot/tmf-schemas";
import {
  applyMergePatch,
  createdResponse,
  getDocument,
  listDocuments,
  listResponse,
  notFound,
  okResponse,
  parseListQuery,
  readJsonBody,
  replaceDocument,
  selectFields,
  type Principal,
} from "@cop-pilot/tmf-server";
import { isCustomer, orderPlacers, orderReaders } from "../access";
import { route } from "../auth";
import { db, schema } from "../db";
import { publishDocumentChange } from "../events";
import { requestCancellation } from "../ordering/cancel-order";
import { toCustomerOrder } from "../ordering/customer-view";
import type { ProductOrderDocument } from "../ordering/documents";
import { customerIdOf, placeProductOrder } from "../ordering/place-order";
import { getVisibleOrder, visibleOrders } from "../ordering/queries";

// TMF622 Product Ordering. Customers and API clients place and cancel
// orders; customers see only their own orders, business admins and API
// clients see all. The order processor does the rest.

const { cancelProductOrder, productOrder } = schema;
const newestFirst = { defaultSort: [{ path: ["orderDate"], descending: true }] };

function fieldsOf(url: URL): string[] | undefined {
  return url.searchParams.get("fields")?.split(",").filter(Boolean);
}

export const productOrderHandlers = {
  collection: {
    GET: route(orderReaders, async ({ url, principal }) => {
      const query = parseListQuery(url.searchParams);
      if (!isCustomer(principal)) {
        const { items, total } = await listDocuments(db(), productOrder, query, { ...newestFirst, where: visibleOrders(principal) });
        return listResponse(items, total);
      }
      // The customer view needs the whole order, so `fields` is applied after it.
      const { items, total } = await listDocuments(db(), productOrder, { ...query, fields: undefined }, { ...newestFirst, where: visibleOrders(principal) });
      return listResponse(
        items.map((item) => selectFields(toCustomerOrder(item as ProductOrderDocument), query.fields)),
        total,
      );
    }),

    POST: route(orderPlacers, async ({ request, principal, baseUrl, log }) => {
      const input = await readJsonBody(request, productOrderCreate);
      const { order, replayed } = await placeProductOrder(db(), principal, input, { idempotencyKey: request.headers.get("idempotency-key"), baseUrl });
      log.info({ productOrderId: order.id, customerId: customerIdOf(principal), replayed }, replayed ? "product order replayed for its idempotency key" : "product order accepted");
      // A replayed order may have ended already, so a customer gets their view of it.
      return createdResponse(isCustomer(principal) ? toCustomerOrder(order) : order);
    }),
  },

  item: {
    GET: route<{ id: string }>(orderReaders, async ({ params, principal, url }) => {
      const order = await getVisibleOrder(db(), principal, params.id);
      return okResponse(selectFields(isCustomer(principal) ? toCustomerOrder(order) : order, fieldsOf(url)));
    }),

    // Only the few attributes of productOrderUpdate may change once an order is placed.
    PATCH: route<{ id: string }>(orderReaders, async ({ request, params, principal }) => {
      const patch = await readJsonBody(request, productOrderUpdate);
      return db().transaction(async (tx) => {
        const [row] = await tx
          .select({ document: productOrder.document })
          .from(productOrder)
          .where(and(eq(productOrder.id, params.id), visibleOrders(principal)))
          .for("update");
        if (!row) throw notFound("ProductOrder", params.id);
        const current = row.document as ProductOrderDocument;
        const updated = applyMergePatch(current, patch);
        const stored = await replaceDocument(tx, productOrder, "ProductOrder", updated, { state: updated.state });
        await publishDocumentChange(tx, "productOrder", current, stored);
        return okResponse(isCustomer(principal) ? toCustomerOrder(stored as ProductOrderDocument) : stored);
      });
    }),
  },
};

/** Limits cancellation requests to those of the caller's own orders when the caller is a customer. */
function visibleCancellations(principal: Principal) {
  if (!isCustomer(principal)) return undefined;
  const own = db().select({ id: productOrder.id }).from(productOrder).where(eq(productOrder.customerId, customerIdOf(principal)));
  return inArray(cancelProductOrder.productOrderId, own);
}

export const cancelProductOrderHandlers = {
  collection: {
    GET: route(orderReaders, async ({ url, principal }) => {
      const { items, total } = await listDocuments(db(), cancelProductOrder, parseListQuery(url.searchParams), { where: visibleCancellations(principal) });
      return listResponse(items, total);
    }),

    POST: route(orderPlacers, async ({ request, principal, baseUrl, log }) => {
      const input = await readJsonBody(request, cancelProductOrderCreate);
      const cancellation = await requestCancellation(db(), principal, input, { baseUrl });
      log.info({ productOrderId: cancellation.productOrder.id, cancelProductOrderId: cancellation.id }, "product order cancellation accepted");
      return createdResponse(cancellation);
    }),
  },

  item: {
    GET: route<{ id: string }>(orderReaders, async ({ params, principal, url }) => {
      const cancellation = await getDocument(db(), cancelProductOrder, "CancelProductOrder", params.id);
      const orderId = (cancellation.productOrder as { id: string }).id;
      // A customer may read the cancellations of their own orders only.
      if (isCustomer(principal)) await getVisibleOrder(db(), principal, orderId).catch(() => {
        throw notFound("CancelProductOrder", params.id);
      });
      return okResponse(selectFields(cancellation, fieldsOf(url)));
    }),
  },
};

