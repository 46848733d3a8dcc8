import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bmpSchema } from "@cop-pilot/db";
import { defaultCharacteristicValues, findSpecification, getDomain } from "@cop-pilot/service-library";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { startHarness, type Caller, type Harness } from "../testing/harness";
import { processProductOrder } from "./processor";

const catalogBase = tmfApiPaths.productCatalog;
const orderingBase = tmfApiPaths.productOrdering;
const seismicService = "eso-bemis-multi-sensing-seismic-processing";

let harness: Harness;
let launchedOffering: { id: string; name: string };
let designedOffering: { id: string };
let choiceOffering: { id: string };

beforeAll(async () => {
  harness = await startHarness();
  const specification = await harness.call("POST", `${catalogBase}/productSpecification`, {
    body: { name: "Seismic processing", serviceSpecification: [{ id: seismicService }] },
  });
  const offering = await harness.call("POST", `${catalogBase}/productOffering`, {
    body: { name: "Seismic processing", lifecycleStatus: "Launched", productSpecification: { id: specification.body.id }, productOfferingPrice: [{ name: "Set-up fee", priceType: "oneTime", price: { unit: "EUR", value: 500 } }] },
  });
  launchedOffering = offering.body;
  const designed = await harness.call("POST", `${catalogBase}/productOffering`, { body: { name: "Not yet", productSpecification: { id: specification.body.id } } });
  designedOffering = designed.body;
  const choice = await harness.call("POST", `${catalogBase}/productOffering`, {
    body: {
      name: "Seismic processing, two sampling rates",
      lifecycleStatus: "Launched",
      productSpecification: { id: specification.body.id },
      prodSpecCharValueUse: [{ name: "replicas" }, { name: "samplingRateHz", productSpecCharacteristicValue: [{ value: 250 }, { value: 500, isDefault: true }] }],
    },
  });
  choiceOffering = choice.body;
});

afterAll(async () => {
  await harness?.close();
});

function orderBody(characteristics?: { name: string; value: unknown }[], offeringId = launchedOffering.id) {
  return {
    productOrderItem: [
      {
        id: "1",
        action: "add",
        productOffering: { id: offeringId },
        ...(characteristics ? { product: { productCharacteristic: characteristics } } : {}),
      },
    ],
  };
}

async function placeOrder(as: Caller = "customer", body: unknown = orderBody(), headers?: Record<string, string>) {
  const response = await harness.call("POST", `${orderingBase}/productOrder`, { as, body, headers });
  expect(response.status).toBe(201);
  return response.body;
}

async function storedOrder(id: string) {
  const [row] = await harness.database.db.select().from(bmpSchema.productOrder).where(eq(bmpSchema.productOrder.id, id));
  return row!;
}

async function historyOf(id: string) {
  return harness.database.db
    .select()
    .from(bmpSchema.productOrderStateHistory)
    .where(eq(bmpSchema.productOrderStateHistory.productOrderId, id))
    .orderBy(bmpSchema.productOrderStateHistory.seq);
}

function esoOrdersFor(productOrderId: string) {
  return [...harness.eso.orders.values()].filter((order) => order.externalId === productOrderId);
}

async function rowCounts() {
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries({
    productOrder: bmpSchema.productOrder,
    history: bmpSchema.productOrderStateHistory,
    cancelProductOrder: bmpSchema.cancelProductOrder,
  })) {
    const [row] = await harness.database.db.select({ value: count() }).from(table);
    counts[name] = row?.value ?? 0;
  }
  return counts;
}

