import { request as httpsRequest } from "node:https";
import { KubeConfig, KubernetesObjectApi, type V1Deployment } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKubernetesEmulator, type KubernetesEmulator } from "./emulator";

let emulator: KubernetesEmulator;
let certificateAuthority: Buffer;

beforeAll(async () => {
  emulator = await startKubernetesEmulator({ token: "test-token", readyDelayMs: 0 });
  certificateAuthority = Buffer.from(/certificate-authority-data: "([^"]+)"/.exec(emulator.kubeconfig)?.[1] ?? "", "base64");
});

afterAll(async () => {
  await emulator.close();
});

async function send(method: string, path: string, body?: unknown, token = emulator.token, contentType = "application/json") {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const outgoing = httpsRequest(
      `${emulator.url}${path}`,
      { method, ca: certificateAuthority, headers: { authorization: `Bearer ${token}`, "content-type": contentType } },
      (response) => {
        let text = "";
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

function deployment(name: string, labels: Record<string, string> = {}): V1Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "main", image: `registry.test/${name}:1.0.0` }] } },
    },
  };
}

describe("Kubernetes API emulator", () => {
  it("rejects requests without the token", async () => {
    const response = await send("GET", "/version", undefined, "other");

    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ kind: "Status", reason: "Unauthorized", code: 401 });
  });

  it("serves discovery to KubernetesObjectApi", async () => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(emulator.kubeconfig);
    const client = KubernetesObjectApi.makeApiClient(kubeConfig);
    await send("POST", "/apis/apps/v1/namespaces/default/deployments", deployment("discovered"));

    const read = await client.read({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "discovered", namespace: "default" } });

    expect(read.metadata?.uid).toBeTruthy();
    expect((read as V1Deployment).status?.availableReplicas).toBe(1);
  });

  it("rejects selector not matching template", async () => {
    const body = deployment("mismatched");
    body.spec!.selector.matchLabels = { app: "other" };

    const response = await send("POST", "/apis/apps/v1/namespaces/default/deployments", body);

    expect(response.status).toBe(422);
    expect(response.body.reason).toBe("Invalid");
    expect(response.body.message).toContain('Deployment.apps "mismatched" is invalid');
  });

  it("rejects a create in a missing namespace", async () => {
    const response = await send("POST", "/apis/apps/v1/namespaces/absent/deployments", deployment("orphan"));

    expect(response.status).toBe(404);
    expect(response.body.message).toBe('namespaces "absent" not found');
  });

  it("rejects a duplicate create", async () => {
    await send("POST", "/apis/apps/v1/namespaces/default/deployments", deployment("twice"));

    const response = await send("POST", "/apis/apps/v1/namespaces/default/deployments", deployment("twice"));

    expect(response.status).toBe(409);
    expect(response.body.reason).toBe("AlreadyExists");
  });

  it("rejects a replace with a stale resourceVersion", async () => {
    const created = await send("POST", "/apis/apps/v1/namespaces/default/deployments", deployment("versioned"));
    const stale = { ...created.body, metadata: { ...created.body.metadata } };
    await send("PUT", "/apis/apps/v1/namespaces/default/deployments/versioned", created.body);

    const response = await send("PUT", "/apis/apps/v1/namespaces/default/deployments/versioned", stale);

    expect(response.status).toBe(409);
    expect(response.body.reason).toBe("Conflict");
    expect(response.body.message).toContain("the object has been modified");
  });

  it("filters lists by label selector", async () => {
    await send("POST", "/apis/apps/v1/namespaces/default/deployments", deployment("labelled", { tier: "edge" }));

    const matching = await send("GET", "/apis/apps/v1/namespaces/default/deployments?labelSelector=tier%3Dedge");
    const setBased = await send("GET", "/apis/apps/v1/namespaces/default/deployments?labelSelector=tier%20in%20(edge)");

    expect(matching.body.kind).toBe("DeploymentList");
    expect(matching.body.items.map((item: V1Deployment) => item.metadata?.name)).toEqual(["labelled"]);
    expect(setBased.status).toBe(400);
  });

  it("answers a JSON patch with 415", async () => {
    const response = await send("PATCH", "/apis/apps/v1/namespaces/default/deployments/labelled", {});

    expect(response.status).toBe(415);
    expect(response.body.message).toContain("supports only application/apply-patch+yaml patches");
  });

  it("requires a fieldManager for apply", async () => {
    const response = await send("PATCH", "/apis/apps/v1/namespaces/default/deployments/applied", deployment("applied"), emulator.token, "application/apply-patch+yaml");

    expect(response.status).toBe(400);
    expect(response.body.message).toContain("fieldManager: Required value");
  });

  it("applies a Deployment: creates it, then merges fields and bumps the generation", async () => {
    const path = "/apis/apps/v1/namespaces/default/deployments/applied?fieldManager=test&force=true";
    const created = await send("PATCH", path, deployment("applied"), emulator.token, "application/apply-patch+yaml");
    const unchanged = await send("PATCH", path, deployment("applied"), emulator.token, "application/apply-patch+yaml");
    const scaled = await send("PATCH", path, { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "applied", labels: { tier: "edge" } }, spec: { replicas: 3 } }, emulator.token, "application/apply-patch+yaml");

    expect(created.status).toBe(201);
    expect(created.body.metadata.generation).toBe(1);
    expect(unchanged.status).toBe(200);
    expect(unchanged.body.metadata.generation).toBe(1);
    expect(scaled.body.metadata.generation).toBe(2);
    expect(scaled.body.spec.replicas).toBe(3);
    expect(scaled.body.metadata.labels).toEqual({ tier: "edge" });
    expect(scaled.body.spec.template.spec.containers[0].image).toBe(created.body.spec.template.spec.containers[0].image);
  });

  it("reads and patches the scale subresource", async () => {
    await send("POST", "/apis/apps/v1/namespaces/default/deployments", deployment("scalable"));
    const path = "/apis/apps/v1/namespaces/default/deployments/scalable/scale";

    const patched = await send("PATCH", path, { spec: { replicas: 4 } }, emulator.token, "application/merge-patch+json");
    const read = await send("GET", path);
    const invalid = await send("PUT", path, { spec: { replicas: -1 } });

    expect(patched.status).toBe(200);
    expect(read.body).toMatchObject({ apiVersion: "autoscaling/v1", kind: "Scale", spec: { replicas: 4 } });
    expect(emulator.getDeployment("default", "scalable")?.metadata.generation).toBe(2);
    expect(invalid.status).toBe(422);
  });

  it("answers unknown paths with 404", async () => {
    const response = await send("GET", "/apis/batch/v1/jobs");

    expect(response.status).toBe(404);
    expect(response.body.message).toBe("the server could not find the requested resource");
  });
});
