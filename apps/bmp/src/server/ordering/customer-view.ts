import { isTechnicalCharacteristic } from "../catalog/value-use";
import type { ProductOrderDocument, ProductOrderItemDocument } from "./documents";
import type { OrderHistoryEntry, OrderOutcome, OrderProgress } from "./queries";

// The customer's view of an order in the portal. Notes and history
// messages name ESO calls, HTTP statuses and service order ids, which mean
// nothing to a customer, so they are replaced by plain sentences. Business
// admins and API clients see the technical detail in `note`.

const plainStateMessages: Record<string, string> = {
  acknowledged: "Order received",
  inProgress: "Order accepted; the service is being deployed",
  pending: "Order waiting to be deployed",
  held: "Order on hold",
  assessingCancellation: "Cancellation requested",
  pendingCancellation: "Cancellation requested",
  cancelled: "Order cancelled",
  completed: "Order completed; the service is deployed",
  partial: "Order partly completed",
  failed: "Order failed",
  rejected: "Order rejected",
};

const cancellingStates = new Set(["assessingCancellation", "pendingCancellation"]);

/** Describes why an order ended without being fully completed, in words for the customer; undefined for other states. */
export function customerOutcome(order: ProductOrderDocument): OrderOutcome | undefined {
  const next = "Order again with another configuration or later, or contact the portal's business administrators and quote the order id.";
  if (order.state === "partial") {
    return {
      title: "Part of the order could not be delivered",
      reason: "The items marked failed could not be deployed; the other items were deployed.",
    };
  }
  if (order.state !== "failed" && order.state !== "rejected") return undefined;
  if (!order.serviceOrder) {
    return {
      title: "The order could not be placed",
      reason: `The platform that deploys this service did not accept the order, so nothing was deployed. ${next}`,
    };
  }
  return {
    title: "The order failed",
    reason: `The service could not be deployed in the domain that provides it. ${next}`,
  };
}

/**
 * Returns the order as the TMF API shows it to a customer: the technical
 * notes give way to one note with the plain reason when the order ended
 * without being fully completed, and to none otherwise.
 */
export function toCustomerOrder(order: ProductOrderDocument): ProductOrderDocument {
  const { note: _note, ...rest } = order;
  const outcome = customerOutcome(order);
  if (!outcome) return rest;
  const date = order.completionDate ?? order.lastUpdate;
  return { ...rest, note: [{ ...(typeof date === "string" ? { date } : {}), text: `${outcome.title}. ${outcome.reason}` }] };
}

/** Rewrites the state history in plain words, one entry per change of state. */
export function customerHistory(history: readonly OrderHistoryEntry[]): OrderHistoryEntry[] {
  const plain: OrderHistoryEntry[] = [];
  let previous: string | undefined;
  for (const entry of history) {
    if (entry.state === previous) continue;
    const resumed = entry.state === "inProgress" && previous !== undefined && cancellingStates.has(previous);
    const message = resumed ? "The order could no longer be cancelled and continues" : (plainStateMessages[entry.state] ?? entry.state);
    plain.push({ state: entry.state, changedAt: entry.changedAt, message });
    previous = entry.state;
  }
  return plain;
}

function withoutTechnicalCharacteristics<T extends Pick<ProductOrderItemDocument, "product">>(item: T): T {
  return { ...item, product: { ...item.product, productCharacteristic: item.product?.productCharacteristic?.filter((characteristic) => !isTechnicalCharacteristic(characteristic)) } };
}

/** Returns the customer's view of the order progress: no notes, no technical characteristics, a plain history and outcome. */
export function toCustomerProgress(progress: OrderProgress): OrderProgress {
  const { note: _note, ...order } = progress.order;
  const outcome = customerOutcome(progress.order);
  return {
    ...progress,
    order: {
      ...order,
      productOrderItem: order.productOrderItem.map((item) => ({
        ...withoutTechnicalCharacteristics(item),
        // A bundle item lists the configuration of each bundled offering in nested items.
        ...(Array.isArray(item.productOrderItem) ? { productOrderItem: (item.productOrderItem as ProductOrderItemDocument[]).map(withoutTechnicalCharacteristics) } : {}),
      })),
    },
    history: customerHistory(progress.history),
    ...(outcome ? { outcome } : {}),
  };
}
