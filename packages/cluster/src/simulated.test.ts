import { describe, expect, it } from "vitest";
import type { DeploymentRequest } from "./driver";
import { ClusterError } from "./errors";
import { createClusterDriver } from "./index";
import { createMemoryStore, createSimulatedCluster, simulatedKubernetesVersion } from "./simulated";
import { silentLogger, waitForPhase } from "./test-helpers";

const request: DeploymentRequest = {
  namespace: "lulea",
  name: "video-analytics",
  artifact: { registry: "oci://registry.lulea.cop-pilot.test/charts", name: "video-analytics", version: "1.2.0" },
  replicas: 3,
  config: { LOG_LEVEL: "debug" },
};

function createCluster(options: { readyDelayMs?: number; failArtifacts?: string[] } = {}) {
  const store = createMemoryStore();
  const driver = createSimulatedCluster({ name: "lulea", readyDelayMs: 50, store, logger: silentLogger, ...options });
  return { store, driver };
}

describe("simulated cluster", () => {
  it("describes default nodes and version", async () => {
    const { driver } = createCluster();

    const info = await driver.describe();

    expect(info.kind).toBe("simulated");
    expect(info.version).toBe(simulatedKubernetesVersion);
    expect(info.nodes.map((node) => node.roles)).toEqual([["control-plane"], ["worker"], ["worker"]]);
    expect(info.nodes.every((node) => node.ready)).toBe(true);
    expect(info.nodes[1]?.capacity).toEqual({ cpu: "8", memory: "32Gi", pods: "110" });
    expect(info.allocated).toEqual({ cpu: "0", memory: "0", pods: "0" });
  });

  it("becomes available after the delay", async () => {
    const { driver } = createCluster();
    const started = Date.now();

    const ref = await driver.deploy(request);
    const first = await driver.getDeploymentStatus(ref);
    const available = await waitForPhase(driver, ref, "available");

    expect(ref).toEqual({ namespace: "lulea", name: "video-analytics" });
    expect(first.phase).toBe("progressing");
    expect(first.readyReplicas).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    expect(available).toMatchObject({ replicas: 3, readyReplicas: 3 });
  });

  it("is available at once with zero delay", async () => {
    const { driver } = createCluster({ readyDelayMs: 0 });

    const ref = await driver.deploy(request);

    expect((await driver.getDeploymentStatus(ref)).phase).toBe("available");
  });

  it("fails for a fail-listed artifact", async () => {
    const { driver } = createCluster({ failArtifacts: ["video-analytics"] });

    const ref = await driver.deploy(request);
    const failed = await waitForPhase(driver, ref, "failed");

    expect(failed.readyReplicas).toBe(0);
    expect(failed.message).toContain('Artifact "video-analytics" is in the failArtifacts list');
  });

  it("fails when simulateFailure is set", async () => {
    const { driver } = createCluster();

    const ref = await driver.deploy({ ...request, simulateFailure: true });
    const failed = await waitForPhase(driver, ref, "failed");

    expect(failed.message).toContain("simulateFailure");
  });

  it("survives a restart over the same store", async () => {
    const { store, driver } = createCluster();
    const ref = await driver.deploy(request);

    const restarted = createSimulatedCluster({ name: "lulea", readyDelayMs: 50, store, logger: silentLogger });
    const statusAfterRestart = await restarted.getDeploymentStatus(ref);
    const available = await waitForPhase(restarted, ref, "available");

    expect(statusAfterRestart.phase).toBe("progressing");
    expect(available.readyReplicas).toBe(3);
  });

  it("keeps clusters apart in one store", async () => {
    const { store, driver } = createCluster();
    const ref = await driver.deploy(request);

    const other = createSimulatedCluster({ name: "oulu", store, logger: silentLogger });

    expect((await other.getDeploymentStatus(ref)).phase).toBe("notFound");
    expect((await other.describe()).allocated?.pods).toBe("0");
  });

  it("updates an existing deployment and restarts its rollout", async () => {
    const { driver } = createCluster();
    const ref = await driver.deploy(request);
    await waitForPhase(driver, ref, "available");

    await driver.deploy(request);
    const unchanged = await driver.getDeploymentStatus(ref);
    await driver.deploy({ ...request, replicas: 5 });
    const changed = await driver.getDeploymentStatus(ref);

    expect(unchanged.phase).toBe("available");
    expect(changed).toMatchObject({ phase: "progressing", replicas: 5 });
    expect(changed.message).toContain("generation 2");
    expect((await waitForPhase(driver, ref, "available")).readyReplicas).toBe(5);
  });

  it("scales a deployment and keeps the rest of it", async () => {
    const { driver, store } = createCluster();
    const ref = await driver.deploy(request);
    await waitForPhase(driver, ref, "available");

    await driver.scale(ref, 3);
    const unchanged = await driver.getDeploymentStatus(ref);
    await driver.scale(ref, 1);
    const scaled = await driver.getDeploymentStatus(ref);
    const [record] = (await store.list()) as { replicas: number; generation: number; config: Record<string, string> }[];

    expect(unchanged.phase).toBe("available");
    expect(scaled).toMatchObject({ phase: "progressing", replicas: 1 });
    expect(record).toMatchObject({ replicas: 1, generation: 2, config: { LOG_LEVEL: "debug" } });
    expect((await waitForPhase(driver, ref, "available")).readyReplicas).toBe(1);
  });

  it("refuses to scale a missing deployment or to a negative count", async () => {
    const { driver } = createCluster();
    const ref = await driver.deploy(request);

    const missing = await driver.scale({ ...ref, name: "absent" }, 2).catch((error: unknown) => error);
    const negative = await driver.scale(ref, -2).catch((error: unknown) => error);

    expect((missing as ClusterError).code).toBe("notFound");
    expect((negative as ClusterError).code).toBe("invalidRequest");
  });

  it("reports allocated resources", async () => {
    const { driver } = createCluster();
    await driver.deploy(request);
    await driver.deploy({ ...request, name: "edge-cache", replicas: 1 });

    const info = await driver.describe();

    expect(info.allocated).toEqual({ cpu: "1", memory: "1Gi", pods: "4" });
  });

  it("deletes a deployment and ignores absent ones", async () => {
    const { store, driver } = createCluster();
    const ref = await driver.deploy(request);

    await driver.deleteDeployment(ref);
    await driver.deleteDeployment(ref);

    expect((await driver.getDeploymentStatus(ref)).phase).toBe("notFound");
    expect(await store.list()).toEqual([]);
  });

  it("rejects an invalid request with the field", async () => {
    const { driver } = createCluster();

    const attempt = driver.deploy({ ...request, replicas: -2 });

    await expect(attempt).rejects.toThrow(ClusterError);
    await expect(attempt).rejects.toThrow(/Invalid deployment request: replicas/);
  });

  it("rejects a corrupt stored record", async () => {
    const { store, driver } = createCluster();
    const ref = await driver.deploy(request);
    const record = (await store.get("lulea/lulea/video-analytics")) as Record<string, unknown>;
    await store.put("lulea/lulea/video-analytics", { ...record, replicas: "three" } as never);

    await expect(driver.getDeploymentStatus(ref)).rejects.toThrow(/Stored record "lulea\/lulea\/video-analytics".*replicas/);
  });

  it("is created by createClusterDriver", async () => {
    const driver = createClusterDriver({ kind: "simulated", name: "lulea", readyDelayMs: 0, store: createMemoryStore(), logger: silentLogger });

    const ref = await driver.deploy(request);

    expect((await driver.getDeploymentStatus(ref)).phase).toBe("available");
  });

  it("rejects a configuration without store", () => {
    expect(() => createClusterDriver({ kind: "simulated", name: "lulea" } as never)).toThrow(/Invalid cluster driver configuration: store/);
  });
});
