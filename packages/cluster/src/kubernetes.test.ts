import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeploymentRequest } from "./driver";
import { startKubernetesEmulator, type KubernetesEmulator } from "./emulator";
import { createSelfSignedCertificate } from "./emulator-certificate";
import { ClusterError } from "./errors";
import { createClusterDriver } from "./index";
import { createKubernetesCluster } from "./kubernetes";
import { silentLogger, waitForPhase } from "./test-helpers";

const readyDelayMs = 300;

const request: DeploymentRequest = {
  namespace: "lulea",
  name: "video-analytics",
  artifact: { registry: "oci://registry.lulea.cop-pilot.test/charts", name: "video-analytics", version: "1.2.0" },
  replicas: 2,
  config: { LOG_LEVEL: "debug", FRAME_RATE: "25" },
  labels: { "cop-pilot.eu/service-order": "order-42" },
};

let emulator: KubernetesEmulator;

beforeAll(async () => {
  emulator = await startKubernetesEmulator({ clusterName: "lulea-edge", readyDelayMs, failArtifacts: ["broken-detector"] });
});

afterAll(async () => {
  await emulator.close();
});

function createDriver() {
  return createKubernetesCluster({ kubeconfig: emulator.kubeconfig, logger: silentLogger });
}

describe("Kubernetes cluster driver", () => {
  it("describes version and nodes", async () => {
    const info = await createDriver().describe();

    expect(info.name).toBe("lulea-edge");
    expect(info.kind).toBe("kubernetes");
    expect(info.version).toBe("v1.31.0");
    expect(info.nodes).toHaveLength(3);
    expect(info.nodes[0]).toEqual({
      name: "lulea-edge-control-plane",
      roles: ["control-plane"],
      ready: true,
      capacity: { cpu: "4", memory: "16Gi", pods: "110" },
      allocatable: { cpu: "3800m", memory: "15Gi", pods: "110" },
    });
    expect(info.nodes[1]?.roles).toEqual(["worker"]);
  });

  it("creates namespace, Deployment and Service", async () => {
    const ref = await createDriver().deploy(request);

    const deployment = emulator.getDeployment("lulea", "video-analytics") as any;
    const service = emulator.getService("lulea", "video-analytics") as any;
    const container = deployment.spec.template.spec.containers[0];

    expect(ref).toEqual({ namespace: "lulea", name: "video-analytics" });
    expect(emulator.getNamespace("lulea")?.metadata.labels).toEqual({ "app.kubernetes.io/managed-by": "cop-pilot-do" });
    expect(container.image).toBe("registry.lulea.cop-pilot.test/charts/video-analytics:1.2.0");
    expect(container.env).toEqual([
      { name: "LOG_LEVEL", value: "debug" },
      { name: "FRAME_RATE", value: "25" },
    ]);
    expect(container.resources.requests).toEqual({ cpu: "250m", memory: "256Mi" });
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.metadata.labels).toMatchObject({
      "app.kubernetes.io/name": "video-analytics",
      "app.kubernetes.io/managed-by": "cop-pilot-do",
      "cop-pilot.eu/service-order": "order-42",
    });
    expect(service.spec.type).toBe("ClusterIP");
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(service.spec.ports[0]).toMatchObject({ port: 8080, targetPort: "http" });
  });

  it("goes from progressing to available", async () => {
    const driver = createDriver();
    const started = Date.now();
    const ref = await driver.deploy({ ...request, name: "edge-cache" });

    const first = await driver.getDeploymentStatus(ref);
    const available = await waitForPhase(driver, ref, "available");

    expect(first).toMatchObject({ phase: "progressing", replicas: 2, readyReplicas: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(readyDelayMs - 50);
    expect(available).toMatchObject({ replicas: 2, readyReplicas: 2 });
  });

  it("updates an existing Deployment in place", async () => {
    const driver = createDriver();
    const ref = await driver.deploy({ ...request, name: "media-gateway" });
    const uid = emulator.getDeployment("lulea", "media-gateway")?.metadata.uid;
    const clusterIP = (emulator.getService("lulea", "media-gateway") as any).spec.clusterIP;
    await waitForPhase(driver, ref, "available");

    await driver.deploy({ ...request, name: "media-gateway", replicas: 4, artifact: { ...request.artifact, version: "1.3.0" } });
    const updated = emulator.getDeployment("lulea", "media-gateway") as any;

    expect(updated.metadata.uid).toBe(uid);
    expect(updated.metadata.generation).toBe(2);
    expect(updated.spec.replicas).toBe(4);
    expect((emulator.getService("lulea", "media-gateway") as any).spec.clusterIP).toBe(clusterIP);
    expect((await driver.getDeploymentStatus(ref)).phase).toBe("progressing");
    expect((await waitForPhase(driver, ref, "available")).readyReplicas).toBe(4);
  });

  it("reports a rollout past its deadline as failed", async () => {
    const driver = createDriver();
    const ref = await driver.deploy({ ...request, name: "detector", artifact: { ...request.artifact, name: "broken-detector" } });

    const failed = await waitForPhase(driver, ref, "failed");

    expect(failed.readyReplicas).toBe(0);
    expect(failed.message).toMatch(/has timed out progressing/);
  });

  it("deletes Deployment and Service", async () => {
    const driver = createDriver();
    const ref = await driver.deploy({ ...request, name: "short-lived" });

    await driver.deleteDeployment(ref);
    await driver.deleteDeployment(ref);

    expect(emulator.getDeployment("lulea", "short-lived")).toBeUndefined();
    expect(emulator.getService("lulea", "short-lived")).toBeUndefined();
    expect((await driver.getDeploymentStatus(ref)).phase).toBe("notFound");
  });

  it("rejects a wrong token clearly", async () => {
    const driver = createKubernetesCluster({ kubeconfig: emulator.kubeconfig.replace(emulator.token, "wrong-token"), logger: silentLogger });

    const error = await driver.describe().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ClusterError);
    expect((error as ClusterError).code).toBe("unauthorized");
    expect((error as ClusterError).httpStatus).toBe(401);
    expect((error as ClusterError).message).toContain(`Read /version failed: the Kubernetes API server at ${emulator.url} returned HTTP 401: Unauthorized.`);
    expect((error as ClusterError).message).toContain("Check the token");
  });

  it("refuses to overwrite a foreign Deployment", async () => {
    const driver = createDriver();
    await driver.deploy({ ...request, name: "foreign" });
    const foreign = emulator.getDeployment("lulea", "foreign") as any;
    delete foreign.metadata.labels["app.kubernetes.io/managed-by"];
    expect((await fetchEmulator("PUT", "/apis/apps/v1/namespaces/lulea/deployments/foreign", foreign)).status).toBe(200);

    const error = await driver.deploy({ ...request, name: "foreign" }).catch((caught: unknown) => caught);

    expect((error as ClusterError).code).toBe("conflict");
    expect((error as ClusterError).message).toMatch(/Deployment "lulea\/foreign" exists but is not managed by cop-pilot-do/);
  });

  it("carries the API server's message", async () => {
    const driver = createDriver();
    const selector = { matchLabels: { app: "legacy" } };
    const legacy = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "legacy", labels: { "app.kubernetes.io/managed-by": "cop-pilot-do" } },
      spec: { selector, template: { metadata: { labels: { app: "legacy" } }, spec: { containers: [{ name: "main", image: "registry.test/legacy:1" }] } } },
    };
    expect((await fetchEmulator("POST", "/apis/apps/v1/namespaces/lulea/deployments", legacy)).status).toBe(201);

    const error = await driver.deploy({ ...request, name: "legacy" }).catch((caught: unknown) => caught);

    expect((error as ClusterError).code).toBe("invalidRequest");
    expect((error as ClusterError).httpStatus).toBe(422);
    expect((error as ClusterError).message).toMatch(
      /^Apply Deployment "lulea\/legacy" failed: the Kubernetes API server at .* returned HTTP 422 \(Invalid\): Deployment.apps "legacy" is invalid: spec.selector: .*field is immutable\.$/,
    );
  });

  it("reports an unreachable API server", async () => {
    const closed = await startKubernetesEmulator();
    await closed.close();
    const driver = createKubernetesCluster({ kubeconfig: closed.kubeconfig, logger: silentLogger, requestTimeoutMs: 2000 });

    const error = await driver.describe().catch((caught: unknown) => caught);

    expect((error as ClusterError).code).toBe("unreachable");
    expect((error as ClusterError).message).toContain(`cannot reach the Kubernetes API server at ${closed.url}`);
  });

  it("times out on a silent API server", async () => {
    const certificate = await createSelfSignedCertificate();
    // Accepts connections and never replies.
    const silentServer = createServer({ key: certificate.key, cert: certificate.cert }, () => {});
    await new Promise<void>((resolve) => silentServer.listen(0, "127.0.0.1", resolve));
    const server = `https://127.0.0.1:${(silentServer.address() as AddressInfo).port}`;
    const kubeconfig = emulator.kubeconfig
      .replace(emulator.url, server)
      .replace(/certificate-authority-data: .*/, `certificate-authority-data: "${Buffer.from(certificate.cert).toString("base64")}"`);

    try {
      const driver = createKubernetesCluster({ kubeconfig, logger: silentLogger, requestTimeoutMs: 200 });
      const error = await driver.describe().catch((caught: unknown) => caught);

      expect((error as ClusterError).code).toBe("timeout");
      expect((error as ClusterError).message).toBe(`Read /version timed out after 200 ms waiting for the Kubernetes API server at ${server}.`);
    } finally {
      silentServer.closeAllConnections();
      silentServer.close();
    }
  });

  it.each([
    ["malformed YAML", { kubeconfig: "clusters: [" }, /Invalid kubeconfig/],
    ["empty kubeconfig text", { kubeconfig: " \n" }, /Invalid Kubernetes cluster options: kubeconfig: must contain the kubeconfig YAML text/],
    ["unknown context", { context: "missing" }, /context "missing" not found; the kubeconfig defines: lulea-edge/],
    ["missing current-context", { withoutCurrentContext: true }, /Kubeconfig sets no current-context/],
    ["context without cluster", { kubeconfig: "contexts:\n  - name: a\n    context: { cluster: b, user: c }\ncurrent-context: a\n" }, /context "a" refers to a cluster/],
  ])("rejects %s", (_case, change, message) => {
    const { withoutCurrentContext, ...options } = { kubeconfig: emulator.kubeconfig, withoutCurrentContext: false, ...change };
    const kubeconfig = withoutCurrentContext ? options.kubeconfig.replace(/^current-context:.*$/m, "") : options.kubeconfig;

    expect(() => createKubernetesCluster({ ...options, kubeconfig, logger: silentLogger })).toThrow(message);
  });

  it("is created by createClusterDriver", async () => {
    const driver = createClusterDriver({ kind: "kubernetes", kubeconfig: emulator.kubeconfig, context: "lulea-edge", logger: silentLogger });

    expect((await driver.describe()).name).toBe("lulea-edge");
  });
});

async function fetchEmulator(method: string, path: string, body: unknown) {
  const { request: httpsRequest } = await import("node:https");
  const ca = Buffer.from(/certificate-authority-data: "([^"]+)"/.exec(emulator.kubeconfig)?.[1] ?? "", "base64");
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const outgoing = httpsRequest(
      `${emulator.url}${path}`,
      { method, ca, headers: { authorization: `Bearer ${emulator.token}`, "content-type": "application/json" } },
      (response) => {
        let text = "";
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    outgoing.on("error", reject);
    outgoing.end(JSON.stringify(body));
  });
}
