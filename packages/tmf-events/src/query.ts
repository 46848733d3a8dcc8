import type { EventEnvelope } from "./envelope";

/** One condition of a hub `query`: the value at `path` in the envelope equals one of `values`. */
export interface EventFilter {
  path: string[];
  values: string[];
}

export class InvalidEventQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidEventQueryError";
  }
}

const MAX_QUERY_LENGTH = 2000;

/**
 * Parses the `query` of a hub registration: conditions joined by `&`, each
 * `path=value` with a dotted path into the envelope (`eventType`,
 * `event.serviceOrder.state`) and commas between alternative values. A
 * leading `?` and spaces around `=` are accepted. An empty query takes every
 * event.
 */
export function parseEventQuery(query: string | null | undefined): EventFilter[] {
  if (query === null || query === undefined) return [];
  if (query.length > MAX_QUERY_LENGTH) throw new InvalidEventQueryError(`query is longer than ${MAX_QUERY_LENGTH} characters`);
  const text = query.trim().replace(/^\?/, "");
  if (text === "") return [];
  return text.split("&").map((condition) => {
    const separator = condition.indexOf("=");
    if (separator <= 0) throw new InvalidEventQueryError(`"${condition}" is not a condition of the form path=value`);
    const path = decode(condition.slice(0, separator).trim()).split(".");
    if (path.some((segment) => !/^[@A-Za-z_][\w@-]*$/.test(segment))) {
      throw new InvalidEventQueryError(`"${path.join(".")}" is not a dotted attribute path`);
    }
    const values = condition
      .slice(separator + 1)
      .split(",")
      .map((value) => decode(value.trim()));
    if (values.some((value) => value === "")) throw new InvalidEventQueryError(`"${condition}" has an empty value`);
    return { path, values };
  });
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    throw new InvalidEventQueryError(`"${text}" is not valid percent-encoding`);
  }
}

/** Reads the value at `path`; in an array, any element may match. */
function valuesAt(value: unknown, path: string[]): unknown[] {
  if (path.length === 0) return Array.isArray(value) ? value : [value];
  if (Array.isArray(value)) return value.flatMap((element) => valuesAt(element, path));
  if (typeof value !== "object" || value === null) return [];
  return valuesAt((value as Record<string, unknown>)[path[0]!], path.slice(1));
}

/**
 * Tells whether an event passes every filter. `eventType` compares without
 * regard to the case of its first letter, so that the listener name
 * (`serviceOrderStateChangeEvent`) works as well as the type.
 */
export function matchesEventQuery(envelope: EventEnvelope, filters: readonly EventFilter[]): boolean {
  return filters.every((filter) => {
    const isEventType = filter.path.length === 1 && filter.path[0] === "eventType";
    const normalise = (value: string) => (isEventType ? value.charAt(0).toLowerCase() + value.slice(1) : value);
    const wanted = new Set(filter.values.map(normalise));
    return valuesAt(envelope, filter.path).some(
      (value) => (typeof value === "string" || typeof value === "number" || typeof value === "boolean") && wanted.has(normalise(String(value))),
    );
  });
}
