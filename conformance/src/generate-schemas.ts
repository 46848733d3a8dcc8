import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { officialSchemasFile, type OfficialSchemas, type JsonSchema } from "./schemas";

// Converts the response schemas of the official TMF Open API Swagger 2.0
// specifications into JSON Schema for the schema validation tests, and writes
// them to fixtures/tmf-official-schemas.json. Swagger 2.0 definitions are
// JSON Schema draft 4 with a few extra keywords, which this drops.
//
// Usage: npm run generate-schemas -w @cop-pilot/conformance -- DIRECTORY
// where DIRECTORY contains the TM Forum *.swagger.json files named below.

/** The specifications without a v4 conformance kit, and the resources of each that the platform serves. */
const specifications = [
  { api: "TMF633", file: "TMF633-ServiceCatalog-v4.0.0.swagger.json", resources: ["serviceCatalog", "serviceCategory", "serviceCandidate", "serviceSpecification"] },
  { api: "TMF634", file: "TMF634-ResourceCatalog-v4.1.0.swagger.json", resources: ["resourceCatalog", "resourceCategory", "resourceCandidate", "resourceSpecification"] },
  { api: "TMF639", file: "TMF639-ResourceInventory-v4.0.0.swagger.json", resources: ["resource"] },
  { api: "TMF641", file: "TMF641-ServiceOrdering-v4.1.0.swagger.json", resources: ["serviceOrder", "cancelServiceOrder"] },
];

// Keywords of Swagger 2.0 that JSON Schema validators do not know, and the
// specifications' prose, which validation does not need and this repository does not copy.
const droppedKeywords = new Set(["discriminator", "example", "xml", "externalDocs", "description"]);
const schemaArrays = ["allOf", "anyOf", "oneOf"];

interface Swagger {
  swagger: string;
  basePath: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { responses?: Record<string, { schema?: JsonSchema }> }>>;
  definitions: Record<string, JsonSchema>;
}

/** Copies one schema without the dropped keywords, rewriting `#/definitions/X` refs with `refPrefix`. */
function convertSchema(schema: JsonSchema, refPrefix: string, referenced: Set<string>): JsonSchema {
  const converted: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (droppedKeywords.has(key) || key.startsWith("x-")) continue;
    if (key === "$ref" && typeof value === "string") {
      const name = /^#\/definitions\/(.+)$/.exec(value)?.[1];
      if (!name) throw new Error(`unsupported $ref ${value}; only #/definitions/… refs are converted`);
      referenced.add(name);
      converted.$ref = `${refPrefix}#/definitions/${name}`;
    } else if (key === "properties" && value && typeof value === "object") {
      converted.properties = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([name, property]) => [name, convertSchema(property, refPrefix, referenced)]),
      );
    } else if ((key === "items" || key === "additionalProperties" || key === "not") && value && typeof value === "object") {
      converted[key] = convertSchema(value as JsonSchema, refPrefix, referenced);
    } else if (schemaArrays.includes(key) && Array.isArray(value)) {
      converted[key] = value.map((item) => convertSchema(item as JsonSchema, refPrefix, referenced));
    } else {
      converted[key] = value;
    }
  }
  return converted;
}

/** Converts the definitions that `roots` reach, following refs. */
function convertDefinitions(swagger: Swagger, roots: Set<string>): Record<string, JsonSchema> {
  const definitions: Record<string, JsonSchema> = {};
  const pending = [...roots];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (definitions[name]) continue;
    const source = swagger.definitions[name];
    if (!source) throw new Error(`definition ${name} is referenced but missing`);
    const referenced = new Set<string>();
    definitions[name] = convertSchema(source, "", referenced);
    pending.push(...[...referenced].filter((reference) => !definitions[reference]));
  }
  return Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b)));
}

function convertSpecification(directory: string, specification: (typeof specifications)[number]): OfficialSchemas["apis"][string] {
  const text = readFileSync(path.join(directory, specification.file), "utf8");
  const swagger = JSON.parse(text) as Swagger;
  const roots = new Set<string>();
  const operations: OfficialSchemas["apis"][string]["operations"] = {};

  for (const [pathTemplate, methods] of Object.entries(swagger.paths)) {
    const resource = pathTemplate.split("/")[1]!;
    if (!specification.resources.includes(resource)) continue;
    for (const [method, operation] of Object.entries(methods)) {
      if (!operation.responses) continue;
      const responses: Record<string, JsonSchema | null> = {};
      for (const [status, response] of Object.entries(operation.responses)) {
        responses[status] = response.schema ? convertSchema(response.schema, specification.api, roots) : null;
      }
      operations[`${method.toUpperCase()} ${pathTemplate}`] = responses;
    }
  }
  return {
    source: `${specification.file} (${swagger.info.title} ${swagger.info.version}), sha256 ${createHash("sha256").update(text).digest("hex")}`,
    basePath: swagger.basePath.replace(/\/+$/, ""),
    operations,
    definitions: convertDefinitions(swagger, roots),
  };
}

function main(): void {
  const directory = process.argv[2];
  if (!directory) throw new Error("name the directory of the TMF *.swagger.json files as the first argument");
  const output: OfficialSchemas = {
    $comment:
      "Generated by conformance/src/generate-schemas.ts from the official TM Forum Open API Swagger 2.0 specifications; do not edit by hand. Run the script again to update.",
    apis: Object.fromEntries(specifications.map((specification) => [specification.api, convertSpecification(directory, specification)])),
  };
  writeFileSync(officialSchemasFile, `${JSON.stringify(output, null, 1)}\n`);
  const counts = Object.entries(output.apis).map(([api, converted]) => `${api}: ${Object.keys(converted.operations).length} operations, ${Object.keys(converted.definitions).length} definitions`);
  console.log(`wrote ${path.relative(process.cwd(), officialSchemasFile)} (${counts.join("; ")})`);
}

main();
