import { and, eq } from "drizzle-orm";
import { bmpSchema } from "@cop-pilot/db";
import { cancelProductOrderCreate, tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { TmfError, insertDocument, invalidBody, newId, notFound, replaceDocument, type Db, type Principal, recordAudit } from "@cop-pilot/tmf-server";
import { assertAllowed, orderPlacers } from "../access";
import type { CancelProductOrderDocument, ProductOrderDocument } from "./documents";
import { recordOrderState } from "./history";
import { visibleOrders } from "./queries";
import { isFinalOrderState } from "./states";
import { publishDocumentChange } from "../events";
import { enqueueProductOrderStep } from "./order-jobs";

const { cancelProductOrder, productOrder } = bmpSchema;

const serverAssigned = ["id", "href", "lastUpdate", "state", "effectiveCancellationDate"] as const;
const cancellingStates = ["pendingCancellation", "assessingCancellation"];

/**
 * Accepts a request to cancel a product order that is not final yet: stores
 * it, and moves the order to pendingCancellation for the order processor,
 * which cancels the ESO service order (when there is one) and then the
 * product order.
 */
export async function requestCancellation(
  db: Db,
  principal: Principal,
  rawInput: unknown,
  options: { baseUrl: string; now?: Date },
): Promise<CancelProductOrderDocument> {
  assertAllowed(principal, orderPlacers, "cancel product orders");
  const parsed = cancelProductOrderCreate.safeParse(rawInput);
  if (!parsed.success) throw invalidBody(parsed.error);
  const input = parsed.data;
  for (const attribute of serverAssigned) {
    if (attribute in input) throw new TmfError("invalidBody", `${attribute}: is assigned by the server and must not be sent`);
  }
  const now = options.now ?? new Date();
  const orderId = input.productOrder.id;

  return db.transaction(async (tx) => {
    // Waits for an order processor pass that has locked the order, so the state checked here is current.
    const [row] = await tx
      .select({ document: productOrder.document })
      .from(productOrder)
      .where(and(eq(productOrder.id, orderId), visibleOrders(principal)))
      .for("update");
    if (!row) throw notFound("ProductOrder", orderId);
    const order = row.document as ProductOrderDocument;
    if (isFinalOrderState(order.state)) {
      throw new TmfError("conflict", `ProductOrder ${orderId} is ${order.state} and can no longer be cancelled`);
    }
    if (cancellingStates.includes(order.state)) {
      throw new TmfError("conflict", `ProductOrder ${orderId} is already being cancelled`);
    }

    const id = newId();
    const cancellation: CancelProductOrderDocument = {
      ...input,
      id,
      href: `${options.baseUrl}${tmfApiPaths.productOrdering}/cancelProductOrder/${id}`,
      "@type": input["@type"] ?? "CancelProductOrder",
      state: "acknowledged",
      productOrder: { id: order.id, href: order.href, "@referredType": "ProductOrder" },
    };
    const stored = await insertDocument(tx, cancelProductOrder, cancellation, { state: "acknowledged", productOrderId: order.id });
    await publishDocumentChange(tx, "cancelProductOrder", undefined, stored);

    const updated: ProductOrderDocument = {
      ...order,
      state: "pendingCancellation",
      ...(input.cancellationReason ? { cancellationReason: input.cancellationReason } : {}),
    };
    const storedOrder = await replaceDocument(tx, productOrder, "ProductOrder", updated, { state: "pendingCancellation", nextAttemptAt: now, attemptCount: 0, lastError: null });
    await publishDocumentChange(tx, "productOrder", order, storedOrder);
    await enqueueProductOrderStep(tx, orderId);
    await recordAudit(tx, principal, { action: "cancel", resourceType: "ProductOrder", resourceId: order.id, summary: `Requested cancellation ${id} of product order ${order.id}` });
    await recordOrderState(
      tx,
      order.id,
      "pendingCancellation",
      { message: `Cancellation requested by ${principal.name}${input.cancellationReason ? `: ${input.cancellationReason}` : ""}` },
      now,
    );
    return stored;
  });
}
