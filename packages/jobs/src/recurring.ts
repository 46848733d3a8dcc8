import type { Logger } from "@cop-pilot/logger";
import { enqueueJob, type SqlExecutor } from "./enqueue";
import type { JobQueue } from "./queue";

/**
 * Attempts of one pass's job. A pass catches its own errors, so only a
 * process killed during the pass uses one up. The job then runs again after
 * the next start instead of being dead.
 */
const recurringMaxAttempts = 5;

function recurringTask(name: string): string {
  return `recurring.${name}`;
}

/** Runs the recurring job `name` as soon as possible; given a transaction, only once it commits. */
export function wakeRecurringJob(db: SqlExecutor, name: string): Promise<void> {
  const task = recurringTask(name);
  return enqueueJob(db, task, {}, { jobKey: task, queueName: task, maxAttempts: recurringMaxAttempts });
}

export interface RecurringJob {
  /** Runs a pass now, or right after the one that is running. */
  wake(): void;
  stop(): void;
}

/**
 * Runs `pass` every `intervalMs` as a singleton job named `name`: its job key
 * keeps one waiting job at most, and its own queue name keeps two passes from
 * overlapping. The call shape is that of the in-process loops it replaces.
 * A failed pass is logged and the next one runs after the interval, so a
 * periodic pass is not dead-lettered for its errors.
 */
export function startRecurringJob(
  queue: JobQueue,
  name: string,
  intervalMs: number,
  pass: () => Promise<unknown>,
  log: Logger,
  options: { initialDelayMs?: number } = {},
): RecurringJob {
  const task = recurringTask(name);
  let stopped = false;
  const schedule = (delayMs: number, mode: "replace" | "preserve_run_at") =>
    queue.add(task, {}, { jobKey: task, jobKeyMode: mode, queueName: task, runAt: new Date(Date.now() + delayMs), maxAttempts: recurringMaxAttempts });
  const scheduleOrLog = (delayMs: number, mode: "replace" | "preserve_run_at") =>
    schedule(delayMs, mode).catch((error: unknown) => log.error({ err: error, loop: name }, "could not schedule the next pass; it runs at the next start"));

  queue.define({
    task,
    maxAttempts: recurringMaxAttempts,
    parsePayload: () => ({}),
    run: async () => {
      if (stopped) return;
      try {
        await pass();
      } catch (error) {
        log.error({ err: error, loop: name }, "background pass failed; retrying at the next interval");
      }
      // Keeps the run time of a wake that arrived during the pass.
      if (!stopped) await scheduleOrLog(intervalMs, "preserve_run_at");
    },
  });
  void scheduleOrLog(options.initialDelayMs ?? intervalMs, "replace");
  log.info({ loop: name, intervalMs }, "recurring job started");

  return {
    wake() {
      if (!stopped) void scheduleOrLog(0, "replace");
    },
    stop() {
      stopped = true;
    },
  };
}
