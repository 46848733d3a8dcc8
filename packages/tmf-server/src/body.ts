import type { z } from "zod";
import { TmfError, invalidBody } from "./errors";

const MAX_BODY_BYTES = 1024 * 1024;

/** Reads a JSON body and validates it; malformed or invalid input becomes a 400 TMF error. */
export async function readJsonBody<TSchema extends z.ZodType>(request: Request, schema: TSchema): Promise<z.infer<TSchema>> {
  checkMediaType(request.headers.get("content-type"));
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) throw new TmfError("payloadTooLarge", `Request body exceeds ${MAX_BODY_BYTES} bytes`);

  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new TmfError("payloadTooLarge", `Request body exceeds ${MAX_BODY_BYTES} bytes`);
  if (text.trim() === "") throw new TmfError("invalidBody", "Request body is empty; a JSON object is required");

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TmfError("invalidJson", `Request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TmfError("invalidBody", "Request body must be a JSON object");
  }
  checkStorable(value, "body", 0);

  const result = schema.safeParse(value);
  if (!result.success) throw invalidBody(result.error);
  return result.data;
}

/**
 * Accepts JSON media types (`application/json`, `application/merge-patch+json`
 * and other `+json` types) or no Content-Type at all. A JSON Patch
 * (RFC 6902) is refused because PATCH here takes a JSON Merge Patch.
 */
function checkMediaType(contentType: string | null): void {
  if (contentType === null) return;
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  if (mediaType === "application/json-patch+json") {
    throw new TmfError("unsupportedMediaType", "JSON Patch is not supported; send a JSON Merge Patch as application/merge-patch+json");
  }
  if (mediaType !== "application/json" && !/^application\/[a-z0-9.-]+\+json$/.test(mediaType)) {
    throw new TmfError("unsupportedMediaType", `Content-Type ${mediaType} is not supported; send application/json`);
  }
}

const MAX_DEPTH = 32;

/**
 * Rejects what PostgreSQL cannot store in jsonb or what would exhaust the
 * stack later: NUL characters and unpaired UTF-16 surrogates in strings or
 * keys, and nesting deeper than MAX_DEPTH levels.
 */
function checkStorable(value: unknown, path: string, depth: number): void {
  if (typeof value === "string") {
    if (value.includes("\u0000") || !value.isWellFormed()) {
      throw new TmfError("invalidBody", `${path}: contains a NUL character or an unpaired surrogate`);
    }
    return;
  }
  if (typeof value !== "object" || value === null) return;
  if (depth >= MAX_DEPTH) throw new TmfError("invalidBody", `${path}: nested deeper than ${MAX_DEPTH} levels`);
  for (const [key, child] of Object.entries(value)) {
    if (key.includes("\u0000") || !key.isWellFormed()) throw new TmfError("invalidBody", `${path}: a key contains a NUL character or an unpaired surrogate`);
    const childPath = path === "body" ? key : `${path}.${key}`;
    checkStorable(child, childPath, depth + 1);
  }
}
