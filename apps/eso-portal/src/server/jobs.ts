import "server-only";
import { eq, isNotNull } from "drizzle-orm";
import { drainJobQueueOnSignals, processJobQueue, startOrderStepJobs, startRecurringJob, type JobQueue } from "@cop-pilot/jobs";
import { createLogger } from "@cop-pilot/logger";
import { env } from "@/env";
import { db, schema } from "./db";
import { serviceOrderTask } from "./ordering/order-jobs";
import { runServiceOrderStep } from "./ordering/processor";
import { checkAllPeers } from "./peering/availability";

const { serviceOrder } = schema;
const log = createLogger("order-jobs");

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
 * Runs each service order's steps as jobs: delegating its items to their DOs,
 * then reading the DOs' orders until it is final. A killed process leaves a
 * one-minute lease on the orders it was working on, so every open order is
 * made due first. One extra read of its DOs does no harm.
 * NOTE: correct while one ESO process works on the database, as the job queue's lock release assumes too.
 */
export async function startServiceOrderJobs(queue: JobQueue): Promise<void> {
  const released = await db().update(serviceOrder).set({ nextAttemptAt: new Date() }).where(isNotNull(serviceOrder.nextAttemptAt)).returning({ id: serviceOrder.id });
  if (released.length > 0) log.info({ orders: released.length }, "open service orders due again after the start");

  const options = { pollIntervalMs: env().ORDER_POLL_INTERVAL_MS, eventFallbackPollIntervalMs: env().EVENT_FALLBACK_POLL_INTERVAL_MS };
  startOrderStepJobs(queue, {
    task: serviceOrderTask,
    orders: { table: serviceOrder, id: serviceOrder.id, nextAttemptAt: serviceOrder.nextAttemptAt },
    db: db(),
    step: async (id) => {
      await runServiceOrderStep(db(), id, options);
    },
    nextAttemptAt: async (id) => {
      const [row] = await db().select({ nextAttemptAt: serviceOrder.nextAttemptAt }).from(serviceOrder).where(eq(serviceOrder.id, id));
      return row?.nextAttemptAt ?? null;
    },
    sweepIntervalMs: env().ORDER_SWEEP_INTERVAL_MS,
    log,
  });
}

/** Checks every peered DO as a recurring job, soon after start so that the map does not show a state from before a restart for a whole interval. */
export function startAvailabilityCheckJob(queue: JobQueue): void {
  startRecurringJob(queue, "availability-check", env().AVAILABILITY_CHECK_INTERVAL_MS, () => checkAllPeers(db()), createLogger("availability"), {
    initialDelayMs: Math.min(5_000, env().AVAILABILITY_CHECK_INTERVAL_MS),
  });
}
