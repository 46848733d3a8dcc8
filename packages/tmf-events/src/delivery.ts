import { and, eq, sql } from "drizzle-orm";
import type postgres from "postgres";
import { eventOutbox, eventSubscription } from "@cop-pilot/db/schema/events";
import { createLogger, type Logger } from "@cop-pilot/logger";
import type { Db } from "@cop-pilot/tmf-server";
import { listenerNameOf } from "./names";
import { outboxChannel } from "./outbox";

export interface DeliveryOptions {
  /** Timeout of one POST to a listener, in milliseconds. */
  timeoutMs?: number;
  /** Failed attempts after which an event is dead-lettered. */
  maxAttempts?: number;
  /** Delay after the first failure; it doubles with each further failure, in milliseconds. */
  baseBackoffMs?: number;
  /** Upper bound of the delay between attempts, in milliseconds. */
  maxBackoffMs?: number;
  /** How long a claimed event stays reserved for this process, in milliseconds; after a crash another pass takes it over. */
  leaseMs?: number;
  batchSize?: number;
  fetch?: typeof fetch;
}

const defaults = {
  timeoutMs: 5_000,
  maxAttempts: 12,
  baseBackoffMs: 500,
  maxBackoffMs: 60_000,
  leaseMs: 30_000,
  batchSize: 50,
} satisfies DeliveryOptions;

/** Delay before the attempt after `attempts` failures: the base doubled per failure, capped. */
export function deliveryBackoff(attempts: number, options: DeliveryOptions = {}): number {
  const base = options.baseBackoffMs ?? defaults.baseBackoffMs;
  const max = options.maxBackoffMs ?? defaults.maxBackoffMs;
  return Math.min(max, base * 2 ** Math.min(Math.max(attempts - 1, 0), 20));
}

type ClaimedEvent = {
  seq: number;
  subscription_id: string;
  event_type: string;
  envelope: Record<string, unknown>;
  attempts: number;
  callback: string;
};

/**
 * Claims the oldest pending event of each listener and resource that is due.
 * An event waits while an earlier one for the same listener and resource is
 * pending, so that a listener gets each resource's events in order even
 * after it was down. The lease in `next_attempt_at` keeps other passes off.
 */
async function claimDueEvents(db: Db, options: DeliveryOptions): Promise<ClaimedEvent[]> {
  const leaseMs = options.leaseMs ?? defaults.leaseMs;
  const rows = await db.execute<ClaimedEvent>(sql`
    with claimed as (
      update ${eventOutbox} set next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000})
      where seq in (
        select o.seq from ${eventOutbox} o
        where o.status = 'pending' and o.next_attempt_at <= now()
          and not exists (
            select 1 from ${eventOutbox} earlier
            where earlier.subscription_id = o.subscription_id and earlier.resource_key = o.resource_key
              and earlier.status = 'pending' and earlier.seq < o.seq)
        order by o.seq
        limit ${options.batchSize ?? defaults.batchSize}
        for update skip locked)
      returning seq, subscription_id, event_type, envelope, attempts)
    select claimed.*, s.callback from claimed join ${eventSubscription} s on s.id = claimed.subscription_id
    order by claimed.seq`);
  return [...(rows as unknown as Iterable<ClaimedEvent>)];
}

async function postEvent(event: ClaimedEvent, options: DeliveryOptions): Promise<void> {
  const url = `${event.callback}/listener/${listenerNameOf(event.event_type)}`;
  const response = await (options.fetch ?? fetch)(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(event.envelope),
    redirect: "manual",
    signal: AbortSignal.timeout(options.timeoutMs ?? defaults.timeoutMs),
  });
  await response.body?.cancel();
  if (response.status < 200 || response.status >= 300) throw new Error(`listener returned HTTP ${response.status}`);
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return "listener timed out";
  // fetch reports "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, …) is on its cause.
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}

async function recordOutcome(db: Db, event: ClaimedEvent, error: unknown, options: DeliveryOptions, log: Logger): Promise<"delivered" | "retry" | "deadLettered"> {
  if (error === undefined) {
    await db.update(eventOutbox).set({ status: "delivered", deliveredAt: new Date(), attempts: event.attempts + 1, lastError: null }).where(eq(eventOutbox.seq, event.seq));
    return "delivered";
  }
  const attempts = event.attempts + 1;
  const message = describeFailure(error);
  const ids = { seq: event.seq, subscriptionId: event.subscription_id, eventType: event.event_type, attempts };
  if (attempts >= (options.maxAttempts ?? defaults.maxAttempts)) {
    await db.update(eventOutbox).set({ status: "deadLettered", attempts, lastError: message }).where(eq(eventOutbox.seq, event.seq));
    log.error({ ...ids, error: message }, "event delivery failed for the last time; the event is dead-lettered");
    return "deadLettered";
  }
  const nextAttemptAt = new Date(Date.now() + deliveryBackoff(attempts, options));
  await db.update(eventOutbox).set({ attempts, lastError: message, nextAttemptAt }).where(eq(eventOutbox.seq, event.seq));
  log.warn({ ...ids, error: message, nextAttemptAt }, "event delivery failed; retrying with backoff");
  return "retry";
}

