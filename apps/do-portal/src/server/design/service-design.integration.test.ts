import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { doSchema } from "@cop-pilot/db";
import { stopTestServer } from "@cop-pilot/db/testing";
import { createLogger } from "@cop-pilot/logger";
import { getDomain } from "@cop-pilot/service-library";
import { listAuditEvents, type Principal } from "@cop-pilot/tmf-server";
import { createDoTestEnvironment, dropDoTestEnvironment, noParams, routeParams, tmfRequest, type DoTestDatabase } from "../testing/do-test-context";

const domain = getDomain("lulea");
const baseUrl = "http://127.0.0.1:39610";
const ordersPath = "/tmf-api/serviceOrdering/v4/serviceOrder";
const owner: Principal = { kind: "user", id: "owner-1", name: "Lulea owner", email: "owner.lulea@cop-pilot.test", role: "domainOwner" };

let database: DoTestDatabase;
let app: Awaited<ReturnType<typeof loadApp>>;

async function loadApp() {
  return {
    design: await import("./specifications"),
    resourceSpecifications: await import("@/app/tmf-api/resourceCatalog/v4/resourceSpecification/route"),
    specification: await import("@/app/tmf-api/serviceCatalogManagement/v4/serviceSpecification/[id]/route"),
    orders: await import("@/app/tmf-api/serviceOrdering/v4/serviceOrder/route"),
    order: await import("@/app/tmf-api/serviceOrdering/v4/serviceOrder/[id]/route"),
    services: await import("@/app/tmf-api/serviceInventory/v4/service/route"),
    processor: await import("../ordering/processor"),
    clusterModule: await import("../cluster"),
    seedParty: await import("../seed/party"),
    seedCatalog: await import("../seed/service-catalog"),
    seedResources: await import("../seed/resources"),
    db: (await import("../db")).db,
  };
}

function processor() {
  return app.processor.createOrderProcessor({ db: app.db(), cluster: app.clusterModule.cluster(), domain, baseUrl, pollIntervalMs: 50, log: createLogger("service-design-test") });
}

async function placeOrder(specificationId: string, characteristics: { name: string; value: unknown }[] = []) {
  const body = { serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: specificationId }, serviceCharacteristic: characteristics } }] };
  const response = await app.orders.POST(tmfRequest("POST", ordersPath, { body }), noParams);
  return { status: response.status, body: await response.json() };
}

async function getOrder(id: string) {
  const response = await app.order.GET(tmfRequest("GET", `${ordersPath}/${id}`), routeParams({ id }));
  return response.json();
}

async function servicesOfOrder(orderId: string) {
  const response = await app.services.GET(tmfRequest("GET", `/tmf-api/serviceInventory/v4/service?serviceOrderItem.serviceOrderId=${orderId}`), noParams);
  return (await response.json()) as { id: string; name: string; state: string; serviceSpecification: { id: string; version?: string }; supportingService?: { id: string }[]; supportingResource?: { name: string }[]; serviceCharacteristic: { name: string; value: unknown }[] }[];
}

async function getSpecification(id: string) {
  const response = await app.specification.GET(tmfRequest("GET", `/tmf-api/serviceCatalogManagement/v4/serviceSpecification/${id}`), routeParams({ id }));
  return response.json();
}

async function setStatus(id: string, lifecycleStatus: string) {
  return app.design.changeLifecycleStatus(app.db(), { principal: owner, change: { id, lifecycleStatus } });
}

let deploymentSpecificationId: string;
let engineId: string;
let storeId: string;
let cfsId: string;

beforeAll(async () => {
  database = await createDoTestEnvironment({ domainId: "lulea", readyDelayMs: 0 });
  app = await loadApp();
  const party = await app.seedParty.ensureDomainOwnerOrganization(app.db(), domain, baseUrl);
  await app.seedCatalog.seedServiceCatalog(app.db(), domain, baseUrl, party);
  await app.seedResources.refreshClusterResources(app.db(), app.clusterModule.cluster(), domain, baseUrl, party);
});

