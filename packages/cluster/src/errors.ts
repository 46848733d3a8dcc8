import type { z } from "zod";

export type ClusterErrorCode =
  | "invalidRequest"
  | "invalidConfig"
  | "unauthorized"
  | "forbidden"
  | "notFound"
  | "conflict"
  | "apiServerError"
  | "unreachable"
  | "timeout";

/** Failure of a cluster driver call; `httpStatus` is set when the Kubernetes API server sent an error reply. */
export class ClusterError extends Error {
  readonly code: ClusterErrorCode;
  readonly httpStatus: number | undefined;

  constructor(code: ClusterErrorCode, message: string, options: { httpStatus?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "ClusterError";
    this.code = code;
    this.httpStatus = options.httpStatus;
  }
}

/** Formats zod issues on one line as "path: message; path: message". */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join(".");
      return path === "" ? issue.message : `${path}: ${issue.message}`;
    })
    .join("; ");
}

/** Parses `value` with `schema`, throwing a ClusterError that names `subject` and every invalid field. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  subject: string,
  code: ClusterErrorCode = "invalidRequest",
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ClusterError(code, `Invalid ${subject}: ${formatIssues(result.error)}`, { cause: result.error });
  }
  return result.data;
}
