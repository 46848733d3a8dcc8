import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bmpSchema } from "@cop-pilot/db";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import type { Principal } from "@cop-pilot/tmf-server";
import { customerOrganizationId, startHarness, type Harness } from "../testing/harness";

// Product design, every order check with its field, bundles over three
// domains, cancellation and the product inventory, through the TMF APIs
// that Next.js serves and the ESO emulator.

const catalogBase = tmfApiPaths.productCatalog;
const orderingBase = tmfApiPaths.productOrdering;
const inventoryBase = tmfApiPaths.productInventory;
const seismic = "eso-bemis-multi-sensing-seismic-processing";
const autoScaling = "eso-bemis-auto-scaling-seismic-processing";
const smartCity = "eso-smart-city-stack";
const farm = "eso-agroapps-360";

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

async function created(path: string, body: unknown) {
  const response = await harness.call("POST", path, { body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** Creates a launched offering over one ESO service, with `extra` offering attributes. */
async function launchedOffering(service: string, name: string, extra: Record<string, unknown> = {}) {
  const specification = await created(`${catalogBase}/productSpecification`, { name, serviceSpecification: [{ id: service }] });
  return created(`${catalogBase}/productOffering`, { name, lifecycleStatus: "Launched", productSpecification: { id: specification.id }, ...extra });
}

function order(offeringId: string, characteristics: { name: string; value: unknown }[] = [], extra: Record<string, unknown> = {}) {
  return { productOrderItem: [{ id: "1", action: "add", productOffering: { id: offeringId }, product: { productCharacteristic: characteristics }, ...extra }] };
}

function customerPrincipal(): Principal {
  return { kind: "user", id: harness.userIds.customer, name: "Carla Customer", email: "customer@bmp.test", role: "customer", organizationId: customerOrganizationId };
}

describe("product design", () => {
  it("maps characteristics of two services", async () => {
    const specification = await created(`${catalogBase}/productSpecification`, { name: "Seismic pair", serviceSpecification: [{ id: seismic }, { id: autoScaling }] });

    expect(specification.serviceSpecification.map((ref: { id: string }) => ref.id)).toEqual([seismic, autoScaling]);
    const replicas = specification.productSpecCharacteristic.find((characteristic: { name: string }) => characteristic.name === "replicas");
    expect(replicas.serviceCharacteristic.map((target: { serviceSpecification: { id: string } }) => target.serviceSpecification.id)).toEqual([seismic, autoScaling]);
    const names = specification.productSpecCharacteristic.map((characteristic: { name: string }) => characteristic.name);
    expect(names).not.toContain("artifactName");
    expect(names).toContain("maxReplicas");
  });

  it("orders one ESO item per service", async () => {
    const specification = await created(`${catalogBase}/productSpecification`, { name: "Seismic pair to order", serviceSpecification: [{ id: seismic }, { id: autoScaling }] });
    const offering = await created(`${catalogBase}/productOffering`, { name: "Seismic pair", lifecycleStatus: "Launched", productSpecification: { id: specification.id } });
    const placed = await harness.call("POST", `${orderingBase}/productOrder`, { as: "customer", body: order(offering.id, [{ name: "replicas", value: 3 }, { name: "maxReplicas", value: 12 }]) });
    expect(placed.status).toBe(201);

    await harness.processOrders();
    const serviceOrder = [...harness.eso.orders.values()].find((candidate) => candidate.externalId === placed.body.id)!;
    expect(serviceOrder.serviceOrderItem.map((item) => item.id)).toEqual(["1-1", "1-2"]);
    const [first, second] = serviceOrder.serviceOrderItem.map((item) => Object.fromEntries((item.service.serviceCharacteristic ?? []).map((characteristic) => [characteristic.name, characteristic.value])));
    expect(first!.replicas).toBe(3);
    expect(second!.replicas).toBe(3);
    expect(first!.maxReplicas).toBeUndefined();
    expect(second!.maxReplicas).toBe(12);
  });

  it("stores prices, SLA terms and validity", async () => {
    const offering = await launchedOffering(seismic, "Priced seismic", {
      validFor: { startDateTime: "2026-01-01T00:00:00Z", endDateTime: "2030-01-01T00:00:00Z" },
      productOfferingTerm: [{ name: "Availability 99.5 % per month", duration: { amount: 12, units: "month" } }],
      productOfferingPrice: [
        { name: "Set-up fee", priceType: "oneTime", price: { unit: "EUR", value: 250 } },
        { name: "Monthly fee", priceType: "recurring", recurringChargePeriodType: "month", price: { unit: "EUR", value: 90 } },
        { name: "Data processed", priceType: "usage", unitOfMeasure: { amount: 1, units: "GB" }, price: { unit: "EUR", value: 0.05 } },
      ],
    });

    expect(offering.productOfferingPrice.map((price: { priceType: string }) => price.priceType)).toEqual(["oneTime", "recurring", "usage"]);
    expect(offering.productOfferingPrice[1].recurringChargePeriodLength).toBe(1);
    expect(offering.productOfferingTerm[0].name).toBe("Availability 99.5 % per month");
  });

  const badOfferings: { name: string; body: Record<string, unknown>; message: string }[] = [
    { name: "recurring price without period", body: { productOfferingPrice: [{ name: "Monthly", priceType: "recurring", price: { unit: "EUR", value: 1 } }] }, message: "recurringChargePeriodType" },
    { name: "usage price without unit", body: { productOfferingPrice: [{ name: "Per GB", priceType: "usage", price: { unit: "EUR", value: 1 } }] }, message: "unitOfMeasure" },
    { name: "unknown price type", body: { productOfferingPrice: [{ name: "Odd", priceType: "sometimes", price: { unit: "EUR", value: 1 } }] }, message: "priceType" },
    { name: "validity ending first", body: { validFor: { startDateTime: "2027-01-01T00:00:00Z", endDateTime: "2026-01-01T00:00:00Z" } }, message: "validFor" },
    { name: "term without name", body: { productOfferingTerm: [{ description: "no name" }] }, message: "productOfferingTerm" },
  ];

  it.each(badOfferings)("rejects $name", async (testCase) => {
    const specification = await created(`${catalogBase}/productSpecification`, { name: `Bad ${testCase.name}`, serviceSpecification: [{ id: seismic }] });
    const response = await harness.call("POST", `${catalogBase}/productOffering`, { body: { name: testCase.name, productSpecification: { id: specification.id }, ...testCase.body } });

    expect(response.status).toBe(400);
    expect(response.body.message).toContain(testCase.message);
  });
});

describe("order validation", () => {
  let plain: { id: string };
  let restricted: { id: string };
  let expired: { id: string };
  let mandatory: { id: string };
  let autoscaled: { id: string };

  beforeAll(async () => {
    plain = await launchedOffering(seismic, "Seismic for checks");
    autoscaled = await launchedOffering(autoScaling, "Autoscaled seismic for checks");
    restricted = await launchedOffering(seismic, "Seismic for one mine", { eligibleParty: [{ id: "organization-other-mine", name: "Other Mine AB", "@referredType": "Organization" }] });
    expired = await launchedOffering(seismic, "Seismic of last year", { validFor: { endDateTime: "2026-01-01T00:00:00Z" } });
    const specification = await created(`${catalogBase}/productSpecification`, {
      name: "Seismic without default",
      serviceSpecification: [{ id: seismic }],
      productSpecCharacteristic: [{ name: "sensorCount", valueType: "integer", minCardinality: 1, productSpecCharacteristicValue: [{ valueFrom: 1, valueTo: 512 }] }],
    });
    mandatory = await created(`${catalogBase}/productOffering`, { name: "Seismic, sensors required", lifecycleStatus: "Launched", productSpecification: { id: specification.id } });
  });

  const cases: { name: string; offering: () => string; characteristics?: { name: string; value: unknown }[]; status: number; field: string; rule: string; message: string }[] = [
    { name: "mandatory characteristic", offering: () => mandatory.id, status: 400, field: "productOrderItem.1.product.productCharacteristic.sensorCount", rule: "mandatory", message: "is mandatory" },
    { name: "value above range", offering: () => plain.id, characteristics: [{ name: "replicas", value: 11 }], status: 400, field: "productOrderItem.1.product.productCharacteristic.replicas", rule: "allowedValues", message: "at most 10" },
    { name: "value not allowed", offering: () => plain.id, characteristics: [{ name: "samplingRateHz", value: 7 }], status: 400, field: "productOrderItem.1.product.productCharacteristic.samplingRateHz", rule: "allowedValues", message: "must be one of" },
    { name: "replicas above maxReplicas", offering: () => autoscaled.id, characteristics: [{ name: "replicas", value: 6 }, { name: "maxReplicas", value: 4 }], status: 400, field: "productOrderItem.1.product.productCharacteristic.replicas", rule: "allowedValues", message: "must be at most maxReplicas (4), got 6" },
    { name: "replicas above default maxReplicas", offering: () => autoscaled.id, characteristics: [{ name: "replicas", value: 9 }], status: 400, field: "productOrderItem.1.product.productCharacteristic.replicas", rule: "allowedValues", message: "at most maxReplicas (8)" },
    { name: "ineligible organization", offering: () => restricted.id, status: 422, field: "productOrderItem.1.productOffering", rule: "eligibility", message: "Other Mine AB" },
    { name: "expired offering", offering: () => expired.id, status: 422, field: "productOrderItem.1.productOffering", rule: "offering", message: "could be ordered until" },
  ];

  it.each(cases)("reports $name on its field", async (testCase) => {
    const ordersBefore = (await harness.call("GET", `${orderingBase}/productOrder`, { as: "client" })).body.length;

    const response = await harness.call("POST", `${orderingBase}/productOrder`, { as: "customer", body: order(testCase.offering(), testCase.characteristics) });

    expect(response.status).toBe(testCase.status);
    expect(response.body.details).toHaveLength(1);
    expect(response.body.details[0].field).toBe(testCase.field);
    expect(response.body.details[0].rule).toBe(testCase.rule);
    expect(response.body.details[0].message).toContain(testCase.message);
    expect((await harness.call("GET", `${orderingBase}/productOrder`, { as: "client" })).body.length).toBe(ordersBefore);
  });

  it("accepts replicas up to maxReplicas", async () => {
    const response = await harness.call("POST", `${orderingBase}/productOrder`, { as: "client", body: order(autoscaled.id, [{ name: "replicas", value: 4 }, { name: "maxReplicas", value: 4 }]) });

    expect(response.status).toBe(201);
  });

  it("lets an eligible organization order", async () => {
    const offering = await launchedOffering(seismic, "Seismic for our mine", { eligibleParty: [{ id: customerOrganizationId, "@referredType": "Organization" }] });

    const own = await harness.call("POST", `${orderingBase}/productOrder`, { as: "customer", body: order(offering.id) });
    const other = await harness.call("POST", `${orderingBase}/productOrder`, { as: "otherCustomer", body: order(offering.id) });

    expect(own.status).toBe(201);
    expect(other.status).toBe(422);
    expect(other.body.details[0].rule).toBe("eligibility");
  });

  it("reports every problem at once", async () => {
    const { validateOrderDraft } = await import("./validation");
    const draft = order(plain.id, [{ name: "replicas", value: 0 }, { name: "sensorCount", value: 9999 }]);

    const result = await validateOrderDraft((await import("../db")).db(), customerPrincipal(), draft);

    expect(result.items).toEqual([]);
    expect(result.problems.map((problem) => problem.characteristic).sort()).toEqual(["replicas", "sensorCount"]);
  });

  it("rejects replicas beyond domain capacity", async () => {
    const { validateOrderDraft } = await import("./validation");
    const { db } = await import("../db");
    // Orders of earlier tests go to the ESO first, so that only the next one is held at the BMP.
    await harness.processOrders();
    harness.eso.setDomainCapacity("lulea", 12);
    const placed = await harness.call("POST", `${orderingBase}/productOrder`, { as: "client", body: order(plain.id, [{ name: "replicas", value: 8 }]) });
    expect(placed.status).toBe(201);

    const result = await validateOrderDraft(db(), customerPrincipal(), order(plain.id, [{ name: "replicas", value: 5 }]));
    const fits = await validateOrderDraft(db(), customerPrincipal(), order(plain.id, [{ name: "replicas", value: 4 }]));
    harness.eso.setDomainCapacity("lulea", 100);

    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.rule).toBe("feasibility");
    expect(result.problems[0]!.field).toBe("productOrderItem.1.product.productCharacteristic.replicas");
    expect(result.problems[0]!.message).toContain("Luleå Mining Domain has room for 4 more replicas");
    expect(result.problems[0]!.message).toContain("reports 12 available, 8 of them held by orders not yet sent");
    expect(result.problems[0]!.message).toContain("asks for 5");
    expect(fits.problems).toEqual([]);
  });

  it("rejects a TMF622 order beyond capacity", async () => {
    harness.eso.setDomainCapacity("lulea", 0);
    const before = await harness.database.db.select().from(bmpSchema.productOrder);

    const response = await harness.call("POST", `${orderingBase}/productOrder`, { as: "customer", body: order(plain.id, [{ name: "replicas", value: 1 }]) });
    harness.eso.setDomainCapacity("lulea", 100);

    expect(response.status).toBe(422);
    expect(response.body.details).toEqual([expect.objectContaining({ field: "productOrderItem.1.product.productCharacteristic.replicas", rule: "feasibility" })]);
    expect(await harness.database.db.select().from(bmpSchema.productOrder)).toHaveLength(before.length);
  });

  it.each([
    ["unreachable", "the ESO cannot reach this domain"],
    ["absent", "the ESO does not know this domain"],
  ] as const)("rejects a domain the ESO reports %s", async (capacity, message) => {
    const { validateOrderDraft } = await import("./validation");
    const { db } = await import("../db");
    harness.eso.setDomainCapacity("lulea", capacity);

    const result = await validateOrderDraft(db(), customerPrincipal(), order(plain.id, [{ name: "replicas", value: 1 }]));
    harness.eso.setDomainCapacity("lulea", 100);

    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.field).toBe("productOrderItem.1.productOffering");
    expect(result.problems[0]!.rule).toBe("feasibility");
    expect(result.problems[0]!.message).toContain(`Luleå Mining Domain: ${message}`);
  });

  it("passes when capacity cannot be read", async () => {
    const { validateOrderDraft } = await import("./validation");
    const { db } = await import("../db");
    harness.eso.setDomainCapacity("lulea", "notReported");
    const notReported = await validateOrderDraft(db(), customerPrincipal(), order(plain.id, [{ name: "replicas", value: 1 }]));
    harness.eso.setDomainCapacity("lulea", 100);
    harness.eso.setReachable(false);
    const esoDown = await validateOrderDraft(db(), customerPrincipal(), order(plain.id, [{ name: "replicas", value: 1 }]));
    harness.eso.setReachable(true);

    expect(notReported.problems).toEqual([]);
    expect(esoDown.problems).toEqual([]);
  });

  it("limits open orders per customer", async () => {
    const { validateOrderDraft } = await import("./validation");
    const { db } = await import("../db");
    await harness.call("POST", `${orderingBase}/productOrder`, { as: "customer", body: order(plain.id) });

    const result = await validateOrderDraft(db(), customerPrincipal(), order(plain.id), { settings: { maxActiveOrdersPerCustomer: 1 } });

    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.field).toBe("productOrder");
    expect(result.problems[0]!.rule).toBe("policy");
  });

  it("rejects a retired offering and keeps its orders", async () => {
    const offering = await launchedOffering(seismic, "Seismic soon retired");
    const before = await harness.call("POST", `${orderingBase}/productOrder`, { as: "customer", body: order(offering.id) });
    expect(before.status).toBe(201);

    const retired = await harness.call("PATCH", `${catalogBase}/productOffering/${offering.id}`, { body: { lifecycleStatus: "Retired" } });
    const after = await harness.call("POST", `${orderingBase}/productOrder`, { as: "client", body: order(offering.id) });
    const kept = await harness.call("GET", `${orderingBase}/productOrder/${before.body.id}`, { as: "customer" });

    expect(retired.status).toBe(200);
    expect(after.status).toBe(422);
    expect(after.body.details[0].message).toContain("not launched");
    expect(kept.status).toBe(200);
    expect(kept.body.productOrderItem[0].productOffering.id).toBe(offering.id);
  });
});

