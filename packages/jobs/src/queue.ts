import { makeWorkerUtils, run, type Job, type JobHelpers, type Runner, type Task, type TaskList, type WorkerUtils } from "graphile-worker";
import { createLogger, type Logger } from "@cop-pilot/logger";
import pg from "pg";
import type { EnqueueOptions } from "./enqueue";
import { createJobLogger } from "./logging";
import { defaultMaxAttempts, jobSchema } from "./names";

export interface JobContext {
  jobId: string;
  /** 1 on the first run, counting the current one. */
  attempt: number;
  maxAttempts: number;
  log: Logger;
}

export interface JobDefinition<TPayload> {
  /** Task identifier stored with each job, e.g. `bmp.product-order`. */
  task: string;
  /** Checks a stored payload before it runs; a payload that fails is an error of this attempt. */
  parsePayload(payload: unknown): TPayload;
  /** Does the work. A throw fails this attempt, and graphile-worker retries it with exponential backoff. */
  run(payload: TPayload, context: JobContext): Promise<void>;
  /** Attempts before the job is dead; defaults to `defaultMaxAttempts`. */
  maxAttempts?: number;
}

export interface JobQueueOptions {
  /** The component's database; graphile-worker opens its own pool on it. */
  connectionString: string;
  /** Jobs run at the same time at most. */
  concurrency?: number;
  /** Pause between two checks for jobs whose run time has come, in milliseconds. New jobs start at once through LISTEN/NOTIFY. */
  pollIntervalMs?: number;
  log?: Logger;
}

export interface JobQueue {
  /** Registers a task; jobs of it start running from the next fetch, also when the queue is already running. */
  define<TPayload>(definition: JobDefinition<TPayload>): void;
  /** Adds a job outside any transaction. */
  add(task: string, payload: Record<string, unknown>, options?: EnqueueOptions): Promise<void>;
  /** Number of jobs that have died since this process started. */
  deadSinceStart(): number;
  /** Stops fetching jobs and waits for the running ones to finish. */
  stop(): Promise<void>;
}

/**
 * Starts a graphile-worker runner on the component's database. Jobs that a
 * killed process held locked are released first, so that they run again at
 * once rather than after graphile-worker's four-hour lock timeout.
 */
export async function startJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const log = options.log ?? createLogger("job-queue");
  const taskList: TaskList = {};
  const definitions = new Map<string, JobDefinition<unknown>>();
  let deadCount = 0;

  // One pool serves the runner and the utilities. A connection that PostgreSQL ends (a restart, a dropped
  // database) emits an error, and without a listener Node treats it as uncaught and ends the process.
  const pool = new pg.Pool({ connectionString: options.connectionString, max: (options.concurrency ?? 4) + 2 });
  // Only message and code: the error carries the whole client, statements and all.
  const onConnectionError = (error: Error & { code?: string }) =>
    log.warn({ error: error.message, code: error.code }, "job queue database connection failed; the pool opens a new one when needed");
  pool.on("error", onConnectionError);
  pool.on("connect", (client) => client.on("error", onConnectionError));

  const utils: WorkerUtils = await makeWorkerUtils({ pgPool: pool, schema: jobSchema, logger: createJobLogger("job-queue") });
  await releaseOrphanedLocks(utils, log);

  const define = <TPayload>(definition: JobDefinition<TPayload>) => {
    definitions.set(definition.task, definition as JobDefinition<unknown>);
    taskList[definition.task] = taskOf(definition as JobDefinition<unknown>, log);
  };
  // graphile-worker refuses to run without a task; this one is never enqueued.
  taskList["jobs.noop"] = async () => {};

  const runner: Runner = await run({
    pgPool: pool,
    schema: jobSchema,
    taskList,
    concurrency: options.concurrency ?? 4,
    pollInterval: options.pollIntervalMs ?? 1_000,
    // The component drains the queue in its own SIGTERM handler; graphile-worker's would exit the process before the HTTP server closes.
    noHandleSignals: true,
    // Batched completions are flushed before stop() resolves. Unbatched ones are sent without being awaited, so a job that finished during a
    // stop could stay locked and run again after the next start.
    preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    logger: createJobLogger("job-queue", "warn"),
  });
  runner.events.on("job:failed", ({ job, error }) => {
    deadCount += 1;
    log.error({ err: error, jobId: job.id, task: job.task_identifier, attempts: job.attempts, key: job.key }, "job used up its attempts and is dead");
  });
  runner.events.on("job:error", ({ job, error }) => {
    if (job.attempts < job.max_attempts) log.warn({ jobId: job.id, task: job.task_identifier, attempt: job.attempts, maxAttempts: job.max_attempts, error: (error as Error)?.message }, "job failed; retrying with backoff");
  });
  log.info({ concurrency: options.concurrency ?? 4 }, "job queue started");

  let stopping: Promise<void> | undefined;
  return {
    define,
    add: async (task, payload, enqueueOptions = {}) => {
      await utils.addJob(task, payload, {
        jobKey: enqueueOptions.jobKey,
        jobKeyMode: enqueueOptions.jobKeyMode,
        runAt: enqueueOptions.runAt,
        queueName: enqueueOptions.queueName,
        maxAttempts: enqueueOptions.maxAttempts ?? definitions.get(task)?.maxAttempts ?? defaultMaxAttempts,
      });
    },
    deadSinceStart: () => deadCount,
    stop() {
      stopping ??= (async () => {
        log.info("job queue stopping; waiting for running jobs");
        await runner.stop();
        await runner.promise.catch(() => undefined);
        await utils.release();
        await pool.end();
        log.info("job queue stopped");
      })();
      return stopping;
    },
  };
}

function taskOf(definition: JobDefinition<unknown>, log: Logger): Task {
  return async (payload: unknown, helpers: JobHelpers) => {
    const job: Job = helpers.job;
    const context: JobContext = {
      jobId: job.id,
      attempt: job.attempts,
      maxAttempts: job.max_attempts,
      log: log.child({ task: definition.task, jobId: job.id }),
    };
    await definition.run(definition.parsePayload(payload), context);
  };
}

/**
 * Releases the jobs locked by workers of an earlier run of this component.
 * NOTE: correct only while one process works on each component's database,
 * which is how the launcher, compose and the Helm chart run the platform; a
 * second replica would have its running jobs released too.
 */
async function releaseOrphanedLocks(utils: WorkerUtils, log: Logger): Promise<void> {
  const { rows } = await utils.withPgClient((client) =>
    client.query<{ locked_by: string }>(`select distinct locked_by from ${jobSchema}.jobs where locked_by is not null`),
  );
  const workerIds = rows.map((row) => row.locked_by);
  if (workerIds.length === 0) return;
  await utils.forceUnlockWorkers(workerIds);
  log.warn({ workerIds }, "released jobs locked by workers of an earlier run");
}
