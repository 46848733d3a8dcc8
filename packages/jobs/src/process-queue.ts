import { createLogger } from "@cop-pilot/logger";
import { startJobQueue, type JobQueue, type JobQueueOptions } from "./queue";

const log = createLogger("job-queue");
const globalForJobs = globalThis as unknown as { copPilotJobQueue?: Promise<JobQueue>; copPilotJobQueueSignals?: boolean };

/**
 * Returns this process's job queue, starting it on the first call. Next.js
 * may load a module twice, so the queue lives on globalThis.
 */
export function processJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  globalForJobs.copPilotJobQueue ??= startJobQueue(options);
  return globalForJobs.copPilotJobQueue;
}

/**
 * Maximum wait for running jobs at a stop. A job still running then stays locked, and the next start
 * releases it and runs it again, as after a crash.
 */
const drainTimeoutMs = 8_000;

/**
 * Drains the job queue on SIGTERM or SIGINT, then exits, after `drainTimeoutMs` at the latest. The launcher sets
 * NEXT_MANUAL_SIG_HANDLE so that Next.js leaves the signals to this handler.
 * Without it, Next.js may exit before the drain ends, and the jobs still
 * running then are run again after the next start.
 */
export function drainJobQueueOnSignals(queue: JobQueue): void {
  if (globalForJobs.copPilotJobQueueSignals) return;
  globalForJobs.copPilotJobQueueSignals = true;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      log.info({ signal }, "signal received; draining the job queue");
      setTimeout(() => {
        log.warn({ drainTimeoutMs }, "running jobs did not finish in time; exiting, and they run again after the next start");
        process.exit(0);
      }, drainTimeoutMs).unref();
      queue.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, "draining the job queue failed");
          process.exit(1);
        },
      );
    });
  }
}