describe("bundle over three domains", () => {
  let bundle: { id: string };
  let parts: { id: string }[];

  beforeAll(async () => {
    parts = [await launchedOffering(seismic, "Mine seismic part"), await launchedOffering(smartCity, "City stack part"), await launchedOffering(farm, "Farm part")];
    bundle = await created(`${catalogBase}/productOffering`, {
      name: "Three pilots",
      isBundle: true,
      lifecycleStatus: "Launched",
      bundledProductOffering: parts.map((part) => ({ id: part.id })),
      productOfferingPrice: [{ name: "Bundle fee", priceType: "recurring", recurringChargePeriodType: "month", price: { unit: "EUR", value: 500 } }],
    });
  });

  it("places one ESO order with three items", async () => {
    const nested = [{ productOffering: { id: parts[0]!.id }, product: { productCharacteristic: [{ name: "replicas", value: 2 }] } }];
    const placed = await harness.call("POST", `${orderingBase}/productOrder`, { as: "customer", body: order(bundle.id, [], { productOrderItem: nested }) });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);

    await harness.processOrders();
    const serviceOrders = [...harness.eso.orders.values()].filter((candidate) => candidate.externalId === placed.body.id);
    expect(serviceOrders).toHaveLength(1);
    const items = serviceOrders[0]!.serviceOrderItem;
    expect(items.map((item) => item.service.serviceSpecification?.id)).toEqual([seismic, smartCity, farm]);
    expect(items[0]!.service.serviceCharacteristic?.find((characteristic) => characteristic.name === "replicas")?.value).toBe(2);

    harness.eso.setOrderState(serviceOrders[0]!.id, "partial", { itemStates: { "1-1": "completed", "1-2": "completed", "1-3": "failed" } });
    await harness.processOrders();
    const finished = await harness.call("GET", `${orderingBase}/productOrder/${placed.body.id}`, { as: "client" });
    expect(finished.body.state).toBe("partial");
    expect(finished.body.productOrderItem[0].state).toBe("failed");
    expect(finished.body.productOrderItem[0].realizingService.map((service: { state: string }) => service.state)).toEqual(["completed", "completed", "failed"]);
  });

  it("reports a bundled characteristic on its field", async () => {
    const nested = [{ productOffering: { id: parts[1]!.id }, product: { productCharacteristic: [{ name: "replicas", value: 99 }] } }];

    const response = await harness.call("POST", `${orderingBase}/productOrder`, { as: "customer", body: order(bundle.id, [], { productOrderItem: nested }) });

    expect(response.status).toBe(400);
    expect(response.body.details[0].field).toBe(`productOrderItem.1.productOrderItem.${parts[1]!.id}.product.productCharacteristic.replicas`);
  });

  it("rejects a bundle of one offering", async () => {
    const response = await harness.call("POST", `${catalogBase}/productOffering`, { body: { name: "Lonely", isBundle: true, bundledProductOffering: [{ id: parts[0]!.id }] } });

    expect(response.status).toBe(422);
    expect(response.body.message).toContain("at least two");
  });
});

