import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { startKubernetesEmulator, type ClusterDriver, type KubernetesEmulator, type SimulatedClusterDriver } from "@cop-pilot/cluster";
import { doSchema } from "@cop-pilot/db";
import { stopTestServer } from "@cop-pilot/db/testing";
import { createLogger } from "@cop-pilot/logger";
import { getDomain } from "@cop-pilot/service-library";
import { listAuditEvents, type Principal } from "@cop-pilot/tmf-server";
import { createDoTestEnvironment, dropDoTestEnvironment, noParams, routeParams, tmfRequest, type DoTestDatabase } from "../testing/do-test-context";

// Telemetry, SLAs and parties of the DO on a real PostgreSQL, against the
// simulated cluster and the Kubernetes API emulator.

const domain = getDomain("lulea");
const baseUrl = "http://127.0.0.1:39610";
const slaPath = "/tmf-api/domainOperations/v4/serviceLevelAgreement";
const signedInOwner: Principal = { kind: "user", id: "owner-1", name: "owner.lulea@cop-pilot.test", email: "owner.lulea@cop-pilot.test", role: "domainOwner" };

let database: DoTestDatabase;
let emulator: KubernetesEmulator;
let folder: string;
let kubeconfigPath: string;
let app: Awaited<ReturnType<typeof loadApp>>;
let specificationId: string;

async function loadApp() {
  return {
    orders: await import("@/app/tmf-api/serviceOrdering/v4/serviceOrder/route"),
    slaList: await import("@/app/tmf-api/domainOperations/v4/serviceLevelAgreement/route"),
    slaItem: await import("@/app/tmf-api/domainOperations/v4/serviceLevelAgreement/[id]/route"),
    faults: await import("@/app/api/cluster/faults/route"),
    organizations: await import("@/app/tmf-api/party/v4/organization/route"),
    clusterModule: await import("../cluster"),
    processor: await import("../ordering/processor"),
    store: await import("../ordering/store"),
    seedParty: await import("../seed/party"),
    seedCatalog: await import("../seed/service-catalog"),
    telemetry: await import("./telemetry"),
    series: await import("./telemetry-series"),
    sla: await import("./sla"),
    parties: await import("./parties"),
    db: (await import("../db")).db,
  };
}

function simulatedCluster(): SimulatedClusterDriver {
  return app.clusterModule.cluster() as SimulatedClusterDriver;
}

/** Orders one service of the test specification on `cluster` and runs the processor until it completes. */
async function addService(cluster: ClusterDriver): Promise<string> {
  const response = await app.orders.POST(
    tmfRequest("POST", "/tmf-api/serviceOrdering/v4/serviceOrder", {
      body: { serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: specificationId } } }] },
    }),
    noParams,
  );
  expect(response.status).toBe(201);
  const placed = await response.json();
  const processor = app.processor.createOrderProcessor({ db: app.db(), cluster, domain, baseUrl, pollIntervalMs: 50, log: createLogger("order-processor-test") });
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    await processor.runOnce();
    const order = await app.store.getServiceOrder(app.db(), placed.id);
    if (order.state === "completed") return order.serviceOrderItem[0]!.service.id!;
    expect(order.state).not.toBe("failed");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`order ${placed.id} did not complete within 15 s`);
}

async function samplesOf(serviceId: string) {
  return database.db.select().from(doSchema.deploymentUsageSample).where(eq(doSchema.deploymentUsageSample.serviceId, serviceId));
}

async function getSlaDocument(id: string) {
  const response = await app.slaItem.GET(tmfRequest("GET", `${slaPath}/${id}`), routeParams({ id }));
  expect(response.status).toBe(200);
  return response.json();
}