describe("product order", () => {
  it("names only the offering and gets every default", async () => {
    const order = await placeOrder();
    const library = findSpecification("bemis-multi-sensing-seismic-processing")!;
    const defaults = defaultCharacteristicValues(library, getDomain("lulea"));

    expect(order.state).toBe("acknowledged");
    expect(order.orderDate).toEqual(expect.any(String));
    expect(order.productOrderItem[0].state).toBe("acknowledged");
    const stored = Object.fromEntries(order.productOrderItem[0].product.productCharacteristic.map((entry: { name: string; value: unknown }) => [entry.name, entry.value]));
    expect(stored).toEqual(defaults);
    expect((await storedOrder(order.id)).customerId).toBe(harness.userIds.customer);

    await harness.processOrders(1);

    const placed = esoOrdersFor(order.id);
    expect(placed).toHaveLength(1);
    const serviceOrder = placed[0]!;
    expect(serviceOrder.serviceOrderItem).toHaveLength(1);
    const item = serviceOrder.serviceOrderItem[0]!;
    expect(item.service.serviceSpecification?.id).toBe(seismicService);
    expect(Object.fromEntries(item.service.serviceCharacteristic!.map((entry) => [entry.name, entry.value]))).toEqual(defaults);
    const post = harness.eso.requests.find((request) => request.method === "POST" && (request.body as { externalId?: string } | undefined)?.externalId === order.id);
    expect(post?.idempotencyKey).toBe(order.id);
  });

  it("mirrors the ESO order to completed with history", async () => {
    const order = await placeOrder();
    await harness.processOrders(1);
    const serviceOrderId = esoOrdersFor(order.id)[0]!.id;
    expect((await storedOrder(order.id)).state).toBe("inProgress");

    harness.eso.setOrderState(serviceOrderId, "inProgress");
    await harness.processOrders(1);
    harness.eso.setOrderState(serviceOrderId, "completed");
    await harness.processOrders(1);

    const row = await storedOrder(order.id);
    expect(row.state).toBe("completed");
    expect(row.serviceOrderId).toBe(serviceOrderId);
    expect(row.nextAttemptAt).toBeNull();
    const document = (await harness.call("GET", `${orderingBase}/productOrder/${order.id}`, { as: "customer" })).body;
    expect(document.state).toBe("completed");
    expect(document.completionDate).toEqual(expect.any(String));
    expect(document.productOrderItem[0].state).toBe("completed");
    expect(document.serviceOrder).toMatchObject({ id: serviceOrderId, state: "completed" });

    const history = await historyOf(order.id);
    expect(history.map((entry) => entry.state)).toEqual(["acknowledged", "inProgress", "inProgress", "completed"]);
    expect(history.map((entry) => entry.detail?.serviceOrderState)).toEqual([undefined, "acknowledged", "inProgress", "completed"]);
    expect(history[3]!.detail?.itemStates).toEqual({ "1": "completed" });
  });

  it("fails with the reason the ESO reports", async () => {
    const order = await placeOrder();
    await harness.processOrders(1);
    const serviceOrderId = esoOrdersFor(order.id)[0]!.id;

    harness.eso.setOrderState(serviceOrderId, "failed", { note: "Deployment seismic-1 failed: image pull error" });
    await harness.processOrders(1);

    const document = (await harness.call("GET", `${orderingBase}/productOrder/${order.id}`, { as: "client" })).body;
    expect(document.state).toBe("failed");
    expect(document.productOrderItem[0].state).toBe("failed");
    expect(document.note).toEqual([expect.objectContaining({ text: "Deployment seismic-1 failed: image pull error", author: "ESO" })]);
    const history = await historyOf(order.id);
    expect(history.at(-1)).toMatchObject({ state: "failed", detail: expect.objectContaining({ serviceOrderState: "failed" }) });
    expect(history.at(-1)!.detail?.message).toContain("image pull error");
  });

  it("mirrors a partial ESO order", async () => {
    const order = await placeOrder();
    await harness.processOrders(1);
    harness.eso.setOrderState(esoOrdersFor(order.id)[0]!.id, "partial", { itemStates: { "1": "failed" } });
    await harness.processOrders(1);

    expect((await storedOrder(order.id)).state).toBe("partial");
  });

  it("fails when the ESO rejects the service order", async () => {
    const specification = await harness.call("POST", `${catalogBase}/productSpecification`, { body: { name: "Auto-scaling", serviceSpecification: [{ id: "eso-bemis-auto-scaling-seismic-processing" }] } });
    const offering = await harness.call("POST", `${catalogBase}/productOffering`, { body: { name: "Auto-scaling", lifecycleStatus: "Launched", productSpecification: { id: specification.body.id } } });
    const order = await placeOrder("customer", orderBody(undefined, offering.body.id));
    harness.eso.removeSpecification("eso-bemis-auto-scaling-seismic-processing");

    await harness.processOrders(1);

    const row = await storedOrder(order.id);
    expect(row.state).toBe("failed");
    expect(row.serviceOrderId).toBeNull();
    expect(row.nextAttemptAt).toBeNull();
    expect((row.document as { note: { text: string }[] }).note[0]!.text).toContain("is not offered by any domain");
    expect(esoOrdersFor(order.id)).toHaveLength(0);
  });

  it("retries while the ESO is down and places one order", async () => {
    harness.eso.setReachable(false);
    const order = await placeOrder();
    await harness.processOrders(1);

    const waiting = await storedOrder(order.id);
    expect(waiting.state).toBe("acknowledged");
    expect(waiting.attemptCount).toBe(1);
    expect(waiting.lastError).toContain("Placing the ESO service order failed");
    expect(waiting.nextAttemptAt).not.toBeNull();
    expect(esoOrdersFor(order.id)).toHaveLength(0);
    const { getOrderProgress } = await import("./queries");
    const { db } = await import("../db");
    const customer = { kind: "user" as const, id: harness.userIds.customer, name: "Carla Customer", email: "customer@bmp.test", role: "customer" as const };
    const customerView = await getOrderProgress(db(), customer, order.id);
    expect(customerView.retry).toMatchObject({ failing: true, attemptCount: 1, lastError: null });
    const adminView = await getOrderProgress(db(), { ...customer, id: harness.userIds.businessAdmin, role: "businessAdmin" }, order.id);
    expect(adminView.retry.lastError).toContain(harness.eso.url);

    harness.eso.setReachable(true);
    harness.eso.loseNextOrderReply();
    await harness.processOrders(1);
    expect((await storedOrder(order.id)).attemptCount).toBe(2);
    expect(esoOrdersFor(order.id)).toHaveLength(1);

    await harness.processOrders(1);
    const placed = await storedOrder(order.id);
    expect(placed.state).toBe("inProgress");
    expect(placed.attemptCount).toBe(0);
    expect(placed.lastError).toBeNull();
    expect(esoOrdersFor(order.id)).toHaveLength(1);
    expect(placed.serviceOrderId).toBe(esoOrdersFor(order.id)[0]!.id);
  });

  it("returns the same order for a repeated Idempotency-Key", async () => {
    const before = await rowCounts();
    const first = await placeOrder("customer", orderBody(), { "Idempotency-Key": "order-form-7" });
    const second = await placeOrder("customer", orderBody(), { "Idempotency-Key": "order-form-7" });
    expect(second.id).toBe(first.id);
    expect((await rowCounts()).productOrder).toBe(before.productOrder! + 1);

    const conflicting = await harness.call("POST", `${orderingBase}/productOrder`, {
      as: "customer",
      body: orderBody([{ name: "sensorCount", value: 12 }]),
      headers: { "Idempotency-Key": "order-form-7" },
    });
    expect(conflicting.status).toBe(422);
    expect(conflicting.body.message).toContain("order-form-7");

    // The key is the customer's own: another customer with the same key gets a new order.
    const other = await placeOrder("otherCustomer", orderBody(), { "Idempotency-Key": "order-form-7" });
    expect(other.id).not.toBe(first.id);
  });
});

