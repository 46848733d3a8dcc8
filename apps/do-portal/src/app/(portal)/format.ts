import { formatUtcTimestamp } from "@cop-pilot/ui";

/** Formats an ISO date-time for tables and lists, or "—" when there is none. */
export function formatTime(iso: string | undefined | null): string {
  if (!iso) return "—";
  return formatUtcTimestamp(iso) ?? iso;
}

/** Returns the first block of a UUID, which is enough to tell orders apart on screen. */
export function shortId(id: string): string {
  return id.split("-")[0] ?? id;
}

/** Formats a characteristic value as text: strings as they are, other values as JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null || value === "") return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Formats a number with at most two decimals and its unit, e.g. "19.4 cores" or "1 core". */
export function formatAmount(value: unknown, unit?: string): string {
  if (typeof value !== "number") return formatValue(value);
  const text = Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
  if (!unit) return text;
  return `${text} ${value === 1 && unit === "cores" ? "core" : unit}`;
}
