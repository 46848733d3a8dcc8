import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { clusterNodeSchema, dns1123LabelSchema, replicaResourceRequests } from "./driver";
import { createSelfSignedCertificate } from "./emulator-certificate";
import { emulatedMetrics } from "./emulator-metrics";
import { discoveryDocuments, matchesLabelSelector, parseLabelSelector, resourceDefinitions, type KubernetesObject } from "./emulator-resources";
import { StatusError, createObjectStore, statusBody } from "./emulator-store";
import { parseInput } from "./errors";
import { parseQuantity } from "./quantity";
import { defaultSimulatedNodes } from "./simulated";

export const kubernetesEmulatorOptionsSchema = z.object({
  /** Name of the cluster, context and (with "-admin") user in the kubeconfig. */
  clusterName: dns1123LabelSchema.default("emulator"),
  /** Bearer token that every request must carry; random when absent. */
  token: z.string().min(1).optional(),
  /** Milliseconds from the start of a rollout until the Deployment is available. */
  readyDelayMs: z.number().int().min(0).default(500),
  /** Artifact names (an image's last path segment, without tag) whose Deployments exceed their progress deadline. */
  failArtifacts: z.array(z.string()).default([]),
  nodes: z.array(clusterNodeSchema).min(1).optional(),
  /** gitVersion that /version reports. */
  version: z.string().regex(/^v\d+\.\d+\.\d+/, 'must look like "v1.31.0"').default("v1.31.0"),
  /** Whether the emulator serves metrics.k8s.io/v1beta1 nodes and pods, as a cluster with metrics-server does. */
  metricsApi: z.boolean().default(true),
  /** Port on 127.0.0.1; 0 lets the operating system choose a free one. */
  port: z.number().int().min(0).max(65535).default(0),
});
export type KubernetesEmulatorOptions = z.input<typeof kubernetesEmulatorOptionsSchema>;

export interface KubernetesEmulator {
  /** Base URL, such as https://127.0.0.1:39001. */
  url: string;
  /** Kubeconfig YAML with the emulator's CA certificate and bearer token. */
  kubeconfig: string;
  token: string;
  clusterName: string;
  /** Returns a copy of the Deployment as the API serves it, with its status, or undefined. */
  getDeployment(namespace: string, name: string): KubernetesObject | undefined;
  getService(namespace: string, name: string): KubernetesObject | undefined;
  getNamespace(name: string): KubernetesObject | undefined;
  /**
   * Fixes the CPU a Deployment's pods use, in place of the modelled load, so that PodMetrics read `percent` of
   * their requests at the current replica count. The load stays the same in millicores when the Deployment is scaled.
   */
  setCpuUtilization(namespace: string, name: string, percent: number): void;
  close(): Promise<void>;
}

const maxBodyBytes = 1024 * 1024;
const applyPatchContentType = "application/apply-patch+yaml";
// A merge patch and a strategic merge patch of {spec: {replicas}} have the same effect on a Scale.
const scalePatchContentTypes = ["application/merge-patch+json", "application/strategic-merge-patch+json"];

const metricsPathPattern = /^\/apis\/metrics\.k8s\.io\/v1beta1(?:\/namespaces\/([^/]+))?\/(nodes|pods)$/;

// /api/v1[/namespaces/{namespace}]/{resource}[/{name}[/status|/scale]], and the same under /apis/apps/v1.
const resourcePathPattern = /^\/(api\/v1|apis\/apps\/v1)(?:\/namespaces\/([^/]+))?\/([a-z]+)(?:\/([^/]+)(?:\/(status|scale))?)?$/;

