import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopTestServer } from "@cop-pilot/db/testing";
import { peersApi } from "../admin/peers-api";
import { schema } from "../db";
import { runOrderProcessorPass } from "../ordering/processor";
import { startOpenSliceEmulator, type OpenSliceEmulator } from "../testing/openslice-emulator";
import { call, countRows, createEsoTestDatabase, type EsoTestDatabase } from "../testing/harness";
import { serviceOrderHandlers } from "../tmf/service-ordering";

// The ESO federating an OpenSlice DO: detection of the dialect, OAuth2
// login, import of specifications in OpenSlice's shape, and orders tracked
// through OpenSlice's upper-case states.

const completing = "central-macedonia-agroapps-360";
const failing = "central-macedonia-ai-pest-detection";
let database: EsoTestDatabase;
let openSlice: OpenSliceEmulator;
let peerId: string;
const marketplaceId = new Map<string, string>();

function peerBody(overrides: Record<string, unknown> = {}) {
  return {
    name: "Central Macedonia (OpenSlice)",
    endpoint: openSlice.url,
    oauth2: { tokenUrl: openSlice.tokenUrl, clientId: openSlice.clientId, username: openSlice.username, password: openSlice.password },
    location: { name: "Thessaloniki", latitude: 40.64, longitude: 22.94 },
    organization: { name: "Central Macedonia operator" },
    ...overrides,
  };
}

async function placeOrder(remoteId: string) {
  const response = await call(serviceOrderHandlers.collection.POST, {
    method: "POST",
    path: "/tmf-api/serviceOrdering/v4/serviceOrder",
    body: { serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: marketplaceId.get(remoteId)! } } }] },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
}

async function processUntilFinal(id: string, maxPasses = 10) {
  let order: any;
  for (let pass = 0; pass < maxPasses; pass += 1) {
    await runOrderProcessorPass(database.db, { pollIntervalMs: 0 });
    order = (await call(serviceOrderHandlers.item.GET, { path: `/tmf-api/serviceOrdering/v4/serviceOrder/${id}`, params: { id } })).body;
    if (["completed", "failed", "partial", "cancelled"].includes(order.state)) break;
  }
  return order;
}

beforeAll(async () => {
  database = await createEsoTestDatabase();
  openSlice = await startOpenSliceEmulator({ outcome: (specificationId) => (specificationId === failing ? "FAILED" : "COMPLETED") });
});

afterAll(async () => {
  await openSlice?.close();
  await database?.drop();
  await stopTestServer();
});

describe("peering with OpenSlice", () => {
  it("rejects a wrong OAuth2 password and saves nothing", async () => {
    const before = await countRows(database.db);
    const response = await call(peersApi.collection.POST, {
      method: "POST",
      path: "/api/peers",
      body: peerBody({ oauth2: { tokenUrl: openSlice.tokenUrl, clientId: openSlice.clientId, username: openSlice.username, password: "wrong" } }),
    });

    expect(response.status).toBe(422);
    expect(response.body.message).toContain("OAuth2 token endpoint");
    expect(response.body.message).toContain("rejected the credentials");
    expect(await countRows(database.db)).toEqual(before);
  });

  it("rejects OpenSlice replies read as the TMF dialect", async () => {
    const before = await countRows(database.db);
    const response = await call(peersApi.collection.POST, { method: "POST", path: "/api/peers", body: peerBody({ dialect: "tmf" }) });

    expect(response.status).toBe(422);
    expect(response.body.message).toContain("replied in neither the TMF v4 nor the OpenSlice dialect");
    expect(response.body.message).toContain("serviceSpecCharacteristic");
    expect(await countRows(database.db)).toEqual(before);
  });

  it("detects the dialect and keeps the secrets", async () => {
    const response = await call(peersApi.collection.POST, { method: "POST", path: "/api/peers", body: peerBody() });

    expect(response.status).toBe(201);
    expect(response.body.dialect).toBe("openslice");
    expect(response.body.authentication).toEqual({ type: "oauth2", tokenUrl: openSlice.tokenUrl, clientId: openSlice.clientId, username: openSlice.username });
    expect(JSON.stringify(response.body)).not.toContain(openSlice.password);
    const [row] = await database.db.select().from(schema.peer).where(eq(schema.peer.id, response.body.id));
    expect(row?.dialect).toBe("openslice");
    expect(row?.apiToken).toBeNull();
    peerId = response.body.id;
  });

  it("imports specifications with their characteristics", async () => {
    const listed = await call(peersApi.specifications.GET, { path: `/api/peers/${peerId}/specifications`, params: { id: peerId } });
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(openSlice.specifications.size);

    const response = await call(peersApi.import.POST, {
      method: "POST",
      path: `/api/peers/${peerId}/import`,
      params: { id: peerId },
      body: { specificationIds: [completing, failing], catalog: { name: "Agriculture" }, category: { name: "Farming" } },
    });
    expect(response.status).toBe(200);
    for (const entry of response.body.specifications) marketplaceId.set(entry.remoteId, entry.id);

    const [copy] = await database.db.select().from(schema.serviceSpecification).where(eq(schema.serviceSpecification.id, marketplaceId.get(completing)!));
    const original = openSlice.specifications.get(completing)! as unknown as { specCharacteristic: { name: string; characteristicValueSpecification?: { value?: unknown }[] }[] };
    const characteristics = copy!.document.specCharacteristic as typeof original.specCharacteristic;
    expect(copy!.document.serviceSpecCharacteristic).toBeUndefined();
    expect(characteristics.map((entry) => entry.name)).toEqual(original.specCharacteristic.map((entry) => entry.name));
    const withValues = original.specCharacteristic.find((entry) => (entry.characteristicValueSpecification ?? []).some((value) => value.value !== undefined))!;
    const copied = characteristics.find((entry) => entry.name === withValues.name)!;
    expect(copied.characteristicValueSpecification!.map((value) => value.value), "values are unwrapped and typed again").toEqual(
      withValues.characteristicValueSpecification!.map((value) => value.value),
    );
    expect(copied).toEqual(expect.objectContaining({ valueType: (withValues as { valueType?: string }).valueType }));
    expect(copy!.document.description, "nulls from OpenSlice are dropped").not.toBeNull();
  });
});

