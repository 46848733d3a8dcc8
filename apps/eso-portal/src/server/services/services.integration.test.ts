import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { ServiceOrderCreate } from "@cop-pilot/tmf-schemas";
import type { Principal } from "@cop-pilot/tmf-server";
import { stopTestServer } from "@cop-pilot/db/testing";
import { peersApi } from "../admin/peers-api";
import { schema } from "../db";
import { placeServiceOrder } from "../ordering/place-order";
import { runOrderProcessorPass } from "../ordering/processor";
import { startDoEmulator, type DoEmulator } from "../testing/do-emulator";
import { call, countRows, createEsoTestDatabase, testBaseUrl, type EsoTestDatabase } from "../testing/harness";
import { serviceOrderHandlers } from "../tmf/service-ordering";
import { loadServiceConfiguration, requestServiceChange, requestServiceTermination } from "./changes";
import { listServices, loadServiceDetail } from "./inventory";

// "My services" over an emulated Luleå DO: the services listed per user,
// reconfiguration within and outside the allowed values, and termination.
// The DO's own handling of the changes in its cluster is tested in the
// do-portal's service-changes tests, on both cluster drivers.

const seismic = "lulea-bemis-multi-sensing-seismic-processing";
const orderPath = "/tmf-api/serviceOrdering/v4/serviceOrder";

let database: EsoTestDatabase;
let lulea: DoEmulator;
let specificationId: string;

function user(id: string, role: "customer" | "platformAdmin"): Principal {
  return { kind: "user", id, name: `User ${id}`, email: `${id}@cop-pilot.test`, role, organizationId: null };
}

const alice = user("alice", "customer");
const bob = user("bob", "customer");
const admin = user("admin", "platformAdmin");

type Order = { id: string; state: string; serviceOrderItem: { service: { id?: string } }[] };

async function processUntilFinal(id: string): Promise<Order> {
  for (let pass = 0; pass < 10; pass += 1) {
    await runOrderProcessorPass(database.db, { pollIntervalMs: 0 });
    const response = await call(serviceOrderHandlers.item.GET, { path: `${orderPath}/${id}`, params: { id } });
    if (["completed", "failed", "partial", "cancelled"].includes(response.body.state)) return response.body;
  }
  throw new Error(`order ${id} did not end within 10 processor passes`);
}

/** Orders the seismic service as `principal` and returns the DO service id once the order completed. */
async function orderService(principal: Principal, characteristics: { name: string; value: unknown }[] = []): Promise<string> {
  const input: ServiceOrderCreate = {
    serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: specificationId }, serviceCharacteristic: characteristics } }],
  } as ServiceOrderCreate;
  const { order } = await placeServiceOrder(database.db, input, { principal, baseUrl: testBaseUrl });
  const done = await processUntilFinal(order.id);
  expect(done.state).toBe("completed");
  return done.serviceOrderItem[0]!.service.id!;
}

function valueOf(characteristics: { name: string; value: unknown }[] | undefined, name: string): unknown {
  return characteristics?.find((characteristic) => characteristic.name === name)?.value;
}

beforeAll(async () => {
  database = await createEsoTestDatabase();
  lulea = await startDoEmulator({ token: "lulea-do-token-0123456789", domainId: "lulea" });
  const peer = await call(peersApi.collection.POST, {
    method: "POST",
    path: "/api/peers",
    body: { name: "Luleå", endpoint: lulea.url, apiToken: lulea.token, location: { name: "Luleå", latitude: 65.6, longitude: 22.1 }, organization: { name: "Luleå operator" } },
  });
  expect(peer.status).toBe(201);
  const imported = await call(peersApi.import.POST, {
    method: "POST",
    path: `/api/peers/${peer.body.id}/import`,
    params: { id: peer.body.id },
    body: { specificationIds: [seismic], catalog: { name: "Luleå services" }, category: { name: "Mining" } },
  });
  expect(imported.status).toBe(200);
  specificationId = imported.body.specifications[0].id;
});

afterAll(async () => {
  await lulea?.close();
  await database?.drop();
  await stopTestServer();
});

