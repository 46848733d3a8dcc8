import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import { sha256Hex } from "@cop-pilot/data-management";
import { startRecordingServer, type RecordingServer } from "@cop-pilot/data-management/testing";
import { doSchema } from "@cop-pilot/db";
import { stopTestServer } from "@cop-pilot/db/testing";
import { createLogger } from "@cop-pilot/logger";
import { getDomain } from "@cop-pilot/service-library";
import { createDoTestEnvironment, dropDoTestEnvironment, noParams, routeParams, tmfRequest, type DoTestDatabase } from "../testing/do-test-context";

// A DaaS specification ordered through the DO's TMF641 API: the consumer's
// token is denied before the order, reads and subscribes while the service
// is active, and is denied again once the service has ended.

const domain = getDomain("preveza");
const consumerToken = "valencia-reads-biogas-0123456789";

let database: DoTestDatabase;
let receiver: RecordingServer;
let app: Awaited<ReturnType<typeof loadApp>>;
let specificationId: string;

async function loadApp() {
  return {
    orders: await import("@/app/tmf-api/serviceOrdering/v4/serviceOrder/route"),
    order: await import("@/app/tmf-api/serviceOrdering/v4/serviceOrder/[id]/route"),
    services: await import("@/app/tmf-api/serviceInventory/v4/service/route"),
    specification: await import("@/app/tmf-api/serviceCatalogManagement/v4/serviceSpecification/[id]/route"),
    entities: await import("@/app/ngsi-ld/v1/entities/route"),
    upsert: await import("@/app/ngsi-ld/v1/entityOperations/upsert/route"),
    temporal: await import("@/app/ngsi-ld/v1/temporal/entities/route"),
    subscriptions: await import("@/app/ngsi-ld/v1/subscriptions/route"),
    dcat: await import("@/app/dcat/catalog/route"),
    datasets: await import("./datasets"),
    notifier: (await import("./ngsi-ld")).dataNotifier,
    processor: await import("../ordering/processor"),
    clusterModule: await import("../cluster"),
    seedParty: await import("../seed/party"),
    db: (await import("../db")).db,
  };
}

function processor() {
  return app.processor.createOrderProcessor({
    db: app.db(),
    cluster: app.clusterModule.cluster(),
    domain,
    baseUrl: "http://127.0.0.1:39610",
    pollIntervalMs: 50,
    log: createLogger("order-processor-test"),
  });
}

function reading(id: string, observedAt: string, methane: number) {
  return {
    id: `urn:ngsi-ld:BiogasReading:${id}`,
    type: "BiogasReading",
    methane: { type: "Property", value: methane, unitCode: "P1", observedAt },
    digesterTemperature: { type: "Property", value: 38.2, unitCode: "CEL", observedAt },
  };
}

beforeAll(async () => {
  database = await createDoTestEnvironment({ domainId: "preveza" });
  vi.stubEnv("DATA_MANAGEMENT", "enabled");
  receiver = await startRecordingServer();
  app = await loadApp();
  await app.seedParty.ensureDomainOwnerOrganization(app.db(), domain, "http://127.0.0.1:39610");
  const dataset = await app.datasets.createDomainDataset({
    entityType: "BiogasReading",
    title: "Preveza biogas plant process sensors",
    description: {
      description: "Digester temperature and methane content of the biogas plant near Preveza.",
      keywords: ["biogas"],
      license: "CC-BY-4.0",
      publisher: "Preveza",
      accrualPeriodicity: "continuous",
    },
  });
  specificationId = dataset.serviceSpecificationId!;
  const response = await app.upsert.POST(tmfRequest("POST", "/ngsi-ld/v1/entityOperations/upsert", { body: [reading("digester-1", "2026-05-01T10:00:00Z", 55.1)] }), noParams);
  expect(response.status).toBe(201);
});

afterAll(async () => {
  await receiver?.close();
  await dropDoTestEnvironment(database);
  await stopTestServer();
});

