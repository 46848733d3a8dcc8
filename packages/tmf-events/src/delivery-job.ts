import type postgres from "postgres";
import { startRecurringJob, type JobQueue, type RecurringJob } from "@cop-pilot/jobs";
import { createLogger } from "@cop-pilot/logger";
import type { Db } from "@cop-pilot/tmf-server";
import { runDeliveryPass, type DeliveryOptions } from "./delivery";
import { outboxChannel } from "./outbox";

export interface DeliveryJobOptions extends DeliveryOptions {
  /** Pause between passes when nothing announced an event, in milliseconds. */
  intervalMs?: number;
  /** The pool's client; with it each committed event's NOTIFY starts a pass at once. */
  client?: postgres.Sql;
}

/**
 * Delivers the outbox as a recurring job of the component's queue. A pass
 * that delivered or failed something is followed at once by the next, so a
 * backlog drains without waiting for the interval. Each event keeps its own
 * attempts, backoff and dead letter in the outbox.
 */
export function startDeliveryJob(queue: JobQueue, db: Db, options: DeliveryJobOptions = {}): RecurringJob {
  const log = createLogger("event-delivery");
  const delivery: RecurringJob = startRecurringJob(
    queue,
    "event-delivery",
    options.intervalMs ?? 1_000,
    async () => {
      const result = await runDeliveryPass(db, options, log);
      if (result.delivered + result.failed > 0) delivery.wake();
    },
    log,
    { initialDelayMs: 0 },
  );
  options.client
    ?.listen(outboxChannel, () => delivery.wake())
    .catch((error: unknown) => log.warn({ err: error }, "cannot listen for new events; delivering at the interval only"));
  return delivery;
}
