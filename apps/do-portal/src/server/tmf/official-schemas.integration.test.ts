import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSchemaRecorder } from "@cop-pilot/conformance/schemas";
import { createMemoryStore, createSimulatedCluster } from "@cop-pilot/cluster";
import { createLogger } from "@cop-pilot/logger";
import { stopTestServer } from "@cop-pilot/db/testing";
import { getDomain } from "@cop-pilot/service-library";
import { createDoTestEnvironment, dropDoTestEnvironment, noParams, routeParams, testBaseUrl, tmfRequest, type DoTestDatabase } from "../testing/do-test-context";

// TMF633, TMF634, TMF639 and TMF641 have no v4 conformance kit. So this file validates
// every response it receives against the schema that the official Swagger
// specification gives for the operation and status. The last test checks
// that each operation the DO serves was exercised.

const domain = getDomain("central-macedonia");
const recorder = createSchemaRecorder();

/** Resources of each specification that the DO serves. Every operation the specification defines on them must be exercised. */
const servedResources = {
  TMF633: ["serviceCatalog", "serviceCategory", "serviceCandidate", "serviceSpecification"],
  TMF634: ["resourceCatalog", "resourceCategory", "resourceCandidate", "resourceSpecification"],
  TMF639: ["resource"],
  TMF641: ["serviceOrder", "cancelServiceOrder"],
};

// Collection and item handlers take different params, and `never` lets one type describe both.
type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST" | "PATCH" | "DELETE", Handler>>;

const apiPaths: Record<string, string> = {
  serviceCatalog: "/tmf-api/serviceCatalogManagement/v4",
  serviceCategory: "/tmf-api/serviceCatalogManagement/v4",
  serviceCandidate: "/tmf-api/serviceCatalogManagement/v4",
  serviceSpecification: "/tmf-api/serviceCatalogManagement/v4",
  resourceCatalog: "/tmf-api/resourceCatalog/v4",
  resourceCategory: "/tmf-api/resourceCatalog/v4",
  resourceCandidate: "/tmf-api/resourceCatalog/v4",
  resourceSpecification: "/tmf-api/resourceCatalog/v4",
  resource: "/tmf-api/resourceInventoryManagement/v4",
  serviceOrder: "/tmf-api/serviceOrdering/v4",
  cancelServiceOrder: "/tmf-api/serviceOrdering/v4",
};

let database: DoTestDatabase;
const routes: Record<string, { collection: RouteModule; item: RouteModule }> = {};
let specificationId: string;

async function loadRoutes(): Promise<void> {
  const modules: Record<string, [Promise<RouteModule>, Promise<RouteModule>]> = {
    serviceCatalog: [import("@/app/tmf-api/serviceCatalogManagement/v4/serviceCatalog/route"), import("@/app/tmf-api/serviceCatalogManagement/v4/serviceCatalog/[id]/route")],
    serviceCategory: [import("@/app/tmf-api/serviceCatalogManagement/v4/serviceCategory/route"), import("@/app/tmf-api/serviceCatalogManagement/v4/serviceCategory/[id]/route")],
    serviceCandidate: [import("@/app/tmf-api/serviceCatalogManagement/v4/serviceCandidate/route"), import("@/app/tmf-api/serviceCatalogManagement/v4/serviceCandidate/[id]/route")],
    serviceSpecification: [
      import("@/app/tmf-api/serviceCatalogManagement/v4/serviceSpecification/route"),
      import("@/app/tmf-api/serviceCatalogManagement/v4/serviceSpecification/[id]/route"),
    ],
    resourceCatalog: [import("@/app/tmf-api/resourceCatalog/v4/resourceCatalog/route"), import("@/app/tmf-api/resourceCatalog/v4/resourceCatalog/[id]/route")],
    resourceCategory: [import("@/app/tmf-api/resourceCatalog/v4/resourceCategory/route"), import("@/app/tmf-api/resourceCatalog/v4/resourceCategory/[id]/route")],
    resourceCandidate: [import("@/app/tmf-api/resourceCatalog/v4/resourceCandidate/route"), import("@/app/tmf-api/resourceCatalog/v4/resourceCandidate/[id]/route")],
    resourceSpecification: [import("@/app/tmf-api/resourceCatalog/v4/resourceSpecification/route"), import("@/app/tmf-api/resourceCatalog/v4/resourceSpecification/[id]/route")],
    resource: [import("@/app/tmf-api/resourceInventoryManagement/v4/resource/route"), import("@/app/tmf-api/resourceInventoryManagement/v4/resource/[id]/route")],
    serviceOrder: [import("@/app/tmf-api/serviceOrdering/v4/serviceOrder/route"), import("@/app/tmf-api/serviceOrdering/v4/serviceOrder/[id]/route")],
    cancelServiceOrder: [import("@/app/tmf-api/serviceOrdering/v4/cancelServiceOrder/route"), import("@/app/tmf-api/serviceOrdering/v4/cancelServiceOrder/[id]/route")],
  };
  for (const [name, [collection, item]] of Object.entries(modules)) routes[name] = { collection: await collection, item: await item };
}

