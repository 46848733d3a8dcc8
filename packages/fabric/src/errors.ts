import type { z } from "zod";

export type FabricErrorCode =
  | "invalidRequest"
  | "invalidConfig"
  | "unauthorized"
  | "notFound"
  | "conflict"
  | "controllerError"
  | "unreachable"
  | "timeout";

/** Failure of a fabric driver call; `httpStatus` is set when the controller sent an error reply. */
export class FabricError extends Error {
  readonly code: FabricErrorCode;
  readonly httpStatus: number | undefined;

  constructor(code: FabricErrorCode, message: string, options: { httpStatus?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "FabricError";
    this.code = code;
    this.httpStatus = options.httpStatus;
  }
}

/** Parses `value` with `schema`, throwing a FabricError that names `subject` and every invalid field. */
export function parseFabricInput<Schema extends z.ZodType>(schema: Schema, value: unknown, subject: string, code: FabricErrorCode = "invalidRequest"): z.output<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
    throw new FabricError(code, `Invalid ${subject}: ${issues}`, { cause: result.error });
  }
  return result.data;
}