describe("cancelling a product order", () => {
  it("cancels the ESO order", async () => {
    const order = await placeOrder();
    await harness.processOrders(1);
    const serviceOrderId = esoOrdersFor(order.id)[0]!.id;

    const cancellation = await harness.call("POST", `${orderingBase}/cancelProductOrder`, { as: "customer", body: { productOrder: { id: order.id }, cancellationReason: "Ordered by mistake" } });
    expect(cancellation.status).toBe(201);
    expect(cancellation.body.state).toBe("acknowledged");
    expect((await storedOrder(order.id)).state).toBe("pendingCancellation");

    await harness.processOrders(2);

    expect(harness.eso.orders.get(serviceOrderId)!.state).toBe("cancelled");
    const document = (await harness.call("GET", `${orderingBase}/productOrder/${order.id}`, { as: "customer" })).body;
    expect(document.state).toBe("cancelled");
    expect(document.cancellationReason).toBe("Ordered by mistake");
    expect(document.productOrderItem[0].state).toBe("cancelled");
    const request = (await harness.call("GET", `${orderingBase}/cancelProductOrder/${cancellation.body.id}`, { as: "customer" })).body;
    expect(request).toMatchObject({ state: "done", effectiveCancellationDate: expect.any(String) });
    expect((await historyOf(order.id)).map((entry) => entry.state).slice(-2)).toEqual(["pendingCancellation", "cancelled"]);
  });

  it("cancels before any ESO order exists", async () => {
    const order = await placeOrder();
    const cancellation = await harness.call("POST", `${orderingBase}/cancelProductOrder`, { as: "customer", body: { productOrder: { id: order.id } } });
    expect(cancellation.status).toBe(201);

    await harness.processOrders(1);

    expect((await storedOrder(order.id)).state).toBe("cancelled");
    expect(esoOrdersFor(order.id)).toHaveLength(0);
  });

  it("keeps the ESO outcome when cancelling late", async () => {
    const order = await placeOrder();
    await harness.processOrders(1);
    const serviceOrderId = esoOrdersFor(order.id)[0]!.id;
    harness.eso.holdNextCancellation();
    const cancellation = await harness.call("POST", `${orderingBase}/cancelProductOrder`, { as: "customer", body: { productOrder: { id: order.id } } });

    await harness.processOrders(2);
    expect(harness.eso.orders.get(serviceOrderId)!.state).toBe("pendingCancellation");
    expect((await storedOrder(order.id)).state).toBe("pendingCancellation");
    const forwarded = (await harness.call("GET", `${orderingBase}/cancelProductOrder/${cancellation.body.id}`)).body;
    expect(forwarded.state).toBe("inProgress");

    harness.eso.setOrderState(serviceOrderId, "completed");
    await harness.processOrders(1);

    const row = await storedOrder(order.id);
    expect(row.state).toBe("completed");
    expect(row.nextAttemptAt).toBeNull();
    expect((row.document as { note: { text: string }[] }).note.at(-1)!.text).toContain("before the cancellation took effect");
    const request = (await harness.call("GET", `${orderingBase}/cancelProductOrder/${cancellation.body.id}`)).body;
    expect(request.state).toBe("terminatedWithError");
  });

  it("goes on when the ESO order is already final", async () => {
    const order = await placeOrder();
    await harness.processOrders(1);
    const serviceOrderId = esoOrdersFor(order.id)[0]!.id;
    const cancellation = await harness.call("POST", `${orderingBase}/cancelProductOrder`, { as: "customer", body: { productOrder: { id: order.id } } });
    harness.eso.setOrderState(serviceOrderId, "completed");

    await harness.processOrders(2);

    expect((await storedOrder(order.id)).state).toBe("completed");
    const request = (await harness.call("GET", `${orderingBase}/cancelProductOrder/${cancellation.body.id}`)).body;
    expect(request.state).toBe("terminatedWithError");
  });

  it("records the ESO's last state of the cancelled service order", async () => {
    const order = await placeOrder();
    await harness.processOrders(1);
    const serviceOrderId = esoOrdersFor(order.id)[0]!.id;
    harness.eso.setOrderState(serviceOrderId, "inProgress");
    await harness.processOrders(1);
    expect((await storedOrder(order.id)).document).toMatchObject({ serviceOrder: { state: "inProgress" } });
    harness.eso.holdNextCancellation();
    await harness.call("POST", `${orderingBase}/cancelProductOrder`, { as: "customer", body: { productOrder: { id: order.id } } });
    await harness.processOrders(2);

    harness.eso.setOrderState(serviceOrderId, "cancelled");
    await harness.processOrders(1);

    for (const as of ["client", "businessAdmin", "customer"] as const) {
      const document = (await harness.call("GET", `${orderingBase}/productOrder/${order.id}`, { as })).body;
      expect(document.state).toBe("cancelled");
      expect(document.serviceOrder).toMatchObject({ id: serviceOrderId, state: "cancelled" });
    }
    expect((await historyOf(order.id)).at(-1)).toMatchObject({ state: "cancelled", detail: expect.objectContaining({ serviceOrderState: "cancelled" }) });
  });

  it("records the ESO's state when the ESO cancels at once", async () => {
    const order = await placeOrder();
    await harness.processOrders(1);
    const serviceOrderId = esoOrdersFor(order.id)[0]!.id;
    await harness.call("POST", `${orderingBase}/cancelProductOrder`, { as: "customer", body: { productOrder: { id: order.id } } });

    await harness.processOrders(2);

    const row = await storedOrder(order.id);
    expect(row.state).toBe("cancelled");
    expect(row.document).toMatchObject({ serviceOrder: { id: serviceOrderId, state: harness.eso.orders.get(serviceOrderId)!.state } });
    expect((row.document as { serviceOrder: { state: string } }).serviceOrder.state).toBe("cancelled");
  });

  it("rejects a completed order", async () => {
    const order = await placeOrder();
    await harness.processOrders(1);
    harness.eso.setOrderState(esoOrdersFor(order.id)[0]!.id, "completed");
    await harness.processOrders(1);
    const before = await rowCounts();

    const response = await harness.call("POST", `${orderingBase}/cancelProductOrder`, { as: "customer", body: { productOrder: { id: order.id } } });

    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: "conflict", status: "409" });
    expect(response.body.message).toContain("completed");
    expect(await rowCounts()).toEqual(before);
  });
});

