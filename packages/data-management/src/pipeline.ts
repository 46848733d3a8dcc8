import { z } from "zod";
import { attributeNames, type Attribute, type Entity, type Rejection } from "./entity";

// Declarative preparation steps. A dataset stores its pipeline as JSON, and
// every connector applies it to the records it received before they are
// stored. Each step maps a batch of entities to a batch of entities, so steps
// compose in any order.

const attributeName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an attribute name");

/** Unit codes of UN/CEFACT Recommendation 20, as NGSI-LD's unitCode uses them. */
export const unitCodes = {
  CEL: "degree Celsius",
  FAH: "degree Fahrenheit",
  KEL: "kelvin",
  A97: "hectopascal",
  KPA: "kilopascal",
  MBR: "millibar",
  MTS: "metre per second",
  KMH: "kilometre per hour",
  MQH: "cubic metre per hour",
  LTR: "litre",
  MTQ: "cubic metre",
  KWT: "kilowatt",
  WTT: "watt",
} as const;

type UnitCode = keyof typeof unitCodes;

const unitCodeSchema = z.enum(Object.keys(unitCodes) as [UnitCode, ...UnitCode[]]);

// Conversions as value → value functions, keyed "FROM>TO".
const conversions: Record<string, (value: number) => number> = {
  "CEL>FAH": (value) => (value * 9) / 5 + 32,
  "FAH>CEL": (value) => ((value - 32) * 5) / 9,
  "CEL>KEL": (value) => value + 273.15,
  "KEL>CEL": (value) => value - 273.15,
  "A97>KPA": (value) => value / 10,
  "KPA>A97": (value) => value * 10,
  "MBR>A97": (value) => value,
  "A97>MBR": (value) => value,
  "MTS>KMH": (value) => value * 3.6,
  "KMH>MTS": (value) => value / 3.6,
  "LTR>MTQ": (value) => value / 1000,
  "MTQ>LTR": (value) => value * 1000,
  "WTT>KWT": (value) => value / 1000,
  "KWT>WTT": (value) => value * 1000,
};

export const pipelineStepSchema = z.discriminatedUnion("step", [
  z.object({
    step: z.literal("select"),
    /** Attributes to keep; every other attribute is removed. */
    attributes: z.array(attributeName).min(1),
  }),
  z.object({
    step: z.literal("rename"),
    /** Old name → new name. */
    attributes: z.record(attributeName, attributeName).refine((map) => Object.keys(map).length > 0, "must rename at least one attribute"),
  }),
  z
    .object({
      step: z.literal("convertUnit"),
      attribute: attributeName,
      from: unitCodeSchema,
      to: unitCodeSchema,
    })
    .refine((step) => conversions[`${step.from}>${step.to}`] !== undefined, {
      message: "no conversion between these units",
      path: ["to"],
    }),
  z
    .object({
      step: z.literal("dropOutOfRange"),
      attribute: attributeName,
      min: z.number().finite(),
      max: z.number().finite(),
    })
    .refine((step) => step.min <= step.max, { message: "min must not exceed max", path: ["max"] }),
  // NOTE: windows are formed within one batch, so a window whose readings arrive in two batches is stored twice, once per batch.
  z.object({
    step: z.literal("aggregate"),
    /** Length of the tumbling window, in seconds. */
    windowSeconds: z.int().min(1).max(31 * 24 * 3600),
    function: z.enum(["avg", "min", "max", "sum", "count"]),
    attributes: z.array(attributeName).min(1),
  }),
]);

export type PipelineStep = z.infer<typeof pipelineStepSchema>;

export const pipelineSchema = z.array(pipelineStepSchema).max(20);

export interface PipelineResult {
  entities: Entity[];
  /** Records or values a step removed, with the reason. */
  rejections: Rejection[];
}

/** An entity with the index of the record it came from, so that rejections can name it. */
interface Traced {
  index: number;
  entity: Entity;
}

function numericValue(attribute: unknown): number | undefined {
  if (typeof attribute !== "object" || attribute === null) return undefined;
  const { type, value } = attribute as { type?: string; value?: unknown };
  return type === "Property" && typeof value === "number" ? value : undefined;
}

function withoutAttributes(entity: Entity, keep: (name: string) => boolean): Entity {
  const result: Entity = { id: entity.id, type: entity.type };
  for (const name of attributeNames(entity)) if (keep(name)) result[name] = entity[name];
  return result;
}

/** Returns the time an entity's readings were observed: the latest observedAt among its attributes. */
export function observedAtOf(entity: Entity): string | undefined {
  let latest: string | undefined;
  for (const name of attributeNames(entity)) {
    const observedAt = (entity[name] as { observedAt?: string }).observedAt;
    if (observedAt !== undefined && (latest === undefined || Date.parse(observedAt) > Date.parse(latest))) latest = observedAt;
  }
  return latest;
}

