import { deriveOrderState, isFinalItemState } from "./states";
import type { OrderItemDocument, ServiceOrderDocument } from "./types";

// A bundle item of an ESO order carries one nested `serviceOrderItem` per
// part, and the parts are what the ESO delegates. Every other item is
// delegated as it is.

export function isBundleItem(item: OrderItemDocument): item is OrderItemDocument & { serviceOrderItem: OrderItemDocument[] } {
  return Array.isArray(item.serviceOrderItem) && item.serviceOrderItem.length > 0;
}

/** Returns the items the ESO delegates to the DOs: the parts of each bundle item and every other item. */
export function delegatedItems(order: Pick<ServiceOrderDocument, "serviceOrderItem">): OrderItemDocument[] {
  return order.serviceOrderItem.flatMap((item) => (isBundleItem(item) ? item.serviceOrderItem : [item]));
}

/**
 * Derives a bundle item's state from its parts: completed or cancelled when
 * all parts are, failed once every part is final otherwise, and open while a
 * part is. TMF641 has no partial item state, so a bundle with some parts up
 * is failed, and the order, derived from the parts, is partial.
 */
export function bundleItemState(parts: readonly OrderItemDocument[]): string {
  const states = parts.map((part) => part.state);
  if (!states.every(isFinalItemState)) return deriveOrderState(states, false);
  const derived = deriveOrderState(states, true);
  return derived === "partial" ? "failed" : derived;
}
