import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { ClusterError, type ClusterDriver } from "@cop-pilot/cluster";
import { doSchema } from "@cop-pilot/db";
import { stopTestServer } from "@cop-pilot/db/testing";
import { createLogger } from "@cop-pilot/logger";
import { getDomain } from "@cop-pilot/service-library";
import {
  createDoTestEnvironment,
  dropDoTestEnvironment,
  noParams,
  routeParams,
  tmfRequest,
  type DoTestDatabase,
} from "../testing/do-test-context";

// The simulated cluster fails every deployment of this specification's artifact; an order cannot choose another artifact.
const failingArtifact = "evomining-asset-tracking";
const domain = getDomain("lulea");
const ordersPath = "/tmf-api/serviceOrdering/v4/serviceOrder";
const cancelPath = "/tmf-api/serviceOrdering/v4/cancelServiceOrder";
const servicesPath = "/tmf-api/serviceInventory/v4/service";
const resourcesPath = "/tmf-api/resourceInventoryManagement/v4/resource";

let database: DoTestDatabase;
let app: Awaited<ReturnType<typeof loadApp>>;
let specificationId: string;
let failingSpecificationId: string;
let specificationName: string;
let characteristicCount: number;

async function loadApp() {
  return {
    orders: await import("@/app/tmf-api/serviceOrdering/v4/serviceOrder/route"),
    order: await import("@/app/tmf-api/serviceOrdering/v4/serviceOrder/[id]/route"),
    cancels: await import("@/app/tmf-api/serviceOrdering/v4/cancelServiceOrder/route"),
    cancel: await import("@/app/tmf-api/serviceOrdering/v4/cancelServiceOrder/[id]/route"),
    services: await import("@/app/tmf-api/serviceInventory/v4/service/route"),
    resource: await import("@/app/tmf-api/resourceInventoryManagement/v4/resource/[id]/route"),
    processor: await import("./processor"),
    clusterModule: await import("../cluster"),
    seedParty: await import("../seed/party"),
    seedCatalog: await import("../seed/service-catalog"),
    seedResources: await import("../seed/resources"),
    db: (await import("../db")).db,
  };
}

/** An order of the specification whose artifact the cluster fails to deploy. */
function failingOrderBody() {
  const body = orderBody();
  body.serviceOrderItem[0]!.service.serviceSpecification.id = failingSpecificationId;
  return body;
}

function orderBody(characteristics: { name: string; value: unknown }[] = [], extra: Record<string, unknown> = {}) {
  return {
    externalId: "eso-order-1",
    description: "Seismic processing for the test mine",
    serviceOrderItem: [
      {
        id: "1",
        action: "add",
        service: { serviceSpecification: { id: specificationId }, serviceCharacteristic: characteristics },
      },
    ],
    ...extra,
  };
}

async function placeOrder(body: unknown, headers: Record<string, string> = {}) {
  const response = await app.orders.POST(tmfRequest("POST", ordersPath, { body, headers }), noParams);
  return { response, order: await response.json() };
}

async function getOrder(id: string) {
  const response = await app.order.GET(tmfRequest("GET", `${ordersPath}/${id}`), routeParams({ id }));
  expect(response.status).toBe(200);
  return response.json();
}

function processor(cluster: ClusterDriver = app.clusterModule.cluster()) {
  return app.processor.createOrderProcessor({
    db: app.db(),
    cluster,
    domain,
    baseUrl: "http://127.0.0.1:39610",
    pollIntervalMs: 50,
    log: createLogger("order-processor-test"),
  });
}

/** Creates a simulated cluster over the same store whose rollouts take `readyDelayMs`. */
function slowCluster(readyDelayMs: number): ClusterDriver {
  return app.clusterModule.createDomainCluster(app.db(), {
    kind: "simulated",
    name: domain.computeCluster,
    readyDelayMs,
    failArtifacts: [failingArtifact],
  });
}