describe("service list", () => {
  it("shows each customer only their own services", async () => {
    const aliceService = await orderService(alice);
    const bobService = await orderService(bob);

    const aliceIds = (await listServices(database.db, alice)).map((service) => service.id);
    const bobIds = (await listServices(database.db, bob)).map((service) => service.id);

    expect(aliceIds).toContain(aliceService);
    expect(aliceIds).not.toContain(bobService);
    expect(bobIds).toContain(bobService);
    expect(bobIds).not.toContain(aliceService);
  });

  it("shows a platform admin every service, or their own", async () => {
    const aliceService = await orderService(alice);

    const all = await listServices(database.db, admin);
    const mine = await listServices(database.db, admin, { scope: "mine" });

    expect(all.map((service) => service.id)).toContain(aliceService);
    expect(mine).toEqual([]);
  });

  it("names domain, specification, values and requester", async () => {
    const serviceId = await orderService(alice, [{ name: "replicas", value: 2 }]);

    const [service] = (await listServices(database.db, alice, { domain: "Luleå" })).filter((candidate) => candidate.id === serviceId);

    expect(service?.domains).toEqual(["Luleå"]);
    expect(service?.specification).toMatchObject({ id: specificationId, name: "BEMIS Multi-sensing Seismic Processing", version: "1.0.0" });
    expect(service?.state).toBe("active");
    expect(valueOf(service?.characteristics, "replicas")).toBe(2);
    expect(service?.requester).toBe("User alice");
    expect(await listServices(database.db, alice, { domain: "Valencia" })).toEqual([]);
  });

  it("hides another customer's service detail", async () => {
    const serviceId = await orderService(alice);

    await expect(loadServiceDetail(database.db, bob, serviceId)).rejects.toMatchObject({ status: 404 });
  });
});

