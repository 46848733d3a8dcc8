import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeploymentRequest } from "./driver";
import { startKubernetesEmulator, type KubernetesEmulator } from "./emulator";
import { ClusterError } from "./errors";
import { createKubernetesCluster } from "./kubernetes";
import { createMemoryStore, createSimulatedCluster } from "./simulated";
import { silentLogger, waitForPhase } from "./test-helpers";

const request: DeploymentRequest = {
  namespace: "lulea",
  name: "video-analytics",
  artifact: { registry: "oci://registry.lulea.cop-pilot.test/charts", name: "video-analytics", version: "1.2.0" },
  replicas: 1,
};
const ref = { namespace: "lulea", name: "video-analytics" };

describe("simulated cluster metrics", () => {
  function createDriver() {
    return createSimulatedCluster({ name: "lulea-edge", readyDelayMs: 0, store: createMemoryStore(), logger: silentLogger });
  }

  it("reports the modelled load, the same figure that usage() reports, until a figure is set", async () => {
    const driver = createDriver();
    await driver.deploy(request);

    const metrics = await driver.getDeploymentMetrics(ref);
    const usage = (await driver.usage()).deployments.find((deployment) => deployment.name === ref.name);

    expect(metrics.source).toBe("simulated");
    expect(metrics.cpuUtilizationPercent).toBeGreaterThan(0);
    expect(metrics.cpuUtilizationPercent).toBeLessThan(100);
    // Both read the same model; the load moves slowly, so two reads a moment apart agree within a point.
    expect(Math.abs((metrics.cpuUtilizationPercent ?? 0) - ((usage?.cpuMillicores ?? 0) / 250) * 100)).toBeLessThan(1);
  });

  it("reports the figure that was set, spread over more replicas after a scale", async () => {
    const driver = createDriver();
    await driver.deploy(request);

    await driver.setCpuUtilization(ref, 90);
    expect((await driver.getDeploymentMetrics(ref)).cpuUtilizationPercent).toBe(90);

    await driver.scale(ref, 3);
    const scaled = await driver.getDeploymentMetrics(ref);
    expect(scaled.cpuUtilizationPercent).toBe(30);
    expect(scaled.replicas).toBe(3);
  });

  it("keeps the figure when a deploy updates the deployment", async () => {
    const driver = createDriver();
    await driver.deploy(request);
    await driver.setCpuUtilization(ref, 60);

    await driver.deploy({ ...request, config: { LOG_LEVEL: "debug" } });

    expect((await driver.getDeploymentMetrics(ref)).cpuUtilizationPercent).toBe(60);
  });

  it("reports null while no replica is ready", async () => {
    const driver = createSimulatedCluster({ name: "lulea-edge", readyDelayMs: 60_000, store: createMemoryStore(), logger: silentLogger });
    await driver.deploy(request);

    const metrics = await driver.getDeploymentMetrics(ref);

    expect(metrics.cpuUtilizationPercent).toBeNull();
    expect(metrics.readyReplicas).toBe(0);
  });

  it("rejects an unknown deployment and a percentage above 100", async () => {
    const driver = createDriver();
    await expect(driver.getDeploymentMetrics(ref)).rejects.toMatchObject({ code: "notFound" });

    await driver.deploy(request);
    await expect(driver.setCpuUtilization(ref, 120)).rejects.toBeInstanceOf(ClusterError);
  });
});

describe("Kubernetes driver metrics", () => {
  let emulator: KubernetesEmulator;
  let withoutMetrics: KubernetesEmulator;

  beforeAll(async () => {
    emulator = await startKubernetesEmulator({ clusterName: "lulea-edge", readyDelayMs: 50 });
    withoutMetrics = await startKubernetesEmulator({ clusterName: "bare", readyDelayMs: 50, metricsApi: false });
  });

  afterAll(async () => {
    await emulator.close();
    await withoutMetrics.close();
  });

  it("reads CPU use from metrics.k8s.io", async () => {
    const driver = createKubernetesCluster({ kubeconfig: emulator.kubeconfig, logger: silentLogger });
    await driver.deploy(request);
    await waitForPhase(driver, ref, "available");

    const modelled = (await driver.getDeploymentMetrics(ref)).cpuUtilizationPercent;
    expect(modelled).toBeGreaterThan(0);
    expect(modelled).toBeLessThan(100);

    emulator.setCpuUtilization("lulea", "video-analytics", 90);
    const hot = await driver.getDeploymentMetrics(ref);
    expect(hot).toEqual({ cpuUtilizationPercent: 90, replicas: 1, readyReplicas: 1, source: "metrics.k8s.io" });

    await driver.scale(ref, 3);
    await waitForPhase(driver, ref, "available");
    expect((await driver.getDeploymentMetrics(ref)).cpuUtilizationPercent).toBe(30);
  });

  it("reports null when the cluster serves no metrics API", async () => {
    const driver = createKubernetesCluster({ kubeconfig: withoutMetrics.kubeconfig, logger: silentLogger });
    await driver.deploy(request);
    await waitForPhase(driver, ref, "available");

    const metrics = await driver.getDeploymentMetrics(ref);

    expect(metrics.cpuUtilizationPercent).toBeNull();
    expect(metrics.source).toMatch(/no metrics.k8s.io API/);
  });

  it("rejects an unknown deployment", async () => {
    const driver = createKubernetesCluster({ kubeconfig: emulator.kubeconfig, logger: silentLogger });

    await expect(driver.getDeploymentMetrics({ namespace: "lulea", name: "missing" })).rejects.toMatchObject({ code: "notFound" });
  });
});
