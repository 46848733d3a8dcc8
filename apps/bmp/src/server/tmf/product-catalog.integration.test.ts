import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bmpSchema } from "@cop-pilot/db";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { startHarness, type Caller, type Harness } from "../testing/harness";

const base = tmfApiPaths.productCatalog;
const seismic = "eso-bemis-multi-sensing-seismic-processing";
const trafficRadars = "eso-maritime-traffic";

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

async function rowCounts() {
  const tables = {
    productCatalog: bmpSchema.productCatalog,
    productCategory: bmpSchema.productCategory,
    productSpecification: bmpSchema.productSpecification,
    productOffering: bmpSchema.productOffering,
    productOfferingPrice: bmpSchema.productOfferingPrice,
  };
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await harness.database.db.select({ value: count() }).from(table);
    counts[name] = row?.value ?? 0;
  }
  return counts;
}

async function createSpecification(serviceSpecificationId = seismic) {
  const response = await harness.call("POST", `${base}/productSpecification`, {
    body: { name: "Seismic processing", serviceSpecification: [{ id: serviceSpecificationId }] },
  });
  expect(response.status).toBe(201);
  return response.body;
}

async function createOffering(specificationId: string, extra: Record<string, unknown> = {}) {
  const response = await harness.call("POST", `${base}/productOffering`, {
    body: {
      name: "Seismic processing, small mine",
      productSpecification: { id: specificationId },
      productOfferingPrice: [{ name: "Monthly fee", priceType: "recurring", recurringChargePeriodType: "month", price: { unit: "EUR", value: 120 } }],
      ...extra,
    },
  });
  expect(response.status).toBe(201);
  return response.body;
}

describe("product specification", () => {
  it("copies the characteristics of its ESO service", async () => {
    const specification = await createSpecification();
    const service = harness.eso.specifications.find((candidate) => candidate.id === seismic)!;

    expect(specification.serviceSpecification).toEqual([expect.objectContaining({ id: seismic, name: service.name, href: service.href })]);
    expect(specification.productSpecCharacteristic.map((characteristic: { name: string }) => characteristic.name)).toEqual(
      service.specCharacteristic!.map((characteristic) => characteristic.name),
    );
    const sensorCount = specification.productSpecCharacteristic.find((characteristic: { name: string }) => characteristic.name === "sensorCount");
    const serviceSensorCount = service.specCharacteristic!.find((characteristic) => characteristic.name === "sensorCount")!;
    expect(sensorCount.valueType).toBe(serviceSensorCount.valueType);
    expect(sensorCount.productSpecCharacteristicValue).toEqual(serviceSensorCount.characteristicValueSpecification);
    expect(specification.domain).toMatchObject({ id: "lulea", name: "Luleå Mining Domain", location: { name: "Luleå, SE" } });
  });

  it("stores characteristics given in the TMF633 form in the TMF620 form", async () => {
    const service = harness.eso.specifications.find((candidate) => candidate.id === seismic)!;
    const response = await harness.call("POST", `${base}/productSpecification`, {
      body: { name: "Seismic, as seeded", serviceSpecification: [{ id: seismic }], productSpecCharacteristic: service.specCharacteristic },
    });

    expect(response.status).toBe(201);
    const first = response.body.productSpecCharacteristic[0];
    expect(first.productSpecCharacteristicValue).toEqual(service.specCharacteristic![0]!.characteristicValueSpecification);
    expect(first.characteristicValueSpecification).toBeUndefined();
  });
});

