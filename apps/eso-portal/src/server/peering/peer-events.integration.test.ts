import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopTestServer } from "@cop-pilot/db/testing";
import { peersApi } from "../admin/peers-api";
import { schema } from "../db";
import { runOrderProcessorPass } from "../ordering/processor";
import { startDoEmulator, type DoEmulator } from "../testing/do-emulator";
import { call, createEsoTestDatabase, testBaseUrl, type EsoTestDatabase } from "../testing/harness";
import { serviceOrderHandlers } from "../tmf/service-ordering";
import { checkAllPeers } from "./availability";
import { peerListener } from "./peer-events";

// The ESO as a listener at its DOs' TMF641 hubs. Covered: registration at
// peering, a notification that wakes the order it names, and the secret that
// keeps others out. Also re-registration after the DO lost it, and polling
// for a DO without a hub.

const remoteId = "lulea-bemis-multi-sensing-seismic-processing";
const fallbackPollMs = 60_000;
const options = { pollIntervalMs: 0, eventFallbackPollIntervalMs: fallbackPollMs };

let database: EsoTestDatabase;
let withHub: DoEmulator;
let withoutHub: DoEmulator;
const peers: Record<"withHub" | "withoutHub", { id: string; specificationId: string }> = {} as never;

async function peerAndImport(emulator: DoEmulator, name: string) {
  const peer = await call(peersApi.collection.POST, {
    method: "POST",
    path: "/api/peers",
    body: { name, endpoint: emulator.url, apiToken: emulator.token, location: { name, latitude: 65, longitude: 22 }, organization: { name: `${name} operator` } },
  });
  expect(peer.status).toBe(201);
  const imported = await call(peersApi.import.POST, {
    method: "POST",
    path: `/api/peers/${peer.body.id}/import`,
    params: { id: peer.body.id },
    body: { specificationIds: [remoteId], catalog: { name: `${name} services` }, category: { name: `${name} category` } },
  });
  expect(imported.status).toBe(200);
  return { id: peer.body.id as string, specificationId: imported.body.specifications[0].id as string };
}

async function placeOrder(specificationId: string): Promise<string> {
  const response = await call(serviceOrderHandlers.collection.POST, {
    method: "POST",
    path: "/tmf-api/serviceOrdering/v4/serviceOrder",
    body: { serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: specificationId } } }] },
  });
  expect(response.status).toBe(201);
  return response.body.id;
}

async function orderRow(id: string) {
  const [row] = await database.db.select().from(schema.serviceOrder).where(eq(schema.serviceOrder.id, id));
  return row!;
}

async function remoteOrderId(id: string): Promise<string> {
  const [delegation] = await database.db.select().from(schema.serviceOrderDelegation).where(eq(schema.serviceOrderDelegation.serviceOrderId, id));
  return delegation!.remoteOrderId!;
}

/** The callback the emulator got, split into the route parameters of the listener. */
function registeredCallback(emulator: DoEmulator) {
  const [registration] = [...emulator.hubRegistrations.values()];
  const path = new URL(registration!.callback).pathname.split("/");
  return { callback: registration!.callback, peerKey: decodeURIComponent(path.at(-2)!), secret: path.at(-1)! };
}

function notify(params: { peerKey: string; secret: string }, eventName: string, body: unknown) {
  return call(peerListener, {
    method: "POST",
    path: `/tmf-events/peer/${params.peerKey}/${params.secret}/listener/${eventName}`,
    params: { ...params, eventName },
    body,
  });
}

function stateChange(id: string) {
  return { eventId: "event-1", eventType: "ServiceOrderStateChangeEvent", eventTime: new Date().toISOString(), event: { serviceOrder: { id, state: "completed" } } };
}

beforeAll(async () => {
  database = await createEsoTestDatabase();
  withHub = await startDoEmulator({ token: "do-hub-token-0123456789", domainId: "lulea", hub: true });
  withoutHub = await startDoEmulator({ token: "do-plain-token-0123456789", domainId: "lulea" });
  peers.withHub = await peerAndImport(withHub, "Luleå with hub");
  peers.withoutHub = await peerAndImport(withoutHub, "Luleå without hub");
});

afterAll(async () => {
  await withHub.close();
  await withoutHub.close();
  await database.drop();
  await stopTestServer();
});

