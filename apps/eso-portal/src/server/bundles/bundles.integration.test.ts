import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopTestServer } from "@cop-pilot/db/testing";
import { peersApi } from "../admin/peers-api";
import { schema } from "../db";
import { runOrderProcessorPass } from "../ordering/processor";
import { startDoEmulator, type DoEmulator } from "../testing/do-emulator";
import { call, countRows, createEsoTestDatabase, type EsoTestDatabase } from "../testing/harness";
import { serviceCatalogApi } from "../tmf/service-catalog";
import { cancelServiceOrderHandlers, serviceOrderHandlers } from "../tmf/service-ordering";

// Bundles over three emulated DOs: design through TMF633, ordering split per
// DO, partial and failed outcomes with reasons, modify and delete across
// domains, and cancellation of a running multi-domain order.

const luleaSeismic = "lulea-bemis-multi-sensing-seismic-processing";
const valenciaStack = "valencia-smart-city-stack";
const valenciaAlerts = "valencia-alert-notification";
const macedoniaPests = "central-macedonia-ai-pest-detection";
const macedoniaFleet = "central-macedonia-powerfleet";
const failingRemoteIds = new Set([valenciaAlerts, macedoniaFleet]);

let database: EsoTestDatabase;
const emulators: DoEmulator[] = [];
let lulea: DoEmulator;
let valencia: DoEmulator;
let macedonia: DoEmulator;
/** ESO specification id by the DO's specification id. */
const marketplaceId = new Map<string, string>();
const options = { pollIntervalMs: 0 };
const specificationPath = "/tmf-api/serviceCatalogManagement/v4/serviceSpecification";
const orderPath = "/tmf-api/serviceOrdering/v4/serviceOrder";

type OrderItem = {
  id: string;
  action: string;
  state: string;
  service: { id?: string; serviceSpecification?: { id: string; name?: string }; serviceCharacteristic?: { name: string; value: unknown }[] };
  serviceOrderItem?: OrderItem[];
  errorMessage?: { message: string }[];
};
type Order = { id: string; state: string; serviceOrderItem: OrderItem[]; note?: { text: string }[]; errorMessage?: { message: string; serviceOrderItem: { itemId: string }[] }[] };