describe("reconfiguration", () => {
  it("changes replicas, a configuration value and the version at the DO", async () => {
    const serviceId = await orderService(alice, [{ name: "replicas", value: 1 }]);
    const requestsBefore = lulea.orderRequests;

    const result = await requestServiceChange(database.db, alice, testBaseUrl, serviceId, {
      replicas: "3",
      staLtaTriggerRatio: "6.5",
      artifactVersion: "1.2.0",
      samplingRateHz: "500",
    });

    expect(result).toHaveProperty("serviceOrderId");
    const orderId = (result as { serviceOrderId: string }).serviceOrderId;
    const pending = await loadServiceDetail(database.db, alice, serviceId);
    expect(pending.service.pendingChange).toMatchObject({ serviceOrderId: orderId, action: "modify" });
    expect((await processUntilFinal(orderId)).state).toBe("completed");
    expect(lulea.orderRequests).toBe(requestsBefore + 1);
    const remote = [...lulea.orders.values()].find((order) => order.externalId === orderId);
    // The unchanged samplingRateHz is left out of the order.
    expect(remote?.serviceOrderItem[0]?.service.serviceCharacteristic?.map((characteristic) => characteristic.name).sort()).toEqual([
      "artifactVersion",
      "replicas",
      "staLtaTriggerRatio",
    ]);
    const atDomain = lulea.services.get(serviceId)?.serviceCharacteristic;
    expect(valueOf(atDomain, "replicas")).toBe(3);
    expect(valueOf(atDomain, "staLtaTriggerRatio")).toBe(6.5);
    expect(valueOf(atDomain, "artifactVersion")).toBe("1.2.0");

    const { service, history } = await loadServiceDetail(database.db, alice, serviceId);
    expect(service.pendingChange).toBeUndefined();
    expect(valueOf(service.characteristics, "replicas")).toBe(3);
    expect(valueOf(service.characteristics, "staLtaTriggerRatio")).toBe(6.5);
    expect(valueOf(service.characteristics, "artifactVersion")).toBe("1.2.0");
    expect(service.lastChange).toMatchObject({ serviceOrderId: orderId, action: "modify" });
    expect(history.map((entry) => [entry.action, entry.state])).toEqual([
      ["modify", "completed"],
      ["add", "completed"],
    ]);
  });

  it.each([
    ["a replica count above the range", { replicas: "11" }, "replicas", "replicas must be at most 10"],
    ["a value outside the allowed values", { samplingRateHz: "300" }, "samplingRateHz", "samplingRateHz must be one of 250, 500, 1000"],
    ["a characteristic that is not configurable", { artifactName: "other-image" }, "artifactName", "artifactName is not configurable"],
    ["a version that is not an OCI tag", { artifactVersion: "-bad tag" }, "artifactVersion", "artifactVersion must match the pattern"],
    ["an unknown characteristic", { colour: "red" }, "colour", "colour is not a characteristic"],
  ])("rejects %s on its field and sends nothing", async (_case, values, field, message) => {
    const serviceId = await orderService(alice);
    const rowsBefore = await countRows(database.db);
    const requestsBefore = lulea.orderRequests;

    const result = await requestServiceChange(database.db, alice, testBaseUrl, serviceId, values);

    expect(result).not.toHaveProperty("serviceOrderId");
    expect((result as { fieldErrors: Record<string, string> }).fieldErrors[field]).toContain(message);
    expect(await countRows(database.db)).toEqual(rowsBefore);
    expect(lulea.orderRequests).toBe(requestsBefore);
  });

  it.each([
    ["a characteristic that is not configurable", [{ name: "targetCluster", value: "elsewhere" }], "targetCluster is not configurable"],
    ["a value outside the range", [{ name: "replicas", value: 0 }], "replicas must be at least 1"],
  ])("answers a TMF641 modify with %s with 422", async (_case, serviceCharacteristic, message) => {
    const serviceId = await orderService(alice);
    const rowsBefore = await countRows(database.db);

    const response = await call(serviceOrderHandlers.collection.POST, {
      method: "POST",
      path: orderPath,
      body: { serviceOrderItem: [{ id: "1", action: "modify", service: { id: serviceId, serviceCharacteristic } }] },
    });

    expect(response.status).toBe(422);
    expect(response.body.message).toContain(message);
    expect(await countRows(database.db)).toEqual(rowsBefore);
  });

  it("reports an unchanged form without placing an order", async () => {
    const serviceId = await orderService(alice, [{ name: "replicas", value: 2 }]);
    const rowsBefore = await countRows(database.db);

    const result = await requestServiceChange(database.db, alice, testBaseUrl, serviceId, { replicas: "2" });

    expect(result).toMatchObject({ error: expect.stringContaining("No characteristic changed") });
    expect(await countRows(database.db)).toEqual(rowsBefore);
  });

  it("rejects a second change while one is open", async () => {
    const serviceId = await orderService(alice);
    const first = await requestServiceChange(database.db, alice, testBaseUrl, serviceId, { replicas: "2" });
    expect(first).toHaveProperty("serviceOrderId");

    const second = await requestServiceChange(database.db, alice, testBaseUrl, serviceId, { replicas: "4" });

    expect(second).toMatchObject({ error: expect.stringContaining("is being changed by service order") });
    await processUntilFinal((first as { serviceOrderId: string }).serviceOrderId);
  });

  it("accepts one of three simultaneous TMF641 modify orders and answers the others with 409", async () => {
    const serviceId = await orderService(alice);
    const requestsBefore = lulea.orderRequests;
    const modify = (replicas: number) =>
      call(serviceOrderHandlers.collection.POST, {
        method: "POST",
        path: orderPath,
        body: { serviceOrderItem: [{ id: "1", action: "modify", service: { id: serviceId, serviceCharacteristic: [{ name: "replicas", value: replicas }] } }] },
      });

    const responses = await Promise.all([modify(6), modify(7), modify(8)]);

    const accepted = responses.filter((response) => response.status === 201);
    const refused = responses.filter((response) => response.status === 409);
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(2);
    for (const response of refused) expect(response.body.message).toContain(`is being changed by service order ${accepted[0]!.body.id}`);
    expect((await processUntilFinal(accepted[0]!.body.id)).state).toBe("completed");
    expect(lulea.orderRequests).toBe(requestsBefore + 1);
  });

  it("accepts one of two simultaneous TMF641 delete orders", async () => {
    const serviceId = await orderService(alice);
    const remove = () => call(serviceOrderHandlers.collection.POST, { method: "POST", path: orderPath, body: { serviceOrderItem: [{ id: "1", action: "delete", service: { id: serviceId } }] } });

    const responses = await Promise.all([remove(), remove()]);

    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    await processUntilFinal(responses.find((response) => response.status === 201)!.body.id);
  });

  it("rejects changing another customer's service", async () => {
    const serviceId = await orderService(alice);
    const rowsBefore = await countRows(database.db);

    const fromPortal = await requestServiceChange(database.db, bob, testBaseUrl, serviceId, { replicas: "2" });
    const fromApi = await placeServiceOrder(
      database.db,
      { serviceOrderItem: [{ id: "1", action: "modify", service: { id: serviceId, serviceCharacteristic: [{ name: "replicas", value: 2 }] } }] } as ServiceOrderCreate,
      { principal: bob, baseUrl: testBaseUrl },
    ).catch((error: unknown) => error);

    expect(fromPortal).toMatchObject({ error: expect.stringContaining("does not exist") });
    expect(fromApi).toMatchObject({ status: 422, message: expect.stringContaining("was not brought up by an order of this ESO") });
    expect(await countRows(database.db)).toEqual(rowsBefore);
  });

  it("rejects changing a customer-facing service", async () => {
    const serviceId = await orderService(alice);
    const [stored] = await database.db.select().from(schema.serviceSpecification).where(eq(schema.serviceSpecification.id, specificationId));
    // The emulated DO offers no designed specifications, so the marketplace copy is turned into a CFS for this test and restored after it.
    await database.db
      .update(schema.serviceSpecification)
      .set({ document: { ...stored!.document, "@type": "CustomerFacingServiceSpecification" } })
      .where(eq(schema.serviceSpecification.id, specificationId));
    try {
      const rowsBefore = await countRows(database.db);
      const configuration = await loadServiceConfiguration(database.db, alice, serviceId);
      const result = await requestServiceChange(database.db, alice, testBaseUrl, serviceId, { replicas: "2" });

      expect(configuration.customerFacing).toBe(true);
      expect(result).toMatchObject({ error: expect.stringContaining("cannot be changed as a whole") });
      expect(await countRows(database.db)).toEqual(rowsBefore);
    } finally {
      await database.db.update(schema.serviceSpecification).set({ document: stored!.document }).where(eq(schema.serviceSpecification.id, specificationId));
    }
    expect((await loadServiceConfiguration(database.db, alice, serviceId)).customerFacing).toBe(false);
  });

  it("marks which characteristics may change", async () => {
    const serviceId = await orderService(alice);

    const { characteristics } = await loadServiceConfiguration(database.db, alice, serviceId);
    const configurable = Object.fromEntries(characteristics.map((characteristic) => [characteristic.specification.name, characteristic.configurable]));

    expect(configurable).toMatchObject({ replicas: true, artifactVersion: true, staLtaTriggerRatio: true, artifactName: false, targetCluster: false });
  });
});