function sendJson(response: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(code, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) {
      throw new StatusError(413, "RequestEntityTooLarge", `request body exceeds ${maxBodyBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (error) {
    throw new StatusError(400, "BadRequest", `request body is not valid JSON: ${(error as Error).message}`);
  }
}

function kubeconfigYaml(clusterName: string, url: string, caCertificate: string, token: string): string {
  const quote = (value: string) => JSON.stringify(value);
  const user = `${clusterName}-admin`;
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `  - name: ${quote(clusterName)}`,
    "    cluster:",
    `      server: ${quote(url)}`,
    `      certificate-authority-data: ${quote(Buffer.from(caCertificate).toString("base64"))}`,
    "users:",
    `  - name: ${quote(user)}`,
    "    user:",
    `      token: ${quote(token)}`,
    "contexts:",
    `  - name: ${quote(clusterName)}`,
    "    context:",
    `      cluster: ${quote(clusterName)}`,
    `      user: ${quote(user)}`,
    `current-context: ${quote(clusterName)}`,
    "",
  ].join("\n");
}

/**
 * Starts an in-memory HTTPS emulator of the Kubernetes API endpoints that the Kubernetes cluster driver
 * and KubernetesObjectApi use, on 127.0.0.1 with a new self-signed certificate. It serves /version and
 * discovery (/api, /api/v1, /apis, /apis/apps, /apis/apps/v1). Nodes are read-only. Namespaces support
 * get, list, create and delete. Services and deployments support get, list, create, replace, delete and
 * server-side apply, which is a PATCH as application/apply-patch+yaml with a fieldManager and a JSON body.
 * deployments/status supports get, and deployments/scale supports get, replace and merge patch. Every
 * request needs the bearer token. Unless `metricsApi` is false, metrics.k8s.io/v1beta1 serves NodeMetrics and
 * PodMetrics (one pod per available replica) from the simulated cluster's load model. A Deployment's status moves as the controller's would: the new
 * generation is observed after a fifth of `readyDelayMs`, updated replicas come up beside the old ones,
 * and the rollout completes `readyDelayMs` after it started.
 *
 * NOTE: apply keeps no managedFields: it behaves as if one field manager owned every field, merging maps
 * and replacing lists. JSON and strategic merge patches of whole objects, watch, and query parameters
 * other than labelSelector and fieldManager are not supported; such a PATCH returns 415.
 */
export async function startKubernetesEmulator(options: KubernetesEmulatorOptions = {}): Promise<KubernetesEmulator> {
  const settings = parseInput(kubernetesEmulatorOptionsSchema, options, "Kubernetes emulator options", "invalidConfig");
  const token = settings.token ?? randomBytes(24).toString("base64url");
  const expectedAuthorization = Buffer.from(`Bearer ${token}`);
  const certificate = await createSelfSignedCertificate();
  const nodes = settings.nodes ?? defaultSimulatedNodes(settings.clusterName);
  const store = createObjectStore({
    nodes,
    version: settings.version,
    readyDelayMs: settings.readyDelayMs,
    failArtifacts: settings.failArtifacts,
  });
  // CPU set through setCpuUtilization, in millicores for all pods of a Deployment, keyed by "namespace/name".
  const cpuDemandMillicores = new Map<string, number>();

  async function handleResource(request: IncomingMessage, url: URL, match: RegExpExecArray): Promise<[number, unknown]> {
    const [, groupVersion, namespace, resourceName, name, subresource] = match;
    const definition = Object.values(resourceDefinitions).find(
      (candidate) => candidate.name === resourceName && (candidate.group === "apps") === (groupVersion === "apis/apps/v1"),
    );
    if (definition === undefined || (namespace !== undefined && !definition.namespaced)) {
      throw new StatusError(404, "NotFound", "the server could not find the requested resource");
    }
    if (subresource !== undefined && definition.name !== "deployments") {
      throw new StatusError(404, "NotFound", "the server could not find the requested resource");
    }

    const method = request.method ?? "GET";
    const unsupported = () => new StatusError(405, "MethodNotAllowed", `${method} is not supported on this path by the Kubernetes API emulator`);
    if (name === undefined) {
      if (method === "GET") {
        return [200, store.list(definition, namespace, url.searchParams.get("labelSelector"))];
      }
      if (method === "POST" && (namespace !== undefined || !definition.namespaced)) {
        return [201, store.render(definition, store.create(definition, namespace, await readJsonBody(request)))];
      }
      throw unsupported();
    }
    if (subresource === "scale" && namespace !== undefined) {
      return handleScale(request, method, namespace, name);
    }
    if (method === "GET") {
      return [200, store.render(definition, store.findExisting(definition, namespace, name))];
    }
    if (subresource !== undefined || (definition.namespaced && namespace === undefined)) {
      throw unsupported();
    }
    if (method === "PATCH" && definition.verbs.includes("patch")) {
      const contentType = (request.headers["content-type"] ?? "").split(";")[0]?.trim();
      if (contentType !== applyPatchContentType) {
        throw new StatusError(415, "UnsupportedMediaType", `the Kubernetes API emulator supports only ${applyPatchContentType} patches on ${definition.name}, not "${contentType}"`);
      }
      if (!url.searchParams.get("fieldManager")) {
        throw new StatusError(400, "BadRequest", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
      }
      const { object, created } = store.apply(definition, namespace, name, await readJsonBody(request));
      return [created ? 201 : 200, store.render(definition, object)];
    }
    if (method === "PUT" && definition.verbs.includes("update")) {
      return [200, store.render(definition, store.replace(definition, namespace, name, await readJsonBody(request)))];
    }
    if (method === "DELETE" && definition.verbs.includes("delete")) {
      return [200, store.remove(definition, namespace, name)];
    }
    throw unsupported();
  }

  async function handleScale(request: IncomingMessage, method: string, namespace: string, name: string): Promise<[number, unknown]> {
    if (method === "GET") {
      return [200, store.scaleOf(namespace, name)];
    }
    if (method === "PUT" || method === "PATCH") {
      const contentType = (request.headers["content-type"] ?? "").split(";")[0]?.trim();
      if (method === "PATCH" && !scalePatchContentTypes.includes(contentType ?? "")) {
        throw new StatusError(415, "UnsupportedMediaType", `the Kubernetes API emulator supports ${scalePatchContentTypes.join(" and ")} patches on deployments/scale, not "${contentType}"`);
      }
      const body = (await readJsonBody(request)) as { spec?: { replicas?: unknown } } | null;
      store.scale(namespace, name, body?.spec?.replicas);
      return [200, store.scaleOf(namespace, name)];
    }
    throw new StatusError(405, "MethodNotAllowed", `${method} is not supported on deployments/scale by the Kubernetes API emulator`);
  }

  /** Serves NodeMetricsList and PodMetricsList from the load model; pods accept a labelSelector. */
  function handleMetrics(url: URL, namespace: string | undefined, resource: string): [number, unknown] {
    if (!settings.metricsApi) {
      throw new StatusError(404, "NotFound", "the server could not find the requested resource");
    }
    const deployments = (store.list(resourceDefinitions.deployments, undefined, null).items as KubernetesObject[]);
    const { nodeMetrics, podMetrics } = emulatedMetrics(nodes, deployments, Date.now(), cpuDemandMillicores);
    if (resource === "nodes") {
      return [200, nodeMetrics];
    }
    const requirements = parseLabelSelector(url.searchParams.get("labelSelector") ?? "");
    if (typeof requirements === "string") {
      throw new StatusError(400, "BadRequest", requirements);
    }
    const items = podMetrics.items.filter(
      (pod) => (namespace === undefined || pod.metadata.namespace === namespace) && matchesLabelSelector(pod.metadata.labels, requirements),
    );
    return [200, { ...podMetrics, items }];
  }

  function isAuthorized(request: IncomingMessage): boolean {
    const authorization = Buffer.from(request.headers.authorization ?? "");
    return authorization.length === expectedAuthorization.length && timingSafeEqual(authorization, expectedAuthorization);
  }

  async function route(request: IncomingMessage): Promise<[number, unknown]> {
    if (!isAuthorized(request)) {
      throw new StatusError(401, "Unauthorized", "Unauthorized");
    }
    const url = new URL(request.url ?? "/", "https://127.0.0.1");
    const path = url.pathname.replace(/\/$/, "") || "/";

    if (path === "/version" && request.method === "GET") {
      const [, major, minor] = /^v(\d+)\.(\d+)/.exec(settings.version) ?? [];
      return [200, { major, minor, gitVersion: settings.version, platform: "linux/amd64", goVersion: "go1.22.5", compiler: "gc" }];
    }
    if (path in discoveryDocuments && request.method === "GET") {
      return [200, discoveryDocuments[path]];
    }
    const metricsMatch = metricsPathPattern.exec(path);
    if (metricsMatch !== null && request.method === "GET") {
      return handleMetrics(url, metricsMatch[1], metricsMatch[2] as string);
    }
    const match = resourcePathPattern.exec(path);
    if (match === null) {
      throw new StatusError(404, "NotFound", "the server could not find the requested resource");
    }
    return handleResource(request, url, match);
  }

  const server = createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
    route(request)
      .then(([code, body]) => sendJson(response, code, body))
      .catch((error: unknown) => {
        if (error instanceof StatusError) {
          sendJson(response, error.code, statusBody(error.code, error.reason, error.message, error.details));
        } else {
          sendJson(response, 500, statusBody(500, "InternalError", `Kubernetes API emulator failed: ${(error as Error).message}`));
        }
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    kubeconfig: kubeconfigYaml(settings.clusterName, url, certificate.cert, token),
    token,
    clusterName: settings.clusterName,
    getDeployment: (namespace, name) => store.lookup("deployments", namespace, name),
    getService: (namespace, name) => store.lookup("services", namespace, name),
    getNamespace: (name) => store.lookup("namespaces", undefined, name),
    setCpuUtilization(namespace, name, percent) {
      const deployment = store.lookup("deployments", namespace, name);
      if (deployment === undefined) throw new Error(`Deployment "${namespace}/${name}" does not exist in the Kubernetes API emulator`);
      const replicas = (deployment.spec as { replicas?: number }).replicas ?? 1;
      cpuDemandMillicores.set(`${namespace}/${name}`, (percent / 100) * Math.max(replicas, 1) * parseQuantity(replicaResourceRequests.cpu) * 1000);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