describe("fulfilment and inventory", () => {
  let offering: { id: string };

  beforeAll(async () => {
    offering = await launchedOffering(smartCity, "City stack for inventory");
  });

  it("adds a completed product to the inventory", async () => {
    const placed = await harness.call("POST", `${orderingBase}/productOrder`, { as: "customer", body: order(offering.id) });
    await harness.processOrders();
    const serviceOrder = [...harness.eso.orders.values()].find((candidate) => candidate.externalId === placed.body.id)!;
    harness.eso.setOrderState(serviceOrder.id, "inProgress");
    await harness.processOrders();
    const empty = await harness.call("GET", `${inventoryBase}/product?productOrderItem.productOrderId=${placed.body.id}`, { as: "customer" });
    expect(empty.body).toEqual([]);

    harness.eso.setOrderState(serviceOrder.id, "completed");
    await harness.processOrders();
    const products = await harness.call("GET", `${inventoryBase}/product`, { as: "customer" });
    const mine = products.body.filter((product: { productOrderItem: { productOrderId: string }[] }) => product.productOrderItem[0]!.productOrderId === placed.body.id);
    const others = await harness.call("GET", `${inventoryBase}/product/${mine[0]?.id}`, { as: "otherCustomer" });

    expect(mine).toHaveLength(1);
    expect(mine[0].status).toBe("active");
    expect(mine[0].productOffering.id).toBe(offering.id);
    expect(mine[0].realizingService[0].serviceSpecification.id).toBe(smartCity);
    expect(others.status).toBe(404);
  });

  it("cancels an order in progress", async () => {
    const placed = await harness.call("POST", `${orderingBase}/productOrder`, { as: "customer", body: order(offering.id) });
    await harness.processOrders();

    const cancel = await harness.call("POST", `${orderingBase}/cancelProductOrder`, { as: "customer", body: { productOrder: { id: placed.body.id }, cancellationReason: "Changed plans" } });
    await harness.processOrders();
    const cancelled = await harness.call("GET", `${orderingBase}/productOrder/${placed.body.id}`, { as: "customer" });
    const products = await harness.call("GET", `${inventoryBase}/product`, { as: "client" });

    expect(cancel.status).toBe(201);
    expect(cancelled.body.state).toBe("cancelled");
    expect(products.body.some((product: { productOrderItem: { productOrderId: string }[] }) => product.productOrderItem[0]!.productOrderId === placed.body.id)).toBe(false);
  });
});

