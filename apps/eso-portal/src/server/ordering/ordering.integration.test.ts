import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopTestServer } from "@cop-pilot/db/testing";
import { serviceOrder } from "@cop-pilot/tmf-schemas";
import { peersApi } from "../admin/peers-api";
import { schema } from "../db";
import { startDoEmulator, type DoEmulator } from "../testing/do-emulator";
import { call, createEsoTestDatabase, type EsoTestDatabase } from "../testing/harness";
import { cancelServiceOrderHandlers, serviceOrderHandlers } from "../tmf/service-ordering";
import { runOrderProcessorPass } from "./processor";

const failingRemoteId = "valencia-alert-notification";
let database: EsoTestDatabase;
let lulea: DoEmulator;
let valencia: DoEmulator;
/** ESO specification id by the DO's specification id. */
const marketplaceId = new Map<string, string>();

const options = { pollIntervalMs: 0 };

async function peerAndImport(emulator: DoEmulator, name: string, remoteIds: string[]) {
  const peer = await call(peersApi.collection.POST, {
    method: "POST",
    path: "/api/peers",
    body: { name, endpoint: emulator.url, apiToken: emulator.token, location: { name, latitude: 40, longitude: 0 }, organization: { name: `${name} operator` } },
  });
  expect(peer.status).toBe(201);
  const imported = await call(peersApi.import.POST, {
    method: "POST",
    path: `/api/peers/${peer.body.id}/import`,
    params: { id: peer.body.id },
    body: { specificationIds: remoteIds, catalog: { name: `${name} services` }, category: { name: `${name} category` } },
  });
  expect(imported.status).toBe(200);
  for (const entry of imported.body.specifications) marketplaceId.set(entry.remoteId, entry.id);
  return peer.body.id as string;
}

function orderBody(remoteIds: string[], characteristics: { name: string; value: unknown }[] = []) {
  return {
    externalId: "test-order",
    serviceOrderItem: remoteIds.map((remoteId, index) => ({
      id: String(index + 1),
      action: "add",
      service: { serviceSpecification: { id: marketplaceId.get(remoteId)! }, serviceCharacteristic: characteristics },
    })),
  };
}

async function placeOrder(body: object, headers: Record<string, string> = {}) {
  const response = await call(serviceOrderHandlers.collection.POST, { method: "POST", path: "/tmf-api/serviceOrdering/v4/serviceOrder", body, headers });
  expect(response.status).toBe(201);
  return response.body as { id: string; state: string };
}

async function getOrder(id: string) {
  const response = await call(serviceOrderHandlers.item.GET, { path: `/tmf-api/serviceOrdering/v4/serviceOrder/${id}`, params: { id } });
  return response.body as {
    id: string;
    state: string;
    serviceOrderItem: { id: string; state: string; service: { id?: string; href?: string; serviceSpecification?: { id: string } } }[];
    note?: { text: string }[];
    externalReference?: { name: string; externalReferenceType?: string; href?: string }[];
  };
}

/** Runs processor passes until the order reaches a final state or the passes run out. */
async function processUntilFinal(id: string, maxPasses = 10) {
  for (let pass = 0; pass < maxPasses; pass += 1) {
    await runOrderProcessorPass(database.db, options);
    const order = await getOrder(id);
    if (["completed", "failed", "partial", "cancelled"].includes(order.state)) return order;
  }
  return getOrder(id);
}

async function historyStates(id: string) {
  const rows = await database.db.select().from(schema.serviceOrderStateHistory).where(eq(schema.serviceOrderStateHistory.serviceOrderId, id)).orderBy(schema.serviceOrderStateHistory.seq);
  return rows;
}

async function delegationsOf(id: string) {
  return database.db.select().from(schema.serviceOrderDelegation).where(eq(schema.serviceOrderDelegation.serviceOrderId, id));
}

const luleaSeismic = "lulea-bemis-multi-sensing-seismic-processing";
const valenciaStack = "valencia-smart-city-stack";

beforeAll(async () => {
  database = await createEsoTestDatabase();
  lulea = await startDoEmulator({ token: "lulea-do-token-0123456789", domainId: "lulea" });
  valencia = await startDoEmulator({
    token: "valencia-do-token-0123456789",
    domainId: "valencia",
    outcome: (specificationId) => (specificationId === failingRemoteId ? "failed" : "completed"),
  });
  expect(valencia.specifications.has(failingRemoteId)).toBe(true);
  expect(valencia.specifications.has(valenciaStack)).toBe(true);
  await peerAndImport(lulea, "Luleå", [luleaSeismic]);
  await peerAndImport(valencia, "Valencia", [valenciaStack, failingRemoteId]);
});

