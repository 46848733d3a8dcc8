import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { esoSchema } from "@cop-pilot/db";
import { createTestDatabase, stopTestServer, type TestDatabase } from "@cop-pilot/db/testing";
import { createLogger } from "@cop-pilot/logger";
import { enqueueJob } from "./enqueue";
import { orderJobKey, startOrderStepJobs } from "./order-steps";
import { startJobQueue, type JobQueue } from "./queue";

const { serviceOrder } = esoSchema;
const log = createLogger("order-steps-test");
const task = "test.order";
let test: TestDatabase<typeof esoSchema>;
let queue: JobQueue | undefined;

async function insertOrder(id: string, nextAttemptAt: Date | null): Promise<void> {
  await test.db.insert(serviceOrder).values({ id, href: `/serviceOrder/${id}`, document: { id }, state: "acknowledged", nextAttemptAt });
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function jobCount(): Promise<number> {
  const [row] = await test.db.execute<{ count: number }>(sql`select count(*)::int as count from graphile_worker.jobs where task_identifier = ${task}`);
  return row!.count;
}

/** Starts the order jobs with a step that counts its runs and finishes the order after `stepsToFinish` steps. */
async function startCountingSteps(stepsToFinish: number): Promise<Map<string, number>> {
  const steps = new Map<string, number>();
  queue = await startJobQueue({ connectionString: test.url, log, pollIntervalMs: 100 });
  startOrderStepJobs(queue, {
    task,
    orders: { table: serviceOrder, id: serviceOrder.id, nextAttemptAt: serviceOrder.nextAttemptAt },
    db: test.db,
    step: async (id) => {
      const count = (steps.get(id) ?? 0) + 1;
      steps.set(id, count);
      const next = count >= stepsToFinish ? null : new Date(Date.now() + 100);
      await test.db.update(serviceOrder).set({ nextAttemptAt: next }).where(eq(serviceOrder.id, id));
    },
    nextAttemptAt: async (id) => {
      const [row] = await test.db.select({ nextAttemptAt: serviceOrder.nextAttemptAt }).from(serviceOrder).where(eq(serviceOrder.id, id));
      return row?.nextAttemptAt ?? null;
    },
    sweepIntervalMs: 300,
    log,
  });
  return steps;
}

beforeEach(async () => {
  test = await createTestDatabase("eso", esoSchema);
});

afterEach(async () => {
  await queue?.stop();
  queue = undefined;
  await test.drop();
});

afterAll(async () => {
  await stopTestServer();
});

describe("startOrderStepJobs", () => {
  it("runs steps until the order is final", async () => {
    await test.db.transaction(async (tx) => {
      await tx.insert(serviceOrder).values({ id: "o1", href: "/serviceOrder/o1", document: { id: "o1" }, state: "acknowledged", nextAttemptAt: new Date() });
      await enqueueJob(tx, task, { id: "o1" }, { jobKey: orderJobKey(task, "o1") });
    });
    const steps = await startCountingSteps(3);

    await waitFor(() => steps.get("o1") === 3);
    await waitFor(async () => (await jobCount()) === 0);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(steps.get("o1")).toBe(3);
  });

  it("adds a job for a due order without one", async () => {
    await insertOrder("orphan", new Date());
    await insertOrder("final", null);
    await insertOrder("later", new Date(Date.now() + 3_600_000));
    const steps = await startCountingSteps(1);

    await waitFor(() => steps.get("orphan") === 1);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(steps.has("final")).toBe(false);
    expect(steps.has("later")).toBe(false);
  });

  it("leaves an order whose job is dead", async () => {
    await insertOrder("dead", new Date());
    await enqueueJob(test.db, task, { id: "dead" }, { jobKey: orderJobKey(task, "dead"), maxAttempts: 1 });
    await test.db.execute(sql`update graphile_worker._private_jobs set attempts = 1, last_error = 'failed before'`);
    const steps = await startCountingSteps(1);

    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(steps.has("dead")).toBe(false);
    expect(await jobCount()).toBe(1);
  });
});
