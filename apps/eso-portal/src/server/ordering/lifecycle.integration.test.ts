import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopTestServer } from "@cop-pilot/db/testing";
import { peersApi } from "../admin/peers-api";
import { loadMarketplace } from "../marketplace";
import { checkPeer } from "../peering/availability";
import { startDoEmulator, type DoEmulator } from "../testing/do-emulator";
import { call, createEsoTestDatabase, type EsoTestDatabase } from "../testing/harness";
import { serviceOrderHandlers } from "../tmf/service-ordering";

// The lifecycle status a DO gives a specification reaches the ESO with the
// availability check: only Active or Launched copies can be ordered and
// appear in the marketplace.

const remoteId = "lulea-bemis-multi-sensing-seismic-processing";
const orderPath = "/tmf-api/serviceOrdering/v4/serviceOrder";

let database: EsoTestDatabase;
let lulea: DoEmulator;
let peerId: string;
let marketplaceId: string;

async function setRemoteStatus(lifecycleStatus: string) {
  const specification = lulea.specifications.get(remoteId)!;
  lulea.specifications.set(remoteId, { ...specification, lifecycleStatus, lastUpdate: new Date().toISOString() });
  const result = await checkPeer(database.db, peerId);
  expect(result.updatedSpecificationIds).toContain(marketplaceId);
}

async function order() {
  return call(serviceOrderHandlers.collection.POST, {
    method: "POST",
    path: orderPath,
    body: { serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: marketplaceId } } }] },
  });
}

async function listedIds() {
  const marketplace = await loadMarketplace(database.db);
  return [...marketplace.catalogs.flatMap((catalog) => catalog.categories.flatMap((category) => category.specifications)), ...marketplace.uncategorised].map(
    (specification) => specification.id,
  );
}

beforeAll(async () => {
  database = await createEsoTestDatabase();
  lulea = await startDoEmulator({ token: "lulea-do-token-0123456789", domainId: "lulea" });
  const peer = await call(peersApi.collection.POST, {
    method: "POST",
    path: "/api/peers",
    body: { name: "Luleå", endpoint: lulea.url, apiToken: lulea.token, location: { name: "Luleå", latitude: 65.6, longitude: 22.1 }, organization: { name: "Luleå operator" } },
  });
  peerId = peer.body.id;
  const imported = await call(peersApi.import.POST, {
    method: "POST",
    path: `/api/peers/${peerId}/import`,
    params: { id: peerId },
    body: { specificationIds: [remoteId], catalog: { name: "Luleå services" }, category: { name: "Luleå category" } },
  });
  marketplaceId = imported.body.specifications[0].id;
});

afterAll(async () => {
  await lulea?.close();
  await database?.drop();
  await stopTestServer();
});

describe("lifecycle of imported specifications", () => {
  it("rejects ordering a retired specification with 422", async () => {
    await setRemoteStatus("Retired");
    const response = await order();
    expect(response.status).toBe(422);
    expect(response.body.message).toContain(`serviceOrderItem 1: service specification ${marketplaceId}`);
    expect(response.body.message).toContain("is Retired");
    expect(await listedIds()).not.toContain(marketplaceId);
  });

  it("rejects ordering a specification in design with 422", async () => {
    await setRemoteStatus("In design");
    const response = await order();
    expect(response.status).toBe(422);
    expect(response.body.message).toContain("is In design");
    expect(await listedIds()).not.toContain(marketplaceId);
  });

  it("accepts the specification again once it is active", async () => {
    await setRemoteStatus("Active");
    expect(await listedIds()).toContain(marketplaceId);
    const response = await order();
    expect(response.status).toBe(201);
  });
});
