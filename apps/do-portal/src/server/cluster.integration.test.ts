import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { startKubernetesEmulator, type KubernetesEmulator } from "@cop-pilot/cluster";
import { doSchema } from "@cop-pilot/db";
import { stopTestServer } from "@cop-pilot/db/testing";
import { createLogger } from "@cop-pilot/logger";
import { getDomain } from "@cop-pilot/service-library";
import { createDoTestEnvironment, dropDoTestEnvironment, noParams, tmfRequest, type DoTestDatabase } from "./testing/do-test-context";

// The DO against a real Kubernetes API: the emulator from @cop-pilot/cluster,
// reached through a kubeconfig file as KUBECONFIG_PATH names it.

const domain = getDomain("lulea");
// The emulator fails every rollout of this specification's artifact; an order cannot choose another artifact.
const failingArtifact = "evomining-asset-tracking";

let database: DoTestDatabase;
let emulator: KubernetesEmulator;
let folder: string;
let kubeconfigPath: string;
let app: Awaited<ReturnType<typeof loadApp>>;
let specificationId: string;
let failingSpecificationId: string;

async function loadApp() {
  return {
    orders: await import("@/app/tmf-api/serviceOrdering/v4/serviceOrder/route"),
    clusterModule: await import("./cluster"),
    processor: await import("./ordering/processor"),
    store: await import("./ordering/store"),
    seedParty: await import("./seed/party"),
    seedCatalog: await import("./seed/service-catalog"),
    seedResources: await import("./seed/resources"),
    db: (await import("./db")).db,
  };
}

async function runOrder(characteristics: { name: string; value: unknown }[], orderedSpecificationId = specificationId) {
  const response = await app.orders.POST(
    tmfRequest("POST", "/tmf-api/serviceOrdering/v4/serviceOrder", {
      body: { serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: orderedSpecificationId }, serviceCharacteristic: characteristics } }] },
    }),
    noParams,
  );
  expect(response.status).toBe(201);
  const placed = await response.json();
  const driver = app.clusterModule.createDomainCluster(app.db(), { kind: "kubernetes", kubeconfigPath });
  const processor = app.processor.createOrderProcessor({
    db: app.db(),
    cluster: driver,
    domain,
    baseUrl: "http://127.0.0.1:39610",
    pollIntervalMs: 50,
    log: createLogger("order-processor-test"),
  });
  await expect
    .poll(
      async () => {
        await processor.runOnce();
        return (await app.store.getServiceOrder(app.db(), placed.id)).state;
      },
      { timeout: 15_000, interval: 100 },
    )
    .toMatch(/completed|failed/);
  return app.store.getServiceOrder(app.db(), placed.id);
}

beforeAll(async () => {
  emulator = await startKubernetesEmulator({ clusterName: domain.computeCluster, readyDelayMs: 200, failArtifacts: [failingArtifact] });
  folder = mkdtempSync(path.join(os.tmpdir(), "do-kubeconfig-"));
  kubeconfigPath = path.join(folder, "kubeconfig.yaml");
  writeFileSync(kubeconfigPath, emulator.kubeconfig);

  database = await createDoTestEnvironment({ domainId: "lulea" });
  app = await loadApp();
  const owner = await app.seedParty.ensureDomainOwnerOrganization(app.db(), domain, "http://127.0.0.1:39610");
  await app.seedCatalog.seedServiceCatalog(app.db(), domain, "http://127.0.0.1:39610", owner);
  const [specification] = await database.db.select({ id: doSchema.serviceSpecification.id }).from(doSchema.serviceSpecification).limit(1);
  specificationId = specification!.id;
  const [failing] = await database.db.select({ id: doSchema.serviceSpecification.id }).from(doSchema.serviceSpecification).where(eq(doSchema.serviceSpecification.name, "EvoMining Asset Tracking"));
  failingSpecificationId = failing!.id;
});

afterAll(async () => {
  await dropDoTestEnvironment(database);
  await stopTestServer();
  await emulator?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe("Kubernetes cluster", () => {
  it("rejects an unreadable kubeconfig", () => {
    expect(() => app.clusterModule.createDomainCluster(app.db(), { kind: "kubernetes", kubeconfigPath: path.join(folder, "missing.yaml") })).toThrow(
      /Cannot read the kubeconfig at KUBECONFIG_PATH/,
    );
  });

  it("records the emulated nodes as resources", async () => {
    const driver = app.clusterModule.createDomainCluster(app.db(), { kind: "kubernetes", kubeconfigPath });
    const owner = await app.seedParty.ensureDomainOwnerOrganization(app.db(), domain, "http://127.0.0.1:39610");

    const refreshed = await app.seedResources.refreshClusterResources(app.db(), driver, domain, "http://127.0.0.1:39610", owner);

    expect(refreshed.nodes).toBeGreaterThan(0);
    const [controller] = await database.db.select().from(doSchema.resource).where(eq(doSchema.resource.name, domain.computeCluster));
    expect(controller!.document.resourceVersion).toBe("v1.31.0");
  });

  it("deploys an order into the cluster", async () => {
    const order = await runOrder([{ name: "replicas", value: 2 }]);

    expect(order.state).toBe("completed");
    const name = order.serviceOrderItem[0]!.service.supportingResource![0]!.name!.split("/")[1]!;
    const deployment = emulator.getDeployment("lulea", name) as unknown as { metadata: { labels: Record<string, string> }; spec: { replicas: number } };
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.metadata.labels["cop-pilot/service-order-id"]).toBe(order.id);
    expect(emulator.getService("lulea", name)).toBeDefined();
    const [resource] = await database.db.select().from(doSchema.resource).where(eq(doSchema.resource.id, `lulea.${name}`));
    expect(resource!.resourceStatus).toBe("available");
    expect(resource!.document.resourceCharacteristic).toContainEqual({ name: "readyReplicas", valueType: "integer", value: 2 });
  });

  it("fails an order whose rollout fails", async () => {
    const order = await runOrder([], failingSpecificationId);

    expect(order.state).toBe("failed");
    expect(order.errorMessage?.[0]?.message).toContain("failed");
    const name = order.serviceOrderItem[0]!.service.supportingResource![0]!.name!.split("/")[1]!;
    expect(emulator.getDeployment("lulea", name)).toBeUndefined();
  });
});
