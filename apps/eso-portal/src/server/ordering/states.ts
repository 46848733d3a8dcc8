import { finalServiceOrderStates, serviceOrderItemStates, serviceOrderStates, type ServiceOrderState } from "@cop-pilot/tmf-schemas";

const canonicalStates = new Map([...serviceOrderStates, ...serviceOrderItemStates].map((state) => [state.toLowerCase(), state as string]));

/**
 * Maps a state reported by a DO to its TMF641 spelling. Peers that speak the
 * OpenSlice dialect send `INPROGRESS` or `COMPLETED`; unknown states are kept as sent.
 */
export function normaliseState(state: string | undefined | null): string | undefined {
  if (state === undefined || state === null || state === "") return undefined;
  return canonicalStates.get(state.replace(/[\s_-]/g, "").toLowerCase()) ?? state;
}

export function isFinalOrderState(state: string | undefined): boolean {
  return state !== undefined && (finalServiceOrderStates as readonly string[]).includes(state);
}

const finalItemStates = new Set(["completed", "failed", "cancelled", "rejected"]);

export function isFinalItemState(state: string | undefined): boolean {
  return state !== undefined && finalItemStates.has(state);
}

/**
 * Derives the ESO order state from its items: all completed → completed,
 * all cancelled → cancelled, some completed and the rest failed or
 * cancelled → partial, none completed → failed. While an item is open, the
 * order is inProgress once a DO has accepted part of it, else acknowledged.
 */
export function deriveOrderState(itemStates: (string | undefined)[], delegated: boolean): ServiceOrderState {
  if (itemStates.length > 0 && itemStates.every(isFinalItemState)) {
    const completed = itemStates.filter((state) => state === "completed").length;
    const cancelled = itemStates.filter((state) => state === "cancelled").length;
    if (completed === itemStates.length) return "completed";
    if (cancelled === itemStates.length) return "cancelled";
    if (completed > 0) return "partial";
    return "failed";
  }
  const started = itemStates.some((state) => state !== undefined && state !== "acknowledged");
  return delegated || started ? "inProgress" : "acknowledged";
}

/** Returns the item state implied by a final DO order state, for items the DO reported no state of their own. */
export function itemStateFromOrderState(orderState: string): string | undefined {
  switch (orderState) {
    case "completed":
      return "completed";
    case "cancelled":
      return "cancelled";
    case "failed":
    case "rejected":
    case "partial":
      return "failed";
    default:
      return undefined;
  }
}