async function cancelOrder(id: string, reason = "no longer needed") {
  const response = await app.cancels.POST(tmfRequest("POST", cancelPath, { body: { serviceOrder: { id }, cancellationReason: reason } }), noParams);
  return { response, body: await response.json() };
}

async function historyOf(orderId: string) {
  return database.db
    .select()
    .from(doSchema.serviceOrderStateHistory)
    .where(eq(doSchema.serviceOrderStateHistory.serviceOrderId, orderId))
    .orderBy(doSchema.serviceOrderStateHistory.seq);
}

async function servicesOf(orderId: string) {
  const response = await app.services.GET(tmfRequest("GET", `${servicesPath}?serviceOrderItem.serviceOrderId=${orderId}`), noParams);
  expect(response.status).toBe(200);
  return response.json();
}

/** Returns the Kubernetes name of an item's deployment; the supportingResource names it "namespace/name". */
function deploymentName(order: { serviceOrderItem: { service: { supportingResource?: { name: string }[] } }[] }, index = 0) {
  return order.serviceOrderItem[index]!.service.supportingResource![0]!.name.split("/")[1]!;
}

async function getResource(id: string) {
  const response = await app.resource.GET(tmfRequest("GET", `${resourcesPath}/${id}`), routeParams({ id }));
  return { status: response.status, body: await response.json() };
}

function characteristicOf(document: { resourceCharacteristic: { name: string; value: unknown }[] }, name: string): unknown {
  return document.resourceCharacteristic.find((entry) => entry.name === name)?.value;
}

async function controllerResource() {
  const [row] = await database.db.select().from(doSchema.resource).where(eq(doSchema.resource.name, domain.computeCluster));
  return row!.document as { usageState: string; resourceCharacteristic: { name: string; value: unknown }[] };
}

beforeAll(async () => {
  database = await createDoTestEnvironment({ domainId: "lulea", readyDelayMs: 0, failArtifacts: [failingArtifact] });
  app = await loadApp();
  const owner = await app.seedParty.ensureDomainOwnerOrganization(app.db(), domain, "http://127.0.0.1:39610");
  await app.seedCatalog.seedServiceCatalog(app.db(), domain, "http://127.0.0.1:39610", owner);
  await app.seedResources.refreshClusterResources(app.db(), app.clusterModule.cluster(), domain, "http://127.0.0.1:39610", owner);
  const [specification] = await database.db
    .select({ id: doSchema.serviceSpecification.id, document: doSchema.serviceSpecification.document })
    .from(doSchema.serviceSpecification)
    .where(eq(doSchema.serviceSpecification.name, "BEMIS Multi-sensing Seismic Processing"));
  specificationId = specification!.id;
  const [failing] = await database.db
    .select({ id: doSchema.serviceSpecification.id })
    .from(doSchema.serviceSpecification)
    .where(eq(doSchema.serviceSpecification.name, "EvoMining Asset Tracking"));
  failingSpecificationId = failing!.id;
  specificationName = specification!.document.name as string;
  characteristicCount = (specification!.document.specCharacteristic as unknown[]).length;
});

afterAll(async () => {
  await dropDoTestEnvironment(database);
  await stopTestServer();
});

