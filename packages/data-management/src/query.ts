import { and, asc, count, gt, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { dmAttributeInstance, dmEntity } from "@cop-pilot/db/schema/data-management";
import { TmfError, type Db } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { attributeNames, entityIdSchema, entityTypeSchema, type Entity } from "./entity";

// Queries of ETSI GS CIM 009: entities by type, id, attribute list and a q
// filter, and the temporal evolution of entities between two times.

/** Maximum page size of an entity query, and its default when `limit` is missing. */
export const maxEntityPage = 1000;
export const defaultEntityPage = 20;
/** Maximum attribute instances a temporal query returns per attribute of an entity. */
export const maxInstancesPerAttribute = 1000;

const comparison = ["==", "!=", ">=", "<=", ">", "<", "~="] as const;
type Operator = (typeof comparison)[number];

export interface QueryTerm {
  /** Attribute name, and a path into a compound value after it. */
  path: string[];
  operator?: Operator;
  /** A single value, a list (equals any) or a range (both ends included). */
  value?: { kind: "single"; value: string | number | boolean } | { kind: "list"; values: (string | number | boolean)[] } | { kind: "range"; from: number | string; to: number | string };
}

/** A q filter as alternatives of conjunctions: `a>1;b==2|c` is (a>1 and b==2) or c. */
export type QueryFilter = QueryTerm[][];

function parseValue(text: string): string | number | boolean {
  const trimmed = text.trim();
  if (/^".*"$/.test(trimmed)) return trimmed.slice(1, -1);
  if (trimmed === "true" || trimmed === "false") return trimmed === "true";
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return Number(trimmed);
  // ISO 8601 times and other bare words compare as strings.
  return trimmed;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (char === separator && !quoted) {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  return parts;
}

function parseTerm(text: string): QueryTerm {
  const match = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)(?:(==|!=|>=|<=|>|<|~=)(.+))?$/.exec(text.trim());
  if (!match) throw new TmfError("invalidQuery", `q term "${text}" is not of the form attribute, attribute==value or attribute>value`);
  const [, path, operator, rawValue] = match;
  const term: QueryTerm = { path: path!.split(".") };
  if (operator === undefined) return term;
  term.operator = operator as Operator;
  const valueText = rawValue!.trim();
  if (/[=<>!]/.test(valueText.replace(/"[^"]*"/g, ""))) throw new TmfError("invalidQuery", `q term "${text}" has an operator inside its value; quote string values`);
  const rangeParts = /^("[^"]*"|[^"]+?)\.\.("[^"]*"|[^"]+)$/.exec(valueText);
  if (rangeParts && (operator === "==" || operator === "!=")) {
    const from = parseValue(rangeParts[1]!);
    const to = parseValue(rangeParts[2]!);
    if (typeof from === "boolean" || typeof to === "boolean") throw new TmfError("invalidQuery", `q range "${valueText}" must have numbers or strings at both ends`);
    term.value = { kind: "range", from, to };
  } else if (valueText.includes(",") && (operator === "==" || operator === "!=")) {
    term.value = { kind: "list", values: splitOutsideQuotes(valueText, ",").map(parseValue) };
  } else {
    term.value = { kind: "single", value: parseValue(valueText) };
  }
  if (operator === "~=" && typeof (term.value as { value?: unknown }).value !== "string") {
    throw new TmfError("invalidQuery", `q term "${text}": ~= needs a quoted regular expression`);
  }
  return term;
}