export interface DeliveryPassResult {
  delivered: number;
  failed: number;
}

/** Posts every due event once. Called by the delivery loop and by tests. */
export async function runDeliveryPass(db: Db, options: DeliveryOptions = {}, log: Logger = createLogger("event-delivery")): Promise<DeliveryPassResult> {
  const events = await claimDueEvents(db, options);
  const outcomes = await Promise.all(
    events.map(async (event) => {
      let failure: unknown;
      try {
        await postEvent(event, options);
      } catch (error) {
        failure = error ?? new Error("delivery failed");
      }
      return recordOutcome(db, event, failure, options, log);
    }),
  );
  return { delivered: outcomes.filter((outcome) => outcome === "delivered").length, failed: outcomes.filter((outcome) => outcome !== "delivered").length };
}

export interface DeliveryLoop {
  /** Runs a pass as soon as the current one has finished. */
  wake(): void;
  stop(): Promise<void>;
}

export interface DeliveryLoopOptions extends DeliveryOptions {
  /** Pause between passes when nothing announced an event, in milliseconds. */
  intervalMs?: number;
  /** The pool's client; with it the loop listens for the NOTIFY of each committed event and delivers at once. */
  client?: postgres.Sql;
}

/**
 * Starts delivering the outbox in the background. Passes never overlap; a
 * pass that delivered something is followed at once by the next, so that a
 * backlog drains without waiting for the interval. Errors are logged and the
 * loop goes on.
 */
export function startDeliveryLoop(db: Db, options: DeliveryLoopOptions = {}): DeliveryLoop {
  const log = createLogger("event-delivery");
  const intervalMs = options.intervalMs ?? 1_000;
  let stopped = false;
  let running: Promise<void> | undefined;
  let wakeRequested = false;
  let timer: NodeJS.Timeout | undefined;
  let unlisten: (() => Promise<void>) | undefined;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(run, delayMs);
    timer.unref();
  };

  const run = () => {
    if (stopped) return;
    if (running) {
      wakeRequested = true;
      return;
    }
    running = (async () => {
      let busy = false;
      try {
        const result = await runDeliveryPass(db, options, log);
        busy = result.delivered + result.failed > 0;
      } catch (error) {
        log.error({ err: error }, "event delivery pass failed; retrying at the next interval");
      }
      running = undefined;
      const again = wakeRequested || busy;
      wakeRequested = false;
      schedule(again ? 0 : intervalMs);
    })();
  };

  if (options.client) {
    options.client
      .listen(outboxChannel, () => run())
      .then((listening) => {
        unlisten = () => listening.unlisten();
        if (stopped) void unlisten();
      })
      .catch((error: unknown) => log.warn({ err: error }, "cannot listen for new events; delivering at the interval only"));
  }
  schedule(0);
  log.info({ intervalMs }, "event delivery started");

  return {
    wake: run,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await unlisten?.();
      await running;
    },
  };
}

// TODO: delete delivered rows after a retention period; until then the outbox grows with every event.

/** Lists the events given up on, newest first, for operators and tests. */
export async function listDeadLetteredEvents(db: Db, subscriptionId?: string) {
  const conditions = [eq(eventOutbox.status, "deadLettered")];
  if (subscriptionId !== undefined) conditions.push(eq(eventOutbox.subscriptionId, subscriptionId));
  return db
    .select({ seq: eventOutbox.seq, subscriptionId: eventOutbox.subscriptionId, eventId: eventOutbox.eventId, eventType: eventOutbox.eventType, attempts: eventOutbox.attempts, lastError: eventOutbox.lastError, createdAt: eventOutbox.createdAt })
    .from(eventOutbox)
    .where(and(...conditions))
    .orderBy(sql`${eventOutbox.seq} desc`);
}

/** Puts the dead-lettered events of a listener back in the queue, e.g. after its owner fixed it. Returns how many. */
export async function retryDeadLetteredEvents(db: Db, subscriptionId: string): Promise<number> {
  const rows = await db
    .update(eventOutbox)
    .set({ status: "pending", attempts: 0, nextAttemptAt: new Date() })
    .where(and(eq(eventOutbox.status, "deadLettered"), eq(eventOutbox.subscriptionId, subscriptionId)))
    .returning({ seq: eventOutbox.seq });
  return rows.length;
}
