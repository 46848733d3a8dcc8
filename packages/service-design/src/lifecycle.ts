import { serviceLifecycleStatuses } from "@cop-pilot/tmf-schemas";

// Lifecycle of a designed TMF633 service specification. The statuses are the
// ones TMF633 names; the allowed moves between them are this platform's rule.

export type LifecycleStatus = (typeof serviceLifecycleStatuses)[number];

export { serviceLifecycleStatuses };

/** Statuses in which a specification may be ordered at the DO and at the ESO. */
export const orderableLifecycleStatuses = ["Active", "Launched"] as const satisfies readonly LifecycleStatus[];

/** Status of a specification that a designer has just created or versioned. */
export const initialLifecycleStatus: LifecycleStatus = "In design";

const transitions: Record<LifecycleStatus, readonly LifecycleStatus[]> = {
  "In design": ["In test", "Active", "Rejected"],
  "In test": ["In design", "Active", "Rejected"],
  Active: ["Launched", "Retired"],
  Launched: ["Retired"],
  // A retired specification may be offered again until it is made obsolete.
  Retired: ["Active", "Obsolete"],
  Obsolete: [],
  Rejected: ["In design"],
};

export function isLifecycleStatus(value: unknown): value is LifecycleStatus {
  return typeof value === "string" && (serviceLifecycleStatuses as readonly string[]).includes(value);
}

export function isOrderable(status: unknown): boolean {
  return typeof status === "string" && (orderableLifecycleStatuses as readonly string[]).includes(status);
}

/** Returns the statuses a specification in `from` may move to. A specification without a known status may move to any. */
export function allowedTransitions(from: unknown): readonly LifecycleStatus[] {
  return isLifecycleStatus(from) ? transitions[from] : serviceLifecycleStatuses;
}

/**
 * Checks a lifecycle move and returns why it is not allowed, or undefined when
 * it is. Staying in the same status is not a move.
 */
export function transitionProblem(from: unknown, to: string): string | undefined {
  if (!isLifecycleStatus(to)) return `lifecycleStatus "${to}" is not one of ${serviceLifecycleStatuses.join(", ")}`;
  if (from === to) return `the specification is already ${to}`;
  const allowed = allowedTransitions(from);
  if (allowed.includes(to)) return undefined;
  const next = allowed.length === 0 ? "no other status" : allowed.join(", ");
  return `a specification that is ${String(from)} cannot become ${to}; it can become ${next}`;
}

/** True when a marketplace lists a specification: it can be ordered, or it has no lifecycle status at all. */
export function isListedInMarketplace(status: unknown): boolean {
  return status === undefined || status === null || isOrderable(status);
}
