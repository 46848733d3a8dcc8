import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createMemoryStore, createSimulatedCluster, defaultSimulatedNodes } from "@cop-pilot/cluster";
import { doSchema } from "@cop-pilot/db";
import { createTestDatabase, stopTestServer } from "@cop-pilot/db/testing";
import { catalogOfDomain, domains, getDomain } from "@cop-pilot/service-library";
import { createDoTestEnvironment, dropDoTestEnvironment, type DoTestDatabase } from "../testing/do-test-context";

const baseUrl = "http://127.0.0.1:39610";

let environment: DoTestDatabase;
let seed: {
  party: typeof import("./party");
  catalog: typeof import("./service-catalog");
  resources: typeof import("./resources");
};

beforeAll(async () => {
  environment = await createDoTestEnvironment();
  seed = {
    party: await import("./party"),
    catalog: await import("./service-catalog"),
    resources: await import("./resources"),
  };
});

afterAll(async () => {
  await dropDoTestEnvironment(environment);
  await stopTestServer();
});

describe("service catalogue seed", () => {
  it.each(domains.map((domain) => [domain.id, domain] as const))("publishes the library of %s", async (_id, domain) => {
    const test = await createTestDatabase("do", doSchema);
    try {
      const library = catalogOfDomain(domain.id);
      const owner = await seed.party.ensureDomainOwnerOrganization(test.db, domain, baseUrl);
      const seeded = await seed.catalog.seedServiceCatalog(test.db, domain, baseUrl, owner);

      expect(seeded).toEqual({ catalogs: 1, categories: library.categories.length, specifications: library.specifications.length });
      const catalogs = await test.db.select().from(doSchema.serviceCatalog);
      const categories = await test.db.select().from(doSchema.serviceCategory);
      const specifications = await test.db.select().from(doSchema.serviceSpecification);
      const organizations = await test.db.select().from(doSchema.organization);
      expect(catalogs).toHaveLength(1);
      expect(categories).toHaveLength(library.categories.length);
      expect(specifications).toHaveLength(library.specifications.length);
      expect(organizations.map((row) => row.name)).toEqual([domain.name]);

      const categoryIds = new Set(categories.map((row) => row.id));
      expect((catalogs[0]!.document.category as { id: string }[]).map((ref) => ref.id).sort()).toEqual([...categoryIds].sort());
      expect(catalogs[0]!.document.relatedParty).toEqual([owner]);
      for (const row of specifications) {
        expect(row.lifecycleStatus).toBe("Active");
        const refs = row.document.category as { id: string }[];
        expect(refs.length).toBeGreaterThan(0);
        for (const ref of refs) expect(categoryIds.has(ref.id)).toBe(true);
        expect(row.document.relatedParty).toEqual([owner]);
        expect(row.document.href).toBe(`${baseUrl}/tmf-api/serviceCatalogManagement/v4/serviceSpecification/${row.id}`);
        const registry = (row.document.specCharacteristic as { name: string; characteristicValueSpecification: { value: unknown }[] }[]).find(
          (characteristic) => characteristic.name === "artifactRegistry",
        );
        expect(registry?.characteristicValueSpecification[0]?.value).toBe(domain.artifactRegistry);
      }
    } finally {
      await test.drop();
    }
  });

  it("seeds only an empty catalogue", async () => {
    const test = await createTestDatabase("do", doSchema);
    try {
      const domain = getDomain("preveza");
      const owner = await seed.party.ensureDomainOwnerOrganization(test.db, domain, baseUrl);
      await seed.catalog.seedServiceCatalog(test.db, domain, baseUrl, owner);
      const [first] = await test.db.select().from(doSchema.serviceSpecification).limit(1);
      await test.db.delete(doSchema.serviceSpecification).where(eq(doSchema.serviceSpecification.id, first!.id));

      const again = await seed.catalog.seedServiceCatalog(test.db, domain, baseUrl, await seed.party.ensureDomainOwnerOrganization(test.db, domain, baseUrl));

      expect(again).toBeNull();
      expect(await test.db.select().from(doSchema.serviceSpecification)).toHaveLength(catalogOfDomain("preveza").specifications.length - 1);
      expect(await test.db.select().from(doSchema.organization)).toHaveLength(1);
    } finally {
      await test.drop();
    }
  });

  it("seeds once when two processes start together", async () => {
    const test = await createTestDatabase("do", doSchema);
    try {
      const domain = getDomain("lulea");
      const owners = await Promise.all([0, 1].map(() => seed.party.ensureDomainOwnerOrganization(test.db, domain, baseUrl)));
      const results = await Promise.all(owners.map((owner) => seed.catalog.seedServiceCatalog(test.db, domain, baseUrl, owner)));

      expect(owners[0]!.id).toBe(owners[1]!.id);
      expect(results.filter((result) => result !== null)).toHaveLength(1);
      expect(await test.db.select().from(doSchema.serviceCatalog)).toHaveLength(1);
    } finally {
      await test.drop();
    }
  });
});