describe("offering value uses", () => {
  it("orders what the offering lets customers set", async () => {
    const order = await placeOrder("customer", orderBody([{ name: "replicas", value: 3 }, { name: "samplingRateHz", value: 250 }], choiceOffering.id));
    const library = findSpecification("bemis-multi-sensing-seismic-processing")!;
    const defaults = defaultCharacteristicValues(library, getDomain("lulea"));

    const stored = Object.fromEntries(order.productOrderItem[0].product.productCharacteristic.map((entry: { name: string; value: unknown }) => [entry.name, entry.value]));
    expect(stored).toEqual({ ...defaults, replicas: 3, samplingRateHz: 250 });
  });

  it("lets API clients set every characteristic without value uses", async () => {
    const order = await placeOrder("client", orderBody([{ name: "targetCluster", value: "lulea-edge-2" }]));
    const targetCluster = order.productOrderItem[0].product.productCharacteristic.find((entry: { name: string }) => entry.name === "targetCluster");
    expect(targetCluster.value).toBe("lulea-edge-2");
  });
});

describe("deleting an ordered offering", () => {
  it("waits until its orders are final", async () => {
    const specification = await harness.call("POST", `${catalogBase}/productSpecification`, { body: { name: "Seismic, short-lived", serviceSpecification: [{ id: seismicService }] } });
    const offering = await harness.call("POST", `${catalogBase}/productOffering`, { body: { name: "Seismic, short-lived", lifecycleStatus: "Launched", productSpecification: { id: specification.body.id } } });
    const order = await placeOrder("customer", orderBody(undefined, offering.body.id));

    const rejected = await harness.call("DELETE", `${catalogBase}/productOffering/${offering.body.id}`, { as: "businessAdmin" });
    expect(rejected.status).toBe(409);
    expect(rejected.body).toMatchObject({ code: "conflict", status: "409" });
    expect(rejected.body.message).toContain(order.id);

    await harness.processOrders(1);
    harness.eso.setOrderState(esoOrdersFor(order.id)[0]!.id, "completed");
    await harness.processOrders(1);
    expect((await storedOrder(order.id)).state).toBe("completed");

    expect((await harness.call("DELETE", `${catalogBase}/productOffering/${offering.body.id}`, { as: "businessAdmin" })).status).toBe(204);
    expect((await harness.call("GET", `${orderingBase}/productOrder/${order.id}`, { as: "customer" })).status).toBe(200);
  });
});