beforeAll(async () => {
  emulator = await startKubernetesEmulator({ clusterName: domain.computeCluster, readyDelayMs: 150 });
  folder = mkdtempSync(path.join(os.tmpdir(), "do-kubeconfig-"));
  kubeconfigPath = path.join(folder, "kubeconfig.yaml");
  writeFileSync(kubeconfigPath, emulator.kubeconfig);

  database = await createDoTestEnvironment({ domainId: "lulea", readyDelayMs: 0 });
  vi.stubEnv("CLUSTER_FAULT_INJECTION", "enabled");
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

describe("telemetry collector", () => {
  it("stores samples from the simulated cluster", async () => {
    const serviceId = await addService(simulatedCluster());

    const summary = await app.telemetry.collectTelemetry(app.db(), simulatedCluster(), 48);

    expect(summary.nodes).toBe(3);
    const nodes = await database.db.select().from(doSchema.nodeUsageSample);
    expect(nodes.map((node) => node.node).sort()).toEqual([`${domain.computeCluster}-control-plane`, `${domain.computeCluster}-worker-1`, `${domain.computeCluster}-worker-2`]);
    expect(nodes.every((node) => (node.cpuUsedMillicores ?? 0) > 0 && node.cpuAllocatableMillicores > 0)).toBe(true);
    const [sample] = await samplesOf(serviceId);
    expect(sample).toMatchObject({ serviceSpecificationId: specificationId, healthy: true, replicas: 1, readyReplicas: 1 });
    expect(sample!.probeLatencyMs).toBeGreaterThan(0);
  });

  it("stores samples from the Kubernetes emulator", async () => {
    const driver = app.clusterModule.createDomainCluster(app.db(), { kind: "kubernetes", kubeconfigPath });
    const serviceId = await addService(driver);

    await app.telemetry.collectTelemetry(app.db(), driver, 48);

    const [sample] = await samplesOf(serviceId);
    expect(sample).toMatchObject({ serviceSpecificationId: specificationId, healthy: true, readyReplicas: 1, probeLatencyMs: null });
    expect(sample!.cpuMillicores).toBeGreaterThan(0);
    expect(sample!.memoryBytes).toBeGreaterThan(0);
  });

  it("prunes samples older than the retention", async () => {
    const old = new Date(Date.now() - 3 * 3_600_000).toISOString();
    await app.telemetry.storeUsage(app.db(), {
      sampledAt: old,
      nodes: [{ name: "old-node", cpuUsedMillicores: 1, cpuAllocatableMillicores: 2, memoryUsedBytes: 1, memoryAllocatableBytes: 2 }],
      deployments: [],
    });

    const pruned = await app.telemetry.pruneSamples(app.db(), new Date(), 2);

    expect(pruned).toBe(1);
    expect(await database.db.select().from(doSchema.nodeUsageSample).where(eq(doSchema.nodeUsageSample.node, "old-node"))).toEqual([]);
  });

  it("groups node samples into chart series", async () => {
    const series = await app.series.nodeSeries(app.db(), "1h", new Date());
    const worker = series.find((entry) => entry.node === `${domain.computeCluster}-worker-1`);
    expect(worker?.cpuPercent.length).toBeGreaterThan(0);
    expect(worker?.cpuPercent[0]?.value).toBeGreaterThan(0);
    expect(worker?.cpuPercent[0]?.value).toBeLessThan(100);

    const services = await app.series.deploymentSeries(app.db(), "1h", new Date());
    const served = services.filter((entry) => entry.serviceId !== null);
    expect(served.length).toBeGreaterThanOrEqual(2);
    expect(served.every((entry) => entry.healthyPercent[0]?.value === 100)).toBe(true);
  });
});

describe("SLA breaches", () => {
  it("records a breach when a deployment becomes unhealthy, then slow", async () => {
    const serviceId = await addService(simulatedCluster());
    const sla = await app.sla.createSla(app.db(), signedInOwner, { name: "Seismic availability", serviceId, availabilityTargetPercent: 99, latencyTargetMs: 100, windowMinutes: 60 });
    await app.telemetry.collectTelemetry(app.db(), simulatedCluster(), 48);
    expect((await getSlaDocument(sla.id)).breach).toEqual([]);

    const response = await app.faults.POST(tmfRequest("POST", "/api/cluster/faults", { body: { serviceId, fault: { unhealthy: true } } }), noParams);
    expect(response.status).toBe(200);
    const summary = await app.telemetry.collectTelemetry(app.db(), simulatedCluster(), 48);

    expect(summary.breachesStarted).toBe(1);
    const unhealthy = await getSlaDocument(sla.id);
    expect(unhealthy.breach).toHaveLength(1);
    expect(unhealthy.breach[0]).toMatchObject({ metric: "availability", target: 99, worstValue: 50, service: { id: serviceId } });
    expect(unhealthy.breach[0].endDate).toBeUndefined();
    expect(unhealthy.compliance[0]).toMatchObject({ sampleCount: 2, availabilityPercent: 50, breachedMetrics: ["availability"] });

    const [sample] = await samplesOf(serviceId);
    await simulatedCluster().setDeploymentFault({ namespace: sample!.namespace, name: sample!.deploymentName }, { unhealthy: false, probeLatencyMs: 900 });
    await app.telemetry.collectTelemetry(app.db(), simulatedCluster(), 48);
    await app.telemetry.collectTelemetry(app.db(), simulatedCluster(), 48);

    const slow = await getSlaDocument(sla.id);
    const metrics = slow.breach.map((breach: { metric: string }) => breach.metric).sort();
    expect(metrics).toEqual(["availability", "latency"]);
    const latency = slow.breach.find((breach: { metric: string }) => breach.metric === "latency");
    expect(latency.worstValue).toBe(900);
  });

  it("ends a breach when the window meets the target again", async () => {
    const serviceId = await addService(simulatedCluster());
    await app.telemetry.collectTelemetry(app.db(), simulatedCluster(), 48);
    const { namespace, deploymentName } = (await samplesOf(serviceId))[0]!;
    const sla = await app.sla.createSla(app.db(), signedInOwner, { name: "Short window", serviceId, availabilityTargetPercent: 90, windowMinutes: 1 });
    const deployment = (healthy: boolean, at: Date) => ({
      sampledAt: at.toISOString(),
      nodes: [],
      deployments: [{ namespace, name: deploymentName, replicas: 1, readyReplicas: healthy ? 1 : 0, cpuMillicores: 50, memoryBytes: 1, healthy, probeLatencyMs: healthy ? 10 : null }],
    });
    const start = new Date(Date.now() + 10 * 60_000);

    await app.telemetry.storeUsage(app.db(), deployment(false, start));
    expect(await app.sla.evaluateSlas(app.db(), start)).toMatchObject({ started: 1 });
    const later = new Date(start.getTime() + 2 * 60_000);
    await app.telemetry.storeUsage(app.db(), deployment(true, later));
    expect(await app.sla.evaluateSlas(app.db(), later)).toMatchObject({ ended: 1 });

    const [breach] = (await getSlaDocument(sla.id)).breach;
    expect(breach).toMatchObject({ metric: "availability", startDate: start.toISOString(), endDate: later.toISOString() });
  });
});

describe("SLA API and validation", () => {
  it.each([
    [{ name: "", serviceSpecificationId: "x", availabilityTargetPercent: 99 }, /^Name is required$/],
    [{ name: "No scope", availabilityTargetPercent: 99 }, /exactly one of serviceSpecificationId and serviceId/],
    [{ name: "Both scopes", serviceId: "a", serviceSpecificationId: "b", availabilityTargetPercent: 99 }, /exactly one/],
    [{ name: "No target", serviceSpecificationId: "x" }, /availabilityTargetPercent, latencyTargetMs or both/],
    [{ name: "Over 100", serviceSpecificationId: "x", availabilityTargetPercent: 101 }, /^Availability target must be at most 100 %$/],
    [{ name: "Long window", serviceSpecificationId: "x", latencyTargetMs: 10, windowMinutes: 2000 }, /^Window must be at most 1440 minutes$/],
    [{ name: "Part minutes", serviceSpecificationId: "x", latencyTargetMs: 10, windowMinutes: 1.5 }, /^Window must be a whole number of minutes$/],
    [{ name: "Hex target", serviceSpecificationId: "x", availabilityTargetPercent: "0x10" }, /^Availability target must be a plain decimal number$/],
    [{ name: "n".repeat(201), serviceSpecificationId: "x", latencyTargetMs: 10 }, /^Name must be at most 200 characters$/],
  ])("rejects invalid SLA %j", async (input, message) => {
    const before = (await app.sla.listSlas(app.db())).length;
    const auditBefore = (await listAuditEvents(database.db, { offset: 0, limit: 1 })).total;
    await expect(app.sla.createSla(app.db(), signedInOwner, input)).rejects.toMatchObject({ code: "invalidBody", message: expect.stringMatching(message) });
    expect(await app.sla.listSlas(app.db())).toHaveLength(before);
    expect((await listAuditEvents(database.db, { offset: 0, limit: 1 })).total).toBe(auditBefore);
  });

  it("updates and deletes an SLA with its breaches", async () => {
    const serviceId = await addService(simulatedCluster());
    const sla = await app.sla.createSla(app.db(), signedInOwner, { name: "To change", serviceId, latencyTargetMs: 500 });
    await database.db.insert(doSchema.slaBreach).values({ id: `breach-${sla.id}`, slaId: sla.id, serviceId, metric: "latency", target: 500, worstValue: 900, startedAt: new Date() });

    const updated = await app.sla.updateSla(app.db(), signedInOwner, sla.id, { name: "Changed", serviceId, availabilityTargetPercent: 95, windowMinutes: 30 });
    expect(updated).toMatchObject({ name: "Changed", availabilityTargetPercent: 95, latencyTargetMs: null, windowMinutes: 30 });
    await expect(app.sla.updateSla(app.db(), signedInOwner, sla.id, { name: "Changed", serviceId })).rejects.toMatchObject({ code: "invalidBody" });

    await app.sla.deleteSla(app.db(), signedInOwner, sla.id);
    await expect(app.sla.getSla(app.db(), sla.id)).rejects.toMatchObject({ code: "notFound" });
    expect(await database.db.select().from(doSchema.slaBreach).where(eq(doSchema.slaBreach.slaId, sla.id))).toEqual([]);
    await expect(app.sla.deleteSla(app.db(), signedInOwner, sla.id)).rejects.toMatchObject({ code: "notFound" });

    // The rejected update and the second delete rolled back and left no entry.
    const audit = await listAuditEvents(database.db, { resourceType: "ServiceLevelAgreement", resourceId: sla.id, offset: 0, limit: 50 });
    expect(audit.items.map((entry) => entry.action)).toEqual(["delete", "update", "create"]);
    for (const entry of audit.items) expect(entry).toMatchObject({ actorKind: "user", actorId: signedInOwner.id, actorRole: "domainOwner" });
  });

  it("rejects an SLA for an unknown specification", async () => {
    await expect(app.sla.createSla(app.db(), signedInOwner, { name: "Ghost", serviceSpecificationId: "missing", availabilityTargetPercent: 99 })).rejects.toMatchObject({ code: "unprocessable" });
  });

  it("pages the SLA list", async () => {
    await app.sla.createSla(app.db(), signedInOwner, { name: "Per specification", serviceSpecificationId: specificationId, latencyTargetMs: 250 });
    const total = (await app.sla.listSlas(app.db())).length;
    expect(total).toBeGreaterThanOrEqual(2);

    const response = await app.slaList.GET(tmfRequest("GET", `${slaPath}?offset=1&limit=1&fields=name`), noParams);
    expect(response.status).toBe(200);
    expect(response.headers.get("X-Total-Count")).toBe(String(total));
    expect(response.headers.get("X-Result-Count")).toBe("1");
    const [document] = await response.json();
    expect(Object.keys(document).sort()).toEqual(["@type", "href", "id", "name"]);
  });

  it("filters SLAs by name", async () => {
    const response = await app.slaList.GET(tmfRequest("GET", `${slaPath}?name=Per%20specification`), noParams);
    const documents = await response.json();
    expect(documents).toHaveLength(1);
    expect(documents[0].serviceLevelObjective).toEqual([expect.objectContaining({ metric: "latencyP95", conformanceTarget: 250, unit: "ms" })]);
  });

  it.each([
    ["an unknown id", `${slaPath}/missing`, { id: "missing" }, "tmf", 404],
    ["no token", slaPath, {}, null, 401],
  ])("returns a TMF Error for %s", async (_case, requestPath, params, token, status) => {
    const request = tmfRequest("GET", requestPath, { token: token === null ? null : undefined });
    const response = "id" in params ? await app.slaItem.GET(request, routeParams(params as { id: string })) : await app.slaList.GET(request, noParams);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ "@type": "Error", status: String(status) });
  });

  it("rejects a fault request for an unknown service", async () => {
    const response = await app.faults.POST(tmfRequest("POST", "/api/cluster/faults", { body: { serviceId: "missing", fault: { unhealthy: true } } }), noParams);
    expect(response.status).toBe(404);
  });

  it("rejects an invalid fault request", async () => {
    const response = await app.faults.POST(tmfRequest("POST", "/api/cluster/faults", { body: { serviceId: "x", fault: { probeLatencyMs: -1 } } }), noParams);
    expect(response.status).toBe(400);
  });
});

