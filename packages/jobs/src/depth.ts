import { sql } from "drizzle-orm";
import type { SqlExecutor } from "./enqueue";

export interface QueueDepth {
  task: string;
  /** Jobs waiting to run, including those scheduled later and retries. */
  waiting: number;
  /** Jobs locked by a worker right now. */
  running: number;
  /** Jobs that used up their attempts; they stay until an operator removes or retries them. */
  dead: number;
}

/** Counts the jobs of each task by status, for the queue depth gauge. */
export async function readQueueDepth(db: SqlExecutor): Promise<QueueDepth[]> {
  const rows = (await db.execute(sql`
    select task_identifier as task,
      count(*) filter (where locked_at is null and attempts < max_attempts)::int as waiting,
      count(*) filter (where locked_at is not null)::int as running,
      count(*) filter (where locked_at is null and attempts >= max_attempts)::int as dead
    from graphile_worker.jobs
    where task_identifier <> 'jobs.noop'
    group by task_identifier
    order by task_identifier`)) as Iterable<{ task: string; waiting: number; running: number; dead: number }>;
  return [...rows].map((row) => ({ task: row.task, waiting: Number(row.waiting), running: Number(row.running), dead: Number(row.dead) }));
}