describe("customer view of an order", () => {
  it("explains a failure without internals", async () => {
    const { getOrderProgress } = await import("./queries");
    const { db } = await import("../db");
    const order = await placeOrder();
    await harness.processOrders(1);
    harness.eso.setOrderState(esoOrdersFor(order.id)[0]!.id, "failed", { note: "Deployment seismic-1 failed: image pull error" });
    await harness.processOrders(1);
    const customer = { kind: "user" as const, id: harness.userIds.customer, name: "Carla Customer", email: "customer@bmp.test", role: "customer" as const };
    const admin = { kind: "user" as const, id: harness.userIds.businessAdmin, name: "Bea Business", email: "business@bmp.test", role: "businessAdmin" as const };

    const customerView = await getOrderProgress(db(), customer, order.id);
    expect(customerView.outcome).toMatchObject({ title: "The order failed" });
    expect(customerView.order.note).toBeUndefined();
    expect(JSON.stringify(customerView.history)).not.toContain("ESO");
    expect(customerView.order.productOrderItem[0]!.product.productCharacteristic!.map((entry) => entry.name)).not.toContain("targetCluster");

    const adminView = await getOrderProgress(db(), admin, order.id);
    expect(adminView.outcome).toBeUndefined();
    expect(adminView.order.note).toEqual([expect.objectContaining({ text: "Deployment seismic-1 failed: image pull error" })]);
  });
});

