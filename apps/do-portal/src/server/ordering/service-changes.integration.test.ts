import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { startKubernetesEmulator, type ClusterDriver, type KubernetesEmulator } from "@cop-pilot/cluster";
import { doSchema } from "@cop-pilot/db";
import { stopTestServer } from "@cop-pilot/db/testing";
import { createLogger } from "@cop-pilot/logger";
import { getDomain } from "@cop-pilot/service-library";
import { createDoTestEnvironment, dropDoTestEnvironment, noParams, routeParams, tmfRequest, type DoTestDatabase } from "../testing/do-test-context";

// Modify and delete order items at the DO, against the simulated cluster and
// against the Kubernetes API emulator reached through a kubeconfig.

const domain = getDomain("lulea");
const baseUrl = "http://127.0.0.1:39610";
const ordersPath = "/tmf-api/serviceOrdering/v4/serviceOrder";

let database: DoTestDatabase;
let emulator: KubernetesEmulator;
let folder: string;
let kubeconfigPath: string;
let app: Awaited<ReturnType<typeof loadApp>>;
let specificationId: string;

type Characteristic = { name: string; value: unknown };

async function loadApp() {
  return {
    orders: await import("@/app/tmf-api/serviceOrdering/v4/serviceOrder/route"),
    service: await import("@/app/tmf-api/serviceInventory/v4/service/[id]/route"),
    resource: await import("@/app/tmf-api/resourceInventoryManagement/v4/resource/[id]/route"),
    clusterModule: await import("../cluster"),
    processor: await import("./processor"),
    store: await import("./store"),
    seedParty: await import("../seed/party"),
    seedCatalog: await import("../seed/service-catalog"),
    db: (await import("../db")).db,
  };
}

/** What a cluster runs for a deployment, read from the cluster's own records rather than through the driver. */
type Workload = { image: string; env: Record<string, string>; replicas: number };

async function simulatedWorkload(ref: { namespace: string; name: string }): Promise<Workload | undefined> {
  const rows = await database.db.select({ record: doSchema.simulatedClusterRecord.record }).from(doSchema.simulatedClusterRecord);
  const record = rows
    .map((row) => row.record as { namespace: string; name: string; artifact: { registry: string; name: string; version: string }; config: Record<string, string>; replicas: number })
    .find((candidate) => candidate.namespace === ref.namespace && candidate.name === ref.name);
  if (!record) return undefined;
  return { image: `${record.artifact.name}:${record.artifact.version}`, env: record.config, replicas: record.replicas };
}

async function emulatedWorkload(ref: { namespace: string; name: string }): Promise<Workload | undefined> {
  const deployment = emulator.getDeployment(ref.namespace, ref.name) as
    | { spec: { replicas: number; template: { spec: { containers: { image: string; env?: { name: string; value: string }[] }[] } } } }
    | undefined;
  if (!deployment) return undefined;
  const [container] = deployment.spec.template.spec.containers;
  return {
    image: container!.image.split("/").at(-1)!,
    env: Object.fromEntries((container!.env ?? []).map((entry) => [entry.name, entry.value])),
    replicas: deployment.spec.replicas,
  };
}

const clusters: [string, () => ClusterDriver, (ref: { namespace: string; name: string }) => Promise<Workload | undefined>][] = [
  ["simulated cluster", () => app.clusterModule.createDomainCluster(app.db(), { kind: "simulated", name: domain.computeCluster, readyDelayMs: 150, failArtifacts: [] }), simulatedWorkload],
  ["Kubernetes emulator", () => app.clusterModule.createDomainCluster(app.db(), { kind: "kubernetes", kubeconfigPath }), emulatedWorkload],
];

async function postOrder(items: object[]) {
  const response = await app.orders.POST(tmfRequest("POST", ordersPath, { body: { serviceOrderItem: items } }), noParams);
  return { status: response.status, body: await response.json() };
}

/** Places an order and runs the processor on `cluster` until the order is final. */
async function runOrder(cluster: ClusterDriver, items: object[]) {
  const placed = await postOrder(items);
  expect(placed.status).toBe(201);
  const processor = app.processor.createOrderProcessor({ db: app.db(), cluster, domain, baseUrl, pollIntervalMs: 50, log: createLogger("order-processor-test") });
  // A plain loop rather than expect.poll, so that beforeAll can use it too.
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    await processor.runOnce();
    const order = await app.store.getServiceOrder(app.db(), placed.body.id);
    if (["completed", "failed"].includes(order.state)) return order;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return app.store.getServiceOrder(app.db(), placed.body.id);
}