describe("DaaS order", () => {
  it("publishes the dataset as a TMF633 specification", async () => {
    const response = await app.specification.GET(tmfRequest("GET", `/tmf-api/serviceCatalogManagement/v4/serviceSpecification/${specificationId}`), routeParams({ id: specificationId }));
    const specification = await response.json();
    expect(specification.name).toBe("Preveza biogas plant process sensors (Data-as-a-Service)");
    expect(specification.category[0].name).toBe("Data-as-a-Service");
    expect(specification.specCharacteristic.map((characteristic: { name: string }) => characteristic.name)).toEqual(
      expect.arrayContaining(["datasetId", "entityType", "consumerParty", "accessMode", "accessTokenSha256"]),
    );
  });

  it("lists the dataset in the DCAT-AP catalogue", async () => {
    const catalog = await (await app.dcat.GET(tmfRequest("GET", "/dcat/catalog"), noParams)).json();
    expect(catalog["dcat:dataset"][0]).toMatchObject({ "dct:title": "Preveza biogas plant process sensors", "dct:license": "CC-BY-4.0" });
  });

  it("rejects an invalid token hash", async () => {
    const body = { serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: specificationId }, serviceCharacteristic: [{ name: "accessTokenSha256", value: "not-a-hash" }] } }] };
    const response = await app.orders.POST(tmfRequest("POST", "/tmf-api/serviceOrdering/v4/serviceOrder", { body }), noParams);
    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain("accessTokenSha256");
  });

  it("grants access while the service is active", async () => {
    const denied = await app.entities.GET(tmfRequest("GET", "/ngsi-ld/v1/entities?type=BiogasReading", { token: consumerToken }), noParams);
    expect(denied.status).toBe(401);

    const body = {
      externalId: "eso-order-daas",
      serviceOrderItem: [
        {
          id: "1",
          action: "add",
          service: {
            serviceSpecification: { id: specificationId },
            serviceCharacteristic: [
              { name: "consumerParty", value: "valencia" },
              { name: "accessMode", value: "subscribe" },
              { name: "accessTokenSha256", value: sha256Hex(consumerToken) },
            ],
          },
        },
      ],
    };
    const placed = await app.orders.POST(tmfRequest("POST", "/tmf-api/serviceOrdering/v4/serviceOrder", { body }), noParams);
    expect(placed.status).toBe(201);
    await processor().runOnce();
    await processor().runOnce();

    const read = await app.entities.GET(tmfRequest("GET", "/ngsi-ld/v1/entities?type=BiogasReading", { token: consumerToken }), noParams);
    expect(read.status).toBe(200);
    expect((await read.json())[0].methane.value).toBe(55.1);
    const history = await app.temporal.GET(tmfRequest("GET", "/ngsi-ld/v1/temporal/entities?type=BiogasReading&attrs=methane", { token: consumerToken }), noParams);
    expect((await history.json())[0].methane).toHaveLength(1);

    const subscribed = await app.subscriptions.POST(
      tmfRequest("POST", "/ngsi-ld/v1/subscriptions", { token: consumerToken, body: { type: "Subscription", entities: [{ type: "BiogasReading" }], notification: { endpoint: { uri: `${receiver.url}/biogas` } } } }),
      noParams,
    );
    expect(subscribed.status).toBe(201);
    await app.upsert.POST(tmfRequest("POST", "/ngsi-ld/v1/entityOperations/upsert", { body: [reading("digester-1", "2026-05-01T10:01:00Z", 56.3)] }), noParams);
    await app.notifier().whenIdle();
    const [notification] = await receiver.waitFor(1);
    expect(notification).toMatchObject({ type: "Notification", data: [{ id: "urn:ngsi-ld:BiogasReading:digester-1", methane: { value: 56.3 } }] });
  });

  it("denies access after a delete order", async () => {
    const token = "central-macedonia-reads-biogas-01";
    const characteristics = [
      { name: "consumerParty", value: "central-macedonia" },
      { name: "accessTokenSha256", value: sha256Hex(token) },
    ];
    const add = { serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: specificationId }, serviceCharacteristic: characteristics } }] };
    const placed = await (await app.orders.POST(tmfRequest("POST", "/tmf-api/serviceOrdering/v4/serviceOrder", { body: add }), noParams)).json();
    await processor().runOnce();
    await processor().runOnce();
    const completed = await (await app.order.GET(tmfRequest("GET", `/tmf-api/serviceOrdering/v4/serviceOrder/${placed.id}`), routeParams({ id: placed.id }))).json();
    expect(completed.state).toBe("completed");
    const serviceId = completed.serviceOrderItem[0].service.id;
    expect((await app.entities.GET(tmfRequest("GET", "/ngsi-ld/v1/entities?type=BiogasReading", { token }), noParams)).status).toBe(200);

    const remove = { serviceOrderItem: [{ id: "1", action: "delete", service: { id: serviceId } }] };
    expect((await app.orders.POST(tmfRequest("POST", "/tmf-api/serviceOrdering/v4/serviceOrder", { body: remove }), noParams)).status).toBe(201);
    await processor().runOnce();
    await processor().runOnce();

    expect((await app.entities.GET(tmfRequest("GET", "/ngsi-ld/v1/entities?type=BiogasReading", { token }), noParams)).status).toBe(401);
  });

  it("denies access once the service has ended", async () => {
    await app
      .db()
      .update(doSchema.service)
      .set({ document: sql`jsonb_set(${doSchema.service.document}, '{endDate}', '"2020-01-01T00:00:00.000Z"')` });
    const summary = await processor().runOnce();
    expect(summary.terminatedServices).toBe(1);

    const denied = await app.entities.GET(tmfRequest("GET", "/ngsi-ld/v1/entities?type=BiogasReading", { token: consumerToken }), noParams);
    expect(denied.status).toBe(401);

    await app.upsert.POST(tmfRequest("POST", "/ngsi-ld/v1/entityOperations/upsert", { body: [reading("digester-1", "2026-05-01T10:02:00Z", 57)] }), noParams);
    await app.notifier().whenIdle();
    expect(receiver.received).toHaveLength(1);
  });
});

describe("disabled Data Management", () => {
  it("answers 404 on the NGSI-LD API", async () => {
    vi.stubEnv("DATA_MANAGEMENT", "disabled");
    // The environment is read once per module instance, so the route is loaded afresh.
    vi.resetModules();
    const entities = await import("@/app/ngsi-ld/v1/entities/route");
    const response = await entities.GET(tmfRequest("GET", "/ngsi-ld/v1/entities?type=BiogasReading"), noParams);
    expect(response.status).toBe(404);
  });
});