describe("customer view in the TMF API", () => {
  it("replaces the technical notes of a rejected order with the plain reason", async () => {
    const specification = await harness.call("POST", `${catalogBase}/productSpecification`, { body: { name: "Weather forecast", serviceSpecification: [{ id: "eso-weather-forecast-monitoring" }] } });
    expect(specification.status).toBe(201);
    const offering = await harness.call("POST", `${catalogBase}/productOffering`, { body: { name: "Weather forecast", lifecycleStatus: "Launched", productSpecification: { id: specification.body.id } } });
    const order = await placeOrder("customer", orderBody(undefined, offering.body.id));
    harness.eso.removeSpecification("eso-weather-forecast-monitoring");
    // Only this order: orders of earlier tests may still be due.
    await processProductOrder(harness.database.db, order.id, harness.processorOptions);
    const technical = ((await storedOrder(order.id)).document as { note: { text: string }[] }).note[0]!.text;
    expect(technical).toContain("is not offered by any domain");

    const read = await harness.call("GET", `${orderingBase}/productOrder/${order.id}`, { as: "customer" });
    expect(read.status).toBe(200);
    expect(read.body.state).toBe("failed");
    expect(read.body.note).toEqual([{ date: expect.any(String), text: expect.stringContaining("did not accept the order, so nothing was deployed") }]);
    expect(JSON.stringify(read.body.note)).not.toContain("ESO");
    const selected = await harness.call("GET", `${orderingBase}/productOrder/${order.id}?fields=note`, { as: "customer" });
    expect(selected.body.note).toEqual(read.body.note);
    expect(selected.body.state).toBeUndefined();

    const list = await harness.call("GET", `${orderingBase}/productOrder?fields=state,note`, { as: "customer" });
    const listed = list.body.find((item: { id: string }) => item.id === order.id);
    expect(listed.note).toEqual(read.body.note);
    expect(JSON.stringify(list.body)).not.toContain("is not offered by any domain");

    for (const as of ["businessAdmin", "client"] as const) {
      const full = await harness.call("GET", `${orderingBase}/productOrder/${order.id}`, { as });
      expect(full.body.note[0].text).toBe(technical);
      const all = await harness.call("GET", `${orderingBase}/productOrder`, { as });
      expect(all.body.find((item: { id: string }) => item.id === order.id).note[0].text).toBe(technical);
    }
  });

  it("shows a customer no notes of an order in progress", async () => {
    const order = await placeOrder();
    await harness.processOrders(1);
    harness.eso.setOrderState(esoOrdersFor(order.id)[0]!.id, "inProgress", { note: "Deployment seismic-1 scheduled on lulea-edge-cluster" });
    await harness.processOrders(1);

    const read = await harness.call("GET", `${orderingBase}/productOrder/${order.id}`, { as: "customer" });
    expect(read.body.state).toBe("inProgress");
    expect(read.body.note).toBeUndefined();
    const full = await harness.call("GET", `${orderingBase}/productOrder/${order.id}`, { as: "client" });
    expect(full.body.note).toEqual([expect.objectContaining({ text: "Deployment seismic-1 scheduled on lulea-edge-cluster" })]);
  });
});

describe("ordering an offering that is not launched", () => {
  it("tells a customer it is not available, as the catalogue does", async () => {
    const read = await harness.call("GET", `${catalogBase}/productOffering/${designedOffering.id}`, { as: "customer" });
    expect(read.status).toBe(404);

    for (const offeringId of [designedOffering.id, "no-such-offering"]) {
      const response = await harness.call("POST", `${orderingBase}/productOrder`, { as: "customer", body: orderBody(undefined, offeringId) });
      expect(response.status).toBe(422);
      expect(response.body.message).toBe(`productOrderItem 1: Product offering ${offeringId} is not available`);
    }

    const detailed = await harness.call("POST", `${orderingBase}/productOrder`, { as: "client", body: orderBody(undefined, designedOffering.id) });
    expect(detailed.status).toBe(422);
    expect(detailed.body.message).toContain('is not launched (lifecycleStatus "In design")');
  });
});

