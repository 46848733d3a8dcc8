import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { doSchema } from "@cop-pilot/db";
import { stopTestServer } from "@cop-pilot/db/testing";
import { createDoTestEnvironment, dropDoTestEnvironment, noParams, tmfRequest, type DoTestDatabase } from "../testing/do-test-context";

// A domain with data but no compute: the DO process starts with
// DOMAIN_COMPUTE=disabled and offers only its datasets.

let database: DoTestDatabase;

beforeAll(async () => {
  database = await createDoTestEnvironment({ domainId: "portugal-spain" });
  vi.stubEnv("DATA_MANAGEMENT", "enabled");
  vi.stubEnv("DOMAIN_COMPUTE", "disabled");
});

afterAll(async () => {
  const globals = globalThis as unknown as { doOrderProcessor?: { stop(): Promise<void> }; doPullLoop?: { stop(): void } };
  await globals.doOrderProcessor?.stop();
  globals.doPullLoop?.stop();
  delete globals.doOrderProcessor;
  delete globals.doPullLoop;
  await dropDoTestEnvironment(database);
  await stopTestServer();
});

describe("data-only domain", () => {
  it("offers its datasets and no compute services", async () => {
    const { startDomainOrchestrator } = await import("../startup");
    await startDomainOrchestrator();
    expect(await database.db.select().from(doSchema.serviceSpecification)).toHaveLength(0);
    expect(await database.db.select().from(doSchema.resource)).toHaveLength(0);
    const catalogs = await database.db.select().from(doSchema.serviceCatalog);
    expect(catalogs.map((catalog) => catalog.name)).toEqual(["Portugal–Spain Vineyards Domain data catalogue"]);

    const { createDomainDataset } = await import("./datasets");
    await createDomainDataset({
      entityType: "SoilProbe",
      title: "Soil probes",
      description: { description: "Soil moisture probes.", license: "CC-BY-4.0", publisher: "Douro", accrualPeriodicity: "hourly" },
    });
    const specifications = await import("@/app/tmf-api/serviceCatalogManagement/v4/serviceSpecification/route");
    const listed = await (await specifications.GET(tmfRequest("GET", "/tmf-api/serviceCatalogManagement/v4/serviceSpecification"), noParams)).json();
    expect(listed.map((specification: { name: string }) => specification.name)).toEqual(["Soil probes (Data-as-a-Service)"]);
    const [catalog] = await database.db.select().from(doSchema.serviceCatalog);
    expect((catalog!.document as { category: { name: string }[] }).category.map((category) => category.name)).toEqual(["Data-as-a-Service"]);
  });

  it("rejects compute disabled without Data Management", async () => {
    vi.stubEnv("DATA_MANAGEMENT", "disabled");
    vi.resetModules();
    const { env } = await import("@/env");
    expect(() => env()).toThrow(/a domain without compute must run the Data Management/);
  });
});
