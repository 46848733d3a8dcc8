import { z } from "zod";

// NGSI-LD entities in normalized form (ETSI GS CIM 009 v1.8, clause 4.5).
// Attribute names are kept as the source sends them: the DM does not expand
// terms against an @context, so "temperature" and its expanded IRI are two
// different attributes. An "@context" member is accepted and dropped.

/** An entity id: NGSI-LD requires a URI; the DM accepts any absolute URI such as urn:ngsi-ld:Type:id. */
export const entityIdSchema = z
  .string()
  .min(3)
  .max(256)
  .regex(/^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/, "must be a URI such as urn:ngsi-ld:WeatherObserved:station-1");

export const entityTypeSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, "must be a term of letters, digits, '_', '.' and '-' starting with a letter");

const attributeNameSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a term of letters, digits and '_' starting with a letter");

const isoDateTime = z.iso.datetime({ offset: true });

const propertySchema = z
  .object({
    type: z.literal("Property"),
    value: z.union([z.number().finite(), z.string().max(4096), z.boolean(), z.record(z.string(), z.unknown()), z.array(z.unknown())]),
    observedAt: isoDateTime.optional(),
    unitCode: z.string().min(1).max(16).optional(),
  })
  .strict();

const geometrySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("Point"), coordinates: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]) }),
  z.object({ type: z.literal("Polygon"), coordinates: z.array(z.array(z.tuple([z.number(), z.number()])).min(1)).min(1) }),
]);

const geoPropertySchema = z
  .object({
    type: z.literal("GeoProperty"),
    value: geometrySchema,
    observedAt: isoDateTime.optional(),
  })
  .strict();

const relationshipSchema = z
  .object({
    type: z.literal("Relationship"),
    object: entityIdSchema,
    observedAt: isoDateTime.optional(),
  })
  .strict();

export const attributeSchema = z.discriminatedUnion("type", [propertySchema, geoPropertySchema, relationshipSchema]);

export type Attribute = z.infer<typeof attributeSchema>;

/** An NGSI-LD entity in normalized form, without @context. */
export interface Entity {
  id: string;
  type: string;
  [attribute: string]: unknown;
}

/** Members of an entity that are not attributes. */
const coreMembers = new Set(["id", "type", "@context", "scope", "createdAt", "modifiedAt"]);

/** A record that failed validation or preparation, with the reason in plain words. */
export interface Rejection {
  index: number;
  record: unknown;
  reason: string;
}

export type EntityParseResult = { ok: true; entity: Entity } | { ok: false; reason: string };

function describeIssues(error: z.ZodError, prefix: string): string {
  return error.issues
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

/**
 * Validates one record as an NGSI-LD entity in normalized form. With
 * `requireAttributes` false, a fragment holding only id and type passes, as
 * an entity creation may carry no attributes.
 */
export function parseEntity(record: unknown, options: { requireAttributes?: boolean } = {}): EntityParseResult {
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    return { ok: false, reason: "must be a JSON object with id, type and attributes" };
  }
  const source = record as Record<string, unknown>;
  const id = entityIdSchema.safeParse(source.id);
  if (!id.success) return { ok: false, reason: describeIssues(id.error, "id") };
  const type = entityTypeSchema.safeParse(source.type);
  if (!type.success) return { ok: false, reason: describeIssues(type.error, "type") };

  const entity: Entity = { id: id.data, type: type.data };
  const problems: string[] = [];
  for (const [name, value] of Object.entries(source)) {
    if (coreMembers.has(name)) continue;
    const nameCheck = attributeNameSchema.safeParse(name);
    if (!nameCheck.success) {
      problems.push(`attribute "${name}" ${nameCheck.error.issues[0]?.message ?? "is not a valid name"}`);
      continue;
    }
    const attribute = attributeSchema.safeParse(value);
    if (!attribute.success) problems.push(describeIssues(attribute.error, name));
    else entity[name] = attribute.data;
  }
  if (problems.length > 0) return { ok: false, reason: problems.join("; ") };
  if (options.requireAttributes !== false && attributeNames(entity).length === 0) {
    return { ok: false, reason: "has no attributes besides id and type" };
  }
  return { ok: true, entity };
}

/** Returns the attribute names of an entity, without id, type and system members. */
export function attributeNames(entity: Entity): string[] {
  return Object.keys(entity).filter((name) => !coreMembers.has(name));
}

export function attributeOf(entity: Entity, name: string): Attribute | undefined {
  return coreMembers.has(name) ? undefined : (entity[name] as Attribute | undefined);
}

/** Returns the entity in simplified (keyValues) form: each attribute reduced to its value or object. */
export function toKeyValues(entity: Entity): Record<string, unknown> {
  const result: Record<string, unknown> = { id: entity.id, type: entity.type };
  for (const name of attributeNames(entity)) {
    const attribute = entity[name] as Attribute;
    result[name] = attribute.type === "Relationship" ? attribute.object : attribute.value;
  }
  return result;
}