describe("shopping cart", () => {
  it("orders its items as one order", async () => {
    const { addToCart, getCart, orderCart } = await import("../marketplace/cart");
    const { OrderValidationError } = await import("./validation");
    const { db } = await import("../db");
    const principal = customerPrincipal();
    const first = await launchedOffering(seismic, "Cart seismic");
    const second = await launchedOffering(smartCity, "Cart city stack");
    const baseUrl = "http://127.0.0.1:39899";

    await expect(addToCart(db(), principal, order(first.id, [{ name: "replicas", value: 50 }]).productOrderItem[0], baseUrl)).rejects.toBeInstanceOf(OrderValidationError);
    await addToCart(db(), principal, order(first.id, [{ name: "replicas", value: 2 }]).productOrderItem[0], baseUrl);
    await addToCart(db(), principal, order(second.id).productOrderItem[0], baseUrl);
    expect((await getCart(db(), principal)).cartItem.map((item) => item.productOffering.id)).toEqual([first.id, second.id]);

    const placed = await orderCart(db(), principal, { baseUrl });

    expect(placed.productOrderItem.map((item) => item.productOffering.id)).toEqual([first.id, second.id]);
    expect(placed.productOrderItem[0]!.product.productCharacteristic?.find((characteristic) => characteristic.name === "replicas")?.value).toBe(2);
    expect((await getCart(db(), principal)).cartItem).toEqual([]);
  });
});
