import "server-only";
import { and, inArray, isNotNull, sql } from "drizzle-orm";
import { bmpSchema } from "@cop-pilot/db";
import { createLogger } from "@cop-pilot/logger";
import { TmfClient } from "@cop-pilot/tmf-client";
import { createListenerHandler, ensureHubRegistration, type HubRegistrationStatus, type ReceivedEvent } from "@cop-pilot/tmf-events";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import type { Db } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import { db } from "./db";
import { enqueueProductOrderStep } from "./ordering/order-jobs";

// The BMP as a listener at the ESO's TMF641 hub. An event only makes the
// product orders placed as the ESO order it names due now. The order
// processor then reads the ESO order as it does on a poll.

const log = createLogger("eso-events");
const { productOrder } = bmpSchema;

/** Key of the ESO in `hub_registration`, and the path segment of its listener URL. */
export const esoPeerKey = "eso";

const orderEvents = "eventType=ServiceOrderStateChangeEvent,ServiceOrderAttributeValueChangeEvent,ServiceOrderDeleteEvent";

const globalForEvents = globalThis as unknown as {
  bmpEsoHubStatus?: HubRegistrationStatus;
  bmpEsoHubTimer?: NodeJS.Timeout;
};

/** True while the ESO sends this BMP order events, so that orders can be polled at the slower fallback interval. */
export function isRegisteredAtEsoHub(): boolean {
  return globalForEvents.bmpEsoHubStatus === "registered";
}

/** Registers at the ESO's TMF641 hub unless the registration there is intact. */
export async function registerAtEsoHub(database: Db): Promise<HubRegistrationStatus> {
  const config = env();
  const status = await ensureHubRegistration(
    database,
    {
      peerKey: esoPeerKey,
      baseUrl: config.ESO_URL,
      client: new TmfClient({ baseUrl: config.ESO_URL, token: config.ESO_API_TOKEN, timeoutMs: config.ESO_TIMEOUT_MS }),
      hubPath: `${tmfApiPaths.serviceOrdering}/hub`,
      callbackBase: `${config.PUBLIC_URL}/tmf-events/peer/${esoPeerKey}`,
      query: orderEvents,
    },
    log,
  ).catch((error: unknown) => {
    log.error({ err: error }, "registering at the ESO's hub failed");
    return "failed" as const;
  });
  globalForEvents.bmpEsoHubStatus = status;
  return status;
}

/**
 * Keeps the BMP registered at the ESO's hub. It retries every few seconds
 * until it succeeds, because the ESO may start after the BMP. Then it checks
 * the registration every `checkIntervalMs`, so that an ESO restarted with a
 * fresh database gets a new one.
 */
export function startEsoHubRegistration(checkIntervalMs: number): void {
  if (globalForEvents.bmpEsoHubTimer) return;
  const retryMs = 5_000;
  const run = async () => {
    const status = await registerAtEsoHub(db());
    globalForEvents.bmpEsoHubTimer = setTimeout(run, status === "failed" ? retryMs : checkIntervalMs);
    globalForEvents.bmpEsoHubTimer.unref();
  };
  globalForEvents.bmpEsoHubTimer = setTimeout(run, 0);
  globalForEvents.bmpEsoHubTimer.unref();
}

/** Makes the product orders placed as the ESO orders named by the event due now; returns how many. */
export async function wakeOrdersForEsoEvent(database: Db, event: ReceivedEvent): Promise<number> {
  const serviceOrderIds = Object.values(event.event).map((resource) => resource.id);
  if (serviceOrderIds.length === 0) return 0;
  // The processor holds an order's row lock while it reads the ESO, so this waits for it and the wake is not overwritten.
  const woken = await database
    .update(productOrder)
    .set({ nextAttemptAt: sql`now()` })
    .where(and(isNotNull(productOrder.nextAttemptAt), inArray(productOrder.serviceOrderId, serviceOrderIds)))
    .returning({ id: productOrder.id });
  for (const { id } of woken) await enqueueProductOrderStep(database, id);
  log.debug({ eventType: event.eventType, serviceOrderIds, productOrderIds: woken.map((row) => row.id) }, "event from the ESO woke orders");
  return woken.length;
}

/** Route handler of `{callback}/listener/{eventName}` for the ESO's notifications. */
export const esoListener = createListenerHandler({
  db,
  log,
  onEvent: async (_peerKey, event) => {
    await wakeOrdersForEsoEvent(db(), event);
  },
});
