import "server-only";
import { drainJobQueueOnSignals, processJobQueue, startRecurringJob, type JobQueue } from "@cop-pilot/jobs";
import { createLogger } from "@cop-pilot/logger";
import { env } from "@/env";
import { orderProcessorJob } from "./ordering/order-jobs";
import type { OrderProcessor } from "./ordering/processor";

/** Starts this process's job queue and drains it on SIGTERM. */
export async function startJobs(): Promise<JobQueue> {
  const queue = await processJobQueue({
    connectionString: env().DATABASE_URL,
    concurrency: env().JOB_CONCURRENCY,
    // Jobs scheduled for later start at the next check, so checks come at least as often as order polls.
    pollIntervalMs: Math.min(1_000, env().ORDER_POLL_INTERVAL_MS),
    log: createLogger("job-queue"),
  });
  drainJobQueueOnSignals(queue);
  return queue;
}

/**
 * Runs the order processor's passes as a recurring job: each pass advances
 * the due orders, terminates expired services and synchronises deployment
 * states with the cluster. Orders keep their progress in their rows, locked
 * per order while a pass works on them, so a pass cut short by a crash is
 * simply repeated.
 */
export function startOrderProcessorJob(queue: JobQueue, processor: OrderProcessor): void {
  startRecurringJob(queue, orderProcessorJob, env().ORDER_POLL_INTERVAL_MS, () => processor.runOnce(), createLogger("order-processor"), { initialDelayMs: 0 });
}
