import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { createSimulatedCluster, startKubernetesEmulator, type ClusterDriver, type DeploymentRef, type KubernetesEmulator } from "@cop-pilot/cluster";
import { doSchema } from "@cop-pilot/db";
import { stopTestServer } from "@cop-pilot/db/testing";
import { createLogger } from "@cop-pilot/logger";
import { getDomain } from "@cop-pilot/service-library";
import { listAuditEvents } from "@cop-pilot/tmf-server";
import { createDoTestEnvironment, dropDoTestEnvironment, noParams, routeParams, tmfRequest, type DoTestDatabase } from "../testing/do-test-context";

// Lifecycle rules at each checkpoint of the DO, on a real PostgreSQL, with the
// simulated cluster and the Kubernetes API emulator.

const domain = getDomain("lulea");
const baseUrl = "http://127.0.0.1:39610";
const ordersPath = "/tmf-api/serviceOrdering/v4/serviceOrder";
const rulesPath = "/tmf-api/policyManagement/v4/policyRule";
const readyDelayMs = 100;

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
    rules: await import("@/app/tmf-api/policyManagement/v4/policyRule/route"),
    rule: await import("@/app/tmf-api/policyManagement/v4/policyRule/[id]/route"),
    service: await import("@/app/tmf-api/serviceInventory/v4/service/[id]/route"),
    clusterModule: await import("../cluster"),
    processor: await import("../ordering/processor"),
    store: await import("../ordering/store"),
    supervision: await import("./supervision"),
    timeline: await import("../portal/timeline"),
    seedParty: await import("../seed/party"),
    seedCatalog: await import("../seed/service-catalog"),
    db: (await import("../db")).db,
  };
}

function simulatedCluster() {
  return createSimulatedCluster({
    name: domain.computeCluster,
    readyDelayMs,
    store: app.clusterModule.createDatabaseClusterStore(app.db()),
    logger: { info() {}, warn() {}, error() {} },
  });
}

// Each case has a driver and a way to set a deployment's CPU use in that cluster.
const clusters: [string, () => ClusterDriver, (ref: DeploymentRef, percent: number) => Promise<void>][] = [
  ["simulated cluster", () => simulatedCluster(), (ref, percent) => simulatedCluster().setCpuUtilization(ref, percent)],
  [
    "Kubernetes emulator",
    () => app.clusterModule.createDomainCluster(app.db(), { kind: "kubernetes", kubeconfigPath }),
    async (ref, percent) => emulator.setCpuUtilization(ref.namespace, ref.name, percent),
  ],
];

async function postRule(body: object) {
  const response = await app.rules.POST(tmfRequest("POST", rulesPath, { body }), noParams);
  return { status: response.status, body: await response.json() };
}

async function addRule(rule: { checkpoint: string; condition: string; action: object; name?: string }) {
  const created = await postRule({ name: rule.name ?? `${rule.checkpoint} rule`, serviceSpecification: { id: specificationId }, ...rule });
  expect(created.status).toBe(201);
  return created.body;
}

async function postOrder(items: object[]) {
  const response = await app.orders.POST(tmfRequest("POST", ordersPath, { body: { serviceOrderItem: items } }), noParams);
  return { status: response.status, body: await response.json() };
}

async function runPlacedOrder(cluster: ClusterDriver, orderId: string) {
  const processor = app.processor.createOrderProcessor({ db: app.db(), cluster, domain, baseUrl, pollIntervalMs: 50, log: createLogger("order-processor-test") });
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    await processor.runOnce();
    const order = await app.store.getServiceOrder(app.db(), orderId);
    if (["completed", "failed"].includes(order.state)) return order;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return app.store.getServiceOrder(app.db(), orderId);
}

async function runOrder(cluster: ClusterDriver, items: object[]) {
  const placed = await postOrder(items);
  expect(placed.status).toBe(201);
  return runPlacedOrder(cluster, placed.body.id);
}

function addItem(characteristics: Characteristic[]) {
  return { id: "1", action: "add", service: { serviceSpecification: { id: specificationId }, serviceCharacteristic: characteristics } };
}

async function addService(cluster: ClusterDriver, characteristics: Characteristic[] = [{ name: "replicas", value: 1 }]) {
  const order = await runOrder(cluster, [addItem(characteristics)]);
  expect(order.state).toBe("completed");
  return order.serviceOrderItem[0]!.service.id!;
}