describe("order visibility", () => {
  it("hides another customer's order", async () => {
    const order = await placeOrder("customer");

    const read = await harness.call("GET", `${orderingBase}/productOrder/${order.id}`, { as: "otherCustomer" });
    expect(read.status).toBe(404);
    expect(read.body).toMatchObject({ code: "notFound", status: "404" });
    const list = await harness.call("GET", `${orderingBase}/productOrder`, { as: "otherCustomer" });
    expect(list.body.map((item: { id: string }) => item.id)).not.toContain(order.id);
    const before = await rowCounts();
    const cancel = await harness.call("POST", `${orderingBase}/cancelProductOrder`, { as: "otherCustomer", body: { productOrder: { id: order.id } } });
    expect(cancel.status).toBe(404);
    expect(await rowCounts()).toEqual(before);

    expect((await harness.call("GET", `${orderingBase}/productOrder/${order.id}`, { as: "customer" })).status).toBe(200);
    expect((await harness.call("GET", `${orderingBase}/productOrder/${order.id}`, { as: "businessAdmin" })).status).toBe(200);
    const all = await harness.call("GET", `${orderingBase}/productOrder`, { as: "client" });
    expect(all.body.map((item: { id: string }) => item.id)).toContain(order.id);
  });

  it("lets an API client order as itself", async () => {
    const order = await placeOrder("client");
    expect((await storedOrder(order.id)).customerId).toBe("client");
  });
});