/** Parses the q parameter of an entity query. Throws a 400 on syntax the DM does not support, such as parentheses. */
export function parseQueryFilter(q: string): QueryFilter {
  if (q.length > 1000) throw new TmfError("invalidQuery", "q is longer than 1000 characters");
  if (/[()]/.test(q.replace(/"[^"]*"/g, ""))) throw new TmfError("invalidQuery", "q with parentheses is not supported; write it as alternatives (|) of terms joined by ;");
  return splitOutsideQuotes(q, "|").map((alternative) => splitOutsideQuotes(alternative, ";").map(parseTerm));
}

const jsonPathOperators: Record<Exclude<Operator, "~=">, string> = { "==": "==", "!=": "!=", ">=": ">=", "<=": "<=", ">": ">", "<": "<" };

function termCondition(term: QueryTerm): SQL {
  const [attribute, ...rest] = term.path;
  if (term.operator === undefined || term.value === undefined) return sql`${dmEntity.entity} ? ${attribute}`;
  const inner = rest.map((segment) => `."${segment}"`).join("");
  // The value of a Property or GeoProperty, or the object of a Relationship.
  const target = `$."${attribute}" ? (@.type != "Relationship").value${inner}`;
  const relationshipTarget = `$."${attribute}" ? (@.type == "Relationship").object`;
  const paths = rest.length === 0 ? [target, relationshipTarget] : [target];

  const variables: Record<string, unknown> = {};
  let predicate: string;
  const { value } = term;
  if (term.operator === "~=") {
    const pattern = (value as { value: string }).value;
    try {
      new RegExp(pattern);
    } catch {
      throw new TmfError("invalidQuery", `q pattern "${pattern}" is not a valid regular expression`);
    }
    predicate = `@ like_regex ${JSON.stringify(pattern)}`;
  } else if (value.kind === "range") {
    variables.from = value.from;
    variables.to = value.to;
    predicate = term.operator === "==" ? "@ >= $from && @ <= $to" : "@ < $from || @ > $to";
  } else if (value.kind === "list") {
    value.values.forEach((entry, index) => (variables[`v${index}`] = entry));
    const anyOf = value.values.map((_, index) => `@ == $v${index}`).join(" || ");
    predicate = term.operator === "==" ? anyOf : `!(${anyOf})`;
  } else {
    variables.v = value.value;
    predicate = `@ ${jsonPathOperators[term.operator]} $v`;
  }
  const vars = JSON.stringify(variables);
  const alternatives = paths.map((path) => sql`jsonb_path_exists(${dmEntity.entity}, ${`${path} ? (${predicate})`}::jsonpath, ${vars}::jsonb)`);
  return alternatives.length === 1 ? alternatives[0]! : sql`(${sql.join(alternatives, sql` or `)})`;
}

function filterCondition(filter: QueryFilter): SQL {
  const alternatives = filter.map((terms) => sql`(${sql.join(terms.map(termCondition), sql` and `)})`);
  return sql`(${sql.join(alternatives, sql` or `)})`;
}

const listParam = z
  .string()
  .transform((text) => text.split(",").map((part) => part.trim()).filter(Boolean));

export const entityQuerySchema = z
  .object({
    type: z.string().optional(),
    id: listParam.optional(),
    idPattern: z.string().max(200).optional(),
    attrs: listParam.optional(),
    q: z.string().optional(),
    limit: z.coerce.number().int().min(0).max(maxEntityPage).default(defaultEntityPage),
    offset: z.coerce.number().int().min(0).default(0),
    options: z.string().optional(),
    count: z.enum(["true", "false"]).optional(),
  })
  .superRefine((query, context) => {
    if (!query.type && !query.id && !query.q && !query.attrs) {
      context.addIssue({ code: "custom", path: ["type"], message: "an entity query needs at least one of type, id, q or attrs" });
    }
    for (const id of query.id ?? []) {
      if (!entityIdSchema.safeParse(id).success) context.addIssue({ code: "custom", path: ["id"], message: `${id} is not a URI` });
    }
    for (const type of query.type?.split(",") ?? []) {
      if (!entityTypeSchema.safeParse(type.trim()).success) context.addIssue({ code: "custom", path: ["type"], message: `${type} is not an entity type` });
    }
  });

export type EntityQuery = z.infer<typeof entityQuerySchema>;

export interface EntityPage {
  entities: Entity[];
  total: number;
}

/** Keeps only the listed attributes of an entity. */
export function projectAttributes(entity: Entity, attrs: readonly string[] | undefined): Entity {
  if (!attrs || attrs.length === 0) return entity;
  const projected: Entity = { id: entity.id, type: entity.type };
  for (const name of attributeNames(entity)) if (attrs.includes(name)) projected[name] = entity[name];
  return projected;
}

/**
 * Runs an entity query. `allowedTypes`, when given, limits the result to
 * those entity types: the types the caller's grants cover.
 */
export async function queryEntities(db: Db, query: EntityQuery, allowedTypes?: readonly string[]): Promise<EntityPage> {
  const conditions: SQL[] = [];
  if (query.type) conditions.push(inArray(dmEntity.type, query.type.split(",").map((type) => type.trim())));
  if (allowedTypes) conditions.push(allowedTypes.length > 0 ? inArray(dmEntity.type, [...allowedTypes]) : sql`false`);
  if (query.id) conditions.push(inArray(dmEntity.id, query.id));
  if (query.idPattern) {
    try {
      new RegExp(query.idPattern);
    } catch {
      throw new TmfError("invalidQuery", `idPattern "${query.idPattern}" is not a valid regular expression`);
    }
    conditions.push(sql`${dmEntity.id} ~ ${query.idPattern}`);
  }
  if (query.attrs) conditions.push(sql`(${sql.join(query.attrs.map((name) => sql`${dmEntity.entity} ? ${name}`), sql` or `)})`);
  if (query.q) conditions.push(filterCondition(parseQueryFilter(query.q)));
  const where = and(...conditions);

  const rows = await db.select({ entity: dmEntity.entity }).from(dmEntity).where(where).orderBy(asc(dmEntity.id)).limit(query.limit).offset(query.offset);
  const [total] = await db.select({ total: count() }).from(dmEntity).where(where);
  return {
    entities: rows.map((row) => projectAttributes(row.entity as Entity, query.attrs)),
    total: total?.total ?? 0,
  };
}

const isoDateTime = z.iso.datetime({ offset: true });

export const temporalQuerySchema = z
  .object({
    type: z.string().min(1).optional(),
    id: listParam.optional(),
    attrs: listParam.optional(),
    timerel: z.enum(["before", "after", "between"]).optional(),
    timeAt: isoDateTime.optional(),
    endTimeAt: isoDateTime.optional(),
    lastN: z.coerce.number().int().min(1).max(maxInstancesPerAttribute).optional(),
    limit: z.coerce.number().int().min(0).max(maxEntityPage).default(defaultEntityPage),
    offset: z.coerce.number().int().min(0).default(0),
    options: z.string().optional(),
  })
  .superRefine((query, context) => {
    if (!query.type && !query.id) context.addIssue({ code: "custom", path: ["type"], message: "a temporal query needs type or id" });
    if (query.timerel && !query.timeAt) context.addIssue({ code: "custom", path: ["timeAt"], message: `timerel=${query.timerel} needs timeAt` });
    if (!query.timerel && query.timeAt) context.addIssue({ code: "custom", path: ["timerel"], message: "timeAt needs timerel (before, after or between)" });
    if (query.timerel === "between" && !query.endTimeAt) context.addIssue({ code: "custom", path: ["endTimeAt"], message: "timerel=between needs endTimeAt" });
    if (query.timerel === "between" && query.timeAt && query.endTimeAt && Date.parse(query.endTimeAt) <= Date.parse(query.timeAt)) {
      context.addIssue({ code: "custom", path: ["endTimeAt"], message: "endTimeAt must be later than timeAt" });
    }
  });

export type TemporalQuery = z.infer<typeof temporalQuerySchema>;

/**
 * Returns the temporal evolution of the matching entities: each attribute as
 * an array of its instances in time order, as in the normalized temporal
 * representation of CIM 009. `between` includes timeAt and excludes endTimeAt.
 */
export async function queryTemporal(db: Db, query: TemporalQuery, allowedTypes?: readonly string[]): Promise<EntityPage> {
  const entityConditions: SQL[] = [];
  if (query.type) entityConditions.push(inArray(dmEntity.type, query.type.split(",").map((type) => type.trim())));
  if (allowedTypes) entityConditions.push(allowedTypes.length > 0 ? inArray(dmEntity.type, [...allowedTypes]) : sql`false`);
  if (query.id) entityConditions.push(inArray(dmEntity.id, query.id));
  const where = and(...entityConditions);
  const entities = await db.select({ id: dmEntity.id, type: dmEntity.type }).from(dmEntity).where(where).orderBy(asc(dmEntity.id)).limit(query.limit).offset(query.offset);
  const [total] = await db.select({ total: count() }).from(dmEntity).where(where);
  if (entities.length === 0) return { entities: [], total: total?.total ?? 0 };

  const instanceConditions: SQL[] = [inArray(dmAttributeInstance.entityId, entities.map((entity) => entity.id))];
  if (query.attrs) instanceConditions.push(inArray(dmAttributeInstance.attribute, query.attrs));
  if (query.timerel === "before") instanceConditions.push(lt(dmAttributeInstance.observedAt, new Date(query.timeAt!)));
  if (query.timerel === "after") instanceConditions.push(gt(dmAttributeInstance.observedAt, new Date(query.timeAt!)));
  if (query.timerel === "between") {
    instanceConditions.push(gte(dmAttributeInstance.observedAt, new Date(query.timeAt!)), lt(dmAttributeInstance.observedAt, new Date(query.endTimeAt!)));
  }
  // lastN keeps the latest instances of each attribute; otherwise the earliest ones up to the cap.
  const perAttribute = query.lastN ?? maxInstancesPerAttribute;
  const direction = query.lastN ? sql`desc` : sql`asc`;
  const ranked = db
    .select({
      entityId: dmAttributeInstance.entityId,
      attribute: dmAttributeInstance.attribute,
      observedAt: dmAttributeInstance.observedAt,
      instance: dmAttributeInstance.instance,
      rank: sql<number>`row_number() over (partition by ${dmAttributeInstance.entityId}, ${dmAttributeInstance.attribute} order by ${dmAttributeInstance.observedAt} ${direction}, ${dmAttributeInstance.id} ${direction})`.as("rank"),
    })
    .from(dmAttributeInstance)
    .where(and(...instanceConditions))
    .as("ranked");
  const rows = await db
    .select()
    .from(ranked)
    .where(sql`${ranked.rank} <= ${perAttribute}`)
    .orderBy(asc(ranked.entityId), asc(ranked.attribute), asc(ranked.observedAt));

  const byEntity = new Map<string, Entity>(entities.map((entity) => [entity.id, { id: entity.id, type: entity.type }]));
  for (const row of rows) {
    const entity = byEntity.get(row.entityId)!;
    const instances = (entity[row.attribute] as Record<string, unknown>[] | undefined) ?? [];
    instances.push({ ...row.instance, observedAt: row.observedAt.toISOString() });
    entity[row.attribute] = instances;
  }
  return { entities: [...byEntity.values()], total: total?.total ?? 0 };
}