describe("service order path", () => {
  it("acknowledges an order with defaults filled in", async () => {
    const { response, order } = await placeOrder(orderBody([{ name: "sensorCount", value: 32 }]));

    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe(order.href);
    expect(order.state).toBe("acknowledged");
    expect(order.orderDate).toBeTypeOf("string");
    expect(order.externalId).toBe("eso-order-1");
    const item = order.serviceOrderItem[0];
    expect(item.state).toBe("acknowledged");
    expect(item.service.serviceSpecification.name).toBe(specificationName);
    expect(item.service.serviceCharacteristic).toHaveLength(characteristicCount);
    expect(item.service.serviceCharacteristic).toContainEqual({ name: "sensorCount", valueType: "integer", value: 32 });
    expect(item.service.serviceCharacteristic).toContainEqual({ name: "orderDuration", valueType: "integer", value: 30 });
    expect(order.milestone.map((milestone: { status: string }) => milestone.status)).toEqual(["acknowledged"]);
    expect((await historyOf(order.id)).map((row) => row.state)).toEqual(["acknowledged"]);
  });

  it("completes an order and records its service", async () => {
    const { order: placed } = await placeOrder(orderBody([{ name: "replicas", value: 2 }]));

    const summary = await processor().runOnce();

    expect(summary.errors).toBe(0);
    const order = await getOrder(placed.id);
    expect(order.state).toBe("completed");
    expect(order.startDate).toBeTypeOf("string");
    expect(order.completionDate).toBeTypeOf("string");
    expect(order.serviceOrderItem[0].state).toBe("completed");
    expect(order.milestone.filter((milestone: { name: string }) => milestone.name === "orderStateChange").map((milestone: { status: string }) => milestone.status)).toEqual([
      "acknowledged",
      "inProgress",
      "completed",
    ]);
    const history = await historyOf(order.id);
    expect(history.filter((row) => !row.detail?.orderItemId).map((row) => row.state)).toEqual(["acknowledged", "inProgress", "completed"]);
    expect(history.filter((row) => row.detail?.orderItemId === "1").map((row) => row.detail?.itemState)).toEqual(["inProgress", "completed"]);

    const name = deploymentName(order);
    const status = await app.clusterModule.cluster().getDeploymentStatus({ namespace: "lulea", name });
    expect(status.phase).toBe("available");
    expect(status.replicas).toBe(2);

    const services = await servicesOf(order.id);
    expect(services).toHaveLength(1);
    const service = services[0];
    expect(service.state).toBe("active");
    expect(service.serviceSpecification.id).toBe(specificationId);
    expect(service.serviceOrderItem[0]).toMatchObject({ serviceOrderId: order.id, itemId: "1" });
    expect(service.supportingResource[0]).toEqual({
      id: `lulea.${name}`,
      href: `http://127.0.0.1:39610${resourcesPath}/lulea.${name}`,
      name: `lulea/${name}`,
      "@referredType": "KubernetesDeployment",
    });
    expect(order.serviceOrderItem[0].service.supportingResource).toEqual(service.supportingResource);
    expect(Date.parse(service.endDate) - Date.parse(service.startDate)).toBe(30 * 24 * 60 * 60 * 1000);
    expect(order.serviceOrderItem[0].service.id).toBe(service.id);
  });

  it("passes other characteristics to the deployment as config", async () => {
    const { order: placed } = await placeOrder(orderBody([{ name: "samplingRateHz", value: 1000 }]));
    await processor().runOnce();
    const order = await getOrder(placed.id);

    const [record] = await database.db
      .select()
      .from(doSchema.simulatedClusterRecord)
      .where(eq(doSchema.simulatedClusterRecord.key, `${domain.computeCluster}/lulea/${deploymentName(order)}`));
    expect(record!.record).toMatchObject({
      artifact: { registry: domain.artifactRegistry, name: "bemis-multi-sensing-seismic", version: "1.0.0" },
      replicas: 1,
      config: { samplingRateHz: "1000", sensorCount: "16", auxiliarySensorsEnabled: "true" },
      labels: { "cop-pilot/service-order-id": order.id, "cop-pilot/service-order-item-id": "1" },
    });
    expect(record!.record.config).not.toHaveProperty("artifactName");
  });

  it("fails an order whose artifact fails to deploy", async () => {
    const { order: placed } = await placeOrder(failingOrderBody());

    await processor().runOnce();

    const order = await getOrder(placed.id);
    expect(order.state).toBe("failed");
    expect(order.serviceOrderItem[0].state).toBe("failed");
    expect(order.errorMessage[0].message).toContain(failingArtifact);
    expect(order.note.at(-1).text).toContain(failingArtifact);
    expect(order.serviceOrderItem[0].errorMessage[0].serviceOrderItem[0].itemId).toBe("1");
    expect(await servicesOf(order.id)).toHaveLength(0);
    const status = await app.clusterModule.cluster().getDeploymentStatus({ namespace: "lulea", name: deploymentName(order) });
    expect(status.phase).toBe("notFound");
  });

  it("cancels the other items when one fails", async () => {
    const body = orderBody();
    body.serviceOrderItem.push({
      id: "2",
      action: "add",
      service: { serviceSpecification: { id: failingSpecificationId }, serviceCharacteristic: [] },
    });
    const { order: placed } = await placeOrder(body);

    await processor().runOnce();

    const order = await getOrder(placed.id);
    expect(order.state).toBe("failed");
    expect(order.serviceOrderItem.map((item: { state: string }) => item.state)).toEqual(["cancelled", "failed"]);
    for (const index of [0, 1]) {
      const status = await app.clusterModule.cluster().getDeploymentStatus({ namespace: "lulea", name: deploymentName(order, index) });
      expect(status.phase).toBe("notFound");
    }
  });

  it("retries an order while the cluster is unreachable", async () => {
    const { order: placed } = await placeOrder(orderBody());
    const healthy = app.clusterModule.cluster();
    const unreachable: ClusterDriver = {
      ...healthy,
      deploy: async () => {
        throw new ClusterError("unreachable", "connect ECONNREFUSED 127.0.0.1:6443");
      },
    };

    // The retry time counts from the start of the pass's transaction, so a slow machine may already have passed it.
    const passStartedAt = Date.now();
    const first = await processor(unreachable).runOnce();

    expect(first.errors).toBe(1);
    const waiting = await getOrder(placed.id);
    expect(waiting.state).toBe("acknowledged");
    const [row] = await database.db
      .select({ nextAttemptAt: doSchema.serviceOrder.nextAttemptAt })
      .from(doSchema.serviceOrder)
      .where(eq(doSchema.serviceOrder.id, placed.id));
    expect(row!.nextAttemptAt!.getTime()).toBeGreaterThan(passStartedAt);

    await database.db.update(doSchema.serviceOrder).set({ nextAttemptAt: sql`now()` }).where(eq(doSchema.serviceOrder.id, placed.id));
    await processor(healthy).runOnce();
    expect((await getOrder(placed.id)).state).toBe("completed");
  });

  it("resumes an inProgress order after a restart", async () => {
    const { order: placed } = await placeOrder(orderBody());

    await processor(slowCluster(300)).runOnce();
    const inProgress = await getOrder(placed.id);
    expect(inProgress.state).toBe("inProgress");
    expect(inProgress.serviceOrderItem[0].state).toBe("inProgress");

    // A new driver and processor over the same database stand for the restarted process.
    await new Promise((resolve) => setTimeout(resolve, 350));
    const restarted = processor(slowCluster(300));
    await restarted.runOnce();

    const order = await getOrder(placed.id);
    expect(order.state).toBe("completed");
    expect(await servicesOf(order.id)).toHaveLength(1);
    const [record] = await database.db
      .select()
      .from(doSchema.simulatedClusterRecord)
      .where(eq(doSchema.simulatedClusterRecord.key, `${domain.computeCluster}/lulea/${deploymentName(order)}`));
    expect(record!.record.generation).toBe(1);
  });

  it("runs the processor on a timer until stopped", async () => {
    const { order: placed } = await placeOrder(orderBody());
    const running = processor();
    running.start();
    try {
      await expect.poll(async () => (await getOrder(placed.id)).state, { timeout: 5000, interval: 50 }).toBe("completed");
    } finally {
      await running.stop();
    }
  });

  it("terminates a service whose orderDuration ended", async () => {
    const { order: placed } = await placeOrder(orderBody());
    await processor().runOnce();
    const [service] = await servicesOf(placed.id);
    await database.db
      .update(doSchema.service)
      .set({ document: sql`jsonb_set(${doSchema.service.document}, '{endDate}', '"2020-01-01T00:00:00.000Z"')` })
      .where(eq(doSchema.service.id, service.id));

    const summary = await processor().runOnce();

    expect(summary.terminatedServices).toBe(1);
    const [terminated] = await servicesOf(placed.id);
    expect(terminated.state).toBe("terminated");
    const order = await getOrder(placed.id);
    const status = await app.clusterModule.cluster().getDeploymentStatus({ namespace: "lulea", name: deploymentName(order) });
    expect(status.phase).toBe("notFound");
  });

  it("waits for the requestedStartDate", async () => {
    const start = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const { order: placed } = await placeOrder(orderBody([], { requestedStartDate: start }));

    await processor().runOnce();

    expect((await getOrder(placed.id)).state).toBe("acknowledged");
  });
});