describe("product offering lifecycle", () => {
  it("is visible to customers only while launched", async () => {
    const specification = await createSpecification();
    const offering = await createOffering(specification.id);
    expect(offering.lifecycleStatus).toBe("In design");

    const hiddenList = await harness.call("GET", `${base}/productOffering`, { as: "customer" });
    expect(hiddenList.body.map((item: { id: string }) => item.id)).not.toContain(offering.id);
    expect((await harness.call("GET", `${base}/productOffering/${offering.id}`, { as: "customer" })).status).toBe(404);
    const adminList = await harness.call("GET", `${base}/productOffering`, { as: "businessAdmin" });
    expect(adminList.body.map((item: { id: string }) => item.id)).toContain(offering.id);

    const launched = await harness.call("PATCH", `${base}/productOffering/${offering.id}`, { as: "businessAdmin", body: { lifecycleStatus: "Launched" } });
    expect(launched.status).toBe(200);
    const visibleList = await harness.call("GET", `${base}/productOffering`, { as: "customer" });
    expect(visibleList.body.map((item: { id: string }) => item.id)).toContain(offering.id);
    const visible = await harness.call("GET", `${base}/productOffering/${offering.id}`, { as: "customer" });
    expect(visible.status).toBe(200);
    expect(visible.body.productSpecification).toMatchObject({ id: specification.id, name: specification.name });

    const retired = await harness.call("PATCH", `${base}/productOffering/${offering.id}`, { as: "businessAdmin", body: { lifecycleStatus: "Retired" } });
    expect(retired.status).toBe(200);
    expect((await harness.call("GET", `${base}/productOffering/${offering.id}`, { as: "customer" })).status).toBe(404);

    const relaunch = await harness.call("PATCH", `${base}/productOffering/${offering.id}`, { as: "businessAdmin", body: { lifecycleStatus: "Launched" } });
    expect(relaunch.status).toBe(422);
    expect(relaunch.body.message).toContain('cannot become "Launched"');
  });

  it("creates catalogue and category once for offerings over ESO services", async () => {
    const { createOfferingOverService, changeOfferingLifecycleStatus } = await import("../catalog/offerings");
    const { db } = await import("../db");
    const admin = { kind: "user" as const, id: harness.userIds.businessAdmin, name: "Bea Business", email: "business@bmp.test", role: "businessAdmin" as const };

    const first = await createOfferingOverService(db(), harness.processorOptions.eso, admin, { serviceSpecificationId: trafficRadars, name: "Traffic counting", monthlyPrice: 300 }, "http://127.0.0.1:39899");
    const second = await createOfferingOverService(db(), harness.processorOptions.eso, admin, { serviceSpecificationId: trafficRadars, name: "Traffic counting XL", oneTimePrice: 1500 }, "http://127.0.0.1:39899");

    expect(first.productOffering.lifecycleStatus).toBe("In design");
    expect(first.productOffering.category).toEqual(second.productOffering.category);
    const catalogs = await harness.call("GET", `${base}/productCatalog?name=${encodeURIComponent("CL2 – Valencia Smart City")}`, { as: "businessAdmin" });
    expect(catalogs.body).toHaveLength(1);
    expect(catalogs.body[0].category).toEqual([expect.objectContaining({ id: (first.productOffering.category as { id: string }[])[0]!.id })]);
    expect(first.productOffering.productOfferingPrice).toEqual([
      { name: "Monthly fee", priceType: "recurring", recurringChargePeriodType: "month", recurringChargePeriodLength: 1, price: { unit: "EUR", value: 300 } },
    ]);
    expect(first.productSpecification.domain).toMatchObject({ id: "valencia", pilotCluster: { code: "CL2" } });

    const launched = await changeOfferingLifecycleStatus(db(), admin, first.productOffering.id, "Launched");
    expect(launched.lifecycleStatus).toBe("Launched");
    const customer = { ...admin, role: "customer" as const };
    await expect(changeOfferingLifecycleStatus(db(), customer, first.productOffering.id, "Retired")).rejects.toMatchObject({ status: 403 });
  });
});