describe("domain parties", () => {
  it("lists the owner organization with its default role", async () => {
    const parties = await app.parties.listDomainParties(app.db());
    expect(parties).toContainEqual(expect.objectContaining({ name: domain.name, partyType: "Organization", roles: ["domainOwner"], state: "active" }));
  });

  it("adds an organization and an individual with roles", async () => {
    const organization = await app.parties.addDomainParty(app.db(), signedInOwner, { partyType: "Organization", name: "Norrbotten Grid AB", email: "ops@grid.test", roles: ["operator", "dataProvider"] }, baseUrl);
    const person = await app.parties.addDomainParty(app.db(), signedInOwner, { partyType: "Individual", givenName: "Elin", familyName: "Berg", roles: ["customerOrganization"] }, baseUrl);

    expect(organization).toMatchObject({ name: "Norrbotten Grid AB", roles: ["operator", "dataProvider"], state: "active" });
    expect(person).toMatchObject({ name: "Elin Berg", partyType: "Individual", roles: ["customerOrganization"] });
    const response = await app.organizations.GET(tmfRequest("GET", `/tmf-api/party/v4/organization?name=Norrbotten%20Grid%20AB`), noParams);
    const [document] = await response.json();
    expect(document).toMatchObject({ id: organization.id, "@type": "Organization", status: "validated" });
  });

  it("replaces roles and deactivates a party", async () => {
    const party = await app.parties.addDomainParty(app.db(), signedInOwner, { partyType: "Organization", name: "Kiruna Data", roles: ["dataProvider"] }, baseUrl);

    await app.parties.setDomainPartyRoles(app.db(), signedInOwner, party.id, ["serviceProvider", "operator", "operator"]);
    await app.parties.setDomainPartyState(app.db(), signedInOwner, party.id, "inactive");

    const stored = (await app.parties.listDomainParties(app.db())).find((entry) => entry.id === party.id);
    expect(stored).toMatchObject({ roles: ["serviceProvider", "operator"], state: "inactive" });
    const audit = await listAuditEvents(database.db, { resourceId: party.id, offset: 0, limit: 50 });
    expect(audit.items.map((entry) => [entry.action, entry.resourceType, entry.actorId])).toEqual([
      ["stateChange", "Organization", signedInOwner.id],
      ["update", "Organization", signedInOwner.id],
      ["create", "Organization", signedInOwner.id],
    ]);
    expect(audit.items[0]!.detail).toEqual({ from: "active", to: "inactive" });
  });

  it.each([
    [{ partyType: "Organization", name: "", roles: ["operator"] }, /^Name is required/],
    [{ partyType: "Organization", name: "n".repeat(201), roles: ["operator"] }, /^Name must be at most 200 characters/],
    [{ partyType: "Organization", name: "No roles", roles: [] }, /choose at least one role/],
    [{ partyType: "Organization", name: "Bad role", roles: ["admin"] }, /a role must be one of/],
    [{ partyType: "Organization", name: "Bad mail", email: "not-mail", roles: ["operator"] }, /e-mail address/],
    [{ partyType: "Individual", givenName: "Ann", roles: ["operator"] }, /^Family name is required/],
    [{ partyType: "Robot", name: "R2", roles: ["operator"] }, /^Party type must be one of/],
  ])("rejects invalid party %j", async (input, message) => {
    const before = (await app.parties.listDomainParties(app.db())).length;
    await expect(app.parties.addDomainParty(app.db(), signedInOwner, input, baseUrl)).rejects.toMatchObject({ code: "invalidBody", message: expect.stringMatching(message) });
    expect(await app.parties.listDomainParties(app.db())).toHaveLength(before);
  });

  it("rejects roles and state changes of unknown or owner parties", async () => {
    await expect(app.parties.setDomainPartyRoles(app.db(), signedInOwner, "missing", ["operator"])).rejects.toMatchObject({ code: "notFound" });
    await expect(app.parties.setDomainPartyState(app.db(), signedInOwner, "missing", "inactive")).rejects.toMatchObject({ code: "notFound" });
    const owner = (await app.parties.listDomainParties(app.db())).find((party) => party.organizationType === "DomainOwner")!;
    await expect(app.parties.setDomainPartyState(app.db(), signedInOwner, owner.id, "inactive")).rejects.toMatchObject({ code: "conflict" });
    await expect(app.parties.setDomainPartyState(app.db(), signedInOwner, owner.id, "paused")).rejects.toMatchObject({ code: "invalidBody" });
    expect((await listAuditEvents(database.db, { resourceId: owner.id, offset: 0, limit: 50 })).total).toBe(0);
  });
});
