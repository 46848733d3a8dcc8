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

/**
 * Labels the TMF `completionDate` of a final order by its outcome, so that a
 * failed order does not read as completed. Cancelled orders show their
 * `cancellationDate` instead.
 */
export function completionDateLabel(state: string): string {
  if (state === "completed") return "Completed";
  if (state === "failed") return "Failed";
  if (state === "rejected") return "Rejected";
  if (state === "partial") return "Ended, partly completed";
  return "Ended";
}
