import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { bmpSchema } from "@cop-pilot/db";
import { createTestDatabase, stopTestServer, type TestDatabase } from "@cop-pilot/db/testing";
import { createLogger } from "@cop-pilot/logger";
import { readQueueDepth } from "./depth";
import { enqueueJob } from "./enqueue";
import { startJobQueue, type JobQueue } from "./queue";
import { startRecurringJob } from "./recurring";

const log = createLogger("jobs-test");
let test: TestDatabase<typeof bmpSchema>;
let queue: JobQueue | undefined;

type JobRow = {
  task_identifier: string;
  attempts: number;
  max_attempts: number;
  run_at: string;
  last_error: string | null;
  locked_at: Date | null;
  key: string | null;
};

async function jobs(): Promise<JobRow[]> {
  return [...(await test.db.execute<JobRow>(sql`select task_identifier, attempts, max_attempts, run_at, last_error, locked_at, key from graphile_worker.jobs order by id`))];
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function idPayload(payload: unknown): { id: string } {
  const { id } = payload as { id?: unknown };
  if (typeof id !== "string") throw new Error("payload.id must be a string");
  return { id };
}

beforeEach(async () => {
  test = await createTestDatabase("bmp", bmpSchema);
});

afterEach(async () => {
  await queue?.stop();
  queue = undefined;
  await test.drop();
});

afterAll(async () => {
  await stopTestServer();
});

describe("enqueueJob", () => {
  it("adds no job inside a rolled-back transaction", async () => {
    await expect(
      test.db.transaction(async (tx) => {
        await enqueueJob(tx, "test.work", { id: "rolled-back" });
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(await jobs()).toHaveLength(0);

    await test.db.transaction((tx) => enqueueJob(tx, "test.work", { id: "committed" }, { jobKey: "work:committed" }));
    const [job] = await jobs();
    expect(job?.task_identifier).toBe("test.work");
    expect(job?.key).toBe("work:committed");
  });

  it("keeps one waiting job per key", async () => {
    await enqueueJob(test.db, "test.work", { id: "a" }, { jobKey: "work:a" });
    await enqueueJob(test.db, "test.work", { id: "a" }, { jobKey: "work:a" });
    await enqueueJob(test.db, "test.work", { id: "b" }, { jobKey: "work:b" });
    expect(await jobs()).toHaveLength(2);
  });
});

describe("startJobQueue", () => {
  it("runs a job enqueued before the queue started", async () => {
    await enqueueJob(test.db, "test.work", { id: "early" });
    const done: string[] = [];
    queue = await startJobQueue({ connectionString: test.url, log });
    queue.define({ task: "test.work", parsePayload: idPayload, run: async ({ id }) => void done.push(id) });

    await waitFor(() => done.length === 1);
    expect(done).toEqual(["early"]);
    await waitFor(async () => (await jobs()).length === 0);
  });

  it("releases jobs locked by a killed worker", async () => {
    await enqueueJob(test.db, "test.work", { id: "orphan" });
    // What a worker leaves behind when its process is killed in the middle of a job.
    await test.db.execute(sql`update graphile_worker._private_jobs set locked_at = now(), locked_by = 'killed-worker', attempts = 1`);
    const done: string[] = [];
    queue = await startJobQueue({ connectionString: test.url, log });
    queue.define({ task: "test.work", parsePayload: idPayload, run: async ({ id }) => void done.push(id) });

    await waitFor(() => done.length === 1);
    expect(done).toEqual(["orphan"]);
  });

  it("retries with backoff, then keeps the job as dead", async () => {
    let runs = 0;
    queue = await startJobQueue({ connectionString: test.url, log, pollIntervalMs: 200 });
    queue.define({
      task: "test.failing",
      maxAttempts: 2,
      parsePayload: idPayload,
      run: async () => {
        runs += 1;
        throw new Error(`attempt ${runs} failed`);
      },
    });
    const enqueuedAt = Date.now();
    await queue.add("test.failing", { id: "x" });

    await waitFor(() => runs === 1);
    await waitFor(async () => (await jobs())[0]?.last_error?.includes("attempt 1 failed") ?? false);
    const [retry] = await jobs();
    expect(retry?.attempts).toBe(1);
    // graphile-worker waits exp(attempts) seconds before the next attempt: e ≈ 2.7 s after the first.
    expect(new Date(retry!.run_at).getTime() - enqueuedAt).toBeGreaterThan(2_000);

    await waitFor(() => runs === 2, 10_000);
    await waitFor(() => queue!.deadSinceStart() === 1);
    // Failures are written in batches, shortly after the event.
    await waitFor(async () => (await jobs())[0]?.last_error?.includes("attempt 2 failed") ?? false);
    const [dead] = await jobs();
    expect(dead?.attempts).toBe(2);
    expect(dead?.last_error).toContain("attempt 2 failed");
    expect(await readQueueDepth(test.db)).toEqual([{ task: "test.failing", waiting: 0, running: 0, dead: 1 }]);
  });

  it("fails an attempt whose payload is invalid", async () => {
    queue = await startJobQueue({ connectionString: test.url, log });
    queue.define({ task: "test.work", maxAttempts: 1, parsePayload: idPayload, run: async () => {} });
    await queue.add("test.work", { id: 42 });

    await waitFor(() => queue!.deadSinceStart() === 1);
    await waitFor(async () => (await jobs())[0]?.last_error !== null);
    expect((await jobs())[0]?.last_error).toContain("payload.id must be a string");
  });

  it("waits for a running job when stopped", async () => {
    let finished = false;
    let started = false;
    queue = await startJobQueue({ connectionString: test.url, log });
    queue.define({
      task: "test.slow",
      parsePayload: idPayload,
      run: async () => {
        started = true;
        await new Promise((resolve) => setTimeout(resolve, 500));
        finished = true;
      },
    });
    await queue.add("test.slow", { id: "slow" });
    await waitFor(() => started);

    await queue.stop();
    expect(finished).toBe(true);
    expect(await jobs()).toHaveLength(0);
    queue = undefined;
  });
});

describe("startRecurringJob", () => {
  it("runs passes one at a time and runs at once when woken", async () => {
    let running = 0;
    let overlapped = false;
    let passes = 0;
    queue = await startJobQueue({ connectionString: test.url, log, concurrency: 4, pollIntervalMs: 100 });
    const recurring = startRecurringJob(
      queue,
      "test-check",
      60_000,
      async () => {
        running += 1;
        if (running > 1) overlapped = true;
        await new Promise((resolve) => setTimeout(resolve, 100));
        passes += 1;
        running -= 1;
      },
      log,
      { initialDelayMs: 0 },
    );

    await waitFor(() => passes === 1);
    for (let i = 0; i < 5; i++) recurring.wake();
    await waitFor(() => passes >= 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(overlapped).toBe(false);
    // The woken passes are done; one job waits for the next interval.
    const waiting = (await jobs()).filter((job) => job.task_identifier === "recurring.test-check");
    expect(waiting).toHaveLength(1);
    expect(new Date(waiting[0]!.run_at).getTime()).toBeGreaterThan(Date.now() + 50_000);
    recurring.stop();
  });

  it("goes on after a failed pass", async () => {
    let passes = 0;
    queue = await startJobQueue({ connectionString: test.url, log, pollIntervalMs: 100 });
    const recurring = startRecurringJob(
      queue,
      "test-flaky",
      200,
      async () => {
        passes += 1;
        if (passes === 1) throw new Error("first pass fails");
      },
      log,
      { initialDelayMs: 0 },
    );
    await waitFor(() => passes >= 3);
    expect(queue.deadSinceStart()).toBe(0);
    recurring.stop();
  });
});