describe("service order cancellation", () => {
  const cancel = cancelOrder;

  it("cancels an acknowledged order", async () => {
    const { order: placed } = await placeOrder(orderBody());

    const { response, body } = await cancel(placed.id);

    expect(response.status).toBe(201);
    expect(body.state).toBe("done");
    expect(body.serviceOrder.id).toBe(placed.id);
    expect(body.effectiveCancellationDate).toBeTypeOf("string");
    const order = await getOrder(placed.id);
    expect(order.state).toBe("cancelled");
    expect(order.cancellationReason).toBe("no longer needed");
    expect(order.serviceOrderItem[0].state).toBe("cancelled");

    await processor().runOnce();
    expect((await getOrder(placed.id)).state).toBe("cancelled");

    const stored = await app.cancel.GET(tmfRequest("GET", `${cancelPath}/${body.id}`), routeParams({ id: body.id }));
    expect(stored.status).toBe(200);
  });

  it("removes the deployments of an inProgress order", async () => {
    const { order: placed } = await placeOrder(orderBody());
    await processor(slowCluster(60_000)).runOnce();
    const inProgress = await getOrder(placed.id);
    expect(inProgress.state).toBe("inProgress");
    const name = deploymentName(inProgress);
    expect((await app.clusterModule.cluster().getDeploymentStatus({ namespace: "lulea", name })).phase).not.toBe("notFound");

    const { response } = await cancel(placed.id);

    expect(response.status).toBe(201);
    expect((await getOrder(placed.id)).state).toBe("cancelled");
    expect((await app.clusterModule.cluster().getDeploymentStatus({ namespace: "lulea", name })).phase).toBe("notFound");
    expect(await servicesOf(placed.id)).toHaveLength(0);
  });

  it("rejects cancelling a final order", async () => {
    const { order: placed } = await placeOrder(orderBody());
    await processor().runOnce();
    const before = await database.db.select().from(doSchema.cancelServiceOrder);

    const { response, body } = await cancel(placed.id);

    expect(response.status).toBe(409);
    expect(body).toMatchObject({ code: "conflict", status: "409" });
    expect(body.message).toContain("completed");
    expect(await database.db.select().from(doSchema.cancelServiceOrder)).toHaveLength(before.length);
    expect((await getOrder(placed.id)).state).toBe("completed");
  });

  it("rejects cancelling an unknown order", async () => {
    const { response, body } = await cancel("no-such-order");

    expect(response.status).toBe(404);
    expect(body.message).toContain("no-such-order");
  });

  it("finishes a cancellation once the cluster is back", async () => {
    const { order: placed } = await placeOrder(orderBody());
    const healthy = app.clusterModule.cluster();
    const original = healthy.deleteDeployment;
    healthy.deleteDeployment = async () => {
      throw new ClusterError("timeout", "the API server did not answer within 30000 ms");
    };
    let cancellation: { id: string; state: string };
    try {
      const { response, body } = await cancel(placed.id);
      expect(response.status).toBe(201);
      cancellation = body;
    } finally {
      healthy.deleteDeployment = original;
    }
    expect(cancellation.state).toBe("inProgress");
    expect((await getOrder(placed.id)).state).toBe("pendingCancellation");

    await database.db.update(doSchema.serviceOrder).set({ nextAttemptAt: sql`now()` }).where(eq(doSchema.serviceOrder.id, placed.id));
    await processor(healthy).runOnce();

    expect((await getOrder(placed.id)).state).toBe("cancelled");
    const stored = await app.cancel.GET(tmfRequest("GET", `${cancelPath}/${cancellation.id}`), routeParams({ id: cancellation.id }));
    expect((await stored.json()).state).toBe("done");
  });
});