describe("registration at a DO's hub", () => {
  it("registers when peering, with a secret callback", async () => {
    expect(withHub.hubRegistrations.size).toBe(1);
    const { callback, peerKey, secret } = registeredCallback(withHub);
    expect(callback.startsWith(`${testBaseUrl}/tmf-events/peer/${peers.withHub.id}/`)).toBe(true);
    expect(peerKey).toBe(peers.withHub.id);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect([...withHub.hubRegistrations.values()][0]!.query).toContain("ServiceOrderStateChangeEvent");

    const rows = await database.db.select().from(schema.hubRegistration);
    expect(rows.map((row) => row.peerKey)).toEqual([peers.withHub.id]);
    expect(rows[0]!.secretHash).not.toContain(secret);
  });

  it("records no registration for a DO without a hub", async () => {
    const [row] = await database.db.select().from(schema.hubRegistration).where(eq(schema.hubRegistration.peerKey, peers.withoutHub.id));
    expect(row).toBeUndefined();
  });
});

describe("notifications from a DO", () => {
  it("wake the order, which completes without waiting for the fallback poll", async () => {
    const id = await placeOrder(peers.withHub.specificationId);
    await runOrderProcessorPass(database.db, options);
    const waiting = await orderRow(id);
    expect(waiting.state).not.toBe("completed");
    // Every DO of the order sends events, so the order waits for the slow fallback poll.
    expect(waiting.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now() + fallbackPollMs / 2);

    const response = await notify(registeredCallback(withHub), "serviceOrderStateChangeEvent", stateChange(await remoteOrderId(id)));
    expect(response.status).toBe(204);
    expect((await orderRow(id)).nextAttemptAt!.getTime()).toBeLessThanOrEqual(Date.now());

    for (let pass = 0; pass < 5 && (await orderRow(id)).state !== "completed"; pass++) {
      await notify(registeredCallback(withHub), "serviceOrderStateChangeEvent", stateChange(await remoteOrderId(id)));
      await runOrderProcessorPass(database.db, options);
    }
    expect((await orderRow(id)).state).toBe("completed");
  });

  it("keep the normal poll for a DO without a hub", async () => {
    const id = await placeOrder(peers.withoutHub.specificationId);
    await runOrderProcessorPass(database.db, options);
    expect((await orderRow(id)).nextAttemptAt!.getTime()).toBeLessThan(Date.now() + fallbackPollMs / 2);
  });

  it.each([
    ["a wrong secret", (params: { peerKey: string; secret: string }) => ({ ...params, secret: "not-the-secret" }), "serviceOrderStateChangeEvent", undefined, 401],
    ["another peer's id", (params: { peerKey: string; secret: string }) => ({ ...params, peerKey: peers.withoutHub.id }), "serviceOrderStateChangeEvent", undefined, 401],
    ["an event type that does not match the path", (params: { peerKey: string; secret: string }) => params, "serviceOrderCreateEvent", undefined, 400],
    ["a body without event", (params: { peerKey: string; secret: string }) => params, "serviceOrderStateChangeEvent", { eventId: "e", eventType: "ServiceOrderStateChangeEvent" }, 400],
  ])("are rejected with %s and wake nothing", async (_case, change, eventName, body, status) => {
    const id = await placeOrder(peers.withHub.specificationId);
    await runOrderProcessorPass(database.db, options);
    const before = (await orderRow(id)).nextAttemptAt!.getTime();

    const response = await notify(change(registeredCallback(withHub)), eventName, body ?? stateChange(await remoteOrderId(id)));
    expect(response.status).toBe(status);
    expect(response.body.code).toBeDefined();
    expect((await orderRow(id)).nextAttemptAt!.getTime()).toBe(before);
  });
});

describe("a DO that lost the registration", () => {
  it("gets a new one at the next availability check, and the old secret stops working", async () => {
    const old = registeredCallback(withHub);
    withHub.hubRegistrations.clear();

    await checkAllPeers(database.db);

    expect(withHub.hubRegistrations.size).toBe(1);
    const renewed = registeredCallback(withHub);
    expect(renewed.secret).not.toBe(old.secret);
    expect((await notify(old, "serviceOrderStateChangeEvent", stateChange("any"))).status).toBe(401);
    expect((await notify(renewed, "serviceOrderStateChangeEvent", stateChange("any"))).status).toBe(204);
  });
});
