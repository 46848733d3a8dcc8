import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeploymentRequest } from "./driver";
import { startKubernetesEmulator, type KubernetesEmulator } from "./emulator";
import { createKubernetesCluster } from "./kubernetes";
import { createMemoryStore, createSimulatedCluster, defaultSimulatedNodes } from "./simulated";
import { simulatedDeploymentUsage, simulatedUsage } from "./simulated-usage";
import { silentLogger, waitForPhase } from "./test-helpers";

const request: DeploymentRequest = {
  namespace: "lulea",
  name: "video-analytics",
  artifact: { registry: "oci://registry.lulea.cop-pilot.test/charts", name: "video-analytics", version: "1.2.0" },
  replicas: 2,
};
const ref = { namespace: request.namespace, name: request.name };
const mebibyte = 1024 * 1024;

describe("simulated usage model", () => {
  const available = { phase: "available" as const, replicas: 2, readyReplicas: 2 };

  it("keeps deployment use within the modelled ranges", () => {
    for (let minute = 0; minute < 60; minute += 7) {
      const usage = simulatedDeploymentUsage({ ...ref, status: available, fault: undefined }, minute * 60_000);
      expect(usage.cpuMillicores).toBeGreaterThanOrEqual(2 * 20);
      expect(usage.cpuMillicores).toBeLessThanOrEqual(2 * 180);
      expect(usage.memoryBytes).toBeGreaterThanOrEqual(2 * 96 * mebibyte);
      expect(usage.probeLatencyMs).toBeGreaterThanOrEqual(4);
      expect(usage.probeLatencyMs).toBeLessThanOrEqual(24);
      expect(usage.healthy).toBe(true);
    }
  });

  it("returns the same values for the same time", () => {
    const state = { ...ref, status: available, fault: undefined };
    expect(simulatedDeploymentUsage(state, 123_456)).toEqual(simulatedDeploymentUsage(state, 123_456));
  });

  it("marks an unhealthy fault as down with no ready replica", () => {
    const usage = simulatedDeploymentUsage({ ...ref, status: available, fault: { unhealthy: true } }, 0);
    expect(usage.healthy).toBe(false);
    expect(usage.readyReplicas).toBe(0);
    expect(usage.probeLatencyMs).toBeNull();
    expect(usage.cpuMillicores).toBeGreaterThan(0);
  });

  it("reports a fixed probe latency from a slow fault", () => {
    const usage = simulatedDeploymentUsage({ ...ref, status: available, fault: { unhealthy: false, probeLatencyMs: 900 } }, 0);
    expect(usage.probeLatencyMs).toBe(900);
    expect(usage.healthy).toBe(true);
  });

  it("adds pod use to worker nodes only", () => {
    const nodes = defaultSimulatedNodes("lulea-edge");
    const idle = simulatedUsage(nodes, [], 0);
    const busy = simulatedUsage(nodes, [{ ...ref, status: available, fault: undefined }], 0);
    const deploymentCpu = busy.deployments[0]?.cpuMillicores ?? 0;

    const sum = (usage: typeof idle) => usage.nodes.reduce((total, node) => total + (node.cpuUsedMillicores ?? 0), 0);
    expect(sum(busy) - sum(idle)).toBeCloseTo(deploymentCpu, 0);
    expect(busy.nodes[0]?.cpuUsedMillicores).toBe(idle.nodes[0]?.cpuUsedMillicores);
    expect(busy.nodes[0]?.cpuAllocatableMillicores).toBe(3800);
  });
});

describe("simulated cluster usage", () => {
  it("reports deployments and applies faults", async () => {
    const driver = createSimulatedCluster({ name: "lulea-edge", readyDelayMs: 0, store: createMemoryStore(), logger: silentLogger });
    await driver.deploy(request);

    const before = await driver.usage();
    expect(before.nodes.map((node) => node.name)).toEqual(["lulea-edge-control-plane", "lulea-edge-worker-1", "lulea-edge-worker-2"]);
    expect(before.deployments).toMatchObject([{ ...ref, replicas: 2, readyReplicas: 2, healthy: true }]);

    await driver.setDeploymentFault(ref, { unhealthy: true });
    // A new deploy of the same deployment keeps the fault.
    await driver.deploy({ ...request, replicas: 3 });
    const after = await driver.usage();
    expect(after.deployments).toMatchObject([{ ...ref, replicas: 3, readyReplicas: 0, healthy: false }]);

    await driver.setDeploymentFault(ref, undefined);
    expect((await driver.usage()).deployments[0]?.healthy).toBe(true);
  });

  it("rejects a fault on a missing deployment", async () => {
    const driver = createSimulatedCluster({ name: "lulea-edge", store: createMemoryStore(), logger: silentLogger });
    await expect(driver.setDeploymentFault(ref, { unhealthy: true })).rejects.toMatchObject({ code: "notFound" });
  });
});

describe("Kubernetes driver usage", () => {
  let emulator: KubernetesEmulator;
  let withoutMetrics: KubernetesEmulator;

  beforeAll(async () => {
    emulator = await startKubernetesEmulator({ clusterName: "lulea-edge", readyDelayMs: 50 });
    withoutMetrics = await startKubernetesEmulator({ clusterName: "valencia-edge", readyDelayMs: 50, metricsApi: false });
  });

  afterAll(async () => {
    await emulator.close();
    await withoutMetrics.close();
  });

  it("reads node and pod metrics from metrics.k8s.io", async () => {
    const driver = createKubernetesCluster({ kubeconfig: emulator.kubeconfig, logger: silentLogger });
    await driver.deploy(request);
    await waitForPhase(driver, ref, "available");

    const usage = await driver.usage();
    expect(usage.nodes).toHaveLength(3);
    expect(usage.nodes[1]).toMatchObject({ name: "lulea-edge-worker-1", cpuAllocatableMillicores: 7800, memoryAllocatableBytes: 31 * 1024 * mebibyte });
    expect(usage.nodes[1]?.cpuUsedMillicores).toBeGreaterThan(0);
    expect(usage.deployments).toHaveLength(1);
    const [deployment] = usage.deployments;
    expect(deployment).toMatchObject({ ...ref, replicas: 2, readyReplicas: 2, healthy: true, probeLatencyMs: null });
    expect(deployment?.cpuMillicores).toBeGreaterThan(0);
    expect(deployment?.memoryBytes).toBeGreaterThanOrEqual(2 * 96 * mebibyte);
  });

  it("reports null use without a metrics API", async () => {
    const driver = createKubernetesCluster({ kubeconfig: withoutMetrics.kubeconfig, logger: silentLogger });
    await driver.deploy(request);
    await waitForPhase(driver, ref, "available");

    const usage = await driver.usage();
    expect(usage.nodes[0]?.cpuUsedMillicores).toBeNull();
    expect(usage.deployments[0]).toMatchObject({ cpuMillicores: null, memoryBytes: null, healthy: true });
  });
});