describe("new domain", () => {
  it("publishes its starter catalogue and discovers its cluster", async () => {
    const test = await createTestDatabase("do", doSchema);
    try {
      const template = getDomain("valencia");
      // The domain that DOMAIN_PROFILE describes for a DO ordered through the ESO.
      const domain = { ...template, id: "oulu-harbour" as typeof template.id, name: "Oulu Harbour", computeCluster: "oulu-k8s", location: { ...template.location, city: "Oulu", latitude: 65.01, longitude: 25.47 } };
      const owner = await seed.party.ensureDomainOwnerOrganization(test.db, domain, baseUrl);
      const seeded = await seed.catalog.seedServiceCatalog(test.db, domain, baseUrl, owner, "valencia");
      const refreshed = await seed.resources.refreshClusterResources(test.db, createSimulatedCluster({ name: "oulu-k8s", store: createMemoryStore() }), domain, baseUrl, owner);

      expect(seeded?.specifications).toBe(catalogOfDomain("valencia").specifications.length);
      expect((await test.db.select().from(doSchema.organization)).map((row) => row.name)).toEqual(["Oulu Harbour"]);
      expect(refreshed).toMatchObject({ nodes: 3, removed: 0 });
      const resources = await test.db.select().from(doSchema.resource);
      expect(resources.map((row) => row.name).sort()).toEqual(["oulu-k8s", "oulu-k8s-control-plane", "oulu-k8s-worker-1", "oulu-k8s-worker-2"]);
    } finally {
      await test.drop();
    }
  });
});

describe("cluster resources", () => {
  it("records the controller and every node", async () => {
    const test = await createTestDatabase("do", doSchema);
    try {
      const domain = getDomain("central-macedonia");
      const owner = await seed.party.ensureDomainOwnerOrganization(test.db, domain, baseUrl);
      const cluster = createSimulatedCluster({ name: domain.computeCluster, store: createMemoryStore() });

      const refreshed = await seed.resources.refreshClusterResources(test.db, cluster, domain, baseUrl, owner);

      expect(refreshed).toMatchObject({ nodes: 3, removed: 0 });
      const specifications = await test.db.select().from(doSchema.resourceSpecification);
      expect(specifications.map((row) => row.name).sort()).toEqual(
        [seed.resources.controllerSpecificationName, seed.resources.nodeSpecificationName, seed.resources.deploymentSpecificationName].sort(),
      );
      const catalogs = await test.db.select().from(doSchema.resourceCatalog);
      expect(catalogs).toHaveLength(1);
      const categories = await test.db.select().from(doSchema.resourceCategory);
      expect(categories.map((row) => row.name).sort()).toEqual([seed.resources.computeCategoryName, seed.resources.workloadCategoryName].sort());
      expect((catalogs[0]!.document.category as { id: string }[]).map((ref) => ref.id).sort()).toEqual(categories.map((row) => row.id).sort());

      const controllerSpecification = specifications.find((row) => row.name === seed.resources.controllerSpecificationName)!;
      const values = Object.fromEntries(
        (controllerSpecification.document.resourceSpecCharacteristic as { name: string; resourceSpecCharacteristicValue?: { value: unknown }[] }[]).map(
          (characteristic) => [characteristic.name, characteristic.resourceSpecCharacteristicValue?.[0]?.value],
        ),
      );
      // Default simulated nodes: 4 + 8 + 8 cores, 16 + 32 + 32 GiB.
      expect(values).toMatchObject({ nodeCount: 3, cpuCapacity: 20, memoryCapacity: 80, cpuAllocatable: 19.4, memoryAllocatable: 77, clusterKind: "simulated" });
      // The deployments change the allocated amounts, so the specification gives them no value.
      expect(values).toHaveProperty("cpuAllocated", undefined);

      const resources = await test.db.select().from(doSchema.resource);
      expect(resources).toHaveLength(4);
      const controller = resources.find((row) => row.name === domain.computeCluster)!;
      expect(controller.resourceSpecificationId).toBe(controllerSpecification.id);
      expect(controller.document.usageState).toBe("idle");
      expect(controller.document.resourceCharacteristic).toContainEqual({ name: "podsAllocated", valueType: "integer", value: 0 });
      const worker = resources.find((row) => row.name === `${domain.computeCluster}-worker-1`)!;
      expect(worker.resourceStatus).toBe("available");
      expect(worker.document.resourceCharacteristic).toContainEqual({ name: "cpuCapacity", valueType: "number", value: 8 });
      expect(worker.document.resourceCharacteristic).toContainEqual({ name: "memoryAllocatable", valueType: "number", value: 31 });
    } finally {
      await test.drop();
    }
  });

  it("refresh keeps ids and drops departed nodes", async () => {
    const test = await createTestDatabase("do", doSchema);
    try {
      const domain = getDomain("portugal-spain");
      const owner = await seed.party.ensureDomainOwnerOrganization(test.db, domain, baseUrl);
      const store = createMemoryStore();
      await seed.resources.refreshClusterResources(test.db, createSimulatedCluster({ name: domain.computeCluster, store }), domain, baseUrl, owner);
      const before = await test.db.select({ id: doSchema.resource.id, name: doSchema.resource.name }).from(doSchema.resource);

      const smaller = createSimulatedCluster({ name: domain.computeCluster, store, nodes: defaultSimulatedNodes(domain.computeCluster).slice(0, 2) });
      const refreshed = await seed.resources.refreshClusterResources(test.db, smaller, domain, baseUrl, owner);

      expect(refreshed.removed).toBe(1);
      const after = await test.db.select({ id: doSchema.resource.id, name: doSchema.resource.name }).from(doSchema.resource);
      expect(after).toHaveLength(3);
      for (const row of after) expect(before).toContainEqual(row);
      expect(await test.db.select().from(doSchema.resourceSpecification)).toHaveLength(3);
    } finally {
      await test.drop();
    }
  });
});