async function addService(cluster: ClusterDriver, characteristics: Characteristic[] = []) {
  const order = await runOrder(cluster, [{ id: "1", action: "add", service: { serviceSpecification: { id: specificationId }, serviceCharacteristic: characteristics } }]);
  expect(order.state).toBe("completed");
  return order.serviceOrderItem[0]!.service.id!;
}

async function getService(id: string) {
  const response = await app.service.GET(tmfRequest("GET", `/tmf-api/serviceInventory/v4/service/${id}`), routeParams({ id }));
  expect(response.status).toBe(200);
  return response.json();
}

async function getResource(id: string) {
  const response = await app.resource.GET(tmfRequest("GET", `/tmf-api/resourceInventoryManagement/v4/resource/${id}`), routeParams({ id }));
  expect(response.status).toBe(200);
  return response.json();
}

function deploymentOf(service: { supportingResource: { id: string; name: string }[] }) {
  const [namespace, name] = service.supportingResource[0]!.name.split("/");
  return { ref: { namespace: namespace!, name: name! }, resourceId: service.supportingResource[0]!.id };
}

function valueOf(characteristics: Characteristic[], name: string): unknown {
  return characteristics.find((characteristic) => characteristic.name === name)?.value;
}

async function orderCount(): Promise<number> {
  const [row] = await database.db.select({ total: count() }).from(doSchema.serviceOrder);
  return Number(row?.total ?? 0);
}

beforeAll(async () => {
  emulator = await startKubernetesEmulator({ clusterName: domain.computeCluster, readyDelayMs: 150 });
  folder = mkdtempSync(path.join(os.tmpdir(), "do-kubeconfig-"));
  kubeconfigPath = path.join(folder, "kubeconfig.yaml");
  writeFileSync(kubeconfigPath, emulator.kubeconfig);

  database = await createDoTestEnvironment({ domainId: "lulea", readyDelayMs: 0 });
  app = await loadApp();
  const owner = await app.seedParty.ensureDomainOwnerOrganization(app.db(), domain, baseUrl);
  await app.seedCatalog.seedServiceCatalog(app.db(), domain, baseUrl, owner);
  const [specification] = await database.db
    .select({ id: doSchema.serviceSpecification.id })
    .from(doSchema.serviceSpecification)
    .where(eq(doSchema.serviceSpecification.name, "BEMIS Multi-sensing Seismic Processing"));
  specificationId = specification!.id;
});

