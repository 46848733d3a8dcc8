import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSchemaRecorder } from "@cop-pilot/conformance/schemas";
import { stopTestServer } from "@cop-pilot/db/testing";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { peersApi } from "../admin/peers-api";
import { checkAllPeers } from "../peering/availability";
import { startDoEmulator, type DoEmulator } from "../testing/do-emulator";
import { call, createEsoTestDatabase, testApiToken, testBaseUrl, type EsoTestDatabase } from "../testing/harness";
import { domainCapacityHandlers, domainCapacityResourceId } from "../tmf/resource-inventory";
import { clearDomainCapacityCache } from "./domain-capacity";

// The capacity that peered DOs report on their cluster controller, read by
// the ESO and served as TMF639 resources, one per domain.

const resourcePath = `${tmfApiPaths.resourceInventory}/resource`;
let database: EsoTestDatabase;
let reporting: DoEmulator;
let silent: DoEmulator;
const peerIds: Record<"reporting" | "silent", string> = { reporting: "", silent: "" };

async function peer(target: DoEmulator, name: string): Promise<string> {
  const response = await call(peersApi.collection.POST, {
    method: "POST",
    path: "/api/peers",
    body: { name, endpoint: target.url, apiToken: target.token, location: { name, latitude: 1, longitude: 2 }, organization: { name } },
  });
  expect(response.status).toBe(201);
  return response.body.id;
}

async function listCapacities(query = "") {
  return call(domainCapacityHandlers.collection.GET, { path: `${resourcePath}${query}` });
}

function characteristic(resource: { resourceCharacteristic: { name: string; value: unknown }[] }, name: string): unknown {
  return resource.resourceCharacteristic.find((entry) => entry.name === name)?.value;
}

beforeAll(async () => {
  database = await createEsoTestDatabase();
  process.env.DOMAIN_CAPACITY_CACHE_MS = "60000";
  reporting = await startDoEmulator({ token: "reporting-token-0123456789", domainId: "lulea" });
  silent = await startDoEmulator({ token: "silent-token-0123456789", domainId: "valencia" });
  silent.replicasAvailable = null;
  peerIds.reporting = await peer(reporting, "Luleå");
  peerIds.silent = await peer(silent, "Valencia");
});

beforeEach(() => {
  clearDomainCapacityCache();
  reporting.available = true;
  reporting.replicasAvailable = 31;
});

afterAll(async () => {
  await reporting?.close();
  await silent?.close();
  await database?.drop();
  await stopTestServer();
});

describe("domain capacity resources", () => {
  it("lists the capacity of each domain", async () => {
    const response = await listCapacities();

    expect(response.status).toBe(200);
    expect(response.headers.get("x-total-count")).toBe("2");
    const lulea = response.body.find((resource: { id: string }) => resource.id === domainCapacityResourceId(peerIds.reporting));
    expect(lulea).toMatchObject({ "@type": "LogicalResource", category: "Domain capacity", resourceStatus: "available", name: "Luleå capacity" });
    expect(characteristic(lulea, "capacityStatus")).toBe("reported");
    expect(characteristic(lulea, "replicasAvailable")).toBe(31);
    expect(characteristic(lulea, "cpuAllocatable")).toBe(7.8);
    expect(characteristic(lulea, "domainId")).toBe(peerIds.reporting);
  });

  it("marks a domain without a report", async () => {
    const response = await call(domainCapacityHandlers.item.GET, { path: `${resourcePath}/${domainCapacityResourceId(peerIds.silent)}`, params: { id: domainCapacityResourceId(peerIds.silent) } });

    expect(response.status).toBe(200);
    expect(response.body.resourceStatus).toBe("unknown");
    expect(characteristic(response.body, "capacityStatus")).toBe("notReported");
    expect(characteristic(response.body, "replicasAvailable")).toBeUndefined();
    expect(response.body.description).toContain("publishes no available capacity");
  });

  it("reuses a report within the cache age", async () => {
    await listCapacities();
    reporting.replicasAvailable = 4;

    const cached = await listCapacities("?category=Domain%20capacity");
    clearDomainCapacityCache();
    const fresh = await listCapacities();

    const lulea = (body: { id: string }[]) => body.find((resource) => resource.id === domainCapacityResourceId(peerIds.reporting)) as never;
    expect(characteristic(lulea(cached.body), "replicasAvailable")).toBe(31);
    expect(characteristic(lulea(fresh.body), "replicasAvailable")).toBe(4);
  });

  it("refreshes reports in the availability check", async () => {
    await listCapacities();
    reporting.replicasAvailable = 7;

    await checkAllPeers(database.db);
    const response = await listCapacities();

    const lulea = response.body.find((resource: { id: string }) => resource.id === domainCapacityResourceId(peerIds.reporting));
    expect(characteristic(lulea, "replicasAvailable")).toBe(7);
  });

  it("reports an unreachable domain", async () => {
    reporting.available = false;
    await checkAllPeers(database.db);

    const response = await listCapacities("?resourceStatus=unknown");
    reporting.available = true;
    await checkAllPeers(database.db);

    expect(response.body.map((resource: { id: string }) => resource.id).sort()).toEqual([domainCapacityResourceId(peerIds.reporting), domainCapacityResourceId(peerIds.silent)].sort());
    const lulea = response.body.find((resource: { id: string }) => resource.id === domainCapacityResourceId(peerIds.reporting));
    expect(lulea.operationalState).toBe("disable");
    expect(characteristic(lulea, "capacityStatus")).toBe("unreachable");
    expect(lulea.description).toContain(reporting.url);
  });

  it("selects fields and filters", async () => {
    const response = await listCapacities(`?fields=name&relatedParty.name=Valencia`);

    expect(response.body).toEqual([{ id: domainCapacityResourceId(peerIds.silent), href: expect.any(String), "@type": "LogicalResource", name: "Valencia capacity" }]);
  });

  it.each([
    ["an unknown resource", "GET", `${resourcePath}/domain-capacity-none`, 404, "notFound"],
    ["a range filter", "GET", `${resourcePath}?lastUpdate.gt=2020-01-01`, 400, "invalidQuery"],
    ["a bad limit", "GET", `${resourcePath}?limit=-1`, 400, "invalidQuery"],
  ])("rejects %s", async (_case, method, path, status, code) => {
    const handler = path.includes("domain-capacity-none") ? domainCapacityHandlers.item.GET : domainCapacityHandlers.collection.GET;
    const response = await call(handler as never, { method, path, params: { id: "domain-capacity-none" } });

    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
  });

  it("matches the official TMF639 schema", async () => {
    const recorder = createSchemaRecorder();
    const headers = { authorization: `Bearer ${testApiToken}` };
    const id = domainCapacityResourceId(peerIds.reporting);
    const listRequest = new Request(`${testBaseUrl}${resourcePath}`, { headers });
    const itemRequest = new Request(`${testBaseUrl}${resourcePath}/${id}`, { headers });

    const list = await domainCapacityHandlers.collection.GET(listRequest, { params: Promise.resolve({}) as never });
    const item = await domainCapacityHandlers.item.GET(itemRequest, { params: Promise.resolve({ id }) });

    expect(await recorder.check(listRequest, list)).toBeUndefined();
    expect(await recorder.check(itemRequest, item)).toBeUndefined();
  });

  it("requires credentials", async () => {
    const response = await call(domainCapacityHandlers.collection.GET, { path: resourcePath, token: null });

    expect(response.status).toBe(401);
  });
});
