import pino, { type Logger } from "pino";

export type { Logger };

const root = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { component: process.env.COP_PILOT_COMPONENT ?? "cop-pilot" },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: {
    paths: ["password", "token", "apiToken", "authorization", "*.password", "*.token", "*.apiToken", "*.authorization", "headers.authorization"],
    censor: "[redacted]",
  },
});

/** Returns the logger of one module, named so that log lines can be filtered by origin. */
export function createLogger(module: string): Logger {
  return root.child({ module });
}
