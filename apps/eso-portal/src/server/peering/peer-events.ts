import "server-only";
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { createLogger } from "@cop-pilot/logger";
import { createListenerHandler, ensureHubRegistration, removeHubRegistration, type HubPeer, type HubRegistrationStatus, type ReceivedEvent } from "@cop-pilot/tmf-events";
import type { TmfClient } from "@cop-pilot/tmf-client";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { env } from "@/env";
import { db, schema, type EsoDb } from "../db";
import { wakeOrders } from "../ordering/wake";
import { withPeerClient } from "./peer-client";
import { enqueueServiceOrderStep } from "../ordering/order-jobs";

// The ESO as a listener at each peered DO's TMF641 hub. An event only wakes
// the order processor for the ESO order that delegated the DO order it
// names. The processor then reads the order from the DO as it would on a poll.

const log = createLogger("peer-events");

/** Events that can change what the ESO mirrors from a DO order. */
const orderEvents = "eventType=ServiceOrderStateChangeEvent,ServiceOrderAttributeValueChangeEvent,ServiceOrderDeleteEvent";

/** Path under this ESO where a peer's notifications arrive; the secret and `/listener/{eventName}` follow. */
export const peerListenerPath = "/tmf-events/peer";

function hubPeer(peer: typeof schema.peer.$inferSelect, client: TmfClient): HubPeer {
  return {
    peerKey: peer.id,
    baseUrl: peer.endpoint,
    client,
    hubPath: `${tmfApiPaths.serviceOrdering}/hub`,
    callbackBase: `${env().PUBLIC_URL}${peerListenerPath}/${encodeURIComponent(peer.id)}`,
    query: orderEvents,
  };
}

/**
 * Registers at the peer's TMF641 hub unless the registration there is intact.
 * An error is logged and returned as `failed`, so that peering and the
 * availability check go on and the peer's orders are polled.
 */
export async function registerAtPeerHub(db: EsoDb, peerId: string): Promise<HubRegistrationStatus> {
  try {
    const [peer] = await db.select().from(schema.peer).where(eq(schema.peer.id, peerId));
    if (!peer) return "failed";
    // NOTE: an OpenSlice peer is treated as one without a hub, so its orders are polled.
    if (peer.dialect === "openslice") return "noHub";
    return await withPeerClient(peer, (client) => ensureHubRegistration(db, hubPeer(peer, client), log));
  } catch (error) {
    log.error({ err: error, peerId }, "registering at the peer's hub failed");
    return "failed";
  }
}

/** Unregisters at the peer's hub when the peer is removed. A failure is logged, because the peer is gone either way. */
export async function unregisterAtPeerHub(db: EsoDb, peer: typeof schema.peer.$inferSelect): Promise<void> {
  if (peer.dialect === "openslice") return;
  try {
    await withPeerClient(peer, (client) => removeHubRegistration(db, hubPeer(peer, client), log));
  } catch (error) {
    log.warn({ err: error, peerId: peer.id }, "unregistering at the peer's hub failed");
  }
}

/**
 * Makes the ESO orders that delegated the DO order named by the event due
 * now. Returns how many orders it woke; an event about an order the ESO
 * does not know wakes none.
 */
export async function wakeOrdersForPeerEvent(db: EsoDb, peerId: string, event: ReceivedEvent): Promise<number> {
  const remoteIds = Object.values(event.event).map((resource) => resource.id);
  if (remoteIds.length === 0) return 0;
  const woken = await db
    .update(schema.serviceOrder)
    .set({ nextAttemptAt: sql`now()` })
    .where(
      and(
        isNotNull(schema.serviceOrder.nextAttemptAt),
        inArray(
          schema.serviceOrder.id,
          db
            .select({ id: schema.serviceOrderDelegation.serviceOrderId })
            .from(schema.serviceOrderDelegation)
            .where(and(eq(schema.serviceOrderDelegation.peerId, peerId), inArray(schema.serviceOrderDelegation.remoteOrderId, remoteIds))),
        ),
      ),
    )
    .returning({ id: schema.serviceOrder.id });
  wakeOrders(woken.map((row) => row.id));
  for (const { id } of woken) await enqueueServiceOrderStep(db, id);
  log.debug({ peerId, eventType: event.eventType, remoteIds, serviceOrderIds: woken.map((row) => row.id) }, "event from a DO woke orders");
  return woken.length;
}

/** Route handler of `{callback}/listener/{eventName}` for the DOs' notifications. */
export const peerListener = createListenerHandler({
  db,
  log,
  onEvent: async (peerKey, event) => {
    await wakeOrdersForPeerEvent(db(), peerKey, event);
  },
});