afterAll(async () => {
  await lulea?.close();
  await valencia?.close();
  await database?.drop();
  await stopTestServer();
});

describe("order path", () => {
  it("delegates to the owning DO and mirrors completion", async () => {
    const placed = await placeOrder(orderBody([luleaSeismic], [{ name: "sensorCount", value: 32 }]));
    expect(placed.state).toBe("acknowledged");

    const order = await processUntilFinal(placed.id);

    expect(order.state).toBe("completed");
    expect(order.serviceOrderItem.map((item) => item.state)).toEqual(["completed"]);
    const [delegation] = await delegationsOf(placed.id);
    expect(delegation?.remoteState).toBe("completed");
    const remote = lulea.orders.get(delegation!.remoteOrderId!)!;
    expect(remote.externalId).toBe(placed.id);
    const remoteItem = (remote.request.serviceOrderItem as { service: { serviceSpecification: { id: string }; serviceCharacteristic: { name: string; value: unknown }[] } }[])[0]!;
    expect(remoteItem.service.serviceSpecification.id).toBe(luleaSeismic);
    expect(remoteItem.service.serviceCharacteristic).toContainEqual(expect.objectContaining({ name: "sensorCount", value: 32 }));
    expect(remoteItem.service.serviceCharacteristic).toContainEqual(expect.objectContaining({ name: "samplingRateHz", value: 500 }));

    const states = (await historyStates(placed.id)).filter((row) => row.detail?.orderItemId === undefined).map((row) => row.state);
    expect(states[0]).toBe("acknowledged");
    expect(states).toContain("inProgress");
    expect(states.at(-1)).toBe("completed");
  });

  it("names the DO order and the service it created", async () => {
    const placed = await placeOrder(orderBody([luleaSeismic]));
    await runOrderProcessorPass(database.db, options);
    const [delegation] = await delegationsOf(placed.id);
    const remoteHref = `${lulea.url}/tmf-api/serviceOrdering/v4/serviceOrder/${delegation!.remoteOrderId}`;
    const reference = { name: delegation!.remoteOrderId, externalReferenceType: "DomainServiceOrder", href: remoteHref, "@type": "ExternalReference" };

    const accepted = await getOrder(placed.id);
    expect(accepted.externalReference).toEqual([reference]);
    expect(accepted.serviceOrderItem[0]?.service.id).toBeUndefined();

    const order = await processUntilFinal(placed.id);

    expect(order.state).toBe("completed");
    expect(order.externalReference).toEqual([reference]);
    const remoteService = lulea.orders.get(delegation!.remoteOrderId!)!.serviceOrderItem[0]!.service;
    expect(remoteService.id).toEqual(expect.any(String));
    expect(order.serviceOrderItem[0]?.service).toMatchObject({ id: remoteService.id, href: `${lulea.url}/tmf-api/serviceInventory/v4/service/${remoteService.id}` });
    expect(order.serviceOrderItem[0]?.service.serviceSpecification?.id).toBe(marketplaceId.get(luleaSeismic));
    expect(serviceOrder.safeParse(order).success).toBe(true);
  });

  it("splits an order across two domains", async () => {
    const placed = await placeOrder(orderBody([luleaSeismic, valenciaStack]));
    const delegations = await delegationsOf(placed.id);
    expect(delegations.map((delegation) => delegation.peerName).sort()).toEqual(["Luleå", "Valencia"]);

    const order = await processUntilFinal(placed.id);
    expect(order.state).toBe("completed");
    const accepted = await delegationsOf(placed.id);
    expect(order.externalReference?.map((reference) => reference.name).sort()).toEqual(accepted.map((delegation) => delegation.remoteOrderId).sort());
    expect(order.externalReference?.map((reference) => new URL(reference.href!).origin).sort()).toEqual([lulea.url, valencia.url].sort());
  });

  it("mirrors a partial outcome with the DO's note", async () => {
    const placed = await placeOrder(orderBody([valenciaStack, failingRemoteId]));

    const order = await processUntilFinal(placed.id);

    expect(order.state).toBe("partial");
    expect(order.serviceOrderItem.map((item) => item.state)).toEqual(["completed", "failed"]);
    expect(order.note?.map((note) => note.text)).toContain("1 deployment(s) failed in the emulated cluster");
  });

  it("mirrors a failed outcome", async () => {
    const placed = await placeOrder(orderBody([failingRemoteId]));
    const order = await processUntilFinal(placed.id);
    expect(order.state).toBe("failed");
    expect(order.serviceOrderItem[0]?.state).toBe("failed");
  });

  it("retries while the DO is down and creates one DO order only", async () => {
    const ordersBefore = lulea.orders.size;
    lulea.available = false;
    const placed = await placeOrder(orderBody([luleaSeismic]));
    await runOrderProcessorPass(database.db, options);
    await runOrderProcessorPass(database.db, options);

    const waiting = await getOrder(placed.id);
    expect(waiting.state).toBe("acknowledged");
    const [down] = await delegationsOf(placed.id);
    expect(down?.remoteOrderId).toBeNull();
    expect(down?.failedAttempts).toBe(2);
    expect(down?.lastError).toContain("could not reach");

    // The DO comes back, but the reply to the first create is lost.
    lulea.available = true;
    lulea.dropOrderReplies = 1;
    const requestsBefore = lulea.orderRequests;
    await runOrderProcessorPass(database.db, options);
    expect((await delegationsOf(placed.id))[0]?.remoteOrderId).toBeNull();

    const order = await processUntilFinal(placed.id);

    expect(order.state).toBe("completed");
    expect(lulea.orderRequests - requestsBefore).toBe(2);
    expect(lulea.orders.size - ordersBefore).toBe(1);
    const [delegation] = await delegationsOf(placed.id);
    expect(delegation?.failedAttempts).toBe(0);
    expect(delegation?.remoteOrderId).toBe([...lulea.orders.values()].find((remote) => remote.externalId === placed.id)?.id);
  });

  it("resumes an order after a restart from the database", async () => {
    const placed = await placeOrder(orderBody([luleaSeismic]));
    // A claimed order whose process died keeps its lease; once it expires, the next pass takes it.
    await database.db.update(schema.serviceOrder).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(schema.serviceOrder.id, placed.id));
    const order = await processUntilFinal(placed.id);
    expect(order.state).toBe("completed");
  });
});

