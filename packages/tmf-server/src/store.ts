import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { notFound } from "./errors";
import type { AttributeFilter, ListQuery } from "./query";
import { selectFields } from "./query";

// Storage of TMF resources as JSON documents beside a few indexed columns
// (see `tmfResourceColumns` in @cop-pilot/db). Attribute filters run in
// PostgreSQL as SQL/JSON path predicates, so paging and counts stay exact.

export type TmfDocument = Record<string, unknown> & { id: string; href: string };

export type DocumentTable = PgTable & {
  id: PgColumn;
  href: PgColumn;
  lastUpdate: PgColumn;
  document: PgColumn;
};

// Any drizzle PostgreSQL database or transaction.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = PgDatabase<PgQueryResultHKT, any, any>;

export function newId(): string {
  return randomUUID();
}

function jsonPathLiteral(path: string[]): string {
  return "$" + path.map((segment) => `."${segment}"`).join("");
}

const comparisons = { ne: "!=", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

function filterCondition(table: DocumentTable, filter: AttributeFilter): SQL {
  if (filter.operator !== "eq") {
    // Numbers compare as numbers; anything else, ISO dates included, as strings.
    const text = filter.values[0] ?? "";
    const value = text !== "" && !Number.isNaN(Number(text)) ? Number(text) : text;
    const path = `${jsonPathLiteral(filter.path)} ? (@ ${comparisons[filter.operator]} $v)`;
    return sql`jsonb_path_exists(${table.document}, ${path}::jsonpath, ${JSON.stringify({ v: value })}::jsonb)`;
  }
  if (filter.path.length === 1 && filter.path[0] === "id") {
    return sql`${table.id} in ${filter.values}`;
  }
  const vars: Record<string, string | number | boolean> = {};
  const alternatives: string[] = [];
  filter.values.forEach((value, index) => {
    vars[`s${index}`] = value;
    alternatives.push(`@ == $s${index}`);
    if (value !== "" && !Number.isNaN(Number(value))) {
      vars[`n${index}`] = Number(value);
      alternatives.push(`@ == $n${index}`);
    }
    if (value === "true" || value === "false") {
      vars[`b${index}`] = value === "true";
      alternatives.push(`@ == $b${index}`);
    }
  });
  const path = `${jsonPathLiteral(filter.path)} ? (${alternatives.join(" || ")})`;
  return sql`jsonb_path_exists(${table.document}, ${path}::jsonpath, ${JSON.stringify(vars)}::jsonb)`;
}

function sortExpression(table: DocumentTable, path: string[], descending: boolean): SQL {
  const column = path.length === 1 && path[0] === "lastUpdate" ? sql`${table.lastUpdate}` : sql`${table.document} #>> ${`{${path.join(",")}}`}`;
  return descending ? sql`${column} desc nulls last` : sql`${column} asc nulls last`;
}

export interface ListOptions {
  /** Extra condition, e.g. the caller's own orders only. */
  where?: SQL;
  /** Used when the query has no `sort`. */
  defaultSort?: { path: string[]; descending: boolean }[];
}

/** Lists documents matching the query's filters, one page of them, with the total count. */
export async function listDocuments<T extends TmfDocument>(
  db: Db,
  table: DocumentTable,
  query: ListQuery,
  options: ListOptions = {},
): Promise<{ items: Partial<T>[]; total: number }> {
  const conditions = query.filters.map((filter) => filterCondition(table, filter));
  if (options.where) conditions.push(options.where);
  const where = conditions.length > 0 ? and(...conditions) : undefined;

  const sort = query.sort.length > 0 ? query.sort : (options.defaultSort ?? [{ path: ["lastUpdate"], descending: true }]);
  const orderBy = [...sort.map((item) => sortExpression(table, item.path, item.descending)), asc(table.id)];

  const [totalRow] = await db.select({ total: count() }).from(table).where(where);
  const rows = await db
    .select({ document: table.document })
    .from(table)
    .where(where)
    .orderBy(...orderBy)
    .offset(query.offset)
    .limit(query.limit);
  return {
    items: rows.map((row) => selectFields(row.document as T, query.fields)),
    total: Number(totalRow?.total ?? 0),
  };
}

/** Loads one document or throws a 404 TMF error naming the type. */
export async function getDocument<T extends TmfDocument>(db: Db, table: DocumentTable, type: string, id: string): Promise<T> {
  const [row] = await db.select({ document: table.document }).from(table).where(eq(table.id, id)).limit(1);
  if (!row) throw notFound(type, id);
  return row.document as T;
}

export async function findDocument<T extends TmfDocument>(db: Db, table: DocumentTable, id: string): Promise<T | undefined> {
  const [row] = await db.select({ document: table.document }).from(table).where(eq(table.id, id)).limit(1);
  return row?.document as T | undefined;
}

/**
 * Inserts a document. `columns` fills the table's own columns beside the
 * document (name, state, …); `lastUpdate` in the document is set here.
 */
export async function insertDocument<T extends TmfDocument>(
  db: Db,
  table: DocumentTable,
  document: T,
  columns: Record<string, unknown> = {},
): Promise<T> {
  const now = new Date();
  const stored = { ...document, lastUpdate: now.toISOString() };
  await db.insert(table).values({ ...columns, id: document.id, href: document.href, lastUpdate: now, document: stored });
  return stored;
}

/** Replaces a stored document and its columns; throws 404 if it is gone. */
export async function replaceDocument<T extends TmfDocument>(
  db: Db,
  table: DocumentTable,
  type: string,
  document: T,
  columns: Record<string, unknown> = {},
): Promise<T> {
  const now = new Date();
  const stored = { ...document, lastUpdate: now.toISOString() };
  const updated = await db
    .update(table)
    .set({ ...columns, lastUpdate: now, document: stored })
    .where(eq(table.id, document.id))
    .returning({ id: table.id });
  if (updated.length === 0) throw notFound(type, document.id);
  return stored;
}

export async function deleteDocument(db: Db, table: DocumentTable, type: string, id: string): Promise<void> {
  const deleted = await db.delete(table).where(eq(table.id, id)).returning({ id: table.id });
  if (deleted.length === 0) throw notFound(type, id);
}

export { desc };