async function getService(id: string) {
  const response = await app.service.GET(tmfRequest("GET", `/tmf-api/serviceInventory/v4/service/${id}`), routeParams({ id }));
  expect(response.status).toBe(200);
  return response.json();
}

function valueOf(characteristics: Characteristic[], name: string): unknown {
  return characteristics.find((characteristic) => characteristic.name === name)?.value;
}

function deploymentOf(service: { supportingResource: { name: string }[] }): DeploymentRef {
  const [namespace, name] = service.supportingResource[0]!.name.split("/");
  return { namespace: namespace!, name: name! };
}

async function waitUntilAvailable(cluster: ClusterDriver, ref: DeploymentRef) {
  const deadline = Date.now() + 5000;
  while ((await cluster.getDeploymentStatus(ref)).phase !== "available" && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
}

async function tableCount(table: typeof doSchema.serviceOrder | typeof doSchema.policyRuleFiring): Promise<number> {
  const [row] = await database.db.select({ total: count() }).from(table);
  return Number(row?.total ?? 0);
}

beforeAll(async () => {
  emulator = await startKubernetesEmulator({ clusterName: domain.computeCluster, readyDelayMs });
  folder = mkdtempSync(path.join(os.tmpdir(), "do-policy-kubeconfig-"));
  kubeconfigPath = path.join(folder, "kubeconfig.yaml");
  writeFileSync(kubeconfigPath, emulator.kubeconfig);

  database = await createDoTestEnvironment({ domainId: "lulea", readyDelayMs });
  app = await loadApp();
  const owner = await app.seedParty.ensureDomainOwnerOrganization(app.db(), domain, baseUrl);
  await app.seedCatalog.seedServiceCatalog(app.db(), domain, baseUrl, owner);
  const [specification] = await database.db
    .select({ id: doSchema.serviceSpecification.id })
    .from(doSchema.serviceSpecification)
    .where(eq(doSchema.serviceSpecification.name, "BEMIS Multi-sensing Seismic Processing"));
  specificationId = specification!.id;
});

beforeEach(async () => {
  await database.db.delete(doSchema.policyRule);
});

afterAll(async () => {
  await dropDoTestEnvironment(database);
  await stopTestServer();
  await emulator?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe("policy rule API", () => {
  it("creates, lists, disables and deletes a rule", async () => {
    const created = await addRule({ name: "Replica limit", checkpoint: "beforeProvisioning", condition: "replicas > 5", action: { type: "reject", message: "At most 5 replicas" } });

    expect(created.href).toBe(`${baseUrl}${rulesPath}/${created.id}`);
    expect(created.lifecycleStatus).toBe("Active");
    expect(created.serviceSpecification).toMatchObject({ id: specificationId, name: "BEMIS Multi-sensing Seismic Processing" });

    const listed = await app.rules.GET(tmfRequest("GET", `${rulesPath}?serviceSpecification.id=${specificationId}`), noParams);
    expect(listed.headers.get("X-Total-Count")).toBe("1");
    expect((await listed.json())[0].id).toBe(created.id);

    const patched = await app.rule.PATCH(tmfRequest("PATCH", `${rulesPath}/${created.id}`, { body: { lifecycleStatus: "Inactive" } }), routeParams({ id: created.id }));
    expect(patched.status).toBe(200);
    expect((await patched.json()).lifecycleStatus).toBe("Inactive");

    const deleted = await app.rule.DELETE(tmfRequest("DELETE", `${rulesPath}/${created.id}`), routeParams({ id: created.id }));
    expect(deleted.status).toBe(204);
    const missing = await app.rule.GET(tmfRequest("GET", `${rulesPath}/${created.id}`), routeParams({ id: created.id }));
    expect(missing.status).toBe(404);

    const audit = await listAuditEvents(database.db, { resourceType: "PolicyRule", resourceId: created.id, offset: 0, limit: 50 });
    expect(audit.items.map((entry) => entry.action)).toEqual(["delete", "update", "create"]);
    for (const entry of audit.items) expect(entry.actorKind).toBe("apiClient");
    expect(audit.items[1]!.detail).toEqual({ attributes: ["lifecycleStatus"] });
  });

  it.each([
    ["a condition that does not parse", { condition: "replicas >> 5" }, 422, /condition: Unexpected ">".*at position 11/],
    ["a reject at the supervision checkpoint", { checkpoint: "supervision" }, 422, /"reject" is not allowed at checkpoint "supervision"/],
    ["an unknown specification", { serviceSpecification: { id: "no-such-specification" } }, 422, /service specification "no-such-specification" does not exist/],
    ["an unknown action", { action: { type: "exec", command: "rm -rf /" } }, 400, /action/],
    ["a server-assigned id", { id: "chosen" }, 400, /id: is assigned by the server/],
  ])("rejects %s", async (_case, change, status, message) => {
    const before = await database.db.select({ total: count() }).from(doSchema.policyRule);
    const auditBefore = await listAuditEvents(database.db, { offset: 0, limit: 1 });
    const body = { name: "r", serviceSpecification: { id: specificationId }, checkpoint: "beforeProvisioning", condition: "replicas > 5", action: { type: "reject", message: "m" }, ...change };

    const response = await postRule(body);

    expect(response.status).toBe(status);
    expect(response.body.status).toBe(String(status));
    expect(response.body.message).toMatch(message);
    const after = await database.db.select({ total: count() }).from(doSchema.policyRule);
    expect(after[0]?.total).toBe(before[0]?.total);
    expect((await listAuditEvents(database.db, { offset: 0, limit: 1 })).total).toBe(auditBefore.total);
  });

  it("rejects a patch whose condition does not parse and keeps the rule", async () => {
    const created = await addRule({ checkpoint: "beforeProvisioning", condition: "replicas > 5", action: { type: "reject", message: "m" } });

    const response = await app.rule.PATCH(tmfRequest("PATCH", `${rulesPath}/${created.id}`, { body: { condition: "replicas > (5" } }), routeParams({ id: created.id }));

    expect(response.status).toBe(422);
    expect((await response.json()).message).toMatch(/Expected "\)" to close the parenthesis.*at position 14/);
    const kept = await app.rule.GET(tmfRequest("GET", `${rulesPath}/${created.id}`), routeParams({ id: created.id }));
    expect((await kept.json()).condition).toBe("replicas > 5");
    const audit = await listAuditEvents(database.db, { resourceId: created.id, offset: 0, limit: 50 });
    expect(audit.items.map((entry) => entry.action)).toEqual(["create"]);
  });

  it("requires a token", async () => {
    const response = await app.rules.GET(tmfRequest("GET", rulesPath, { token: null }), noParams);

    expect(response.status).toBe(401);
  });
});

describe("beforeProvisioning", () => {
  it("rejects an order above 5 replicas with the rule's message and stores nothing", async () => {
    await addRule({ name: "Replica limit", checkpoint: "beforeProvisioning", condition: "replicas > 5", action: { type: "reject", message: "At most 5 replicas" } });
    const ordersBefore = await tableCount(doSchema.serviceOrder);

    const rejected = await postOrder([addItem([{ name: "replicas", value: 6 }])]);

    expect(rejected.status).toBe(422);
    expect(rejected.body.message).toBe('serviceOrderItem "1": At most 5 replicas (rule "Replica limit")');
    expect(await tableCount(doSchema.serviceOrder)).toBe(ordersBefore);
    const { entries } = await app.timeline.listTimeline(app.db(), { kind: ["ruleFiring"], limit: 1 });
    expect(entries[0]?.message).toBe('Rule "Replica limit" (beforeProvisioning): Rejected: At most 5 replicas');
    expect(entries[0]?.serviceOrderId).toBeNull();

    const accepted = await postOrder([addItem([{ name: "replicas", value: 5 }])]);
    expect(accepted.status).toBe(201);
  });

  it("fails an item at deploy time", async () => {
    const placed = await postOrder([addItem([{ name: "replicas", value: 4 }])]);
    expect(placed.status).toBe(201);
    await addRule({ name: "Tighter limit", checkpoint: "beforeProvisioning", condition: "replicas > 3", action: { type: "reject", message: "At most 3 replicas" } });

    const order = await runPlacedOrder(simulatedCluster(), placed.body.id);

    expect(order.state).toBe("failed");
    expect(order.serviceOrderItem[0]?.state).toBe("failed");
    expect(order.serviceOrderItem[0]?.errorMessage?.[0]?.message).toContain('Rejected by a policy rule: At most 3 replicas (rule "Tighter limit")');
    const { entries } = await app.timeline.listTimeline(app.db(), { kind: ["ruleFiring"], serviceOrderId: placed.body.id });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.serviceOrderItemId).toBe("1");
  });

  it("adjusts a characteristic before the deployment", async () => {
    await addRule({ checkpoint: "beforeProvisioning", condition: "replicas == 4", action: { type: "scale", replicas: 2 } });
    const cluster = simulatedCluster();

    const serviceId = await addService(cluster, [{ name: "replicas", value: 4 }]);

    const service = await getService(serviceId);
    expect(valueOf(service.serviceCharacteristic, "replicas")).toBe(2);
    expect((await cluster.getDeploymentStatus(deploymentOf(service))).replicas).toBe(2);
  });
});

describe("afterActivation", () => {
  it("sets a characteristic and scales once the service is active", async () => {
    await addRule({ checkpoint: "afterActivation", condition: 'state == "active"', action: { type: "setCharacteristic", name: "monitoringProfile", value: "detailed" } });
    await addRule({ checkpoint: "afterActivation", condition: "replicas < 2", action: { type: "scale", replicas: 2 } });
    const cluster = simulatedCluster();

    const serviceId = await addService(cluster, [{ name: "replicas", value: 1 }]);

    const service = await getService(serviceId);
    expect(valueOf(service.serviceCharacteristic, "monitoringProfile")).toBe("detailed");
    expect(valueOf(service.serviceCharacteristic, "replicas")).toBe(2);
    expect((await cluster.getDeploymentStatus(deploymentOf(service))).replicas).toBe(2);
    const { entries, total } = await app.timeline.listTimeline(app.db(), { kind: ["ruleFiring"], serviceId });
    expect(total).toBe(2);
    expect(entries.map((entry) => entry.message)).toEqual(
      expect.arrayContaining([expect.stringContaining("Set monitoringProfile to \"detailed\""), expect.stringContaining("Scaled to 2 replica(s)")]),
    );
  });
});

describe("onCharacteristicChange", () => {
  it("rejects a modify above the limit and accepts one within it", async () => {
    const cluster = simulatedCluster();
    const serviceId = await addService(cluster);
    await addRule({ name: "Replica limit", checkpoint: "onCharacteristicChange", condition: "replicas > 5", action: { type: "reject", message: "At most 5 replicas" } });
    const ordersBefore = await tableCount(doSchema.serviceOrder);

    const rejected = await postOrder([{ id: "1", action: "modify", service: { id: serviceId, serviceCharacteristic: [{ name: "replicas", value: 7 }] } }]);

    expect(rejected.status).toBe(422);
    expect(rejected.body.message).toBe('serviceOrderItem "1": At most 5 replicas (rule "Replica limit")');
    expect(await tableCount(doSchema.serviceOrder)).toBe(ordersBefore);
    expect(valueOf((await getService(serviceId)).serviceCharacteristic, "replicas")).toBe(1);

    const accepted = await runOrder(cluster, [{ id: "1", action: "modify", service: { id: serviceId, serviceCharacteristic: [{ name: "replicas", value: 3 }] } }]);
    expect(accepted.state).toBe("completed");
    expect(valueOf((await getService(serviceId)).serviceCharacteristic, "replicas")).toBe(3);
  });

  it("adjusts the change of a modify order", async () => {
    const cluster = simulatedCluster();
    const serviceId = await addService(cluster);
    await addRule({ checkpoint: "onCharacteristicChange", condition: "replicas > 4", action: { type: "scale", replicas: 4 } });

    const order = await runOrder(cluster, [{ id: "1", action: "modify", service: { id: serviceId, serviceCharacteristic: [{ name: "replicas", value: 8 }] } }]);

    expect(order.state).toBe("completed");
    const service = await getService(serviceId);
    expect(valueOf(service.serviceCharacteristic, "replicas")).toBe(4);
    expect((await cluster.getDeploymentStatus(deploymentOf(service))).replicas).toBe(4);
  });
});

describe.each(clusters)("supervision on the %s", (_kind, createCluster, setCpu) => {
  it("scales to 3 replicas when CPU is above 80 %", async () => {
    const cluster = createCluster();
    const serviceId = await addService(cluster);
    const ref = deploymentOf(await getService(serviceId));
    await addRule({ name: "Scale out", checkpoint: "supervision", condition: "cpu > 80", action: { type: "scale", replicas: 3 } });
    const supervisor = app.supervision.createSupervisor({ db: app.db(), cluster, intervalMs: 1000, log: createLogger("supervision-test") });

    await setCpu(ref, 50);
    expect((await supervisor.runOnce()).firings).toBe(0);
    expect((await cluster.getDeploymentStatus(ref)).replicas).toBe(1);

    await setCpu(ref, 90);
    const tick = await supervisor.runOnce();

    expect(tick.firings).toBe(1);
    expect((await cluster.getDeploymentStatus(ref)).replicas).toBe(3);
    expect(valueOf((await getService(serviceId)).serviceCharacteristic, "replicas")).toBe(3);
    const { entries } = await app.timeline.listTimeline(app.db(), { kind: ["ruleFiring"], serviceId });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.message).toBe('Rule "Scale out" (supervision): Scaled to 3 replica(s)');

    // The same load spread over 3 replicas reads 30 %, so the rule stops firing.
    await waitUntilAvailable(cluster, ref);
    expect((await cluster.getDeploymentMetrics(ref)).cpuUtilizationPercent).toBe(30);
    expect((await supervisor.runOnce()).firings).toBe(0);
    expect(await app.timeline.listTimeline(app.db(), { kind: ["ruleFiring"], serviceId })).toMatchObject({ total: 1 });

    const audit = await listAuditEvents(database.db, { action: "ruleFiring", resourceId: serviceId, offset: 0, limit: 50 });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ actorKind: "system", actorId: "supervision", resourceType: "Service", summary: 'Rule "Scale out" scaled to 3 replica(s)' });
  });
});

