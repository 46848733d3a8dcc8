import { sql, type Column } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Logger } from "@cop-pilot/logger";
import { enqueueJob, type SqlExecutor } from "./enqueue";
import type { JobQueue } from "./queue";
import { startRecurringJob, type RecurringJob } from "./recurring";

/** An order table whose `next_attempt_at` column records when the order needs its next step, null once it is final. */
export interface OrderTable {
  table: PgTable;
  id: Column;
  nextAttemptAt: Column;
}

export interface OrderStepJobOptions {
  /** Task identifier, e.g. `bmp.product-order`; each order's job key is `<task>:<order id>`. */
  task: string;
  orders: OrderTable;
  db: SqlExecutor;
  /** Does the next step of one order; it may move `next_attempt_at`, and a throw is retried by the queue. */
  step(orderId: string): Promise<void>;
  /** Reads when the order needs its next step; null when it needs none. */
  nextAttemptAt(orderId: string): Promise<Date | null>;
  /** Pause between two checks that every due order has a job, in milliseconds. */
  sweepIntervalMs: number;
  maxAttempts?: number;
  log: Logger;
}

export interface OrderStepJobs {
  /** Runs the order's next step now: inside the transaction that made it due, or on its own. */
  enqueue(db: SqlExecutor, orderId: string, runAt?: Date): Promise<void>;
  stop(): void;
}

export function orderJobKey(task: string, orderId: string): string {
  return `${task}:${orderId}`;
}

/**
 * Runs one job per order step. A step's job adds the order's next job at the
 * order's `next_attempt_at`, so an order has one job until it is final. A
 * recurring sweep adds a job for each due order whose job is missing or
 * scheduled later, which covers orders accepted before the queue existed
 * and code that moves `next_attempt_at` without adding a job. A dead job
 * keeps its order out of the sweep until an operator retries it.
 */
export function startOrderStepJobs(queue: JobQueue, options: OrderStepJobOptions): OrderStepJobs {
  const { task, log } = options;
  const enqueue = (db: SqlExecutor, orderId: string, runAt?: Date) =>
    enqueueJob(db, task, { id: orderId }, { jobKey: orderJobKey(task, orderId), runAt, maxAttempts: options.maxAttempts });

  queue.define({
    task,
    maxAttempts: options.maxAttempts,
    parsePayload: parseOrderPayload,
    run: async ({ id }, context) => {
      await options.step(id);
      const next = await options.nextAttemptAt(id);
      if (next === null) return;
      // An order locked elsewhere or not yet due gets a job at its own time, and never one sooner than a second from now.
      const runAt = new Date(Math.max(next.getTime(), Date.now() + (next.getTime() <= Date.now() ? 1_000 : 0)));
      await enqueueJob(options.db, task, { id }, { jobKey: orderJobKey(task, id), jobKeyMode: "preserve_run_at", runAt, maxAttempts: options.maxAttempts });
      context.log.debug({ orderId: id, runAt }, "next order step scheduled");
    },
  });

  const sweep: RecurringJob = startRecurringJob(
    queue,
    `${task}.sweep`,
    options.sweepIntervalMs,
    async () => {
      const orphans = await findDueOrdersWithoutJob(options.db, task, options.orders);
      for (const id of orphans) await enqueue(options.db, id);
      if (orphans.length > 0) log.info({ task, orders: orphans.length }, "added jobs for due orders that had none");
    },
    log,
    { initialDelayMs: 0 },
  );
  return { enqueue, stop: () => sweep.stop() };
}

function parseOrderPayload(payload: unknown): { id: string } {
  const id = (payload as { id?: unknown } | null)?.id;
  if (typeof id !== "string" || id.length === 0) throw new Error(`Invalid order job payload ${JSON.stringify(payload)}: expected {"id": "<order id>"}`);
  return { id };
}

async function findDueOrdersWithoutJob(db: SqlExecutor, task: string, orders: OrderTable): Promise<string[]> {
  const rows = (await db.execute(sql`
    select ${orders.id} as id from ${orders.table}
    where ${orders.nextAttemptAt} <= now()
    and not exists (
      select 1 from graphile_worker.jobs job
      where job.key = ${task} || ':' || ${orders.id}
      and (job.run_at <= now() or job.locked_at is not null or job.attempts >= job.max_attempts)
    )
    limit 500`)) as Iterable<{ id: string }>;
  return [...rows].map((row) => row.id);
}