afterAll(async () => {
  await dropDoTestEnvironment(database);
  await stopTestServer();
  await emulator?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe.each(clusters)("service changes on the %s", (_kind, createCluster, workloadOf) => {
  it("rolls a changed configuration value out as environment", async () => {
    const cluster = createCluster();
    const serviceId = await addService(cluster, [{ name: "staLtaTriggerRatio", value: 4 }]);
    const { ref } = deploymentOf(await getService(serviceId));
    expect((await workloadOf(ref))?.env.staLtaTriggerRatio).toBe("4");

    const order = await runOrder(cluster, [{ id: "1", action: "modify", service: { id: serviceId, serviceCharacteristic: [{ name: "staLtaTriggerRatio", value: 6.5 }] } }]);

    expect(order.state).toBe("completed");
    const workload = await workloadOf(ref);
    expect(workload?.env.staLtaTriggerRatio).toBe("6.5");
    expect(workload?.image).toMatch(/:1\.0\.0$/);
    expect(valueOf((await getService(serviceId)).serviceCharacteristic, "staLtaTriggerRatio")).toBe(6.5);
    expect((await cluster.getDeploymentStatus(ref)).phase).toBe("available");
  });

  it("changes the image and replicas that the cluster runs", async () => {
    const cluster = createCluster();
    const serviceId = await addService(cluster, [{ name: "replicas", value: 1 }]);
    const { ref } = deploymentOf(await getService(serviceId));

    const order = await runOrder(cluster, [
      { id: "1", action: "modify", service: { id: serviceId, serviceCharacteristic: [{ name: "artifactVersion", value: "2.0.1" }, { name: "replicas", value: 4 }] } },
    ]);

    expect(order.state).toBe("completed");
    const workload = await workloadOf(ref);
    expect(workload?.image).toMatch(/:2\.0\.1$/);
    expect(workload?.replicas).toBe(4);
  });

  it("scales and upgrades a running service", async () => {
    const cluster = createCluster();
    const serviceId = await addService(cluster, [{ name: "replicas", value: 1 }]);

    const order = await runOrder(cluster, [
      { id: "1", action: "modify", service: { id: serviceId, serviceCharacteristic: [{ name: "replicas", value: 3 }, { name: "artifactVersion", value: "1.2.0" }] } },
    ]);

    expect(order.state).toBe("completed");
    expect(order.serviceOrderItem[0]?.state).toBe("completed");
    const service = await getService(serviceId);
    expect(service.state).toBe("active");
    expect(valueOf(service.serviceCharacteristic, "replicas")).toBe(3);
    expect(valueOf(service.serviceCharacteristic, "artifactVersion")).toBe("1.2.0");
    expect(service.serviceOrderItem.map((entry: { serviceOrderId: string; itemAction: string }) => entry.itemAction)).toEqual(["add", "modify"]);
    expect(service.serviceOrderItem[1].serviceOrderId).toBe(order.id);
    const { ref, resourceId } = deploymentOf(service);
    const status = await cluster.getDeploymentStatus(ref);
    expect(status.phase).toBe("available");
    expect(status.replicas).toBe(3);
    const resource = await getResource(resourceId);
    expect(JSON.stringify(resource.resourceCharacteristic)).toContain(":1.2.0");
  });

  it("scales a service whose replicas alone change, without redeploying it", async () => {
    const cluster = createCluster();
    const serviceId = await addService(cluster, [{ name: "replicas", value: 1 }]);
    const scaleOnly: ClusterDriver = {
      ...cluster,
      deploy: async () => {
        throw new Error("a change of replicas alone must not redeploy");
      },
    };

    const order = await runOrder(scaleOnly, [{ id: "1", action: "modify", service: { id: serviceId, serviceCharacteristic: [{ name: "replicas", value: 2 }] } }]);

    expect(order.state).toBe("completed");
    const service = await getService(serviceId);
    expect(valueOf(service.serviceCharacteristic, "replicas")).toBe(2);
    const status = await cluster.getDeploymentStatus(deploymentOf(service).ref);
    expect(status).toMatchObject({ phase: "available", replicas: 2 });
  });

  it("deletes a running service", async () => {
    const cluster = createCluster();
    const serviceId = await addService(cluster);
    const { ref, resourceId } = deploymentOf(await getService(serviceId));

    const order = await runOrder(cluster, [{ id: "1", action: "delete", service: { id: serviceId } }]);

    expect(order.state).toBe("completed");
    expect(order.serviceOrderItem[0]?.state).toBe("completed");
    const service = await getService(serviceId);
    expect(service.state).toBe("terminated");
    expect(service.isServiceEnabled).toBe(false);
    expect(service.endDate).toBeTypeOf("string");
    expect((await cluster.getDeploymentStatus(ref)).phase).toBe("notFound");
    expect((await getResource(resourceId)).endOperatingDate).toBeTypeOf("string");
  });
});

describe("service change validation", () => {
  let serviceId: string;
  let terminatedId: string;

  beforeAll(async () => {
    const cluster = clusters[0]![1]();
    serviceId = await addService(cluster);
    terminatedId = await addService(cluster);
    expect((await runOrder(cluster, [{ id: "1", action: "delete", service: { id: terminatedId } }])).state).toBe("completed");
  });

  it.each([
    ["a characteristic that is not configurable", () => ({ id: serviceId, serviceCharacteristic: [{ name: "artifactName", value: "other" }] }), 422, "artifactName is not configurable"],
    ["a value outside the range", () => ({ id: serviceId, serviceCharacteristic: [{ name: "replicas", value: 11 }] }), 422, "replicas must be at most 10"],
    ["a value outside the allowed values", () => ({ id: serviceId, serviceCharacteristic: [{ name: "samplingRateHz", value: 300 }] }), 422, "samplingRateHz must be one of 250, 500, 1000"],
    ["an unknown characteristic", () => ({ id: serviceId, serviceCharacteristic: [{ name: "colour", value: "red" }] }), 422, "colour is not a characteristic"],
    ["no change", () => ({ id: serviceId, serviceCharacteristic: [] }), 400, "needs at least one characteristic"],
    ["no service id", () => ({ serviceCharacteristic: [{ name: "replicas", value: 2 }] }), 400, "service.id is required"],
    ["a terminated service", () => ({ id: terminatedId, serviceCharacteristic: [{ name: "replicas", value: 2 }] }), 422, "is terminated"],
    ["an unknown service", () => ({ id: "no-such-service", serviceCharacteristic: [{ name: "replicas", value: 2 }] }), 422, "does not exist in this DO's inventory"],
  ])("rejects a modify with %s", async (_case, service, status, message) => {
    const before = await orderCount();

    const response = await postOrder([{ id: "1", action: "modify", service: service() }]);

    expect(response.status).toBe(status);
    expect(response.body.message).toContain(message);
    expect(await orderCount()).toBe(before);
  });

  it("rejects deleting a terminated service", async () => {
    const response = await postOrder([{ id: "1", action: "delete", service: { id: terminatedId } }]);
    expect(response.status).toBe(422);
    expect(response.body.message).toContain("is terminated");
  });
});

describe("one change at a time", () => {
  it("accepts one of three simultaneous modify orders for a service and refuses the others with 409", async () => {
    const cluster = clusters[0]![1]();
    const serviceId = await addService(cluster);
    const before = await orderCount();

    const responses = await Promise.all(
      [6, 7, 8].map((replicas) => postOrder([{ id: "1", action: "modify", service: { id: serviceId, serviceCharacteristic: [{ name: "replicas", value: replicas }] } }])),
    );

    const accepted = responses.filter((response) => response.status === 201);
    const refused = responses.filter((response) => response.status === 409);
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(2);
    for (const response of refused) expect(response.body.message).toContain(`is being changed by service order ${accepted[0]!.body.id}`);
    expect(await orderCount()).toBe(before + 1);

    // Once the accepted change is final, the next one is taken.
    const processor = app.processor.createOrderProcessor({ db: app.db(), cluster, domain, baseUrl, pollIntervalMs: 50, log: createLogger("order-processor-test") });
    await expect
      .poll(async () => {
        await processor.runOnce();
        return (await app.store.getServiceOrder(app.db(), accepted[0]!.body.id)).state;
      }, { timeout: 15_000, interval: 100 })
      .toBe("completed");
    const next = await runOrder(cluster, [{ id: "1", action: "modify", service: { id: serviceId, serviceCharacteristic: [{ name: "replicas", value: 2 }] } }]);
    expect(next.state).toBe("completed");
    expect(valueOf((await getService(serviceId)).serviceCharacteristic, "replicas")).toBe(2);
  });

  it("accepts one of two simultaneous delete orders and refuses two changes of one service in one order", async () => {
    const serviceId = await addService(clusters[0]![1]());
    const before = await orderCount();

    const responses = await Promise.all([postOrder([{ id: "1", action: "delete", service: { id: serviceId } }]), postOrder([{ id: "1", action: "delete", service: { id: serviceId } }])]);

    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    const otherId = await addService(clusters[0]![1]());
    const both = await postOrder([
      { id: "a", action: "modify", service: { id: otherId, serviceCharacteristic: [{ name: "replicas", value: 2 }] } },
      { id: "b", action: "delete", service: { id: otherId } },
    ]);
    expect(both.status).toBe(409);
    expect(both.body.message).toContain("already changed by item a of this order");
    expect(await orderCount()).toBe(before + 2);
  });
});

describe("identity characteristics", () => {
  function addItem(characteristics: Characteristic[]) {
    return [{ id: "1", action: "add", service: { serviceSpecification: { id: specificationId }, serviceCharacteristic: characteristics } }];
  }

  it.each([
    ["artifactRegistry", "oci://evil.example/charts"],
    ["artifactName", "miner"],
  ])("rejects an add that sets %s with 422", async (name, value) => {
    const before = await orderCount();

    const response = await postOrder(addItem([{ name, value }]));

    expect(response.status).toBe(422);
    expect(response.body.message).toContain(`${name} is fixed by the specification`);
    expect(await orderCount()).toBe(before);
  });

  it("accepts an add that repeats the specification's values", async () => {
    const specification = await database.db.select({ document: doSchema.serviceSpecification.document }).from(doSchema.serviceSpecification).where(eq(doSchema.serviceSpecification.id, specificationId));
    const characteristics = specification[0]!.document.specCharacteristic as { name: string; characteristicValueSpecification?: { isDefault?: boolean; value?: unknown }[] }[];
    const fixedValue = (name: string) => characteristics.find((entry) => entry.name === name)!.characteristicValueSpecification!.find((entry) => entry.isDefault)!.value;
    expect(fixedValue("artifactRegistry")).toBe(domain.artifactRegistry);

    const response = await postOrder(addItem([
      { name: "artifactRegistry", value: fixedValue("artifactRegistry") },
      { name: "artifactName", value: fixedValue("artifactName") },
    ]));

    expect(response.status).toBe(201);
  });
});