describe("product ordering bad input", () => {
  const productOrderPath = `${orderingBase}/productOrder`;
  const cases: { name: string; method?: string; path?: string; as?: Caller; body: () => unknown; headers?: Record<string, string>; status: number; code: string; message?: string }[] = [
    { name: "no token", as: "anonymous", body: () => orderBody(), status: 401, code: "unauthorized" },
    { name: "wrong token", as: "wrongToken", body: () => orderBody(), status: 401, code: "unauthorized" },
    { name: "business admin ordering", as: "businessAdmin", body: () => orderBody(), status: 403, code: "forbidden" },
    { name: "malformed JSON", body: () => '{"productOrderItem": [', status: 400, code: "invalidJson" },
    { name: "empty body", body: () => " ", status: 400, code: "invalidBody" },
    { name: "JSON array body", body: () => "[]", status: 400, code: "invalidBody" },
    { name: "missing productOrderItem", body: () => ({ description: "nothing" }), status: 400, code: "invalidBody", message: "productOrderItem" },
    { name: "empty productOrderItem", body: () => ({ productOrderItem: [] }), status: 400, code: "invalidBody", message: "productOrderItem" },
    { name: "item without id", body: () => ({ productOrderItem: [{ action: "add", productOffering: { id: launchedOffering.id } }] }), status: 400, code: "invalidBody", message: "productOrderItem.0.id" },
    { name: "wrong quantity type", body: () => ({ productOrderItem: [{ id: "1", action: "add", quantity: "one", productOffering: { id: launchedOffering.id } }] }), status: 400, code: "invalidBody", message: "quantity" },
    { name: "item without offering", body: () => ({ productOrderItem: [{ id: "1", action: "add" }] }), status: 400, code: "invalidBody", message: "productOffering is required" },
    { name: "repeated item id", body: () => ({ productOrderItem: [orderBody().productOrderItem[0], orderBody().productOrderItem[0]] }), status: 400, code: "invalidBody", message: "more than once" },
    { name: "server-assigned state", body: () => ({ ...orderBody(), state: "completed" }), status: 400, code: "invalidBody", message: "state" },
    { name: "modify action", body: () => ({ productOrderItem: [{ id: "1", action: "modify", productOffering: { id: launchedOffering.id } }] }), status: 422, code: "unprocessable", message: '"add"' },
    { name: "quantity above one", body: () => ({ productOrderItem: [{ id: "1", action: "add", quantity: 3, productOffering: { id: launchedOffering.id } }] }), status: 422, code: "unprocessable", message: "quantity" },
    { name: "unknown offering", body: () => orderBody(undefined, "no-such-offering"), status: 422, code: "unprocessable", message: "no-such-offering" },
    { name: "offering not launched", as: "client", body: () => orderBody(undefined, designedOffering.id), status: 422, code: "unprocessable", message: "not launched" },
    { name: "offering not launched, for a customer", body: () => orderBody(undefined, designedOffering.id), status: 422, code: "unprocessable", message: "is not available" },
    { name: "unknown characteristic", body: () => orderBody([{ name: "colour", value: "red" }]), status: 400, code: "invalidBody", message: '"colour"' },
    { name: "characteristic out of range", body: () => orderBody([{ name: "sensorCount", value: 100000 }]), status: 400, code: "invalidBody", message: '"sensorCount" must be at most' },
    { name: "characteristic of wrong type", body: () => orderBody([{ name: "sensorCount", value: "many" }]), status: 400, code: "invalidBody", message: '"sensorCount" must be' },
    { name: "characteristic not allowed", body: () => orderBody([{ name: "samplingRateHz", value: 7 }]), status: 400, code: "invalidBody", message: '"samplingRateHz" must be one of' },
    { name: "characteristic the offering fixes", body: () => orderBody([{ name: "targetCluster", value: "elsewhere" }], choiceOffering.id), status: 400, code: "invalidBody", message: 'characteristic "targetCluster" is fixed by this offering' },
    { name: "value the offering excludes", body: () => orderBody([{ name: "samplingRateHz", value: 1000 }], choiceOffering.id), status: 400, code: "invalidBody", message: '"samplingRateHz" must be one of 250, 500 for this offering' },
    { name: "empty Idempotency-Key", body: () => orderBody(), headers: { "Idempotency-Key": " " }, status: 400, code: "invalidBody", message: "Idempotency-Key" },
    { name: "unknown order", method: "GET", path: `${productOrderPath}/no-such-order`, body: () => undefined, status: 404, code: "notFound" },
    { name: "patch of unknown order", method: "PATCH", path: `${productOrderPath}/no-such-order`, body: () => ({ description: "x" }), status: 404, code: "notFound" },
    { name: "patch of the state", method: "PATCH", path: `${productOrderPath}/{order}`, body: () => ({ state: "completed" }), status: 400, code: "invalidBody", message: "state" },
    { name: "cancel without order", method: "POST", path: `${orderingBase}/cancelProductOrder`, as: "customer", body: () => ({ cancellationReason: "x" }), status: 400, code: "invalidBody", message: "productOrder" },
    { name: "cancel of unknown order", method: "POST", path: `${orderingBase}/cancelProductOrder`, as: "customer", body: () => ({ productOrder: { id: "no-such-order" } }), status: 404, code: "notFound" },
    { name: "cancel with malformed JSON", method: "POST", path: `${orderingBase}/cancelProductOrder`, as: "customer", body: () => "{", status: 400, code: "invalidJson" },
    { name: "unknown cancellation", method: "GET", path: `${orderingBase}/cancelProductOrder/no-such-cancellation`, body: () => undefined, status: 404, code: "notFound" },
    { name: "cancel without token", method: "POST", path: `${orderingBase}/cancelProductOrder`, as: "anonymous", body: () => ({ productOrder: { id: "x" } }), status: 401, code: "unauthorized" },
  ];

  it.each(cases)("rejects $name", async (testCase) => {
    let path = testCase.path ?? productOrderPath;
    if (path.includes("{order}")) path = path.replace("{order}", (await placeOrder()).id);
    const before = await rowCounts();
    const esoOrdersBefore = harness.eso.orders.size;

    const response = await harness.call(testCase.method ?? "POST", path, { as: testCase.as ?? "customer", body: testCase.body(), headers: testCase.headers });

    expect(response.status).toBe(testCase.status);
    expect(response.body).toMatchObject({ code: testCase.code, status: String(testCase.status), reason: expect.any(String), message: expect.any(String) });
    if (testCase.message) expect(response.body.message).toContain(testCase.message);
    expect(await rowCounts()).toEqual(before);
    expect(harness.eso.orders.size).toBe(esoOrdersBefore);
  });
});