describe("product catalogue bad input", () => {
  const cases: { name: string; method: string; path: () => string; as?: Caller; body?: unknown; status: number; code: string; message?: string }[] = [
    { name: "no token", method: "GET", path: () => `${base}/productOffering`, as: "anonymous", status: 401, code: "unauthorized" },
    { name: "wrong token", method: "POST", path: () => `${base}/productCatalog`, as: "wrongToken", body: { name: "X" }, status: 401, code: "unauthorized" },
    { name: "customer writes", method: "POST", path: () => `${base}/productCatalog`, as: "customer", body: { name: "X" }, status: 403, code: "forbidden" },
    { name: "malformed JSON", method: "POST", path: () => `${base}/productOffering`, body: "{name:", status: 400, code: "invalidJson" },
    { name: "missing name", method: "POST", path: () => `${base}/productCategory`, body: { description: "no name" }, status: 400, code: "invalidBody", message: "name" },
    { name: "wrong type", method: "POST", path: () => `${base}/productOffering`, body: { name: 42, productSpecification: { id: "x" } }, status: 400, code: "invalidBody", message: "name" },
    { name: "unknown offering", method: "GET", path: () => `${base}/productOffering/no-such-offering`, status: 404, code: "notFound" },
    { name: "unknown catalogue", method: "PATCH", path: () => `${base}/productCatalog/no-such-catalog`, body: { name: "Y" }, status: 404, code: "notFound" },
    { name: "offering without specification", method: "POST", path: () => `${base}/productOffering`, body: { name: "Orphan" }, status: 422, code: "unprocessable", message: "productSpecification" },
    { name: "offering of unknown specification", method: "POST", path: () => `${base}/productOffering`, body: { name: "Orphan", productSpecification: { id: "no-such-spec" } }, status: 422, code: "unprocessable", message: "no-such-spec" },
    { name: "offering in unknown category", method: "POST", path: () => `${base}/productOffering`, body: { name: "Lost", productSpecification: { id: "placeholder" }, category: [{ id: "no-such-category" }] }, status: 422, code: "unprocessable" },
    { name: "unknown lifecycle status", method: "POST", path: () => `${base}/productOffering`, body: { name: "Odd", lifecycleStatus: "Shiny", productSpecification: { id: "placeholder" } }, status: 400, code: "invalidBody", message: "lifecycleStatus" },
    { name: "unknown ESO service", method: "POST", path: () => `${base}/productSpecification`, body: { name: "Ghost", serviceSpecification: [{ id: "no-such-service" }] }, status: 422, code: "unprocessable", message: "no-such-service" },
    { name: "repeated ESO service", method: "POST", path: () => `${base}/productSpecification`, body: { name: "Twice", serviceSpecification: [{ id: seismic }, { id: seismic }] }, status: 400, code: "invalidBody", message: "more than once" },
    { name: "characteristic the service lacks", method: "POST", path: () => `${base}/productSpecification`, body: { name: "Extra", serviceSpecification: [{ id: seismic }], productSpecCharacteristic: [{ name: "colour" }] }, status: 422, code: "unprocessable", message: "colour" },
    { name: "server-assigned id", method: "POST", path: () => `${base}/productCatalog`, body: { id: "mine", name: "Mine" }, status: 400, code: "invalidBody", message: "id" },
    { name: "value use of an unknown characteristic", method: "POST", path: () => `${base}/productOffering`, body: { name: "Odd", productSpecification: { id: "placeholder" }, prodSpecCharValueUse: [{ name: "colour" }] }, status: 422, code: "unprocessable", message: '"colour"' },
    { name: "value use of another valueType", method: "POST", path: () => `${base}/productOffering`, body: { name: "Odd", productSpecification: { id: "placeholder" }, prodSpecCharValueUse: [{ name: "replicas", valueType: "string" }] }, status: 422, code: "unprocessable", message: "valueType" },
    { name: "value use outside the specification", method: "POST", path: () => `${base}/productOffering`, body: { name: "Odd", productSpecification: { id: "placeholder" }, prodSpecCharValueUse: [{ name: "samplingRateHz", productSpecCharacteristicValue: [{ value: 500 }, { value: 7 }] }] }, status: 422, code: "unprocessable", message: "outside the product specification" },
    { name: "value use given twice", method: "POST", path: () => `${base}/productOffering`, body: { name: "Odd", productSpecification: { id: "placeholder" }, prodSpecCharValueUse: [{ name: "replicas" }, { name: "replicas" }] }, status: 400, code: "invalidBody", message: "more than once" },
    { name: "deleting an unknown specification", method: "DELETE", path: () => `${base}/productSpecification/no-such-spec`, status: 404, code: "notFound" },
    { name: "deleting an unknown offering", method: "DELETE", path: () => `${base}/productOffering/no-such-offering`, status: 404, code: "notFound" },
    { name: "customer deleting a specification", method: "DELETE", path: () => `${base}/productSpecification/no-such-spec`, as: "customer", status: 403, code: "forbidden" },
  ];

  it.each(cases)("rejects $name", async (testCase) => {
    const before = await rowCounts();
    let path = testCase.path();
    let body = testCase.body;
    // Cases that must pass the specification check to reach theirs reference a real one.
    if (typeof body === "object" && body !== null && JSON.stringify(body).includes('"placeholder"')) {
      const specification = await createSpecification();
      body = JSON.parse(JSON.stringify(body).replace('"placeholder"', JSON.stringify(specification.id)));
      before.productSpecification = (before.productSpecification ?? 0) + 1;
    }
    path = path.replace("{id}", "");

    const response = await harness.call(testCase.method, path, { as: testCase.as, body });

    expect(response.status).toBe(testCase.status);
    expect(response.body).toMatchObject({ code: testCase.code, status: String(testCase.status), reason: expect.any(String), message: expect.any(String) });
    if (testCase.message) expect(response.body.message).toContain(testCase.message);
    expect(await rowCounts()).toEqual(before);
  });
});

