import type { z } from "zod";

/** Error codes of the platform, independent of transport. `toTmfErrorResponse` maps each to an HTTP status. */
export type TmfErrorCode =
  | "invalidJson"
  | "invalidBody"
  | "invalidQuery"
  | "unauthorized"
  | "forbidden"
  | "notFound"
  | "methodNotAllowed"
  | "conflict"
  | "payloadTooLarge"
  | "unsupportedMediaType"
  | "unprocessable"
  | "tooManyRequests"
  | "badGateway"
  | "unavailable"
  | "internal";

const httpStatus: Record<TmfErrorCode, number> = {
  invalidJson: 400,
  invalidBody: 400,
  invalidQuery: 400,
  unauthorized: 401,
  forbidden: 403,
  notFound: 404,
  methodNotAllowed: 405,
  conflict: 409,
  payloadTooLarge: 413,
  unsupportedMediaType: 415,
  unprocessable: 422,
  tooManyRequests: 429,
  badGateway: 502,
  unavailable: 503,
  internal: 500,
};

const reasons: Record<TmfErrorCode, string> = {
  invalidJson: "Malformed JSON",
  invalidBody: "Invalid request body",
  invalidQuery: "Invalid query parameter",
  unauthorized: "Authentication required",
  forbidden: "Not permitted",
  notFound: "Resource not found",
  methodNotAllowed: "Method not allowed",
  conflict: "Conflict",
  payloadTooLarge: "Request body too large",
  unsupportedMediaType: "Unsupported media type",
  unprocessable: "Request cannot be processed",
  tooManyRequests: "Too many requests",
  badGateway: "Peer system error",
  unavailable: "Service unavailable",
  internal: "Internal error",
};

export class TmfError extends Error {
  readonly code: TmfErrorCode;
  readonly status: number;
  readonly reason: string;

  constructor(code: TmfErrorCode, message: string, options?: { cause?: unknown; reason?: string }) {
    super(message, { cause: options?.cause });
    this.name = "TmfError";
    this.code = code;
    this.status = httpStatus[code];
    this.reason = options?.reason ?? reasons[code];
  }

  toBody() {
    return { "@type": "Error", code: this.code, reason: this.reason, message: this.message, status: String(this.status) };
  }
}

export function notFound(type: string, id: string): TmfError {
  return new TmfError("notFound", `${type} with id "${id}" does not exist`);
}

/** Describes zod issues in one line each, naming the attribute path as TMF clients see it. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length > 0 ? issue.path.map(String).join(".") : "body";
      return `${path}: ${issue.message}`;
    })
    .join("; ");
}

export function invalidBody(error: z.ZodError): TmfError {
  return new TmfError("invalidBody", describeIssues(error));
}

export function toTmfErrorResponse(error: TmfError, headers?: HeadersInit): Response {
  return Response.json(error.toBody(), { status: error.status, headers });
}
