import "server-only";
import { eq } from "drizzle-orm";
import { drainJobQueueOnSignals, processJobQueue, startOrderStepJobs, type JobQueue } from "@cop-pilot/jobs";
import { createLogger } from "@cop-pilot/logger";
import { env } from "@/env";
import { db, schema } from "./db";
import { esoClient } from "./eso";
import { isRegisteredAtEsoHub } from "./eso-events";
import { productOrderTask } from "./ordering/order-jobs";
import { processProductOrder } from "./ordering/processor";

const { productOrder } = schema;

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

/** Runs each product order's steps as jobs: placing the ESO service order, then following it until the order is final. */
export function startProductOrderJobs(queue: JobQueue): void {
  const options = {
    eso: esoClient(),
    pollIntervalMs: env().ORDER_POLL_INTERVAL_MS,
    // While the ESO's events wake orders, an order in progress is polled only as a fallback.
    orderPollIntervalMs: () => (isRegisteredAtEsoHub() ? env().EVENT_FALLBACK_POLL_INTERVAL_MS : env().ORDER_POLL_INTERVAL_MS),
    log: createLogger("order-processor"),
  };
  startOrderStepJobs(queue, {
    task: productOrderTask,
    orders: { table: productOrder, id: productOrder.id, nextAttemptAt: productOrder.nextAttemptAt },
    db: db(),
    step: async (id) => {
      await processProductOrder(db(), id, options);
    },
    nextAttemptAt: async (id) => {
      const [row] = await db().select({ nextAttemptAt: productOrder.nextAttemptAt }).from(productOrder).where(eq(productOrder.id, id));
      return row?.nextAttemptAt ?? null;
    },
    sweepIntervalMs: env().ORDER_SWEEP_INTERVAL_MS,
    log: createLogger("order-jobs"),
  });
}