describe("deployment resources", () => {
  async function completedOrder(characteristics: { name: string; value: unknown }[] = []) {
    const { order: placed } = await placeOrder(orderBody(characteristics));
    await processor().runOnce();
    const order = await getOrder(placed.id);
    expect(order.state).toBe("completed");
    return order;
  }

  it("records a deployment as a TMF639 resource", async () => {
    const order = await completedOrder([{ name: "replicas", value: 2 }]);
    const [service] = await servicesOf(order.id);

    const { status, body: resource } = await getResource(service.supportingResource[0].id);

    expect(status).toBe(200);
    expect(resource.href).toBe(service.supportingResource[0].href);
    expect(resource).toMatchObject({
      "@type": "KubernetesDeployment",
      category: "KubernetesDeployment",
      name: `lulea/${deploymentName(order)}`,
      resourceStatus: "available",
      operationalState: "enable",
      resourceSpecification: { name: "Kubernetes deployment" },
      relatedParty: [{ name: domain.name, role: "Owner" }],
      resourceRelationship: [{ relationshipType: "isPartOf", resource: { name: domain.computeCluster } }],
    });
    expect(characteristicOf(resource, "image")).toBe(`${domain.artifactRegistry.replace(/^oci:\/\//, "")}/bemis-multi-sensing-seismic:1.0.0`);
    expect(characteristicOf(resource, "replicas")).toBe(2);
    expect(characteristicOf(resource, "readyReplicas")).toBe(2);
    expect(characteristicOf(resource, "serviceOrderId")).toBe(order.id);
    expect(resource.endOperatingDate).toBeUndefined();
  });

  it("shows a progressing deployment as unknown", async () => {
    const { order: placed } = await placeOrder(orderBody());
    await processor(slowCluster(60_000)).runOnce();
    const order = await getOrder(placed.id);

    const { body: resource } = await getResource(order.serviceOrderItem[0].service.supportingResource[0].id);

    expect(resource.resourceStatus).toBe("unknown");
    expect(characteristicOf(resource, "deploymentPhase")).toBe("progressing");
    expect(characteristicOf(resource, "readyReplicas")).toBe(0);
    await cancelOrder(placed.id);
  });

  it("marks the resource of a terminated service", async () => {
    const order = await completedOrder();
    const [service] = await servicesOf(order.id);
    await database.db
      .update(doSchema.service)
      .set({ document: sql`jsonb_set(${doSchema.service.document}, '{endDate}', '"2020-01-01T00:00:00.000Z"')` })
      .where(eq(doSchema.service.id, service.id));

    await processor().runOnce();

    const { status, body: resource } = await getResource(service.supportingResource[0].id);
    expect(status).toBe(200);
    expect(resource.endOperatingDate).toBeTypeOf("string");
    expect(resource.administrativeState).toBe("shutdown");
    expect(characteristicOf(resource, "deploymentPhase")).toBe("deleted");
    expect(resource.note.at(-1).text).toContain("orderDuration");
  });

  it("marks the resources of a cancelled order", async () => {
    const { order: placed } = await placeOrder(orderBody());
    await processor(slowCluster(60_000)).runOnce();
    const inProgress = await getOrder(placed.id);

    await cancelOrder(placed.id);

    const { body: resource } = await getResource(inProgress.serviceOrderItem[0].service.supportingResource[0].id);
    expect(resource.endOperatingDate).toBeTypeOf("string");
    expect(resource.resourceStatus).toBe("unknown");
    expect(resource.note.at(-1).text).toContain("cancelled");
  });

  it("marks the resource of a failed deployment", async () => {
    const { order: placed } = await placeOrder(failingOrderBody());
    await processor().runOnce();
    const order = await getOrder(placed.id);

    const { body: resource } = await getResource(order.serviceOrderItem[0].service.supportingResource[0].id);

    expect(resource.endOperatingDate).toBeTypeOf("string");
    expect(resource.note.at(-1).text).toContain(failingArtifact);
  });

  it("updates a resource when its deployment disappears", async () => {
    const order = await completedOrder();
    const [service] = await servicesOf(order.id);
    await app.clusterModule.cluster().deleteDeployment({ namespace: "lulea", name: deploymentName(order) });

    const summary = await processor().runOnce();

    expect(summary.syncedDeployments).toBeGreaterThan(0);
    const { body: resource } = await getResource(service.supportingResource[0].id);
    expect(resource.resourceStatus).toBe("unknown");
    expect(characteristicOf(resource, "deploymentPhase")).toBe("notFound");
    expect(resource.endOperatingDate).toBeUndefined();
  });

  it("records the deployment of a legacy service", async () => {
    const order = await completedOrder();
    const [service] = await servicesOf(order.id);
    const name = deploymentName(order);
    const legacy = [{ id: `lulea/${name}`, name, "@referredType": "KubernetesDeployment" }];
    await database.db
      .update(doSchema.service)
      .set({ document: sql`jsonb_set(${doSchema.service.document}, '{supportingResource}', ${JSON.stringify(legacy)}::jsonb)` })
      .where(eq(doSchema.service.id, service.id));
    await database.db.delete(doSchema.resource).where(eq(doSchema.resource.id, `lulea.${name}`));

    await processor().runOnce();

    const [updated] = await servicesOf(order.id);
    expect(updated.supportingResource[0]).toMatchObject({ id: `lulea.${name}`, href: `http://127.0.0.1:39610${resourcesPath}/lulea.${name}` });
    const { status, body: resource } = await getResource(`lulea.${name}`);
    expect(status).toBe(200);
    expect(resource.resourceStatus).toBe("available");
  });

  it("keeps the controller usage in step with the deployments", async () => {
    await completedOrder([{ name: "replicas", value: 3 }]);

    const controller = await controllerResource();
    const live = await database.db
      .select({ document: doSchema.resource.document })
      .from(doSchema.resource)
      .where(sql`${doSchema.resource.document} ->> 'category' = 'KubernetesDeployment' and ${doSchema.resource.document} ->> 'endOperatingDate' is null`);
    const replicas = live.reduce((total, row) => total + (characteristicOf(row.document as never, "replicas") as number), 0);
    expect(controller.usageState).toBe("active");
    expect(characteristicOf(controller, "podsAllocated")).toBe(replicas);
    expect(characteristicOf(controller, "cpuAllocated")).toBe(replicas * 0.25);
    const cpuAllocatable = characteristicOf(controller, "cpuAllocatable") as number;
    const podsAllocatable = characteristicOf(controller, "podsAllocatable") as number;
    expect(characteristicOf(controller, "cpuAvailable")).toBeCloseTo(cpuAllocatable - replicas * 0.25, 3);
    expect(characteristicOf(controller, "podsAvailable")).toBe(podsAllocatable - replicas);
    expect(characteristicOf(controller, "replicasAvailable")).toBeGreaterThan(0);
    expect(characteristicOf(controller, "replicasAvailable")).toBeLessThanOrEqual(Math.floor((cpuAllocatable - replicas * 0.25) / 0.25));
  });
});

