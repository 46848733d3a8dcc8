import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryStore, createSimulatedCluster } from "@cop-pilot/cluster";
import { stopTestServer } from "@cop-pilot/db/testing";
import { catalogOfDomain, getDomain } from "@cop-pilot/service-library";
import {
  createDoTestEnvironment,
  dropDoTestEnvironment,
  noParams,
  routeParams,
  tmfRequest,
  type DoTestDatabase,
} from "../testing/do-test-context";

type CollectionRoute = { GET: (request: Request, context: typeof noParams) => Promise<Response>; POST?: (request: Request, context: typeof noParams) => Promise<Response> };
type ItemRoute = {
  GET: (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
  PATCH?: (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
  DELETE?: (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
};

const domain = getDomain("preveza");
const library = catalogOfDomain("preveza");

let database: DoTestDatabase;
let routes: Record<string, { path: string; collection: CollectionRoute; item: ItemRoute }>;

async function loadRoutes() {
  const entry = async (path: string, collection: Promise<CollectionRoute>, item: Promise<ItemRoute>) => ({ path, collection: await collection, item: await item });
  return {
    serviceCatalog: await entry(
      "/tmf-api/serviceCatalogManagement/v4/serviceCatalog",
      import("@/app/tmf-api/serviceCatalogManagement/v4/serviceCatalog/route"),
      import("@/app/tmf-api/serviceCatalogManagement/v4/serviceCatalog/[id]/route"),
    ),
    serviceCategory: await entry(
      "/tmf-api/serviceCatalogManagement/v4/serviceCategory",
      import("@/app/tmf-api/serviceCatalogManagement/v4/serviceCategory/route"),
      import("@/app/tmf-api/serviceCatalogManagement/v4/serviceCategory/[id]/route"),
    ),
    serviceCandidate: await entry(
      "/tmf-api/serviceCatalogManagement/v4/serviceCandidate",
      import("@/app/tmf-api/serviceCatalogManagement/v4/serviceCandidate/route"),
      import("@/app/tmf-api/serviceCatalogManagement/v4/serviceCandidate/[id]/route"),
    ),
    serviceSpecification: await entry(
      "/tmf-api/serviceCatalogManagement/v4/serviceSpecification",
      import("@/app/tmf-api/serviceCatalogManagement/v4/serviceSpecification/route"),
      import("@/app/tmf-api/serviceCatalogManagement/v4/serviceSpecification/[id]/route"),
    ),
    serviceOrder: await entry(
      "/tmf-api/serviceOrdering/v4/serviceOrder",
      import("@/app/tmf-api/serviceOrdering/v4/serviceOrder/route"),
      import("@/app/tmf-api/serviceOrdering/v4/serviceOrder/[id]/route"),
    ),
    cancelServiceOrder: await entry(
      "/tmf-api/serviceOrdering/v4/cancelServiceOrder",
      import("@/app/tmf-api/serviceOrdering/v4/cancelServiceOrder/route"),
      import("@/app/tmf-api/serviceOrdering/v4/cancelServiceOrder/[id]/route"),
    ),
    service: await entry(
      "/tmf-api/serviceInventory/v4/service",
      import("@/app/tmf-api/serviceInventory/v4/service/route"),
      import("@/app/tmf-api/serviceInventory/v4/service/[id]/route"),
    ),
    resourceCatalog: await entry(
      "/tmf-api/resourceCatalog/v4/resourceCatalog",
      import("@/app/tmf-api/resourceCatalog/v4/resourceCatalog/route"),
      import("@/app/tmf-api/resourceCatalog/v4/resourceCatalog/[id]/route"),
    ),
    resourceCategory: await entry(
      "/tmf-api/resourceCatalog/v4/resourceCategory",
      import("@/app/tmf-api/resourceCatalog/v4/resourceCategory/route"),
      import("@/app/tmf-api/resourceCatalog/v4/resourceCategory/[id]/route"),
    ),
    resourceSpecification: await entry(
      "/tmf-api/resourceCatalog/v4/resourceSpecification",
      import("@/app/tmf-api/resourceCatalog/v4/resourceSpecification/route"),
      import("@/app/tmf-api/resourceCatalog/v4/resourceSpecification/[id]/route"),
    ),
    resource: await entry(
      "/tmf-api/resourceInventoryManagement/v4/resource",
      import("@/app/tmf-api/resourceInventoryManagement/v4/resource/route"),
      import("@/app/tmf-api/resourceInventoryManagement/v4/resource/[id]/route"),
    ),
    organization: await entry(
      "/tmf-api/party/v4/organization",
      import("@/app/tmf-api/party/v4/organization/route"),
      import("@/app/tmf-api/party/v4/organization/[id]/route"),
    ),
    individual: await entry(
      "/tmf-api/party/v4/individual",
      import("@/app/tmf-api/party/v4/individual/route"),
      import("@/app/tmf-api/party/v4/individual/[id]/route"),
    ),
  };
}

async function list(name: string, query = "") {
  const route = routes[name]!;
  const response = await route.collection.GET(tmfRequest("GET", `${route.path}${query}`), noParams);
  expect(response.status).toBe(200);
  return { response, items: (await response.json()) as Record<string, unknown>[] };
}

async function create(name: string, body: unknown) {
  const route = routes[name]!;
  const response = await route.collection.POST!(tmfRequest("POST", route.path, { body }), noParams);
  return { response, body: await response.json() };
}

beforeAll(async () => {
  database = await createDoTestEnvironment({ domainId: "preveza" });
  routes = await loadRoutes();
  const seedParty = await import("../seed/party");
  const seedCatalog = await import("../seed/service-catalog");
  const seedResources = await import("../seed/resources");
  const { db } = await import("../db");
  const owner = await seedParty.ensureDomainOwnerOrganization(db(), domain, "http://127.0.0.1:39610");
  await seedCatalog.seedServiceCatalog(db(), domain, "http://127.0.0.1:39610", owner);
  await seedResources.refreshClusterResources(db(), createSimulatedCluster({ name: domain.computeCluster, store: createMemoryStore() }), domain, "http://127.0.0.1:39610", owner);
});

afterAll(async () => {
  await dropDoTestEnvironment(database);
  await stopTestServer();
});

describe("authentication of every TMF collection", () => {
  it.each([
    "serviceCatalog",
    "serviceCategory",
    "serviceCandidate",
    "serviceSpecification",
    "serviceOrder",
    "cancelServiceOrder",
    "service",
    "resourceCatalog",
    "resourceCategory",
    "resourceSpecification",
    "resource",
    "organization",
    "individual",
  ])("answers 401 to %s without a token", async (name) => {
    const route = routes[name]!;

    const response = await route.collection.GET(tmfRequest("GET", route.path, { token: null }), noParams);

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: "unauthorized", status: "401" });
  });
});

describe("TMF633 service catalogue", () => {
  it("lists the seeded specifications with counts", async () => {
    const { response, items } = await list("serviceSpecification", "?limit=5&lifecycleStatus=Active");

    expect(items).toHaveLength(5);
    expect(response.headers.get("x-total-count")).toBe(String(library.specifications.length));
    expect(response.headers.get("x-result-count")).toBe("5");
  });

  it("filters specifications by category", async () => {
    const { items: categories } = await list("serviceCategory");
    const category = categories[0]!;

    const { items } = await list("serviceSpecification", `?category.id=${category.id}`);

    const slug = library.categories.find((definition) => definition.name === category.name)!.slug;
    expect(items).toHaveLength(library.specifications.filter((specification) => specification.categorySlugs.includes(slug)).length);
  });

  it("creates, patches and deletes a specification", async () => {
    const { response, body: created } = await create("serviceSpecification", {
      name: "Grid Frequency Monitor",
      description: "Watches the grid frequency at the substation.",
      specCharacteristic: [{ name: "sampleRate", valueType: "integer", characteristicValueSpecification: [{ value: 10, isDefault: true }] }],
    });
    expect(response.status).toBe(201);
    expect(created.lifecycleStatus).toBe("In design");
    expect(created.href).toBe(`http://127.0.0.1:39610/tmf-api/serviceCatalogManagement/v4/serviceSpecification/${created.id}`);

    const route = routes.serviceSpecification!;
    const patched = await route.item.PATCH!(
      tmfRequest("PATCH", `${route.path}/${created.id}`, { body: { lifecycleStatus: "Active" } }),
      routeParams({ id: created.id }),
    );
    expect(patched.status).toBe(200);
    expect((await patched.json()).lifecycleStatus).toBe("Active");

    const deleted = await route.item.DELETE!(tmfRequest("DELETE", `${route.path}/${created.id}`), routeParams({ id: created.id }));
    expect(deleted.status).toBe(204);
    const afterDelete = await route.item.GET(tmfRequest("GET", `${route.path}/${created.id}`), routeParams({ id: created.id }));
    expect(afterDelete.status).toBe(404);
  });

  it.each([["Banana"], [""]])("rejects a new specification in status %j", async (lifecycleStatus) => {
    const { response, body } = await create("serviceSpecification", { name: "Odd status", lifecycleStatus });

    expect(response.status).toBe(400);
    expect(body.message).toContain("lifecycleStatus");
    expect(body.message).toContain("In design, In test, Active");
  });

  it("rejects unknown statuses and moves the lifecycle does not allow", async () => {
    const route = routes.serviceSpecification!;
    const { body: created } = await create("serviceSpecification", { name: "Lifecycle guard", lifecycleStatus: "Retired" });
    const patch = (body: unknown) => route.item.PATCH!(tmfRequest("PATCH", `${route.path}/${created.id}`, { body }), routeParams({ id: created.id }));

    for (const lifecycleStatus of ["Banana", "", null]) {
      const response = await patch({ lifecycleStatus });
      expect(response.status).toBe(400);
      expect((await response.json()).message).toContain("lifecycleStatus");
    }
    expect((await patch({ lifecycleStatus: "Obsolete" })).status).toBe(200);
    const reopened = await patch({ lifecycleStatus: "Active" });
    expect(reopened.status).toBe(422);
    expect((await reopened.json()).message).toContain("cannot become Active; it can become no other status");
    expect((await patch({ description: "still obsolete" })).status).toBe(200);

    const stored = await route.item.GET(tmfRequest("GET", `${route.path}/${created.id}`), routeParams({ id: created.id }));
    expect((await stored.json()).lifecycleStatus).toBe("Obsolete");
  });

  it("rejects a specification without a name", async () => {
    const { response, body } = await create("serviceSpecification", { description: "nameless" });

    expect(response.status).toBe(400);
    expect(body.message).toContain("name");
  });
});

describe("TMF638 service inventory", () => {
  it("creates and retires a service", async () => {
    const { response, body: created } = await create("service", { name: "Manually recorded service", state: "active" });
    expect(response.status).toBe(201);

    const route = routes.service!;
    const patched = await route.item.PATCH!(tmfRequest("PATCH", `${route.path}/${created.id}`, { body: { state: "terminated" } }), routeParams({ id: created.id }));
    expect(patched.status).toBe(200);
    expect((await patched.json()).state).toBe("terminated");

    const { items } = await list("service", "?state=terminated");
    expect(items.map((item) => item.id)).toContain(created.id);
  });

  it("rejects an unknown service state", async () => {
    const { response, body } = await create("service", { name: "x", state: "running" });

    expect(response.status).toBe(400);
    expect(body.message).toContain("state");
  });
});

describe("TMF634 and TMF639 resources", () => {
  it("lists the controller and node resources", async () => {
    const { items: specifications } = await list("resourceSpecification");
    expect(specifications.map((specification) => specification.name)).toContain("Kubernetes cluster controller");

    const { items } = await list("resource");
    expect(items.map((item) => item.name)).toEqual(
      expect.arrayContaining([domain.computeCluster, `${domain.computeCluster}-control-plane`, `${domain.computeCluster}-worker-1`]),
    );
  });

  it("retrieves one resource by id", async () => {
    const { items } = await list("resource", `?name=${domain.computeCluster}`);
    const route = routes.resource!;

    const response = await route.item.GET(tmfRequest("GET", `${route.path}/${items[0]!.id}`), routeParams({ id: items[0]!.id as string }));

    expect(response.status).toBe(200);
    expect((await response.json()).resourceVersion).toBe("v1.31.0-sim");
  });

  it("tells the cluster kind on the controller resource", async () => {
    const { items } = await list("resource", "?category=Kubernetes%20cluster");

    expect(items).toHaveLength(1);
    const characteristics = items[0]!.resourceCharacteristic as { name: string; value: unknown }[];
    expect(characteristics).toContainEqual({ name: "clusterKind", valueType: "string", value: "simulated" });
    expect(characteristics).toContainEqual({ name: "kubernetesVersion", valueType: "string", value: "v1.31.0-sim" });
  });

  it("tells the cluster kind on the controller specification", async () => {
    const { items } = await list("resourceSpecification", "?name=Kubernetes%20cluster%20controller");

    expect(items).toHaveLength(1);
    const characteristics = items[0]!.resourceSpecCharacteristic as { name: string; resourceSpecCharacteristicValue: { value: unknown; isDefault?: boolean }[] }[];
    const clusterKind = characteristics.find((characteristic) => characteristic.name === "clusterKind");
    expect(clusterKind?.resourceSpecCharacteristicValue).toEqual([{ valueType: "string", value: "simulated", isDefault: true }]);
  });
});

describe("TMF632 parties", () => {
  it("lists the domain owner organization", async () => {
    const { items } = await list("organization");

    expect(items.map((item) => item.name)).toEqual([domain.name]);
  });

  it("creates an individual", async () => {
    const { response, body } = await create("individual", { givenName: "Eleni", familyName: "Papadopoulou" });

    expect(response.status).toBe(201);
    expect(body.status).toBe("validated");
  });
});