describe("product catalogue deletion", () => {
  it("rejects deleting a specification an offering sells", async () => {
    const specification = await createSpecification();
    const offering = await createOffering(specification.id);

    const rejected = await harness.call("DELETE", `${base}/productSpecification/${specification.id}`, { as: "businessAdmin" });
    expect(rejected.status).toBe(409);
    expect(rejected.body).toMatchObject({ code: "conflict", status: "409" });
    expect(rejected.body.message).toContain(offering.name);
    expect((await harness.call("GET", `${base}/productSpecification/${specification.id}`)).status).toBe(200);

    expect((await harness.call("DELETE", `${base}/productOffering/${offering.id}`, { as: "businessAdmin" })).status).toBe(204);
    expect((await harness.call("DELETE", `${base}/productSpecification/${specification.id}`, { as: "businessAdmin" })).status).toBe(204);
    expect((await harness.call("GET", `${base}/productSpecification/${specification.id}`)).status).toBe(404);
  });

  it("follows the offering to its new specification", async () => {
    const first = await createSpecification();
    const second = await createSpecification(trafficRadars);
    const offering = await createOffering(first.id);

    const moved = await harness.call("PATCH", `${base}/productOffering/${offering.id}`, { as: "businessAdmin", body: { productSpecification: { id: second.id } } });
    expect(moved.status).toBe(200);

    expect((await harness.call("DELETE", `${base}/productSpecification/${second.id}`, { as: "businessAdmin" })).status).toBe(409);
    expect((await harness.call("DELETE", `${base}/productSpecification/${first.id}`, { as: "businessAdmin" })).status).toBe(204);
  });
});