describe("service order idempotency", () => {
  it("returns the stored order for a repeated key", async () => {
    const headers = { "Idempotency-Key": "delegation-0001" };
    const first = await placeOrder(orderBody(), headers);
    const second = await placeOrder(orderBody(), headers);

    expect(first.response.status).toBe(201);
    expect(second.response.status).toBe(201);
    expect(second.order.id).toBe(first.order.id);
    expect(second.response.headers.get("idempotent-replayed")).toBe("true");
    const rows = await database.db.select().from(doSchema.serviceOrder).where(eq(doSchema.serviceOrder.id, first.order.id));
    expect(rows).toHaveLength(1);
  });

  it("creates one order for concurrent requests with one key", async () => {
    const headers = { "Idempotency-Key": "delegation-concurrent" };
    const results = await Promise.all(Array.from({ length: 5 }, () => placeOrder(orderBody(), headers)));

    expect(results.map(({ response }) => response.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map(({ order }) => order.id)).size).toBe(1);
    const keys = await database.db
      .select()
      .from(doSchema.serviceOrderIdempotencyKey)
      .where(eq(doSchema.serviceOrderIdempotencyKey.key, "delegation-concurrent"));
    expect(keys).toHaveLength(1);
  });

  it("rejects a key reused for another order", async () => {
    const headers = { "Idempotency-Key": "delegation-0002" };
    await placeOrder(orderBody(), headers);
    const before = await database.db.select({ id: doSchema.serviceOrder.id }).from(doSchema.serviceOrder);

    const { response, order: error } = await placeOrder(orderBody([{ name: "replicas", value: 3 }]), headers);

    expect(response.status).toBe(422);
    expect(error.message).toContain("delegation-0002");
    expect(await database.db.select({ id: doSchema.serviceOrder.id }).from(doSchema.serviceOrder)).toHaveLength(before.length);
  });
});

