import { sql, type SQL } from "drizzle-orm";
import { defaultMaxAttempts } from "./names";

/** Anything that runs a drizzle `sql` statement: a database or an open transaction. */
export interface SqlExecutor {
  execute(query: SQL): PromiseLike<unknown>;
}

export interface EnqueueOptions {
  /**
   * Identifies the job among those not yet finished. Adding a job with the key
   * of a waiting one updates that job instead of adding a second.
   */
  jobKey?: string;
  /**
   * What an add with the key of a waiting job changes: `replace` moves its run
   * time to `runAt`, `preserve_run_at` keeps the waiting job's run time, and
   * `unsafe_dedupe` leaves any existing job, even a running one, untouched.
   */
  jobKeyMode?: "replace" | "preserve_run_at" | "unsafe_dedupe";
  /** Earliest start; now when left out. */
  runAt?: Date;
  maxAttempts?: number;
  /** Jobs that share a queue name run one at a time, in order of their run time. */
  queueName?: string;
}

/**
 * Adds a job through graphile-worker's `add_job` SQL function on `db`. Given
 * a transaction, the job exists exactly when the transaction commits, which is
 * how an accepted order always has its job and a rolled-back one has none.
 */
export async function enqueueJob(db: SqlExecutor, task: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<void> {
  await db.execute(sql`select from graphile_worker.add_job(
    identifier => ${task},
    payload => ${JSON.stringify(payload)}::json,
    queue_name => ${options.queueName ?? null}::text,
    run_at => ${options.runAt?.toISOString() ?? null}::timestamptz,
    max_attempts => ${options.maxAttempts ?? defaultMaxAttempts}::int,
    job_key => ${options.jobKey ?? null}::text,
    job_key_mode => ${options.jobKeyMode ?? "replace"}::text
  )`);
}
