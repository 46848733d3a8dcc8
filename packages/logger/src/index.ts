import pino, { type Logger } from "pino";
import { currentTrace } from "./trace";

export type { Logger };
export * from "./trace";

const root = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { component: process.env.COP_PILOT_COMPONENT ?? "cop-pilot" },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: {
    paths: ["password", "token", "apiToken", "authorization", "*.password", "*.token", "*.apiToken", "*.authorization", "headers.authorization"],
    censor: "[redacted]",
  },
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