describe("termination", () => {
  it("terminates the service at the DO and in the ESO view", async () => {
    const serviceId = await orderService(alice);

    const result = await requestServiceTermination(database.db, alice, testBaseUrl, serviceId);

    expect(result).toHaveProperty("serviceOrderId");
    expect((await processUntilFinal((result as { serviceOrderId: string }).serviceOrderId)).state).toBe("completed");
    expect(lulea.services.get(serviceId)?.state).toBe("terminated");
    const { service, history } = await loadServiceDetail(database.db, alice, serviceId);
    expect(service.state).toBe("terminated");
    expect(history[0]).toMatchObject({ action: "delete", state: "completed" });
    expect((await listServices(database.db, alice)).map((entry) => entry.id)).not.toContain(serviceId);
    expect((await listServices(database.db, alice, { state: "terminated" })).map((entry) => entry.id)).toContain(serviceId);
  });

  it("rejects changing a terminated service", async () => {
    const serviceId = await orderService(alice);
    const terminated = await requestServiceTermination(database.db, alice, testBaseUrl, serviceId);
    await processUntilFinal((terminated as { serviceOrderId: string }).serviceOrderId);

    const change = await requestServiceChange(database.db, alice, testBaseUrl, serviceId, { replicas: "2" });
    const again = await requestServiceTermination(database.db, alice, testBaseUrl, serviceId);

    expect(change).toMatchObject({ error: expect.stringContaining("is terminated") });
    expect(again).toMatchObject({ error: expect.stringContaining("is terminated") });
  });
});

describe("identity characteristics", () => {
  it.each([
    ["artifactRegistry", "oci://evil.example/charts"],
    ["artifactName", "miner"],
  ])("answers a TMF641 add that sets %s with 422", async (name, value) => {
    const rowsBefore = await countRows(database.db);
    const requestsBefore = lulea.orderRequests;

    const response = await call(serviceOrderHandlers.collection.POST, {
      method: "POST",
      path: orderPath,
      body: { serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: specificationId }, serviceCharacteristic: [{ name, value }] } }] },
    });

    expect(response.status).toBe(422);
    expect(response.body.message).toContain(`${name} is fixed by the specification`);
    expect(await countRows(database.db)).toEqual(rowsBefore);
    expect(lulea.orderRequests).toBe(requestsBefore);
  });

  it("accepts an add that repeats the specification's artifactName", async () => {
    const [row] = await database.db.select({ document: schema.serviceSpecification.document }).from(schema.serviceSpecification).where(eq(schema.serviceSpecification.id, specificationId));
    const characteristics = row!.document.specCharacteristic as { name: string; characteristicValueSpecification?: { isDefault?: boolean; value?: unknown }[] }[];
    const artifactName = characteristics.find((entry) => entry.name === "artifactName")!.characteristicValueSpecification!.find((entry) => entry.isDefault)!.value;

    const serviceId = await orderService(alice, [{ name: "artifactName", value: artifactName }]);

    expect(serviceId).toBeTruthy();
  });
});