describe("catalogue references", () => {
  it("rebuilds the specification reference on patch", async () => {
    const first = await createSpecification();
    const second = await harness.call("POST", `${base}/productSpecification`, { body: { name: "Maritime traffic", version: "2.1", serviceSpecification: [{ id: trafficRadars }] } });
    const offering = await createOffering(first.id);
    expect(offering.productSpecification).toEqual({ id: first.id, href: first.href, name: first.name, version: first.version, "@referredType": "ProductSpecification" });

    const moved = await harness.call("PATCH", `${base}/productOffering/${offering.id}`, { as: "businessAdmin", body: { productSpecification: { id: second.body.id } } });
    expect(moved.body.productSpecification).toEqual({ id: second.body.id, href: second.body.href, name: "Maritime traffic", version: "2.1", "@referredType": "ProductSpecification" });

    const forged = await harness.call("PATCH", `${base}/productOffering/${offering.id}`, {
      as: "businessAdmin",
      body: { productSpecification: { id: second.body.id, href: "http://127.0.0.1:1/forged", name: "Forged" } },
    });
    expect(forged.status).toBe(200);
    expect(forged.body.productSpecification.href).toBe(second.body.href);
    expect(forged.body.productSpecification.name).toBe("Maritime traffic");
  });

  it("rebuilds category references", async () => {
    const category = await harness.call("POST", `${base}/productCategory`, { body: { name: "Seismic monitoring" } });
    const specification = await createSpecification();
    const offering = await createOffering(specification.id, { category: [{ id: category.body.id, href: "http://127.0.0.1:1/forged", name: "Forged" }] });

    expect(offering.category).toEqual([{ id: category.body.id, href: category.body.href, name: "Seismic monitoring", version: "1.0", "@referredType": "Category" }]);
  });

  it("restores the ESO service reference", async () => {
    const specification = await createSpecification();
    const service = harness.eso.specifications.find((candidate) => candidate.id === seismic)!;

    const patched = await harness.call("PATCH", `${base}/productSpecification/${specification.id}`, {
      as: "businessAdmin",
      body: { serviceSpecification: [{ id: seismic, href: "http://127.0.0.1:1/forged", name: "Forged" }] },
    });

    expect(patched.status).toBe(200);
    expect(patched.body.serviceSpecification).toEqual([expect.objectContaining({ id: seismic, href: service.href, name: service.name })]);
  });
});

describe("product offering value uses", () => {
  it("stores the characteristics customers may set", async () => {
    const specification = await createSpecification();
    const offering = await createOffering(specification.id, {
      prodSpecCharValueUse: [{ name: "replicas" }, { name: "samplingRateHz", productSpecCharacteristicValue: [{ value: 250 }, { value: 500, isDefault: true }] }],
    });

    expect(offering.prodSpecCharValueUse).toEqual([
      expect.objectContaining({ name: "replicas", valueType: "integer", productSpecification: expect.objectContaining({ id: specification.id, href: specification.href }) }),
      expect.objectContaining({ name: "samplingRateHz", valueType: "integer", productSpecCharacteristicValue: [{ value: 250 }, { value: 500, isDefault: true }] }),
    ]);
  });

  it("chooses all but technical characteristics by default", async () => {
    const { createOfferingOverService } = await import("../catalog/offerings");
    const { db } = await import("../db");
    const admin = { kind: "user" as const, id: harness.userIds.businessAdmin, name: "Bea Business", email: "business@bmp.test", role: "businessAdmin" as const };
    const service = harness.eso.specifications.find((candidate) => candidate.id === trafficRadars)!;

    const created = await createOfferingOverService(db(), harness.processorOptions.eso, admin, { serviceSpecificationId: trafficRadars, name: "Traffic, standard" }, "http://127.0.0.1:39899");
    const names = (created.productOffering.prodSpecCharValueUse as { name: string }[]).map((use) => use.name);
    expect(names).toEqual(
      service.specCharacteristic!.map((characteristic) => characteristic.name).filter((name) => !["artifactRegistry", "artifactName", "targetCluster"].includes(name)),
    );

    const chosen = await createOfferingOverService(
      db(),
      harness.processorOptions.eso,
      admin,
      { serviceSpecificationId: trafficRadars, name: "Traffic, fixed size", customerCharacteristics: ["orderDuration"] },
      "http://127.0.0.1:39899",
    );
    expect((chosen.productOffering.prodSpecCharValueUse as { name: string }[]).map((use) => use.name)).toEqual(["orderDuration"]);

    await expect(
      createOfferingOverService(db(), harness.processorOptions.eso, admin, { serviceSpecificationId: trafficRadars, name: "Traffic, odd", customerCharacteristics: ["colour"] }, "http://127.0.0.1:39899"),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('"colour"') });
  });
});