function aggregate(batch: Traced[], step: Extract<PipelineStep, { step: "aggregate" }>, rejections: Rejection[]): Traced[] {
  const windowMs = step.windowSeconds * 1000;
  const groups = new Map<string, { index: number; windowStart: number; entity: Entity; values: Map<string, number[]> }>();
  for (const { index, entity } of batch) {
    const observedAt = observedAtOf(entity);
    if (observedAt === undefined) {
      rejections.push({ index, record: entity, reason: "has no observedAt, so it cannot be placed in an aggregation window" });
      continue;
    }
    const windowStart = Math.floor(Date.parse(observedAt) / windowMs) * windowMs;
    const key = `${entity.id} ${windowStart}`;
    let group = groups.get(key);
    if (!group) {
      group = { index, windowStart, entity: { id: entity.id, type: entity.type }, values: new Map() };
      groups.set(key, group);
    }
    for (const name of attributeNames(entity)) {
      const value = numericValue(entity[name]);
      if (step.attributes.includes(name) && value !== undefined) {
        group.values.set(name, [...(group.values.get(name) ?? []), value]);
        const { unitCode } = entity[name] as { unitCode?: string };
        group.entity[name] = { type: "Property", value, ...(unitCode ? { unitCode } : {}) };
      } else if (!step.attributes.includes(name)) {
        // Attributes that are not aggregated keep their last value in the window.
        group.entity[name] = entity[name];
      }
    }
  }

  const result: Traced[] = [];
  for (const group of groups.values()) {
    const observedAt = new Date(group.windowStart).toISOString();
    for (const name of attributeNames(group.entity)) {
      const attribute = { ...(group.entity[name] as Attribute) };
      const values = group.values.get(name);
      if (values !== undefined && attribute.type === "Property") attribute.value = reduce(values, step.function);
      if (attribute.type !== "Relationship" || attribute.observedAt !== undefined) attribute.observedAt = observedAt;
      group.entity[name] = attribute;
    }
    result.push({ index: group.index, entity: group.entity });
  }
  return result;
}

function reduce(values: number[], fn: "avg" | "min" | "max" | "sum" | "count"): number {
  switch (fn) {
    case "avg":
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    case "min":
      return Math.min(...values);
    case "max":
      return Math.max(...values);
    case "sum":
      return values.reduce((sum, value) => sum + value, 0);
    case "count":
      return values.length;
  }
}

function applyStep(batch: Traced[], step: PipelineStep, rejections: Rejection[]): Traced[] {
  switch (step.step) {
    case "select":
      return batch.map(({ index, entity }) => ({ index, entity: withoutAttributes(entity, (name) => step.attributes.includes(name)) }));
    case "rename":
      return batch.map(({ index, entity }) => {
        const renamed: Entity = { id: entity.id, type: entity.type };
        for (const name of attributeNames(entity)) renamed[step.attributes[name] ?? name] = entity[name];
        return { index, entity: renamed };
      });
    case "convertUnit": {
      const convert = conversions[`${step.from}>${step.to}`]!;
      return batch.map(({ index, entity }) => {
        const attribute = entity[step.attribute] as Attribute | undefined;
        const value = numericValue(attribute);
        if (attribute?.type !== "Property" || value === undefined) return { index, entity };
        if (attribute.unitCode !== undefined && attribute.unitCode !== step.from) return { index, entity };
        const converted = Math.round(convert(value) * 1e6) / 1e6;
        return { index, entity: { ...entity, [step.attribute]: { ...attribute, value: converted, unitCode: step.to } } };
      });
    }
    case "dropOutOfRange":
      return batch.map(({ index, entity }) => {
        const value = numericValue(entity[step.attribute]);
        if (value === undefined || (value >= step.min && value <= step.max)) return { index, entity };
        rejections.push({
          index,
          record: { id: entity.id, [step.attribute]: entity[step.attribute] },
          reason: `${step.attribute} ${value} is outside [${step.min}, ${step.max}]; the value was dropped`,
        });
        return { index, entity: withoutAttributes(entity, (name) => name !== step.attribute) };
      });
    case "aggregate":
      return aggregate(batch, step, rejections);
  }
}

/**
 * Applies the steps in order to a batch of validated entities. An entity left
 * with no attributes is not stored, and counts as rejected with the reason.
 */
export function runPipeline(entities: readonly Entity[], steps: readonly PipelineStep[], indexes?: readonly number[]): PipelineResult {
  const rejections: Rejection[] = [];
  let batch: Traced[] = entities.map((entity, position) => ({ index: indexes?.[position] ?? position, entity }));
  for (const step of steps) batch = applyStep(batch, step, rejections);

  const kept: Entity[] = [];
  for (const { index, entity } of batch) {
    if (attributeNames(entity).length > 0) kept.push(entity);
    else rejections.push({ index, record: { id: entity.id, type: entity.type }, reason: "has no attributes left after the dataset's pipeline" });
  }
  return { entities: kept, rejections };
}
