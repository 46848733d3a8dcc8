import { z } from "zod";
import { entityIdSchema, type Entity, type Rejection } from "./entity";
import { outboundUrlProblem, resolvedUrlProblem } from "./url-policy";

// Periodic HTTP pull: the DM fetches a JSON document from a domain system and
// maps the records in it onto entity fragments through a field mapping.

const fieldPathSchema = z.string().regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, "must be a dotted path such as data.readings");

export const pullConfigSchema = z.object({
  url: z
    .string()
    .trim()
    .superRefine((url, context) => {
      const problem = outboundUrlProblem(url);
      if (problem) context.addIssue({ code: "custom", message: `URL ${problem}` });
    }),
  /** Seconds between two pulls. */
  intervalSeconds: z.int().min(5).max(24 * 3600).default(300),
  /** Path of the array of records in the reply; empty when the reply is the array. */
  recordsPath: z.union([fieldPathSchema, z.literal("")]).default(""),
  /** Field with the entity id, or its last part when `idPrefix` is set. */
  idField: fieldPathSchema.default("id"),
  idPrefix: z.string().max(128).default(""),
  /** Field with the ISO 8601 time of the record; the time of the pull when unset. */
  timeField: fieldPathSchema.optional(),
  /** Field path in the record → attribute name and optional UN/CEFACT unit code. */
  fields: z
    .record(fieldPathSchema, z.object({ attribute: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), unitCode: z.string().min(1).max(16).optional() }))
    .refine((fields) => Object.keys(fields).length > 0, "must map at least one field"),
});

export type PullConfig = z.infer<typeof pullConfigSchema>;

/** Maximum size of a pulled document; larger replies are rejected as a whole. */
export const maxPullBytes = 5 * 1024 * 1024;

function valueAt(source: unknown, path: string): unknown {
  if (path === "") return source;
  let current = source;
  for (const segment of path.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Maps a pulled JSON document onto entities of `entityType`; records that do not fit are rejected with the reason. */
export function pulledDocumentToEntities(
  document: unknown,
  entityType: string,
  config: PullConfig,
  pulledAt: Date,
): { entities: Entity[]; indexes: number[]; rejections: Rejection[] } {
  const records = valueAt(document, config.recordsPath);
  if (!Array.isArray(records)) {
    const where = config.recordsPath === "" ? "The reply" : `"${config.recordsPath}" in the reply`;
    throw new Error(`${where} is not a JSON array of records`);
  }
  const entities: Entity[] = [];
  const indexes: number[] = [];
  const rejections: Rejection[] = [];
  records.forEach((record, index) => {
    const rawId = valueAt(record, config.idField);
    const id = entityIdSchema.safeParse(`${config.idPrefix}${typeof rawId === "string" || typeof rawId === "number" ? rawId : ""}`);
    if ((typeof rawId !== "string" && typeof rawId !== "number") || !id.success) {
      rejections.push({ index, record, reason: `${config.idField} ${JSON.stringify(rawId) ?? "(missing)"} does not give a valid entity id` });
      return;
    }
    let observedAt = pulledAt.toISOString();
    if (config.timeField !== undefined) {
      const time = valueAt(record, config.timeField);
      if (typeof time !== "string" || Number.isNaN(Date.parse(time))) {
        rejections.push({ index, record, reason: `${config.timeField} ${JSON.stringify(time) ?? "(missing)"} is not an ISO 8601 date-time` });
        return;
      }
      observedAt = new Date(time).toISOString();
    }
    const entity: Entity = { id: id.data, type: entityType };
    const problems: string[] = [];
    for (const [path, target] of Object.entries(config.fields)) {
      const value = valueAt(record, path);
      if (value === undefined || value === null) continue;
      if (typeof value !== "number" && typeof value !== "string" && typeof value !== "boolean") {
        problems.push(`${path} is ${Array.isArray(value) ? "an array" : "an object"}, not a number, string or boolean`);
      } else if (typeof value === "number" && !Number.isFinite(value)) problems.push(`${path} is not a finite number`);
      else entity[target.attribute] = { type: "Property", value, observedAt, ...(target.unitCode ? { unitCode: target.unitCode } : {}) };
    }
    if (problems.length > 0) rejections.push({ index, record, reason: problems.join("; ") });
    else if (Object.keys(entity).length === 2) rejections.push({ index, record, reason: `has none of the mapped fields ${Object.keys(config.fields).join(", ")}` });
    else {
      entities.push(entity);
      indexes.push(index);
    }
  });
  return { entities, indexes, rejections };
}

/** Fetches the pull source and returns its JSON reply. Throws with the reason on any failure. */
export async function fetchPullSource(config: PullConfig, options: { timeoutMs?: number; fetch?: typeof fetch } = {}): Promise<unknown> {
  const problem = await resolvedUrlProblem(config.url);
  if (problem) throw new Error(`Pull URL ${config.url} ${problem}`);
  const response = await (options.fetch ?? fetch)(config.url, {
    headers: { accept: "application/json" },
    redirect: "error",
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  if (!response.ok) throw new Error(`GET ${config.url} returned HTTP ${response.status}`);
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxPullBytes) throw new Error(`GET ${config.url} returned ${declared} bytes; the limit is ${maxPullBytes}`);
  const text = await response.text();
  if (text.length > maxPullBytes) throw new Error(`GET ${config.url} returned more than ${maxPullBytes} bytes`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`GET ${config.url} did not return valid JSON`);
  }
}