async function peerAndImport(emulator: DoEmulator, name: string, remoteIds: string[]) {
  const peer = await call(peersApi.collection.POST, {
    method: "POST",
    path: "/api/peers",
    body: { name, endpoint: emulator.url, apiToken: emulator.token, location: { name, latitude: 40, longitude: 10 }, organization: { name: `${name} operator` } },
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
}

function mapsTo(remoteIds: string[], name: string) {
  return remoteIds.map((remoteId) => ({ relationshipType: "mapsTo", parentSpecificationId: marketplaceId.get(remoteId)!, name }));
}

function bundleBody(name: string, remoteIds: string[], extra: Record<string, unknown> = {}) {
  return {
    name,
    description: `${name} across domains`,
    version: "1.0.0",
    lifecycleStatus: "Active",
    isBundle: true,
    serviceSpecRelationship: remoteIds.map((remoteId) => ({ id: marketplaceId.get(remoteId)!, relationshipType: "hasPart" })),
    specCharacteristic: [
      {
        name: "replicas",
        valueType: "integer",
        configurable: true,
        characteristicValueSpecification: [{ valueType: "integer", value: 2, isDefault: true, valueFrom: 1, valueTo: 10 }],
        charSpecRelationship: mapsTo(remoteIds, "replicas"),
      },
    ],
    ...extra,
  };
}

async function createBundle(body: object) {
  return call(serviceCatalogApi.serviceSpecification.collection.POST, { method: "POST", path: specificationPath, body });
}

async function createdBundle(name: string, remoteIds: string[]): Promise<string> {
  const response = await createBundle(bundleBody(name, remoteIds));
  expect(response.status).toBe(201);
  return response.body.id;
}

async function postOrder(items: object[]) {
  return call(serviceOrderHandlers.collection.POST, { method: "POST", path: orderPath, body: { serviceOrderItem: items } });
}

async function placeOrder(items: object[]): Promise<Order> {
  const response = await postOrder(items);
  expect(response.status).toBe(201);
  return response.body;
}

function addBundle(bundleId: string, characteristics: { name: string; value: unknown }[] = []) {
  return { id: "1", action: "add", service: { serviceSpecification: { id: bundleId }, serviceCharacteristic: characteristics } };
}

async function getOrder(id: string): Promise<Order> {
  const response = await call(serviceOrderHandlers.item.GET, { path: `${orderPath}/${id}`, params: { id } });
  return response.body;
}

async function processUntilFinal(id: string, maxPasses = 10): Promise<Order> {
  for (let pass = 0; pass < maxPasses; pass += 1) {
    await runOrderProcessorPass(database.db, options);
    const order = await getOrder(id);
    if (["completed", "failed", "partial", "cancelled"].includes(order.state)) return order;
  }
  return getOrder(id);
}

async function historyOf(id: string) {
  return database.db.select().from(schema.serviceOrderStateHistory).where(eq(schema.serviceOrderStateHistory.serviceOrderId, id)).orderBy(schema.serviceOrderStateHistory.seq);
}

async function delegationsOf(id: string) {
  return database.db.select().from(schema.serviceOrderDelegation).where(eq(schema.serviceOrderDelegation.serviceOrderId, id));
}

/** Returns the DO order that a delegation of `orderId` created at `emulator`. */
async function remoteOrderAt(emulator: DoEmulator, orderId: string) {
  const delegations = await delegationsOf(orderId);
  const remote = delegations.map((delegation) => emulator.orders.get(delegation.remoteOrderId ?? "")).find((order) => order !== undefined);
  expect(remote).toBeDefined();
  return remote!;
}

beforeAll(async () => {
  database = await createEsoTestDatabase();
  const outcome = (specificationId: string) => (failingRemoteIds.has(specificationId) ? "failed" : "completed") as "failed" | "completed";
  lulea = await startDoEmulator({ token: "lulea-do-token-0123456789", domainId: "lulea", outcome });
  valencia = await startDoEmulator({ token: "valencia-do-token-0123456789", domainId: "valencia", outcome });
  macedonia = await startDoEmulator({ token: "macedonia-do-token-0123456789", domainId: "central-macedonia", outcome });
  emulators.push(lulea, valencia, macedonia);
  await peerAndImport(lulea, "Luleå", [luleaSeismic]);
  await peerAndImport(valencia, "Valencia", [valenciaStack, valenciaAlerts]);
  await peerAndImport(macedonia, "Central Macedonia", [macedoniaPests, macedoniaFleet]);
});

afterAll(async () => {
  for (const emulator of emulators) await emulator.close();
  await database?.drop();
  await stopTestServer();
});

describe("bundle design", () => {
  it("stores a bundle in the multi-domain category", async () => {
    const response = await createBundle(bundleBody("Seismic city", [luleaSeismic, valenciaStack, macedoniaPests]));

    expect(response.status).toBe(201);
    expect(response.body.isBundle).toBe(true);
    expect(response.body.serviceSpecRelationship).toHaveLength(3);
    expect(response.body.serviceSpecRelationship[0]).toMatchObject({ id: marketplaceId.get(luleaSeismic), relationshipType: "hasPart", name: expect.any(String) });
    expect(response.body.category).toContainEqual(expect.objectContaining({ name: "Multi-domain" }));
    const catalogs = await database.db.select().from(schema.serviceCatalog).where(eq(schema.serviceCatalog.name, "End-to-end services"));
    expect(catalogs).toHaveLength(1);
  });

  it.each([
    ["a missing part", { serviceSpecRelationship: [{ id: "no-such-specification" }, { id: "x" }] }, "no service specification imported from a peered domain"],
    ["a single part", { serviceSpecRelationship: [{ id: "only-one" }] }, "at least two parts"],
    [
      "a mapping onto a characteristic that is not configurable",
      {
        specCharacteristic: [{ name: "image", valueType: "string", charSpecRelationship: [{ relationshipType: "mapsTo", parentSpecificationId: "LULEA", name: "artifactName" }] }],
      },
      "is not configurable",
    ],
    ["a characteristic that maps nowhere", { specCharacteristic: [{ name: "replicas", valueType: "integer", charSpecRelationship: [] }] }, "maps onto no part characteristic"],
  ])("rejects a bundle with %s", async (_case, override, message) => {
    const body = bundleBody("Broken bundle", [luleaSeismic, valenciaStack], override) as Record<string, unknown>;
    const serialised = JSON.stringify(body).replaceAll('"LULEA"', JSON.stringify(marketplaceId.get(luleaSeismic)));
    const before = await countRows(database.db);

    const response = await createBundle(JSON.parse(serialised));

    expect([400, 422]).toContain(response.status);
    expect(response.body.message).toContain(message);
    expect(await countRows(database.db)).toEqual(before);
  });

  it("rejects a part that is not active", async () => {
    const id = marketplaceId.get(valenciaStack)!;
    await database.db.update(schema.serviceSpecification).set({ lifecycleStatus: "Retired" }).where(eq(schema.serviceSpecification.id, id));
    try {
      const response = await createBundle(bundleBody("Retired part", [luleaSeismic, valenciaStack]));
      expect(response.status).toBe(422);
      expect(response.body.message).toContain("is Retired");
    } finally {
      await database.db.update(schema.serviceSpecification).set({ lifecycleStatus: "Active" }).where(eq(schema.serviceSpecification.id, id));
    }
  });
});

describe("bundle ordering", () => {
  it("completes when every part completes", async () => {
    const bundleId = await createdBundle("Three domains", [luleaSeismic, valenciaStack, macedoniaPests]);

    const placed = await placeOrder([addBundle(bundleId, [{ name: "replicas", value: 3 }])]);
    const order = await processUntilFinal(placed.id);

    expect(order.state).toBe("completed");
    const bundle = order.serviceOrderItem[0]!;
    expect(bundle.state).toBe("completed");
    expect(bundle.service.id).toEqual(expect.any(String));
    expect(bundle.serviceOrderItem?.map((part) => part.id)).toEqual(["1.1", "1.2", "1.3"]);
    expect(bundle.serviceOrderItem?.map((part) => part.state)).toEqual(["completed", "completed", "completed"]);
    expect(await delegationsOf(placed.id)).toHaveLength(3);
    for (const emulator of [lulea, valencia, macedonia]) {
      const remote = await remoteOrderAt(emulator, placed.id);
      const [item] = remote.request.serviceOrderItem as { action: string; service: { serviceCharacteristic: { name: string; value: unknown }[] } }[];
      expect(item!.action).toBe("add");
      expect(item!.service.serviceCharacteristic).toContainEqual(expect.objectContaining({ name: "replicas", value: 3 }));
      // The part's own defaults travel too.
      expect(item!.service.serviceCharacteristic).toContainEqual(expect.objectContaining({ name: "artifactVersion", value: "1.0.0" }));
    }
  });

  it("uses the bundle default for a value left out", async () => {
    const bundleId = await createdBundle("Defaults", [luleaSeismic, macedoniaPests]);
    const placed = await placeOrder([addBundle(bundleId)]);
    await processUntilFinal(placed.id);
    const remote = await remoteOrderAt(lulea, placed.id);
    const [item] = remote.request.serviceOrderItem as { service: { serviceCharacteristic: { name: string; value: unknown }[] } }[];
    expect(item!.service.serviceCharacteristic).toContainEqual(expect.objectContaining({ name: "replicas", value: 2 }));
  });

  it("goes partial with the reason of the failed part", async () => {
    const bundleId = await createdBundle("One failing", [luleaSeismic, valenciaAlerts, macedoniaPests]);

    const placed = await placeOrder([addBundle(bundleId)]);
    const order = await processUntilFinal(placed.id);

    expect(order.state).toBe("partial");
    const bundle = order.serviceOrderItem[0]!;
    expect(bundle.state).toBe("failed");
    expect(bundle.serviceOrderItem?.map((part) => part.state)).toEqual(["completed", "failed", "completed"]);
    const failedPart = bundle.serviceOrderItem![1]!;
    expect(failedPart.errorMessage?.[0]?.message).toContain(`failed in domain "Valencia"`);
    expect(failedPart.errorMessage?.[0]?.message).toContain(`The emulated cluster failed the add of ${valenciaAlerts}`);
    expect(order.errorMessage?.map((error) => error.serviceOrderItem[0]?.itemId)).toEqual(["1.2"]);
    expect(order.note?.map((note) => note.text)).toContainEqual(expect.stringContaining(`Item 1.2`));
    const history = await historyOf(placed.id);
    expect(history.find((row) => row.detail?.orderItemId === "1.2" && row.detail.itemState === "failed")?.detail?.message).toContain("The emulated cluster failed");
    expect(history.at(-1)?.state).toBe("partial");
  });

  it("fails when every part fails", async () => {
    const bundleId = await createdBundle("All failing", [valenciaAlerts, macedoniaFleet]);

    const order = await processUntilFinal((await placeOrder([addBundle(bundleId)])).id);

    expect(order.state).toBe("failed");
    expect(order.errorMessage?.map((error) => error.serviceOrderItem[0]?.itemId).sort()).toEqual(["1.1", "1.2"]);
    expect(order.serviceOrderItem[0]?.service.id).toBeUndefined();
  });

  it("rejects a bundle value outside its allowed range", async () => {
    const bundleId = await createdBundle("Range", [luleaSeismic, valenciaStack]);
    const before = await countRows(database.db);

    const response = await postOrder([addBundle(bundleId, [{ name: "replicas", value: 40 }])]);

    expect(response.status).toBe(400);
    expect(response.body.message).toContain("replicas must be at most 10");
    expect(await countRows(database.db)).toEqual(before);
  });
});

describe("modify and delete across domains", () => {
  async function completedBundleService(name: string): Promise<{ serviceId: string; orderId: string }> {
    const bundleId = await createdBundle(name, [luleaSeismic, valenciaStack, macedoniaPests]);
    const order = await processUntilFinal((await placeOrder([addBundle(bundleId)])).id);
    expect(order.state).toBe("completed");
    return { serviceId: order.serviceOrderItem[0]!.service.id!, orderId: order.id };
  }

  it("modifies every part of a bundle service", async () => {
    const { serviceId, orderId } = await completedBundleService("Scaled bundle");
    const added = await getOrder(orderId);
    const partServices = added.serviceOrderItem[0]!.serviceOrderItem!.map((part) => part.service.id!);

    const placed = await placeOrder([{ id: "1", action: "modify", service: { id: serviceId, serviceCharacteristic: [{ name: "replicas", value: 5 }] } }]);
    const order = await processUntilFinal(placed.id);

    expect(order.state).toBe("completed");
    expect(order.serviceOrderItem[0]?.serviceOrderItem?.map((part) => part.action)).toEqual(["modify", "modify", "modify"]);
    const services = [lulea, valencia, macedonia].map((emulator) => partServices.map((id) => emulator.services.get(id)).find(Boolean));
    for (const service of services) {
      expect(service?.serviceCharacteristic).toContainEqual(expect.objectContaining({ name: "replicas", value: 5 }));
      expect(service?.state).toBe("active");
    }
  });

  it.each([
    ["a characteristic that is not configurable", [{ name: "artifactName", value: "other" }], 422, "artifactName is not a characteristic"],
    ["a value outside the allowed range", [{ name: "replicas", value: 99 }], 422, "replicas must be at most 10"],
    ["no change at all", [], 400, "needs at least one service.serviceCharacteristic"],
  ])("rejects a bundle modify with %s", async (_case, characteristics, status, message) => {
    const { serviceId } = await completedBundleService(`Rejected modify ${message}`);
    const before = await countRows(database.db);

    const response = await postOrder([{ id: "1", action: "modify", service: { id: serviceId, serviceCharacteristic: characteristics } }]);

    expect(response.status).toBe(status);
    expect(response.body.message).toContain(message);
    expect(await countRows(database.db)).toEqual(before);
  });

  it("rejects changing a characteristic of a plain service that is not configurable", async () => {
    const order = await processUntilFinal((await placeOrder([{ id: "1", action: "add", service: { serviceSpecification: { id: marketplaceId.get(luleaSeismic)! } } }])).id);
    const serviceId = order.serviceOrderItem[0]!.service.id!;

    const response = await postOrder([{ id: "1", action: "modify", service: { id: serviceId, serviceCharacteristic: [{ name: "artifactName", value: "other" }] } }]);

    expect(response.status).toBe(422);
    expect(response.body.message).toContain("artifactName is not configurable");
  });

  it("modifies a plain service at the DO that hosts it", async () => {
    const added = await processUntilFinal((await placeOrder([{ id: "1", action: "add", service: { serviceSpecification: { id: marketplaceId.get(valenciaStack)! } } }])).id);
    const serviceId = added.serviceOrderItem[0]!.service.id!;

    const placed = await placeOrder([{ id: "7", action: "modify", service: { id: serviceId, serviceCharacteristic: [{ name: "artifactVersion", value: "1.1.0" }] } }]);
    const order = await processUntilFinal(placed.id);

    expect(order.state).toBe("completed");
    const delegations = await delegationsOf(placed.id);
    expect(delegations.map((delegation) => delegation.peerName)).toEqual(["Valencia"]);
    expect(valencia.services.get(serviceId)?.serviceCharacteristic).toContainEqual(expect.objectContaining({ name: "artifactVersion", value: "1.1.0" }));
  });

  it("deletes every part of a bundle service and then rejects changes to it", async () => {
    const { serviceId, orderId } = await completedBundleService("Deleted bundle");
    const partServices = (await getOrder(orderId)).serviceOrderItem[0]!.serviceOrderItem!.map((part) => part.service.id!);

    const order = await processUntilFinal((await placeOrder([{ id: "1", action: "delete", service: { id: serviceId } }])).id);

    expect(order.state).toBe("completed");
    expect(order.serviceOrderItem[0]?.state).toBe("completed");
    const states = partServices.map((id) => [lulea, valencia, macedonia].map((emulator) => emulator.services.get(id)).find(Boolean)?.state);
    expect(states).toEqual(["terminated", "terminated", "terminated"]);

    const again = await postOrder([{ id: "1", action: "modify", service: { id: serviceId, serviceCharacteristic: [{ name: "replicas", value: 4 }] } }]);
    expect(again.status).toBe(422);
    expect(again.body.message).toContain("is terminated");
  });

  it("rejects a service that no ESO order brought up", async () => {
    const response = await postOrder([{ id: "1", action: "delete", service: { id: "not-a-service" } }]);
    expect(response.status).toBe(422);
    expect(response.body.message).toContain("was not brought up by an order of this ESO");
  });
});

describe("multi-domain cancellation", () => {
  it("cancels the running parts and reports the completed one", async () => {
    const bundleId = await createdBundle("Cancelled bundle", [luleaSeismic, valenciaStack, macedoniaPests]);
    const placed = await placeOrder([addBundle(bundleId)]);
    await runOrderProcessorPass(database.db, options);
    // Luleå finishes its part before the cancellation arrives; the other DOs are still deploying.
    const luleaOrder = await remoteOrderAt(lulea, placed.id);
    luleaOrder.state = "completed";
    for (const item of luleaOrder.serviceOrderItem) {
      item.state = "completed";
      item.service = { ...item.service, id: "lulea-running-service" };
    }
    await runOrderProcessorPass(database.db, options);

    const cancel = await call(cancelServiceOrderHandlers.collection.POST, {
      method: "POST",
      path: "/tmf-api/serviceOrdering/v4/cancelServiceOrder",
      body: { serviceOrder: { id: placed.id }, cancellationReason: "event moved" },
    });
    expect(cancel.status).toBe(201);
    const order = await processUntilFinal(placed.id);

    expect(order.state).toBe("cancelled");
    expect(order.serviceOrderItem[0]?.serviceOrderItem?.map((part) => part.state)).toEqual(["completed", "cancelled", "cancelled"]);
    expect(lulea.cancelRequests).not.toContain(luleaOrder.id);
    expect(valencia.cancelRequests).toContain((await remoteOrderAt(valencia, placed.id)).id);
    expect(macedonia.cancelRequests).toContain((await remoteOrderAt(macedonia, placed.id)).id);
    expect(order.note?.map((note) => note.text)).toContainEqual(expect.stringContaining("1.1"));
    expect(order.note?.map((note) => note.text)).toContainEqual(expect.stringContaining("lulea-running-service"));
  });
});
