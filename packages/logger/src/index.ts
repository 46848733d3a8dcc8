import pino, { type Logger } from "pino";
import { currentTrace } from "./trace";

export type { Logger };
export * from "./trace";

// Fields that carry credentials: passwords, bearer and API tokens, session
// cookies, kubeconfigs, fabric enrollment JWTs and secrets of any kind.
const secretFields = [
  "password",
  "token",
  "apiToken",
  "apiKey",
  "accessToken",
  "refreshToken",
  "secret",
  "clientSecret",
  "authorization",
  "cookie",
  "setCookie",
  "kubeconfig",
  "enrollmentToken",
  "jwt",
];

/**
 * Paths that pino replaces by "[redacted]": each secret field at the top of a
 * log object, one and two levels down, and in request and response headers.
 * Pino's paths have no wildcard of any depth, so a secret nested deeper under
 * another name is not caught; log ids, never whole configurations.
 */
export const redactPaths = [
  ...secretFields,
  ...secretFields.map((field) => `*.${field}`),
  ...secretFields.map((field) => `*.*.${field}`),
  ...["authorization", "cookie", "set-cookie", "x-api-key"].flatMap((header) => [`headers["${header}"]`, `*.headers["${header}"]`]),
];

const root = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { component: process.env.COP_PILOT_COMPONENT ?? "cop-pilot" },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: { paths: redactPaths, censor: "[redacted]" },
  // Every line written inside a trace names it, so the lines of one order can be found in every component's log.
  mixin() {
    const trace = currentTrace();
    return trace ? { traceId: trace.traceId, spanId: trace.spanId } : {};
  },
});

/** Returns the logger of one module, named so that log lines can be filtered by origin. */
export function createLogger(module: string): Logger {
  return root.child({ module });
}