describe("service order changes", () => {
  it("patches the description", async () => {
    const { order: placed } = await placeOrder(orderBody());

    const response = await app.order.PATCH(
      tmfRequest("PATCH", `${ordersPath}/${placed.id}`, { body: { description: "Moved to level 1200" } }),
      routeParams({ id: placed.id }),
    );

    expect(response.status).toBe(200);
    const order = await response.json();
    expect(order.description).toBe("Moved to level 1200");
    expect(order.state).toBe("acknowledged");
    expect(Date.parse(order.lastUpdate)).toBeGreaterThanOrEqual(Date.parse(placed.lastUpdate));
  });

  it("rejects a patch of the state", async () => {
    const { order: placed } = await placeOrder(orderBody());

    const response = await app.order.PATCH(
      tmfRequest("PATCH", `${ordersPath}/${placed.id}`, { body: { state: "completed" } }),
      routeParams({ id: placed.id }),
    );

    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain("state");
    expect((await getOrder(placed.id)).state).toBe("acknowledged");
  });

  it("deletes only final orders", async () => {
    const { order: placed } = await placeOrder(orderBody());

    const rejected = await app.order.DELETE(tmfRequest("DELETE", `${ordersPath}/${placed.id}`), routeParams({ id: placed.id }));
    expect(rejected.status).toBe(409);
    expect((await rejected.json()).code).toBe("conflict");

    await processor().runOnce();
    const deleted = await app.order.DELETE(tmfRequest("DELETE", `${ordersPath}/${placed.id}`), routeParams({ id: placed.id }));
    expect(deleted.status).toBe(204);
    const afterDelete = await app.order.GET(tmfRequest("GET", `${ordersPath}/${placed.id}`), routeParams({ id: placed.id }));
    expect(afterDelete.status).toBe(404);
    expect(await historyOf(placed.id)).toHaveLength(0);
  });

  it("lists orders with paging headers", async () => {
    const response = await app.orders.GET(tmfRequest("GET", `${ordersPath}?limit=2&fields=state`), noParams);

    expect(response.status).toBe(200);
    const orders = await response.json();
    expect(orders).toHaveLength(2);
    expect(Number(response.headers.get("x-total-count"))).toBeGreaterThan(2);
    expect(response.headers.get("x-result-count")).toBe("2");
    expect(Object.keys(orders[0]).sort()).toEqual(["@type", "href", "id", "state"]);
  });
});
