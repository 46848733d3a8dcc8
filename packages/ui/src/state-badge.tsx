import type { HTMLAttributes } from "react";
import { cn } from "./cn";
import { Badge } from "./badge";

export type StateTone = "neutral" | "info" | "success" | "warning" | "danger";

// Keys are normalised with normaliseState, so "inProgress", "in_progress" and
// "In progress" share one entry.
const stateTones: Record<string, StateTone> = {
  // TMF641 service order and TMF622 product order states
  acknowledged: "info",
  inprogress: "info",
  completed: "success",
  failed: "danger",
  partial: "warning",
  cancelled: "neutral",
  pending: "warning",
  held: "warning",
  assessingcancellation: "warning",
  pendingcancellation: "warning",
  rejected: "danger",
  // TMF633 / TMF620 lifecycleStatus of specifications and offerings
  instudy: "info",
  indesign: "info",
  intest: "info",
  active: "success",
  launched: "success",
  retired: "neutral",
  obsolete: "neutral",
  // TMF638 service state
  feasibilitychecked: "info",
  designed: "info",
  reserved: "info",
  inactive: "neutral",
  terminated: "neutral",
  // Domain availability as seen by the orchestrator
  connected: "success",
  reachable: "success",
  unreachable: "danger",
  unknown: "neutral",
};

const toneVariants = {
  neutral: "neutral",
  info: "info",
  success: "success",
  warning: "warning",
  danger: "destructive",
} as const;

/** Background classes for a small dot in the colour of each tone. */
export const stateToneDotClassNames: Record<StateTone, string> = {
  neutral: "bg-muted-foreground",
  info: "bg-info",
  success: "bg-success",
  warning: "bg-warning",
  danger: "bg-destructive",
};

function normaliseState(state: string): string {
  return state.replace(/[\s_-]/g, "").toLowerCase();
}

/** Returns the colour tone of an order, lifecycle or availability state. Unknown states are neutral. */
export function stateTone(state: string): StateTone {
  return stateTones[normaliseState(state)] ?? "neutral";
}

/** Turns a camelCase TMF state into words: "assessingCancellation" becomes "Assessing cancellation". */
export function formatStateLabel(state: string): string {
  const words = state
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export type StateBadgeProps = Omit<HTMLAttributes<HTMLSpanElement>, "children"> & {
  /** A TMF order state ("inProgress"), a lifecycleStatus ("In design") or an availability ("unreachable"). */
  state: string;
};

/**
 * Renders a state as a badge with words and a colour. The words carry the meaning,
 * so the colour is never the only signal.
 */
export function StateBadge({ state, className, ...props }: StateBadgeProps) {
  const tone = stateTone(state);

  return (
    <Badge variant={toneVariants[tone]} data-state={state} className={className} {...props}>
      <span aria-hidden="true" className={cn("size-1.5 rounded-full", stateToneDotClassNames[tone])} />
      {formatStateLabel(state)}
    </Badge>
  );
}
