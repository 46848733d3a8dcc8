import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

// Validation of our TMF633, TMF634, TMF639 and TMF641 responses against the
// JSON Schema that generate-schemas.ts converted from the official Swagger
// specifications, with a record of which operations a test exercised.

export type JsonSchema = Record<string, unknown>;

export interface OfficialSchemas {
  $comment: string;
  apis: Record<
    string,
    {
      source: string;
      /** e.g. `/tmf-api/serviceCatalogManagement/v4`. */
      basePath: string;
      /** Response schema by status code (null: no body), by operation such as `GET /serviceCatalog/{id}`. */
      operations: Record<string, Record<string, JsonSchema | null>>;
      definitions: Record<string, JsonSchema>;
    }
  >;
}

export const officialSchemasFile = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "tmf-official-schemas.json");

export function readOfficialSchemas(): OfficialSchemas {
  return JSON.parse(readFileSync(officialSchemasFile, "utf8")) as OfficialSchemas;
}

/** An operation of a specification, e.g. `{ api: "TMF633", operation: "GET /serviceCatalog/{id}" }`. */
export interface OperationKey {
  api: string;
  operation: string;
}

export interface SchemaViolation extends OperationKey {
  method: string;
  url: string;
  status: number;
  errors: string[];
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function createAjv(schemas: OfficialSchemas): Ajv {
  // allErrors: a report lists every violation of a response, not the first only.
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictTuples: false, strictRequired: false });
  ajv.addFormat("date-time", { type: "string", validate: (value) => rfc3339.test(value) && !Number.isNaN(Date.parse(value)) });
  ajv.addFormat("uri", { type: "string", validate: (value) => URL.canParse(value) });
  ajv.addFormat("base64", { type: "string", validate: (value) => /^[A-Za-z0-9+/]*={0,2}$/.test(value) });
  ajv.addFormat("float", { type: "number", validate: (value) => Number.isFinite(value) });
  for (const [api, converted] of Object.entries(schemas.apis)) ajv.addSchema({ $id: api, definitions: converted.definitions });
  return ajv;
}

function matches(template: string, actual: string): boolean {
  const expected = template.split("/");
  const given = actual.split("/");
  return expected.length === given.length && expected.every((segment, index) => segment.startsWith("{") || segment === given[index]);
}

function describeError(error: ErrorObject): string {
  return `${error.instancePath || "(body)"} ${error.message ?? "is invalid"}${error.params && "allowedValues" in error.params ? ` (${(error.params.allowedValues as unknown[]).join(", ")})` : ""}`;
}

/**
 * Returns a recorder that validates each response against the official
 * schema of its operation and status, and remembers which operations it saw
 * with a successful status.
 */
export function createSchemaRecorder(schemas: OfficialSchemas = readOfficialSchemas()) {
  const ajv = createAjv(schemas);
  const compiled = new Map<string, ValidateFunction>();
  const exercised = new Set<string>();
  const violations: SchemaViolation[] = [];

  function operationOf(method: string, pathname: string): OperationKey | undefined {
    for (const [api, converted] of Object.entries(schemas.apis)) {
      if (!pathname.startsWith(`${converted.basePath}/`)) continue;
      const relative = pathname.slice(converted.basePath.length);
      const operation = Object.keys(converted.operations).find((candidate) => {
        const [candidateMethod, template] = candidate.split(" ");
        return candidateMethod === method && matches(template!, relative);
      });
      if (operation) return { api, operation };
    }
    return undefined;
  }

  function validatorFor(key: OperationKey, status: string, schema: JsonSchema): ValidateFunction {
    const id = `${key.api} ${key.operation} ${status}`;
    let validate = compiled.get(id);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(id, validate);
    }
    return validate;
  }

  return {
    /**
     * Validates one response; throws when the request matches no operation
     * of the specifications or the status is not one the operation defines.
     * The response body is read from a clone, so the caller can still read it.
     */
    async check(request: Request, response: Response): Promise<SchemaViolation | undefined> {
      const url = new URL(request.url);
      const key = operationOf(request.method, url.pathname);
      if (!key) throw new Error(`${request.method} ${url.pathname} matches no operation of the official TMF633, TMF634, TMF639 or TMF641 specifications; check the path`);
      const responses = schemas.apis[key.api]!.operations[key.operation]!;
      const status = String(response.status);
      if (!(status in responses)) {
        const violation = { ...key, method: request.method, url: url.pathname, status: response.status, errors: [`status ${status} is not a response of ${key.operation} (${Object.keys(responses).join(", ")})`] };
        violations.push(violation);
        return violation;
      }
      if (response.status < 300) exercised.add(`${key.api} ${key.operation}`);

      const schema = responses[status] ?? null;
      const text = await response.clone().text();
      if (schema === null) {
        if (text === "") return undefined;
        const violation = { ...key, method: request.method, url: url.pathname, status: response.status, errors: ["a body was sent where the specification defines none"] };
        violations.push(violation);
        return violation;
      }
      const validate = validatorFor(key, status, schema);
      if (validate(JSON.parse(text))) return undefined;
      const violation = { ...key, method: request.method, url: url.pathname, status: response.status, errors: (validate.errors ?? []).map(describeError) };
      violations.push(violation);
      return violation;
    },

    /** Operations of `apis` (all resources of each) that no successful response exercised. */
    missing(apis: Record<string, string[]>): string[] {
      const missing: string[] = [];
      for (const [api, resources] of Object.entries(apis)) {
        for (const operation of Object.keys(schemas.apis[api]!.operations)) {
          const resource = operation.split(" ")[1]!.split("/")[1]!;
          if (resources.includes(resource) && !exercised.has(`${api} ${operation}`)) missing.push(`${api} ${operation}`);
        }
      }
      return missing;
    },

    violations,
    exercised,
  };
}