async function requestCancel(id: string) {
  const response = await call(cancelServiceOrderHandlers.collection.POST, {
    method: "POST",
    path: "/tmf-api/serviceOrdering/v4/cancelServiceOrder",
    body: { serviceOrder: { id } },
  });
  expect(response.status).toBe(201);
  return response.body as { id: string };
}

async function getCancel(id: string) {
  const response = await call(cancelServiceOrderHandlers.item.GET, { path: `/tmf-api/serviceOrdering/v4/cancelServiceOrder/${id}`, params: { id } });
  expect(response.status).toBe(200);
  return response.body as { state: string; effectiveCancellationDate?: string };
}

describe("cancellation", () => {
  it("forwards the cancellation to the DO and ends cancelled", async () => {
    const placed = await placeOrder(orderBody([luleaSeismic]));
    await runOrderProcessorPass(database.db, options);
    const [delegation] = await delegationsOf(placed.id);
    expect(delegation?.remoteOrderId).not.toBeNull();

    const cancel = await call(cancelServiceOrderHandlers.collection.POST, {
      method: "POST",
      path: "/tmf-api/serviceOrdering/v4/cancelServiceOrder",
      body: { serviceOrder: { id: placed.id }, cancellationReason: "no longer needed" },
    });
    expect(cancel.status).toBe(201);
    expect((await getOrder(placed.id)).state).toBe("pendingCancellation");

    const order = await processUntilFinal(placed.id);

    expect(order.state).toBe("cancelled");
    expect(lulea.cancelRequests).toContain(delegation!.remoteOrderId);
    const stored = await call(cancelServiceOrderHandlers.item.GET, { path: `/x/${cancel.body.id}`, params: { id: cancel.body.id } });
    expect(stored.body.state).toBe("done");
  });

  it("waits for the DO order to be cancelled", async () => {
    const placed = await placeOrder(orderBody([luleaSeismic]));
    await runOrderProcessorPass(database.db, options);
    const [delegation] = await delegationsOf(placed.id);
    const remote = lulea.orders.get(delegation!.remoteOrderId!)!;
    lulea.delayCancellations = true;
    try {
      const cancel = await requestCancel(placed.id);

      for (let pass = 0; pass < 3; pass += 1) await runOrderProcessorPass(database.db, options);

      expect(lulea.cancelRequests).toContain(remote.id);
      expect(remote.state).toBe("pendingCancellation");
      const waiting = await getOrder(placed.id);
      expect(waiting.state).toBe("pendingCancellation");
      expect(waiting.serviceOrderItem[0]?.state).not.toBe("cancelled");
      expect((await getCancel(cancel.id)).state).toBe("inProgress");

      lulea.finishCancellations();
      const order = await processUntilFinal(placed.id);

      expect(order.state).toBe("cancelled");
      expect(order.serviceOrderItem[0]?.state).toBe("cancelled");
      const states = (await historyStates(placed.id)).filter((row) => row.detail?.orderItemId === undefined).map((row) => row.state);
      expect(states.at(-1)).toBe("cancelled");
      expect(states.filter((state) => state === "cancelled")).toHaveLength(1);
      const stored = await getCancel(cancel.id);
      expect(stored.state).toBe("done");
      expect(stored.effectiveCancellationDate).toEqual(expect.any(String));
    } finally {
      lulea.delayCancellations = false;
    }
  });

  it("takes the DO's state when it completes instead", async () => {
    const placed = await placeOrder(orderBody([luleaSeismic]));
    await runOrderProcessorPass(database.db, options);
    const [delegation] = await delegationsOf(placed.id);
    const remote = lulea.orders.get(delegation!.remoteOrderId!)!;
    lulea.delayCancellations = true;
    try {
      const cancel = await requestCancel(placed.id);
      await runOrderProcessorPass(database.db, options);
      expect((await getOrder(placed.id)).state).toBe("pendingCancellation");

      remote.state = "completed";
      for (const item of remote.serviceOrderItem) item.state = "completed";
      const order = await processUntilFinal(placed.id);

      expect(order.state).toBe("completed");
      expect(order.serviceOrderItem[0]?.state).toBe("completed");
      expect(order.note?.map((note) => note.text)).toContainEqual(expect.stringContaining("as completed instead of cancelling it"));
      expect((await getCancel(cancel.id)).state).toBe("terminatedWithError");
    } finally {
      lulea.delayCancellations = false;
    }
  });

  it("names the DO order that a lost reply hid", async () => {
    lulea.dropOrderReplies = 1;
    const placed = await placeOrder(orderBody([luleaSeismic]));
    await runOrderProcessorPass(database.db, options);
    expect((await delegationsOf(placed.id))[0]?.remoteOrderId).toBeNull();

    const cancel = await call(cancelServiceOrderHandlers.collection.POST, {
      method: "POST",
      path: "/tmf-api/serviceOrdering/v4/cancelServiceOrder",
      body: { serviceOrder: { id: placed.id } },
    });
    expect(cancel.status).toBe(201);
    const order = await processUntilFinal(placed.id);

    expect(order.state).toBe("cancelled");
    const [delegation] = await delegationsOf(placed.id);
    expect(lulea.cancelRequests).toContain(delegation!.remoteOrderId);
    expect(order.externalReference).toEqual([expect.objectContaining({ name: delegation!.remoteOrderId, externalReferenceType: "DomainServiceOrder" })]);
  });

  it("rejects cancelling a completed order", async () => {
    const placed = await placeOrder(orderBody([luleaSeismic]));
    await processUntilFinal(placed.id);
    const response = await call(cancelServiceOrderHandlers.collection.POST, {
      method: "POST",
      path: "/tmf-api/serviceOrdering/v4/cancelServiceOrder",
      body: { serviceOrder: { id: placed.id } },
    });
    expect(response.status).toBe(409);
    expect(response.body.message).toContain("completed");
  });
});

describe("idempotency", () => {
  it("returns the first order for a repeated key", async () => {
    const body = orderBody([luleaSeismic]);
    const first = await placeOrder(body, { "Idempotency-Key": "key-1" });
    const ordersBefore = (await database.db.select().from(schema.serviceOrder)).length;
    const second = await call(serviceOrderHandlers.collection.POST, { method: "POST", path: "/tmf-api/serviceOrdering/v4/serviceOrder", body, headers: { "Idempotency-Key": "key-1" } });

    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.id);
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await database.db.select().from(schema.serviceOrder)).toHaveLength(ordersBefore);
  });

  it("rejects a repeated key with another body", async () => {
    await placeOrder(orderBody([luleaSeismic]), { "Idempotency-Key": "key-2" });
    const response = await call(serviceOrderHandlers.collection.POST, {
      method: "POST",
      path: "/tmf-api/serviceOrdering/v4/serviceOrder",
      body: orderBody([valenciaStack]),
      headers: { "Idempotency-Key": "key-2" },
    });
    expect(response.status).toBe(422);
    expect(response.body.message).toContain("key-2");
  });
});
