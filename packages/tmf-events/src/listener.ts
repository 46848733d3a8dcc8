import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { hubRegistration } from "@cop-pilot/db/schema/event-listeners";
import type { Logger } from "@cop-pilot/logger";
import { TmfClientError, type TmfClient } from "@cop-pilot/tmf-client";
import { TmfError, readJsonBody, toTmfErrorResponse, type Db } from "@cop-pilot/tmf-server";
import { receivedEventSchema, type ReceivedEvent } from "./envelope";

// The listener side: registering this component at a peer's hub, and taking
// the notifications the peer posts back.

function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

const subscriptionReply = z.looseObject({ id: z.string().min(1).max(200) });

export interface HubPeer {
  /** Names the peer in `hub_registration`: the peer's id at the ESO, `eso` at the BMP. */
  peerKey: string;
  /** Base URL of the peer, without the /tmf-api path. */
  baseUrl: string;
  /** A client of the peer's TMF API, with the token the peer expects. */
  client: TmfClient;
  /** Path of the peer's hub, e.g. `/tmf-api/serviceOrdering/v4/hub`. */
  hubPath: string;
  /** This component's listener URL for the peer, without the secret; the secret is appended as the last path segment. */
  callbackBase: string;
  /** The `query` sent with the registration. */
  query?: string;
}

/** `registered`: the peer's hub has the registration; `noHub`: the peer serves no hub; `failed`: try again later. */
export type HubRegistrationStatus = "registered" | "noHub" | "failed";

/** Statuses with which a peer reports that it serves no hub at that path. */
const noHubStatuses = new Set([404, 405, 501]);

/**
 * Makes sure this component is registered at the peer's hub. A stored
 * registration is checked with `GET hub/{id}`; when the peer has lost it (a
 * restarted peer with a fresh database), a new one with a new secret
 * replaces it.
 */
export async function ensureHubRegistration(db: Db, peer: HubPeer, log: Logger): Promise<HubRegistrationStatus> {
  const [stored] = await db.select().from(hubRegistration).where(eq(hubRegistration.peerKey, peer.peerKey));
  if (stored) {
    try {
      await peer.client.get(`${peer.hubPath}/${encodeURIComponent(stored.subscriptionId)}`, subscriptionReply);
      return "registered";
    } catch (error) {
      if (!(error instanceof TmfClientError) || error.status !== 404) {
        log.warn({ peerKey: peer.peerKey, error: (error as Error).message }, "cannot check the registration at the peer's hub; keeping it");
        return "failed";
      }
      log.info({ peerKey: peer.peerKey, subscriptionId: stored.subscriptionId }, "the peer's hub lost this registration; registering again");
    }
  }

  const secret = randomBytes(24).toString("base64url");
  let subscription: z.infer<typeof subscriptionReply>;
  try {
    subscription = await peer.client.create(peer.hubPath, { callback: `${peer.callbackBase}/${secret}`, ...(peer.query ? { query: peer.query } : {}) }, subscriptionReply);
  } catch (error) {
    if (error instanceof TmfClientError && noHubStatuses.has(error.status)) {
      await db.delete(hubRegistration).where(eq(hubRegistration.peerKey, peer.peerKey));
      log.info({ peerKey: peer.peerKey, status: error.status }, "the peer serves no event hub; its orders are polled");
      return "noHub";
    }
    log.warn({ peerKey: peer.peerKey, error: (error as Error).message }, "registering at the peer's hub failed; its orders are polled until a later attempt succeeds");
    return "failed";
  }

  const row = { peerKey: peer.peerKey, hubUrl: `${peer.baseUrl}${peer.hubPath}`, subscriptionId: subscription.id, secretHash: hashSecret(secret), registeredAt: new Date() };
  await db.insert(hubRegistration).values(row).onConflictDoUpdate({ target: hubRegistration.peerKey, set: row });
  log.info({ peerKey: peer.peerKey, subscriptionId: subscription.id }, "registered at the peer's event hub");
  return "registered";
}

/** Removes the registration at the peer's hub, if any; a peer that cannot be reached keeps a registration that fails its deliveries until it dead-letters them. */
export async function removeHubRegistration(db: Db, peer: Pick<HubPeer, "peerKey" | "client" | "hubPath">, log: Logger): Promise<void> {
  const [stored] = await db.delete(hubRegistration).where(eq(hubRegistration.peerKey, peer.peerKey)).returning();
  if (!stored) return;
  try {
    await peer.client.delete(`${peer.hubPath}/${encodeURIComponent(stored.subscriptionId)}`);
  } catch (error) {
    log.warn({ peerKey: peer.peerKey, error: (error as Error).message }, "unregistering at the peer's hub failed");
  }
}

/** Lists the keys of the peers this component is registered with. */
export async function listHubRegistrations(db: Db): Promise<Set<string>> {
  const rows = await db.select({ peerKey: hubRegistration.peerKey }).from(hubRegistration);
  return new Set(rows.map((row) => row.peerKey));
}

async function secretMatches(db: Db, peerKey: string, secret: string): Promise<boolean> {
  const [stored] = await db.select({ secretHash: hubRegistration.secretHash }).from(hubRegistration).where(eq(hubRegistration.peerKey, peerKey));
  if (!stored) return false;
  return timingSafeEqual(Buffer.from(hashSecret(secret)), Buffer.from(stored.secretHash));
}

export interface ListenerParams {
  peerKey: string;
  secret: string;
  eventName: string;
}

export interface ListenerOptions {
  db: () => Db;
  log: Logger;
  /** Acts on a valid event from a known peer, e.g. by waking the order it names. */
  onEvent: (peerKey: string, event: ReceivedEvent) => Promise<void>;
}

/**
 * Builds the route handler of `{callback}/listener/{eventName}`. The secret
 * in the path identifies the peer, the body must be a TMF event whose type
 * matches the path, and the handler answers 204 once `onEvent` is done.
 */
export function createListenerHandler(options: ListenerOptions) {
  return async (request: Request, context: { params: Promise<ListenerParams> }): Promise<Response> => {
    const { peerKey, secret, eventName } = await context.params;
    try {
      if (!(await secretMatches(options.db(), peerKey, secret))) {
        throw new TmfError("unauthorized", "This listener URL is not registered; register again at the hub");
      }
      const event = await readJsonBody(request, receivedEventSchema);
      if (event.eventType.toLowerCase() !== eventName.toLowerCase()) {
        throw new TmfError("invalidBody", `eventType ${event.eventType} does not match the listener path ${eventName}`);
      }
      await options.onEvent(peerKey, event);
      return new Response(null, { status: 204 });
    } catch (error) {
      if (error instanceof TmfError) {
        options.log.info({ peerKey, eventName, code: error.code, message: error.message }, "event rejected");
        return toTmfErrorResponse(error);
      }
      options.log.error({ err: error, peerKey, eventName }, "handling an event failed");
      return toTmfErrorResponse(new TmfError("internal", "Handling the event failed; the hub retries it"));
    }
  };
}