describe("ordering through OpenSlice", () => {
  it("tracks an order to completed", async () => {
    const id = await placeOrder(completing);
    const order = await processUntilFinal(id);

    expect(order.state).toBe("completed");
    expect(order.serviceOrderItem[0].state).toBe("completed");
    expect(order.serviceOrderItem[0].service.id).toEqual(expect.any(String));
    const remote = [...openSlice.orders.values()].find((entry) => entry.externalId === id)!;
    expect(remote.state).toBe("COMPLETED");
    expect(remote.orderItem[0]!.service.serviceSpecification?.id).toBe(completing);
    const characteristics = remote.orderItem[0]!.service.serviceCharacteristic as { name: string; value: { value: string } }[];
    expect(characteristics.find((entry) => entry.name === "replicas")?.value, "characteristic values are wrapped text").toEqual({ value: expect.stringMatching(/^\d+$/), alias: "" });
    expect(order.serviceOrderItem[0].service.id).toBe(remote.orderItem[0]!.service.id);
  });

  it("tracks a failing order to failed", async () => {
    const id = await placeOrder(failing);
    const order = await processUntilFinal(id);

    expect(order.state).toBe("failed");
    expect(order.serviceOrderItem[0].state).toBe("failed");
    expect(order.note.map((note: { text: string }) => note.text)).toContain("1 service(s) failed to deploy");
  });

  it("logs in again after OpenSlice revokes the token", async () => {
    const issued = openSlice.tokensIssued;
    const rejected = openSlice.rejectedRequests;
    openSlice.revokeTokens();

    const order = await processUntilFinal(await placeOrder(completing));

    expect(order.state).toBe("completed");
    expect(openSlice.rejectedRequests).toBe(rejected + 1);
    expect(openSlice.tokensIssued).toBe(issued + 1);
  });
});

describe("checking an OpenSlice peer", () => {
  it("updates a changed specification in place", async () => {
    const specification = openSlice.specifications.get(completing)! as Record<string, unknown> & { id: string; name: string };
    openSlice.specifications.set(completing, { ...specification, version: "2.0.0", description: "Farm management, second release", lastUpdate: "2026-12-01T10:00:00Z" });

    const response = await call(peersApi.check.POST, { method: "POST", path: `/api/peers/${peerId}/check`, params: { id: peerId } });

    expect(response.status).toBe(200);
    expect(response.body.report).toEqual(expect.objectContaining({ availability: "reachable", updated: 1, unchanged: 1, removed: 0, restored: 0 }));
    expect(response.body.updatedSpecificationIds).toEqual([marketplaceId.get(completing)]);
    const [copy] = await database.db.select().from(schema.serviceSpecification).where(eq(schema.serviceSpecification.id, marketplaceId.get(completing)!));
    expect(copy!.version).toBe("2.0.0");
    expect(copy!.document.description).toBe("Farm management, second release");
  });
});