describe("timeline", () => {
  it("lists every kind, filtered and paged", async () => {
    const cluster = simulatedCluster();
    await addRule({ checkpoint: "afterActivation", condition: "true", action: { type: "notify", message: "Service is up" } });
    const order = await runOrder(cluster, [addItem([{ name: "replicas", value: 1 }])]);
    const serviceId = order.serviceOrderItem[0]!.service.id!;

    const { entries } = await app.timeline.listTimeline(app.db(), { serviceOrderId: order.id, limit: 200 });

    const kinds = new Set(entries.map((entry) => entry.kind));
    expect([...kinds].sort()).toEqual(["order", "orderStateChange", "ruleFiring", "serviceStateChange"]);
    const times = entries.map((entry) => entry.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(entries.at(-1)?.kind).toBe("order");
    expect(entries.find((entry) => entry.kind === "serviceStateChange")?.serviceIds).toEqual([serviceId]);
    expect(entries.find((entry) => entry.kind === "ruleFiring")?.message).toContain("Service is up");

    const byService = await app.timeline.listTimeline(app.db(), { serviceId, kind: ["serviceStateChange", "ruleFiring"] });
    expect(byService.total).toBe(2);

    const firstPage = await app.timeline.listTimeline(app.db(), { serviceOrderId: order.id, limit: 2 });
    const secondPage = await app.timeline.listTimeline(app.db(), { serviceOrderId: order.id, limit: 2, offset: 2 });
    expect(firstPage.total).toBe(entries.length);
    expect(firstPage.entries.map((entry) => entry.key)).toEqual(entries.slice(0, 2).map((entry) => entry.key));
    expect(secondPage.entries.map((entry) => entry.key)).toEqual(entries.slice(2, 4).map((entry) => entry.key));
  });

  it("shows a terminated service", async () => {
    const cluster = simulatedCluster();
    const serviceId = await addService(cluster);
    expect((await runOrder(cluster, [{ id: "1", action: "delete", service: { id: serviceId } }])).state).toBe("completed");

    const { entries } = await app.timeline.listTimeline(app.db(), { serviceId, kind: ["serviceStateChange"] });

    expect(entries.map((entry) => entry.state)).toEqual(["terminated", "active"]);
  });
});