afterAll(async () => {
  await dropDoTestEnvironment(database);
  await stopTestServer();
});

describe("service design at the DO", () => {
  it("designs RFS and CFS from discovered resource specifications", async () => {
    const response = await app.resourceSpecifications.GET(tmfRequest("GET", "/tmf-api/resourceCatalog/v4/resourceSpecification"), noParams);
    const resourceSpecifications = (await response.json()) as { id: string; name: string }[];
    deploymentSpecificationId = resourceSpecifications.find((specification) => specification.name === "Kubernetes deployment")!.id;
    expect(deploymentSpecificationId).toBeDefined();

    const engine = await app.design.createDesignedSpecification(app.db(), {
      principal: owner,
      baseUrl,
      draft: {
        kind: "resourceFacing",
        name: "Video analytics engine",
        resourceSpecification: [{ id: deploymentSpecificationId }],
        artifact: { registry: domain.artifactRegistry, name: "video-analytics", version: "2.1.0" },
        characteristics: [{ name: "replicas", valueType: "integer", range: { valueFrom: 1, valueTo: 5 }, defaultValue: 1, configurable: true }],
      },
    });
    const store = await app.design.createDesignedSpecification(app.db(), {
      principal: owner,
      baseUrl,
      draft: {
        kind: "resourceFacing",
        name: "Clip store",
        resourceSpecification: [{ id: deploymentSpecificationId }],
        artifact: { registry: domain.artifactRegistry, name: "clip-store", version: "1.0.0" },
        characteristics: [{ name: "retentionDays", valueType: "integer", range: { valueFrom: 1, valueTo: 30 }, defaultValue: 7, unitOfMeasure: "days" }],
      },
    });
    engineId = engine.id;
    storeId = store.id;
    const cfs = await app.design.createDesignedSpecification(app.db(), {
      principal: owner,
      baseUrl,
      draft: {
        kind: "customerFacing",
        name: "Smart city video",
        serviceSpecRelationship: [{ id: engineId }, { id: storeId }],
        characteristics: [
          { name: "replicas", valueType: "integer", range: { valueFrom: 1, valueTo: 3 }, defaultValue: 2, configurable: true },
          { name: "retentionDays", valueType: "integer", allowedValues: [7, 14], defaultValue: 7 },
        ],
      },
    });
    cfsId = cfs.id;

    const stored = await getSpecification(cfsId);
    expect(stored["@type"]).toBe("CustomerFacingServiceSpecification");
    expect(stored.lifecycleStatus).toBe("In design");
    expect(stored.version).toBe("1.0");
    expect(stored.serviceSpecRelationship.map((relationship: { id: string; name: string }) => [relationship.id, relationship.name])).toEqual([
      [engineId, "Video analytics engine"],
      [storeId, "Clip store"],
    ]);
    const rfs = await getSpecification(engineId);
    expect(rfs["@type"]).toBe("ResourceFacingServiceSpecification");
    expect(rfs.resourceSpecification[0]).toMatchObject({ id: deploymentSpecificationId, name: "Kubernetes deployment" });
  });

  it("rejects a CFS over a specification that is not resource-facing", async () => {
    const [library] = await database.db.select({ id: doSchema.serviceSpecification.id }).from(doSchema.serviceSpecification).where(eq(doSchema.serviceSpecification.name, "BEMIS Multi-sensing Seismic Processing"));
    await expect(
      app.design.createDesignedSpecification(app.db(), { principal: owner, baseUrl, draft: { kind: "customerFacing", name: "Wrong", serviceSpecRelationship: [{ id: library!.id }] } }),
    ).rejects.toMatchObject({ status: 422, message: expect.stringContaining("is not a resource-facing specification") });
  });

  it("rejects a designer role that may not design", async () => {
    const customer: Principal = { ...owner, role: "customer" } as Principal;
    await expect(app.design.createDesignedSpecification(app.db(), { principal: customer, baseUrl, draft: {} })).rejects.toMatchObject({ status: 403 });
  });

  it("rejects ordering a specification in design with 422", async () => {
    const { status, body } = await placeOrder(cfsId);
    expect(status).toBe(422);
    expect(body.message).toContain('serviceOrderItem "1"');
    expect(body.message).toContain("is In design");
  });

  it("activates a CFS only after its parts", async () => {
    await expect(setStatus(cfsId, "Active")).rejects.toMatchObject({ status: 422, message: expect.stringContaining("activate the resource-facing parts first") });
    await expect(setStatus(cfsId, "Retired")).rejects.toMatchObject({ status: 422, message: expect.stringContaining("cannot become Retired") });
    await setStatus(engineId, "Active");
    await setStatus(storeId, "Active");
    const active = await setStatus(cfsId, "Active");
    expect(active.lifecycleStatus).toBe("Active");
  });

  it("audits design writes with the designer", async () => {
    const created = await listAuditEvents(database.db, { resourceId: engineId, action: "create", offset: 0, limit: 50 });
    expect(created.items).toHaveLength(1);
    expect(created.items[0]).toMatchObject({ actorKind: "user", actorId: owner.id, actorName: owner.email, actorRole: "domainOwner", resourceType: "ServiceSpecification" });

    // The two rejected moves of the CFS rolled back and left no entry, and the move to Active left one.
    const moves = await listAuditEvents(database.db, { resourceId: cfsId, action: "stateChange", offset: 0, limit: 50 });
    expect(moves.items).toHaveLength(1);
    expect(moves.items[0]).toMatchObject({ actorId: owner.id, detail: { from: "In design", to: "Active" } });

    const before = await listAuditEvents(database.db, { offset: 0, limit: 1 });
    await expect(app.design.createDesignedSpecification(app.db(), { principal: owner, baseUrl, draft: { kind: "customerFacing", name: "Dangling", serviceSpecRelationship: [{ id: "missing" }] } })).rejects.toMatchObject({ status: 422 });
    const after = await listAuditEvents(database.db, { offset: 0, limit: 1 });
    expect(after.total).toBe(before.total);
  });

  let orderId: string;

  it("deploys one RFS part per CFS order item", async () => {
    const { status, body } = await placeOrder(cfsId, [{ name: "replicas", value: 3 }]);
    expect(status).toBe(201);
    orderId = body.id;
    const parts = body.serviceOrderItem[0].service.supportingService;
    expect(parts.map((part: { name: string }) => part.name)).toEqual(["Video analytics engine", "Clip store"]);
    expect(parts[0].serviceCharacteristic).toContainEqual({ name: "replicas", valueType: "integer", value: 3 });
    expect(parts[1].serviceCharacteristic).toContainEqual({ name: "retentionDays", valueType: "integer", value: 7 });

    const summary = await processor().runOnce();
    expect(summary.errors).toBe(0);
    const order = await getOrder(orderId);
    expect(order.state).toBe("completed");

    const services = await servicesOfOrder(orderId);
    expect(services).toHaveLength(3);
    const cfs = services.find((service) => service.serviceSpecification.id === cfsId)!;
    const engine = services.find((service) => service.serviceSpecification.id === engineId)!;
    const store = services.find((service) => service.serviceSpecification.id === storeId)!;
    expect(cfs.state).toBe("active");
    expect(cfs.supportingService!.map((ref) => ref.id).sort()).toEqual([engine.id, store.id].sort());
    expect(engine.state).toBe("active");
    expect(store.state).toBe("active");

    const engineDeployment = engine.supportingResource![0]!.name.split("/")[1]!;
    const storeDeployment = store.supportingResource![0]!.name.split("/")[1]!;
    const engineStatus = await app.clusterModule.cluster().getDeploymentStatus({ namespace: "lulea", name: engineDeployment });
    expect(engineStatus.phase).toBe("available");
    expect(engineStatus.replicas).toBe(3);
    expect((await app.clusterModule.cluster().getDeploymentStatus({ namespace: "lulea", name: storeDeployment })).phase).toBe("available");
  });

  it("rejects a modify item on a CFS service with 422 naming its parts", async () => {
    const services = await servicesOfOrder(orderId);
    const cfs = services.find((service) => service.serviceSpecification.id === cfsId)!;
    const engine = services.find((service) => service.serviceSpecification.id === engineId)!;
    const ordersBefore = await database.db.select({ id: doSchema.serviceOrder.id }).from(doSchema.serviceOrder);

    const body = { serviceOrderItem: [{ id: "1", action: "modify", service: { id: cfs.id, serviceCharacteristic: [{ name: "replicas", value: 2 }] } }] };
    const response = await app.orders.POST(tmfRequest("POST", ordersPath, { body }), noParams);
    const reply = await response.json();
    expect(response.status).toBe(422);
    expect(reply.message).toContain(`customer-facing service "Smart city video" (${cfs.id}) cannot be changed as a whole`);
    expect(reply.message).toContain(`"Video analytics engine" (${engine.id})`);
    expect(reply.message).not.toContain("artifactRegistry");

    const ordersAfter = await database.db.select({ id: doSchema.serviceOrder.id }).from(doSchema.serviceOrder);
    expect(ordersAfter, "a rejected order must not be stored").toHaveLength(ordersBefore.length);
    const unchanged = (await servicesOfOrder(orderId)).find((service) => service.id === engine.id)!;
    expect(unchanged.serviceCharacteristic).toContainEqual(expect.objectContaining({ name: "replicas", value: 3 }));
  });

  it("keeps a running service on its version when a new version appears", async () => {
    const next = await app.design.createNextVersion(app.db(), { principal: owner, id: cfsId, baseUrl });
    expect(next.id).not.toBe(cfsId);
    expect(next.name).toBe("Smart city video");
    expect(next.version).toBe("1.1");
    expect(next.lifecycleStatus).toBe("In design");
    expect((await getSpecification(cfsId)).lifecycleStatus).toBe("Active");
    const audit = await listAuditEvents(database.db, { resourceId: next.id, offset: 0, limit: 50 });
    expect(audit.items.map((entry) => [entry.action, entry.actorId, (entry.detail as { previousVersionId?: string }).previousVersionId])).toEqual([["create", owner.id, cfsId]]);

    const cfs = (await servicesOfOrder(orderId)).find((service) => service.serviceSpecification.id === cfsId)!;
    expect(cfs.serviceSpecification.version).toBe("1.0");
    expect(cfs.state).toBe("active");
  });

  it("rejects ordering a retired specification but keeps its services", async () => {
    await setStatus(cfsId, "Retired");
    const { status, body } = await placeOrder(cfsId);
    expect(status).toBe(422);
    expect(body.message).toContain("is Retired");
    const services = await servicesOfOrder(orderId);
    expect(services.every((service) => service.state === "active")).toBe(true);
  });

  it("rejects ordering a CFS whose part is retired", async () => {
    const next = await app.design.createNextVersion(app.db(), { principal: owner, id: cfsId, baseUrl });
    expect(next.version).toBe("1.2");
    await setStatus(next.id, "Active");
    await setStatus(storeId, "Retired");
    const { status, body } = await placeOrder(next.id);
    expect(status).toBe(422);
    expect(body.message).toContain('part "Clip store" 1.0 of "Smart city video" is Retired');
  });

  it("terminates the parts with the CFS service", async () => {
    const services = await servicesOfOrder(orderId);
    const cfs = services.find((service) => service.serviceSpecification.id === cfsId)!;
    const body = { serviceOrderItem: [{ id: "1", action: "delete", service: { id: cfs.id } }] };
    const response = await app.orders.POST(tmfRequest("POST", ordersPath, { body }), noParams);
    expect(response.status).toBe(201);
    await processor().runOnce();
    const after = await servicesOfOrder(orderId);
    expect(after.map((service) => service.state)).toEqual(["terminated", "terminated", "terminated"]);
    for (const service of after.filter((entry) => entry.serviceSpecification.id !== cfsId)) {
      const name = service.supportingResource![0]!.name.split("/")[1]!;
      expect((await app.clusterModule.cluster().getDeploymentStatus({ namespace: "lulea", name })).phase).toBe("notFound");
    }
  });
});
