import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { AppsV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterDriver, DeploymentRequest, DeploymentStatus } from "./driver";
import { startKubernetesEmulator, type KubernetesEmulator } from "./emulator";
import { ClusterError } from "./errors";
import { createKubernetesCluster } from "./kubernetes";
import { silentLogger, sleep, waitForPhase } from "./test-helpers";

// Apply, scale and rollout status of the Kubernetes driver. They run against the emulator, or against
// the real cluster of the kubeconfig file that KUBECONFIG_PATH names (KUBE_CONTEXT picks its context),
// in a namespace of their own that they delete afterwards.

const realKubeconfigPath = process.env.KUBECONFIG_PATH || undefined;
// Long enough that each rollout step lasts several polls on a busy machine.
const readyDelayMs = 1000;
const phaseTimeoutMs = realKubeconfigPath ? 180_000 : 5000;
const namespace = `rollout-${randomBytes(3).toString("hex")}`;

const request: DeploymentRequest = {
  namespace,
  name: "pause",
  // A small image that a real cluster can pull and run.
  artifact: { registry: "oci://registry.k8s.io", name: "pause", version: "3.9" },
  replicas: 2,
  config: { MODE: "first" },
};

let emulator: KubernetesEmulator | undefined;
let kubeconfig: string;
let driver: ClusterDriver;
let appsApi: AppsV1Api;

beforeAll(async () => {
  if (realKubeconfigPath) {
    kubeconfig = readFileSync(realKubeconfigPath, "utf8");
  } else {
    emulator = await startKubernetesEmulator({ clusterName: "rollout", readyDelayMs });
    kubeconfig = emulator.kubeconfig;
  }
  driver = createKubernetesCluster({ kubeconfig, context: process.env.KUBE_CONTEXT || undefined, logger: silentLogger });
  const config = new KubeConfig();
  config.loadFromString(kubeconfig);
  if (process.env.KUBE_CONTEXT) config.setCurrentContext(process.env.KUBE_CONTEXT);
  appsApi = config.makeApiClient(AppsV1Api);
  afterAll(async () => {
    await config.makeApiClient(CoreV1Api).deleteNamespace({ name: namespace }).catch(() => undefined);
    await emulator?.close();
  });
}, 30_000);

async function readDeployment(name: string) {
  return appsApi.readNamespacedDeployment({ namespace, name });
}

/** Polls the status until it reaches `phase` and returns the distinct messages seen on the way. */
async function messagesUntil(name: string, phase: DeploymentStatus["phase"]): Promise<string[]> {
  const messages: string[] = [];
  const deadline = Date.now() + phaseTimeoutMs;
  for (;;) {
    const status = await driver.getDeploymentStatus({ namespace, name });
    if (status.message !== undefined && messages.at(-1) !== status.message) messages.push(status.message);
    if (status.phase === phase) return messages;
    if (Date.now() > deadline) throw new Error(`${name} did not reach ${phase}; messages: ${messages.join(" | ")}`);
    await sleep(5);
  }
}

describe.sequential("Kubernetes driver apply, scale and rollout status", () => {
  it("applies a Deployment and Service, then updates them in place", async () => {
    const ref = await driver.deploy(request);
    const created = await readDeployment("pause");
    await waitForPhase(driver, ref, "available", phaseTimeoutMs);

    await driver.deploy({ ...request, config: { MODE: "second" } });
    const updated = await readDeployment("pause");

    expect(created.metadata?.generation).toBe(1);
    expect(created.metadata?.labels?.["app.kubernetes.io/managed-by"]).toBe("cop-pilot-do");
    expect(updated.metadata?.uid).toBe(created.metadata?.uid);
    expect(updated.metadata?.generation).toBe(2);
    expect(updated.spec?.template.spec?.containers[0]?.env).toEqual([{ name: "MODE", value: "second" }]);
    if (emulator) {
      expect((emulator.getService(namespace, "pause")?.spec as { clusterIP?: string }).clusterIP).toMatch(/^10\.96\./);
    }
    await waitForPhase(driver, ref, "available", phaseTimeoutMs);
  }, phaseTimeoutMs * 3);

  it("reports each rollout step as kubectl rollout status does", async () => {
    await driver.deploy({ ...request, config: { MODE: "third" } });

    const messages = await messagesUntil("pause", "available");

    expect(messages.at(-1)).toBe("2 of 2 replicas available.");
    if (emulator) {
      // The emulator moves through every step; a real cluster may pass some between two polls.
      expect(messages).toContain("Waiting for the Deployment controller to observe generation 3.");
      expect(messages.some((message) => /^Waiting for rollout: [01] of 2 replicas updated\.$/.test(message))).toBe(true);
      expect(messages.some((message) => /old replicas pending termination/.test(message))).toBe(true);
    }
  }, phaseTimeoutMs * 2);

  it("scales a Deployment through its scale subresource", async () => {
    const before = await readDeployment("pause");

    await driver.scale({ namespace, name: "pause" }, 3);
    const scaled = await readDeployment("pause");
    const available = await waitForPhase(driver, { namespace, name: "pause" }, "available", phaseTimeoutMs);

    expect(scaled.spec?.replicas).toBe(3);
    expect(scaled.metadata?.generation).toBe((before.metadata?.generation ?? 0) + 1);
    expect(scaled.spec?.template).toEqual(before.spec?.template);
    expect(available).toMatchObject({ replicas: 3, readyReplicas: 3 });
  }, phaseTimeoutMs * 2);

  it("refuses to scale a missing Deployment or to a negative count", async () => {
    const missing = await driver.scale({ namespace, name: "absent" }, 1).catch((error: unknown) => error);
    const negative = await driver.scale({ namespace, name: "pause" }, -1).catch((error: unknown) => error);

    expect((missing as ClusterError).code).toBe("notFound");
    expect((negative as ClusterError).code).toBe("invalidRequest");
    expect((await readDeployment("pause")).spec?.replicas).toBe(3);
  });
});
