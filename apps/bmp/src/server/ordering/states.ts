import {
  finalProductOrderStates,
  productOrderStates,
  type ProductOrderState,
} from "@cop-pilot/tmf-schemas";

// How the state of the ESO service order carries over to the product order.
// TMF622 and TMF641 share their state names. Upper-case dialects such as
// OpenSlice's "INPROGRESS" are matched without case.

const itemStates = ["acknowledged", "rejected", "pending", "held", "inProgress", "cancelled", "completed", "failed", "assessingCancellation", "pendingCancellation"] as const;

function canonical<T extends string>(states: readonly T[], state: string | undefined): T | undefined {
  if (state === undefined) return undefined;
  const normalised = state.replace(/[\s_-]/g, "").toLowerCase();
  return states.find((candidate) => candidate.toLowerCase() === normalised);
}

export function isFinalOrderState(state: string): boolean {
  return (finalProductOrderStates as readonly string[]).includes(state);
}

/**
 * Maps the ESO order state to the product order state: an order the ESO has
 * accepted is in progress from the customer's view even while the ESO still
 * calls it acknowledged, and an order the ESO rejected has failed. Returns
 * undefined for a state that neither API defines.
 */
export function productOrderStateFor(serviceOrderState: string): ProductOrderState | undefined {
  const state = canonical(productOrderStates, serviceOrderState);
  if (state === "acknowledged") return "inProgress";
  if (state === "rejected") return "failed";
  return state;
}

/** Maps an ESO order item state to the product order item state; a rejected item has failed. */
export function productOrderItemStateFor(serviceOrderItemState: string | undefined): string | undefined {
  const state = canonical(itemStates, serviceOrderItemState);
  return state === "rejected" ? "failed" : state;
}

const finalItemStates = new Set(["completed", "failed", "cancelled", "rejected"]);

/**
 * Combines the states of the ESO items that fulfil one product order item
 * (several for a bundle) into the item's state. Until every service is
 * final the item is in progress, unless none has started; once all are
 * final it is completed only when all completed. Returns undefined when the
 * ESO reported none of them.
 */
export function combinedItemState(states: readonly (string | undefined)[]): string | undefined {
  const known = states.filter((state): state is string => state !== undefined);
  if (known.length === 0) return undefined;
  if (known.every((state) => state === known[0]) && known.length === states.length) return known[0];
  if (known.length === states.length && known.every((state) => finalItemStates.has(state))) {
    if (known.some((state) => state === "failed" || state === "rejected")) return "failed";
    return known.every((state) => state === "cancelled") ? "cancelled" : "failed";
  }
  const started = known.some((state) => state !== "acknowledged" && state !== "pending" && state !== "held");
  return started ? "inProgress" : known[0];
}
