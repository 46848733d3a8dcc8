import { TmfError } from "./errors";

export type FilterOperator = "eq" | "ne" | "gt" | "gte" | "lt" | "lte";

export interface AttributeFilter {
  /** Dotted attribute path, e.g. `lifecycleStatus` or `category.id`. */
  path: string[];
  operator: FilterOperator;
  /** Compared values; with `eq`, a comma in the query separates alternatives. */
  values: string[];
}

const operatorSuffixes: Record<string, FilterOperator> = { ne: "ne", gt: "gt", gte: "gte", lt: "lt", lte: "lte" };

export interface ListQuery {
  offset: number;
  limit: number;
  fields: string[] | undefined;
  sort: { path: string[]; descending: boolean }[];
  filters: AttributeFilter[];
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

const reserved = new Set(["fields", "offset", "limit", "sort", "depth", "expand"]);
const segmentPattern = /^[A-Za-z0-9_@][A-Za-z0-9_@\-]*$/;

function parsePath(text: string, parameter: string): string[] {
  const path = text.split(".");
  if (path.some((segment) => !segmentPattern.test(segment))) {
    throw new TmfError("invalidQuery", `Query parameter "${parameter}" names an invalid attribute path "${text}"`);
  }
  return path;
}

function parseNonNegativeInteger(value: string | null, name: string, fallback: number): number {
  if (value === null || value === "") return fallback;
  if (!/^\d+$/.test(value)) throw new TmfError("invalidQuery", `Query parameter "${name}" must be a non-negative integer, got "${value}"`);
  const number = Number(value);
  // PostgreSQL takes OFFSET and LIMIT as bigint; anything past 2^31 is no real page.
  if (number > 2_147_483_647) throw new TmfError("invalidQuery", `Query parameter "${name}" must be at most 2147483647, got ${value}`);
  return number;
}

/** Reads the TMF list parameters: `fields`, `offset`, `limit`, `sort` and attribute filters. */
export function parseListQuery(params: URLSearchParams): ListQuery {
  const offset = parseNonNegativeInteger(params.get("offset"), "offset", 0);
  const limit = parseNonNegativeInteger(params.get("limit"), "limit", DEFAULT_LIMIT);
  if (limit > MAX_LIMIT) throw new TmfError("invalidQuery", `Query parameter "limit" must be at most ${MAX_LIMIT}, got ${limit}`);

  const fieldsParam = params.get("fields");
  const fields = fieldsParam
    ? fieldsParam
        .split(",")
        .map((field) => field.trim())
        .filter(Boolean)
    : undefined;

  const sort = (params.get("sort") ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const descending = item.startsWith("-");
      const name = item.replace(/^[-+]/, "");
      return { path: parsePath(name, "sort"), descending };
    });

  const filters: AttributeFilter[] = [];
  for (const [key, value] of params) {
    if (reserved.has(key)) continue;
    filters.push(parseFilter(key, value));
  }
  return { offset, limit, fields, sort, filters };
}

/** Keeps only the requested top-level attributes, plus `id`, `href` and `@type`. */
export function selectFields<T extends Record<string, unknown>>(document: T, fields: string[] | undefined): Partial<T> {
  if (!fields || fields.length === 0) return document;
  const keep = new Set(["id", "href", "@type", ...fields.map((field) => field.split(".")[0]!)]);
  return Object.fromEntries(Object.entries(document).filter(([key]) => keep.has(key))) as Partial<T>;
}

/**
 * Reads one attribute filter in the TMF forms `state=a,b` (any of),
 * `lastUpdate.gt=…` (also `.gte`, `.lt`, `.lte`, and `.ne` for not equal) and `lastUpdate>=…`
 * (`<=`), where the query string splits at the `=` after `>` or `<`.
 */
function parseFilter(key: string, value: string): AttributeFilter {
  const symbolic = /^(.*)([<>])$/.exec(key);
  if (symbolic) {
    return { path: parsePath(symbolic[1]!, key), operator: symbolic[2] === ">" ? "gte" : "lte", values: [value] };
  }
  const path = parsePath(key, key);
  const operator = path.length > 1 ? operatorSuffixes[path.at(-1)!] : undefined;
  if (operator) return { path: path.slice(0, -1), operator, values: [value] };
  return { path, operator: "eq", values: value.split(",") };
}