/** Calls one route handler, validates its response and returns the status and the parsed body. */
async function call(method: "GET" | "POST" | "PATCH" | "DELETE", resource: string, options: { id?: string; query?: string; body?: unknown } = {}) {
  const path = `${apiPaths[resource]}/${resource}${options.id ? `/${options.id}` : ""}${options.query ?? ""}`;
  const request = tmfRequest(method, path, { body: options.body });
  const module = options.id ? routes[resource]!.item : routes[resource]!.collection;
  const handler = module[method];
  if (!handler) throw new Error(`the DO serves no ${method} ${path}`);
  const response = await handler(request, (options.id ? routeParams({ id: options.id }) : noParams) as { params: Promise<never> });
  const violation = await recorder.check(request, response);
  expect(violation, `${method} ${path} answered ${response.status}`).toBeUndefined();
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : (JSON.parse(text) as Record<string, unknown> & { id: string }) };
}

/** Lists, creates, retrieves, patches and deletes one resource, checking each status on the way. */
async function exerciseResource(resource: string, createBody: Record<string, unknown>, patchBody: Record<string, unknown>): Promise<void> {
  expect((await call("GET", resource)).status).toBe(200);
  const created = await call("POST", resource, { body: createBody });
  expect(created.status).toBe(201);
  const id = created.body!.id;
  expect((await call("GET", resource, { id })).status).toBe(200);
  expect((await call("GET", resource, { query: `?id=${id}` })).status).toBe(200);
  expect((await call("PATCH", resource, { id, body: patchBody })).status).toBe(200);
  expect((await call("DELETE", resource, { id })).status).toBe(204);
  expect((await call("GET", resource, { id })).status).toBe(404);
}

beforeAll(async () => {
  database = await createDoTestEnvironment({ domainId: domain.id });
  await loadRoutes();
  const seedParty = await import("../seed/party");
  const seedCatalog = await import("../seed/service-catalog");
  const seedResources = await import("../seed/resources");
  const { db } = await import("../db");
  const owner = await seedParty.ensureDomainOwnerOrganization(db(), domain, testBaseUrl);
  await seedCatalog.seedServiceCatalog(db(), domain, testBaseUrl, owner);
  await seedResources.refreshClusterResources(db(), createSimulatedCluster({ name: domain.computeCluster, store: createMemoryStore() }), domain, testBaseUrl, owner);
  const { body } = await call("GET", "serviceSpecification", { query: "?lifecycleStatus=Active&limit=1" });
  specificationId = (body as unknown as { id: string }[])[0]!.id;
});

afterAll(async () => {
  await dropDoTestEnvironment(database);
  await stopTestServer();
});

