// Order states the portal treats specially; shared by server pages and client components.

/** States in which an order no longer changes. */
export const finalOrderStates = ["completed", "failed", "partial", "cancelled", "rejected"] as const;

export function isFinal(state: string): boolean {
  return (finalOrderStates as readonly string[]).includes(state);
}

/** Returns whether a customer may still ask to cancel an order in this state. */
export function isCancellable(state: string): boolean {
  return !isFinal(state) && state !== "pendingCancellation" && state !== "assessingCancellation";
}
