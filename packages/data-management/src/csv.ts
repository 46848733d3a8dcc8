import { z } from "zod";
import type { Entity, Rejection } from "./entity";
import { entityIdSchema } from "./entity";

// CSV upload: one reading per line, turned into NGSI-LD entity fragments.
// The parser follows RFC 4180 (quoted fields, doubled quotes, CRLF or LF).

/** Maps the columns of a CSV file onto entity attributes. */
export const csvMappingSchema = z.object({
  /** Column that contains the entity id, or its last part when `idPrefix` is set. */
  idColumn: z.string().min(1).default("id"),
  /** Prefix put before the id column's value, e.g. urn:ngsi-ld:WeatherObserved: */
  idPrefix: z.string().max(128).default(""),
  /** Column with the ISO 8601 time of the reading, copied into observedAt. */
  timeColumn: z.string().min(1).default("observedAt"),
  /** Columns to read: column name → attribute name and optional UN/CEFACT unit code. Unset: every other column, by its own name. */
  columns: z
    .record(z.string().min(1), z.object({ attribute: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), unitCode: z.string().min(1).max(16).optional() }))
    .optional(),
  /** Columns holding longitude and latitude, stored as the GeoProperty `location`. */
  longitudeColumn: z.string().min(1).optional(),
  latitudeColumn: z.string().min(1).optional(),
});

export type CsvMapping = z.infer<typeof csvMappingSchema>;

export interface CsvTable {
  header: string[];
  rows: string[][];
}

/** Splits CSV text into rows of fields. Throws on an unterminated quoted field. */
export function parseCsv(text: string): CsvTable {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let index = 0;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;

  while (index < source.length) {
    const char = source[index]!;
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        field += '"';
        index += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else field += char;
      index += 1;
      continue;
    }
    if (char === '"' && field === "") quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      row.push(field);
      field = "";
      if (row.some((value) => value !== "")) rows.push(row);
      row = [];
      if (char === "\r" && source[index + 1] === "\n") index += 1;
    } else field += char;
    index += 1;
  }
  if (quoted) throw new Error("The CSV text ends inside a quoted field");
  row.push(field);
  if (row.some((value) => value !== "")) rows.push(row);

  const [header, ...data] = rows;
  return { header: (header ?? []).map((name) => name.trim()), rows: data };
}

function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/**
 * Converts CSV text into entities of `entityType`, one per data line. A line
 * with a missing id, an invalid time or a value that is not a number is
 * rejected with the reason. Rejection indexes count data lines from 0.
 */
export function csvToEntities(text: string, entityType: string, mapping: CsvMapping): { entities: Entity[]; indexes: number[]; rejections: Rejection[] } {
  const { header, rows } = parseCsv(text);
  const rejections: Rejection[] = [];
  const entities: Entity[] = [];
  const indexes: number[] = [];

  const required = [mapping.idColumn, mapping.timeColumn, mapping.longitudeColumn, mapping.latitudeColumn].filter((name): name is string => name !== undefined);
  const missing = required.filter((name) => !header.includes(name));
  if (header.filter(Boolean).length === 0) throw new Error("The CSV is empty; its first line must name the columns");
  if (missing.length > 0) throw new Error(`The CSV header lacks the column(s) ${missing.map((name) => `"${name}"`).join(", ")}; it has ${header.join(", ")}`);
  const special = new Set(required);
  const columns: Record<string, { attribute: string; unitCode?: string }> =
    mapping.columns ?? Object.fromEntries(header.filter((name) => !special.has(name)).map((name) => [name, { attribute: name }]));
  const unknown = Object.keys(columns).filter((name) => !header.includes(name));
  if (unknown.length > 0) throw new Error(`The mapping names column(s) ${unknown.join(", ")} that the CSV header does not have`);

  rows.forEach((row, index) => {
    const record = Object.fromEntries(header.map((name, position) => [name, row[position] ?? ""]));
    if (row.length !== header.length) {
      rejections.push({ index, record, reason: `has ${row.length} fields, the header has ${header.length}` });
      return;
    }
    const id = entityIdSchema.safeParse(`${mapping.idPrefix}${record[mapping.idColumn]!.trim()}`);
    if (!record[mapping.idColumn]!.trim() || !id.success) {
      rejections.push({ index, record, reason: `${mapping.idColumn} "${record[mapping.idColumn]}" does not give a valid entity id` });
      return;
    }
    const time = record[mapping.timeColumn]!.trim();
    if (Number.isNaN(Date.parse(time)) || !/^\d{4}-\d{2}-\d{2}T/.test(time)) {
      rejections.push({ index, record, reason: `${mapping.timeColumn} "${time}" is not an ISO 8601 date-time` });
      return;
    }
    const observedAt = new Date(time).toISOString();
    const entity: Entity = { id: id.data, type: entityType };
    const problems: string[] = [];
    for (const [column, target] of Object.entries(columns)) {
      const text = record[column]!;
      if (text.trim() === "") continue;
      const value = parseNumber(text);
      if (value === undefined) problems.push(`${column} "${text}" is not a number`);
      else entity[target.attribute] = { type: "Property", value, observedAt, ...(target.unitCode ? { unitCode: target.unitCode } : {}) };
    }
    if (mapping.longitudeColumn && mapping.latitudeColumn) {
      const longitude = parseNumber(record[mapping.longitudeColumn]!);
      const latitude = parseNumber(record[mapping.latitudeColumn]!);
      if (longitude === undefined || latitude === undefined || Math.abs(longitude) > 180 || Math.abs(latitude) > 90) {
        problems.push(`location (${record[mapping.longitudeColumn]}, ${record[mapping.latitudeColumn]}) is not a longitude and latitude`);
      } else entity.location = { type: "GeoProperty", value: { type: "Point", coordinates: [longitude, latitude] } };
    }
    if (problems.length > 0) rejections.push({ index, record, reason: problems.join("; ") });
    else if (Object.keys(entity).length === 2) rejections.push({ index, record, reason: "has no values" });
    else {
      entities.push(entity);
      indexes.push(index);
    }
  });
  return { entities, indexes, rejections };
}
