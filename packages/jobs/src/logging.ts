import { Logger as WorkerLogger, type LogLevel } from "graphile-worker";
import { createLogger } from "@cop-pilot/logger";

const levelRank: Record<string, number> = { debug: 0, info: 1, warning: 2, error: 3 };

/** Adapts graphile-worker's logger to pino, dropping messages below `minimum`. */
export function createJobLogger(module: string, minimum: "debug" | "info" | "warn" = "info"): WorkerLogger {
  const log = createLogger(module);
  const floor = levelRank[minimum === "warn" ? "warning" : minimum]!;
  return new WorkerLogger(() => (level: LogLevel, message: string, meta?: Record<string, unknown>) => {
    if ((levelRank[level] ?? 1) < floor) return;
    // The queue logs failed jobs itself, with the job's ids and without the full row.
    if (meta?.failure === true) return;
    const fields = { ...(meta ?? {}) };
    if (level === "error") log.error(fields, message);
    else if (level === "warning") log.warn(fields, message);
    else if (level === "debug") log.debug(fields, message);
    else log.info(fields, message);
  });
}