describe("official TMF633 schemas", () => {
  it("serviceCatalog operations", async () => {
    await exerciseResource("serviceCatalog", { name: "Schema check catalogue", description: "Created by the schema test" }, { description: "Patched" });
  });

  it("serviceCategory operations", async () => {
    await exerciseResource("serviceCategory", { name: "Schema check category" }, { description: "Patched" });
  });

  it("serviceCandidate operations", async () => {
    await exerciseResource("serviceCandidate", { name: "Schema check candidate", serviceSpecification: { id: specificationId } }, { lifecycleStatus: "Retired" });
  });

  it("serviceSpecification operations", async () => {
    await exerciseResource(
      "serviceSpecification",
      { name: "Schema check specification", specCharacteristic: [{ name: "replicas", valueType: "integer", characteristicValueSpecification: [{ value: 1, isDefault: true }] }] },
      { lifecycleStatus: "Active" },
    );
  });
});

describe("official TMF634 schemas", () => {
  it("resourceCatalog operations", async () => {
    await exerciseResource("resourceCatalog", { name: "Schema check resource catalogue" }, { description: "Patched" });
  });

  it("resourceCategory operations", async () => {
    await exerciseResource("resourceCategory", { name: "Schema check resource category" }, { description: "Patched" });
  });

  it("resourceCandidate operations", async () => {
    await exerciseResource("resourceCandidate", { name: "Schema check resource candidate" }, { lifecycleStatus: "Retired" });
  });

  it("resourceSpecification operations", async () => {
    await exerciseResource("resourceSpecification", { name: "Schema check resource specification" }, { description: "Patched" });
  });
});

describe("official TMF639 schemas", () => {
  it("resource operations", async () => {
    await exerciseResource("resource", { name: "Schema check router", "@type": "Resource" }, { resourceStatus: "available" });
  });
});

describe("official TMF641 schemas", () => {
  it("serviceOrder and cancelServiceOrder operations", async () => {
    expect((await call("GET", "serviceOrder")).status).toBe(200);
    const placed = await call("POST", "serviceOrder", {
      body: { description: "Schema check order", serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: specificationId } } }] },
    });
    expect(placed.status).toBe(201);
    const id = placed.body!.id;
    expect((await call("GET", "serviceOrder", { id })).status).toBe(200);
    expect((await call("PATCH", "serviceOrder", { id, body: { priority: "1" } })).status).toBe(200);

    expect((await call("GET", "cancelServiceOrder")).status).toBe(200);
    const cancellation = await call("POST", "cancelServiceOrder", { body: { serviceOrder: { id }, cancellationReason: "Schema check" } });
    expect(cancellation.status).toBe(201);
    expect((await call("GET", "cancelServiceOrder", { id: cancellation.body!.id })).status).toBe(200);
    expect((await call("GET", "serviceOrder", { id })).body?.state).toBe("cancelled");

    expect((await call("DELETE", "serviceOrder", { id })).status).toBe(204);
    expect((await call("GET", "serviceOrder", { id })).status).toBe(404);
  });

  it("completed serviceOrder with milestones", async () => {
    const placed = await call("POST", "serviceOrder", {
      body: { serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: specificationId } } }] },
    });
    const { createOrderProcessor } = await import("../ordering/processor");
    const { cluster } = await import("../cluster");
    const { db } = await import("../db");
    const processor = createOrderProcessor({ db: db(), cluster: cluster(), domain, baseUrl: testBaseUrl, pollIntervalMs: 50, log: createLogger("schema-test") });
    await processor.runOnce();

    const order = await call("GET", "serviceOrder", { id: placed.body!.id });
    expect(order.body?.state).toBe("completed");
    expect((await call("GET", "serviceOrder", { query: "?state=completed" })).status).toBe(200);
  });
});

describe("official schema coverage", () => {
  it("exercises every served operation", () => {
    expect(recorder.missing(servedResources)).toEqual([]);
    expect(recorder.violations).toEqual([]);
  });
});
